"""What the chat side does with resursgruppsmöten: one transaction per call, access
checked and audited inside it (the same discipline as storage/ssd_service.py).

- Booking needs read access to the client (its care team or unit manager). The
  meeting, its participants and their reminders are written together or not at all.
- Answering needs only to be asked: someone from another agency who was invited
  sees that meeting and nothing else of the client.
- Rescheduling and cancelling are for the organizer and the client's coordinators.
- Reminders are ordinary reminder rows (storage/reminders_repository.py) with the
  subject "meeting:<id>", 24 hours and 1 hour before, to each participant who uses
  the bot and has not declined; declining, moving or cancelling cancels them.
- Action items become reminders ("action:<id>") at 08:00 on their due date for
  their owner when the owner uses the bot, otherwise for the organizer.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import TypeVar
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Action, ClientFacts, described_role, may
from core.clock import Clock
from core.consent_model import (
    HISTORY_SHOWN,
    PARTIES,
    STATES,
    check_change,
    clean_form_ref,
    missing_consent,
)
from core.errors import UserInputError
from core.i18n import language_for, t
from core.meeting_ics import Agenda, IcsMeeting, IcsPerson, ics_file_name, meeting_calendar
from core.meeting_model import (
    ACTION,
    ANSWERS,
    BOOKED,
    DECLINED,
    FROM_STAFF,
    GOAL,
    KALLAD,
    MAX_PARTICIPANTS,
    MAX_PLAN_ITEMS,
    MAX_PLAN_TEXT,
    PLAN_KINDS,
    PROPOSED,
    REMINDER_LEADS,
    SEARCH_DAYS,
    SUGGESTIONS,
    Interval,
)
from core.meeting_request import check_minutes
from core.meeting_slots import Busy, free_slots, is_working_time
from core.meeting_text import describe_slot
from core.ssd_model import looks_like_personnummer, normalise_client_code
from storage import meeting_repository as repo
from storage import reminders_repository as reminders
from storage import ssd_repository as ssd_repo
from storage.audited_work import AuditedWork, JoinDemo
from storage.client_access import client_access
from storage.db import Database
from storage.meeting_records import (
    BookingCheck,
    Clash,
    ClientMeetings,
    ConsentView,
    MeetingDraft,
    MeetingRecord,
    MyMeetings,
    ParticipantDraft,
    ParticipantRecord,
    PlanItemDraft,
    PlanItemRecord,
)
from storage.models import CareTeamMember, Client, Contact, StaffUser
from storage.records import ClientRecord, ConversationRecord
from storage.users_repository import personal_conversations_for

T = TypeVar("T")
ACTION_REMINDER_TIME = time(8, 0)
NEAR_DAYS = 7  # free times are first looked for within a week of the asked time
FOLLOW_UP_WINDOW = timedelta(days=14)  # meetings that ended longer ago are not asked about


@dataclass(frozen=True)
class Recipient:
    """A participant who uses the bot, and where to write to them."""

    participant: ParticipantRecord
    conversation: ConversationRecord
    lang: str


@dataclass(frozen=True)
class CalendarFile:
    name: str
    content: bytes
    client_code: str


@dataclass(frozen=True)
class MeetingChange:
    meeting: MeetingRecord
    recipients: tuple[Recipient, ...]  # participants who use the bot (not the actor)
    organizer: Recipient | None = None  # where the organizer's status card lives

    def without(self, user_id: int) -> MeetingChange:
        """The same change with the one who made it left out of those to tell."""
        kept = tuple(r for r in self.recipients if r.participant.staff_user_id != user_id)
        return MeetingChange(self.meeting, kept, self.organizer)


# Meeting ids are 32-bit integers; a longer number (a personnummer typed after
# `flytta` or `uppföljning`) is no meeting, and PostgreSQL would refuse the query.
MAX_MEETING_ID = 2**31 - 1


class MeetingService:
    def __init__(self, db: Database, clock: Clock, *, join_demo: JoinDemo | None = None) -> None:
        self._db = db
        self._clock = clock
        self._work = AuditedWork(db, clock, join_demo=join_demo)

    # -- shared -------------------------------------------------------------------
    async def _run(
        self,
        user_id: int,
        action: str,
        code: str | None,
        work: Callable[[AsyncSession], Awaitable[T]],
    ) -> T:
        """The audited transaction (refusals come out as UserInputError)."""
        return await self._work.run(user_id, action, code, work)

    async def _audit(
        self,
        session: AsyncSession,
        user_id: int,
        action: str,
        code: str,
        detail: str | None,
        role: str | None = None,
    ) -> None:
        await self._work.audit(session, user_id, action, code, detail, role=role)

    async def _meeting(self, session: AsyncSession, meeting_id: int) -> MeetingRecord:
        if not 0 < meeting_id <= MAX_MEETING_ID:  # a personnummer typed as the number
            raise UserInputError("meeting.gone")
        meeting = await repo.get_meeting(session, meeting_id)
        if meeting is None:
            raise UserInputError("meeting.gone")
        return meeting

    async def _allowed(
        self, session: AsyncSession, user_id: int, meeting: MeetingRecord, action: Action
    ) -> str:
        """The role under which the user may do `action` with the meeting (for the
        audit row); refused as "meeting.gone" to those who may not see it (so no
        answer tells which meetings exist) and "meeting.not_organizer" otherwise."""
        facts = await self._facts(session, user_id, meeting)
        role = described_role(facts)
        if role == "none" and facts.participant:
            role = "participant"
        if not may(Action.SEE_MEETING, facts):
            raise _refused("meeting.gone", role, meeting.client_code)
        if not may(action, facts):
            raise _refused("meeting.not_organizer", role, meeting.client_code)
        return role

    async def _facts(
        self,
        session: AsyncSession,
        user_id: int,
        meeting: MeetingRecord,
        known: dict[str, ClientFacts] | None = None,
    ) -> ClientFacts:
        """What is true of the user, the meeting's client and the meeting; `known`
        keeps each client's facts for a listing of several meetings."""
        where = {
            "organizer": meeting.organizer_user_id == user_id,
            "participant": meeting.participant_for(user_id) is not None,
        }
        known = {} if known is None else known
        if meeting.client_code not in known:
            try:
                found = await client_access(session, user_id, meeting.client_code)
                known[meeting.client_code] = found.facts
            except UserInputError:  # not (or no longer) someone who reads the client
                known[meeting.client_code] = ClientFacts()
        return replace(known[meeting.client_code], **where)

    async def _changeable(
        self, session: AsyncSession, user_id: int, meetings: Sequence[MeetingRecord]
    ) -> frozenset[int]:
        """The listed meetings the user may move, cancel and document: the rule
        _allowed applies to each of those, asked without refusing."""
        known: dict[str, ClientFacts] = {}
        allowed = set()
        for meeting in meetings:
            if may(Action.CHANGE_MEETING, await self._facts(session, user_id, meeting, known)):
                allowed.add(meeting.id)
        return frozenset(allowed)

    # -- who can be asked ------------------------------------------------------------
    async def me(self, user_id: int) -> ParticipantDraft:
        async with self._db.read_session() as session:
            return (await _staff_drafts(session, [user_id]))[0]

    async def team_candidates(self, user_id: int, code: str) -> list[ParticipantDraft]:
        """The client's current care team (but the asker), to pick participants from."""

        async def work(session: AsyncSession) -> list[ParticipantDraft]:
            access = await client_access(session, user_id, code, Action.BOOK)
            ids = list(
                await session.scalars(
                    select(CareTeamMember.staff_user_id)
                    .where(
                        CareTeamMember.client_id == access.client.id,
                        CareTeamMember.removed_at.is_(None),
                        CareTeamMember.staff_user_id != user_id,
                    )
                    .order_by(CareTeamMember.added_at, CareTeamMember.id)
                )
            )
            await self._audit(
                session, user_id, "meeting.team", access.client.code, None, access.role
            )
            return await _staff_drafts(session, ids)

        return await self._run(user_id, "meeting.team", code, work)

    # -- booking ------------------------------------------------------------------------
    async def check(self, user_id: int, draft: MeetingDraft) -> BookingCheck:
        """Clashes, free times near the asked one, and agencies without consent."""

        async def work(session: AsyncSession) -> BookingCheck:
            access = await client_access(session, user_id, draft.client_code, Action.BOOK)
            # Only the organizer's key matters here (their name comes with any
            # clash): no staff or directory lookup, one round trip less.
            organizer = ParticipantDraft(
                name="", email=None, agency="", agency_kind="", staff_user_id=user_id
            )
            check = await self._check(session, access.client, draft, organizer)
            await self._audit(
                session, user_id, "meeting.check", access.client.code, None, access.role
            )
            return check

        return await self._run(user_id, "meeting.check", draft.client_code, work)

    async def _check(
        self,
        session: AsyncSession,
        client: ClientRecord,
        draft: MeetingDraft,
        organizer: ParticipantDraft,
        exclude_meeting_id: int | None = None,
    ) -> BookingCheck:
        people = [organizer, *draft.participants]
        names = {p.key: p.name for p in people}
        proposed = draft.interval
        tz = ZoneInfo(draft.timezone)

        async def busy_around(days: int) -> list[Busy]:
            found = await repo.busy_between(
                session,
                staff_ids=[p.staff_user_id for p in people if p.staff_user_id is not None],
                emails=[p.email for p in people if p.email],
                window=Interval(
                    proposed.start - timedelta(days=days), proposed.end + timedelta(days=days)
                ),
                exclude_meeting_id=exclude_meeting_id,
            )
            for who, name, _code, _interval in found:
                names[who] = names.get(who) or name
            return [Busy(who, interval, code) for who, _name, code, interval in found]

        # One read of the people's meetings within a week either side gives the
        # clashes and, on a clash, the nearest free times (any three found within the
        # week are nearer than anything outside it, so the answer is the one a
        # four-week search gives; tests/core/test_meeting_slots.py); only when the
        # week has fewer is SEARCH_DAYS read. bench/meetings.py measured it.
        busy = await busy_around(NEAR_DAYS + 1)
        clashes = tuple(
            Clash(names.get(b.who) or b.who, b.label, b.interval)
            for b in busy
            if b.interval.overlaps(proposed)
        )
        suggestions: tuple[Interval, ...] = ()
        if clashes:
            now = self._clock.now()
            suggestions = tuple(free_slots(proposed, busy, tz, now=now, search_days=NEAR_DAYS))
            if len(suggestions) < SUGGESTIONS:
                busy = await busy_around(SEARCH_DAYS + 1)
                suggestions = tuple(free_slots(proposed, busy, tz, now=now))
        consents = await repo.current_consents(session, client.id)
        kinds = sorted({p.agency_kind for p in draft.participants if p.agency_kind})
        missing = missing_consent({k: c.state for k, c in consents.items()}, kinds)
        return BookingCheck(
            clashes=clashes,
            suggestions=suggestions,
            missing_consent=missing,
            outside_working_time=not is_working_time(proposed, tz),
        )

    async def book(self, user_id: int, draft: MeetingDraft) -> MeetingChange:
        """Save the meeting, its participants and their reminders, in one transaction."""
        _check_draft(draft)
        now = self._clock.now()
        if draft.start <= now:
            raise UserInputError("meeting.in_past")

        async def work(session: AsyncSession) -> MeetingChange:
            access = await client_access(session, user_id, draft.client_code, Action.BOOK)
            organizer = (await _staff_drafts(session, [user_id]))[0]
            participants = tuple(p for p in draft.participants if p.key != organizer.key)
            clean = MeetingDraft(**{**draft.__dict__, "participants": participants})
            meeting_id = await repo.create_meeting(
                session,
                draft=clean,
                client_id=access.client.id,
                organizer=organizer,
                organizer_user_id=user_id,
                now=now,
            )
            meeting = await self._meeting(session, meeting_id)
            everyone = await self._recipients(session, meeting)
            await self._plan_reminders(session, everyone)
            await self._audit(
                session,
                user_id,
                "meeting.book",
                access.client.code,
                f"meeting {meeting_id}, {len(participants)} participants",
                access.role,
            )
            return everyone.without(user_id)

        return await self._run(user_id, "meeting.book", draft.client_code, work)

    async def record_status_card(
        self, meeting_id: int, activity_id: str | None, conversation_id: str
    ) -> None:
        if not activity_id:
            return
        async with self._db.session() as session:
            await repo.set_status_card(session, meeting_id, activity_id, conversation_id)

    # -- answers ------------------------------------------------------------------------
    async def answer(
        self, user_id: int, meeting_id: int, answer: str, proposed_start: datetime | None = None
    ) -> MeetingChange:
        """Accept, decline or propose another time, for the user's own invitation."""
        if answer not in ANSWERS or (answer == PROPOSED) != (proposed_start is not None):
            raise UserInputError("meeting.answer.unknown")

        async def work(session: AsyncSession) -> MeetingChange:
            meeting = await self._meeting(session, meeting_id)
            participant = meeting.participant_for(user_id)
            if participant is None or participant.organizer:
                # Not invited: answered as a missing meeting, so that no id is found
                # out by answering it (the audit row keeps the client).
                raise _refused("meeting.gone", "none", meeting.client_code)
            if meeting.status != BOOKED:
                raise UserInputError("meeting.cancelled_already")
            now = self._clock.now()
            if meeting.ends_at <= now:
                raise UserInputError("meeting.answer.over")
            if proposed_start is not None and proposed_start <= now:
                raise UserInputError("meeting.in_past")
            await repo.set_answer(
                session,
                meeting_id=meeting_id,
                participant_id=participant.id,
                answer=answer,
                proposed_start=proposed_start,
                now=now,
            )
            everyone = await self._recipients(session, await self._meeting(session, meeting_id))
            if answer == DECLINED:
                subject = f"meeting:{meeting_id}"
                await reminders.cancel_about(session, subject, now, recipient_user_id=user_id)
            elif participant.answer == DECLINED:  # changed their mind: remind again
                await self._plan_reminders(session, everyone, only=user_id)
            await self._audit(
                session,
                user_id,
                "meeting.answer",
                meeting.client_code,
                f"{meeting_id} {answer}",
                "participant",
            )
            return everyone.without(user_id)

        return await self._run(user_id, "meeting.answer", None, work)

    # -- changes ------------------------------------------------------------------------
    async def reschedule(
        self, user_id: int, meeting_id: int, start: datetime, minutes: int | None = None
    ) -> MeetingChange:
        now = self._clock.now()
        if start <= now:
            raise UserInputError("meeting.in_past")

        async def work(session: AsyncSession) -> MeetingChange:
            meeting = await self._meeting(session, meeting_id)
            role = await self._allowed(session, user_id, meeting, Action.CHANGE_MEETING)
            if meeting.status != BOOKED:
                raise UserInputError("meeting.cancelled_already")
            check_minutes(minutes or meeting.minutes)
            length = timedelta(minutes=minutes or meeting.minutes)
            await repo.move_meeting(session, meeting_id, Interval(start, start + length), now)
            subject = f"meeting:{meeting_id}"
            await reminders.cancel_about(session, subject, now)
            everyone = await self._recipients(session, await self._meeting(session, meeting_id))
            await self._plan_reminders(session, everyone)
            await self._audit(
                session, user_id, "meeting.reschedule", meeting.client_code, str(meeting_id), role
            )
            return everyone.without(user_id)

        return await self._run(user_id, "meeting.reschedule", None, work)

    async def check_move(self, user_id: int, meeting_id: int, start: datetime) -> BookingCheck:
        """Clashes (and free times near it) if the meeting moved to `start`: the
        participants' other meetings, this one left out."""

        async def work(session: AsyncSession) -> BookingCheck:
            meeting = await self._meeting(session, meeting_id)
            role = await self._allowed(session, user_id, meeting, Action.CHANGE_MEETING)
            client = await _client_of(session, meeting.client_code)
            organizer = meeting.organizer
            draft = MeetingDraft(
                client_code=meeting.client_code,
                start=start,
                minutes=meeting.minutes,
                timezone=meeting.timezone,
                purpose=meeting.purpose,
                participants=tuple(p.as_draft() for p in meeting.participants if not p.organizer),
            )
            me = organizer.as_draft() if organizer else (await _staff_drafts(session, [user_id]))[0]
            check = await self._check(session, client, draft, me, exclude_meeting_id=meeting_id)
            await self._audit(
                session, user_id, "meeting.check", meeting.client_code, str(meeting_id), role
            )
            return check

        return await self._run(user_id, "meeting.check", None, work)

    async def cancel(self, user_id: int, meeting_id: int) -> MeetingChange:
        now = self._clock.now()

        async def work(session: AsyncSession) -> MeetingChange:
            meeting = await self._meeting(session, meeting_id)
            role = await self._allowed(session, user_id, meeting, Action.CHANGE_MEETING)
            if meeting.status != BOOKED:
                raise UserInputError("meeting.cancelled_already")
            await repo.cancel_meeting(session, meeting_id, now)
            await reminders.cancel_about(session, f"meeting:{meeting_id}", now)
            await self._audit(
                session, user_id, "meeting.cancel", meeting.client_code, str(meeting_id), role
            )
            cancelled = await self._meeting(session, meeting_id)
            return (await self._recipients(session, cancelled)).without(user_id)

        return await self._run(user_id, "meeting.cancel", None, work)

    # -- reading ------------------------------------------------------------------------
    async def get(self, user_id: int, meeting_id: int) -> MeetingRecord:
        async def work(session: AsyncSession) -> MeetingRecord:
            meeting = await self._meeting(session, meeting_id)
            role = await self._allowed(session, user_id, meeting, Action.SEE_MEETING)
            await self._audit(
                session, user_id, "meeting.read", meeting.client_code, str(meeting_id), role
            )
            return meeting

        return await self._run(user_id, "meeting.read", None, work)

    async def calendar(self, user_id: int, meeting_id: int, lang: str) -> CalendarFile:
        """The meeting's calendar file (file name, bytes), for a participant or the
        care team: the agenda lists the client's open action items as follow-up."""

        async def work(session: AsyncSession) -> CalendarFile:
            meeting = await self._meeting(session, meeting_id)
            role = await self._allowed(session, user_id, meeting, Action.SEE_MEETING)
            client_id = await session.scalar(
                select(Client.id).where(Client.code == meeting.client_code)
            )
            actions = (
                await repo.open_plan_items(session, client_id, meeting.client_code)
                if client_id is not None
                else []
            )
            await self._audit(
                session, user_id, "meeting.calendar", meeting.client_code, str(meeting_id), role
            )
            content = meeting_calendar(calendar_of(meeting, actions, lang, self._clock.now()), lang)
            name = ics_file_name(meeting.client_code, meeting.starts_at, meeting.timezone)
            return CalendarFile(name, content, meeting.client_code)

        return await self._run(user_id, "meeting.calendar", None, work)

    async def upcoming(self, user_id: int) -> list[MeetingRecord]:
        return list((await self.my_meetings(user_id)).meetings)

    async def my_meetings(self, user_id: int) -> MyMeetings:
        """The user's coming meetings (not declined), and which they may change."""

        async def work(session: AsyncSession) -> MyMeetings:
            meetings = await repo.upcoming_for_user(session, user_id, self._clock.now())
            for code in sorted({m.client_code for m in meetings}):
                await self._audit(session, user_id, "meeting.list", code, None, "participant")
            changeable = await self._changeable(session, user_id, meetings)
            return MyMeetings(tuple(meetings), changeable)

        return await self._run(user_id, "meeting.list", None, work)

    async def client_meetings(self, user_id: int, code: str) -> ClientMeetings:
        async def work(session: AsyncSession) -> ClientMeetings:
            access = await client_access(session, user_id, code)
            upcoming, past = await repo.meetings_for_client(
                session, access.client.id, self._clock.now()
            )
            actions = await repo.open_plan_items(session, access.client.id, access.client.code)
            goals = await repo.open_plan_items(
                session, access.client.id, access.client.code, kinds=(GOAL,)
            )
            await self._audit(
                session, user_id, "meeting.client", access.client.code, None, access.role
            )
            changeable = await self._changeable(session, user_id, [*upcoming, *past])
            return ClientMeetings(
                access.client.code,
                tuple(upcoming),
                tuple(past),
                tuple(actions),
                tuple(goals),
                changeable,
            )

        return await self._run(user_id, "meeting.client", code, work)

    # -- consent ------------------------------------------------------------------------
    async def _consent_view(self, session: AsyncSession, client: ClientRecord) -> ConsentView:
        return ConsentView(
            client_code=client.code,
            current=await repo.current_consents(session, client.id),
            history=await repo.consent_history(session, client.id, HISTORY_SHOWN),
        )

    async def consents(self, user_id: int, code: str) -> ConsentView:
        """The client's consent to coordination and per party, with its history."""

        async def work(session: AsyncSession) -> ConsentView:
            access = await client_access(session, user_id, code)
            view = await self._consent_view(session, access.client)
            await self._audit(
                session, user_id, "consent.read", access.client.code, None, access.role
            )
            return view

        return await self._run(user_id, "consent.read", code, work)

    async def record_consent(
        self,
        user_id: int,
        code: str,
        party: str,
        *,
        state: str,
        form_ref: str = "",
        decided_on: date | None = None,
    ) -> ConsentView:
        """Consent given, refused or withdrawn, to coordination or for one party; the
        care team and coordinators record (core/access.py). Only a given consent can
        be withdrawn, and a given one is withdrawn rather than refused
        (core.consent_model.check_change); every decision is a new row."""
        if party not in PARTIES:
            raise UserInputError("consent.agency.unknown")
        if state not in STATES:
            raise UserInputError("consent.answer.unknown", code=normalise_client_code(code))
        ref = clean_form_ref(form_ref)
        now = self._clock.now()
        day = decided_on or now.date()
        if day > now.date() + timedelta(days=1):
            raise UserInputError("consent.date.future")

        async def work(session: AsyncSession) -> ConsentView:
            access = await client_access(session, user_id, code, Action.CONSENT)
            await repo.lock_consents(session, access.client.id)
            current = await repo.current_consents(session, access.client.id)
            check_change(current[party].state if party in current else None, state, party)
            await repo.add_consent(
                session,
                client_id=access.client.id,
                party=party,
                state=state,
                decided_on=day,
                form_ref=ref,
                user_id=user_id,
                now=now,
            )
            detail = f"{party} {state}"
            await self._audit(
                session, user_id, "consent.write", access.client.code, detail, access.role
            )
            return await self._consent_view(session, access.client)

        return await self._run(user_id, "consent.write", code, work)

    # -- after the meeting ------------------------------------------------------------------
    async def claim_follow_ups(
        self, limit: int = 50, *, organizer_user_id: int | None = None
    ) -> list[tuple[MeetingRecord, Recipient]]:
        """Meetings just over whose organizer is to be asked what was decided (all
        organizers', or one's). Each is claimed (due → asked) by a conditional
        update, so of several bot instances only one asks."""
        now = self._clock.now()
        async with self._db.session() as session:
            due = await repo.due_follow_ups(
                session, now, now - FOLLOW_UP_WINDOW, limit, organizer_user_id
            )
            claimed: list[tuple[MeetingRecord, Recipient]] = []
            for meeting in due:
                if not await repo.set_follow_up(
                    session, meeting.id, repo.FOLLOW_UP_ASKED, only_from=repo.FOLLOW_UP_DUE
                ):
                    continue
                change = await self._recipients(session, meeting)
                if change.organizer is not None:
                    claimed.append((meeting, change.organizer))
            return claimed

    async def release_follow_up(self, meeting_id: int) -> None:
        """The question did not reach the organizer: ask again on a later run."""
        async with self._db.session() as session:
            await repo.set_follow_up(
                session, meeting_id, repo.FOLLOW_UP_DUE, only_from=repo.FOLLOW_UP_ASKED
            )

    async def follow_up_meeting(self, user_id: int, ref: str = "") -> MeetingRecord:
        """The meeting whose outcome is to be recorded: by its number, the client's
        latest held meeting (for a client code), or else the user's latest held
        meeting without a recorded outcome. For its organizer or a coordinator."""
        ref = ref.strip()

        async def work(session: AsyncSession) -> MeetingRecord:
            now = self._clock.now()
            if looks_like_personnummer(ref):
                raise UserInputError("meeting.personnummer")
            if ref.isdigit():
                meeting: MeetingRecord | None = await self._meeting(session, int(ref))
            elif ref:
                access = await client_access(session, user_id, ref)
                meeting = await repo.latest_held(session, now, client_id=access.client.id)
            else:
                meeting = await repo.latest_held(
                    session, now, organizer_user_id=user_id, not_recorded=True
                )
            if meeting is None:
                raise UserInputError("plan.no_meeting")
            role = await self._allowed(session, user_id, meeting, Action.CHANGE_MEETING)
            _held(meeting, now)
            await self._audit(
                session, user_id, "plan.open", meeting.client_code, str(meeting.id), role
            )
            return meeting

        code = ref if ref and not ref.isdigit() else None
        return await self._run(user_id, "plan.open", code, work)

    async def record_outcome(
        self, user_id: int, meeting_id: int, items: Sequence[PlanItemDraft]
    ) -> list[PlanItemRecord]:
        """Decisions, goals and action items from a meeting; action items with a due
        date and an owner get a reminder on that day."""
        if not items or len(items) > MAX_PLAN_ITEMS:
            raise UserInputError("plan.count", limit=MAX_PLAN_ITEMS)
        for item in items:
            if item.kind not in PLAN_KINDS or not 0 < len(item.text) <= MAX_PLAN_TEXT:
                raise UserInputError("plan.text.invalid")
            if looks_like_personnummer(item.text) or looks_like_personnummer(item.owner_name or ""):
                raise UserInputError("meeting.personnummer")

        async def work(session: AsyncSession) -> list[PlanItemRecord]:
            meeting = await self._meeting(session, meeting_id)
            role = await self._allowed(session, user_id, meeting, Action.CHANGE_MEETING)
            now = self._clock.now()
            _held(meeting, now)
            client = await _client_of(session, meeting.client_code)
            saved = await repo.add_plan_items(
                session,
                client_id=client.id,
                client_code=meeting.client_code,
                meeting_id=meeting_id,
                items=items,
                user_id=user_id,
                now=now,
            )
            await repo.set_follow_up(session, meeting_id, repo.FOLLOW_UP_RECORDED)
            for item in saved:
                if item.kind == ACTION and item.due_on is not None:
                    await self._remind_action(session, meeting, item, user_id, now)
            await self._audit(
                session, user_id, "plan.write", meeting.client_code, f"{len(saved)} items", role
            )
            return saved

        return await self._run(user_id, "plan.write", None, work)

    async def complete_action(self, user_id: int, item_id: int) -> PlanItemRecord:
        async def work(session: AsyncSession) -> PlanItemRecord:
            found = await repo.get_plan_item(session, item_id)
            if found is None:
                raise UserInputError("plan.gone")
            item, _client_id = found
            owner = item.owner_user_id == user_id
            try:
                facts = replace(
                    (await client_access(session, user_id, item.client_code)).facts, owner=owner
                )
            except UserInputError as error:
                if not owner:
                    # Not theirs to see: answered as a missing item (the refusal named
                    # the client, so an id led to a client code).
                    role = getattr(error, "role", "none")
                    raise _refused("plan.gone", role, item.client_code) from None
                facts = ClientFacts(owner=True)
            if not may(Action.FINISH_ACTION, facts):
                raise _refused(
                    "ssd.access.not_member",
                    described_role(facts),
                    item.client_code,
                    code=item.client_code,
                )
            now = self._clock.now()
            if not await repo.mark_plan_item_done(session, item_id, now):
                raise UserInputError("plan.done_already")
            await reminders.cancel_about(session, f"action:{item_id}", now)
            await self._audit(
                session,
                user_id,
                "plan.done",
                item.client_code,
                str(item_id),
                described_role(facts) if facts.reads else "owner",
            )
            return item

        return await self._run(user_id, "plan.done", None, work)

    # -- helpers ------------------------------------------------------------------------------
    async def _recipients(self, session: AsyncSession, meeting: MeetingRecord) -> MeetingChange:
        """Every participant who uses the bot (organizer included), with their chat
        and language: three queries however many participants there are."""
        ids = [p.staff_user_id for p in meeting.participants if p.staff_user_id is not None]
        rows = await session.execute(
            select(StaffUser.id, StaffUser.language, StaffUser.locale).where(StaffUser.id.in_(ids))
        )
        languages = {row.id: language_for(row.locale, row.language) for row in rows}
        chats = await personal_conversations_for(session, ids)
        recipients = tuple(
            Recipient(p, chats[p.staff_user_id], languages.get(p.staff_user_id, "sv"))
            for p in meeting.participants
            if p.staff_user_id is not None and p.staff_user_id in chats
        )
        organizer = next((r for r in recipients if r.participant.organizer), None)
        return MeetingChange(meeting, recipients, organizer)

    async def _plan_reminders(
        self, session: AsyncSession, change: MeetingChange, *, only: int | None = None
    ) -> None:
        """A day and an hour before, to everyone reachable who has not declined
        (the organizer too), or to `only` that user; a time already past is skipped."""
        now = self._clock.now()
        meeting = change.meeting
        tz = ZoneInfo(meeting.timezone)
        for person in change.recipients:
            user = person.participant.staff_user_id
            if not person.participant.is_reminded or user is None or only not in (None, user):
                continue
            text = t(
                "meeting.reminder.text",
                person.lang,
                code=meeting.client_code,
                when=describe_slot(meeting.interval, tz, person.lang),
                place=meeting.place or meeting.online_url or "–",
            )
            for lead in REMINDER_LEADS:
                at = meeting.starts_at - lead
                if at <= now:
                    continue
                await reminders.create_reminder(
                    session,
                    owner_user_id=meeting.organizer_user_id or user,
                    recipient_user_id=user,
                    text=text,
                    timezone=meeting.timezone,
                    now=now,
                    at=at,
                    kind="meeting",
                    subject=f"meeting:{meeting.id}",
                )

    async def _remind_action(
        self,
        session: AsyncSession,
        meeting: MeetingRecord,
        item: PlanItemRecord,
        user_id: int,
        now: datetime,
    ) -> None:
        assert item.due_on is not None
        tz = ZoneInfo(meeting.timezone)
        at = datetime.combine(item.due_on, ACTION_REMINDER_TIME, tzinfo=tz)
        if at <= now:
            return
        recipient = item.owner_user_id or meeting.organizer_user_id or user_id
        lang_row = await session.execute(
            select(StaffUser.language, StaffUser.locale).where(StaffUser.id == recipient)
        )
        found = lang_row.first()
        lang = language_for(found.locale, found.language) if found else "sv"
        key = "plan.reminder.own" if recipient == item.owner_user_id else "plan.reminder.other"
        text = t(
            key,
            lang,
            code=item.client_code,
            text=item.text,
            owner=item.owner_name or "–",
        )
        await reminders.create_reminder(
            session,
            owner_user_id=meeting.organizer_user_id or user_id,
            recipient_user_id=recipient,
            text=text[:500],
            timezone=meeting.timezone,
            now=now,
            at=at,
            kind="action",
            subject=f"action:{item.id}",
        )


