"""What the chat side does with SSD follow-up: one transaction per call, access
checked and audited inside it.

Each call runs in storage.audited_work.AuditedWork: the audit event commits with
the data it touched, and a refused request saves nothing but its own audit event.
Rule breaks are core.ssd_model.UserInputError with a message key; bot/ turns them
into Swedish or English.

Access (core.ssd_model): the current care team reads and rates, the unit manager
reads, coordinators (care-team role "samordnare") and unit managers change targets
and phases, and unit managers create clients in their unit. To an outsider an
unknown code and someone else's client look the same: no answer tells which codes exist.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core import access as access_rules
from core import ssd_model as rules
from core.access import Action, ClientFacts, Role
from core.clock import Clock
from core.commands import fold
from core.errors import UserInputError
from core.ssd_commands import PhaseCommand, check_rating_day, shift_at
from core.ssd_model import TargetSpec
from storage import ssd_repository as repo
from storage.audit_repository import append_audit_event
from storage.audited_work import AuditedWork, JoinDemo
from storage.client_access import ClientAccess, client_access
from storage.db import Database
from storage.models import CareTeamMember, Rating, StaffUser, Unit
from storage.records import (
    CareTeamMemberRecord,
    ClientRecord,
    DueSlot,
    PhasedRating,
    PhaseRecord,
    RatingRecord,
    TargetRecord,
)

T = TypeVar("T")
RECENT = 7  # values shown beside a new one
CHART_DAYS = 365


@dataclass(frozen=True)
class FormTarget:
    target: TargetRecord
    slots: tuple[DueSlot, ...]  # the slots on the form's day
    recent: tuple[RatingRecord, ...]  # the last values, oldest first


@dataclass(frozen=True)
class RatingForm:
    access: ClientAccess
    day: date
    targets: tuple[FormTarget, ...]
    phase: PhaseRecord | None


@dataclass(frozen=True)
class RatingInput:
    """One value to save: target by id (from a card) or by name (typed). value None:
    what the card's field held is not a number (refused with the target's scale)."""

    target: int | str
    value: float | None


@dataclass(frozen=True)
class Conflict:
    target: TargetRecord
    slot_date: date
    slot: str
    existing: float
    new: float


@dataclass(frozen=True)
class SavedRating:
    target: TargetRecord
    rating: RatingRecord
    previous: float | None  # the value it replaced
    recent: tuple[RatingRecord, ...]  # up to RECENT before it and itself, oldest first


@dataclass(frozen=True)
class RateResult:
    client: ClientRecord
    saved: tuple[SavedRating, ...]
    conflicts: tuple[Conflict, ...]  # when not empty nothing was saved: ask first


@dataclass(frozen=True)
class ChartSeries:
    client: ClientRecord
    target: TargetRecord
    ratings: tuple[PhasedRating, ...]
    phases: tuple[PhaseRecord, ...]


@dataclass(frozen=True)
class ClientOverview:
    client: ClientRecord
    due: int  # targets with an open slot today


@dataclass(frozen=True)
class TeamMember:
    name: str
    role: str
    added_at: datetime


@dataclass(frozen=True)
class CsvExport:
    filename: str
    content: bytes
    rows: int


class SsdService:
    def __init__(self, db: Database, clock: Clock, *, join_demo: JoinDemo | None = None) -> None:
        self._db = db
        self._clock = clock
        self._work = AuditedWork(db, clock, join_demo=join_demo)

    # -- shared -------------------------------------------------------------------
    async def _run(
        self,
        user_id: int,
        action: str,
        code: str | None,
        work: Callable[[AsyncSession], Awaitable[T]],
    ) -> T:
        return await self._work.run(user_id, action, code, work)

    async def _access(
        self, session: AsyncSession, user_id: int, code: str, action: Action = Action.READ
    ) -> ClientAccess:
        return await client_access(session, user_id, code, action)

    async def _audit(
        self,
        session: AsyncSession,
        user_id: int,
        action: str,
        subject: ClientAccess,
        detail: str | None,
    ) -> None:
        """Audit an allowed step, with the role that allowed it."""
        await self._work.audit(
            session, user_id, action, subject.client.code, detail, role=subject.role
        )

    # -- which clients ---------------------------------------------------------------
    async def my_clients(self, user_id: int, today: date) -> list[ClientOverview]:
        """The active clients the user rates, with how many targets are due today."""

        async def work(session: AsyncSession) -> list[ClientOverview]:
            result = [
                ClientOverview(client, due)
                for client, due in await repo.due_counts(session, user_id, today)
            ]
            await append_audit_event(
                session, at=self._clock.now(), action="clients.list", user_id=user_id
            )
            return result

        return await self._run(user_id, "clients.list", None, work)

    async def team_clients(self, user_id: int) -> list[ClientRecord]:
        """Every client whose care team the user is in, the ones whose rating has
        ended too: meetings, the plan and consent go on for them."""

        async def work(session: AsyncSession) -> list[ClientRecord]:
            result = await repo.team_clients_of(session, user_id)
            await append_audit_event(
                session, at=self._clock.now(), action="clients.list", user_id=user_id
            )
            return result

        return await self._run(user_id, "clients.list", None, work)

    # -- rating ------------------------------------------------------------------------
    async def rating_form(self, user_id: int, code: str, day: date) -> RatingForm:
        """Everything the rating card shows for one client on one day."""

        async def work(session: AsyncSession) -> RatingForm:
            access = await self._access(session, user_id, code, Action.RATE)
            due = await repo.due_targets(session, access.client.id, day, include_rated=True)
            targets = []
            for item in due:
                recent = await repo.last_ratings(session, item.target.id, RECENT)
                targets.append(FormTarget(item.target, item.slots, tuple(recent)))
            phase = repo.phase_on(await repo.phases_for(session, access.client.id), day)
            await self._audit(session, user_id, "rating.form", access, day.isoformat())
            return RatingForm(access, day, tuple(targets), phase)

        return await self._run(user_id, "rating.form", code, work)

    async def rate(
        self,
        user_id: int,
        code: str,
        values: Sequence[RatingInput],
        *,
        today: date,
        local_hour: int,
        day: date | None = None,
        shift: str | None = None,
        note: str | None = None,
        replace: bool = False,
    ) -> RateResult:
        """Save one value per target for a day (or shift), all or none.

        If a slot already has a value and replace is False, nothing is saved and
        the conflicts come back so the user can be asked first."""

        async def work(session: AsyncSession) -> RateResult:
            access = await self._access(session, user_id, code, Action.RATE)
            if not values:
                raise UserInputError("ssd.rate.nothing")
            rating_day = day or today
            check_rating_day(rating_day, today)
            clean_note = rules.validate_note(note)
            targets = await repo.targets_for(session, access.client.id, active_only=False)
            plan: list[tuple[TargetRecord, date, str, float]] = []
            for item in values:
                target = _find_target(targets, item.target)
                if not target.active:
                    raise UserInputError("ssd.target.inactive", name=target.name)
                slot_date, slot = _slot_for(target, rating_day, today, local_hour, shift)
                value = rules.check_value(item.value, repo.scale_of(target), name=target.name)
                if any(p[0].id == target.id for p in plan):
                    raise UserInputError("ssd.rate.twice", name=target.name)
                plan.append((target, slot_date, slot, value))
            # One value: its INSERT … ON CONFLICT DO NOTHING below finds a taken slot
            # itself. Several: look first, so that nothing is saved if any is taken.
            conflicts = await _conflicts(session, plan) if len(plan) > 1 else []
            if conflicts and not replace:
                await self._audit(
                    session,
                    user_id,
                    "rating.conflict",
                    access,
                    ", ".join(f"{c.target.name} {c.slot_date} {c.slot}" for c in conflicts),
                )
                return RateResult(access.client, (), tuple(conflicts))
            saved = []
            now = self._clock.now()
            for target, slot_date, slot, value in plan:
                write = await repo.upsert_rating(
                    session,
                    target_id=target.id,
                    slot_date=slot_date,
                    slot=slot,
                    value=value,
                    rater_user_id=user_id,
                    rater_role=access.role,
                    now=now,
                    note=clean_note,
                    replace=replace,
                    checked_target=target,
                )
                if not write.saved and write.rating.value != value:
                    # The single value's slot is taken: nothing was written; ask first.
                    conflict = Conflict(target, slot_date, slot, write.rating.value, value)
                    await self._audit(
                        session,
                        user_id,
                        "rating.conflict",
                        access,
                        f"{target.name} {slot_date} {slot}",
                    )
                    return RateResult(access.client, (), (conflict,))
                recent = await repo.last_ratings(session, target.id, RECENT + 1, up_to=slot_date)
                previous = (
                    write.previous.value if write.saved and write.previous is not None else None
                )
                saved.append(SavedRating(target, write.rating, previous, tuple(recent)))
                await self._audit(
                    session,
                    user_id,
                    "rating.write",
                    access,
                    f"{target.name} {slot_date} {slot}"
                    + (" replaced" if previous is not None else ""),
                )
            return RateResult(access.client, tuple(saved), ())

        return await self._run(user_id, "rating.write", code, work)

    # -- reading ------------------------------------------------------------------------
    async def chart_series(
        self, user_id: int, code: str, target_name: str | None, today: date
    ) -> list[ChartSeries]:
        """The last CHART_DAYS of each target (or the one named), with phases."""

        async def work(session: AsyncSession) -> list[ChartSeries]:
            access = await self._access(session, user_id, code)
            targets = await repo.targets_for(session, access.client.id, active_only=False)
            if target_name:
                targets = [_find_target(targets, target_name)]
            else:
                targets = [t for t in targets if t.active]
            if not targets:
                raise UserInputError("ssd.chart.no_targets", code=access.client.code)
            phases = tuple(await repo.phases_for(session, access.client.id))
            first = today - timedelta(days=CHART_DAYS - 1)
            result = []
            for target in targets:
                ratings = await repo.ratings_between(
                    session, target.id, first, today, phases=list(phases)
                )
                result.append(ChartSeries(access.client, target, tuple(ratings), phases))
            await self._audit(
                session,
                user_id,
                "chart.read",
                access,
                ", ".join(t.name for t in targets),
            )
            return result

        return await self._run(user_id, "chart.read", code, work)

    async def export_csv(self, user_id: int, code: str) -> CsvExport:
        """Every rating of the client as CSV: for the care team and coordinators, not
        the unit manager (a copy that leaves the bot)."""

        async def work(session: AsyncSession) -> CsvExport:
            access = await self._access(session, user_id, code, Action.EXPORT)
            targets = {
                t.id: t
                for t in await repo.targets_for(session, access.client.id, active_only=False)
            }
            phases = await repo.phases_for(session, access.client.id)
            rows = await session.scalars(
                select(Rating)
                .where(Rating.target_id.in_(targets))
                .order_by(Rating.slot_date, Rating.slot, Rating.target_id)
            )
            buffer = io.StringIO()
            writer = csv.writer(buffer, lineterminator="\r\n")
            writer.writerow(["date", "slot", "target", "phase", "value", "rater_role", "has_note"])
            count = 0
            for row in rows:
                phase = repo.phase_on(phases, row.slot_date)
                writer.writerow(
                    [
                        row.slot_date.isoformat(),
                        row.slot,
                        targets[row.target_id].name,
                        phase.label if phase else "",
                        _plain_number(row.value),
                        row.rater_role,
                        "yes" if row.note else "no",
                    ]
                )
                count += 1
            await self._audit(session, user_id, "export", access, f"{count} rows")
            # UTF-8 with a byte-order mark, so Excel shows å, ä and ö right.
            content = buffer.getvalue().encode("utf-8-sig")
            return CsvExport(f"{access.client.code}-skattningar.csv", content, count)

        return await self._run(user_id, "export", code, work)

    # -- coordinators ---------------------------------------------------------------------
    async def managed_units(self, user_id: int) -> list[tuple[int, str]]:
        """The units where the user may create clients (coordinator of the unit)."""
        await self._work.ensure_demo(user_id)
        async with self._db.session() as session:
            units = await _unit_roles_of(session, user_id)
            rows = await session.execute(
                select(Unit.id, Unit.name, Unit.municipality)
                .where(Unit.id.in_(_where_may_create(units)))
                .order_by(Unit.name)
            )
            return [(r.id, _unit_label(r.name, r.municipality)) for r in rows]

    async def create_client(
        self, user_id: int, code: str, unit_id: int | None = None, *, kind: str = rules.PERSON
    ) -> ClientAccess:
        """A new client in a unit the user coordinates; the creator joins its care
        team as samordnare. unit_id may be left out when there is one such unit."""

        async def work(session: AsyncSession) -> ClientAccess:
            roles = await _unit_roles_of(session, user_id)
            units = _where_may_create(roles)
            if not units:
                raise UserInputError("ssd.access.no_unit")
            chosen = unit_id if unit_id is not None else (units[0] if len(units) == 1 else None)
            if chosen is None:
                raise UserInputError("ssd.new.client.which_unit")
            if chosen not in units:
                raise UserInputError("ssd.access.no_unit")
            now = self._clock.now()
            client = await repo.create_client(
                session, code=code, unit_id=chosen, now=now, kind=kind
            )
            member = await repo.add_care_team_member(
                session, client_id=client.id, staff_user_id=user_id, role="samordnare", now=now
            )
            created = ClientAccess(
                client,
                ClientFacts(team_role=member.role, unit_roles=roles[chosen]),
            )
            await self._audit(session, user_id, "client.create", created, None)
            return created

        return await self._run(user_id, "client.create", code, work)

    async def create_target(self, user_id: int, code: str, spec: TargetSpec) -> TargetRecord:
        async def work(session: AsyncSession) -> TargetRecord:
            access = await self._access(session, user_id, code, Action.PLAN)
            target = await repo.create_target(
                session, client_id=access.client.id, spec=spec, now=self._clock.now()
            )
            await self._audit(session, user_id, "target.create", access, target.name)
            return target

        return await self._run(user_id, "target.create", code, work)

    async def create_phase(self, user_id: int, code: str, command: PhaseCommand) -> PhaseRecord:
        async def work(session: AsyncSession) -> PhaseRecord:
            access = await self._access(session, user_id, code, Action.PLAN)
            phase = await repo.create_phase(
                session,
                client_id=access.client.id,
                start_date=command.start,
                description=command.description,
                now=self._clock.now(),
                label=command.label,
            )
            await self._audit(
                session,
                user_id,
                "phase.create",
                access,
                f"{phase.label} {phase.start_date}",
            )
            return phase

        return await self._run(user_id, "phase.create", code, work)

    async def client_summary(
        self, user_id: int, code: str
    ) -> tuple[ClientAccess, list[TargetRecord], list[PhaseRecord], list[CareTeamMemberRecord]]:
        async def work(
            session: AsyncSession,
        ) -> tuple[ClientAccess, list[TargetRecord], list[PhaseRecord], list[CareTeamMemberRecord]]:
            access = await self._access(session, user_id, code)
            targets = await repo.targets_for(session, access.client.id)
            phases = await repo.phases_for(session, access.client.id)
            team = await repo.care_team(session, access.client.id)
            await self._audit(session, user_id, "client.read", access, None)
            return access, targets, phases, team

        return await self._run(user_id, "client.read", code, work)

    async def closing(self, user_id: int, code: str, target_name: str | None) -> str:
        """What `close` would end, asked before it is confirmed: the target's name as
        stored, or the client's code. Changes nothing; refused as `close` would be."""
        action = "target.close.ask" if target_name else "client.close.ask"

        async def work(session: AsyncSession) -> str:
            access = await self._access(session, user_id, code, Action.PLAN)
            closing = (
                (await _open_target(session, access, target_name)).name
                if target_name
                else _open_follow_up(access)
            )
            await self._audit(session, user_id, action, access, closing)
            return closing

        return await self._run(user_id, action, code, work)

    async def close(self, user_id: int, code: str, target_name: str | None) -> str:
        """End a client's follow-up (readable, no longer rated) or one target; the
        name of what was closed. Coordinators only (core.access: plan), after `closing`
        asked them to confirm."""
        action = "target.close" if target_name else "client.close"

        async def work(session: AsyncSession) -> str:
            access = await self._access(session, user_id, code, Action.PLAN)
            if target_name:
                target = await _open_target(session, access, target_name)
                await repo.set_target_active(session, target.id, False)
                closed = target.name
            else:
                closed = _open_follow_up(access)
                await repo.set_client_status(session, access.client.id, rules.CLOSED)
            await self._audit(session, user_id, action, access, closed)
            return closed

        return await self._run(user_id, action, code, work)

    async def reopen(self, user_id: int, code: str, target_name: str | None) -> str:
        """Rate a closed follow-up (or one closed target) again; the name of what was
        reopened. Allowed to whoever may close it (core.access: plan)."""
        action = "target.reopen" if target_name else "client.reopen"

        async def work(session: AsyncSession) -> str:
            access = await self._access(session, user_id, code, Action.PLAN)
            if target_name:
                targets = await repo.targets_for(session, access.client.id, active_only=False)
                target = _find_closed_target(targets, target_name)
                await repo.set_target_active(session, target.id, True)
                reopened = target.name
            else:
                if access.facts.active:
                    raise UserInputError("ssd.reopen.not_closed", code=access.client.code)
                await repo.set_client_status(session, access.client.id, rules.ACTIVE)
                reopened = access.client.code
            await self._audit(session, user_id, action, access, reopened)
            return reopened

        return await self._run(user_id, action, code, work)

    # -- care teams -----------------------------------------------------------------------
    async def team(self, user_id: int, code: str) -> tuple[ClientAccess, list[TeamMember]]:
        """The current care team with names (staff, never clients), for those who read."""

        async def work(session: AsyncSession) -> tuple[ClientAccess, list[TeamMember]]:
            access = await self._access(session, user_id, code)
            rows = await session.execute(
                select(StaffUser.name, CareTeamMember.role, CareTeamMember.added_at)
                .join(StaffUser, StaffUser.id == CareTeamMember.staff_user_id)
                .where(
                    CareTeamMember.client_id == access.client.id,
                    CareTeamMember.removed_at.is_(None),
                )
                .order_by(CareTeamMember.added_at, CareTeamMember.id)
            )
            members = [TeamMember(r.name or "?", r.role, r.added_at) for r in rows]
            await self._audit(session, user_id, "team.read", access, None)
            return access, members

        return await self._run(user_id, "team.read", code, work)

    async def change_team(
        self, user_id: int, code: str, teams_user_id: str, *, role: str | None
    ) -> tuple[ClientRecord, str | None]:
        """Add a colleague (role given) or end their membership (role None).
        Coordinators only (core.access: team); the colleague must have used the bot.
        Returns the client and the colleague's name."""
        action = "team.add" if role else "team.remove"

        async def work(session: AsyncSession) -> tuple[ClientRecord, str | None]:
            access = await self._access(session, user_id, code, Action.TEAM)
            colleague = await session.scalar(
                select(StaffUser).where(StaffUser.teams_user_id == teams_user_id)
            )
            if colleague is None:
                raise UserInputError("ssd.team.unknown_colleague")
            now = self._clock.now()
            if role:
                clean = " ".join(role.split())[:64]
                if rules.looks_like_personnummer(clean):
                    raise UserInputError("ssd.personnummer")
                await repo.add_care_team_member(
                    session,
                    client_id=access.client.id,
                    staff_user_id=colleague.id,
                    role=clean,
                    now=now,
                )
            elif not await repo.remove_care_team_member(
                session, client_id=access.client.id, staff_user_id=colleague.id, now=now
            ):
                raise UserInputError("ssd.team.not_member")
            await self._audit(session, user_id, action, access, f"staff user {colleague.id}")
            return access.client, colleague.name

        return await self._run(user_id, action, code, work)


