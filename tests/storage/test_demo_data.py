"""Demo data: a fictitious directory for Örebro län, loaded once into an empty database."""

from __future__ import annotations

import asyncio

from sqlalchemy import func, select

from storage.db import Database
from storage.demo_data import DemoDataResult, load_demo_data
from storage.models import Agency, Unit

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


async def _load(db: Database) -> DemoDataResult:
    async with db.session() as session:
        return await load_demo_data(session)


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
    assert result == DemoDataResult(loaded=True, agencies=16, units=47)
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


async def test_two_instances_loading_at_once_load_it_once(database_url: str, db: Database) -> None:
    instances = [Database(database_url), Database(database_url)]
    try:
        results = await asyncio.gather(*(_load(instance) for instance in instances))
    finally:
        for instance in instances:
            await instance.dispose()

    assert sorted(result.loaded for result in results) == [False, True]
    assert await _counts(db) == (16, 47)
