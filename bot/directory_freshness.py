"""Keeping the directory from rotting: once a month, each owner of entries nobody
has confirmed for six months gets one message listing them, with "Stämmer
fortfarande" (confirms them all) and "Ändra" per entry. Results mark stale
entries meanwhile (dialogs/cards/directory.py).

Runs every hour; sends only on weekdays 09–15 Swedish time, outside public
holidays, so nobody on a night shift is woken by the directory. An owner is the
staff user whose e-mail matches the entry's owner_email. Teams does not put
e-mail on activities, so each run first asks the Bot Connector's member API for
the e-mail of a bounded number of users it does not know yet. The (owner, month)
row is the claim: several instances never send the same reminder twice, and an
owner the bot cannot reach yet is tried again next run, not marked done.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import holidays
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.proactive_sender import ProactiveSender
from bot.scheduler import add_interval_job
from core.clock import Clock
from core.i18n import language_for
from dialogs.cards.directory import freshness_card
from storage import users_repository as users
from storage.audit_repository import append_audit_event
from storage.db import Database
from storage.directory_service import DirectoryService

log = logging.getLogger("samverkan.directory")

JOB_ID = "directory.freshness"
LOOKUPS_PER_RUN = 50
MAX_ENTRIES_PER_MESSAGE = 10
SEND_HOURS = range(9, 15)


@dataclass
class FreshnessStats:
    emails_learnt: int = 0
    sent: int = 0
    failed: int = 0
    owners_unknown: int = 0


def sending_time(local: datetime) -> bool:
    """Weekdays 09–15, not on Swedish public holidays."""
    return (
        local.weekday() < 5
        and local.hour in SEND_HOURS
        and local.date() not in holidays.country_holidays("SE", years=local.year)
    )


class FreshnessReminder:
    def __init__(
        self,
        db: Database,
        directory: DirectoryService,
        sender: ProactiveSender,
        clock: Clock,
        *,
        timezone: str,
    ) -> None:
        self._db = db
        self._directory = directory
        self._sender = sender
        self._clock = clock
        self._zone = ZoneInfo(timezone)

    async def learn_emails(self, stats: FreshnessStats) -> None:
        async with self._db.session() as session:
            chats = await users.staff_without_email(session, LOOKUPS_PER_RUN)
        for chat in chats:
            email = await self._sender.member_email(chat.reference, tenant_id=chat.tenant_id)
            if email is None or chat.user_id is None:
                continue
            async with self._db.session() as session:
                await users.set_staff_email(session, chat.user_id, email)
            stats.emails_learnt += 1

    async def run_once(self) -> FreshnessStats:
        stats = FreshnessStats()
        now = self._clock.now()
        local = now.astimezone(self._zone)
        if not sending_time(local):
            return stats
        await self.learn_emails(stats)
        period = f"{local.year:04d}-{local.month:02d}"
        for owner_email, ids in (await self._directory.stale_by_owner()).items():
            async with self._db.session() as session:
                owner = await users.staff_by_email(session, owner_email)
                chat = (
                    await users.personal_conversation_for(session, owner.id)
                    if owner is not None
                    else None
                )
            if owner is None or chat is None:
                stats.owners_unknown += 1
                continue
            if not await self._directory.claim_freshness(owner_email, period, len(ids)):
                continue  # already sent this month (here or on another instance)
            contacts = await self._directory.contacts(ids[:MAX_ENTRIES_PER_MESSAGE])
            lang = language_for(owner.locale, owner.language)
            activity = freshness_card(contacts, lang).serialize()
            outcome = await self._sender.send(chat.reference, activity, tenant_id=owner.tenant_id)
            status = "sent" if outcome.delivered else "failed"
            await self._directory.freshness_done(owner_email, period, status)
            async with self._db.session() as session:
                await append_audit_event(
                    session,
                    at=self._clock.now(),
                    action="contact.freshness",
                    outcome="ok" if outcome.delivered else "error",
                    user_id=owner.id,
                    detail=f"{len(ids)} entries",
                )
            if outcome.delivered:
                stats.sent += 1
            else:
                stats.failed += 1
        return stats


def schedule(
    scheduler: AsyncIOScheduler, reminder: FreshnessReminder, every_seconds: float = 3600
) -> None:
    add_interval_job(
        scheduler,
        JOB_ID,
        reminder.run_once,
        every_seconds=every_seconds,
        worth_logging=lambda stats: bool(stats.sent or stats.failed or stats.emails_learnt),
        job_log=log,
    )
