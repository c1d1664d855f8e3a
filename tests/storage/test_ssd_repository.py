"""SSD storage on SQLite and PostgreSQL: clients, care teams, targets, phases,
one value per slot, replace only when told, ranges with phases, due targets."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from core import ssd_model as rules
from core.errors import UserInputError
from core.ssd_model import Scale, validate_target
from storage import ssd_repository as ssd
from storage.db import Database
from storage.models import Agency, Rating, Unit
from storage.records import ClientRecord, RatingWrite, TargetRecord, TeamsIdentity
from storage.users_repository import upsert_staff_user

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
TODAY = date(2026, 11, 22)  # a Sunday


@dataclass(frozen=True)
class World:
    unit_id: int
    other_unit_id: int
    anna: int  # staff user ids
    bertil: int
    client: ClientRecord
    anxiety: TargetRecord


async def _user(db: Database, name: str) -> int:
    identity = TeamsIdentity(f"29:{name}", None, "tenant", name, "sv-SE")
    async with db.session() as session:
        return (await upsert_staff_user(session, identity, NOW)).id


async def _target(
    db: Database, client_id: int, name: str, frequency: str = rules.DAILY, **scale: float
) -> TargetRecord:
    spec = validate_target(
        name=name,
        low_anchor="inget",
        high_anchor="mycket",
        better=rules.LOWER,
        frequency=frequency,
        scale=Scale(**scale) if scale else None,
    )
    async with db.session() as session:
        return await ssd.create_target(session, client_id=client_id, spec=spec, now=NOW)


@pytest.fixture
async def world(db: Database) -> World:
    async with db.session() as session:
        agency = Agency(name="Örebro kommun", short_name="Örebro", kind="kommun")
        session.add(agency)
        await session.flush()
        units = [Unit(agency_id=agency.id, name=n) for n in ("Boendestöd", "LSS-boende")]
        session.add_all(units)
        await session.flush()
        client = await ssd.create_client(session, code="k-1042", unit_id=units[0].id, now=NOW)
    anna, bertil = await _user(db, "Anna"), await _user(db, "Bertil")
    anxiety = await _target(db, client.id, "Ångest")
    return World(units[0].id, units[1].id, anna, bertil, client, anxiety)


async def _rate(
    db: Database,
    target_id: int,
    value: float,
    *,
    day: date = TODAY,
    slot: str = rules.DAY,
    replace: bool = False,
    rater: int | None = None,
    note: str | None = None,
) -> RatingWrite:
    async with db.session() as session:
        return await ssd.upsert_rating(
            session,
            target_id=target_id,
            slot_date=day,
            slot=slot,
            value=value,
            note=note,
            rater_user_id=rater,
            rater_role="kontaktperson",
            now=NOW,
            replace=replace,
        )


async def _ratings_count(db: Database) -> int | None:
    async with db.session() as session:
        return await session.scalar(select(func.count()).select_from(Rating))


# Clients, teams, targets, phases


async def test_a_client_is_stored_by_its_normalised_code(db: Database, world: World) -> None:
    async with db.session() as session:
        found = await ssd.get_client(session, " K-1042")
        missing = await ssd.get_client(session, "K-9999")

    assert found == world.client
    assert (found.code, found.kind, found.status, missing) == ("K-1042", "person", "active", None)


async def test_a_client_code_is_unique(db: Database, world: World) -> None:
    with pytest.raises(UserInputError) as refused:
        async with db.session() as session:
            await ssd.create_client(session, code="K-1042", unit_id=world.other_unit_id, now=NOW)

    assert refused.value.key == "ssd.client.exists"


async def test_a_client_needs_a_known_unit(db: Database, world: World) -> None:
    with pytest.raises(UserInputError) as refused:
        async with db.session() as session:
            await ssd.create_client(session, code="K-1043", unit_id=9999, now=NOW)

    assert refused.value.key == "ssd.unit.unknown"


async def test_a_member_who_leaves_keeps_history_and_can_rejoin(db: Database, world: World) -> None:
    cid = world.client.id
    async with db.session() as session:
        first = await ssd.add_care_team_member(
            session, client_id=cid, staff_user_id=world.anna, role="kontaktperson", now=NOW
        )
        again = await ssd.add_care_team_member(
            session, client_id=cid, staff_user_id=world.anna, role="annat", now=NOW
        )
        removed = await ssd.remove_care_team_member(
            session, client_id=cid, staff_user_id=world.anna, now=NOW + timedelta(days=1)
        )
        removed_twice = await ssd.remove_care_team_member(
            session, client_id=cid, staff_user_id=world.anna, now=NOW + timedelta(days=2)
        )
        current = await ssd.care_team(session, cid)
        rejoined = await ssd.add_care_team_member(
            session,
            client_id=cid,
            staff_user_id=world.anna,
            role="sjuksköterska",
            now=NOW + timedelta(days=3),
        )
        history = await ssd.care_team(session, cid, include_former=True)

    assert again == first
    assert (removed, removed_twice, current) == (True, False, [])
    assert [(m.role, m.removed_at) for m in history] == [
        ("kontaktperson", NOW + timedelta(days=1)),
        ("sjuksköterska", None),
    ]
    assert rejoined.id != first.id


async def test_clients_a_user_rates_are_their_current_active_clients(
    db: Database, world: World
) -> None:
    async with db.session() as session:
        other = await ssd.create_client(session, code="K-1001", unit_id=world.unit_id, now=NOW)
        closed = await ssd.create_client(session, code="K-1099", unit_id=world.unit_id, now=NOW)
        left = await ssd.create_client(session, code="K-1050", unit_id=world.unit_id, now=NOW)
        for client in (world.client, other, closed, left):
            await ssd.add_care_team_member(
                session, client_id=client.id, staff_user_id=world.anna, role="kp", now=NOW
            )
        await ssd.add_care_team_member(
            session, client_id=other.id, staff_user_id=world.bertil, role="kp", now=NOW
        )
        await ssd.set_client_status(session, closed.id, rules.CLOSED)
        await ssd.remove_care_team_member(
            session, client_id=left.id, staff_user_id=world.anna, now=NOW
        )

    async with db.session() as session:
        anna = await ssd.clients_rated_by(session, world.anna)
        bertil = await ssd.clients_rated_by(session, world.bertil)

    assert [c.code for c in anna] == ["K-1001", "K-1042"]
    assert [c.code for c in bertil] == ["K-1001"]


async def test_unit_roles_are_kept_per_unit_person_and_role(db: Database, world: World) -> None:
    async with db.session() as session:
        added = [
            await ssd.add_unit_role(
                session, unit_id=unit, staff_user_id=who, role=role, now=NOW, added_by="cli"
            )
            for unit, who, role in (
                (world.unit_id, world.bertil, "unit_manager"),
                (world.unit_id, world.bertil, "unit_manager"),
                (world.unit_id, world.bertil, "coordinator"),
                (world.other_unit_id, world.anna, "coordinator"),
            )
        ]
        held = await ssd.unit_roles(session, unit_id=world.unit_id)
        removed = await ssd.remove_unit_role(
            session, unit_id=world.unit_id, staff_user_id=world.bertil, role="coordinator"
        )
        again = await ssd.remove_unit_role(
            session, unit_id=world.unit_id, staff_user_id=world.bertil, role="coordinator"
        )
        left = await ssd.unit_roles(session, staff_user_id=world.bertil)
        with pytest.raises(ValueError):
            await ssd.add_unit_role(
                session, unit_id=world.unit_id, staff_user_id=world.anna, role="kung", now=NOW
            )

    assert added == [True, False, True, True]
    assert sorted((r.staff_user_id, r.role) for r in held) == [
        (world.bertil, "coordinator"),
        (world.bertil, "unit_manager"),
    ]
    assert (removed, again) == (True, False)
    assert [(r.unit_id, r.role, r.added_by) for r in left] == [
        (world.unit_id, "unit_manager", "cli")
    ]


async def test_target_names_are_unique_per_client_whatever_the_case(
    db: Database, world: World
) -> None:
    with pytest.raises(UserInputError) as refused:
        await _target(db, world.client.id, "ÅNGEST")
    async with db.session() as session:
        other = await ssd.create_client(session, code="K-1001", unit_id=world.unit_id, now=NOW)
    same_name_elsewhere = await _target(db, other.id, "ångest")
    async with db.session() as session:
        found = await ssd.get_target(session, world.client.id, "  ångest ")

    assert refused.value.key == "ssd.target.exists"
    assert same_name_elsewhere.client_id == other.id
    assert found == world.anxiety
    assert (found.scale_min, found.scale_max, found.step, found.better) == (0, 10, 1, "lower")


async def test_phases_run_a_b_c_in_date_order(db: Database, world: World) -> None:
    cid = world.client.id
    async with db.session() as session:
        a = await ssd.create_phase(
            session, client_id=cid, start_date=date(2026, 11, 1), description="Baslinje", now=NOW
        )
        b = await ssd.create_phase(
            session, client_id=cid, start_date=date(2026, 11, 15), description="DBT", now=NOW
        )
    with pytest.raises(UserInputError) as too_early:
        async with db.session() as session:
            await ssd.create_phase(
                session, client_id=cid, start_date=date(2026, 11, 15), description=None, now=NOW
            )
    async with db.session() as session:
        phases = await ssd.phases_for(session, cid)

    assert [(p.label, p.start_date, p.description) for p in phases] == [
        ("A", date(2026, 11, 1), "Baslinje"),
        ("B", date(2026, 11, 15), "DBT"),
    ]
    assert (a.label, b.label, too_early.value.key) == ("A", "B", "ssd.phase.starts_too_early")


# Ratings: one value per slot, replace only when told


async def test_a_first_value_for_a_slot_is_saved(db: Database, world: World) -> None:
    write = await _rate(db, world.anxiety.id, 6, rater=world.anna, note=" orolig ")

    assert (write.saved, write.existed, write.previous) == (True, False, None)
    assert (
        write.rating.value,
        write.rating.note,
        write.rating.has_note,
        write.rating.rater_user_id,
        write.rating.slot_date,
        write.rating.slot,
    ) == (6, "orolig", True, world.anna, TODAY, "day")


async def test_a_second_value_for_the_slot_is_not_saved_unless_told(
    db: Database, world: World
) -> None:
    await _rate(db, world.anxiety.id, 6, rater=world.anna)

    second = await _rate(db, world.anxiety.id, 8, rater=world.bertil)

    assert (second.saved, second.existed) == (False, True)
    assert (second.rating.value, second.rating.rater_user_id) == (6, world.anna)
    assert second.previous == second.rating
    async with db.session() as session:
        stored = await ssd.last_ratings(session, world.anxiety.id, 10)
    assert [r.value for r in stored] == [6]


async def test_replace_overwrites_and_returns_what_was_there(db: Database, world: World) -> None:
    first = await _rate(db, world.anxiety.id, 6, rater=world.anna, note="orolig")

    replaced = await _rate(db, world.anxiety.id, 8, rater=world.bertil, replace=True)

    assert (replaced.saved, replaced.existed) == (True, True)
    assert replaced.previous == first.rating
    assert (
        replaced.rating.id,
        replaced.rating.value,
        replaced.rating.note,
        replaced.rating.rater_user_id,
    ) == (first.rating.id, 8, None, world.bertil)
    assert await _ratings_count(db) == 1


async def test_replace_on_an_empty_slot_just_saves(db: Database, world: World) -> None:
    write = await _rate(db, world.anxiety.id, 3, replace=True)

    assert (write.saved, write.existed, write.previous, write.rating.value) == (
        True,
        False,
        None,
        3,
    )


async def test_two_writers_racing_for_one_slot_leave_one_value(db: Database, world: World) -> None:
    writes = await asyncio.gather(*(_rate(db, world.anxiety.id, v) for v in (2, 9)))

    assert sorted((w.saved, w.existed) for w in writes) == [(False, True), (True, False)]
    assert {w.rating.value for w in writes} in ({2}, {9})
    assert await _ratings_count(db) == 1


@pytest.mark.parametrize(
    ("value", "slot", "note", "key"),
    [
        (11, rules.DAY, None, "ssd.value.out_of_scale"),
        (5.5, rules.DAY, None, "ssd.value.out_of_scale"),
        (5, rules.SHIFT_NIGHT, None, "ssd.slot.invalid"),
        (5, rules.DAY, "ringde 19850101-1236", "ssd.personnummer"),
    ],
)
async def test_a_rating_that_breaks_a_rule_saves_nothing(
    db: Database, world: World, value: float, slot: str, note: str | None, key: str
) -> None:
    with pytest.raises(UserInputError) as refused:
        await _rate(db, world.anxiety.id, value, slot=slot, note=note)

    assert refused.value.key == key
    assert await _ratings_count(db) == 0


async def test_an_inactive_target_or_closed_client_takes_no_ratings(
    db: Database, world: World
) -> None:
    sleep = await _target(db, world.client.id, "sömn")
    async with db.session() as session:
        await ssd.set_target_active(session, sleep.id, False)
    with pytest.raises(UserInputError) as inactive:
        await _rate(db, sleep.id, 5)
    async with db.session() as session:
        await ssd.set_client_status(session, world.client.id, rules.CLOSED)
    with pytest.raises(UserInputError) as closed:
        await _rate(db, world.anxiety.id, 5)

    assert (inactive.value.key, closed.value.key) == ("ssd.target.inactive", "ssd.client.closed")
    assert await _ratings_count(db) == 0


async def test_shift_ratings_have_one_value_per_shift(db: Database, world: World) -> None:
    calm = await _target(db, world.client.id, "lugn", rules.SHIFT)
    for slot, value in ((rules.SHIFT_NIGHT, 1), (rules.SHIFT_DAY, 4), (rules.SHIFT_EVENING, 7)):
        await _rate(db, calm.id, value, slot=slot)
    again = await _rate(db, calm.id, 9, slot=rules.SHIFT_EVENING)

    async with db.session() as session:
        stored = await ssd.last_ratings(session, calm.id, 10)

    assert again.existed is True
    assert [(r.slot, r.value) for r in stored] == [
        ("shift-day", 4),
        ("shift-evening", 7),
        ("shift-night", 1),
    ]


# Reading back


async def test_ratings_in_a_range_carry_the_phase_in_force_on_their_date(
    db: Database, world: World
) -> None:
    async with db.session() as session:
        for label, start in (("A", date(2026, 11, 10)), ("B", date(2026, 11, 15))):
            await ssd.create_phase(
                session,
                client_id=world.client.id,
                start_date=start,
                description=None,
                now=NOW,
                label=label,
            )
    for offset in range(8, 18):  # 2026-11-08 … 2026-11-17
        await _rate(db, world.anxiety.id, offset % 11, day=date(2026, 11, offset))

    async with db.session() as session:
        rows = await ssd.ratings_between(
            session, world.anxiety.id, date(2026, 11, 9), date(2026, 11, 16)
        )

    assert [(r.rating.slot_date.day, r.phase_label, r.rating.value) for r in rows] == [
        (9, None, 9),
        (10, "A", 10),
        (11, "A", 0),
        (12, "A", 1),
        (13, "A", 2),
        (14, "A", 3),
        (15, "B", 4),
        (16, "B", 5),
    ]


async def test_last_ratings_are_the_newest_n_oldest_first(db: Database, world: World) -> None:
    for offset in range(10):
        await _rate(db, world.anxiety.id, offset, day=TODAY - timedelta(days=9 - offset))

    async with db.session() as session:
        last3 = await ssd.last_ratings(session, world.anxiety.id, 3)
        before = await ssd.last_ratings(session, world.anxiety.id, 2, up_to=TODAY - timedelta(1))

    assert [r.value for r in last3] == [7, 8, 9]
    assert [r.value for r in before] == [7, 8]


async def test_due_targets_by_frequency(db: Database, world: World) -> None:
    calm = await _target(db, world.client.id, "lugn", rules.SHIFT)
    weekly = await _target(db, world.client.id, "aktivitet", rules.WEEKLY)
    monthly = await _target(db, world.client.id, "nätverk", rules.MONTHLY)
    monday, first_of_month = date(2026, 11, 16), date(2026, 11, 1)
    await _rate(db, world.anxiety.id, 4)  # daily: done today
    await _rate(db, calm.id, 4, slot=rules.SHIFT_DAY)  # shifts: evening and night still open
    await _rate(db, weekly.id, 4, day=monday, slot=rules.WEEK)  # this week: done
    await _rate(db, monthly.id, 4, day=date(2026, 10, 1), slot=rules.MONTH)  # last month only

    async with db.session() as session:
        due = await ssd.due_targets(session, world.client.id, TODAY)
        everything = await ssd.due_targets(session, world.client.id, TODAY, include_rated=True)
        tomorrow = await ssd.due_targets(session, world.client.id, TODAY + timedelta(days=1))

    assert [(d.target.name, [(s.slot_date, s.slot) for s in d.open_slots]) for d in due] == [
        ("lugn", [(TODAY, "shift-evening"), (TODAY, "shift-night")]),
        ("nätverk", [(first_of_month, "month")]),
    ]
    assert [(d.target.name, len(d.slots), len(d.open_slots)) for d in everything] == [
        ("Ångest", 1, 0),
        ("lugn", 3, 2),
        ("aktivitet", 1, 0),
        ("nätverk", 1, 1),
    ]
    # Monday 2026-11-23 starts a new week; November's month slot is still open.
    assert [d.target.name for d in tomorrow] == ["Ångest", "lugn", "aktivitet", "nätverk"]
