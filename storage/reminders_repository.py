"""Reminders and their occurrences: created, listed, cancelled, snoozed, and claimed
for delivery so that no occurrence goes out twice, however many instances run.

Claiming is one transaction: on PostgreSQL `SELECT … FOR UPDATE SKIP LOCKED`, then
UPDATE the rows it locked (a second dispatcher skips them instead of waiting); on
SQLite every transaction starts with BEGIN IMMEDIATE (storage/db.py), so the one
writer makes the same two statements atomic. A claim is a lease: the row's
next_attempt_at becomes the lease's end, and if the instance dies before it marks
the row, the row is claimable again once the lease has run out. A live instance
extends the lease of the claims it still works on (extend_claims), and hands back
claims it will not get to soon (release_claims). Every mark is fenced by the claim
(state claimed, claimed_by this instance), so a dispatcher that lost its lease
changes nothing. The dispatcher marks each occurrence in a short transaction of its
own as soon as its send is answered (bot/reminder_dispatcher.py).

Each occurrence has an idempotency key, f"{reminder_id}:{due_at:%Y%m%dT%H%M%SZ}"
(snoozes: f"{reminder_id}:snooze-of-{occurrence_id}"), so planning the next
occurrence twice is a no-op. Times are aware UTC; dtstart_local is the naive
wall clock of the reminder's time zone, stored as ISO text.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, exists, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.personnummer import contains_personnummer
from core.preferences import known_timezone
from core.rate_limit import conversation_key
from core.recurrence import next_occurrence, validate_rule
from storage.models import ConversationReferenceRow, Reminder, ReminderOccurrence, StaffUser
from storage.records import ClaimedOccurrence, OccurrenceRecord, ReminderRecord
from storage.upsert import insert_for

ACTIVE, DONE, CANCELLED = "active", "done", "cancelled"
PENDING, CLAIMED, SENT, MISSED, FAILED = "pending", "claimed", "sent", "missed", "failed"
OPEN_STATES = (PENDING, CLAIMED)
MAX_TEXT = 500


def occurrence_key(reminder_id: int, due_at: datetime) -> str:
    return f"{reminder_id}:{due_at.astimezone(UTC):%Y%m%dT%H%M%SZ}"


def snooze_key(reminder_id: int, occurrence_id: int) -> str:
    """One snooze per occurrence: a double click on Snooza adds nothing."""
    return f"{reminder_id}:snooze-of-{occurrence_id}"


def is_snooze_key(key: str) -> bool:
    return ":snooze-of-" in key


def _zone(name: str) -> ZoneInfo:
    zone = known_timezone(name)
    if zone is None:
        raise ValueError(f"unknown time zone {name!r}")
    return ZoneInfo(zone)


def _reminder_record(
    row: Reminder, next_id: int | None = None, next_due: datetime | None = None
) -> ReminderRecord:
    return ReminderRecord(
        id=row.id,
        owner_user_id=row.owner_user_id,
        recipient_user_id=row.recipient_user_id,
        conversation_id=row.conversation_id,
        text=row.text,
        timezone=row.timezone,
        rule=row.rule,
        dtstart_local=datetime.fromisoformat(row.dtstart_local),
        kind=row.kind,
        status=row.status,
        created_at=row.created_at,
        updated_at=row.updated_at,
        next_occurrence_id=next_id,
        next_due_at=next_due,
    )


def _occurrence_record(row: ReminderOccurrence) -> OccurrenceRecord:
    return OccurrenceRecord(
        id=row.id,
        reminder_id=row.reminder_id,
        due_at=row.due_at,
        idempotency_key=row.idempotency_key,
        state=row.state,
        attempts=row.attempts,
        next_attempt_at=row.next_attempt_at,
        late=row.late,
        sent_at=row.sent_at,
        activity_id=row.activity_id,
        last_error=row.last_error,
    )


async def _add_occurrence(
    session: AsyncSession, reminder_id: int, due_at: datetime, key: str, now: datetime
) -> int | None:
    """Insert a pending occurrence; None when its key exists already."""
    table = ReminderOccurrence.__table__
    # RETURNING, not rowcount: psycopg reports -1 for INSERT … ON CONFLICT DO NOTHING.
    return await session.scalar(
        insert_for(session, table)
        .values(
            reminder_id=reminder_id,
            due_at=due_at,
            idempotency_key=key,
            state=PENDING,
            attempts=0,
            next_attempt_at=due_at,
            late=False,
            created_at=now,
        )
        .on_conflict_do_nothing(index_elements=[table.c.idempotency_key])
        .returning(table.c.id)
    )


async def create_reminder(
    session: AsyncSession,
    *,
    owner_user_id: int,
    text: str,
    timezone: str,
    now: datetime,
    at: datetime | None = None,
    rule: str | None = None,
    dtstart_local: datetime | None = None,
    recipient_user_id: int | None = None,
    conversation_id: str | None = None,
    kind: str = "personal",
    subject: str | None = None,
) -> ReminderRecord:
    """A one-time reminder (at) or a recurring one (rule + dtstart_local), with its
    first pending occurrence. It goes to a user or to a conversation, not both."""
    text = text.strip()
    if not text or len(text) > MAX_TEXT:
        raise ValueError(f"a reminder text needs 1 to {MAX_TEXT} characters")
    if contains_personnummer(text):  # the dialogs refuse it first; this is the backstop
        raise ValueError("a reminder text must not hold a personnummer")
    if (recipient_user_id is None) == (conversation_id is None):
        raise ValueError("a reminder goes to a recipient user or to a conversation")
    tz = _zone(timezone)
    if rule is None:
        if at is None or at.tzinfo is None:
            raise ValueError("a one-time reminder needs an aware `at`")
        first: datetime | None = at.astimezone(UTC)
        start = at.astimezone(tz).replace(tzinfo=None)
    else:
        if dtstart_local is None:
            raise ValueError("a recurring reminder needs dtstart_local")
        validate_rule(rule, dtstart_local)
        start = dtstart_local
        first = next_occurrence(rule, start, tz, after=now)
        if first is None:
            raise ValueError("the rule has no occurrence after now")
        first = first.astimezone(UTC)
    row = Reminder(
        owner_user_id=owner_user_id,
        recipient_user_id=recipient_user_id,
        conversation_id=conversation_id,
        text=text,
        timezone=timezone,
        rule=rule,
        dtstart_local=start.isoformat(timespec="seconds"),
        kind=kind,
        status=ACTIVE,
        created_at=now,
        updated_at=now,
        subject=subject,
    )
    session.add(row)
    await session.flush()
    occurrence_id = await _add_occurrence(
        session, row.id, first, occurrence_key(row.id, first), now
    )
    return _reminder_record(row, occurrence_id, first)


async def get_reminder(session: AsyncSession, reminder_id: int) -> ReminderRecord | None:
    row = await session.get(Reminder, reminder_id)
    if row is None:
        return None
    return (await _with_next(session, [row]))[0]


async def get_occurrence(session: AsyncSession, occurrence_id: int) -> OccurrenceRecord | None:
    row = await session.get(ReminderOccurrence, occurrence_id)
    return _occurrence_record(row) if row else None


async def list_active_for_user(session: AsyncSession, user_id: int) -> list[ReminderRecord]:
    """Active reminders the user set or receives, the soonest first. The reminders the
    bot made for a meeting's participants (owned by its organizer) are theirs alone."""
    rows = (
        await session.scalars(
            select(Reminder).where(
                Reminder.status == ACTIVE,
                or_(
                    Reminder.recipient_user_id == user_id,
                    and_(Reminder.owner_user_id == user_id, Reminder.subject.is_(None)),
                ),
            )
        )
    ).all()
    records = await _with_next(session, rows)
    far = datetime.max.replace(tzinfo=UTC)
    return sorted(records, key=lambda r: (r.next_due_at or far, r.id))


