"""The scheduler and its jobs. Jobs are one more entry point: they hold no state,
open their own database session, and log failures like user turns do."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import TypeVar

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from core.clock import Clock
from storage.db import Database
from storage.housekeeping import purge_stale_state

log = logging.getLogger("samverkan.jobs")

STATE_TTL = timedelta(days=30)
T = TypeVar("T")


def add_interval_job(
    scheduler: AsyncIOScheduler,
    job_id: str,
    run: Callable[[], Awaitable[T]],
    *,
    every_seconds: float,
    worth_logging: Callable[[T], bool],
    job_log: logging.Logger = log,
) -> None:
    """Run `run` every few seconds: one run at a time, missed runs merged, a failure
    logged (never raised into the scheduler), the result logged when worth it. A
    stable id, so scheduling again replaces instead of adding a second copy."""

    async def job() -> None:
        try:
            result = await run()
        except Exception:
            job_log.exception("job %s failed", job_id)
            return
        if worth_logging(result):
            job_log.info("job %s: %s", job_id, result)

    scheduler.add_job(
        job,
        "interval",
        seconds=every_seconds,
        id=job_id,
        replace_existing=True,
        max_instances=1,
        coalesce=True,
    )


def create_scheduler(db: Database, clock: Clock, timezone: str) -> AsyncIOScheduler:
    scheduler = AsyncIOScheduler(timezone=timezone)

    async def purge_state_job() -> None:
        try:
            async with db.session() as session:
                removed = await purge_stale_state(session, clock.now() - STATE_TTL)
            if removed:
                log.info("purged %d stale state documents", removed)
        except Exception:
            log.exception("job purge_state failed")

    # A stable id, so rescheduling replaces instead of adding a second copy.
    scheduler.add_job(
        purge_state_job,
        "cron",
        hour=3,
        minute=17,
        id="housekeeping.purge_state",
        replace_existing=True,
        coalesce=True,
        misfire_grace_time=3600,
    )
    return scheduler
