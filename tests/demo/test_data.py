"""Demo data: a fictitious directory for Örebro län, loaded once into an empty database."""

from __future__ import annotations

import asyncio
import statistics
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import delete, func, select

from core import ssd_model as rules
from demo.contacts import demo_directory
from demo.data import (
    DEMO_PERSON_CODE,
    DEMO_UNIT_CODE,
    DemoDataResult,
    ensure_demo_membership,
    load_demo_data,
)
from storage import ssd_repository as ssd
from storage.db import Database
from storage.migrate import upgrade_to_head
from storage.models import Agency, Contact, Unit
from storage.records import TeamsIdentity
from storage.users_repository import upsert_staff_user

TODAY = date(2026, 11, 22)
LOADED = DemoDataResult(
    loaded=True, agencies=16, units=47, clients=2, ratings=128, contacts=len(demo_directory())
)

KOMMUNER = {
    "Askersunds kommun",
    "Degerfors kommun",
    "Hallsbergs kommun",
    "Hällefors kommun",
    "Karlskoga kommun",
    "Kumla kommun",
    "Laxå kommun",
    "Lekebergs kommun",
    "Lindesbergs kommun",
    "Ljusnarsbergs kommun",
    "Nora kommun",
    "Örebro kommun",
}


async def _load(db: Database, today: date = TODAY) -> DemoDataResult:
    async with db.session() as session:
        return await load_demo_data(session, today=today)


async def _counts(db: Database) -> tuple[int | None, int | None]:
    async with db.session() as session:
        agencies = await session.scalar(select(func.count()).select_from(Agency))
        units = await session.scalar(select(func.count()).select_from(Unit))
    return agencies, units


async def test_loads_the_directory_into_an_empty_database(db: Database) -> None:
    result = await _load(db)

    async with db.session() as session:
        agencies = {a.name: (a.short_name, a.kind) for a in await session.scalars(select(Agency))}
        kommun_units = (
            await session.execute(
                select(Agency.short_name, func.count(Unit.id))
                .join(Unit, Unit.agency_id == Agency.id)
                .where(Agency.kind == "kommun")
                .group_by(Agency.short_name)
            )
        ).all()
        region_units = set(
            await session.scalars(
                select(Unit.name).join(Agency).where(Agency.name == "Region Örebro län")
            )
        )
    assert result == LOADED
    assert await _counts(db) == (16, 47)
    assert {name for name, (_short, kind) in agencies.items() if kind == "kommun"} == KOMMUNER
    assert agencies["Region Örebro län"] == ("Region", "region")
    assert agencies["Försäkringskassan"] == ("FK", "stat")
    assert agencies["Arbetsförmedlingen"] == ("AF", "stat")
    assert [
        kind for kind in (k for _s, k in agencies.values()) if kind == "samordningsforbund"
    ] == ["samordningsforbund"]
    assert sorted(count for _short, count in kommun_units) == [3] * 12
    assert {"DBT-teamet", "Psykiatrisk slutenvård, avdelning 4"} <= region_units


async def test_a_second_load_does_nothing(db: Database) -> None:
    await _load(db)

    second = await _load(db)

    assert second == DemoDataResult(loaded=False, agencies=0, units=0)
    assert await _counts(db) == (16, 47)


async def test_a_database_with_data_of_its_own_is_left_alone(db: Database) -> None:
    async with db.session() as session:
        session.add(Agency(name="Kumla kommun", short_name="Kumla", kind="kommun"))

    result = await _load(db)

    assert result.loaded is False
    assert await _counts(db) == (1, 0)
    async with db.session() as session:
        assert await session.scalar(select(func.count(Contact.id))) == 0


async def test_a_demo_database_from_before_the_directory_gets_it(db: Database) -> None:
    await _load(db)
    async with db.session() as session:
        await session.execute(delete(Contact))

    again = await _load(db)

    assert (again.loaded, again.contacts) == (True, len(demo_directory()))
    async with db.session() as session:
        stale = await session.scalar(
            select(func.count(Contact.id)).where(
                Contact.last_verified_at < datetime(2026, 5, 1, tzinfo=UTC)
            )
        )
    # Every ninth entry by id is shown stale; ids need not start at 1 again.
    assert len(demo_directory()) // 10 < stale < len(demo_directory()) // 8


async def test_two_instances_loading_at_once_load_it_once(database_url: str, db: Database) -> None:
    instances = [Database(database_url), Database(database_url)]
    try:
        results = await asyncio.gather(*(_load(instance) for instance in instances))
    finally:
        for instance in instances:
            await instance.dispose()

    assert sorted(result.loaded for result in results) == [False, True]
    assert await _counts(db) == (16, 47)


async def _series(db: Database, code: str) -> dict[str, list[tuple[date, str | None, float]]]:
    async with db.session() as session:
        client = await ssd.get_client(session, code)
        assert client is not None
        return {
            target.name: [
                (r.rating.slot_date, r.phase_label, r.rating.value)
                for r in await ssd.ratings_between(session, target.id, date(2000, 1, 1), TODAY)
            ]
            for target in await ssd.targets_for(session, client.id)
        }


