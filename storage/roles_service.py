"""Granting and revoking roles, for system admins (in chat) and the command line.

Global roles (directory_admin, system_admin) are kept by principal (e-mail or Entra
object id) in staff_roles, so the first admin can be made before they ever write to
the bot. Unit roles (coordinator, unit_manager) are kept by staff user in
unit_roles: they name a person the bot knows, like care-team membership does.
Who may grant is decided by core/access.py; every grant, revoke and refusal is
audited.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from core import access
from core.access import GLOBAL_ROLES, Role
from core.clock import Clock
from core.commands import fold
from core.errors import UserInputError
from storage import directory_repository as directory_repo
from storage import ssd_repository as ssd_repo
from storage.audit_repository import append_audit_event, append_refusal
from storage.db import Database
from storage.directory_service import Actor
from storage.models import StaffRole, StaffUser, Unit, UnitRole

MAX_PRINCIPAL = 254


@dataclass(frozen=True)
class RoleHolder:
    role: Role
    who: str  # the principal, or the person's name and e-mail
    unit: str | None = None  # the unit's name for unit roles


@dataclass(frozen=True)
class RoleChange:
    role: Role
    who: str
    unit: str | None
    changed: bool  # False: they already had it (grant) or did not have it (revoke)


class RolesService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    async def grant_demo_admin(self, user_id: int) -> None:
        """Local mode with demo data only: the person trying the bot is system admin."""
        async with self._db.session() as session:
            await directory_repo.grant_role(
                session, f"staff:{user_id}", Role.SYSTEM_ADMIN.value, self._clock.now(), "demo"
            )

    async def global_roles(self, actor: Actor) -> set[str]:
        if actor.is_command_line:
            return {Role.SYSTEM_ADMIN.value}
        async with self._db.read_session() as session:
            return await directory_repo.roles_of(session, actor.principals)

    async def my_roles(self, actor: Actor) -> list[RoleHolder]:
        """The asker's own roles: anyone may see those."""
        async with self._db.read_session() as session:
            mine = [
                RoleHolder(Role(r), "")
                for r in sorted(await directory_repo.roles_of(session, actor.principals))
                if r in GLOBAL_ROLES
            ]
            if actor.user_id is not None:
                rows = await session.execute(
                    select(UnitRole.role, Unit.name)
                    .join(Unit, Unit.id == UnitRole.unit_id)
                    .where(UnitRole.staff_user_id == actor.user_id)
                    .order_by(Unit.name, UnitRole.role)
                )
                mine += [RoleHolder(Role(r.role), "", r.name) for r in rows]
            return mine

    async def overview(self, actor: Actor) -> list[RoleHolder]:
        """Every granted role, for a system admin."""
        await self._require_admin(actor, "role.list")
        async with self._db.read_session() as session:
            rows = await session.execute(
                select(StaffRole.role, StaffRole.principal).order_by(
                    StaffRole.role, StaffRole.principal
                )
            )
            holders = [
                RoleHolder(Role(r.role), r.principal) for r in rows if r.role in GLOBAL_ROLES
            ]
            unit_rows = await session.execute(
                select(UnitRole.role, Unit.name.label("unit"), StaffUser.name, StaffUser.email)
                .join(Unit, Unit.id == UnitRole.unit_id)
                .join(StaffUser, StaffUser.id == UnitRole.staff_user_id)
                .order_by(Unit.name, UnitRole.role, StaffUser.name)
            )
            holders += [
                RoleHolder(Role(r.role), _person(r.name, r.email), r.unit) for r in unit_rows
            ]
        async with self._db.session() as session:
            await self._audit(session, actor, "role.list", None)
        return holders

    async def grant(
        self, actor: Actor, who: str, role: Role, unit: str | None = None
    ) -> RoleChange:
        return await self._change(actor, who, role, unit, grant=True)

    async def revoke(
        self, actor: Actor, who: str, role: Role, unit: str | None = None
    ) -> RoleChange:
        return await self._change(actor, who, role, unit, grant=False)

    # -- the work ---------------------------------------------------------------------------
    async def _change(
        self, actor: Actor, who: str, role: Role, unit: str | None, *, grant: bool
    ) -> RoleChange:
        action = "role.grant" if grant else "role.revoke"
        await self._require_admin(actor, action)
        principal = " ".join(who.split()).casefold()
        if not principal or len(principal) > MAX_PRINCIPAL or " " in principal:
            raise UserInputError("roles.who.invalid")
        if role is Role.STAFF:
            raise UserInputError("roles.staff")
        async with self._db.session() as session:
            if role in GLOBAL_ROLES:
                if unit:
                    raise UserInputError("roles.unit.not_needed", role=role.value)
                if grant:
                    changed = await directory_repo.grant_role(
                        session, principal, role.value, self._clock.now(), _by(actor)
                    )
                else:
                    if role is Role.SYSTEM_ADMIN:
                        await self._keep_one_admin(session, principal)
                    changed = await directory_repo.revoke_role(session, principal, role.value)
                result = RoleChange(role, principal, None, changed)
                detail = role.value
            else:
                if not unit:
                    raise UserInputError("roles.unit.needed", role=role.value)
                unit_id, unit_name = await _unit(session, unit)
                person_id, person = await _staff_user(session, principal)
                if grant:
                    changed = await ssd_repo.add_unit_role(
                        session,
                        unit_id=unit_id,
                        staff_user_id=person_id,
                        role=role.value,
                        now=self._clock.now(),
                        added_by=_by(actor),
                    )
                else:
                    changed = await ssd_repo.remove_unit_role(
                        session, unit_id=unit_id, staff_user_id=person_id, role=role.value
                    )
                result = RoleChange(role, person, unit_name, changed)
                detail = f"{role.value} unit {unit_id}"
            await self._audit(session, actor, action, detail)
            return result

    async def _keep_one_admin(self, session: AsyncSession, principal: str) -> None:
        """Refuse to take the role from the last system admin (nobody could grant it
        back in chat)."""
        holders = set(
            await session.scalars(
                select(StaffRole.principal).where(StaffRole.role == Role.SYSTEM_ADMIN.value)
            )
        )
        if holders == {principal}:
            raise UserInputError("roles.last_admin")

    async def _require_admin(self, actor: Actor, action: str) -> None:
        if access.may_manage_roles(await self.global_roles(actor)):
            return
        await append_refusal(
            self._db,
            at=self._clock.now(),
            action=action,
            user_id=actor.user_id,
            detail="not_system_admin",
        )
        raise UserInputError("roles.not_admin")

    async def _audit(
        self, session: AsyncSession, actor: Actor, action: str, detail: str | None
    ) -> None:
        await append_audit_event(
            session,
            at=self._clock.now(),
            action=action,
            user_id=actor.user_id,
            role="cli" if actor.is_command_line else Role.SYSTEM_ADMIN.value,
            detail=detail,
        )


