"""GroupCommit: each result is committed as soon as the transaction before it is
done, together with the others that arrived meanwhile; a failing one loses nobody
else's record, and nobody waits forever."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

import pytest

from bot.reminder_recording import GroupCommit
from core.clock import FrozenClock


class FakeDatabase:
    """Counts transactions; a commit takes until `gate` is set (when given)."""

    def __init__(self) -> None:
        self.transactions: list[list[str]] = []
        self.gate: asyncio.Event | None = None

    @asynccontextmanager
    async def session(self) -> AsyncIterator[list[str]]:
        written: list[str] = []
        yield written
        if self.gate is not None:
            await self.gate.wait()
        self.transactions.append(written)


def _writes(name: str, *, fails: bool = False) -> Any:
    async def record(session: list[str], _at: datetime) -> None:
        if fails:
            raise ValueError(name)
        session.append(name)

    return record


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(datetime(2026, 12, 7, 8, tzinfo=UTC))


async def test_results_arriving_during_a_commit_go_together_in_the_next(
    clock: FrozenClock,
) -> None:
    db = FakeDatabase()
    db.gate = asyncio.Event()
    results = GroupCommit(db, clock)  # type: ignore[arg-type]

    first = asyncio.create_task(results.record(_writes("a")))
    await asyncio.sleep(0)  # a is being committed
    rest = [asyncio.create_task(results.record(_writes(n))) for n in "bcd"]
    await asyncio.sleep(0)
    assert db.transactions == []  # nothing committed yet: a's commit waits
    db.gate.set()
    await asyncio.gather(first, *rest)

    assert db.transactions == [["a"], ["b", "c", "d"]]


async def test_a_lone_result_is_committed_at_once(clock: FrozenClock) -> None:
    db = FakeDatabase()
    results = GroupCommit(db, clock)  # type: ignore[arg-type]

    await results.record(_writes("a"))
    assert db.transactions == [["a"]]
    await results.record(_writes("b"))
    assert db.transactions == [["a"], ["b"]]


async def test_one_failing_record_loses_nobody_elses(clock: FrozenClock) -> None:
    db = FakeDatabase()
    db.gate = asyncio.Event()
    results = GroupCommit(db, clock)  # type: ignore[arg-type]

    first = asyncio.create_task(results.record(_writes("a")))
    await asyncio.sleep(0)
    group = [
        asyncio.create_task(results.record(_writes("b"))),
        asyncio.create_task(results.record(_writes("bad", fails=True))),
        asyncio.create_task(results.record(_writes("c"))),
    ]
    await asyncio.sleep(0)
    db.gate.set()
    outcomes = await asyncio.gather(first, *group, return_exceptions=True)

    assert [type(o).__name__ for o in outcomes] == [
        "NoneType",
        "NoneType",
        "ValueError",
        "NoneType",
    ]
    assert db.transactions == [["a"], ["b"], ["c"]]  # the group retried one by one


async def test_when_the_leader_is_cancelled_nobody_waits_forever(clock: FrozenClock) -> None:
    db = FakeDatabase()
    db.gate = asyncio.Event()
    results = GroupCommit(db, clock)  # type: ignore[arg-type]

    leader = asyncio.create_task(results.record(_writes("a")))
    await asyncio.sleep(0)
    follower = asyncio.create_task(results.record(_writes("b")))
    await asyncio.sleep(0)
    leader.cancel()
    outcome = await asyncio.wait_for(asyncio.gather(follower, return_exceptions=True), 5)

    assert isinstance(outcome[0], RuntimeError)
    assert db.transactions == []
    # And the next result leads again.
    db.gate.set()
    await results.record(_writes("c"))
    assert db.transactions == [["c"]]
