"""The audit trail on SQLite and PostgreSQL: appended, queried by client, user and
time, and refusing free text that could identify someone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from storage import audit_repository as audit
from storage.db import Database
from storage.records import AuditEventRecord

T0 = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


async def _append(db: Database, minutes: int, **fields: object) -> AuditEventRecord:
    async with db.session() as session:
        return await audit.append_audit_event(session, at=T0 + timedelta(minutes=minutes), **fields)


@pytest.fixture
async def trail(db: Database) -> list[AuditEventRecord]:
    return [
        await _append(
            db, 0, action="client.create", user_id=1, role="samordnare", client_code="K-1042"
        ),
        await _append(
            db,
            5,
            action="rating.write",
            user_id=2,
            role="kontaktperson",
            client_code="K-1042",
            detail="ångest 2026-11-22 day",
        ),
        await _append(db, 10, action="chart.read", user_id=2, client_code="K-1001"),
        await _append(
            db, 15, action="access.refused", outcome="refused", user_id=3, client_code="K-1042"
        ),
    ]


async def test_an_appended_event_reads_back_as_written(
    db: Database, trail: list[AuditEventRecord]
) -> None:
    async with db.session() as session:
        events = await audit.audit_events(session, client_code="K-1042", user_id=2)

    assert events == [
        AuditEventRecord(
            id=trail[1].id,
            at=T0 + timedelta(minutes=5),
            user_id=2,
            role="kontaktperson",
            action="rating.write",
            client_code="K-1042",
            outcome="ok",
            detail="ångest 2026-11-22 day",
        )
    ]


async def test_queries_by_client_user_and_time_newest_first(
    db: Database, trail: list[AuditEventRecord]
) -> None:
    async with db.session() as session:
        by_client = await audit.audit_events(session, client_code="K-1042")
        by_user = await audit.audit_events(session, user_id=2)
        since = await audit.audit_events(session, since=T0 + timedelta(minutes=10))
        refused = await audit.audit_events(session, action="access.refused")
        limited = await audit.audit_events(session, limit=2)

    assert [e.action for e in by_client] == ["access.refused", "rating.write", "client.create"]
    assert [e.client_code for e in by_user] == ["K-1001", "K-1042"]
    assert [e.action for e in since] == ["access.refused", "chart.read"]
    assert [(e.user_id, e.outcome) for e in refused] == [(3, "refused")]
    assert [e.id for e in limited] == [trail[3].id, trail[2].id]


async def test_an_event_rolled_back_with_its_turn_is_not_kept(db: Database) -> None:
    with pytest.raises(RuntimeError):
        async with db.session() as session:
            await audit.append_audit_event(session, at=T0, action="export", client_code="K-1042")
            raise RuntimeError("the turn failed")

    async with db.session() as session:
        assert await audit.audit_events(session) == []


@pytest.mark.parametrize(
    "fields",
    [
        {"action": "Rating write"},
        {"action": "rating.write", "outcome": "maybe"},
        {"action": "rating.write", "detail": "x" * 201},
        {"action": "rating.write", "detail": "pnr 850101-1236"},
    ],
)
async def test_malformed_events_are_refused(db: Database, fields: dict) -> None:
    with pytest.raises(ValueError):
        await _append(db, 0, **fields)

    async with db.session() as session:
        assert await audit.audit_events(session) == []


def test_the_trail_is_append_only() -> None:
    public = {name for name in dir(audit) if not name.startswith("_")}

    assert {n for n in public if n.startswith(("update", "delete", "remove", "set"))} == set()


async def test_the_trail_is_append_only_in_the_database_itself(
    db: Database, trail: list[AuditEventRecord]
) -> None:
    """Not only the code: an UPDATE by hand is refused on both databases, and a
    DELETE on PostgreSQL unless the retention job says it is purging."""
    with pytest.raises(DBAPIError):
        async with db.session() as session:
            await session.execute(text("UPDATE audit_events SET outcome = 'ok'"))
    if db.dialect == "postgresql":
        with pytest.raises(DBAPIError):
            async with db.session() as session:
                await session.execute(text("DELETE FROM audit_events"))
        async with db.session() as session:
            await session.execute(text("SET LOCAL samverkan.audit_purge = 'on'"))
            await session.execute(
                text("DELETE FROM audit_events WHERE id = :id"), {"id": trail[0].id}
            )
    async with db.session() as session:
        left = await audit.audit_events(session)
    assert [e.outcome for e in left if e.id == trail[3].id] == ["refused"]
    expected = len(trail) - (1 if db.dialect == "postgresql" else 0)
    assert len(left) == expected
