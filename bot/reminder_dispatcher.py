"""Delivers due reminders: claim, send each recipient's on its own lane, record each
result at once, plan what comes next.

A claim takes up to batch_size due occurrences (atomically, across instances: see
storage/reminders_repository.py), leaving out the recipients this instance is still
sending to. Each recipient (a person's chat, or a team conversation) gets a lane:
its due occurrences go out one after another (at most `per_conversation` of them
per claim; the rest are handed back), older than the grace window ones as ONE
summary. Lanes run side by side, and the dispatcher claims more while they run
(drain), so one hung or throttled conversation holds up nobody else: a send takes
a concurrency slot only for its first `slow_after` seconds, and ends after
send_timeout, well inside the lease. While claims are in flight their lease is
extended every lease / 3.

Each send's result is recorded in a short transaction of its own as soon as it is
known, fenced by the claim: an instance killed mid-run leaves only the sends in
flight uncertain, and those alone can go out twice (after the lease, by another
instance). Every attempt is logged. A send that raises counts as a transient
failure, logged with its traceback; transient failures come back with backoff,
permanent ones (403/404) mark the user unreachable until they write again.
"""

from __future__ import annotations

import asyncio
import logging
import os
import random
import socket
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy.ext.asyncio import AsyncSession

from bot.reminder_recording import DispatchStats, GroupCommit, ReminderRecorder
from bot.scheduler import add_interval_job
from core.clock import Clock
from core.delivery import Sender, SendOutcome, SendSlots
from core.i18n import language_for
from core.preferences import known_timezone
from core.reminder_plan import GRACE, Backoff, Timing, plan_missed, timing_of
from dialogs.cards.reminder import MissedItem, missed_summary_activity, reminder_activity
from storage import reminders_repository as repo
from storage.db import Database
from storage.records import ClaimedOccurrence

log = logging.getLogger("samverkan.reminders")

JOB_ID = "reminders.dispatch"
DEFAULT_TIMEZONE = "Europe/Stockholm"
LaneKey = tuple[str, Any]  # ("user", user id) or ("conversation", conversation id)


