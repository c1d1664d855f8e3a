"""One bot instance's reminder delivery, in a process of its own, for the kill tests.

`python -m tests.resilience.instance URL INSTANCE_ID LEASE_SECONDS` runs the real
ReminderDispatcher with the real ProactiveSender, its clock standing at the seeded
due minute (bench/reminders_seed.py) and following the wall clock from there, and
drains until no occurrence is pending or claimed. A short lease and backoff, so a
takeover after a kill happens in seconds. Prints "ready" once connected.
"""

from __future__ import annotations

import asyncio
import sys
import time
from datetime import timedelta

from bench.reminders_dispatch import drive, follow_wall_clock
from bench.reminders_seed import DUE_AT
from bot.proactive_sender import ProactiveSender
from bot.reminder_dispatcher import DispatchStats, ReminderDispatcher
from core.clock import FrozenClock
from core.reminder_plan import Backoff
from storage.db import Database


async def main(url: str, instance_id: str, lease_seconds: float) -> None:
    db = Database(url)
    sender = ProactiveSender()
    clock = FrozenClock(DUE_AT)
    dispatcher = ReminderDispatcher(
        db,
        sender,
        clock,
        instance_id=instance_id,
        batch_size=20,
        concurrency=8,
        lease=timedelta(seconds=lease_seconds),
        backoff=Backoff(base=timedelta(seconds=0.2), cap=timedelta(seconds=1)),
        poll=0.1,
    )
    try:
        await db.ping()
        print("ready", flush=True)
        ticking = asyncio.create_task(follow_wall_clock(clock, time.monotonic()))
        try:
            await drive(dispatcher, db, DispatchStats())
        finally:
            ticking.cancel()
    finally:
        await sender.close()
        await db.dispose()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2], float(sys.argv[3])))