async def _unit_roles_of(session: AsyncSession, user_id: int) -> dict[int, frozenset[Role]]:
    """The user's roles per unit."""
    roles: dict[int, set[Role]] = {}
    for held in await repo.unit_roles(session, staff_user_id=user_id):
        roles.setdefault(held.unit_id, set()).add(Role(held.role))
    return {unit: frozenset(held) for unit, held in roles.items()}


def _where_may_create(roles: dict[int, frozenset[Role]]) -> list[int]:
    return [unit for unit, held in roles.items() if access_rules.may_create_client(held)]


def _find_target(targets: Sequence[TargetRecord], ref: int | str) -> TargetRecord:
    """A target by id, exact name, or the one name it starts (ång → ångest)."""
    if isinstance(ref, int):
        for target in targets:
            if target.id == ref:
                return target
        raise UserInputError("ssd.target.unknown")
    key = fold(rules.target_key(ref))
    exact = [t for t in targets if fold(rules.target_key(t.name)) == key]
    if exact:
        return exact[0]
    starting = [t for t in targets if t.active and fold(rules.target_key(t.name)).startswith(key)]
    if len(starting) == 1 and len(key) >= 3:
        return starting[0]
    names = ", ".join(t.name for t in targets if t.active)
    raise UserInputError("ssd.target.unknown_named", names=names)  # not the typed name


