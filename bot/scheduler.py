"""The scheduler and its jobs. Jobs are one more entry point: they hold no state,
open their own database session, and log failures like user turns do."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from core.clock import Clock
from core.retention import RetentionPolicy
from storage.db import Database
from storage.retention import apply_retention

log = logging.getLogger("samverkan.jobs")

RETENTION_JOB_ID = "housekeeping.retention"
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


def create_scheduler(
    db: Database, clock: Clock, timezone: str, retention: RetentionPolicy | None = None
) -> AsyncIOScheduler:
    scheduler = AsyncIOScheduler(timezone=timezone)
    schedule_retention(scheduler, db, clock, retention or RetentionPolicy())
    return scheduler


def schedule_retention(
    scheduler: AsyncIOScheduler, db: Database, clock: Clock, policy: RetentionPolicy
) -> None:
    """Every night at 03:17 in the scheduler's (the bot's) time zone: delete or
    anonymise what the retention policy says has expired (storage/retention.py).
    Safe when several instances run it at once; a night missed while down runs once
    within the hour, or waits for the next night."""

    async def retention_job() -> None:
        try:
            report = await apply_retention(db, policy, clock.now())
        except Exception:
            log.exception("job %s failed", RETENTION_JOB_ID)
            return
        # Counts only: never what the rows said.
        log.info("job %s: %s", RETENTION_JOB_ID, report.summary())

    scheduler.add_job(
        retention_job,
        "cron",
        hour=3,
        minute=17,
        id=RETENTION_JOB_ID,
        replace_existing=True,
        max_instances=1,
        coalesce=True,
        misfire_grace_time=3600,
    )
