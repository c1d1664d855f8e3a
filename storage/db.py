"""The database: one async engine, short sessions, SQLite or PostgreSQL.

SQLite runs in WAL mode with foreign keys on, and every transaction starts with
BEGIN IMMEDIATE: in WAL a deferred transaction that reads and then writes fails at
once with SQLITE_BUSY_SNAPSHOT when another connection wrote in between, and
busy_timeout does not retry that case. Taking the write lock up front turns that
into a short wait instead.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)


def async_url(url: str) -> str:
    """The async driver for a configured URL."""
    parsed = make_url(url)
    if parsed.drivername in {"sqlite", "sqlite+pysqlite"}:
        parsed = parsed.set(drivername="sqlite+aiosqlite")
    elif parsed.drivername in {"postgresql", "postgresql+psycopg2"}:
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def sync_url(url: str) -> str:
    """The sync driver for a configured URL (Alembic, command-line tools)."""
    parsed = make_url(url)
    if parsed.drivername == "sqlite+aiosqlite":
        parsed = parsed.set(drivername="sqlite")
    elif parsed.drivername in {"postgresql", "postgresql+psycopg2"}:
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


SQLITE_BUSY_TIMEOUT_MS = 30_000
_ONE_STATEMENT_READ = "samverkan_one_statement_read"


def ensure_sqlite_dir(url: str) -> None:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)


def install_sqlite_pragmas(sync_engine: Any) -> None:
    """WAL, foreign keys, a busy timeout and BEGIN IMMEDIATE on every SQLite connection."""

    @event.listens_for(sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
        cursor = dbapi_connection.cursor()
        # busy_timeout first: switching to WAL takes a lock, and without a timeout a
        # connection opened while another process writes fails at once. 30 s, not
        # 10: the busy handler polls every 100 ms and loses to connections that
        # re-take the lock at once, so a writer in another process can be passed
        # over for seconds on a loaded machine; waiting is better than a lost write.
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        # WAL is a property of the file, kept once set: set it only when it is not.
        # Setting it again costs nothing alone, but a second process opening the
        # file while the first writes has seen "database is locked" from it, not
        # retried by the busy handler (seen once in a full CI run).
        cursor.execute("PRAGMA journal_mode")
        if str(cursor.fetchone()[0]).lower() != "wal":
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    # SQLAlchemy rolls back when a session ends and again when the pool takes the
    # connection back: each a round trip to aiosqlite's thread, even after a commit
    # or a read that began nothing. sqlite3 knows without a round trip whether a
    # transaction is open (we BEGIN ourselves), so roll back only then.
    dialect = sync_engine.dialect
    rollback = dialect.do_rollback

    def _do_rollback(dbapi_connection: Any) -> None:
        if _in_transaction(dbapi_connection):
            rollback(dbapi_connection)

    dialect.do_rollback = _do_rollback

    @event.listens_for(sync_engine, "begin")
    def _on_begin(conn: Any) -> None:
        if conn.get_execution_options().get(_ONE_STATEMENT_READ):
            return  # Database.read_session: the statement is its own transaction
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def _in_transaction(dbapi_connection: Any) -> bool:
    """sqlite3's own flag, read without a round trip; through SQLAlchemy's aiosqlite
    adapter it is on the wrapped aiosqlite connection. Unknown counts as inside."""
    inner = getattr(dbapi_connection, "_connection", dbapi_connection)
    return bool(getattr(inner, "in_transaction", True))


def _pool_options(url: str) -> dict[str, Any]:
    """SQLite has one writer at a time: one pooled connection makes sessions queue
    fairly in the event loop, instead of in SQLite's busy handler, which sleeps
    and retries unfairly and fails a turn after busy_timeout under load.
    (So never open a session while holding another on SQLite: it would wait for
    itself until pool_timeout.) Other processes on the same file are still
    handled by busy_timeout."""
    if make_url(url).get_backend_name() == "sqlite":
        return {
            "pool_size": 1,
            "max_overflow": 0,
            "pool_timeout": 60,
        }
    return {"pool_size": 10, "max_overflow": 10, "pool_pre_ping": True}


class Database:
    """Owns the engine; hands out one session per unit of work."""

    def __init__(self, url: str, *, echo: bool = False) -> None:
        self.url = sync_url(url)
        ensure_sqlite_dir(self.url)
        self.engine: AsyncEngine = create_async_engine(
            async_url(url), echo=echo, **_pool_options(url)
        )
        if self.is_sqlite:
            install_sqlite_pragmas(self.engine.sync_engine)
        self._sessions = async_sessionmaker(self.engine, expire_on_commit=False)
        self._read_sessions = async_sessionmaker(
            self.engine.execution_options(**{_ONE_STATEMENT_READ: True}),
            expire_on_commit=False,
        )

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @property
    def is_sqlite(self) -> bool:
        return self.dialect == "sqlite"

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        """A session that commits when the block ends and rolls back on error."""
        async with self._sessions() as session:
            try:
                yield session
                await session.commit()
            except BaseException:
                await session.rollback()
                raise

    @asynccontextmanager
    async def read_session(self) -> AsyncIterator[AsyncSession]:
        """A session for one read-only statement (a search). On SQLite it begins no
        transaction, so it neither takes the write lock nor waits for it, and costs
        two fewer round trips to the driver's thread; a single statement is
        consistent on its own. On PostgreSQL it is an ordinary session."""
        # No explicit rollback: closing the session ends it (on SQLite with no round
        # trip, as nothing was begun: see install_sqlite_pragmas).
        async with self._read_sessions() as session:
            yield session

    async def ping(self) -> bool:
        try:
            async with self.engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
            return True
        except Exception:
            return False

    async def dispose(self) -> None:
        await self.engine.dispose()