async def _with_next(session: AsyncSession, rows: Iterable[Reminder]) -> list[ReminderRecord]:
    rows = list(rows)
    if not rows:
        return []
    upcoming = await session.execute(
        select(ReminderOccurrence.reminder_id, ReminderOccurrence.id, ReminderOccurrence.due_at)
        .where(
            ReminderOccurrence.reminder_id.in_([r.id for r in rows]),
            ReminderOccurrence.state.in_(OPEN_STATES),
        )
        .order_by(ReminderOccurrence.due_at.desc(), ReminderOccurrence.id.desc())
    )
    soonest = {reminder_id: (oid, due) for reminder_id, oid, due in upcoming}  # last wins
    return [_reminder_record(row, *soonest.get(row.id, (None, None))) for row in rows]


@dataclass(frozen=True)
class Actor:
    """Who presses a reminder's button or types its command, and where: the turn's
    staff user, conversation and AAD tenant (the bot layer fills it in)."""

    user_id: int
    conversation_id: str | None
    tenant_id: str | None


def same_tenant(a: str | None, b: str | None) -> bool:
    return (a or "").strip().lower() == (b or "").strip().lower()


async def _may_act(
    session: AsyncSession, reminder: Reminder, actor: Actor, *, team_may: bool
) -> bool:
    """Within the reminder's tenant (its owner's): its recipient; its owner, unless the
    bot made it for someone else (a meeting's reminder belongs to the participant, not
    the organizer); and, with team_may, whoever acts in the team reminder's own
    conversation (any thread of its channel). To everyone else it does not exist:
    ids are sequential, so a submit from another chat must address nothing."""
    tenant = await session.scalar(
        select(StaffUser.tenant_id).where(StaffUser.id == reminder.owner_user_id)
    )
    if not same_tenant(tenant, actor.tenant_id):
        return False
    if actor.user_id == reminder.recipient_user_id:
        return True
    if actor.user_id == reminder.owner_user_id and reminder.subject is None:
        return True
    if not team_may or reminder.conversation_id is None or actor.conversation_id is None:
        return False
    return conversation_key(actor.conversation_id) == conversation_key(reminder.conversation_id)


