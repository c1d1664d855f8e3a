"""/healthz and /readyz on the running app, with the database up and down."""

from __future__ import annotations

from pathlib import Path

import pytest

from app import SERVICES
from core.i18n import t
from tests.e2e.conftest import BotService


async def test_healthz_is_200(running: BotService) -> None:
    assert await running.get("/healthz") == (200, {"status": "ok"})


async def test_readyz_is_200_when_everything_is_up(running: BotService) -> None:
    status, body = await running.get("/readyz")

    assert (status, body) == (
        200,
        {
            "status": "ready",
            "database_ok": True,
            "migrations_ok": True,
            "scheduler_ok": True,
            "auth": "local",
        },
    )


@pytest.fixture
async def database_gone(running: BotService) -> BotService:
    """The running app, with its database file replaced by a directory.

    The pooled connections are dropped first (they would keep the old file open);
    SQLite cannot open a directory whoever the tests run as, unlike a chmod,
    which root ignores.
    """
    assert running.app is not None
    await running.app[SERVICES].db.dispose()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{running.database_path}{suffix}").unlink(missing_ok=True)
    running.database_path.mkdir()
    return running


async def test_readyz_is_503_when_the_database_is_unreachable(database_gone: BotService) -> None:
    status, body = await database_gone.get("/readyz")

    assert status == 503
    assert body["status"] == "not ready"
    assert (body["database_ok"], body["migrations_ok"], body["scheduler_ok"]) == (
        False,
        False,
        True,
    )
    assert await database_gone.get("/healthz") == (200, {"status": "ok"})


async def test_a_message_without_a_database_gets_the_apology_not_a_5xx(
    database_gone: BotService,
) -> None:
    result = await database_gone.turn(database_gone.activity(text="hjälp"))

    assert result.status == 200
    assert result.texts == [t("error.apology", "sv")]
