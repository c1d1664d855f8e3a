"""`samverkan gdpr export|erase` and `samverkan retention`, on SQLite and PostgreSQL:
the export finds every kind of data about a person (staff or outsider), an erase
without --yes changes nothing, with --yes it leaves nothing personal but keeps
ratings and the audit trail, everything is audited, and malformed requests get a
plain Swedish answer."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import String, create_engine, func, select

from cli import main
from storage import ssd_repository as ssd
from storage.db import Database, sync_url
from storage.migrate import upgrade_to_head
from storage.models import (
    AuditEvent,
    Base,
    CareTeamMember,
    Rating,
    Reminder,
    StaffUser,
    StateDocument,
    UnitRole,
)
from tests.support import rows

ANNA = "anna.berg@kumla.se"
OMAR = "omar.said@fk.se"
T = datetime(2026, 10, 5, 8, 0, tzinfo=UTC)


async def _seed(url: str) -> dict[str, int]:
    db = Database(url)
    try:
        async with db.session() as session:
            anna = await rows.staff(
                session, "29:anna", name="Anna Berg", email=ANNA, aad="aad-anna"
            )
            bo = await rows.staff(session, "29:bo", name="Bo Ek", email="bo.ek@kumla.se")
            unit = await rows.unit(session)
            client = await rows.client(session, unit, "K-1042", at=T - timedelta(days=90))
            ended = await rows.client(session, unit, "K-2000", at=T - timedelta(days=90))
            target = await rows.target(session, client)
            await rows.rating(session, target, date(2026, 10, 1), anna, value=6)
            await rows.rating(session, target, date(2026, 10, 2), anna, value=4)
            await rows.rating(session, target, date(2026, 10, 3), bo, value=3)
            await rows.member(session, client, anna, role="samordnare")
            await rows.member(session, ended, anna, removed=T)
            await rows.member(session, client, bo)
            await rows.consent(session, client, anna)
            # The crisis plan she wrote names her as the one to call.
            await rows.crisis_plan(session, client, anna, contact="anna berg")
            meeting = await rows.meeting(session, client, anna, T)
            await rows.participant(
                session,
                meeting,
                T,
                name="Anna Berg",
                email=ANNA,
                staff_user_id=anna,
                organizer=True,
            )
            await rows.participant(session, meeting, T, name="Bo Ek", staff_user_id=bo)
            await rows.participant(session, meeting, T, name="Omar Said", email=OMAR)
            await rows.plan_item(
                session, client, meeting, "Boka läkare", owner_name="Anna Berg", owner=anna
            )
            await rows.plan_item(
                session, client, meeting, "Ansöka om boendestöd", owner_name="Omar Said"
            )
            own = await rows.reminder(session, anna, text="Ring FK om K-1042")
            await rows.occurrence(session, own, T)
            await rows.reminder(session, bo, text="Boka tolk", recipient=anna)
            await rows.reminder(session, bo, text="Fråga Anna Berg och Omar Said om tolk")
            await rows.prompt_settings(session, anna)
            await rows.prompt(session, anna, date(2026, 10, 5))
            await rows.conversation(
                session, "a:chat-1", user_id=anna, sender={"id": "29:anna", "name": "Anna Berg"}
            )
            await rows.conversation(
                session,
                "19:channel",
                user_id=None,
                kind="channel",
                sender={"id": "29:anna", "name": "Anna Berg", "aadObjectId": "aad-anna"},
            )
            await rows.state_document(session, "msteams/users/29:anna", T, {"lang": "sv"})
            await rows.state_document(session, "msteams/conversations/a:chat-1", T)
            await rows.state_document(
                session, "msteams/conversations/19:group", T, {"people": ["Anna Berg"]}
            )
            await rows.state_document(session, "msteams/conversations/19:other", T, {"x": 1})
            await rows.role(session, ANNA, "directory_admin")
            await ssd.add_unit_role(
                session,
                unit_id=await rows.unit(session, "Socialpsykiatri Kumla"),
                staff_user_id=anna,
                role="coordinator",
                now=T,
            )
            await rows.role(session, "bo.ek@kumla.se", "directory_admin", granted_by=ANNA)
            await rows.contact(session, "Anna Berg", email=ANNA, owner_email=ANNA)
            await rows.contact(
                session, "Socialtjänstens mottagning", kind="function", owner_email=ANNA
            )
            await rows.contact(session, "Omar Said", email=OMAR)
            await rows.freshness(session, ANNA, T)
            await rows.import_draft(session, anna, T)
            await rows.audit(session, T, user_id=anna, client_code="K-1042")
            await rows.audit(session, T, user_id=anna, action="chart.read", client_code="K-1042")
        return {"anna": anna, "bo": bo}
    finally:
        await db.dispose()


@pytest.fixture
def seeded(database_url: str, monkeypatch: pytest.MonkeyPatch) -> tuple[str, dict[str, int]]:
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("BOT_TIMEZONE", "Europe/Stockholm")
    upgrade_to_head(database_url)
    return database_url, asyncio.run(_seed(database_url))


def _query(url: str, statement: Any) -> list[Any]:
    engine = create_engine(sync_url(url))
    try:
        with engine.connect() as conn:
            return list(conn.execute(statement))
    finally:
        engine.dispose()


def _snapshot(url: str) -> dict[str, list[str]]:
    return {
        table.name: sorted(repr(tuple(row)) for row in _query(url, select(table)))
        for table in Base.metadata.sorted_tables
    }


def _where_text_holds(url: str, needle: str) -> list[str]:
    """Every text column of every table that holds `needle` (any case)."""
    found = []
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            if not isinstance(column.type, String):
                continue
            hits = _query(
                url,
                select(func.count())
                .select_from(table)
                .where(func.lower(column).contains(needle.lower(), autoescape=True)),
            )
            if hits[0][0]:
                found.append(f"{table.name}.{column.name}")
    return found


def _audit(url: str, action: str) -> list[tuple[str | None, str | None]]:
    return [
        (row.role, row.detail)
        for row in _query(
            url, select(AuditEvent.role, AuditEvent.detail).where(AuditEvent.action == action)
        )
    ]


def _export(capsys: pytest.CaptureFixture[str], user: str) -> dict[str, Any]:
    assert main(["gdpr", "export", "--user", user]) == 0
    return json.loads(capsys.readouterr().out)


# -- export ------------------------------------------------------------------------------------
def test_export_finds_every_kind_of_data_about_a_member_of_staff(
    seeded: tuple[str, dict[str, int]], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    url, ids = seeded
    out = tmp_path / "anna.json"

    assert main(["gdpr", "export", "--user", "Anna.Berg@kumla.se", "--out", str(out)]) == 0

    raw = out.read_text(encoding="utf-8")
    assert "ångest" in raw and "\\u00e5" not in raw  # UTF-8, not escaped
    doc = json.loads(raw)
    assert doc["subject"] == "Anna.Berg@kumla.se"
    assert [(u["id"], u["email"], u["name"]) for u in doc["staff_users"]] == [
        (ids["anna"], ANNA, "Anna Berg")
    ]
    assert [c["conversation_id"] for c in doc["conversations"]] == ["a:chat-1"]
    assert sorted((r["text"], r["set_by_them"]) for r in doc["reminders"]) == [
        ("Boka tolk", False),
        ("Ring FK om K-1042", True),
    ]
    assert [len(r["occurrences"]) for r in doc["reminders"]] == [1, 0]
    assert [s["at"] for s in doc["rating_prompt_settings"]] == ["07:45"]
    assert [p["prompt_date"] for p in doc["rating_prompts"]] == ["2026-10-05"]
    assert [(c["client"], c["role"], c["removed_at"] is None) for c in doc["care_teams"]] == [
        ("K-1042", "samordnare", True),
        ("K-2000", "kontaktperson", False),
    ]
    assert [(r["principal"], r["role"]) for r in doc["roles"]] == [(ANNA, "directory_admin")]
    assert [r["principal"] for r in doc["roles_granted_by_them"]] == ["bo.ek@kumla.se"]
    assert [(r["unit"], r["role"]) for r in doc["unit_roles"]] == [
        ("Socialpsykiatri Kumla", "coordinator")
    ]
    assert [(m["client"], m["organised_by_them"], m["name"]) for m in doc["meetings"]] == [
        ("K-1042", True, "Anna Berg")
    ]
    assert [p["text"] for p in doc["plan_items"]] == ["Boka läkare"]
    assert [c["client"] for c in doc["consents_recorded"]] == ["K-1042"]
    assert [(p["client"], p["contacts_naming_them"]) for p in doc["crisis_plans"]] == [
        ("K-1042", 1)
    ]
    assert [(r["client"], r["target"], r["date"], r["value"]) for r in doc["ratings"]] == [
        ("K-1042", "ångest", "2026-10-01", 6),
        ("K-1042", "ångest", "2026-10-02", 4),
    ]
    assert "note" not in doc["ratings"][0]
    assert sorted(
        (e["name"], e["about_them"], e["owned_by_them"]) for e in doc["directory_entries"]
    ) == [("Anna Berg", True, True), ("Socialtjänstens mottagning", False, True)]
    assert [f["entries"] for f in doc["freshness_reminders"]] == [2]
    assert [(d["file_name"], d["bytes"]) for d in doc["import_drafts"]] == [("kontakter.csv", 11)]
    assert [e["action"] for e in doc["audit_events"]] == ["rating.write", "chart.read"]
    assert "Skrev" in capsys.readouterr().err
    # Recorded, by user id, never by e-mail.
    assert [
        (role, (detail or "").split(";")[0]) for role, detail in _audit(url, "gdpr.export")
    ] == [("cli", f"users {ids['anna']}")]
    assert ANNA not in str(_audit(url, "gdpr.export"))


def test_the_same_person_by_teams_id_or_entra_id(
    seeded: tuple[str, dict[str, int]], capsys: pytest.CaptureFixture[str]
) -> None:
    _, ids = seeded
    for user in ("29:anna", "AAD-ANNA"):
        assert [u["id"] for u in _export(capsys, user)["staff_users"]] == [ids["anna"]]


def test_export_finds_someone_outside_the_bot_by_e_mail(
    seeded: tuple[str, dict[str, int]], capsys: pytest.CaptureFixture[str]
) -> None:
    doc = _export(capsys, OMAR)

    assert doc["staff_users"] == [] and doc["ratings"] == []
    assert [(m["client"], m["name"], m["email"]) for m in doc["meetings"]] == [
        ("K-1042", "Omar Said", OMAR)
    ]
    assert [p["text"] for p in doc["plan_items"]] == ["Ansöka om boendestöd"]
    assert [e["name"] for e in doc["directory_entries"]] == ["Omar Said"]


def test_nobody_known_is_said_plainly(
    seeded: tuple[str, dict[str, int]], capsys: pytest.CaptureFixture[str]
) -> None:
    url, _ = seeded
    for action in ("export", "erase"):
        assert main(["gdpr", action, "--user", "okand@kumla.se"]) == 1
        assert capsys.readouterr().err.strip() == "Inga uppgifter om «okand@kumla.se»."
    assert _audit(url, "gdpr.export") == _audit(url, "gdpr.erase") == []


# -- erase -------------------------------------------------------------------------------------
def test_erase_without_yes_only_shows_what_it_would_do(
    seeded: tuple[str, dict[str, int]], capsys: pytest.CaptureFixture[str]
) -> None:
    url, _ = seeded
    before = _snapshot(url)

    assert main(["gdpr", "erase", "--user", ANNA]) == 0

    assert _snapshot(url) == before
    out = capsys.readouterr().out
    assert "inget är ändrat" in out and "Kör igen med --yes" in out
    assert "  påminnelser borttagna: 2" in out
    assert "2 skattningar" in out and "2 händelser i granskningsloggen" in out


def test_erase_leaves_nothing_personal_and_keeps_ratings_and_the_trail(
    seeded: tuple[str, dict[str, int]], capsys: pytest.CaptureFixture[str]
) -> None:
    url, ids = seeded
    anna = ids["anna"]
    assert _where_text_holds(url, ANNA) != []  # the check finds what is there

    assert main(["gdpr", "erase", "--user", ANNA, "--yes"]) == 0

    out = capsys.readouterr().out
    assert "Raderat och anonymiserat" in out and "art. 17.3 b" in out
    for needle in (ANNA, "Anna Berg", "aad-anna", "29:anna"):
        assert _where_text_holds(url, needle) == [], needle
    # Kept: her ratings (the client's record) and the audit trail, by her row's id.
    assert [r.rater_user_id for r in _query(url, select(Rating).order_by(Rating.id))] == [
        anna,
        anna,
        ids["bo"],
    ]
    trail = _query(url, select(AuditEvent.action).where(AuditEvent.user_id == anna))
    assert sorted(r.action for r in trail) == ["chart.read", "rating.write"]
    staff = _query(url, select(StaffUser).where(StaffUser.id == anna))[0]
    assert (staff.teams_user_id, staff.name, staff.email) == (f"anonymised:{anna}", None, None)
    memberships = _query(
        url, select(CareTeamMember.removed_at).where(CareTeamMember.staff_user_id == anna)
    )
    assert len(memberships) == 2 and all(m.removed_at is not None for m in memberships)
    assert _query(url, select(UnitRole).where(UnitRole.staff_user_id == anna)) == []
    # Colleagues keep theirs; a reminder naming her keeps going without the name.
    assert _where_text_holds(url, "Bo Ek") != []
    texts = sorted(r.text for r in _query(url, select(Reminder.text)))
    assert texts == ["Fråga – och Omar Said om tolk"]
    assert _where_text_holds(url, "19:other") == ["state_documents.key"]
    assert [role for role, _ in _audit(url, "gdpr.erase")] == ["cli"]
    assert ANNA not in str(_audit(url, "gdpr.erase"))
    # Nothing personal is left to find.
    for user in (ANNA, "29:anna", "aad-anna"):
        assert main(["gdpr", "export", "--user", user]) == 1
        assert capsys.readouterr().err.strip() == f"Inga uppgifter om «{user}»."


def test_erase_of_someone_outside_the_bot(
    seeded: tuple[str, dict[str, int]], capsys: pytest.CaptureFixture[str]
) -> None:
    url, _ = seeded

    assert main(["gdpr", "erase", "--user", OMAR, "--yes"]) == 0

    out = capsys.readouterr().out
    assert "mötesdeltaganden anonymiserade: 1" in out
    for needle in (OMAR, "Omar Said"):
        assert _where_text_holds(url, needle) == [], needle
    assert _where_text_holds(url, "Anna Berg") != []
    assert main(["gdpr", "export", "--user", OMAR]) == 1


# -- malformed requests ---------------------------------------------------------------------------
NO_ACTION = "Ange export eller erase, t.ex. samverkan gdpr export --user anna.berg@kumla.se."
NO_USER = "Ange --user med e-postadress, Entra-objekt-id eller Teams-användar-id."
NO_PERSONNUMMER = "Ange inte personnummer: --user tar e-postadress, Entra-objekt-id eller Teams-id."
NO_DIRECTORY = (
    "Kan inte skriva till /nonexistent/dir/x.json: ingen sådan mapp eller så är det en mapp."
)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], NO_ACTION),
        (["radera", "--user", ANNA], NO_ACTION),
        (["export"], NO_USER),
        (["erase", "--user", "  "], NO_USER),
        (["export", "--user", "19121212-1212"], NO_PERSONNUMMER),
        (
            ["export", "--user", "Anna Berg"],
            "«Anna Berg» är ingen e-postadress eller id (ett namn räcker inte).",
        ),
        (["erase", "--user", ANNA, "--out", "x.json"], "--out hör till export."),
        (["export", "--user", ANNA, "--yes"], "--yes hör till erase."),
        (["export", "--user", ANNA, "--out", "/nonexistent/dir/x.json"], NO_DIRECTORY),
    ],
)
def test_malformed_requests_get_a_plain_answer_and_change_nothing(
    seeded: tuple[str, dict[str, int]],
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    message: str,
) -> None:
    url, _ = seeded
    before = _snapshot(url)

    assert main(["gdpr", *args]) == 2

    captured = capsys.readouterr()
    assert captured.err.strip() == message
    assert "1212" not in captured.err + captured.out
    assert _snapshot(url) == before


# -- retention ----------------------------------------------------------------------------------
@pytest.fixture
def migrated(database_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("DATABASE_URL", database_url)
    upgrade_to_head(database_url)
    return database_url


def test_retention_by_hand_dry_run_first(migrated: str, capsys: pytest.CaptureFixture[str]) -> None:
    url = migrated
    now = datetime.now(UTC)

    async def add_state() -> None:
        db = Database(url)
        try:
            async with db.session() as session:
                await rows.state_document(session, "stale", now - timedelta(days=31))
                await rows.state_document(session, "fresh", now - timedelta(days=29))
        finally:
            await db.dispose()

    asyncio.run(add_state())
    before = _snapshot(url)

    assert main(["retention", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert _snapshot(url) == before
    assert out.splitlines()[0].endswith("inget ändrades. Detta skulle gallras nu:")
    assert "  övergivna dialoger, efter 30 dagar: 1 skulle tas bort" in out
    assert "  importfiler som aldrig importerades, efter 1 dag: 0 skulle tas bort" in out
    assert "  inaktiva användare, efter 730 dagar: 0 skulle anonymiseras" in out

    assert main(["retention"]) == 0
    out = capsys.readouterr().out
    assert "  övergivna dialoger, efter 30 dagar: 1 borttagna" in out
    assert [r.key for r in _query(url, select(StateDocument.key))] == ["fresh"]
    assert [role for role, _ in _audit(url, "retention.run")] == ["cli"]


def test_retention_refuses_a_harmful_period(
    migrated: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RETENTION_AUDIT_DAYS", "30")
    assert main(["retention"]) == 2
    assert capsys.readouterr().err.strip() == (
        "Fel i konfigurationen: RETENTION_AUDIT_DAYS must be at least 365 days, got 30: "
        "the audit trail must outlive an investigation"
    )


def test_the_retention_label_for_ended_rating_fits_units_too() -> None:
    # closed_clients holds clients and units (organisational SSD, E-2001) whose rating
    # has ended and that nothing has touched since: not "klienter", not "avslutade".
    from cli.gdpr import RETENTION_LABELS

    assert RETENTION_LABELS["closed_clients"] == (
        "koder (klienter och enheter) med avslutade skattningar och ingen aktivitet sedan, "
        "med all sin data"
    )