async def test_k1001_has_a_baseline_then_an_intervention_and_improves(db: Database) -> None:
    await _load(db)

    async with db.session() as session:
        client = await ssd.get_client(session, DEMO_PERSON_CODE)
        assert client is not None
        phases = await ssd.phases_for(session, client.id)
        targets = {t.name: t for t in await ssd.targets_for(session, client.id)}
    series = await _series(db, DEMO_PERSON_CODE)

    assert (client.kind, client.status) == ("person", "active")
    assert [(p.label, p.description) for p in phases] == [
        ("A", "Baslinje: ordinarie stöd"),
        ("B", "DBT-färdighetsträning"),
    ]
    assert phases[1].start_date - phases[0].start_date == timedelta(days=14)
    assert {name: (t.better, t.frequency) for name, t in targets.items()} == {
        "ångest": ("lower", "daily"),
        "sömn": ("higher", "daily"),
    }
    for name, points in series.items():
        days = [d for d, _phase, _value in points]
        assert len(set(days)) >= 30, name
        assert (min(days), max(days)) == (phases[0].start_date, TODAY), name
        assert [phase for _d, phase, _v in points] == sorted(phase for _d, phase, _v in points)
    mean = {
        (name, label): statistics.mean(v for _d, phase, v in points if phase == label)
        for name, points in series.items()
        for label in ("A", "B")
    }
    assert mean["ångest", "B"] < mean["ångest", "A"] - 1
    assert mean["sömn", "B"] > mean["sömn", "A"] + 0.5


async def test_the_unit_rates_the_eight_framework_areas_monthly(db: Database) -> None:
    await _load(db)

    async with db.session() as session:
        unit = await ssd.get_client(session, DEMO_UNIT_CODE)
        assert unit is not None
        phases = await ssd.phases_for(session, unit.id)
    series = await _series(db, DEMO_UNIT_CODE)

    assert unit.kind == "unit"
    assert list(series) == list(rules.QUALITY_FRAMEWORK_AREAS)
    assert [p.label for p in phases] == ["A", "B"]
    # Seed 000: DBT-teamet's supervisors give the pilot unit casehandledning and
    # workshops; OT-KP is the operative team that joins up the care providers.
    assert [p.description for p in phases] == [
        "Nuläge",
        "Handledning och workshoppar från DBT-teamet",
    ]
    for points in series.values():
        assert [d for d, _phase, _value in points] == [
            date(2026, 6, 1),
            date(2026, 7, 1),
            date(2026, 8, 1),
            date(2026, 9, 1),
            date(2026, 10, 1),
            date(2026, 11, 1),
        ]


async def test_the_same_day_gives_the_same_demo_data(db: Database, tmp_path: Path) -> None:
    other_url = f"sqlite:///{tmp_path / 'other.sqlite3'}"
    upgrade_to_head(other_url)
    other = Database(other_url)
    try:
        await _load(db)
        await _load(other)
        expected = await _series(other, DEMO_PERSON_CODE)
    finally:
        await other.dispose()

    assert await _series(db, DEMO_PERSON_CODE) == expected


async def test_the_person_trying_the_bot_joins_the_demo_care_teams_once(db: Database) -> None:
    now = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
    await _load(db)
    async with db.session() as session:
        user = await upsert_staff_user(
            session, TeamsIdentity("29:demo", None, None, "Demo", "sv-SE"), now
        )
        joined = await ensure_demo_membership(session, user.id, now)
        again = await ensure_demo_membership(session, user.id, now)
        rated = await ssd.clients_rated_by(session, user.id)
        team = await ssd.care_team(session, joined[0].id)

    assert [c.code for c in joined] == [DEMO_PERSON_CODE, DEMO_UNIT_CODE]
    assert again == joined
    assert [c.code for c in rated] == sorted([DEMO_PERSON_CODE, DEMO_UNIT_CODE])
    assert [(m.staff_user_id, m.role) for m in team] == [(user.id, "samordnare")]
    # and coordinator and manager of the demo units, so `ny klient` can be tried
    async with db.session() as session:
        held = await ssd.unit_roles(session, unit_id=joined[0].unit_id)
    assert sorted((r.staff_user_id, r.role) for r in held) == [
        (user.id, "coordinator"),
        (user.id, "unit_manager"),
    ]


async def test_spot_is_named_as_the_region_names_it(db: Database) -> None:
    # Seed 002: SPOT is the "specialistpsykiatriskt omvårdnadsteam", started in the
    # northern part of the county (norra länsdelen), the same team the directory lists.
    await _load(db)
    async with db.session() as session:
        spot = (
            await session.execute(
                select(Unit.name, Unit.municipality).where(Unit.name.like("SPOT%"))
            )
        ).all()
    directory_spot = {c.unit for c in demo_directory() if (c.unit or "").startswith("SPOT")}
    assert [tuple(row) for row in spot] == [
        ("SPOT – specialistpsykiatriskt omvårdnadsteam, norra länsdelen", "Lindesberg")
    ]
    assert directory_spot == {spot[0].name}
