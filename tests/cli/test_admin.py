"""`samverkan admin grant|revoke|list`: the first admin is made from the command
line, unit roles need a unit and a known person, mistakes get Swedish answers."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

import pytest

from cli import main
from storage import directory_repository as directory_repo
from storage import ssd_repository as ssd
from storage.audit_repository import audit_events
from storage.db import Database
from storage.migrate import upgrade_to_head
from storage.models import Agency, Unit
from storage.records import TeamsIdentity
from storage.users_repository import set_staff_email, upsert_staff_user

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def _in_db(url: str, work):  # type: ignore[no-untyped-def]
    async def go():  # type: ignore[no-untyped-def]
        db = Database(url)
        try:
            async with db.session() as session:
                return await work(session)
        finally:
            await db.dispose()

    return asyncio.run(go())


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'admin.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", url)
    upgrade_to_head(url)

    async def seed(session) -> None:  # type: ignore[no-untyped-def]
        agency = Agency(name="Kumla kommun", short_name="Kumla", kind="kommun")
        session.add(agency)
        await session.flush()
        session.add(Unit(agency_id=agency.id, name="Boendestöd Kumla"))
        anna = await upsert_staff_user(
            session, TeamsIdentity("29:anna", "aad-anna", "tenant", "Anna Berg", "sv-SE"), NOW
        )
        await set_staff_email(session, anna.id, "anna.berg@kumla.se")

    _in_db(url, seed)
    return url


def test_the_first_admin_is_made_before_they_ever_wrote(
    database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["admin", "grant", "Eva.Lind@Kumla.se", "system_admin"]) == 0
    assert capsys.readouterr().out == "Rollen gavs: eva.lind@kumla.se och system_admin.\n"
    assert main(["admin", "grant", "eva.lind@kumla.se", "systemadmin"]) == 0
    assert capsys.readouterr().out.startswith("Ingen ändring")

    async def check(session):  # type: ignore[no-untyped-def]
        return (
            await directory_repo.roles_of(session, ["eva.lind@kumla.se"]),
            [(e.action, e.role, e.outcome) for e in await audit_events(session)],
        )

    roles, events = _in_db(database, check)
    assert roles == {"system_admin"}
    assert events[0] == ("role.grant", "cli", "ok")


def test_a_unit_role_names_a_unit_and_a_known_person(
    database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["admin", "grant", "anna.berg@kumla.se", "samordnare", "--unit", "boendestöd"]) == 0
    assert capsys.readouterr().out == (
        "Rollen gavs: Anna Berg (anna.berg@kumla.se) och coordinator i Boendestöd Kumla.\n"
    )
    assert main(["admin", "list"]) == 0
    assert capsys.readouterr().out == (
        "coordinator\tBoendestöd Kumla\tAnna Berg (anna.berg@kumla.se)\n"
    )
    assert main(["admin", "revoke", "aad-anna", "coordinator", "--unit", "Boendestöd Kumla"]) == 0
    assert capsys.readouterr().out.startswith("Rollen togs bort: Anna Berg")

    async def held(session):  # type: ignore[no-untyped-def]
        return await ssd.unit_roles(session)

    assert _in_db(database, held) == []


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (["admin", "grant", "anna.berg@kumla.se", "kung"], 2, "Jag känner inte igen rollen"),
        (["admin", "grant"], 2, "Så här: **roller**"),
        (
            ["admin", "grant", "bo@kumla.se", "coordinator", "--unit", "Boendestöd"],
            1,
            "Ingen med bo@kumla.se har skrivit till mig än.",
        ),
        (["admin", "grant", "anna.berg@kumla.se", "coordinator"], 1, "Vilken enhet?"),
        (
            ["admin", "grant", "anna.berg@kumla.se", "unit_manager", "--unit", "Gävle"],
            1,
            "Jag hittar ingen enhet Gävle. Enheterna: Boendestöd Kumla.",
        ),
    ],
)
def test_mistakes_get_a_swedish_answer_and_no_change(
    database: str, capsys: pytest.CaptureFixture[str], argv: list[str], code: int, message: str
) -> None:
    assert main(argv) == code
    captured = capsys.readouterr()
    assert captured.err.startswith(message)
    assert "Traceback" not in captured.err

    async def state(session):  # type: ignore[no-untyped-def]
        return await ssd.unit_roles(session), await directory_repo.roles_of(
            session, ["anna.berg@kumla.se", "aad-anna"]
        )

    assert _in_db(database, state) == ([], set())


def test_the_last_system_admin_keeps_the_role(
    database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["admin", "grant", "anna.berg@kumla.se", "system_admin"]) == 0
    assert main(["admin", "revoke", "anna.berg@kumla.se", "system_admin"]) == 1
    assert capsys.readouterr().err.startswith("Det är den sista systemadministratören.")
    assert main(["admin", "grant", "eva.lind@kumla.se", "system_admin"]) == 0
    assert main(["admin", "revoke", "anna.berg@kumla.se", "system_admin"]) == 0

    async def roles(session):  # type: ignore[no-untyped-def]
        return await directory_repo.roles_of(session, ["anna.berg@kumla.se"])

    assert _in_db(database, roles) == set()
