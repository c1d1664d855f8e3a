"""The database object: SQLite settings, many writers at once, and ping()."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator

import aiosqlite
import pytest
from sqlalchemy.exc import IntegrityError

from core.clock import FrozenClock
from storage.db import Database, async_url, sync_url
from storage.migrate import upgrade_to_head
from storage.models import Unit
from storage.state_repository import read_documents, write_document


@pytest.fixture
async def sqlite_db(sqlite_url: str) -> AsyncIterator[Database]:
    upgrade_to_head(sqlite_url)
    database = Database(sqlite_url)
    yield database
    await database.dispose()


async def test_sqlite_connections_use_wal_and_foreign_keys(sqlite_db: Database) -> None:
    async with sqlite_db.engine.connect() as conn:
        journal_mode = (await conn.exec_driver_sql("PRAGMA journal_mode")).scalar()
        foreign_keys = (await conn.exec_driver_sql("PRAGMA foreign_keys")).scalar()

    assert (journal_mode, foreign_keys) == ("wal", 1)


async def test_foreign_keys_are_enforced(db: Database) -> None:
    with pytest.raises(IntegrityError):
        async with db.session() as session:
            session.add(Unit(agency_id=4711, name="Boendestöd", around_the_clock=False))


async def _increment(db: Database, clock: FrozenClock) -> None:
    """Read, then write: the shape of a turn that loads state and saves it."""
    async with db.session() as session:
        found = await read_documents(session, ["räknare"])
        count = int(found["räknare"][0]) if found else 0
        await asyncio.sleep(0)  # let the other writers in between the read and the write
        await write_document(session, "räknare", str(count + 1), None, clock.now())


async def test_many_concurrent_writers_on_one_sqlite_file_all_succeed(
    sqlite_url: str, sqlite_db: Database, clock: FrozenClock
) -> None:
    others = [Database(sqlite_url) for _ in range(4)]  # other processes' engines, as it were
    engines = [sqlite_db, *others]
    try:
        results = await asyncio.gather(
            *(_increment(engines[i % len(engines)], clock) for i in range(50)),
            return_exceptions=True,
        )
    finally:
        for other in others:
            await other.dispose()

    assert [r for r in results if r is not None] == []
    async with sqlite_db.session() as session:
        assert (await read_documents(session, ["räknare"]))["räknare"][0] == "50"


async def test_a_read_session_neither_takes_nor_waits_for_the_sqlite_write_lock(
    sqlite_url: str, sqlite_db: Database, clock: FrozenClock
) -> None:
    async with sqlite_db.session() as session:
        await write_document(session, "räknare", "1", None, clock.now())
    other = Database(sqlite_url)  # another process's engine, as it were
    try:
        async with other.session() as writer:
            await write_document(writer, "räknare", "2", None, clock.now())  # holds the lock
            async with sqlite_db.read_session() as reader:
                # An ordinary session would wait here for the writer, up to busy_timeout.
                seen = await asyncio.wait_for(read_documents(reader, ["räknare"]), 5)
    finally:
        await other.dispose()

    assert seen["räknare"][0] == "1"  # the last committed value, not the writer's


@pytest.fixture
def rollbacks(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Each rollback that reaches SQLite; True when a transaction was open."""
    seen: list[bool] = []
    plain = aiosqlite.Connection.rollback

    async def counted(self: aiosqlite.Connection) -> None:
        seen.append(self.in_transaction)
        await plain(self)

    monkeypatch.setattr(aiosqlite.Connection, "rollback", counted)
    return seen


async def test_sqlite_rolls_back_only_an_open_transaction(
    sqlite_db: Database, clock: FrozenClock, rollbacks: list[bool]
) -> None:
    async with sqlite_db.session() as session:
        await write_document(session, "räknare", "1", None, clock.now())
    async with sqlite_db.read_session() as reader:
        await read_documents(reader, ["räknare"])
    assert rollbacks == []  # neither after the commit nor after the read

    with pytest.raises(RuntimeError):
        async with sqlite_db.session() as session:
            await write_document(session, "räknare", "2", None, clock.now())
            raise RuntimeError("the turn failed")

    assert rollbacks[:1] == [True]  # the failed write was rolled back
    async with sqlite_db.session() as session:  # and the connection is usable again
        assert (await read_documents(session, ["räknare"]))["räknare"][0] == "1"
        await write_document(session, "räknare", "3", None, clock.now())


async def test_ping_is_true_for_a_reachable_database(db: Database) -> None:
    assert await db.ping() is True


def _unused_local_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def test_ping_is_false_for_an_unreachable_database() -> None:
    db = Database(f"postgresql://samverkan:fel@127.0.0.1:{_unused_local_port()}/samverkan")
    try:
        assert await db.ping() is False
    finally:
        await db.dispose()


@pytest.mark.parametrize(
    ("configured", "expected_async", "expected_sync"),
    [
        (
            "sqlite:///data/x.sqlite3",
            "sqlite+aiosqlite:///data/x.sqlite3",
            "sqlite:///data/x.sqlite3",
        ),
        (
            "postgresql://u:p%40ss@db:5432/s",
            "postgresql+psycopg://u:p%40ss@db:5432/s",
            "postgresql+psycopg://u:p%40ss@db:5432/s",
        ),
    ],
)
def test_driver_urls(configured: str, expected_async: str, expected_sync: str) -> None:
    assert (async_url(configured), sync_url(configured)) == (expected_async, expected_sync)