async def _cancel_open(session: AsyncSession, *conditions: Any) -> None:
    await session.execute(
        update(ReminderOccurrence)
        .where(ReminderOccurrence.state == PENDING, *conditions)
        .values(state=CANCELLED)
    )


async def cancel(session: AsyncSession, reminder_id: int, by: Actor, now: datetime) -> bool:
    """Cancel the reminder and its pending occurrences; only its owner or recipient may."""
    reminder = await session.get(Reminder, reminder_id)
    if reminder is None or not await _may_act(session, reminder, by, team_may=False):
        return False
    reminder.status = CANCELLED
    reminder.updated_at = now
    await _cancel_open(session, ReminderOccurrence.reminder_id == reminder_id)
    return True


async def cancel_about(
    session: AsyncSession, subject: str, now: datetime, *, recipient_user_id: int | None = None
) -> int:
    """Cancel the active reminders the bot made about `subject` ("meeting:42"), all
    or one recipient's, with their pending occurrences. Returns how many."""
    conditions = [Reminder.subject == subject, Reminder.status == ACTIVE]
    if recipient_user_id is not None:
        conditions.append(Reminder.recipient_user_id == recipient_user_id)
    ids = list(await session.scalars(select(Reminder.id).where(*conditions)))
    if not ids:
        return 0
    await session.execute(
        update(Reminder).where(Reminder.id.in_(ids)).values(status=CANCELLED, updated_at=now)
    )
    await _cancel_open(session, ReminderOccurrence.reminder_id.in_(ids))
    return len(ids)


async def _occurrence_and_reminder(
    session: AsyncSession, occurrence_id: int
) -> tuple[ReminderOccurrence, Reminder] | None:
    occurrence = await session.get(ReminderOccurrence, occurrence_id)
    if occurrence is None:
        return None
    reminder = await session.get(Reminder, occurrence.reminder_id)
    return (occurrence, reminder) if reminder else None


async def complete_occurrence(
    session: AsyncSession, occurrence_id: int, by: Actor, now: datetime
) -> bool:
    """Klar: a one-time reminder is done; for a recurring one this occurrence is
    (skipped if still pending, and) its snooze is dropped; the rule goes on."""
    found = await _occurrence_and_reminder(session, occurrence_id)
    if found is None or not await _may_act(session, found[1], by, team_may=True):
        return False
    occurrence, reminder = found
    if reminder.status == CANCELLED:
        return False
    reminder.updated_at = now
    if reminder.rule is None:
        reminder.status = DONE
        await _cancel_open(session, ReminderOccurrence.reminder_id == reminder.id)
        return True
    await _cancel_open(
        session, ReminderOccurrence.idempotency_key == snooze_key(reminder.id, occurrence.id)
    )
    if occurrence.state == PENDING:
        occurrence.state = CANCELLED
        await _plan_next(session, reminder, _Finished.of(occurrence), occurrence.due_at, now)
    return True


