"""Delivers due reminders: claim a batch, send, mark the results, plan what comes next.

One run claims up to batch_size due occurrences (atomically, across instances: see
storage/reminders_repository.py), then, outside any database session, sends the
ones due within the grace window (at most `concurrency` at once; the sender keeps
to Teams' rate limits) and ONE summary per recipient of those older than that.
Every attempt is logged. A send that raises counts as a transient failure, logged
with its traceback; transient failures come back with backoff, permanent ones
(403/404) mark the user unreachable until they write again.
"""

from __future__ import annotations

import asyncio
import logging
import os
import random
import socket
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy.ext.asyncio import AsyncSession

from bot.scheduler import add_interval_job
from core.clock import Clock
from core.delivery import Sender, SendOutcome
from core.i18n import language_for
from core.preferences import known_timezone
from core.reminder_plan import GRACE, Backoff, MissedPlan, Timing, plan_missed, timing_of
from dialogs.cards.reminder import MissedItem, missed_summary_activity, reminder_activity
from storage import reminders_repository as repo
from storage.db import Database
from storage.records import ClaimedOccurrence

log = logging.getLogger("samverkan.reminders")

JOB_ID = "reminders.dispatch"
DEFAULT_TIMEZONE = "Europe/Stockholm"


@dataclass
class DispatchStats:
    claimed: int = 0
    sent: int = 0
    late: int = 0
    missed: int = 0
    summaries: int = 0
    retried: int = 0
    failed: int = 0
    unreachable: int = 0

    def add(self, other: DispatchStats) -> None:
        for name in (f.name for f in fields(self)):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class _Batch:
    due: list[tuple[ClaimedOccurrence, Timing]] = field(default_factory=list)
    missed: list[list[ClaimedOccurrence]] = field(default_factory=list)  # per recipient
    nowhere: list[ClaimedOccurrence] = field(default_factory=list)


