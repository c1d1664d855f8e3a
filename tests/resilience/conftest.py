"""Shared by the resilience tests: the fake Bot Connector on loopback, reminders
seeded as the benchmark seeds them (bench/reminders_seed.py: one person, chat and
one-time reminder each, all due at the same minute), and what arrived, counted per
occurrence against the database."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass

import pytest
from sqlalchemy import select

from bench.reminders_connector import occurrence_id_of
from bench.reminders_seed import SeedSpec, seed
from bot.proactive_sender import ProactiveSender
from storage.db import Database
from storage.models import ReminderOccurrence
from tests.support.fake_connector import FakeConnector


@pytest.fixture
async def connector() -> AsyncIterator[FakeConnector]:
    fake = FakeConnector()
    await fake.start()
    try:
        yield fake
    finally:
        fake.release_answers()
        fake.release_hung()
        await fake.stop()


@pytest.fixture
async def sender() -> AsyncIterator[ProactiveSender]:
    made = ProactiveSender()
    try:
        yield made
    finally:
        await made.close()


async def seed_due(db: Database, connector: FakeConnector, count: int, tenants: int = 10) -> None:
    await seed(db, SeedSpec(count, tenants, connector.url))


@dataclass(frozen=True)
class Outcome:
    receipts: Counter[int]  # occurrence id -> activities carrying it
    states: Counter[str]
    sent: set[int]

    @property
    def duplicates(self) -> int:
        return sum(n - 1 for n in self.receipts.values() if n > 1)

    def lost(self, count: int) -> list[int]:
        """Seeded occurrences not both received and marked sent."""
        return [oid for oid in range(1, count + 1) if not (self.receipts[oid] and oid in self.sent)]


async def outcome(db: Database, connector: FakeConnector) -> Outcome:
    receipts = Counter(
        oid for r in connector.received if (oid := occurrence_id_of(r.body)) is not None
    )
    async with db.session() as session:
        rows = (
            await session.execute(select(ReminderOccurrence.id, ReminderOccurrence.state))
        ).all()
    return Outcome(
        receipts=receipts,
        states=Counter(state for _, state in rows),
        sent={oid for oid, state in rows if state == "sent"},
    )


async def until(condition: Callable[[], Awaitable[bool]], what: str, seconds: float = 60) -> None:
    """Wait (bounded) until condition() holds."""
    for _ in range(int(seconds / 0.05)):
        if await condition():
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"never happened within {seconds} s: {what}")