async def snooze(
    session: AsyncSession, occurrence_id: int, until: datetime, by: Actor, now: datetime
) -> OccurrenceRecord | None:
    """A new pending one-time occurrence at `until` for the same reminder (once per
    occurrence). A still pending occurrence is moved rather than doubled."""
    found = await _occurrence_and_reminder(session, occurrence_id)
    if found is None or not await _may_act(session, found[1], by, team_may=True):
        return None
    occurrence, reminder = found
    if reminder.status == CANCELLED:
        return None
    if until.tzinfo is None:
        raise ValueError("snooze needs an aware `until`")
    key = snooze_key(reminder.id, occurrence.id)
    await _add_occurrence(session, reminder.id, until.astimezone(UTC), key, now)
    reminder.status = ACTIVE
    reminder.updated_at = now
    if occurrence.state == PENDING:
        occurrence.state = CANCELLED
        if reminder.rule is not None and not is_snooze_key(occurrence.idempotency_key):
            # The regular occurrences go on after the snoozed one.
            await _plan_next(
                session, reminder, _Finished.of(occurrence), max(occurrence.due_at, until), now
            )
    snoozed = await session.scalar(
        select(ReminderOccurrence).where(ReminderOccurrence.idempotency_key == key)
    )
    return _occurrence_record(snoozed) if snoozed else None


@dataclass(frozen=True)
class _Finished:
    """What planning needs of the occurrence that just ended."""

    id: int
    reminder_id: int
    idempotency_key: str

    @classmethod
    def of(cls, row: Any) -> _Finished:
        return cls(row.id, row.reminder_id, row.idempotency_key)


async def _plan_next(
    session: AsyncSession,
    reminder: Reminder,
    finished: _Finished,
    resume_after: datetime,
    now: datetime,
) -> None:
    """After an occurrence is over: the rule's next one, or the reminder is done."""
    if reminder.status != ACTIVE:
        return
    if reminder.rule is not None:
        if is_snooze_key(finished.idempotency_key):
            return  # the regular occurrences have their own pending row
        tz = _zone(reminder.timezone)
        start = datetime.fromisoformat(reminder.dtstart_local)
        upcoming = next_occurrence(reminder.rule, start, tz, after=resume_after)
        if upcoming is not None:
            upcoming = upcoming.astimezone(UTC)
            key = occurrence_key(reminder.id, upcoming)
            await _add_occurrence(session, reminder.id, upcoming, key, now)
            return
    still_open = await session.scalar(
        select(
            exists().where(
                ReminderOccurrence.reminder_id == reminder.id,
                ReminderOccurrence.state.in_(OPEN_STATES),
                ReminderOccurrence.id != finished.id,
            )
        )
    )
    if not still_open:
        reminder.status = DONE
        reminder.updated_at = now


# -- delivery -------------------------------------------------------------------


def _unreachable_recipient() -> Any:
    """The recipient got 403/404 and has not written since."""
    return exists().where(
        StaffUser.id == Reminder.recipient_user_id,
        StaffUser.unreachable_since.is_not(None),
        StaffUser.last_seen_at <= StaffUser.unreachable_since,
    )


def due_statement(
    now: datetime,
    limit: int,
    recipient_user_id: int | None = None,
    *,
    busy_users: Collection[int] = (),
    busy_conversations: Collection[str] = (),
) -> Any:
    """The due (or lease-expired) occurrences, oldest first, locked, skipping locked
    ones: one range on ix_reminder_occurrences_state_next_attempt_at per state.
    recipient_user_id narrows it to one person's (the terminal chat delivers its own);
    busy_users and busy_conversations leave out the recipients this instance is still
    sending to, so that one slow conversation is never claimed twice over."""
    only_recipient = (
        [Reminder.recipient_user_id == recipient_user_id] if recipient_user_id is not None else []
    )
    if busy_users:
        only_recipient.append(
            or_(
                Reminder.recipient_user_id.is_(None),
                Reminder.recipient_user_id.not_in(list(busy_users)),
            )
        )
    if busy_conversations:
        only_recipient.append(
            or_(
                Reminder.recipient_user_id.is_not(None),
                Reminder.conversation_id.is_(None),
                Reminder.conversation_id.not_in(list(busy_conversations)),
            )
        )
    return (
        select(ReminderOccurrence.id)
        .join(Reminder, Reminder.id == ReminderOccurrence.reminder_id)
        .where(
            ReminderOccurrence.state.in_(OPEN_STATES),
            ReminderOccurrence.next_attempt_at <= now,
            ~_unreachable_recipient(),
            *only_recipient,
        )
        .order_by(ReminderOccurrence.next_attempt_at, ReminderOccurrence.id)
        .limit(limit)
        .with_for_update(skip_locked=True, of=ReminderOccurrence)
    )


