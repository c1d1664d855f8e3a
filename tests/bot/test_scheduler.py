"""The nightly retention job: registered once under a stable id at night in the
bot's time zone, running the retention policy, logging counts only, and swallowing
(and logging) a failure like every other job."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

import bot.scheduler as scheduler_module
from bot.scheduler import RETENTION_JOB_ID, create_scheduler, schedule_retention
from core.clock import FrozenClock
from core.retention import RetentionPolicy
from storage.db import Database
from storage.models import AuditEvent, StateDocument
from tests.support import rows

NOW = datetime(2026, 11, 23, 2, 17, tzinfo=UTC)


async def test_the_retention_job_is_registered_once_at_night_in_the_bots_time_zone(
    sqlite_url: str,
) -> None:
    database = Database(sqlite_url)
    scheduler = create_scheduler(database, FrozenClock(NOW), "Europe/Stockholm")
    schedule_retention(scheduler, database, FrozenClock(NOW), RetentionPolicy())  # replaces
    scheduler.start(paused=True)
    try:
        jobs = scheduler.get_jobs()
    finally:
        scheduler.shutdown(wait=False)
        await database.dispose()

    assert [job.id for job in jobs] == [RETENTION_JOB_ID]
    job = jobs[0]
    fields = {f.name: str(f) for f in job.trigger.fields}
    assert (fields["hour"], fields["minute"], str(job.trigger.timezone)) == (
        "3",
        "17",
        "Europe/Stockholm",
    )
    assert (job.coalesce, job.misfire_grace_time, job.max_instances) == (True, 3600, 1)


async def test_the_job_applies_the_policy_and_logs_counts_only(
    db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    async with db.session() as session:
        await rows.state_document(
            session, "msteams/conversations/a", NOW - timedelta(days=8), {"text": "Anna Berg"}
        )
        await rows.state_document(session, "msteams/conversations/b", NOW - timedelta(days=6))
    scheduler = create_scheduler(
        db, FrozenClock(NOW), "Europe/Stockholm", RetentionPolicy(conversation_state=7)
    )
    job = scheduler.get_job(RETENTION_JOB_ID)

    with caplog.at_level(logging.INFO, logger="samverkan.jobs"):
        await job.func()

    async with db.session() as session:
        keys = list(await session.scalars(select(StateDocument.key)))
        runs = list(
            await session.scalars(
                select(AuditEvent.role).where(AuditEvent.action == "retention.run")
            )
        )
    assert keys == ["msteams/conversations/b"]
    assert runs == ["job"]
    logged = [r.getMessage() for r in caplog.records if r.name == "samverkan.jobs"]
    assert logged == [
        f"job {RETENTION_JOB_ID}: clients=0 outsiders=0 reminders=0 occurrences=0 prompts=0 "
        "state=1 drafts=0 freshness=0 staff=0 audit=0"
    ]
    assert "Anna" not in caplog.text


async def test_a_failing_run_is_logged_and_swallowed(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    async def fail(*_args: object, **_kw: object) -> None:
        raise RuntimeError("database gone")

    monkeypatch.setattr(scheduler_module, "apply_retention", fail)
    database = Database(sqlite_url)
    try:
        job = create_scheduler(database, FrozenClock(NOW), "Europe/Stockholm").get_job(
            RETENTION_JOB_ID
        )
        await job.func()  # does not raise
    finally:
        await database.dispose()

    failures = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert [r.getMessage() for r in failures] == [f"job {RETENTION_JOB_ID} failed"]
    assert failures[0].exc_info is not None
