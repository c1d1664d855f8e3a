"""Meetings, their participants, consent and SIP plan items in SQL. Callers open the
session (one per turn or job) and check access; these functions only read and write.

A participant's other meetings are found by who they are: a staff user id for
those who use the bot, a lower-case e-mail address for everyone else. Participant
rows carry copies of their meeting's times (written with it, moved with it), and
the indexes (staff_user_id, starts_at) and (email, starts_at) keep the clash query
to the rows in its window among tens of thousands.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select, union, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.meeting_model import (
    ACCEPTED,
    ACTION,
    BOOKED,
    CANCELLED,
    DECLINED,
    KALLAD,
    MAX_MINUTES,
    PENDING,
    Interval,
    participant_key,
)
from storage.meeting_records import (
    ConsentRecord,
    MeetingDraft,
    MeetingRecord,
    ParticipantDraft,
    ParticipantRecord,
    PlanItemDraft,
    PlanItemRecord,
)
from storage.models import Client, Consent, Meeting, MeetingParticipant, PlanItem, StaffUser

FOLLOW_UP_DUE, FOLLOW_UP_ASKED, FOLLOW_UP_RECORDED = "due", "asked", "recorded"
OPEN, DONE = "open", "done"


def new_uid() -> str:
    return f"{uuid.uuid4()}@samverkansboten"


def _participant(row: Any) -> ParticipantRecord:
    return ParticipantRecord(
        id=row.id,
        meeting_id=row.meeting_id,
        staff_user_id=row.staff_user_id,
        name=row.name,
        email=row.email,
        agency=row.agency,
        agency_kind=row.agency_kind,
        role=row.role,
        source=row.source,
        organizer=row.organizer,
        answer=row.answer,
        proposed_start=row.proposed_start,
        answered_at=row.answered_at,
    )


def _meeting(row: Meeting, code: str, participants: Sequence[ParticipantRecord]) -> MeetingRecord:
    return MeetingRecord(
        id=row.id,
        uid=row.uid,
        sequence=row.sequence,
        client_code=code,
        organizer_user_id=row.organizer_user_id,
        starts_at=row.starts_at,
        ends_at=row.ends_at,
        timezone=row.timezone,
        purpose=row.purpose,
        questions=tuple(q for q in row.questions.split("\n") if q),
        place=row.place,
        online_url=row.online_url,
        status=row.status,
        follow_up=row.follow_up,
        previous_meeting_id=row.previous_meeting_id,
        status_card_activity_id=row.status_card_activity_id,
        status_card_conversation_id=row.status_card_conversation_id,
        participants=tuple(participants),
    )


async def create_meeting(
    session: AsyncSession,
    *,
    draft: MeetingDraft,
    client_id: int,
    organizer: ParticipantDraft,
    organizer_user_id: int,
    now: datetime,
) -> int:
    """The meeting with the organizer (accepted) and every participant (pending)."""
    interval = draft.interval
    meeting = Meeting(
        uid=new_uid(),
        sequence=0,
        client_id=client_id,
        organizer_user_id=organizer_user_id,
        starts_at=interval.start,
        ends_at=interval.end,
        timezone=draft.timezone,
        purpose=draft.purpose,
        questions="\n".join(draft.questions),
        place=draft.place,
        online_url=draft.online_url,
        status=BOOKED,
        follow_up=FOLLOW_UP_DUE,
        previous_meeting_id=draft.previous_meeting_id,
        created_at=now,
        updated_at=now,
    )
    session.add(meeting)
    await session.flush()
    rows = [_participant_row(meeting.id, interval, organizer, organizer=True, now=now)]
    rows += [
        _participant_row(meeting.id, interval, p, organizer=False, now=now)
        for p in draft.participants
    ]
    session.add_all(rows)
    await session.flush()
    return meeting.id


def _participant_row(
    meeting_id: int,
    interval: Interval,
    draft: ParticipantDraft,
    *,
    organizer: bool,
    now: datetime,
) -> MeetingParticipant:
    return MeetingParticipant(
        meeting_id=meeting_id,
        starts_at=interval.start,
        ends_at=interval.end,
        staff_user_id=draft.staff_user_id,
        name=draft.name,
        email=draft.email.lower() if draft.email else None,
        agency=draft.agency,
        agency_kind=draft.agency_kind,
        role=KALLAD if organizer else draft.role,
        source=draft.source,
        organizer=organizer,
        answer=ACCEPTED if organizer else PENDING,
        answered_at=now if organizer else None,
    )


async def get_meeting(session: AsyncSession, meeting_id: int) -> MeetingRecord | None:
    found = await _meetings(session, Meeting.id == meeting_id)
    return found[0] if found else None


async def _meetings(
    session: AsyncSession, *conditions: Any, order: Any = None, limit: int | None = None
) -> list[MeetingRecord]:
    query = (
        select(Meeting, Client.code)
        .join(Client, Client.id == Meeting.client_id)
        .where(*conditions)
        .order_by(order if order is not None else Meeting.starts_at, Meeting.id)
    )
    if limit is not None:
        query = query.limit(limit)
    rows = (await session.execute(query)).all()
    if not rows:
        return []
    ids = [meeting.id for meeting, _ in rows]
    people: dict[int, list[ParticipantRecord]] = {i: [] for i in ids}
    found = await session.execute(
        select(*MeetingParticipant.__table__.c)
        .where(MeetingParticipant.meeting_id.in_(ids))
        .order_by(MeetingParticipant.organizer.desc(), MeetingParticipant.id)
    )
    for row in found:
        people[row.meeting_id].append(_participant(row))
    return [_meeting(meeting, code, people[meeting.id]) for meeting, code in rows]


async def busy_between(
    session: AsyncSession,
    *,
    staff_ids: Iterable[int],
    emails: Iterable[str],
    window: Interval,
    exclude_meeting_id: int | None = None,
) -> list[tuple[str, str, str, Interval]]:
    """(who, their name, client code, interval) for each booked meeting in the
    window that one of these people is asked to and has not declined.

    One SELECT per way of naming people (staff ids, e-mail addresses), joined by
    UNION, each reading its people's participant rows in the window by index. With
    the two OR-ed in one SELECT, SQLite started from every meeting in the window
    instead (bench/meetings.py)."""
    staff = sorted(set(staff_ids))
    mail = sorted({e.lower() for e in emails if e})
    window_conditions = [
        # The participant row's copies of the meeting's times, with a lower bound on
        # the start too (no meeting is longer than MAX_MINUTES): one index range per
        # person, (staff_user_id, starts_at) or (email, starts_at).
        MeetingParticipant.starts_at > window.start - timedelta(minutes=MAX_MINUTES),
        MeetingParticipant.starts_at < window.end,
        MeetingParticipant.ends_at > window.start,
        MeetingParticipant.answer != DECLINED,
        Meeting.status == BOOKED,
    ]
    if exclude_meeting_id is not None:
        window_conditions.append(Meeting.id != exclude_meeting_id)

    def side(who: Any) -> Any:
        return (
            select(
                MeetingParticipant.id,
                MeetingParticipant.name,
                MeetingParticipant.staff_user_id,
                MeetingParticipant.email,
                Client.code,
                Meeting.starts_at,
                Meeting.ends_at,
            )
            .select_from(MeetingParticipant)
            .join(Meeting, Meeting.id == MeetingParticipant.meeting_id)
            .join(Client, Client.id == Meeting.client_id)
            .where(who, *window_conditions)
        )

    sides = []
    if staff:
        sides.append(side(MeetingParticipant.staff_user_id.in_(staff)))
    if mail:
        sides.append(side(MeetingParticipant.email.in_(mail)))
    if not sides:
        return []
    query = union(*sides) if len(sides) > 1 else sides[0]
    rows = (await session.execute(query)).all()
    rows.sort(key=lambda r: r.starts_at)
    return [
        (
            participant_key(r.staff_user_id, r.email),
            r.name,
            r.code,
            Interval(r.starts_at, r.ends_at),
        )
        for r in rows
    ]


async def set_answer(
    session: AsyncSession,
    *,
    meeting_id: int,
    participant_id: int,
    answer: str,
    proposed_start: datetime | None,
    now: datetime,
) -> None:
    await session.execute(
        update(MeetingParticipant)
        .where(MeetingParticipant.id == participant_id, MeetingParticipant.meeting_id == meeting_id)
        .values(answer=answer, proposed_start=proposed_start, answered_at=now)
    )


async def move_meeting(
    session: AsyncSession, meeting_id: int, interval: Interval, now: datetime
) -> None:
    """A new time: the calendar sequence grows and everyone but the organizer is
    asked again."""
    await session.execute(
        update(Meeting)
        .where(Meeting.id == meeting_id)
        .values(
            starts_at=interval.start,
            ends_at=interval.end,
            sequence=Meeting.sequence + 1,
            follow_up=FOLLOW_UP_DUE,
            updated_at=now,
        )
    )
    await session.execute(
        update(MeetingParticipant)
        .where(MeetingParticipant.meeting_id == meeting_id)
        .values(starts_at=interval.start, ends_at=interval.end)
    )
    await session.execute(
        update(MeetingParticipant)
        .where(
            MeetingParticipant.meeting_id == meeting_id,
            MeetingParticipant.organizer.is_(False),
        )
        .values(answer=PENDING, proposed_start=None, answered_at=None)
    )


async def cancel_meeting(session: AsyncSession, meeting_id: int, now: datetime) -> None:
    await session.execute(
        update(Meeting)
        .where(Meeting.id == meeting_id)
        .values(status=CANCELLED, sequence=Meeting.sequence + 1, updated_at=now)
    )


async def set_status_card(
    session: AsyncSession, meeting_id: int, activity_id: str, conversation_id: str
) -> None:
    await session.execute(
        update(Meeting)
        .where(Meeting.id == meeting_id)
        .values(status_card_activity_id=activity_id, status_card_conversation_id=conversation_id)
    )


async def set_follow_up(
    session: AsyncSession, meeting_id: int, state: str, *, only_from: str | None = None
) -> bool:
    """Set the follow-up state; with `only_from`, only when it is still that state
    (a claim: of two instances updating the same row, one gets it)."""
    conditions = [Meeting.id == meeting_id]
    if only_from is not None:
        conditions.append(Meeting.follow_up == only_from)
    result = await session.execute(
        update(Meeting).where(*conditions).values(follow_up=state).returning(Meeting.id)
    )
    return result.scalar_one_or_none() is not None


async def upcoming_for_user(
    session: AsyncSession, user_id: int, now: datetime, limit: int = 20
) -> list[MeetingRecord]:
    """Booked meetings not yet over that the user organizes or is asked to (and has
    not declined), soonest first."""
    mine = (
        select(MeetingParticipant.meeting_id)
        .where(MeetingParticipant.staff_user_id == user_id, MeetingParticipant.answer != DECLINED)
        .scalar_subquery()
    )
    return await _meetings(
        session,
        Meeting.id.in_(mine),
        Meeting.status == BOOKED,
        Meeting.ends_at > now,
        limit=limit,
    )


async def meetings_for_client(
    session: AsyncSession, client_id: int, now: datetime, *, past: int = 3
) -> tuple[list[MeetingRecord], list[MeetingRecord]]:
    """(upcoming booked, the last `past` held) for one client."""
    upcoming = await _meetings(
        session, Meeting.client_id == client_id, Meeting.status == BOOKED, Meeting.ends_at > now
    )
    held = await _meetings(
        session,
        Meeting.client_id == client_id,
        Meeting.status == BOOKED,
        Meeting.ends_at <= now,
        order=Meeting.starts_at.desc(),
        limit=past,
    )
    return upcoming, held


async def due_follow_ups(
    session: AsyncSession,
    now: datetime,
    since: datetime,
    limit: int,
    organizer_user_id: int | None = None,
) -> list[MeetingRecord]:
    """Meetings that ended after `since` and whose organizer has not yet been asked
    what was decided (older ones are not asked about: after a long outage, a
    question about a meeting weeks ago is noise)."""
    return await _meetings(
        session,
        Meeting.status == BOOKED,
        Meeting.follow_up == FOLLOW_UP_DUE,
        Meeting.ends_at <= now,
        Meeting.ends_at > since,
        Meeting.organizer_user_id.is_not(None)
        if organizer_user_id is None
        else Meeting.organizer_user_id == organizer_user_id,
        order=Meeting.ends_at,
        limit=limit,
    )


async def latest_held(
    session: AsyncSession,
    now: datetime,
    *,
    client_id: int | None = None,
    organizer_user_id: int | None = None,
    not_recorded: bool = False,
) -> MeetingRecord | None:
    """The most recent booked meeting that has started: a client's, or one the
    user organized (only those without a recorded outcome, when asked)."""
    conditions: list[Any] = [Meeting.status == BOOKED, Meeting.starts_at <= now]
    if client_id is not None:
        conditions.append(Meeting.client_id == client_id)
    if organizer_user_id is not None:
        conditions.append(Meeting.organizer_user_id == organizer_user_id)
    if not_recorded:
        conditions.append(Meeting.follow_up != FOLLOW_UP_RECORDED)
    found = await _meetings(session, *conditions, order=Meeting.starts_at.desc(), limit=1)
    return found[0] if found else None


# -- consent -----------------------------------------------------------------------
def _consent(row: Consent, recorded_by: str | None) -> ConsentRecord:
    return ConsentRecord(
        party=row.agency_kind,
        state=row.state,
        decided_on=row.decided_on,
        scope=row.scope,
        form_ref=row.form_ref,
        recorded_at=row.recorded_at,
        recorded_by=recorded_by,
    )


async def lock_consents(session: AsyncSession, client_id: int) -> None:
    """Hold the client's row until commit, so that two decisions about its consent
    are checked one after the other (PostgreSQL; SQLite begins immediate anyway)."""
    await session.execute(select(Client.id).where(Client.id == client_id).with_for_update())


async def current_consents(session: AsyncSession, client_id: int) -> dict[str, ConsentRecord]:
    """The newest decision per party."""
    newest = (
        select(Consent.agency_kind, func.max(Consent.id).label("id"))
        .where(Consent.client_id == client_id)
        .group_by(Consent.agency_kind)
        .subquery()
    )
    rows = await session.execute(
        select(Consent, StaffUser.name)
        .join(newest, newest.c.id == Consent.id)
        .outerjoin(StaffUser, StaffUser.id == Consent.recorded_by_user_id)
    )
    return {row.agency_kind: _consent(row, name) for row, name in rows}


async def consent_history(
    session: AsyncSession, client_id: int, limit: int
) -> tuple[ConsentRecord, ...]:
    """The client's consent decisions, newest first."""
    rows = await session.execute(
        select(Consent, StaffUser.name)
        .outerjoin(StaffUser, StaffUser.id == Consent.recorded_by_user_id)
        .where(Consent.client_id == client_id)
        .order_by(Consent.id.desc())
        .limit(limit)
    )
    return tuple(_consent(row, name) for row, name in rows)


