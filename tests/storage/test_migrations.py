"""Alembic migrations: complete, idempotent, safe when instances start together,
and in agreement with the models (a model change without a migration fails here)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, inspect, pool, text

from storage.db import Database, sync_url
from storage.migrate import (
    alembic_config,
    current_revision,
    head_revision,
    schema_is_at_head,
    upgrade_to_head,
)
from storage.models import Base, include_name, is_search_index

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """A plain sync engine on the (not yet migrated) database under test."""
    sync = create_engine(sync_url(database_url), poolclass=pool.NullPool)
    try:
        yield sync
    finally:
        sync.dispose()


def _tables(engine: Engine) -> set[str]:
    """The tables, without the search index's own (an FTS5 table and its shadows)."""
    return {name for name in inspect(engine).get_table_names() if not is_search_index(name)}


def _revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return current_revision(conn)


def test_migrations_form_one_numbered_chain_ending_at_head() -> None:
    scripts = ScriptDirectory.from_config(alembic_config("sqlite://"))
    chain = [script.revision for script in scripts.walk_revisions()]  # head first
    assert len(scripts.get_heads()) == 1
    assert chain[0] == head_revision()
    assert chain[::-1] == [f"{n:04d}" for n in range(1, len(chain) + 1)]


def test_upgrade_on_an_empty_database_creates_every_model_table(
    database_url: str, engine: Engine
) -> None:
    assert _tables(engine) == set()

    revision = upgrade_to_head(database_url)

    assert revision == head_revision()
    assert _tables(engine) == set(Base.metadata.tables) | {"alembic_version"}
    assert _revision(engine) == head_revision()


def test_a_second_upgrade_changes_nothing(database_url: str, engine: Engine) -> None:
    upgrade_to_head(database_url)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO agencies (name, short_name, kind) "
                "VALUES ('Kumla kommun', 'Kumla', 'kommun')"
            )
        )

    assert upgrade_to_head(database_url) == head_revision()

    with engine.connect() as conn:
        versions = conn.execute(text("SELECT version_num FROM alembic_version")).all()
        agencies = conn.execute(text("SELECT name FROM agencies")).scalars().all()
    assert [tuple(row) for row in versions] == [(head_revision(),)]
    assert agencies == ["Kumla kommun"]


def test_two_upgrades_in_threads_at_once_both_succeed(database_url: str, engine: Engine) -> None:
    with ThreadPoolExecutor(max_workers=2) as pool_:
        revisions = list(pool_.map(upgrade_to_head, [database_url, database_url]))

    assert revisions == [head_revision(), head_revision()]
    assert _revision(engine) == head_revision()
    assert _tables(engine) == set(Base.metadata.tables) | {"alembic_version"}


def test_two_upgrades_in_processes_at_once_both_succeed_on_sqlite(
    sqlite_url: str,
) -> None:
    script = (
        "import sys; from storage.migrate import upgrade_to_head; "
        "print(upgrade_to_head(sys.argv[1]))"
    )
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", script, sqlite_url],
            cwd=REPO_ROOT,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outcomes = [(*p.communicate(timeout=120), p.returncode) for p in processes]

    assert [(code, out.strip()) for out, _err, code in outcomes] == [
        (0, head_revision()),
        (0, head_revision()),
    ], [err for _out, err, _code in outcomes]
    sync = create_engine(sync_url(sqlite_url), poolclass=pool.NullPool)
    try:
        assert _revision(sync) == head_revision()
        assert _tables(sync) == set(Base.metadata.tables) | {"alembic_version"}
    finally:
        sync.dispose()


async def test_schema_is_at_head_only_after_migrating(database_url: str) -> None:
    db = Database(database_url)
    try:
        before = await schema_is_at_head(db)
        upgrade_to_head(database_url)
        after = await schema_is_at_head(db)
    finally:
        await db.dispose()

    assert (before, after) == (False, True)


def test_models_and_migrations_agree(database_url: str, engine: Engine) -> None:
    upgrade_to_head(database_url)

    with engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "include_name": include_name}
        )
        diff = compare_metadata(context, Base.metadata)

    assert diff == []


def test_unit_managers_keep_both_rights_as_two_unit_roles(
    database_url: str, engine: Engine
) -> None:
    """0013 splits the old unit manager (read and manage) into two roles: nobody
    loses a right they had."""
    from alembic import command

    command.upgrade(alembic_config(database_url), "0012")
    with engine.begin() as conn:
        conn.execute(
            text("INSERT INTO agencies (name, short_name, kind) VALUES ('K', 'K', 'kommun')")
        )
        conn.execute(
            text(
                "INSERT INTO units (agency_id, name, around_the_clock) "
                "VALUES (1, 'Boendestöd', false)"
            )
        )
        conn.execute(
            text(
                "INSERT INTO staff_users (teams_user_id, created_at, last_seen_at) "
                "VALUES ('29:a', '2026-01-01 00:00:00', '2026-01-01 00:00:00')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO unit_managers (unit_id, staff_user_id, added_at) "
                "VALUES (1, 1, '2026-01-01 00:00:00')"
            )
        )
    upgrade_to_head(database_url)

    with engine.connect() as conn:
        rows = conn.execute(
            text("SELECT unit_id, staff_user_id, role FROM unit_roles ORDER BY role")
        ).all()
    assert [tuple(r) for r in rows] == [(1, 1, "coordinator"), (1, 1, "unit_manager")]
    assert "unit_managers" not in _tables(engine)


