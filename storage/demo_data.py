"""Fictitious demo data for Örebro län: agencies and units, no real people.

Loaded only into an empty database, so a restart never duplicates or overwrites
anything. Later features add their own demo rows through load_demo_data().
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Agency, Unit

MUNICIPALITIES = (
    "Askersund",
    "Degerfors",
    "Hallsberg",
    "Hällefors",
    "Karlskoga",
    "Kumla",
    "Laxå",
    "Lekeberg",
    "Lindesberg",
    "Ljusnarsberg",
    "Nora",
    "Örebro",
)

# (agency, short name, kind, [(unit, municipality, around the clock)])
_AGENCIES: tuple[tuple[str, str, str, list[tuple[str, str | None, bool]]], ...] = (
    (
        "Region Örebro län",
        "Region",
        "region",
        [
            ("Psykiatrisk öppenvård Örebro", "Örebro", False),
            ("Psykiatrisk öppenvård Lindesberg", "Lindesberg", False),
            ("Psykiatrisk öppenvård Karlskoga", "Karlskoga", False),
            ("Psykiatrisk slutenvård, avdelning 4", "Örebro", True),
            ("DBT-teamet", "Örebro", False),
            ("SPOT – specialiserad psykiatrisk öppenvårdsteam", "Örebro", False),
            ("Vårdcentralen Kumla", "Kumla", False),
            ("Vårdcentralen Nora", "Nora", False),
        ],
    ),
    (
        "Försäkringskassan",
        "FK",
        "stat",
        [("Sjukförsäkring Örebro", "Örebro", False)],
    ),
    (
        "Arbetsförmedlingen",
        "AF",
        "stat",
        [("Rehabilitering till arbete, Örebro", "Örebro", False)],
    ),
    (
        "Samordningsförbundet i Örebro län (demo)",
        "Samordningsförbundet",
        "samordningsforbund",
        [("Finsam-insatser", None, False)],
    ),
)

_KOMMUN_UNITS: tuple[tuple[str, bool], ...] = (
    ("Socialtjänst vuxen", False),
    ("Boendestöd", False),
    ("LSS-boende", True),
)


@dataclass(frozen=True)
class DemoDataResult:
    loaded: bool
    agencies: int
    units: int


async def is_empty(session: AsyncSession) -> bool:
    return (await session.scalar(select(func.count()).select_from(Agency))) == 0


async def load_demo_data(session: AsyncSession) -> DemoDataResult:
    """Insert the demo directory of agencies and units into an empty database."""
    if not await is_empty(session):
        return DemoDataResult(loaded=False, agencies=0, units=0)
    agencies = 0
    units = 0
    plan = list(_AGENCIES) + [
        (f"{name} kommun", name, "kommun", [(u, name, c) for u, c in _KOMMUN_UNITS])
        for name in MUNICIPALITIES
    ]
    for name, short, kind, unit_specs in plan:
        agency = Agency(name=name, short_name=short, kind=kind)
        session.add(agency)
        await session.flush()
        agencies += 1
        for unit_name, municipality, around_the_clock in unit_specs:
            session.add(
                Unit(
                    agency_id=agency.id,
                    name=unit_name,
                    municipality=municipality,
                    around_the_clock=around_the_clock,
                )
            )
            units += 1
    await session.flush()
    return DemoDataResult(loaded=True, agencies=agencies, units=units)