def _by(actor: Actor) -> str:
    return "cli" if actor.is_command_line else f"staff:{actor.user_id}"


def _person(name: str | None, email: str | None) -> str:
    if name and email:
        return f"{name} ({email})"
    return name or email or "?"


async def _staff_user(session: AsyncSession, principal: str) -> tuple[int, str]:
    """The person a unit role is for: a staff user with this e-mail or object id."""
    rows = (
        await session.execute(
            select(StaffUser.id, StaffUser.name, StaffUser.email)
            .where(
                or_(
                    func.lower(StaffUser.email) == principal,
                    func.lower(StaffUser.aad_object_id) == principal,
                )
            )
            .order_by(StaffUser.id)
        )
    ).all()
    if not rows:
        raise UserInputError("roles.who.unknown", who=principal)
    return rows[0].id, _person(rows[0].name, rows[0].email)


async def _unit(session: AsyncSession, wanted: str) -> tuple[int, str]:
    """A unit by its name, as typed: exactly, or the one whose name holds the words."""
    units = (await session.execute(select(Unit.id, Unit.name).order_by(Unit.name))).all()
    key = fold(" ".join(wanted.split()))
    exact = [u for u in units if fold(u.name) == key]
    found = exact or [u for u in units if all(w in fold(u.name) for w in key.split())]
    if len(found) == 1:
        return found[0].id, found[0].name
    if not found:
        raise UserInputError(
            "roles.unit.unknown", unit=wanted, units=", ".join(u.name for u in units) or "–"
        )
    raise UserInputError("roles.unit.ambiguous", units=", ".join(u.name for u in found[:8]))
