"""SSD follow-up: clients, care teams, unit roles, targets, phases and ratings.

AsyncSession in (the caller owns the transaction: one per turn), dataclasses out.
Rule breaks raise core.ssd_model.UserInputError before anything is written, and
every write is a single statement, so a refused write leaves nothing half-saved.
Duplicates are found with INSERT … ON CONFLICT DO NOTHING rather than by catching
an IntegrityError, which would abort the whole transaction on PostgreSQL.
Audit is separate (storage/audit_repository.py): the caller appends it in the
same session.
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import date, datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core import access
from core import ssd_model as rules
from core.errors import UserInputError
from core.ssd_model import Scale, TargetSpec
from storage.models import CareTeamMember, Client, Phase, Rating, Target, Unit, UnitRole
from storage.records import (
    CareTeamMemberRecord,
    ClientRecord,
    DueSlot,
    DueTarget,
    PhasedRating,
    PhaseRecord,
    RatingRecord,
    RatingWrite,
    TargetRecord,
    UnitRoleRecord,
)
from storage.upsert import insert_for


def client_record(row: Any) -> ClientRecord:
    return ClientRecord(row.id, row.code, row.kind, row.unit_id, row.status, row.created_at)


def _member(row: Any) -> CareTeamMemberRecord:
    return CareTeamMemberRecord(
        row.id, row.client_id, row.staff_user_id, row.role, row.added_at, row.removed_at
    )


def _target(row: Any) -> TargetRecord:
    return TargetRecord(
        id=row.id,
        client_id=row.client_id,
        name=row.name,
        low_anchor=row.low_anchor,
        high_anchor=row.high_anchor,
        scale_min=row.scale_min,
        scale_max=row.scale_max,
        step=row.step,
        better=row.better,
        frequency=row.frequency,
        active=row.active,
        created_at=row.created_at,
    )


def _phase(row: Any) -> PhaseRecord:
    return PhaseRecord(
        row.id, row.client_id, row.label, row.start_date, row.description, row.created_at
    )


def _rating(row: Any) -> RatingRecord:
    return RatingRecord(
        id=row.id,
        target_id=row.target_id,
        slot_date=row.slot_date,
        slot=row.slot,
        value=row.value,
        note=row.note,
        rater_user_id=row.rater_user_id,
        rater_role=row.rater_role,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def scale_of(target: TargetRecord) -> Scale:
    return Scale(target.scale_min, target.scale_max, target.step)


# Clients


async def create_client(
    session: AsyncSession, *, code: str, unit_id: int, now: datetime, kind: str = rules.PERSON
) -> ClientRecord:
    code = rules.normalise_client_code(code)
    if kind not in rules.CLIENT_KINDS:
        raise UserInputError("ssd.client.kind.invalid", kind=kind)
    if await session.get(Unit, unit_id) is None:
        raise UserInputError("ssd.unit.unknown")
    table = Client.__table__
    row = (
        await session.execute(
            insert_for(session, table)
            .values(code=code, kind=kind, unit_id=unit_id, status=rules.ACTIVE, created_at=now)
            .on_conflict_do_nothing(index_elements=[table.c.code])
            .returning(*table.c)
        )
    ).one_or_none()
    if row is None:
        raise UserInputError("ssd.client.exists", code=code)
    return client_record(row)


async def get_client(session: AsyncSession, code: str) -> ClientRecord | None:
    """The client with this code (any spelling normalise_client_code accepts)."""
    row = await session.scalar(
        select(Client).where(Client.code == rules.normalise_client_code(code))
    )
    return client_record(row) if row else None


async def set_client_status(session: AsyncSession, client_id: int, status: str) -> None:
    if status not in rules.CLIENT_STATUSES:
        raise UserInputError("ssd.client.status.invalid", status=status)
    await session.execute(update(Client).where(Client.id == client_id).values(status=status))


async def clients_rated_by(session: AsyncSession, user_id: int) -> list[ClientRecord]:
    """Active clients whose care team the user belongs to now, by code."""
    return await team_clients_of(session, user_id, rated_only=True)


async def team_clients_of(
    session: AsyncSession, user_id: int, *, rated_only: bool = False
) -> list[ClientRecord]:
    """Clients whose care team the user belongs to now, by code; with `rated_only`,
    those whose rating has not ended (the rest are still coordinated)."""
    query = (
        select(Client)
        .join(CareTeamMember, CareTeamMember.client_id == Client.id)
        .where(CareTeamMember.staff_user_id == user_id, CareTeamMember.removed_at.is_(None))
        .order_by(Client.code)
    )
    if rated_only:
        query = query.where(Client.status == rules.ACTIVE)
    return [client_record(row) for row in await session.scalars(query)]


# Care teams and unit managers


async def add_care_team_member(
    session: AsyncSession, *, client_id: int, staff_user_id: int, role: str, now: datetime
) -> CareTeamMemberRecord:
    """Add a current member; someone already in the team keeps their row and role."""
    role = " ".join(role.split())[:64]
    if not role:
        raise UserInputError("ssd.team.role.missing")
    table = CareTeamMember.__table__
    inserted = (
        await session.execute(
            insert_for(session, table)
            .values(client_id=client_id, staff_user_id=staff_user_id, role=role, added_at=now)
            .on_conflict_do_nothing(
                index_elements=[table.c.client_id, table.c.staff_user_id],
                index_where=table.c.removed_at.is_(None),
            )
            .returning(*table.c)
        )
    ).one_or_none()
    if inserted is not None:
        return _member(inserted)
    current = await session.scalar(
        select(CareTeamMember).where(
            CareTeamMember.client_id == client_id,
            CareTeamMember.staff_user_id == staff_user_id,
            CareTeamMember.removed_at.is_(None),
        )
    )
    assert current is not None  # the conflict was with this row
    return _member(current)


async def remove_care_team_member(
    session: AsyncSession, *, client_id: int, staff_user_id: int, now: datetime
) -> bool:
    """End the membership (the row stays as history). False if they were not in the team."""
    ended = await session.scalar(
        update(CareTeamMember)
        .where(
            CareTeamMember.client_id == client_id,
            CareTeamMember.staff_user_id == staff_user_id,
            CareTeamMember.removed_at.is_(None),
        )
        .values(removed_at=now)
        .returning(CareTeamMember.id)
    )
    return ended is not None


async def care_team(
    session: AsyncSession, client_id: int, *, include_former: bool = False
) -> list[CareTeamMemberRecord]:
    query = select(CareTeamMember).where(CareTeamMember.client_id == client_id)
    if not include_former:
        query = query.where(CareTeamMember.removed_at.is_(None))
    rows = await session.scalars(query.order_by(CareTeamMember.added_at, CareTeamMember.id))
    return [_member(row) for row in rows]


async def add_unit_role(
    session: AsyncSession,
    *,
    unit_id: int,
    staff_user_id: int,
    role: str,
    now: datetime,
    added_by: str | None = None,
) -> bool:
    """Give someone a role in a unit; False when they already had it."""
    if role not in access.UNIT_ROLES:
        raise ValueError(f"not a unit role: {role!r}")
    table = UnitRole.__table__
    result = await session.execute(
        insert_for(session, table)
        .values(
            unit_id=unit_id, staff_user_id=staff_user_id, role=role, added_at=now, added_by=added_by
        )
        .on_conflict_do_nothing(
            index_elements=[table.c.unit_id, table.c.staff_user_id, table.c.role]
        )
        .returning(table.c.unit_id)
    )
    return result.scalar_one_or_none() is not None


async def remove_unit_role(
    session: AsyncSession, *, unit_id: int, staff_user_id: int, role: str
) -> bool:
    result = await session.execute(
        UnitRole.__table__.delete().where(
            UnitRole.unit_id == unit_id,
            UnitRole.staff_user_id == staff_user_id,
            UnitRole.role == role,
        )
    )
    return bool(result.rowcount)


async def unit_roles(
    session: AsyncSession, *, unit_id: int | None = None, staff_user_id: int | None = None
) -> list[UnitRoleRecord]:
    """Unit roles, of one unit or one person (or all, for an admin's list)."""
    query = select(UnitRole)
    if unit_id is not None:
        query = query.where(UnitRole.unit_id == unit_id)
    if staff_user_id is not None:
        query = query.where(UnitRole.staff_user_id == staff_user_id)
    rows = await session.scalars(
        query.order_by(UnitRole.unit_id, UnitRole.added_at, UnitRole.staff_user_id, UnitRole.role)
    )
    return [
        UnitRoleRecord(r.unit_id, r.staff_user_id, r.role, r.added_at, r.added_by) for r in rows
    ]


# Targets and phases


async def create_target(
    session: AsyncSession, *, client_id: int, spec: TargetSpec, now: datetime
) -> TargetRecord:
    """A target from a validated spec (core.ssd_model.validate_target)."""
    table = Target.__table__
    row = (
        await session.execute(
            insert_for(session, table)
            .values(
                client_id=client_id,
                name=spec.name,
                name_key=rules.target_key(spec.name),
                low_anchor=spec.low_anchor,
                high_anchor=spec.high_anchor,
                scale_min=spec.scale.minimum,
                scale_max=spec.scale.maximum,
                step=spec.scale.step,
                better=spec.better,
                frequency=spec.frequency,
                active=True,
                created_at=now,
            )
            .on_conflict_do_nothing(index_elements=[table.c.client_id, table.c.name_key])
            .returning(*table.c)
        )
    ).one_or_none()
    if row is None:
        raise UserInputError("ssd.target.exists", name=spec.name)
    return _target(row)


async def get_target(session: AsyncSession, client_id: int, name: str) -> TargetRecord | None:
    """The client's target by name, whatever its case and spacing."""
    row = await session.scalar(
        select(Target).where(
            Target.client_id == client_id, Target.name_key == rules.target_key(name)
        )
    )
    return _target(row) if row else None


async def targets_for(
    session: AsyncSession, client_id: int, *, active_only: bool = True
) -> list[TargetRecord]:
    # Core rows, not ORM entities: this runs on every rating turn.
    query = select(*Target.__table__.c).where(Target.client_id == client_id)
    if active_only:
        query = query.where(Target.active.is_(True))
    return [_target(row) for row in await session.execute(query.order_by(Target.id))]


async def set_target_active(session: AsyncSession, target_id: int, active: bool) -> None:
    await session.execute(update(Target).where(Target.id == target_id).values(active=active))


async def create_phase(
    session: AsyncSession,
    *,
    client_id: int,
    start_date: date,
    description: str | None,
    now: datetime,
    label: str | None = None,
) -> PhaseRecord:
    """The client's next phase (label A, B, C … unless given), starting after the last."""
    phases = await phases_for(session, client_id)
    label = (
        rules.validate_phase_label(label)
        if label
        else rules.next_phase_label(p.label for p in phases)
    )
    if any(p.label == label for p in phases):
        raise UserInputError("ssd.phase.exists", label=label)
    if phases and start_date <= phases[-1].start_date:
        raise UserInputError("ssd.phase.starts_too_early", after=phases[-1].start_date.isoformat())
    row = Phase(
        client_id=client_id,
        label=label,
        start_date=start_date,
        description=rules.validate_phase_description(description),
        created_at=now,
    )
    session.add(row)
    await session.flush()
    return _phase(row)


async def phases_for(session: AsyncSession, client_id: int) -> list[PhaseRecord]:
    rows = await session.scalars(
        select(Phase).where(Phase.client_id == client_id).order_by(Phase.start_date)
    )
    return [_phase(row) for row in rows]


def phase_on(phases: list[PhaseRecord], day: date) -> PhaseRecord | None:
    """The phase in force on `day` (phases sorted by start date)."""
    index = bisect_right([p.start_date for p in phases], day)
    return phases[index - 1] if index else None


# Ratings


async def upsert_rating(
    session: AsyncSession,
    *,
    target_id: int,
    slot_date: date,
    slot: str,
    value: float,
    rater_user_id: int | None,
    rater_role: str,
    now: datetime,
    note: str | None = None,
    replace: bool = False,
    checked_target: TargetRecord | None = None,
) -> RatingWrite:
    """Save a value for one slot. If the slot has a value already, keep it unless
    replace=True; either way `existed` says so, so the caller can ask first.

    checked_target: the target, already loaded by a caller that has checked that it
    and its client are active (spares a query per rating)."""
    if checked_target is not None and checked_target.id == target_id:
        target = checked_target
    else:
        row = (
            await session.execute(
                select(Target, Client.status)
                .join(Client, Client.id == Target.client_id)
                .where(Target.id == target_id)
            )
        ).one_or_none()
        if row is None:
            raise UserInputError("ssd.target.unknown")
        target, client_status = _target(row[0]), row[1]
        if client_status != rules.ACTIVE:
            raise UserInputError("ssd.client.closed")
    if not target.active:
        raise UserInputError("ssd.target.inactive", name=target.name)
    rules.check_slot(target.frequency, slot_date, slot)
    value = rules.check_value(value, scale_of(target), name=target.name)
    note = rules.validate_note(note)
    rater_role = " ".join(rater_role.split())[:64]

    table = Rating.__table__
    key = [table.c.target_id, table.c.slot_date, table.c.slot]
    stmt = insert_for(session, table).values(
        target_id=target_id,
        slot_date=slot_date,
        slot=slot,
        value=value,
        note=note,
        rater_user_id=rater_user_id,
        rater_role=rater_role,
        created_at=now,
        updated_at=now,
    )
    if not replace:
        inserted = (
            await session.execute(
                stmt.on_conflict_do_nothing(index_elements=key).returning(*table.c)
            )
        ).one_or_none()
        if inserted is not None:
            return RatingWrite(saved=True, existed=False, rating=_rating(inserted), previous=None)
        existing = await _rating_in_slot(session, target_id, slot_date, slot)
        assert existing is not None  # the conflict was with this row
        return RatingWrite(saved=False, existed=True, rating=existing, previous=existing)

    previous = await _rating_in_slot(session, target_id, slot_date, slot, for_update=True)
    changed = {
        name: stmt.excluded[name]
        for name in ("value", "note", "rater_user_id", "rater_role", "updated_at")
    }
    written = (
        await session.execute(
            stmt.on_conflict_do_update(index_elements=key, set_=changed).returning(*table.c)
        )
    ).one()
    return RatingWrite(
        saved=True, existed=previous is not None, rating=_rating(written), previous=previous
    )


async def _rating_in_slot(
    session: AsyncSession, target_id: int, slot_date: date, slot: str, *, for_update: bool = False
) -> RatingRecord | None:
    query = select(Rating).where(
        Rating.target_id == target_id, Rating.slot_date == slot_date, Rating.slot == slot
    )
    if for_update:
        query = query.with_for_update()
    row = (await session.execute(query.execution_options(populate_existing=True))).scalar()
    return _rating(row) if row else None


async def ratings_between(
    session: AsyncSession,
    target_id: int,
    first: date,
    last: date,
    *,
    phases: list[PhaseRecord] | None = None,
) -> list[PhasedRating]:
    """The target's ratings with slot dates first … last (inclusive), in time
    order, each with the client's phase in force on its date. A caller that has
    the client's phases (sorted by start) passes them, sparing two queries."""
    if phases is None:
        client_id = await session.scalar(select(Target.client_id).where(Target.id == target_id))
        if client_id is None:
            return []
        phases = await phases_for(session, client_id)
    rows = await session.scalars(
        select(Rating)
        .where(Rating.target_id == target_id, Rating.slot_date.between(first, last))
        .order_by(Rating.slot_date, Rating.slot)  # slot codes sort in the order of a day
    )
    result = []
    for row in rows:
        phase = phase_on(phases, row.slot_date)
        result.append(PhasedRating(_rating(row), phase.label if phase else None))
    return result


async def last_ratings(
    session: AsyncSession, target_id: int, n: int, *, up_to: date | None = None
) -> list[RatingRecord]:
    """The target's last n ratings (up to a slot date, if given), oldest first."""
    query = select(*Rating.__table__.c).where(Rating.target_id == target_id)
    if up_to is not None:
        query = query.where(Rating.slot_date <= up_to)
    rows = await session.execute(
        query.order_by(Rating.slot_date.desc(), Rating.slot.desc()).limit(n)
    )
    return [_rating(row) for row in rows][::-1]


async def due_targets(
    session: AsyncSession, client_id: int, on: date, *, include_rated: bool = False
) -> list[DueTarget]:
    """The client's active targets with their slots on `on`: today's day or three
    shifts, this week's or this month's slot. A target is due while one of those
    slots is empty; include_rated=True lists the fully rated ones too (with values)."""
    targets = await targets_for(session, client_id)
    wanted = {t.id: rules.slots_on(t.frequency, on) for t in targets}
    dates = {d for slots in wanted.values() for d, _slot in slots}
    existing: dict[tuple[int, date, str], RatingRecord] = {}
    if wanted:
        rows = await session.scalars(
            select(Rating).where(Rating.target_id.in_(wanted), Rating.slot_date.in_(dates))
        )
        existing = {(r.target_id, r.slot_date, r.slot): _rating(r) for r in rows}
    result = []
    for target in targets:
        slots = tuple(
            DueSlot(d, slot, existing.get((target.id, d, slot))) for d, slot in wanted[target.id]
        )
        due = DueTarget(target, slots)
        if include_rated or due.open_slots:
            result.append(due)
    return result


async def due_counts(
    session: AsyncSession, user_id: int, day: date
) -> list[tuple[ClientRecord, int]]:
    """The active clients the user rates, by code, each with how many of its
    targets have an open slot on `day` (for the client chooser and the daily prompt)."""
    return [
        (client, len(await due_targets(session, client.id, day)))
        for client in await clients_rated_by(session, user_id)
    ]
