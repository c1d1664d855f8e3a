"""Throwaway databases for the benchmarks (and their shared baseline and vacuum),
and N due reminders seeded in bulk for the reminder benchmark.

N staff users, each with a personal conversation whose serviceUrl is the fake
connector, one one-time reminder each, and its pending occurrence, all due at
the same minute (Monday 2026-11-23 09:00 in Stockholm). Rows go in with
SQLAlchemy Core executemany, explicit ids, 1,000 at a time; on PostgreSQL the
id sequences are moved past them and the tables analysed, as autovacuum would
have done on a live database.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, create_engine, func, insert, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ProgrammingError

from storage import reminders_repository as repo
from storage.db import Database
from storage.migrate import upgrade_to_head
from storage.models import ConversationReferenceRow, Reminder, ReminderOccurrence, StaffUser

STOCKHOLM = ZoneInfo("Europe/Stockholm")
DUE_AT = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)  # 09:00 in Stockholm: "imorgon kl 9"
SEEDED_AT = DUE_AT - timedelta(hours=15)  # the evening before
CHUNK = 1000
TABLES = (StaffUser, ConversationReferenceRow, Reminder, ReminderOccurrence)


@dataclass(frozen=True)
class SeedSpec:
    count: int
    tenants: int
    service_url: str  # the fake connector


def tenant_of(index: int, tenants: int) -> str:
    """A GUID-shaped tenant id; recipients are spread round-robin over the tenants."""
    return str(uuid.UUID(int=index % tenants + 1))


def conversation_of(index: int) -> str:
    return f"a:bench-personal-{index}"


def reference_for(index: int, tenant: str, service_url: str, locale: str) -> dict[str, Any]:
    """Shaped like botbuilder's serialised ConversationReference (dialogs/identity.py)."""
    return {
        "bot": {"id": "28:bench-bot", "name": "Samverkansboten"},
        "channelId": "msteams",
        "conversation": {
            "conversationType": "personal",
            "id": conversation_of(index),
            "isGroup": False,
            "tenantId": tenant,
        },
        "locale": locale,
        "serviceUrl": service_url,
        "user": {"id": f"29:bench-user-{index}", "name": f"Personal {index}"},
    }


def seed_rows(spec: SeedSpec) -> dict[type, list[dict[str, Any]]]:
    """The rows per model; row i + 1 of every table belongs to recipient i."""
    rows: dict[type, list[dict[str, Any]]] = {model: [] for model in TABLES}
    local_start = DUE_AT.astimezone(STOCKHOLM).replace(tzinfo=None).isoformat(timespec="seconds")
    for index in range(spec.count):
        row_id = index + 1
        tenant = tenant_of(index, spec.tenants)
        locale = "en-US" if index % 10 == 9 else "sv-SE"  # one in ten in English
        rows[StaffUser].append(
            {
                "id": row_id,
                "teams_user_id": f"29:bench-user-{index}",
                "tenant_id": tenant,
                "name": f"Personal {index}",
                "locale": locale,
                "created_at": SEEDED_AT,
                "last_seen_at": SEEDED_AT,
            }
        )
        reference = reference_for(index, tenant, spec.service_url, locale)
        rows[ConversationReferenceRow].append(
            {
                "id": row_id,
                "conversation_id": conversation_of(index),
                "conversation_type": "personal",
                "user_id": row_id,
                "tenant_id": tenant,
                "service_url": spec.service_url,
                "channel_id": "msteams",
                "reference_json": json.dumps(reference, ensure_ascii=False, sort_keys=True),
                "updated_at": SEEDED_AT,
            }
        )
        rows[Reminder].append(
            {
                "id": row_id,
                "owner_user_id": row_id,
                "recipient_user_id": row_id,
                "text": f"Ring FK om K-{1000 + index % 9000}",
                "timezone": "Europe/Stockholm",
                "dtstart_local": local_start,
                "kind": "personal",
                "status": repo.ACTIVE,
                "created_at": SEEDED_AT,
                "updated_at": SEEDED_AT,
            }
        )
        rows[ReminderOccurrence].append(
            {
                "id": row_id,
                "reminder_id": row_id,
                "due_at": DUE_AT,
                "idempotency_key": repo.occurrence_key(row_id, DUE_AT),
                "state": repo.PENDING,
                "attempts": 0,
                "next_attempt_at": DUE_AT,
                "late": False,
                "created_at": SEEDED_AT,
            }
        )
    return rows


