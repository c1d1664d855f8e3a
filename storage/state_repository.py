"""JSON documents with optimistic concurrency (eTags), for bot state.

Stores text only: what the text means (and how it is encoded) is the caller's
business. The bot's botbuilder Storage lives in bot/state_storage.py.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import StateDocument
from storage.upsert import insert_for


class EtagConflict(Exception):
    """The document changed since it was read; the write was not applied."""

    def __init__(self, key: str) -> None:
        super().__init__(f"eTag conflict on state document {key!r}")
        self.key = key


def new_etag() -> str:
    return uuid.uuid4().hex


async def read_documents(session: AsyncSession, keys: Iterable[str]) -> dict[str, tuple[str, str]]:
    """{key: (document, etag)} for the keys that exist."""
    wanted = list(dict.fromkeys(keys))
    if not wanted:
        return {}
    rows = await session.execute(
        select(StateDocument.key, StateDocument.document, StateDocument.etag).where(
            StateDocument.key.in_(wanted)
        )
    )
    return {key: (document, etag) for key, document, etag in rows}


async def write_document(
    session: AsyncSession, key: str, document: str, expected_etag: str | None, now: datetime
) -> str:
    """Write one document; returns its new eTag.

    expected_etag None means "last writer wins". With an eTag, the write only
    happens if the stored document still has it (or does not exist yet);
    otherwise EtagConflict is raised and nothing changes.
    """
    etag = new_etag()
    table = StateDocument.__table__
    if expected_etag is None:
        stmt = insert_for(session, table).values(
            key=key, document=document, etag=etag, updated_at=now
        )
        stmt = stmt.on_conflict_do_update(
            index_elements=[table.c.key],
            set_={"document": document, "etag": etag, "updated_at": now},
        )
        await session.execute(stmt)
        return etag
    result = await session.execute(
        update(StateDocument)
        .where(StateDocument.key == key, StateDocument.etag == expected_etag)
        .values(document=document, etag=etag, updated_at=now)
    )
    if result.rowcount == 1:
        return etag
    # RETURNING, not rowcount: psycopg reports -1 for INSERT … ON CONFLICT DO NOTHING.
    inserted = await session.scalar(
        insert_for(session, table)
        .values(key=key, document=document, etag=etag, updated_at=now)
        .on_conflict_do_nothing(index_elements=[table.c.key])
        .returning(table.c.key)
    )
    if inserted is not None:
        return etag
    raise EtagConflict(key)


async def delete_documents(session: AsyncSession, keys: Iterable[str]) -> int:
    wanted = list(keys)
    if not wanted:
        return 0
    result = await session.execute(delete(StateDocument).where(StateDocument.key.in_(wanted)))
    return result.rowcount or 0
