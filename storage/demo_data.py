"""Fictitious demo data for Örebro län: agencies and units, no real people.

Loaded only into an empty database, so a restart never duplicates or overwrites
anything, and two instances starting together load it once (on PostgreSQL the check
and the load run under a transaction-level advisory lock; on SQLite every transaction
already takes the write lock up front). Later features add their own demo rows
through load_demo_data().
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select, text
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
# Official names take a genitive s after these: "Askersunds kommun", but "Nora kommun".
_GENITIVE_S = frozenset({"Askersund", "Hallsberg", "Lekeberg", "Lindesberg", "Ljusnarsberg"})
_DEMO_DATA_LOCK_ID = 0x5A3E_D0  # PostgreSQL advisory lock, held until the transaction ends

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
            ("SPOT – specialiserat psykiatriskt öppenvårdsteam", "Örebro", False),
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


def kommun_name(municipality: str) -> str:
    """The municipality's official name: "Askersunds kommun", "Örebro kommun"."""
    return f"{municipality}{'s' if municipality in _GENITIVE_S else ''} kommun"


async def is_empty(session: AsyncSession) -> bool:
    return (await session.scalar(select(func.count()).select_from(Agency))) == 0


async def load_demo_data(session: AsyncSession) -> DemoDataResult:
    """Insert the demo directory of agencies and units into an empty database."""
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": _DEMO_DATA_LOCK_ID})
    if not await is_empty(session):
        return DemoDataResult(loaded=False, agencies=0, units=0)
    agencies = 0
    units = 0
    plan = list(_AGENCIES) + [
        (kommun_name(name), name, "kommun", [(u, name, c) for u, c in _KOMMUN_UNITS])
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