def _open_follow_up(access: ClientAccess) -> str:
    """The code of a follow-up that can be closed (not closed already)."""
    if not access.facts.active:
        raise UserInputError("ssd.close.already", code=access.client.code)
    return access.client.code


async def _open_target(session: AsyncSession, access: ClientAccess, name: str) -> TargetRecord:
    """The target named, if it is still rated."""
    targets = await repo.targets_for(session, access.client.id, active_only=False)
    target = _find_target(targets, name)
    if not target.active:
        raise UserInputError("ssd.close.target_already", name=target.name)
    return target


def _find_closed_target(targets: Sequence[TargetRecord], ref: str) -> TargetRecord:
    """A closed target by its name or the one closed name it starts."""
    key = fold(rules.target_key(ref))
    exact = [t for t in targets if fold(rules.target_key(t.name)) == key]
    if exact and exact[0].active:
        raise UserInputError("ssd.reopen.target_active", name=exact[0].name)
    closed = [t for t in targets if not t.active]
    starting = [t for t in closed if fold(rules.target_key(t.name)).startswith(key)]
    if exact:
        return exact[0]
    if len(starting) == 1 and len(key) >= 3:
        return starting[0]
    if not closed:
        raise UserInputError("ssd.reopen.no_closed_targets")
    raise UserInputError("ssd.reopen.target_unknown", names=", ".join(t.name for t in closed))


def _slot_for(
    target: TargetRecord, day: date, today: date, local_hour: int, shift: str | None
) -> tuple[date, str]:
    if target.frequency == rules.SHIFT:
        if shift is not None:
            return day, shift
        if day != today:
            raise UserInputError("ssd.rate.shift_needed", name=target.name)
        current, days_back = shift_at(local_hour)
        return today - timedelta(days=days_back), current
    slot_date = rules.slot_date_for(target.frequency, day)
    return slot_date, rules.SLOTS_BY_FREQUENCY[target.frequency][0]


async def _conflicts(
    session: AsyncSession, plan: list[tuple[TargetRecord, date, str, float]]
) -> list[Conflict]:
    conflicts = []
    for target, slot_date, slot, value in plan:
        existing = await session.scalar(
            select(Rating.value).where(
                Rating.target_id == target.id, Rating.slot_date == slot_date, Rating.slot == slot
            )
        )
        if existing is not None and existing != value:
            conflicts.append(Conflict(target, slot_date, slot, existing, value))
    return conflicts


def _plain_number(value: float) -> str:
    return f"{value:g}"


def _unit_label(name: str, municipality: str | None) -> str:
    return f"{name} ({municipality})" if municipality else name
