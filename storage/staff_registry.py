"""Who wrote, from which conversation: upserted on every activity, written only
when something changed.

Every activity carries the sender's identity and the conversation's reference.
Writing both on every turn would take the database's write lock each time for
nothing, so this registry keeps what it last wrote per (user, conversation) and
skips the write while nothing changed and the row is fresh (refresh_after). The
cost: last_seen_at is as coarse as refresh_after, and a preference changed on
another instance shows here after at most refresh_after.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from core.clock import Clock
from storage.db import Database
from storage.records import StaffUserRecord, TeamsIdentity
from storage.users_repository import (
    claim_welcome,
    save_conversation_reference,
    set_preferences,
    upsert_staff_user,
)


@dataclass(frozen=True)
class ConversationSighting:
    conversation_id: str
    conversation_type: str
    tenant_id: str | None
    service_url: str
    channel_id: str
    reference: dict

    @property
    def personal(self) -> bool:
        return self.conversation_type == "personal"

    def fingerprint(self) -> str:
        return json.dumps(
            [
                self.conversation_type,
                self.tenant_id,
                self.service_url,
                self.channel_id,
                self.reference,
            ],
            sort_keys=True,
        )


@dataclass(frozen=True)
class _Written:
    identity: TeamsIdentity
    fingerprint: str
    record: StaffUserRecord
    at: datetime


class StaffRegistry:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        *,
        refresh_after: timedelta = timedelta(seconds=60),
        max_entries: int = 20_000,
    ) -> None:
        self._db = db
        self._clock = clock
        self._refresh_after = refresh_after
        self._max_entries = max_entries
        self._written: OrderedDict[tuple[str, str], _Written] = OrderedDict()

    async def remember(
        self, identity: TeamsIdentity, conversation: ConversationSighting
    ) -> StaffUserRecord:
        """Upsert the user and the conversation reference; returns the user."""
        key = (identity.teams_user_id, conversation.conversation_id)
        now = self._clock.now()
        fingerprint = conversation.fingerprint()
        known = self._written.get(key)
        if (
            known is not None
            and known.identity == identity
            and known.fingerprint == fingerprint
            and now - known.at < self._refresh_after
        ):
            self._written.move_to_end(key)
            return known.record
        async with self._db.session() as session:
            user = await upsert_staff_user(session, identity, now)
            await save_conversation_reference(
                session,
                conversation_id=conversation.conversation_id,
                conversation_type=conversation.conversation_type,
                user_id=user.id if conversation.personal else None,
                tenant_id=conversation.tenant_id,
                service_url=conversation.service_url,
                channel_id=conversation.channel_id,
                reference=conversation.reference,
                now=now,
            )
        self._written[key] = _Written(identity, fingerprint, user, now)
        self._written.move_to_end(key)
        while len(self._written) > self._max_entries:
            self._written.popitem(last=False)
        return user

    async def save_preferences(
        self, user_id: int, *, language: str | None, timezone: str | None
    ) -> None:
        async with self._db.session() as session:
            await set_preferences(session, user_id, language=language, timezone=timezone)
        for key, known in list(self._written.items()):
            if known.record.id == user_id:
                record = replace(known.record, language=language, timezone=timezone)
                self._written[key] = replace(known, record=record)

    async def claim_welcome(self, conversation_id: str) -> bool:
        """Whether this caller is the one to welcome the conversation."""
        async with self._db.session() as session:
            return await claim_welcome(session, conversation_id, self._clock.now())
