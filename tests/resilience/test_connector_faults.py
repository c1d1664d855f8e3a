"""Connector faults against the real dispatcher and sender, in one event loop: 429
with Retry-After, 503, 403 and hangs, each in some conversations. Every reminder
that can be delivered is delivered once, 403 marks its person unreachable, and the
hung conversations delay nobody else, with fewer send slots than hung sends."""

from __future__ import annotations

import asyncio
import time

from sqlalchemy import select

from bench.reminders_dispatch import drive, follow_wall_clock
from bench.reminders_seed import DUE_AT, conversation_of
from bot.proactive_sender import ProactiveSender
from bot.reminder_dispatcher import DispatchStats, ReminderDispatcher
from core.clock import FrozenClock
from storage.db import Database
from storage.models import StaffUser
from tests.resilience.conftest import outcome, seed_due, until
from tests.support.fake_connector import HANG, FakeConnector

COUNT = 60
THROTTLED, UNAVAILABLE, FORBIDDEN, HUNG = 0, 1, 2, 3  # index % 10


def kind(index: int) -> int | None:
    return index % 10 if index % 10 in (THROTTLED, UNAVAILABLE, FORBIDDEN, HUNG) else None


async def test_faulty_conversations_hold_up_nobody_and_nothing_goes_out_twice(
    db: Database, connector: FakeConnector, sender: ProactiveSender
) -> None:
    await seed_due(db, connector, COUNT, tenants=6)
    faults = {
        THROTTLED: [(429, {"Retry-After": "1"})],
        UNAVAILABLE: [(503, {}), (503, {})],
        FORBIDDEN: [(403, {})] * 3,
        HUNG: [HANG],
    }
    connector.faults = {
        conversation_of(i): list(faults[k]) for i in range(COUNT) if (k := kind(i)) is not None
    }
    hung = [i + 1 for i in range(COUNT) if kind(i) == HUNG]  # occurrence ids
    forbidden = [i + 1 for i in range(COUNT) if kind(i) == FORBIDDEN]
    clock = FrozenClock(DUE_AT)
    dispatcher = ReminderDispatcher(
        db, sender, clock, batch_size=20, concurrency=2, slow_after=0.2, poll=0.1
    )
    ticking = asyncio.create_task(follow_wall_clock(clock, time.monotonic()))
    delivering = asyncio.create_task(drive(dispatcher, db, DispatchStats()))
    try:

        async def all_but_hung_and_forbidden_sent() -> bool:
            result = await outcome(db, connector)
            return len(result.sent) == COUNT - len(hung) - len(forbidden)

        await until(all_but_hung_and_forbidden_sent, "the others delivered")
        assert connector.hung == len(hung)  # still hanging all the while
        connector.release_hung()
        await asyncio.wait_for(delivering, 60)
    finally:
        ticking.cancel()
        delivering.cancel()
        await asyncio.gather(ticking, delivering, return_exceptions=True)

    result = await outcome(db, connector)
    assert result.duplicates == 0
    assert result.states == {"sent": COUNT - len(forbidden), "failed": len(forbidden)}
    assert sorted(set(range(1, COUNT + 1)) - result.sent) == forbidden
    async with db.session() as session:
        unreachable = await session.scalars(
            select(StaffUser.id).where(StaffUser.unreachable_since.is_not(None))
        )
        assert sorted(unreachable) == forbidden  # staff row i + 1 belongs to occurrence i + 1