async def add_consent(
    session: AsyncSession,
    *,
    client_id: int,
    party: str,
    state: str,
    decided_on: date,
    form_ref: str,
    user_id: int,
    now: datetime,
) -> None:
    session.add(
        Consent(
            client_id=client_id,
            agency_kind=party,
            state=state,
            decided_on=decided_on,
            scope="",
            form_ref=form_ref,
            recorded_by_user_id=user_id,
            recorded_at=now,
        )
    )
    await session.flush()


# -- the SIP plan --------------------------------------------------------------------
def _item(row: PlanItem, code: str) -> PlanItemRecord:
    return PlanItemRecord(
        id=row.id,
        client_code=code,
        meeting_id=row.meeting_id,
        kind=row.kind,
        text=row.text,
        owner_name=row.owner_name,
        owner_user_id=row.owner_user_id,
        due_on=row.due_on,
        status=row.status,
    )


async def add_plan_items(
    session: AsyncSession,
    *,
    client_id: int,
    client_code: str,
    meeting_id: int | None,
    items: Sequence[PlanItemDraft],
    user_id: int,
    now: datetime,
) -> list[PlanItemRecord]:
    rows = [
        PlanItem(
            client_id=client_id,
            meeting_id=meeting_id,
            kind=item.kind,
            text=item.text,
            owner_name=item.owner_name,
            owner_user_id=item.owner_user_id,
            due_on=item.due_on,
            status=OPEN,
            created_by_user_id=user_id,
            created_at=now,
        )
        for item in items
    ]
    session.add_all(rows)
    await session.flush()
    return [_item(row, client_code) for row in rows]


async def open_plan_items(
    session: AsyncSession, client_id: int, client_code: str, kinds: Sequence[str] = (ACTION,)
) -> list[PlanItemRecord]:
    rows = await session.scalars(
        select(PlanItem)
        .where(PlanItem.client_id == client_id, PlanItem.status == OPEN, PlanItem.kind.in_(kinds))
        .order_by(PlanItem.due_on.is_(None), PlanItem.due_on, PlanItem.id)
    )
    return [_item(row, client_code) for row in rows]


async def get_plan_item(session: AsyncSession, item_id: int) -> tuple[PlanItemRecord, int] | None:
    """The item and its client id."""
    row = (
        await session.execute(
            select(PlanItem, Client.code)
            .join(Client, Client.id == PlanItem.client_id)
            .where(PlanItem.id == item_id)
        )
    ).one_or_none()
    if row is None:
        return None
    item, code = row
    return _item(item, code), item.client_id


async def mark_plan_item_done(session: AsyncSession, item_id: int, now: datetime) -> bool:
    result = await session.execute(
        update(PlanItem)
        .where(PlanItem.id == item_id, PlanItem.status == OPEN)
        .values(status=DONE, done_at=now)
        .returning(PlanItem.id)
    )
    return result.scalar_one_or_none() is not None