async def seed(db: Database, spec: SeedSpec) -> float:
    """Insert the rows; the seconds it took (building the rows included)."""
    started = time.perf_counter()
    rows = seed_rows(spec)
    async with db.engine.begin() as conn:
        for model in TABLES:
            table = model.__table__
            batch = rows[model]
            for start in range(0, len(batch), CHUNK):
                await conn.execute(insert(table), batch[start : start + CHUNK])
            if not db.is_sqlite:
                await conn.execute(
                    select(func.setval(func.pg_get_serial_sequence(table.name, "id"), spec.count))
                )
    async with db.engine.connect() as conn:
        await conn.execute(text("ANALYZE"))
        await conn.commit()
    return time.perf_counter() - started


# -- throwaway databases ------------------------------------------------------------


async def select_one(db: Database) -> None:
    """The same-run baseline of the database benches: one round trip in a session."""
    async with db.session() as session:
        await session.execute(text("SELECT 1"))


async def vacuum_analyze(db: Database, table: str | None = None) -> None:
    """What PostgreSQL's autovacuum does within a minute or so of a bulk load (13+
    vacuums insert-only tables too), done before the timed rounds so it does not
    land in them: the whole database, or one table."""
    async with db.engine.connect() as conn:
        conn = await conn.execution_options(isolation_level="AUTOCOMMIT")
        await conn.execute(text(f"VACUUM ANALYZE {table}" if table else "VACUUM ANALYZE"))


@asynccontextmanager
async def sqlite_database(filename: str = "reminders.sqlite3") -> AsyncIterator[str]:
    """A migrated SQLite file in a temporary directory."""
    with TemporaryDirectory(prefix="samverkan-bench-") as tmp:
        url = f"sqlite:///{Path(tmp) / filename}"
        await asyncio.to_thread(upgrade_to_head, url)
        yield url


@asynccontextmanager
async def postgres_database(server_url: str) -> AsyncIterator[str]:
    """A migrated database of its own on the server (as tests/conftest.py makes them),
    dropped afterwards."""
    base = make_url(server_url).set(drivername="postgresql+psycopg")
    name = f"samverkan_bench_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        await asyncio.to_thread(_execute, admin, f'CREATE DATABASE "{name}"')
        try:
            url = base.set(database=name).render_as_string(hide_password=False)
            await asyncio.to_thread(upgrade_to_head, url)
            yield url
        finally:
            await asyncio.to_thread(_drop_database, admin, name)
    finally:
        admin.dispose()


@asynccontextmanager
async def bench_database(server_url: str | None, sqlite_filename: str) -> AsyncIterator[str]:
    """A throwaway database: on the PostgreSQL server named, else a SQLite file."""
    if server_url is None:
        async with sqlite_database(sqlite_filename) as url:
            yield url
    else:
        async with postgres_database(server_url) as url:
            yield url


def add_database_url_option(parser: argparse.ArgumentParser) -> None:
    """--database-url, as every bench that takes a PostgreSQL server spells it."""
    parser.add_argument(
        "--database-url",
        default=None,
        help="a PostgreSQL server, e.g. postgresql://samverkan:samverkan@127.0.0.1:5432/samverkan;"
        " a throwaway database is created there and dropped (default: SQLite in a temp dir)",
    )


def refuses_database_url(url: str | None) -> bool:
    """True (and says why on stderr) when --database-url names no PostgreSQL server."""
    if url is None or make_url(url).get_backend_name() == "postgresql":
        return False
    print("--database-url takes a PostgreSQL server URL", file=sys.stderr)
    return True


def _execute(engine: Engine, statement: str) -> None:
    with engine.connect() as conn:
        conn.execute(text(statement))


def _drop_database(admin: Engine, name: str, attempts: int = 40) -> None:
    """WITH (FORCE) may meet an autovacuum worker it is not allowed to end: retry."""
    for attempt in range(attempts):
        try:
            _execute(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            return
        except ProgrammingError as exc:
            if attempt == attempts - 1 or "pg_signal_backend" not in str(exc):
                raise
            time.sleep(0.25)
