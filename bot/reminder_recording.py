"""How the outcome of one reminder send becomes its occurrences' new state: sent
(late or not), retried with backoff, failed (permanent, or too many attempts; a
403/404 marks the person unreachable until they write again), or missed and told
in a summary. Every mark is fenced by this instance's claim (storage/
reminders_repository.py); the dispatcher calls one of these per send as soon as
the send's outcome is known, through GroupCommit."""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, fields
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from core.clock import Clock
from core.delivery import SendOutcome
from core.reminder_plan import Backoff, MissedPlan, Timing
from storage import reminders_repository as repo
from storage.db import Database
from storage.records import ClaimedOccurrence

log = logging.getLogger("samverkan.reminders")


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
    released: int = 0  # claimed, then handed back unsent (more than a lane takes)

    def add(self, other: DispatchStats) -> None:
        for name in (f.name for f in fields(self)):
            setattr(self, name, getattr(self, name) + getattr(other, name))


class ReminderRecorder:
    def __init__(
        self,
        instance_id: str,
        backoff: Backoff,
        rand: Callable[[], float] = random.random,
    ) -> None:
        self.instance_id = instance_id
        self._backoff = backoff
        self._rand = rand

    async def nowhere(
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

    async def delivery(
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
        await self._failure(session, item, outcome, at, stats)

    async def _failure(
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

    async def missed(
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
                await self._failure(session, item, outcome, at, stats)
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


Record = Callable[[AsyncSession, datetime], Awaitable[None]]


class GroupCommit:
    """Results recorded as soon as they are known, several to a transaction.

    A result waits only while the transaction before it commits: the first result
    to arrive when none is being written leads, and commits it together with every
    result that arrives meanwhile, until none waits (group commit, as databases do
    for their logs). So a crash leaves unrecorded only the sends in flight and the
    results of one commit, while a burst costs one commit per group instead of one
    per send (one per send halved the 10,000-reminder burst's throughput).

    If a group's transaction fails, each of its results is tried again alone, so
    that one bad row does not lose the others' records. A result that cannot be
    recorded raises in its caller; its claim stays and comes back after the lease.
    """

    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock
        self._waiting: list[tuple[Record, asyncio.Future[None]]] = []
        self._leading = False

    async def record(self, record: Record) -> None:
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiting.append((record, done))
        if not self._leading:
            self._leading = True
            try:
                while self._waiting:
                    group, self._waiting = self._waiting, []
                    await self._commit(group)
            finally:
                self._leading = False
                for _, pending in self._waiting:  # the leader was cancelled
                    if not pending.done():
                        pending.set_exception(RuntimeError("recording was cancelled"))
                self._waiting = []
        await done

    async def _commit(self, group: list[tuple[Record, asyncio.Future[None]]]) -> None:
        try:
            async with self._db.session() as session:
                at = self._clock.now()
                for record, _ in group:
                    await record(session, at)
        except Exception as error:
            if len(group) == 1:
                _settle(group, error)
                return
            for one in group:  # find the one that fails; the others are recorded
                await self._commit([one])
            return
        except BaseException:
            _settle(group, RuntimeError("recording was cancelled"))
            raise
        _settle(group, None)


def _settle(group: list[tuple[Record, asyncio.Future[None]]], error: Exception | None) -> None:
    for _, done in group:
        if done.done():
            continue
        if error is None:
            done.set_result(None)
        else:
            done.set_exception(error)
