"""Plain dataclasses that repositories return (never ORM rows: dialog state is serialised)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


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
