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
