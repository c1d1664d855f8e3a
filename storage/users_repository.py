"""Staff users and their conversation references."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import fields
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import ConversationReferenceRow, ConversationWelcome, StaffUser
from storage.records import ConversationRecord, StaffUserRecord, TeamsIdentity
from storage.upsert import insert_for


def _user_record(row: Any) -> StaffUserRecord:
    """From an ORM row or a RETURNING row: both have the columns as attributes."""
    return StaffUserRecord(**{name: getattr(row, name) for name in _USER_FIELDS})


_USER_FIELDS = tuple(f.name for f in fields(StaffUserRecord))


async def upsert_staff_user(
    session: AsyncSession, identity: TeamsIdentity, now: datetime
) -> StaffUserRecord:
    """Create or refresh the user in one statement; keeps their saved preferences."""
    table = StaffUser.__table__
    stmt = insert_for(session, table).values(
        teams_user_id=identity.teams_user_id,
        aad_object_id=identity.aad_object_id,
        tenant_id=identity.tenant_id,
        name=identity.name,
        locale=identity.locale,
        client_timezone=identity.client_timezone,
        created_at=now,
        last_seen_at=now,
    )
    excluded = stmt.excluded
    stmt = stmt.on_conflict_do_update(
        index_elements=[table.c.teams_user_id],
        set_={
            # Teams leaves fields out on some activities: keep what we knew.
            "aad_object_id": func.coalesce(excluded.aad_object_id, table.c.aad_object_id),
            "tenant_id": func.coalesce(excluded.tenant_id, table.c.tenant_id),
            "name": func.coalesce(excluded.name, table.c.name),
            "locale": func.coalesce(excluded.locale, table.c.locale),
            "client_timezone": func.coalesce(excluded.client_timezone, table.c.client_timezone),
            "last_seen_at": excluded.last_seen_at,
        },
    ).returning(*table.c)
    return _user_record((await session.execute(stmt)).one())


async def get_staff_user(session: AsyncSession, teams_user_id: str) -> StaffUserRecord | None:
    row = await session.scalar(select(StaffUser).where(StaffUser.teams_user_id == teams_user_id))
    return _user_record(row) if row else None


async def set_preferences(
    session: AsyncSession, user_id: int, *, language: str | None, timezone: str | None
) -> None:
    await session.execute(
        update(StaffUser)
        .where(StaffUser.id == user_id)
        .values(language=language, timezone=timezone)
    )


async def save_conversation_reference(
    session: AsyncSession,
    *,
    conversation_id: str,
    conversation_type: str,
    user_id: int | None,
    tenant_id: str | None,
    service_url: str,
    channel_id: str,
    reference: dict,
    now: datetime,
) -> None:
    table = ConversationReferenceRow.__table__
    values = {
        "conversation_id": conversation_id,
        "conversation_type": conversation_type,
        "user_id": user_id,
        "tenant_id": tenant_id,
        "service_url": service_url,
        "channel_id": channel_id,
        "reference_json": json.dumps(reference, ensure_ascii=False, sort_keys=True),
        "updated_at": now,
    }
    stmt = insert_for(session, table).values(**values)
    stmt = stmt.on_conflict_do_update(
        index_elements=[table.c.conversation_id],
        set_={k: stmt.excluded[k] for k in values if k != "conversation_id"},
    )
    await session.execute(stmt)


def _conversation_record(row: ConversationReferenceRow) -> ConversationRecord:
    return ConversationRecord(
        conversation_id=row.conversation_id,
        conversation_type=row.conversation_type,
        user_id=row.user_id,
        tenant_id=row.tenant_id,
        service_url=row.service_url,
        channel_id=row.channel_id,
        reference=json.loads(row.reference_json),
        updated_at=row.updated_at,
    )


async def personal_conversation_for(
    session: AsyncSession, user_id: int
) -> ConversationRecord | None:
    """The user's 1:1 chat with the bot, for proactive messages."""
    row = await session.scalar(
        select(ConversationReferenceRow)
        .where(
            ConversationReferenceRow.user_id == user_id,
            ConversationReferenceRow.conversation_type == "personal",
        )
        .order_by(ConversationReferenceRow.updated_at.desc())
        .limit(1)
    )
    return None if row is None else _conversation_record(row)


async def personal_conversations_for(
    session: AsyncSession, user_ids: Iterable[int]
) -> dict[int, ConversationRecord]:
    """Each user's newest 1:1 chat with the bot, in one query (users without one are
    left out)."""
    wanted = sorted(set(user_ids))
    if not wanted:
        return {}
    rows = await session.scalars(
        select(ConversationReferenceRow)
        .where(
            ConversationReferenceRow.user_id.in_(wanted),
            ConversationReferenceRow.conversation_type == "personal",
        )
        .order_by(ConversationReferenceRow.updated_at.desc())
    )
    found: dict[int, ConversationRecord] = {}
    for row in rows:
        if row.user_id is not None and row.user_id not in found:
            found[row.user_id] = _conversation_record(row)
    return found


async def claim_welcome(session: AsyncSession, conversation_id: str, now: datetime) -> bool:
    """True for exactly one caller per conversation, however many race for it."""
    table = ConversationWelcome.__table__
    # RETURNING, not rowcount: psycopg reports -1 for INSERT … ON CONFLICT DO NOTHING.
    inserted = await session.scalar(
        insert_for(session, table)
        .values(conversation_id=conversation_id, welcomed_at=now)
        .on_conflict_do_nothing(index_elements=[table.c.conversation_id])
        .returning(table.c.conversation_id)
    )
    return inserted is not None


async def set_staff_email(session: AsyncSession, user_id: int, email: str) -> None:
    await session.execute(
        update(StaffUser).where(StaffUser.id == user_id).values(email=email.casefold())
    )


async def staff_without_email(session: AsyncSession, limit: int) -> list[ConversationRecord]:
    """1:1 chats of users whose e-mail the bot has not learnt yet, oldest users first."""
    rows = (
        await session.execute(
            select(ConversationReferenceRow)
            .join(StaffUser, StaffUser.id == ConversationReferenceRow.user_id)
            .where(
                StaffUser.email.is_(None),
                StaffUser.unreachable_since.is_(None),
                ConversationReferenceRow.conversation_type == "personal",
            )
            .order_by(StaffUser.id)
            .limit(limit)
        )
    ).scalars()
    return [_conversation_record(row) for row in rows]


async def staff_by_email(session: AsyncSession, email: str) -> StaffUserRecord | None:
    row = (
        await session.execute(
            select(StaffUser.__table__).where(StaffUser.email == email.casefold()).limit(1)
        )
    ).one_or_none()
    return None if row is None else _user_record(row)
