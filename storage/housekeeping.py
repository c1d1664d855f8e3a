"""Periodic clean-up that needs no user: forget abandoned conversation state."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import StateDocument


async def purge_stale_state(session: AsyncSession, older_than: datetime) -> int:
    """Delete bot state untouched since older_than (a dialog left half-way for weeks)."""
    result = await session.execute(
        delete(StateDocument).where(StateDocument.updated_at < older_than)
    )
    return result.rowcount or 0