def calendar_of(
    meeting: MeetingRecord, actions: Sequence[PlanItemRecord], lang: str, now: datetime
) -> IcsMeeting:
    def person(p: ParticipantRecord) -> IcsPerson:
        return IcsPerson(name=p.name, email=p.email, role=p.role, answer=p.answer)

    organizer = meeting.organizer
    follow_up = tuple(
        t(
            "meetings.action_line",
            lang,
            text=item.text,
            owner=item.owner_name or "–",
            due=item.due_on.isoformat() if item.due_on else t("meetings.no_due", lang),
        )
        for item in actions
    )
    return IcsMeeting(
        uid=meeting.uid,
        sequence=meeting.sequence,
        start=meeting.starts_at,
        end=meeting.ends_at,
        timezone=meeting.timezone,
        client_code=meeting.client_code,
        agenda=Agenda(meeting.purpose, meeting.questions, follow_up),
        organizer=person(organizer) if organizer else IcsPerson(name="Samverkansboten", email=None),
        attendees=tuple(person(p) for p in meeting.participants if not p.organizer),
        location=meeting.place,
        online_url=meeting.online_url,
        cancelled=meeting.status != BOOKED,
        stamp=now,
    )


def _held(meeting: MeetingRecord, now: datetime) -> None:
    """What a meeting decided can be written once it has started, not if cancelled."""
    if meeting.status != BOOKED:
        raise UserInputError("meeting.cancelled_already")
    if meeting.starts_at > now:
        raise UserInputError("plan.not_held")


