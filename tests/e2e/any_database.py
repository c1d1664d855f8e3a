"""The e2e service on any database: SQLite, and PostgreSQL when TEST_DATABASE_URL is
set (tests/conftest.py `database_url` gives each test a fresh one), read from outside
the app with SQLAlchemy."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiohttp
from sqlalchemy import create_engine, func, select

from core.clock import Clock
from storage.db import sync_url
from storage.models import Base
from tests.e2e.conftest import BotService
from tests.support.fake_connector import FakeConnector


class AnyDatabaseService(BotService):
    """BotService on a given database URL instead of its own SQLite file."""

    def __init__(self, database_url: str, *args: Any) -> None:
        super().__init__(*args)
        self.database_url = database_url
        self._engine = create_engine(sync_url(database_url), pool_size=1)

    def counts(self) -> dict[str, int]:
        """Rows per table, in one statement."""
        tables = Base.metadata.sorted_tables
        query = select(*[select(func.count()).select_from(t).scalar_subquery() for t in tables])
        with self._engine.connect() as conn:
            row = conn.execute(query).one()
        return {table.name: n for table, n in zip(tables, row, strict=True)}

    def table(self, name: str) -> list[dict[str, Any]]:
        """Every row of a table, as dicts."""
        with self._engine.connect() as conn:
            rows = conn.execute(select(Base.metadata.tables[name]))
            return [dict(row._mapping) for row in rows]

    def every_value(self) -> list[tuple[str, str, str]]:
        """(table, column, value as text) for every value that is not NULL."""
        return [
            (table.name, column, str(value))
            for table in Base.metadata.sorted_tables
            for row in self.table(table.name)
            for column, value in row.items()
            if value is not None
        ]

    def close(self) -> None:
        self._engine.dispose()


@asynccontextmanager
async def started(
    database_url: str,
    tmp_path: Path,
    connector: FakeConnector,
    client: aiohttp.ClientSession,
    clock: Clock,
    **config: Any,
) -> AsyncIterator[AnyDatabaseService]:
    unused = tmp_path / "unused.sqlite3"
    service = AnyDatabaseService(database_url, unused, connector, client, clock)
    await service.start(**config)
    try:
        yield service
    finally:
        await service.stop()
        service.close()