async def claim_due(
    session: AsyncSession,
    now: datetime,
    *,
    instance_id: str,
    limit: int,
    lease: timedelta,
    recipient_user_id: int | None = None,
    busy_users: Collection[int] = (),
    busy_conversations: Collection[str] = (),
) -> list[ClaimedOccurrence]:
    """Claim up to `limit` due occurrences (and expired leases) for this instance,
    none of the busy recipients' (see due_statement)."""
    statement = due_statement(
        now,
        limit,
        recipient_user_id,
        busy_users=busy_users,
        busy_conversations=busy_conversations,
    )
    ids = (await session.scalars(statement)).all()
    if not ids:
        return []
    await session.execute(
        update(ReminderOccurrence)
        .where(ReminderOccurrence.id.in_(ids))
        .values(
            state=CLAIMED,
            claimed_by=instance_id,
            claim_expires_at=now + lease,
            next_attempt_at=now + lease,
            attempts=ReminderOccurrence.attempts + 1,
        )
        .execution_options(synchronize_session=False)
    )
    return await _claimed_details(session, ids)


async def extend_claims(
    session: AsyncSession, ids: Collection[int], *, instance_id: str, until: datetime
) -> set[int]:
    """Move the lease of this instance's claims among ids to `until` (fenced like the
    marks); the ids it still holds."""
    if not ids:
        return set()
    rows = await session.scalars(
        update(ReminderOccurrence)
        .where(
            ReminderOccurrence.id.in_(list(ids)),
            ReminderOccurrence.state == CLAIMED,
            ReminderOccurrence.claimed_by == instance_id,
        )
        .values(claim_expires_at=until, next_attempt_at=until)
        .returning(ReminderOccurrence.id)
        .execution_options(synchronize_session=False)
    )
    return set(rows.all())


async def release_claims(
    session: AsyncSession, ids: Collection[int], *, instance_id: str, due_again_at: datetime
) -> int:
    """Hand back claims this instance has not started on: pending again from
    due_again_at, the attempt the claim counted not counted. How many it released."""
    if not ids:
        return 0
    rows = await session.scalars(
        update(ReminderOccurrence)
        .where(
            ReminderOccurrence.id.in_(list(ids)),
            ReminderOccurrence.state == CLAIMED,
            ReminderOccurrence.claimed_by == instance_id,
        )
        .values(
            state=PENDING,
            claimed_by=None,
            claim_expires_at=None,
            next_attempt_at=due_again_at,
            attempts=ReminderOccurrence.attempts - 1,
        )
        .returning(ReminderOccurrence.id)
        .execution_options(synchronize_session=False)
    )
    return len(rows.all())


async def _claimed_details(session: AsyncSession, ids: list[int]) -> list[ClaimedOccurrence]:
    rows = (
        await session.execute(
            select(ReminderOccurrence, Reminder)
            .join(Reminder, Reminder.id == ReminderOccurrence.reminder_id)
            .where(ReminderOccurrence.id.in_(ids))
            .order_by(ReminderOccurrence.due_at, ReminderOccurrence.id)
            .execution_options(populate_existing=True)
        )
    ).all()
    user_ids = {r.owner_user_id for _, r in rows} | {
        r.recipient_user_id for _, r in rows if r.recipient_user_id is not None
    }
    users = {
        u.id: u
        for u in (await session.scalars(select(StaffUser).where(StaffUser.id.in_(user_ids))))
    }
    personal = await _personal_references(session, list(user_ids))
    conversations = await _conversation_references(
        session, {r.conversation_id for _, r in rows if r.conversation_id is not None}
    )
    claimed: list[ClaimedOccurrence] = []
    for occurrence, reminder in rows:
        owner = users[reminder.owner_user_id]
        if reminder.recipient_user_id is not None:
            recipient = users[reminder.recipient_user_id]
            reference_row = personal.get(recipient.id)
            speaker = recipient
        else:
            reference_row = conversations.get(reminder.conversation_id or "")
            speaker = owner
        claimed.append(
            ClaimedOccurrence(
                occurrence_id=occurrence.id,
                reminder_id=reminder.id,
                idempotency_key=occurrence.idempotency_key,
                due_at=occurrence.due_at,
                attempts=occurrence.attempts,
                text=reminder.text,
                kind=reminder.kind,
                timezone=reminder.timezone,
                rule=reminder.rule,
                dtstart_local=datetime.fromisoformat(reminder.dtstart_local),
                owner_user_id=owner.id,
                owner_name=owner.name,
                recipient_user_id=reminder.recipient_user_id,
                conversation_id=reference_row.conversation_id if reference_row else None,
                reference=json.loads(reference_row.reference_json) if reference_row else None,
                tenant_id=(reference_row.tenant_id if reference_row else None) or speaker.tenant_id,
                locale=speaker.locale,
                language=speaker.language,
            )
        )
    return claimed


