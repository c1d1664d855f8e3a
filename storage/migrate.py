"""Apply Alembic migrations: idempotent, and safe when two instances start together.

PostgreSQL: the upgrade runs under a session-level advisory lock, so a second
instance waits, then finds the schema at head and does nothing. SQLite: an
exclusive file lock beside the database file does the same for processes on one
machine (the only way to share an SQLite file).
"""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config as AlembicConfig
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, create_engine, pool, text
from sqlalchemy.engine import make_url

from storage.db import Database, ensure_sqlite_dir, sync_url

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
ADVISORY_LOCK_ID = 0x5A3E_B07  # any constant shared by all instances of this service


def alembic_config(url: str) -> AlembicConfig:
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", sync_url(url).replace("%", "%%"))
    return cfg


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


@contextmanager
def _sqlite_file_lock(url: str) -> Iterator[None]:
    database = make_url(url).database
    if not database or database == ":memory:":
        yield
        return
    lock_path = Path(database).expanduser().with_suffix(".migrate.lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def upgrade_to_head(url: str) -> str | None:
    """Bring the schema to head; returns the revision it is at afterwards."""
    url = sync_url(url)
    ensure_sqlite_dir(url)
    cfg = alembic_config(url)
    engine = create_engine(url, poolclass=pool.NullPool)
    try:
        if engine.dialect.name == "postgresql":
            with engine.connect() as conn:
                conn.execute(text("SELECT pg_advisory_lock(:id)"), {"id": ADVISORY_LOCK_ID})
                conn.commit()
                try:
                    cfg.attributes["connection"] = conn
                    command.upgrade(cfg, "head")
                    conn.commit()
                    return current_revision(conn)
                finally:
                    conn.execute(text("SELECT pg_advisory_unlock(:id)"), {"id": ADVISORY_LOCK_ID})
                    conn.commit()
        with _sqlite_file_lock(url), engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA foreign_keys=ON")
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
            conn.commit()
            return current_revision(conn)
    finally:
        engine.dispose()


async def schema_is_at_head(db: Database) -> bool:
    """For /readyz: is the live schema at the newest migration?"""
    try:
        async with db.engine.connect() as conn:
            current = await conn.run_sync(current_revision)
    except Exception:  # an unreachable database is simply "not at head"
        return False
    return current is not None and current == head_revision()
