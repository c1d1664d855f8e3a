"""Plain values for meetings, consent and the SIP plan: what repositories return
and dialogs keep in their state (as dicts, via to_state/from_state)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from core.meeting_model import (
    ACCEPTED,
    DECLINED,
    KALLAD,
    PENDING,
    PROPOSED,
    Interval,
    participant_key,
)
from core.meeting_plan import PlanLine


@dataclass(frozen=True)
class ParticipantDraft:
    """Someone the organizer has picked, before the meeting exists."""

    name: str
    email: str | None
    agency: str
    agency_kind: str
    role: str = KALLAD
    source: str = "typed"
    staff_user_id: int | None = None

    @property
    def key(self) -> str:
        return participant_key(self.staff_user_id, self.email, self.name)

    def to_state(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_state(cls, data: dict[str, Any]) -> ParticipantDraft:
        return cls(**data)


@dataclass(frozen=True)
class MeetingDraft:
    client_code: str
    start: datetime  # aware
    minutes: int
    timezone: str
    purpose: str
    questions: tuple[str, ...] = ()
    place: str | None = None
    online_url: str | None = None
    participants: tuple[ParticipantDraft, ...] = ()
    previous_meeting_id: int | None = None

    @property
    def interval(self) -> Interval:
        return Interval(self.start, self.start + timedelta(minutes=self.minutes))


@dataclass(frozen=True)
class ParticipantRecord:
    id: int
    meeting_id: int
    staff_user_id: int | None
    name: str
    email: str | None
    agency: str
    agency_kind: str
    role: str
    source: str
    organizer: bool
    answer: str
    proposed_start: datetime | None
    answered_at: datetime | None

    @property
    def key(self) -> str:
        return participant_key(self.staff_user_id, self.email, self.name)

    def as_draft(self) -> ParticipantDraft:
        """The same person, to invite again (to the next meeting)."""
        return ParticipantDraft(
            name=self.name,
            email=self.email,
            agency=self.agency,
            agency_kind=self.agency_kind,
            role=self.role,
            source=self.source,
            staff_user_id=self.staff_user_id,
        )

    @property
    def is_reminded(self) -> bool:
        """Accepted or not (yet) answered: they get the meeting's reminders."""
        return self.answer in (PENDING, ACCEPTED, PROPOSED)


@dataclass(frozen=True)
class MeetingRecord:
    id: int
    uid: str
    sequence: int
    client_code: str
    organizer_user_id: int | None
    starts_at: datetime
    ends_at: datetime
    timezone: str
    purpose: str
    questions: tuple[str, ...]
    place: str | None
    online_url: str | None
    status: str
    follow_up: str
    previous_meeting_id: int | None
    status_card_activity_id: str | None
    status_card_conversation_id: str | None
    participants: tuple[ParticipantRecord, ...] = ()

    @property
    def interval(self) -> Interval:
        return Interval(self.starts_at, self.ends_at)

    @property
    def minutes(self) -> int:
        return self.interval.minutes

    @property
    def organizer(self) -> ParticipantRecord | None:
        return next((p for p in self.participants if p.organizer), None)

    def participant_for(self, user_id: int) -> ParticipantRecord | None:
        return next((p for p in self.participants if p.staff_user_id == user_id), None)

    def answers(self) -> dict[str, int]:
        """Answers of those asked in Teams; "outside": those who got the calendar
        file from the organizer instead and cannot answer here."""
        counts = {PENDING: 0, ACCEPTED: 0, DECLINED: 0, PROPOSED: 0, "outside": 0}
        for participant in self.participants:
            if participant.organizer:
                continue
            outside = participant.staff_user_id is None and participant.answer == PENDING
            counts["outside" if outside else participant.answer] += 1
        return counts


@dataclass(frozen=True)
class ConsentRecord:
    """One decision about consent (core/consent_model.py): to coordination or to
    sharing with a party, given, refused or withdrawn, and who recorded it when."""

    party: str
    state: str
    decided_on: date
    scope: str  # rows from before migration 0016; "" since
    form_ref: str
    recorded_at: datetime
    recorded_by: str | None  # the recorder's display name, None when unknown or gone


@dataclass(frozen=True)
class ConsentView:
    """A client's consent: the newest decision per party, and the decisions newest
    first (at most core.consent_model.HISTORY_SHOWN)."""

    client_code: str
    current: dict[str, ConsentRecord]
    history: tuple[ConsentRecord, ...]

    def states(self) -> dict[str, str]:
        return {party: record.state for party, record in self.current.items()}


@dataclass(frozen=True)
class PlanItemRecord:
    id: int
    client_code: str
    meeting_id: int | None
    kind: str  # decision, goal, action
    text: str
    owner_name: str | None
    owner_user_id: int | None
    due_on: date | None
    status: str  # open, done


# A plan item before it is saved is what core/meeting_plan.py reads from the text.
PlanItemDraft = PlanLine


@dataclass(frozen=True)
class BookingCheck:
    """What the organizer must see before confirming: clashes with the
    participants' other meetings (and nearby free times), and the agencies
    whose consent the client has not given."""

    clashes: tuple[Clash, ...] = ()
    suggestions: tuple[Interval, ...] = ()
    missing_consent: tuple[str, ...] = ()  # "coordination" first when not given, then agency kinds
    outside_working_time: bool = False


@dataclass(frozen=True)
class Clash:
    who: str  # a participant's name
    client_code: str
    interval: Interval


@dataclass(frozen=True)
class ClientMeetings:
    client_code: str
    upcoming: tuple[MeetingRecord, ...]
    past: tuple[MeetingRecord, ...]
    open_actions: tuple[PlanItemRecord, ...]
    goals: tuple[PlanItemRecord, ...] = field(default=())
    # The meetings the asker may move, cancel and document (core.access CHANGE_MEETING).
    changeable: frozenset[int] = field(default=frozenset())


@dataclass(frozen=True)
class MyMeetings:
    """`möten`: the asker's coming meetings, and which of them they may change."""

    meetings: tuple[MeetingRecord, ...]
    changeable: frozenset[int] = field(default=frozenset())
