"""One transaction per request about a client, audited: what the SSD and meeting
services share.

Every read or write of a client's data appends an audit event in the same
transaction as the data it touched, so both commit or neither does. A refused or
invalid request (core.ssd_model.UserInputError or a subclass) rolls back whatever
it had started and is then audited on its own (outcome "refused", detail the
message key), so even a failed attempt leaves a trace and nothing half-saved.

In local mode with demo data, whoever tries the bot is first put in the demo
care teams, in a transaction of its own, so a refused request does not roll the
membership back. How is the caller's to say (`join_demo`, in practice
demo.data.ensure_demo_membership): storage/ knows nothing of the demo.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from core import ssd_model as rules
from core.clock import Clock
from core.errors import UserInputError
from storage.audit_repository import append_audit_event, append_refusal
from storage.db import Database

T = TypeVar("T")
# Puts a user (by id) in the demo care teams, in the session given, as of `now`.
JoinDemo = Callable[[AsyncSession, int, datetime], Awaitable[object]]


class AuditedWork:
    def __init__(self, db: Database, clock: Clock, *, join_demo: JoinDemo | None = None) -> None:
        self._db = db
        self._clock = clock
        self._join_demo = join_demo
        self._demo_done: set[int] = set()

    async def run(
        self,
        user_id: int,
        action: str,
        code: str | None,
        work: Callable[[AsyncSession], Awaitable[T]],
    ) -> T:
        await self.ensure_demo(user_id)
        try:
            async with self._db.session() as session:
                return await work(session)
        except UserInputError as error:
            await append_refusal(
                self._db,
                at=self._clock.now(),
                action=action,
                user_id=user_id,
                role=getattr(error, "role", None),
                client_code=valid_code(code) or valid_code(getattr(error, "client_code", None)),
                detail=error.key,
            )
            raise

    async def ensure_demo(self, user_id: int) -> None:
        if self._join_demo is None or user_id in self._demo_done:
            return
        async with self._db.session() as session:
            await self._join_demo(session, user_id, self._clock.now())
        self._demo_done.add(user_id)

    async def audit(
        self,
        session: AsyncSession,
        user_id: int,
        action: str,
        code: str,
        detail: str | None,
        role: str | None = None,
    ) -> None:
        await append_audit_event(
            session,
            at=self._clock.now(),
            action=action,
            user_id=user_id,
            role=role,
            client_code=code,
            detail=detail[:200] if detail else None,
        )


def valid_code(code: str | None) -> str | None:
    """The normalised client code, or None for none or a malformed one."""
    if not code:
        return None
    try:
        return rules.normalise_client_code(code)
    except UserInputError:
        return None
