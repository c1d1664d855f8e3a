"""Saving a staff member's language and time zone."""

from __future__ import annotations

from storage.db import Database
from storage.users_repository import set_preferences


class PreferencesStore:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def save(self, user_id: int, *, language: str | None, timezone: str | None) -> None:
        async with self._db.session() as session:
            await set_preferences(session, user_id, language=language, timezone=timezone)
