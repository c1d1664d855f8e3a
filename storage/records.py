"""Plain dataclasses that repositories return (never ORM rows: dialog state is serialised)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class TeamsIdentity:
    """Who wrote, as Teams tells it on every activity."""

    teams_user_id: str
    aad_object_id: str | None
    tenant_id: str | None
    name: str | None
    locale: str | None
    client_timezone: str | None = None


@dataclass(frozen=True)
class StaffUserRecord:
    id: int
    teams_user_id: str
    aad_object_id: str | None
    tenant_id: str | None
    name: str | None
    locale: str | None
    language: str | None
    timezone: str | None
    created_at: datetime
    last_seen_at: datetime
    client_timezone: str | None = None
    email: str | None = None

    def effective_timezone(self, default: str) -> str:
        """What the user chose, else what their Teams client says, else the bot's."""
        return self.timezone or self.client_timezone or default


@dataclass(frozen=True)
class ConversationRecord:
    conversation_id: str
    conversation_type: str
    user_id: int | None
    tenant_id: str | None
    service_url: str
    channel_id: str
    reference: dict
    updated_at: datetime


@dataclass(frozen=True)
class ReminderRecord:
    """A reminder and its next pending occurrence (None when nothing is planned)."""

    id: int
    owner_user_id: int
    recipient_user_id: int | None
    conversation_id: str | None
    text: str
    timezone: str
    rule: str | None  # RRULE body; None for a one-time reminder
    dtstart_local: datetime  # naive, on the wall clock of `timezone`
    kind: str
    status: str  # active, done, cancelled
    created_at: datetime
    updated_at: datetime
    next_occurrence_id: int | None = None
    next_due_at: datetime | None = None

    @property
    def recurring(self) -> bool:
        return self.rule is not None


@dataclass(frozen=True)
class OccurrenceRecord:
    id: int
    reminder_id: int
    due_at: datetime
    idempotency_key: str
    state: str  # pending, claimed, sent, missed, failed, cancelled
    attempts: int
    next_attempt_at: datetime
    late: bool
    sent_at: datetime | None
    activity_id: str | None
    last_error: str | None


@dataclass(frozen=True)
class ClaimedOccurrence:
    """A claimed occurrence with everything needed to send it."""

    occurrence_id: int
    reminder_id: int
    idempotency_key: str
    due_at: datetime
    attempts: int  # including this one
    text: str
    kind: str
    timezone: str
    rule: str | None
    dtstart_local: datetime
    owner_user_id: int
    owner_name: str | None
    recipient_user_id: int | None
    conversation_id: str | None  # the conversation the reminder goes to
    reference: dict | None  # None: nowhere to send it
    tenant_id: str | None
    locale: str | None  # of the recipient, or of the owner for a conversation
    language: str | None


# SSD follow-up (issue 4); rules and slot codes in core/ssd_model.py.


@dataclass(frozen=True)
class ClientRecord:
    id: int
    code: str  # pseudonymous, e.g. K-1042
    kind: str  # person or unit
    unit_id: int
    status: str  # active or closed
    created_at: datetime


@dataclass(frozen=True)
class CareTeamMemberRecord:
    id: int
    client_id: int
    staff_user_id: int
    role: str  # kontaktperson, sjuksköterska …
    added_at: datetime
    removed_at: datetime | None  # set when the member left: history stays, access goes


@dataclass(frozen=True)
class UnitRoleRecord:
    unit_id: int
    staff_user_id: int
    role: str  # core.access.Role: coordinator or unit_manager
    added_at: datetime
    added_by: str | None = None


@dataclass(frozen=True)
class TargetRecord:
    id: int
    client_id: int
    name: str
    low_anchor: str  # what scale_min means
    high_anchor: str  # what scale_max means
    scale_min: float
    scale_max: float
    step: float
    better: str  # higher or lower
    frequency: str  # daily, shift, weekly, monthly
    active: bool
    created_at: datetime


@dataclass(frozen=True)
class PhaseRecord:
    id: int
    client_id: int
    label: str  # A, B, C …
    start_date: date
    description: str | None
    created_at: datetime


@dataclass(frozen=True)
class RatingRecord:
    id: int
    target_id: int
    slot_date: date
    slot: str
    value: float
    note: str | None
    rater_user_id: int | None
    rater_role: str
    created_at: datetime
    updated_at: datetime

    @property
    def has_note(self) -> bool:
        return self.note is not None


@dataclass(frozen=True)
class RatingWrite:
    """What upsert_rating did. existed: the slot had a value before this call;
    saved: this call wrote (always when the slot was empty, else only on replace)."""

    saved: bool
    existed: bool
    rating: RatingRecord  # what the slot holds now
    previous: RatingRecord | None  # what it held before, if anything


@dataclass(frozen=True)
class PhasedRating:
    """A rating with the phase in force on its slot date (None before the first phase)."""

    rating: RatingRecord
    phase_label: str | None


@dataclass(frozen=True)
class DueSlot:
    slot_date: date
    slot: str
    rating: RatingRecord | None  # None: not rated yet


@dataclass(frozen=True)
class DueTarget:
    target: TargetRecord
    slots: tuple[DueSlot, ...]

    @property
    def open_slots(self) -> tuple[DueSlot, ...]:
        return tuple(s for s in self.slots if s.rating is None)


@dataclass(frozen=True)
class AuditEventRecord:
    id: int
    at: datetime
    user_id: int | None
    role: str | None
    action: str  # rating.write, chart.read, export, client.create, access.refused …
    client_code: str | None
    outcome: str  # ok, refused, error
    detail: str | None


@dataclass(frozen=True)
class ContactRecord:
    """A who-does-what entry as stored (core.contact_model.ContactDraft plus its
    id, agency kind and when it was last confirmed)."""

    id: int
    kind: str
    name: str
    title: str
    agency: str
    agency_kind: str
    unit: str
    municipality: str
    areas: tuple[str, ...]
    helps_with: str
    phone: str
    email: str
    teams_upn: str
    hours: str
    owner_email: str
    last_verified_at: datetime
    updated_at: datetime
