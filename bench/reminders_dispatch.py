"""Running dispatchers for the reminder benchmark, in one event loop.

The dispatchers are the real ReminderDispatcher with the real ProactiveSender (one
each, as separate bot instances would have). Their FrozenClock stands at the due
minute when dispatching starts and then follows the wall clock in small steps,
so leases, retry times and the "late" mark (more than 2 minutes after the due
time) behave as in production. Each dispatcher runs `drain()`, the scheduled
job's body, back to back until no occurrence is pending or claimed, or the
deadline passes.
"""

from __future__ import annotations

import asyncio
import cProfile
import logging
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select

from bench.reminders_seed import DUE_AT
from bot.reminder_dispatcher import DispatchStats, ReminderDispatcher
from core.clock import FrozenClock
from core.rate_limit import TEAMS_LIMITS, TeamsLimits, Window
from storage import reminders_repository as repo
from storage.db import Database
from storage.models import ReminderOccurrence

TICK = 0.05  # how often the frozen clock catches up with the wall clock, seconds
IDLE = 0.1  # pause before looking again when others still hold rows
UNLIMITED = TeamsLimits(per_conversation=(Window(10**9, 1.0),), per_tenant=(Window(10**9, 1.0),))


class LogSink(logging.Handler):
    """Formats every record (so the cost of logging each attempt is in the figures)
    and keeps only counts, and the first few warnings."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.counts: Counter[str] = Counter()
        self.samples: list[str] = []

    @classmethod
    def install(cls) -> LogSink:
        """Root at WARNING, this service's loggers at INFO: every attempt, as in production."""
        sink = cls()
        logging.basicConfig(level=logging.WARNING, handlers=[sink], force=True)
        logging.getLogger("samverkan").setLevel(logging.INFO)
        return sink

    def emit(self, record: logging.LogRecord) -> None:
        line = self.format(record)
        self.counts[record.levelname] += 1
        if record.levelno >= logging.WARNING and len(self.samples) < 5:
            self.samples.append(line.splitlines()[0][:200])


@dataclass(frozen=True)
class RunOptions:
    count: int = 10_000
    tenants: int = 100
    limits: bool = True
    batch_size: int = 100  # the dispatcher's defaults
    concurrency: int = 16
    deadline: float = 300.0  # per scenario, for dispatching
    profile_dir: Path | None = None

    @property
    def teams_limits(self) -> TeamsLimits:
        return TEAMS_LIMITS if self.limits else UNLIMITED


@dataclass(frozen=True)
class Scenario:
    name: str
    instances: int
    processes: bool = False  # each instance in a process of its own


def instance_id(scenario: Scenario, index: int) -> str:
    return f"bench-{scenario.name}-{chr(ord('a') + index)}"


@dataclass
class Dispatch:
    """How dispatching went, before anything is counted."""

    started: float  # time.monotonic() when the clock stood at the due minute
    seconds: float = 0.0  # until every dispatcher had stopped
    totals: list[DispatchStats] = field(default_factory=list)
    deadline_passed: bool = False
    errors: list[str] = field(default_factory=list)
    profile: cProfile.Profile | None = None
    # Log records per level, and the first warnings, from instance processes.
    child_log: Counter[str] = field(default_factory=Counter)
    child_log_samples: list[str] = field(default_factory=list)


async def follow_wall_clock(clock: FrozenClock, started: float) -> None:
    while True:
        target = DUE_AT + timedelta(seconds=time.monotonic() - started)
        if target > clock.now():
            clock.advance(target - clock.now())
        await asyncio.sleep(TICK)


async def open_count(db: Database) -> int:
    async with db.session() as session:
        count = await session.scalar(
            select(func.count())
            .select_from(ReminderOccurrence)
            .where(ReminderOccurrence.state.in_(repo.OPEN_STATES))
        )
    return count or 0


async def drive(dispatcher: ReminderDispatcher, db: Database, total: DispatchStats) -> None:
    """The scheduled job's body, back to back, until nothing is open any more."""
    while True:
        stats = await dispatcher.drain()
        total.add(stats)
        if await open_count(db) == 0:
            return
        if stats.claimed == 0:
            await asyncio.sleep(IDLE)


async def dispatch(
    dispatchers: list[ReminderDispatcher],
    databases: list[Database],
    clock: FrozenClock,
    options: RunOptions,
) -> Dispatch:
    """Run every dispatcher at once until nothing is open or the deadline passes."""
    profiler = cProfile.Profile() if options.profile_dir else None
    clock.advance(DUE_AT - clock.now())
    run = Dispatch(started=time.monotonic(), profile=profiler)
    run.totals = [DispatchStats() for _ in dispatchers]
    ticking = asyncio.create_task(follow_wall_clock(clock, run.started))
    tasks = [
        asyncio.create_task(drive(d, db, total))
        for d, db, total in zip(dispatchers, databases, run.totals, strict=True)
    ]
    if profiler:
        profiler.enable()
    try:
        _, pending = await asyncio.wait(tasks, timeout=options.deadline)
    finally:
        if profiler:
            profiler.disable()
    for task in [*pending, ticking]:
        task.cancel()
    outcomes = await asyncio.gather(*tasks, ticking, return_exceptions=True)
    run.seconds = time.monotonic() - run.started
    run.deadline_passed = bool(pending)
    run.errors = [
        f"{type(o).__name__}: {o}"
        for o in outcomes
        if isinstance(o, BaseException) and not isinstance(o, asyncio.CancelledError)
    ]
    return run
