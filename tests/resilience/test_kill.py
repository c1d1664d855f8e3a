"""kill -9 mid-delivery: instance processes running the real dispatcher and sender
against the fake connector on loopback; one is killed with SIGKILL while sends are
in flight (the connector holds their answers, so the kill lands mid-send). On
SQLite a second instance takes over after the lease; on PostgreSQL a second one
runs beside the killed one from the start. Nothing is lost, and what goes out
twice is at most what was in flight at the kill (received, not yet answered)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
from pathlib import Path

from sqlalchemy import func, select

from storage.db import Database
from storage.models import ReminderOccurrence
from tests.resilience.conftest import outcome, seed_due, until
from tests.support.fake_connector import FakeConnector

ROOT = Path(__file__).resolve().parents[2]
COUNT = 150
ANSWERED_BEFORE_HOLD = 50  # not a multiple of the instance's batch of 20
LEASE_SECONDS = "6"  # a send times out after half of it
# How long the killer waits for the answered sends to be recorded before it kills
# anyway: well inside the send timeout, so that a dispatcher that records a batch
# only once its slowest send has ended gets killed with answered sends unrecorded.
RECORDING_WAIT = 2.5


async def start_instance(url: str, name: str) -> asyncio.subprocess.Process:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tests.resilience.instance",
        url,
        name,
        LEASE_SECONDS,
        cwd=ROOT,
        stdout=asyncio.subprocess.PIPE,
    )
    assert process.stdout is not None
    line = await asyncio.wait_for(process.stdout.readline(), 60)
    assert line.strip() == b"ready", line
    return process


async def sent_count(db: Database) -> int:
    async with db.session() as session:
        count = await session.scalar(select(func.count()).where(ReminderOccurrence.state == "sent"))
    return count or 0


async def test_a_killed_instance_doubles_at_most_its_sends_in_flight(
    database_url: str, db: Database, connector: FakeConnector
) -> None:
    await seed_due(db, connector, COUNT)
    connector.hold_answers(after=ANSWERED_BEFORE_HOLD)
    on_postgres = not db.is_sqlite
    doomed = await start_instance(database_url, "doomed")
    survivor = await start_instance(database_url, "survivor") if on_postgres else None
    try:

        async def some_answered_some_held() -> bool:
            return connector.answered.count(200) >= ANSWERED_BEFORE_HOLD and connector.held > 0

        async def answered_ones_recorded() -> bool:
            return await sent_count(db) == connector.answered.count(200)

        await until(some_answered_some_held, "answered sends, and sends in flight")
        with contextlib.suppress(AssertionError):  # kill anyway: the test then fails
            await until(answered_ones_recorded, "answered sends recorded", RECORDING_WAIT)
        os.kill(doomed.pid, signal.SIGKILL)
        assert await doomed.wait() == -signal.SIGKILL
        await asyncio.sleep(0.3)  # what the dead instance wrote before it died arrives
        in_flight = connector.held
        connector.release_answers()
        if survivor is None:
            survivor = await start_instance(database_url, "survivor")
        assert await asyncio.wait_for(survivor.wait(), 90) == 0
    finally:
        for process in (doomed, survivor):
            if process is not None and process.returncode is None:
                process.kill()
                await process.wait()

    result = await outcome(db, connector)
    print(f"in flight at the kill: {in_flight}, duplicates: {result.duplicates}")
    assert result.lost(COUNT) == []
    assert result.states == {"sent": COUNT}
    assert in_flight >= 1
    assert result.duplicates <= in_flight