def test_names_stored_before_the_edge_lose_their_personnummer(
    database_url: str, engine: Engine
) -> None:
    """0014: a display name stored with a personnummer (before core.inbound took it
    out at the edge) loses it, in the staff table and in the stored reference and
    state JSON; ids that look like a number and other rows are left alone."""
    import json

    from alembic import command

    command.upgrade(alembic_config(database_url), "0013")
    reference = {
        "user": {"id": "29:1912121212", "name": "Olle 19121212-1212"},
        "conversation": {"id": "a:19121212-1212", "conversationType": "personal"},
        "serviceUrl": "https://smba.trafficmanager.net/emea/",
    }
    state = {"dialog": {"owner_name": "Olle (121212-1212)", "text": "ring 19121212-1212"}}
    with engine.begin() as conn:
        for teams_id, name in (("29:olle", "Olle 19121212-1212"), ("29:eva", "Eva Ek")):
            conn.execute(
                text(
                    "INSERT INTO staff_users (teams_user_id, name, created_at, last_seen_at) "
                    "VALUES (:id, :name, '2026-01-01 00:00:00', '2026-01-01 00:00:00')"
                ),
                {"id": teams_id, "name": name},
            )
        conn.execute(
            text(
                "INSERT INTO conversation_references (conversation_id, conversation_type, "
                "service_url, channel_id, "
                "user_id, reference_json, updated_at) "
                "VALUES ('a:19121212-1212', 'personal', 'https://x/', 'msteams', 1, :ref, "
                "'2026-01-01 00:00:00')"
            ),
            {"ref": json.dumps(reference)},
        )
        conn.execute(
            text(
                "INSERT INTO state_documents (key, document, etag, updated_at) "
                "VALUES ('k', :doc, 'e', '2026-01-01 00:00:00')"
            ),
            {"doc": json.dumps(state)},
        )
    upgrade_to_head(database_url)

    with engine.connect() as conn:
        names = conn.execute(text("SELECT name FROM staff_users ORDER BY id")).scalars().all()
        stored_reference = json.loads(
            conn.execute(text("SELECT reference_json FROM conversation_references")).scalar_one()
        )
        stored_state = json.loads(
            conn.execute(text("SELECT document FROM state_documents")).scalar_one()
        )
    assert names == ["Olle", "Eva Ek"]
    assert stored_reference["user"] == {"id": "29:1912121212", "name": "Olle"}
    assert stored_reference["conversation"] == reference["conversation"]  # an id, untouched
    assert stored_state == {"dialog": {"owner_name": "Olle", "text": "ring 19121212-1212"}}


def test_old_consents_keep_their_meaning_as_given_refused_or_withdrawn(
    database_url: str, engine: Engine
) -> None:
    """0016 (see its docstring): an old "no" after a given consent is a withdrawal;
    an old "no" with nothing given before it (first, or after another no) was a
    refusal, never "withdrawn"; each client and agency is read on its own."""
    from alembic import command

    command.upgrade(alembic_config(database_url), "0014")
    old = [  # (client, agency kind, given), in the order they were recorded
        (1, "fk", False),  # never given: refused
        (1, "af", True),
        (2, "fk", True),  # another client's "given" does not make client 1's no a withdrawal
        (1, "fk", False),  # still nothing given: refused
        (1, "af", False),  # given before: withdrawn
        (1, "af", False),  # already withdrawn: refused again
        (1, "fk", True),  # a refused consent later given
        (1, "other", False),
    ]
    with engine.begin() as conn:
        conn.execute(
            text("INSERT INTO agencies (name, short_name, kind) VALUES ('K', 'K', 'kommun')")
        )
        conn.execute(
            text(
                "INSERT INTO units (agency_id, name, around_the_clock) "
                "VALUES (1, 'Boendestöd', false)"
            )
        )
        for code in ("K-1001", "K-1002"):
            conn.execute(
                text(
                    "INSERT INTO clients (code, kind, unit_id, status, created_at) "
                    "VALUES (:code, 'client', 1, 'active', '2026-01-01 00:00:00')"
                ),
                {"code": code},
            )
        for client, kind, given in old:
            conn.execute(
                text(
                    "INSERT INTO consents (client_id, agency_kind, given, decided_on, scope, "
                    "recorded_at) VALUES (:client, :kind, :given, '2026-01-02', 'SIP', "
                    "'2026-01-02 10:00:00')"
                ),
                {"client": client, "kind": kind, "given": given},
            )
    upgrade_to_head(database_url)

    with engine.connect() as conn:
        rows = conn.execute(
            text("SELECT client_id, agency_kind, state, scope, form_ref FROM consents ORDER BY id")
        ).all()
    assert [tuple(r) for r in rows] == [
        (1, "fk", "refused", "SIP", ""),
        (1, "af", "given", "SIP", ""),
        (2, "fk", "given", "SIP", ""),
        (1, "fk", "refused", "SIP", ""),
        (1, "af", "withdrawn", "SIP", ""),
        (1, "af", "refused", "SIP", ""),
        (1, "fk", "given", "SIP", ""),
        (1, "other", "refused", "SIP", ""),
    ]