def _check_draft(draft: MeetingDraft) -> None:
    check_minutes(draft.minutes)
    if len(draft.participants) > MAX_PARTICIPANTS:
        raise UserInputError("meeting.participants.too_many", limit=MAX_PARTICIPANTS)
    for text in (draft.purpose, draft.place or "", *draft.questions):
        if looks_like_personnummer(text):
            raise UserInputError("meeting.personnummer")


async def _staff_drafts(session: AsyncSession, ids: Sequence[int]) -> list[ParticipantDraft]:
    """Staff as participants, in the order given: their agency from the directory
    entry with their e-mail when there is one; staff are kallade by default."""
    if not ids:
        return []
    rows = {
        row.id: row
        for row in await session.execute(
            select(StaffUser.id, StaffUser.name, StaffUser.email).where(StaffUser.id.in_(ids))
        )
    }
    emails = [row.email.lower() for row in rows.values() if row.email]
    agencies: dict[str, tuple[str, str]] = {}
    if emails:
        for email, agency, kind in await session.execute(
            select(Contact.email, Contact.agency, Contact.agency_kind).where(
                Contact.email.in_(emails)
            )
        ):
            agencies[email.lower()] = (agency, kind)
    drafts = []
    for user_id in ids:
        row = rows.get(user_id)
        if row is None:
            continue
        email = row.email.lower() if row.email else None
        agency, kind = agencies.get(email or "", ("", ""))
        drafts.append(
            ParticipantDraft(
                name=row.name or "?",
                email=email,
                agency=agency,
                agency_kind=kind,
                role=KALLAD,
                source=FROM_STAFF,
                staff_user_id=user_id,
            )
        )
    return drafts


async def _client_of(session: AsyncSession, code: str) -> ClientRecord:
    """The meeting's client, once access is decided (by _allowed)."""
    client = await ssd_repo.get_client(session, code)
    if client is None:
        raise UserInputError("meeting.gone")
    return client


def _refused(key: str, role: str, client_code: str, **params: object) -> UserInputError:
    """A refusal that carries the role the user had and the client, for the audit row
    (the answer itself names neither)."""
    error = UserInputError(key, **params)
    error.role = role  # type: ignore[attr-defined]
    error.client_code = client_code  # type: ignore[attr-defined]
    return error