def default_instance_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class ReminderDispatcher:
    def __init__(
        self,
        db: Database,
        sender: Sender,
        clock: Clock,
        *,
        instance_id: str | None = None,
        grace: timedelta = GRACE,
        batch_size: int = 100,
        lease: timedelta = timedelta(minutes=5),
        concurrency: int = 16,
        backoff: Backoff | None = None,
        rand: Callable[[], float] = random.random,
        recipient_user_id: int | None = None,
    ) -> None:
        self._db = db
        self._sender = sender
        self._clock = clock
        self.instance_id = instance_id or default_instance_id()
        self._grace = grace
        self._batch_size = batch_size
        self._lease = lease
        self._backoff = backoff or Backoff()
        self._rand = rand
        self._slots = asyncio.Semaphore(concurrency)
        self._recipient_user_id = recipient_user_id  # only this person's (terminal chat)
        # A send still running when the lease ends could go out twice: stop waiting first.
        self._send_timeout = lease.total_seconds() / 2

    async def run_once(self) -> DispatchStats:
        """Claim one batch and deliver it."""
        now = self._clock.now()
        async with self._db.session() as session:
            claimed = await repo.claim_due(
                session,
                now,
                instance_id=self.instance_id,
                limit=self._batch_size,
                lease=self._lease,
                recipient_user_id=self._recipient_user_id,
            )
        stats = DispatchStats(claimed=len(claimed))
        if not claimed:
            return stats
        batch = self._sort(claimed, now)
        deliveries = await asyncio.gather(*(self._deliver(i, t, now) for i, t in batch.due))
        summaries = await asyncio.gather(*(self._summarise(g, now) for g in batch.missed))
        async with self._db.session() as session:
            at = self._clock.now()
            for item in batch.nowhere:
                await self._record_nowhere(session, item, at, stats)
            for (item, timing), outcome in zip(batch.due, deliveries, strict=True):
                await self._record_delivery(session, item, timing, outcome, at, stats)
            for group, (outcome, plans) in zip(batch.missed, summaries, strict=True):
                await self._record_missed(session, group, plans, outcome, at, stats)
        return stats

    def _sort(self, claimed: list[ClaimedOccurrence], now: datetime) -> _Batch:
        """Due (on time or late) ones, missed ones grouped by recipient, unsendable ones."""
        batch = _Batch()
        missed: dict[tuple[str, Any], list[ClaimedOccurrence]] = {}
        for item in claimed:
            timing = timing_of(item.due_at, now, grace=self._grace)
            if item.reference is None:
                batch.nowhere.append(item)
            elif timing is Timing.MISSED:
                missed.setdefault(_recipient_key(item), []).append(item)
            else:
                batch.due.append((item, timing))
        batch.missed = list(missed.values())
        return batch

    async def drain(self, max_batches: int = 50) -> DispatchStats:
        """Run batches until fewer than a full batch is due (or max_batches ran)."""
        total = DispatchStats()
        for _ in range(max_batches):
            stats = await self.run_once()
            total.add(stats)
            if stats.claimed < self._batch_size:
                break
        return total

    # -- sending ----------------------------------------------------------------
    async def _deliver(self, item: ClaimedOccurrence, timing: Timing, now: datetime) -> SendOutcome:
        own = item.recipient_user_id == item.owner_user_id
        activity = reminder_activity(
            occurrence_id=item.occurrence_id,
            text=item.text,
            lang=language_for(item.locale, item.language),
            due_at=item.due_at,
            now=now,
            tz=_zone(item.timezone),
            late=timing is Timing.LATE,
            recurring=item.rule is not None,
            from_name=None if own else item.owner_name,
        )
        return await self._send(item, activity, what=f"reminder ({timing})")

    async def _summarise(
        self, group: list[ClaimedOccurrence], now: datetime
    ) -> tuple[SendOutcome, list[MissedPlan]]:
        plans = [
            plan_missed(
                item.rule,
                item.dtstart_local,
                _zone(item.timezone),
                item.due_at,
                now,
                grace=self._grace,
            )
            for item in group
        ]
        first = group[0]
        items = [
            MissedItem(item.text, item.due_at, _zone(item.timezone), plan.skipped)
            for item, plan in zip(group, plans, strict=True)
        ]
        activity = missed_summary_activity(
            items,
            language_for(first.locale, first.language),
            team=first.recipient_user_id is None,
        )
        outcome = await self._send(first, activity, what=f"missed summary of {len(group)}")
        return outcome, plans

    async def _send(
        self, item: ClaimedOccurrence, activity: dict[str, Any], *, what: str
    ) -> SendOutcome:
        reference = item.reference
        if reference is None:  # _sort keeps these apart
            raise ValueError(f"occurrence {item.occurrence_id} has no conversation reference")
        async with self._slots:
            try:
                async with asyncio.timeout(self._send_timeout):
                    outcome = await self._sender.send(reference, activity, tenant_id=item.tenant_id)
            except Exception as exc:  # a transient failure, logged with its traceback
                log.exception(
                    "reminder %s occurrence %s attempt %d: %s: the sender raised",
                    item.reminder_id,
                    item.occurrence_id,
                    item.attempts,
                    what,
                )
                outcome = SendOutcome(delivered=False, error=f"{type(exc).__name__}: {exc}")
        log.info(
            "reminder %s occurrence %s attempt %d: %s: delivered=%s status=%s "
            "http_attempts=%d permanent=%s retry_after=%s error=%s",
            item.reminder_id,
            item.occurrence_id,
            item.attempts,
            what,
            outcome.delivered,
            outcome.status,
            outcome.attempts,
            outcome.permanent,
            outcome.retry_after,
            outcome.error,
        )
        return outcome

    # -- recording --------------------------------------------------------------
    async def _record_nowhere(
        self, session: AsyncSession, item: ClaimedOccurrence, at: datetime, stats: DispatchStats
    ) -> None:
        log.warning(
            "reminder %s occurrence %s attempt %d: no conversation to send to",
            item.reminder_id,
            item.occurrence_id,
            item.attempts,
        )
        await repo.mark_failed(
            session,
            item.occurrence_id,
            instance_id=self.instance_id,
            at=at,
            error="no conversation reference",
        )
        stats.failed += 1

    async def _record_delivery(
        self,
        session: AsyncSession,
        item: ClaimedOccurrence,
        timing: Timing,
        outcome: SendOutcome,
        at: datetime,
        stats: DispatchStats,
    ) -> None:
        if outcome.delivered:
            late = timing is Timing.LATE
            await repo.mark_sent(
                session,
                item.occurrence_id,
                instance_id=self.instance_id,
                at=at,
                activity_id=outcome.activity_id,
                late=late,
            )
            stats.sent += 1
            stats.late += int(late)
            return
        await self._record_failure(session, item, outcome, at, stats)

    async def _record_failure(
        self,
        session: AsyncSession,
        item: ClaimedOccurrence,
        outcome: SendOutcome,
        at: datetime,
        stats: DispatchStats,
    ) -> None:
        error = f"status {outcome.status}: {outcome.error or 'not delivered'}"
        if outcome.permanent:
            if item.recipient_user_id is not None:
                await repo.mark_unreachable(session, item.recipient_user_id, at)
                stats.unreachable += 1
            await repo.mark_failed(
                session, item.occurrence_id, instance_id=self.instance_id, at=at, error=error
            )
            stats.failed += 1
        elif self._backoff.gives_up(item.attempts):
            await repo.mark_failed(
                session,
                item.occurrence_id,
                instance_id=self.instance_id,
                at=at,
                error=f"gave up after {item.attempts} attempts; {error}",
            )
            stats.failed += 1
        else:
            delay = self._backoff.delay(
                item.attempts, retry_after=outcome.retry_after, rand=self._rand
            )
            await repo.mark_retry(
                session,
                item.occurrence_id,
                instance_id=self.instance_id,
                next_attempt_at=at + delay,
                error=error,
            )
            stats.retried += 1

    async def _record_missed(
        self,
        session: AsyncSession,
        group: list[ClaimedOccurrence],
        plans: list[MissedPlan],
        outcome: SendOutcome,
        at: datetime,
        stats: DispatchStats,
    ) -> None:
        final = (
            outcome.delivered
            or outcome.permanent
            or self._backoff.gives_up(max(item.attempts for item in group))
        )
        if not final:  # the summary comes again with the next try
            for item in group:
                await self._record_failure(session, item, outcome, at, stats)
            return
        if outcome.delivered:
            stats.summaries += 1
            note = None
        else:
            note = f"summary not delivered: status {outcome.status}: {outcome.error}"
            recipient = group[0].recipient_user_id
            if outcome.permanent and recipient is not None:
                await repo.mark_unreachable(session, recipient, at)
                stats.unreachable += 1
        for item, plan in zip(group, plans, strict=True):
            await repo.mark_missed(
                session,
                item.occurrence_id,
                instance_id=self.instance_id,
                at=at,
                resume_after=plan.resume_after,
                note=note,
                activity_id=outcome.activity_id,
            )
            stats.missed += 1


def _recipient_key(item: ClaimedOccurrence) -> tuple[str, Any]:
    if item.recipient_user_id is not None:
        return ("user", item.recipient_user_id)
    return ("conversation", item.conversation_id)


def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(known_timezone(name) or DEFAULT_TIMEZONE)


def schedule(
    scheduler: AsyncIOScheduler, dispatcher: ReminderDispatcher, every_seconds: float = 5
) -> None:
    """Deliver due reminders every few seconds."""
    add_interval_job(
        scheduler,
        JOB_ID,
        dispatcher.drain,
        every_seconds=every_seconds,
        worth_logging=lambda stats: bool(stats.claimed),
        job_log=log,
    )
