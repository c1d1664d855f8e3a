"""What the chat side does with reminders, one database session per call.

Dialogs and card actions use this instead of the repository so they never open
sessions or write SQL themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from core.clock import Clock
from core.reminder_plan import SNOOZE_CHOICES, snooze_until
from storage import reminders_repository as repo
from storage.db import Database
from storage.records import ReminderRecord, StaffUserRecord
from storage.users_repository import get_staff_user, personal_conversation_for

ACTIONS = ("done", "delete", *SNOOZE_CHOICES)


@dataclass(frozen=True)
class Colleague:
    user: StaffUserRecord
    reachable: bool  # has a 1:1 chat with the bot, so reminders can reach them


@dataclass(frozen=True)
class ActionResult:
    outcome: str  # done, deleted, snoozed, gone (or not the actor's), unknown
    until: datetime | None = None


class ReminderService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    async def create(
        self,
        *,
        owner_user_id: int,
        text: str,
        timezone: str,
        at: datetime | None = None,
        rule: str | None = None,
        dtstart_local: datetime | None = None,
        recipient_user_id: int | None = None,
        conversation_id: str | None = None,
    ) -> ReminderRecord:
        async with self._db.session() as session:
            return await repo.create_reminder(
                session,
                owner_user_id=owner_user_id,
                text=text,
                timezone=timezone,
                now=self._clock.now(),
                at=at,
                rule=rule,
                dtstart_local=dtstart_local,
                recipient_user_id=recipient_user_id,
                conversation_id=conversation_id,
            )

    async def list_for(self, user_id: int) -> list[ReminderRecord]:
        async with self._db.session() as session:
            return await repo.list_active_for_user(session, user_id)

    async def colleague(self, teams_user_id: str, tenant_id: str | None) -> Colleague | None:
        """The mentioned colleague, if they use the bot in the same tenant: a mention is
        only an id in the message, and must not reach into another organisation."""
        async with self._db.session() as session:
            user = await get_staff_user(session, teams_user_id)
            if user is None or not repo.same_tenant(user.tenant_id, tenant_id):
                return None
            chat = await personal_conversation_for(session, user.id)
        return Colleague(user=user, reachable=chat is not None)

    async def act(
        self, occurrence_id: int, action: str, actor: repo.Actor, tz: ZoneInfo
    ) -> ActionResult:
        """Klar, Snooza or Ta bort pressed on a reminder card. An occurrence that is
        not the actor's to act on is "gone", as one that does not exist: the answer
        must not tell which ids exist."""
        if action not in ACTIONS:
            return ActionResult("unknown")
        now = self._clock.now()
        async with self._db.session() as session:
            occurrence = await repo.get_occurrence(session, occurrence_id)
            if occurrence is None:
                return ActionResult("gone")
            if action == "done":
                done = await repo.complete_occurrence(session, occurrence_id, actor, now)
                return ActionResult("done" if done else "gone")
            if action == "delete":
                deleted = await repo.cancel(session, occurrence.reminder_id, actor, now)
                return ActionResult("deleted" if deleted else "gone")
            # Snoozing postpones: from the due time when it still lies ahead (pressed
            # in the list), from now when the reminder has already come.
            until = snooze_until(action, max(now, occurrence.due_at), tz)
            snoozed = await repo.snooze(session, occurrence_id, until, actor, now)
            return ActionResult("snoozed", until) if snoozed else ActionResult("gone")
