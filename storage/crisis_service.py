"""A client's crisis plan: read by everyone who reads the client (the care team,
the unit's coordinators and its manager), written by the client's coordinators
(core/access.py, Action.CRISIS_PLAN).

Each call is one transaction in storage.audited_work.AuditedWork: a read or write
is audited with it ("crisis_plan.read", "crisis_plan.write"), and a refusal is
audited on its own. An unknown code and someone else's client raise the same
refusal (storage/client_access.py). Audit details are counts, never typed text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Action
from core.clock import Clock
from core.commands import fold
from core.crisis_plan import ContactLine, reach_key, reach_of
from core.directory_text import words
from core.errors import UserInputError
from storage.audited_work import AuditedWork, JoinDemo
from storage.client_access import ClientAccess, client_access
from storage.db import Database
from storage.models import Contact, CrisisContact, CrisisPlan, StaffUser

READ, WRITE = "crisis_plan.read", "crisis_plan.write"


@dataclass(frozen=True)
class CrisisContactRecord:
    name: str | None  # None: a directory entry that has since been removed
    phone: str | None
    reach: frozenset[str]
    from_directory: bool


@dataclass(frozen=True)
class CrisisPlanRecord:
    early_signs: tuple[str, ...]
    steps: tuple[str, ...]
    own_words: str | None
    contacts: tuple[CrisisContactRecord, ...]
    updated_at: datetime
    updated_by: str | None


@dataclass(frozen=True)
class CrisisPlanView:
    """What the reader sees: the plan (None: none written yet) and whether they may
    write it."""

    code: str
    plan: CrisisPlanRecord | None
    may_write: bool


@dataclass(frozen=True)
class CrisisPlanInput:
    early_signs: tuple[str, ...]
    steps: tuple[str, ...]
    own_words: str | None
    contacts: tuple[ContactLine, ...]


class CrisisPlanService:
    def __init__(self, db: Database, clock: Clock, *, join_demo: JoinDemo | None = None) -> None:
        self._db = db
        self._clock = clock
        self._work = AuditedWork(db, clock, join_demo=join_demo)

    async def plan(self, user_id: int, code: str, *, editing: bool = False) -> CrisisPlanView:
        """The plan to show; `editing`: to change it (refused to readers who may not)."""
        action = Action.CRISIS_PLAN if editing else Action.READ

        async def work(session: AsyncSession) -> CrisisPlanView:
            access = await client_access(session, user_id, code, action)
            plan = await _plan_of(session, access.client.id)
            detail = ("edit " if editing else "") + ("plan" if plan else "no plan")
            await self._audit(session, user_id, READ, access, detail)
            return CrisisPlanView(access.client.code, plan, access.may(Action.CRISIS_PLAN))

        return await self._work.run(user_id, READ, code, work)

    async def check_contacts(self, contacts: Sequence[ContactLine]) -> None:
        """Refuses contacts without a number whose name is not one directory entry
        (the directory is not client data: nothing to audit)."""
        async with self._db.session() as session:
            for number, line in enumerate(contacts, 1):
                if line.phone is None:
                    await _directory_entry(session, line.name, number)

    async def save(self, user_id: int, code: str, given: CrisisPlanInput) -> CrisisPlanView:
        """Write the whole plan (what was there before is replaced)."""

        async def work(session: AsyncSession) -> CrisisPlanView:
            access = await client_access(session, user_id, code, Action.CRISIS_PLAN)
            client_id = access.client.id
            entries = [
                None if line.phone else await _directory_entry(session, line.name, number)
                for number, line in enumerate(given.contacts, 1)
            ]
            now = self._clock.now()
            values = {
                "early_signs": "\n".join(given.early_signs),
                "steps": "\n".join(given.steps),
                "own_words": given.own_words,
                "updated_by_user_id": user_id,
                "updated_at": now,
            }
            plan_id = await session.scalar(
                select(CrisisPlan.id).where(CrisisPlan.client_id == client_id)
            )
            if plan_id is None:
                plan_id = await session.scalar(
                    insert(CrisisPlan)
                    .values(client_id=client_id, **values)
                    .returning(CrisisPlan.id)
                )
            else:
                await session.execute(
                    CrisisPlan.__table__.update().where(CrisisPlan.id == plan_id).values(**values)
                )
                await session.execute(delete(CrisisContact).where(CrisisContact.plan_id == plan_id))
            for position, (line, entry) in enumerate(zip(given.contacts, entries, strict=True)):
                await session.execute(
                    insert(CrisisContact).values(
                        plan_id=plan_id,
                        position=position,
                        directory_contact_id=entry,
                        name=None if entry else line.name,
                        phone=None if entry else line.phone,
                        reach=reach_key(line.reach),
                    )
                )
            detail = (
                f"{len(given.early_signs)} signs, {len(given.steps)} steps, "
                f"{len(given.contacts)} contacts"
            )
            await self._audit(session, user_id, WRITE, access, detail)
            return CrisisPlanView(access.client.code, await _plan_of(session, client_id), True)

        return await self._work.run(user_id, WRITE, code, work)

    async def _audit(
        self, session: AsyncSession, user_id: int, action: str, access: ClientAccess, detail: str
    ) -> None:
        await self._work.audit(
            session, user_id, action, access.client.code, detail, role=access.role
        )


async def _directory_entry(session: AsyncSession, name: str, number: int) -> int:
    """The one directory entry with this name (case and accents aside), or a refusal.
    The entry's indexed name words narrow the search (SQLite's lower() leaves Å, Ä
    and Ö as they are), and the names are compared folded."""
    wanted = fold(" ".join(name.split()))
    first = next(iter(words(name)), None)
    if first is None:
        raise UserInputError("crisis.contact.not_found", line=number)
    candidates = await session.execute(
        select(Contact.id, Contact.name).where(Contact.idx_name.contains(first)).limit(200)
    )
    found = [id_ for id_, entry in candidates if fold(" ".join(entry.split())) == wanted]
    if not found:
        raise UserInputError("crisis.contact.not_found", line=number)
    if len(found) > 1:
        raise UserInputError("crisis.contact.ambiguous", line=number)
    return found[0]


async def _plan_of(session: AsyncSession, client_id: int) -> CrisisPlanRecord | None:
    row = (
        await session.execute(
            select(CrisisPlan, StaffUser.name)
            .outerjoin(StaffUser, StaffUser.id == CrisisPlan.updated_by_user_id)
            .where(CrisisPlan.client_id == client_id)
        )
    ).one_or_none()
    if row is None:
        return None
    plan, author = row
    contacts = await session.execute(
        select(CrisisContact, Contact.name, Contact.phone)
        .outerjoin(Contact, Contact.id == CrisisContact.directory_contact_id)
        .where(CrisisContact.plan_id == plan.id)
        .order_by(CrisisContact.position)
    )
    return CrisisPlanRecord(
        early_signs=tuple(plan.early_signs.splitlines()),
        steps=tuple(plan.steps.splitlines()),
        own_words=plan.own_words,
        contacts=tuple(
            CrisisContactRecord(
                name=entry_name if c.name is None else c.name,
                phone=(entry_phone or None) if c.name is None else c.phone,
                reach=reach_of(c.reach),
                from_directory=c.name is None,
            )
            for c, entry_name, entry_phone in contacts
        ),
        updated_at=plan.updated_at,
        updated_by=author,
    )
