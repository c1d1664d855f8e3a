"""The facts core/access.py decides on, read in one query: the user's current
care-team role for the client and their roles in the client's unit.

To an outsider an unknown code and someone else's client look the same: both raise
UserInputError("ssd.access.refused"), so no answer tells which codes exist.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from core import access as rules_of_access
from core import ssd_model as rules
from core.access import Action, ClientFacts, Role
from core.errors import UserInputError
from storage import ssd_repository as repo
from storage.models import CareTeamMember, Client, UnitRole
from storage.records import ClientRecord


@dataclass(frozen=True)
class ClientAccess:
    client: ClientRecord
    facts: ClientFacts

    def may(self, action: Action) -> bool:
        return rules_of_access.may(action, self.facts)

    @property
    def role(self) -> str:
        """What the audit records: the care-team role, else the unit role."""
        return rules_of_access.described_role(self.facts)

    @property
    def member(self) -> bool:
        return self.facts.member

    @property
    def may_rate(self) -> bool:
        return self.may(Action.RATE)

    @property
    def may_coordinate(self) -> bool:
        return self.may(Action.PLAN)


class AccessRefused(UserInputError):
    """A refusal that knows the role the user had, for the audit row."""

    def __init__(self, key: str, role: str, **params: object) -> None:
        super().__init__(key, **params)
        self.role = role
        self.client_code = params.get("code")


def _has_unit_role(user_id: int, role: Role) -> Exists:
    return (
        select(UnitRole.staff_user_id)
        .where(
            UnitRole.unit_id == Client.unit_id,
            UnitRole.staff_user_id == user_id,
            UnitRole.role == role.value,
        )
        .exists()
    )


async def client_access(
    session: AsyncSession, user_id: int, code: str, action: Action = Action.READ
) -> ClientAccess:
    """The client and the facts about this user, in one query (the rating turn's
    budget is twice an echo turn, and every statement costs a round trip). Raises
    the refusal when `action` is not allowed."""
    team_role = (
        select(CareTeamMember.role)
        .where(
            CareTeamMember.client_id == Client.id,
            CareTeamMember.staff_user_id == user_id,
            CareTeamMember.removed_at.is_(None),
        )
        .limit(1)
        .scalar_subquery()
    )
    normalised = rules.normalise_client_code(code)
    row = (
        await session.execute(
            select(
                *Client.__table__.c,
                team_role.label("team_role"),
                _has_unit_role(user_id, Role.COORDINATOR).label("coordinator"),
                _has_unit_role(user_id, Role.UNIT_MANAGER).label("unit_manager"),
            ).where(Client.code == normalised)
        )
    ).one_or_none()
    if row is None:
        raise AccessRefused("ssd.access.refused", "none", code=normalised)
    client = repo.client_record(row)
    facts = ClientFacts(
        team_role=row.team_role,
        unit_roles=frozenset(
            role
            for role, held in (
                (Role.COORDINATOR, row.coordinator),
                (Role.UNIT_MANAGER, row.unit_manager),
            )
            if held
        ),
        active=client.status == rules.ACTIVE,
    )
    found = ClientAccess(client, facts)
    if not found.may(Action.READ):
        raise AccessRefused("ssd.access.refused", found.role, code=client.code)
    if not found.may(action):
        raise AccessRefused(refusal_key(action, found), found.role, code=client.code)
    return found


def refusal_key(action: Action, found: ClientAccess) -> str:
    """The Swedish answer for a reader who may not do this."""
    if action is Action.RATE and not found.facts.active:
        return "ssd.client.closed"
    if action is Action.RATE:
        return "ssd.access.read_only"
    if action in (Action.PLAN, Action.TEAM, Action.CHANGE_MEETING):
        return "ssd.access.not_coordinator"
    if action is Action.CRISIS_PLAN:
        return "crisis.access.not_coordinator"
    if action is Action.EXPORT:
        return "ssd.access.export_team_only"
    return "ssd.access.not_member"