@dataclass
class _Lane:
    """One recipient's share of a claim: sent one after another, never two at once."""

    key: LaneKey
    due: list[tuple[ClaimedOccurrence, Timing]] = field(default_factory=list)
    missed: list[ClaimedOccurrence] = field(default_factory=list)

    @property
    def ids(self) -> list[int]:
        return [item.occurrence_id for item, _ in self.due] + [
            item.occurrence_id for item in self.missed
        ]


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
        concurrency: int = 64,
        max_claims: int = 500,
        per_conversation: int = 5,
        send_timeout: timedelta = timedelta(seconds=60),
        slow_after: float = 0.5,
        poll: float = 1.0,
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
        self._max_claims = max(max_claims, batch_size)
        self._per_conversation = max(1, per_conversation)
        self._recorder = ReminderRecorder(self.instance_id, backoff or Backoff(), rand)
        self._results = GroupCommit(db, clock)
        self._slots = SendSlots(concurrency, slow_after)
        self._poll = poll
        self._recipient_user_id = recipient_user_id  # only this person's (terminal chat)
        # A send still running when the lease ends could go out twice: the lease is
        # extended while it runs, and a send never runs longer than half a lease.
        self._send_timeout = min(send_timeout, lease / 2).total_seconds()
        self._held: set[int] = set()  # occurrence ids claimed and not yet recorded
        self._busy: set[LaneKey] = set()  # recipients with a lane running

    async def run_once(self) -> DispatchStats:
        """Claim one batch and deliver it (each result recorded as it comes)."""
        stats = DispatchStats()
        async with self._keeping_leases():
            lanes = await self._claim(self._batch_size, stats)
            if lanes:
                await asyncio.gather(*lanes)
        return stats

    async def drain(self, max_batches: int = 50) -> DispatchStats:
        """Claim and deliver until nothing is due and every lane has finished.

        Claims go on while lanes run, a batch at a time whenever a batch fits under
        max_claims in flight: at once after a full claim, else `poll` seconds after
        the last one (what came due meanwhile, or was handed back). After
        max_batches claims that found something it only waits for its lanes."""
        loop = asyncio.get_running_loop()
        stats = DispatchStats()
        running: set[asyncio.Task[None]] = set()
        batches = 0
        look_at = loop.time()  # when to claim again after a claim that was not full
        left_out = False  # the last claim left out busy recipients, or handed some back
        async with self._keeping_leases():
            try:
                while True:
                    fits = self._max_claims - len(self._held) >= self._batch_size
                    if batches < max_batches and fits and loop.time() >= look_at:
                        before = (stats.claimed, stats.released)
                        left_out = bool(self._busy)
                        running |= await self._claim(self._batch_size, stats)
                        got = stats.claimed - before[0]
                        left_out = left_out or stats.released > before[1]
                        batches += int(got > 0)
                        if got + stats.released - before[1] >= self._batch_size:
                            continue  # more may be due
                        look_at = loop.time() + self._poll
                    if not running:
                        if left_out and batches < max_batches:
                            look_at = loop.time()  # their lanes are done: look again
                            left_out = False
                            continue
                        break
                    _, running = await asyncio.wait(
                        running,
                        timeout=max(look_at - loop.time(), 0.01),
                        return_when=asyncio.FIRST_COMPLETED,
                    )
            finally:
                for task in running:
                    task.cancel()
        return stats

    # -- claiming ----------------------------------------------------------------
    async def _claim(self, limit: int, stats: DispatchStats) -> set[asyncio.Task[None]]:
        """Claim up to limit, record the unsendable ones, start a task per lane."""
        now = self._clock.now()
        async with self._db.session() as session:
            claimed = await repo.claim_due(
                session,
                now,
                instance_id=self.instance_id,
                limit=limit,
                lease=self._lease,
                recipient_user_id=self._recipient_user_id,
                busy_users=[key for kind, key in self._busy if kind == "user"],
                busy_conversations=[key for kind, key in self._busy if kind == "conversation"],
            )
            lanes, nowhere, extra = self._sort(claimed, now)
            if extra:
                stats.released += await repo.release_claims(
                    session,
                    [item.occurrence_id for item in extra],
                    instance_id=self.instance_id,
                    due_again_at=now,
                )
            at = self._clock.now()
            for item in nowhere:
                await self._recorder.nowhere(session, item, at, stats)
        stats.claimed += len(claimed) - len(extra)
        tasks: set[asyncio.Task[None]] = set()
        for lane in lanes:
            self._busy.add(lane.key)
            self._held.update(lane.ids)
            tasks.add(asyncio.create_task(self._run_lane(lane, now, stats)))
        return tasks

    def _sort(
        self, claimed: list[ClaimedOccurrence], now: datetime
    ) -> tuple[list[_Lane], list[ClaimedOccurrence], list[ClaimedOccurrence]]:
        """Lanes per recipient, the unsendable ones, and the ones beyond a lane's share
        (due ones only: a recipient's missed ones are one summary however many)."""
        lanes: dict[LaneKey, _Lane] = {}
        nowhere: list[ClaimedOccurrence] = []
        extra: list[ClaimedOccurrence] = []
        for item in claimed:  # oldest first
            if item.reference is None:
                nowhere.append(item)
                continue
            key = _recipient_key(item)
            if key in self._busy:  # a lane of an earlier claim has it (the claim raced)
                extra.append(item)
                continue
            lane = lanes.setdefault(key, _Lane(key))
            timing = timing_of(item.due_at, now, grace=self._grace)
            if timing is Timing.MISSED:
                lane.missed.append(item)
            elif len(lane.due) < self._per_conversation:
                lane.due.append((item, timing))
            else:
                extra.append(item)
        return [lane for lane in lanes.values() if lane.due or lane.missed], nowhere, extra

    @asynccontextmanager
    async def _keeping_leases(self) -> AsyncIterator[None]:
        """Extend the lease of every claim in flight every lease / 3, while inside."""
        keeper = asyncio.create_task(self._keep_leases())
        try:
            yield
        finally:
            keeper.cancel()
            await asyncio.gather(keeper, return_exceptions=True)

    async def _keep_leases(self) -> None:
        every = self._lease.total_seconds() / 3
        while True:
            await asyncio.sleep(every)
            held = set(self._held)
            if not held:
                continue
            try:
                async with self._db.session() as session:
                    kept = await repo.extend_claims(
                        session,
                        held,
                        instance_id=self.instance_id,
                        until=self._clock.now() + self._lease,
                    )
            except Exception:  # the database may be away for a moment; try again
                log.exception("extending the lease of %d claims failed", len(held))
                continue
            lost = (held & self._held) - kept  # not recorded yet, yet not ours
            if lost:
                log.warning("lost the claim of occurrences %s (marked meanwhile?)", sorted(lost))

    # -- sending ----------------------------------------------------------------
    async def _run_lane(self, lane: _Lane, now: datetime, stats: DispatchStats) -> None:
        """The recipient's summary, then their due ones in order, each recorded at once."""
        try:
            if lane.missed:
                await self._summarise(lane.missed, now, stats)
            for item, timing in lane.due:
                await self._deliver(item, timing, now, stats)
        except Exception:  # a bug, not a send failure: those become outcomes
            log.exception("lane %s stopped: its claims come back after the lease", lane.key)
        finally:
            self._busy.discard(lane.key)
            self._held.difference_update(lane.ids)

    async def _deliver(
        self, item: ClaimedOccurrence, timing: Timing, now: datetime, stats: DispatchStats
    ) -> None:
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
        outcome = await self._send(item, activity, what=f"reminder ({timing})")
        await self._recording(
            [item],
            lambda session, at: self._recorder.delivery(session, item, timing, outcome, at, stats),
        )
        self._held.discard(item.occurrence_id)

    async def _summarise(
        self, group: list[ClaimedOccurrence], now: datetime, stats: DispatchStats
    ) -> None:
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
        await self._recording(
            group,
            lambda session, at: self._recorder.missed(session, group, plans, outcome, at, stats),
        )
        self._held.difference_update(item.occurrence_id for item in group)

    async def _send(
        self, item: ClaimedOccurrence, activity: dict[str, Any], *, what: str
    ) -> SendOutcome:
        return await self._slots.run(self._send_in_time(item, activity, what=what))

    async def _send_in_time(
        self, item: ClaimedOccurrence, activity: dict[str, Any], *, what: str
    ) -> SendOutcome:
        reference = item.reference
        if reference is None:  # _sort keeps these apart
            raise ValueError(f"occurrence {item.occurrence_id} has no conversation reference")
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
    async def _recording(
        self,
        items: list[ClaimedOccurrence],
        record: Callable[[AsyncSession, datetime], Any],
    ) -> None:
        """One send's result, committed at once (with the others that arrive while the
        transaction before it commits). If it fails, the claim stays and the
        occurrence comes back after the lease (it may then go out twice)."""
        try:
            await self._results.record(record)
        except Exception:
            log.exception(
                "recording occurrences %s failed: they come back after the lease",
                [item.occurrence_id for item in items],
            )


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
