"""Daily rating prompts in the database: settings, who may be prompted, claims.

A prompt or nudge is claimed by inserting its (user, day, kind) row with ON
CONFLICT DO NOTHING: the instance whose insert returns a row sends it, every other
instance sees the row and does nothing, so no one is prompted twice for a day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import case, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core import ssd_model as rules
from core.clock import Clock
from core.rating_prompt_plan import PromptSettings, format_clock, parse_clock
from storage import ssd_repository as ssd
from storage.db import Database
from storage.models import (
    CareTeamMember,
    Client,
    RatingPrompt,
    RatingPromptSettings,
    StaffUser,
    Unit,
)
from storage.upsert import insert_for


@dataclass(frozen=True)
class PromptCandidate:
    user_id: int
    timezone: str | None  # chosen, else the Teams-reported one
    locale: str | None
    language: str | None
    tenant_id: str | None
    around_the_clock: bool  # one of their clients lives in a 24/7 unit
    reachable: bool


@dataclass(frozen=True)
class PromptRow:
    kind: str
    status: str
    sent_at: datetime | None


def settings_from_row(row: RatingPromptSettings | None) -> PromptSettings:
    if row is None:
        return PromptSettings()
    return PromptSettings(
        enabled=row.enabled,
        at=parse_clock(row.at),
        days=row.days,
        quiet_start=parse_clock(row.quiet_start),
        quiet_end=parse_clock(row.quiet_end),
        paused_until=row.paused_until,
        nudge_hours=row.nudge_hours,
    )


async def get_settings(session: AsyncSession, user_id: int) -> PromptSettings:
    return settings_from_row(await session.get(RatingPromptSettings, user_id))


async def save_settings(
    session: AsyncSession, user_id: int, settings: PromptSettings, now: datetime
) -> None:
    table = RatingPromptSettings.__table__
    values = {
        "enabled": settings.enabled,
        "at": format_clock(settings.at),
        "days": settings.days,
        "quiet_start": format_clock(settings.quiet_start),
        "quiet_end": format_clock(settings.quiet_end),
        "paused_until": settings.paused_until,
        "nudge_hours": settings.nudge_hours,
        "updated_at": now,
    }
    await session.execute(
        insert_for(session, table)
        .values(user_id=user_id, **values)
        .on_conflict_do_update(index_elements=[table.c.user_id], set_=values)
    )


async def candidates(
    session: AsyncSession, user_id: int | None = None
) -> list[tuple[PromptCandidate, PromptSettings]]:
    """Everyone in the current care team of an active client (or just user_id, if
    they are), with their settings."""
    around = func.max(case((Unit.around_the_clock.is_(True), 1), else_=0))
    rows = await session.execute(
        select(
            StaffUser.id,
            StaffUser.timezone,
            StaffUser.client_timezone,
            StaffUser.locale,
            StaffUser.language,
            StaffUser.tenant_id,
            StaffUser.unreachable_since,
            StaffUser.last_seen_at,
            around.label("around"),
        )
        .join(CareTeamMember, CareTeamMember.staff_user_id == StaffUser.id)
        .join(Client, Client.id == CareTeamMember.client_id)
        .join(Unit, Unit.id == Client.unit_id)
        .where(
            CareTeamMember.removed_at.is_(None),
            Client.status == rules.ACTIVE,
            *([StaffUser.id == user_id] if user_id is not None else []),
        )
        .group_by(
            StaffUser.id,
            StaffUser.timezone,
            StaffUser.client_timezone,
            StaffUser.locale,
            StaffUser.language,
            StaffUser.tenant_id,
            StaffUser.unreachable_since,
            StaffUser.last_seen_at,
        )
        .order_by(StaffUser.id)
    )
    found = list(rows)
    settings = {
        row.user_id: settings_from_row(row)
        for row in await session.scalars(
            select(RatingPromptSettings).where(
                RatingPromptSettings.user_id.in_([r.id for r in found])
            )
        )
    }
    return [
        (
            PromptCandidate(
                user_id=r.id,
                timezone=r.timezone or r.client_timezone,
                locale=r.locale,
                language=r.language,
                tenant_id=r.tenant_id,
                around_the_clock=bool(r.around),
                reachable=r.unreachable_since is None or r.last_seen_at > r.unreachable_since,
            ),
            settings.get(r.id, PromptSettings()),
        )
        for r in found
    ]


async def prompts_since(
    session: AsyncSession, first_day: date
) -> dict[tuple[int, date], dict[str, PromptRow]]:
    rows = await session.scalars(select(RatingPrompt).where(RatingPrompt.prompt_date >= first_day))
    result: dict[tuple[int, date], dict[str, PromptRow]] = {}
    for row in rows:
        result.setdefault((row.user_id, row.prompt_date), {})[row.kind] = PromptRow(
            row.kind, row.status, row.sent_at
        )
    return result


async def claim(
    session: AsyncSession, user_id: int, day: date, kind: str, now: datetime
) -> int | None:
    """The new row's id if this call claimed (user, day, kind); None if taken."""
    table = RatingPrompt.__table__
    return await session.scalar(
        insert_for(session, table)
        .values(
            user_id=user_id, prompt_date=day, kind=kind, status="claimed", clients=0, claimed_at=now
        )
        .on_conflict_do_nothing(index_elements=[table.c.user_id, table.c.prompt_date, table.c.kind])
        .returning(table.c.id)
    )


async def finish(
    session: AsyncSession,
    prompt_id: int,
    *,
    status: str,
    clients: int,
    sent_at: datetime | None,
    error: str | None = None,
) -> None:
    await session.execute(
        update(RatingPrompt)
        .where(RatingPrompt.id == prompt_id)
        .values(status=status, clients=clients, sent_at=sent_at, last_error=error)
    )


async def due_clients(session: AsyncSession, user_id: int, day: date) -> list[tuple[str, int]]:
    """(client code, targets with an open slot on day) for the user's clients with any."""
    return [
        (client.code, due) for client, due in await ssd.due_counts(session, user_id, day) if due
    ]


class PromptSettingsStore:
    """One session per call, for the chat side."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    async def get(self, user_id: int) -> PromptSettings:
        async with self._db.session() as session:
            return await get_settings(session, user_id)

    async def save(self, user_id: int, settings: PromptSettings) -> None:
        async with self._db.session() as session:
            await save_settings(session, user_id, settings, self._clock.now())
