"""`samverkan audit`: the trail for a client or a user, filtered by day and action,
as a table or JSON, refusing vague or malformed questions, and recording that it
was read."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from cli import main
from storage.audit_repository import append_audit_event, audit_events
from storage.db import Database
from storage.migrate import upgrade_to_head
from storage.records import TeamsIdentity
from storage.users_repository import set_staff_email, upsert_staff_user


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'audit.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("TIMEZONE", "Europe/Stockholm")
    upgrade_to_head(url)

    async def seed() -> None:
        db = Database(url)
        try:
            async with db.session() as session:
                anna = await upsert_staff_user(
                    session,
                    TeamsIdentity("29:anna", "aad-anna", "tenant", "Anna Berg", "sv-SE"),
                    datetime(2026, 11, 1, tzinfo=UTC),
                )
                await set_staff_email(session, anna.id, "anna.berg@kumla.se")
                bo = await upsert_staff_user(
                    session,
                    TeamsIdentity("29:bo", "aad-bo", "tenant", "Bo Ek", "sv-SE"),
                    datetime(2026, 11, 1, tzinfo=UTC),
                )
                events = [
                    (anna.id, "rating.write", "K-1042", "ok", datetime(2026, 10, 30, 22, 30)),
                    (anna.id, "chart.read", "K-1042", "ok", datetime(2026, 11, 20, 9, 0)),
                    (bo.id, "chart.read", "K-1042", "refused", datetime(2026, 11, 21, 10, 0)),
                    (bo.id, "rating.write", "K-2000", "ok", datetime(2026, 11, 21, 11, 0)),
                ]
                for user, action, code, outcome, at in events:
                    await append_audit_event(
                        session,
                        at=at.replace(tzinfo=UTC),
                        action=action,
                        outcome=outcome,
                        user_id=user,
                        role="samordnare",
                        client_code=code,
                        detail="ssd.access.refused" if outcome == "refused" else None,
                    )
        finally:
            await db.dispose()

    asyncio.run(seed())
    return url


def _trail(url: str) -> list[tuple[str, str | None, str | None]]:
    async def read() -> list[tuple[str, str | None, str | None]]:
        db = Database(url)
        try:
            async with db.session() as session:
                return [(e.action, e.role, e.client_code) for e in await audit_events(session)]
        finally:
            await db.dispose()

    return asyncio.run(read())


def test_a_clients_trail_newest_first_with_names_and_refusals(
    database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["audit", "--client", "k-1042"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["tid", "vem", "roll", "händelse", "kod", "utfall", "detalj"]
    assert [line.split("  ")[0] for line in out[1:]] == [
        "2026-11-21 11:00:00",  # shown in Swedish time
        "2026-11-20 10:00:00",
        "2026-10-30 23:30:00",
    ]
    assert "Bo Ek" in out[1] and "refused" in out[1] and "ssd.access.refused" in out[1]
    assert "Anna Berg <anna.berg@kumla.se>" in out[2]
    assert "K-2000" not in "\n".join(out)
    # Reading the trail is in the trail.
    assert _trail(database)[0] == ("audit.read", "cli", "K-1042")


def test_a_user_by_email_aad_or_teams_id_since_a_day_as_json(
    database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    for principal in ("Anna.Berg@kumla.se", "aad-anna", "29:anna"):
        assert main(["audit", "--user", principal, "--json"]) == 0
        rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
        assert [r["action"] for r in rows] == ["chart.read", "rating.write"]
    assert main(["audit", "--user", "29:bo", "--since", "2026-11-21", "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(r["client"], r["outcome"]) for r in rows] == [("K-2000", "ok"), ("K-1042", "refused")]
    assert rows[0]["at"] == "2026-11-21T12:00:00+01:00"
    assert main(["audit", "--client", "K-1042", "--action", "chart.read", "--json"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 2


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        ([], 2, "Ange --client, --user eller båda."),
        (["--client", "Anna"], 2, "«Anna» är ingen brukarkod (t.ex. K-1042)."),
        (["--client", "19121212-1212"], 2, "«19121212-1212» är ingen brukarkod (t.ex. K-1042)."),
        (["--client", "K-1042", "--since", "igår"], 2, "«igår» är inget datum (ÅÅÅÅ-MM-DD)."),
        (["--client", "K-1042", "--limit", "0"], 2, "--limit ska vara 1–10000."),
        (["--user", "okand@kumla.se"], 1, "Ingen användare med «okand@kumla.se»."),
    ],
)
def test_vague_or_malformed_questions_are_refused(
    database: str, capsys: pytest.CaptureFixture[str], args: list[str], code: int, message: str
) -> None:
    assert main(["audit", *args]) == code
    assert capsys.readouterr().err.strip() == message