async def _personal_references(
    session: AsyncSession, user_ids: list[int]
) -> dict[int, ConversationReferenceRow]:
    """Each user's 1:1 chat with the bot, the most recently seen one."""
    if not user_ids:
        return {}
    rows = await session.scalars(
        select(ConversationReferenceRow)
        .where(
            ConversationReferenceRow.user_id.in_(user_ids),
            ConversationReferenceRow.conversation_type == "personal",
        )
        .order_by(ConversationReferenceRow.updated_at)
    )
    return {row.user_id: row for row in rows if row.user_id is not None}  # newest wins


async def _conversation_references(
    session: AsyncSession, conversation_ids: set[str]
) -> dict[str, ConversationReferenceRow]:
    if not conversation_ids:
        return {}
    rows = await session.scalars(
        select(ConversationReferenceRow).where(
            ConversationReferenceRow.conversation_id.in_(conversation_ids)
        )
    )
    return {row.conversation_id: row for row in rows}


async def _finish(
    session: AsyncSession, occurrence_id: int, instance_id: str, **values: Any
) -> _Finished | None:
    """Apply values if this instance still holds the claim (one fenced UPDATE whose
    RETURNING carries what planning needs); None when it no longer does."""
    row = (
        await session.execute(
            update(ReminderOccurrence)
            .where(
                ReminderOccurrence.id == occurrence_id,
                ReminderOccurrence.state == CLAIMED,
                ReminderOccurrence.claimed_by == instance_id,
            )
            .values(claim_expires_at=None, **values)
            .returning(
                ReminderOccurrence.id,
                ReminderOccurrence.reminder_id,
                ReminderOccurrence.idempotency_key,
            )
            .execution_options(synchronize_session=False)
        )
    ).one_or_none()
    return _Finished.of(row) if row is not None else None


async def _finish_and_plan(
    session: AsyncSession,
    occurrence_id: int,
    instance_id: str,
    resume_after: datetime | None,
    now: datetime,
    **values: Any,
) -> bool:
    occurrence = await _finish(session, occurrence_id, instance_id, **values)
    if occurrence is None:
        return False
    reminder = await session.get(Reminder, occurrence.reminder_id)
    if reminder is not None:
        await _plan_next(session, reminder, occurrence, resume_after or now, now)
    return True


async def mark_sent(
    session: AsyncSession,
    occurrence_id: int,
    *,
    instance_id: str,
    at: datetime,
    activity_id: str | None,
    late: bool,
    resume_after: datetime | None = None,
) -> bool:
    """Delivered. False when this instance no longer holds the claim."""
    return await _finish_and_plan(
        session,
        occurrence_id,
        instance_id,
        resume_after,
        at,
        state=SENT,
        sent_at=at,
        activity_id=activity_id,
        late=late,
        last_error=None,
    )


async def mark_missed(
    session: AsyncSession,
    occurrence_id: int,
    *,
    instance_id: str,
    at: datetime,
    resume_after: datetime,
    note: str | None = None,
    activity_id: str | None = None,
) -> bool:
    """Too old to deliver: recorded (activity_id: the summary that told of it)."""
    return await _finish_and_plan(
        session,
        occurrence_id,
        instance_id,
        resume_after,
        at,
        state=MISSED,
        sent_at=at if activity_id else None,
        activity_id=activity_id,
        last_error=note,
    )


async def mark_failed(
    session: AsyncSession, occurrence_id: int, *, instance_id: str, at: datetime, error: str
) -> bool:
    """Given up (a permanent error, or too many attempts); the rule goes on."""
    return await _finish_and_plan(
        session, occurrence_id, instance_id, None, at, state=FAILED, last_error=error
    )


async def mark_retry(
    session: AsyncSession,
    occurrence_id: int,
    *,
    instance_id: str,
    next_attempt_at: datetime,
    error: str,
) -> bool:
    """A transient failure: pending again from next_attempt_at."""
    occurrence = await _finish(
        session,
        occurrence_id,
        instance_id,
        state=PENDING,
        claimed_by=None,
        next_attempt_at=next_attempt_at,
        last_error=error,
    )
    return occurrence is not None


async def mark_unreachable(session: AsyncSession, user_id: int, now: datetime) -> None:
    """403/404 to the user's chat: hold their occurrences until they write again."""
    await session.execute(
        update(StaffUser).where(StaffUser.id == user_id).values(unreachable_since=now)
    )
