"""The audit trail: who read or wrote which client's data, when, and how it went.

Append-only: this module has no update or delete. Append in the same session as
the read or write it records, so both commit or neither does; a refusal has no
write of its own, so its audit row is the transaction's only write.
`detail` is a short fixed phrase or identifiers (a target name, a date), never
text a user typed: free text could hold a name or a personnummer.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.ssd_model import looks_like_personnummer
from storage.db import Database
from storage.models import AuditEvent
from storage.records import AuditEventRecord

OK, REFUSED, ERROR = "ok", "refused", "error"
OUTCOMES = (OK, REFUSED, ERROR)
MAX_DETAIL = 200
_ACTION = re.compile(r"^[a-z][a-z_]*(\.[a-z][a-z_]*)*$")


def _record(row: Any) -> AuditEventRecord:
    return AuditEventRecord(
        id=row.id,
        at=row.at,
        user_id=row.user_id,
        role=row.role,
        action=row.action,
        client_code=row.client_code,
        outcome=row.outcome,
        detail=row.detail,
    )


async def append_audit_event(
    session: AsyncSession,
    *,
    at: datetime,
    action: str,
    outcome: str = OK,
    user_id: int | None = None,
    role: str | None = None,
    client_code: str | None = None,
    detail: str | None = None,
) -> AuditEventRecord:
    """Record one event: action like "rating.write", "chart.read", "export",
    "client.create", "access.refused"; outcome ok, refused or error."""
    if not _ACTION.match(action) or len(action) > 64:
        raise ValueError(f"not an audit action: {action!r}")
    if outcome not in OUTCOMES:
        raise ValueError(f"not an audit outcome: {outcome!r}")
    if detail is not None and (len(detail) > MAX_DETAIL or looks_like_personnummer(detail)):
        raise ValueError("audit detail must be short and hold no personnummer")
    # A Core INSERT … RETURNING: one statement, no unit-of-work bookkeeping (this
    # runs on every read and write of client data).
    table = AuditEvent.__table__
    row = (
        await session.execute(
            insert(table)
            .values(
                at=at,
                user_id=user_id,
                role=role[:64] if role else None,
                action=action,
                client_code=client_code,
                outcome=outcome,
                detail=detail,
            )
            .returning(*table.c)
        )
    ).one()
    return _record(row)


async def append_refusal(
    db: Database,
    *,
    at: datetime,
    action: str,
    user_id: int | None,
    detail: str,
    role: str | None = None,
    client_code: str | None = None,
) -> None:
    """Record a refused attempt in a transaction of its own: the refused work's own
    transaction is rolled back, and the refusal must outlive it."""
    async with db.session() as session:
        await append_audit_event(
            session,
            at=at,
            action=action,
            outcome=REFUSED,
            user_id=user_id,
            role=role,
            client_code=client_code,
            detail=detail,
        )


async def audit_events(
    session: AsyncSession,
    *,
    client_code: str | None = None,
    user_id: int | None = None,
    since: datetime | None = None,
    action: str | None = None,
    limit: int = 200,
) -> list[AuditEventRecord]:
    """Events matching every filter given, newest first."""
    query = select(AuditEvent)
    if client_code is not None:
        query = query.where(AuditEvent.client_code == client_code)
    if user_id is not None:
        query = query.where(AuditEvent.user_id == user_id)
    if since is not None:
        query = query.where(AuditEvent.at >= since)
    if action is not None:
        query = query.where(AuditEvent.action == action)
    rows = await session.scalars(
        query.order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(limit)
    )
    return [_record(row) for row in rows]
