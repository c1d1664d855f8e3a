"""Who may do what with a client, read in one query: the care team reads and rates,
the unit manager reads, coordinators and managers change the plan (core.ssd_model).

To an outsider an unknown code and someone else's client look the same: both raise
SsdInputError("ssd.access.refused"), so no answer tells which codes exist.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core import ssd_model as rules
from core.ssd_model import SsdInputError
from storage import ssd_repository as repo
from storage.models import CareTeamMember, Client, UnitManager
from storage.records import ClientRecord


@dataclass(frozen=True)
class ClientAccess:
    client: ClientRecord
    role: str  # the care-team role, or "enhetschef" for a manager outside the team
    may_rate: bool
    may_coordinate: bool
    member: bool = True  # in the current care team (a manager may read without being)


async def client_access(session: AsyncSession, user_id: int, code: str) -> ClientAccess:
    """The client and what this user may do with it, in one query (the rating
    turn's budget is twice an echo turn, and every statement costs a round trip)."""
    role = (
        select(CareTeamMember.role)
        .where(
            CareTeamMember.client_id == Client.id,
            CareTeamMember.staff_user_id == user_id,
            CareTeamMember.removed_at.is_(None),
        )
        .limit(1)
        .scalar_subquery()
    )
    manages = (
        select(UnitManager.staff_user_id)
        .where(UnitManager.unit_id == Client.unit_id, UnitManager.staff_user_id == user_id)
        .exists()
    )
    row = (
        await session.execute(
            select(*Client.__table__.c, role.label("role"), manages.label("manages")).where(
                Client.code == rules.normalise_client_code(code)
            )
        )
    ).one_or_none()
    if row is None:
        raise SsdInputError("ssd.access.refused", code=rules.normalise_client_code(code))
    client = repo.client_record(row)
    allowed = rules.permissions(row.role, bool(row.manages), client.status)
    if not allowed.read:
        raise SsdInputError("ssd.access.refused", code=client.code)
    return ClientAccess(
        client=client,
        role=row.role or rules.MANAGER_ROLE,
        may_rate=allowed.rate,
        may_coordinate=allowed.coordinate,
        member=row.role is not None,
    )
