"""Fictitious demo data for Örebro län: agencies and units, no real people.

Loaded only into an empty database, so a restart never duplicates or overwrites
anything, and two instances starting together load it once (on PostgreSQL the check
and the load run under a transaction-level advisory lock; on SQLite every transaction
already takes the write lock up front). Later features add their own demo rows
through load_demo_data().

SSD follow-up: client K-1001 (Boendestöd, Örebro kommun) with "ångest" and "sömn"
rated daily for six weeks up to `today`, a 14-day baseline A and then B
(DBT-färdighetsträning), with a visible improvement in B; and the unit E-2001
(LSS-boende, Örebro kommun) rating the eight areas of the quality framework
monthly for six months. The values come from a seeded generator, so a given
`today` always gives the same rows. Nobody is in the demo care teams:
ensure_demo_membership() puts the person trying the bot there.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from core import access
from core import ssd_model as rules
from core.ssd_model import Scale, validate_target
from demo.contacts import MUNICIPALITIES, demo_directory, kommun_name
from storage import ssd_repository as ssd
from storage.directory_repository import upsert_contacts
from storage.models import Agency, Client, Contact, Unit
from storage.records import ClientRecord

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
            ("SPOT – specialistpsykiatriskt omvårdnadsteam, norra länsdelen", "Lindesberg", False),
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


DEMO_PERSON_CODE = "K-1001"
DEMO_UNIT_CODE = "E-2001"
DEMO_CLIENT_CODES = (DEMO_PERSON_CODE, DEMO_UNIT_CODE)
_DEMO_TIMEZONE = ZoneInfo("Europe/Stockholm")
_DEMO_DAYS = 42
_BASELINE_DAYS = 14
_MISSED_DAYS = (20, 33)  # days (from the first) with no rating: real series have gaps
_DEMO_MONTHS = 6
_BASELINE_MONTHS = 3


@dataclass(frozen=True)
class DemoDataResult:
    loaded: bool
    agencies: int
    units: int
    clients: int = 0
    ratings: int = 0
    contacts: int = 0


async def is_empty(session: AsyncSession) -> bool:
    return (await session.scalar(select(func.count()).select_from(Agency))) == 0


async def load_demo_data(session: AsyncSession, today: date | None = None) -> DemoDataResult:
    """Insert the demo directory and the SSD examples into an empty database.
    `today` is the last day with ratings (default: today in Sweden)."""
    today = today or datetime.now(_DEMO_TIMEZONE).date()
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": _DEMO_DATA_LOCK_ID})
    if not await is_empty(session):
        # A database of its own is left alone; one that holds the demo (made before
        # the directory existed) gets the demo directory too.
        contacts = await _load_demo_directory(session, today) if await _has_demo(session) else 0
        return DemoDataResult(loaded=contacts > 0, agencies=0, units=0, contacts=contacts)
    contacts = await _load_demo_directory(session, today)
    agencies = 0
    units = 0
    by_name: dict[tuple[str, str], Unit] = {}
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
            unit = Unit(
                agency_id=agency.id,
                name=unit_name,
                municipality=municipality,
                around_the_clock=around_the_clock,
            )
            session.add(unit)
            by_name[(name, unit_name)] = unit
            units += 1
    await session.flush()
    orebro = kommun_name("Örebro")
    ratings = await _load_person_example(session, by_name[(orebro, "Boendestöd")].id, today)
    ratings += await _load_unit_example(session, by_name[(orebro, "LSS-boende")].id, today)
    return DemoDataResult(
        loaded=True,
        agencies=agencies,
        units=units,
        clients=len(DEMO_CLIENT_CODES),
        ratings=ratings,
        contacts=contacts,
    )


async def _has_demo(session: AsyncSession) -> bool:
    found = await session.execute(select(Client.id).where(Client.code == DEMO_PERSON_CODE))
    return found.first() is not None


async def _load_demo_directory(session: AsyncSession, today: date) -> int:
    """The fictitious who-does-what directory (demo/contacts.py), once; every
    ninth entry last confirmed eight months ago, so stale entries show as they would."""
    if (await session.execute(select(func.count(Contact.id)))).scalar_one():
        return 0
    now = _at(today, 8)
    drafts = demo_directory()
    await upsert_contacts(session, drafts, now)
    await session.execute(
        update(Contact)
        .where(Contact.id % 9 == 0)
        .values(last_verified_at=now - timedelta(days=240))
    )
    return len(drafts)


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=_DEMO_TIMEZONE).astimezone(UTC)


def _on_scale(value: float) -> float:
    return float(min(10, max(0, round(value))))


async def _load_person_example(session: AsyncSession, unit_id: int, today: date) -> int:
    """K-1001: anxiety falls and sleep improves once DBT skills training starts."""
    first = today - timedelta(days=_DEMO_DAYS - 1)
    client = await ssd.create_client(
        session, code=DEMO_PERSON_CODE, unit_id=unit_id, now=_at(first, 8)
    )
    anxiety = await ssd.create_target(
        session,
        client_id=client.id,
        spec=validate_target(
            name="ångest",
            low_anchor="ingen ångest",
            high_anchor="värsta tänkbara ångest",
            better=rules.LOWER,
        ),
        now=_at(first, 8),
    )
    sleep = await ssd.create_target(
        session,
        client_id=client.id,
        spec=validate_target(
            name="sömn",
            low_anchor="sov inte alls",
            high_anchor="sov gott hela natten",
            better=rules.HIGHER,
        ),
        now=_at(first, 8),
    )
    intervention = first + timedelta(days=_BASELINE_DAYS)
    await ssd.create_phase(
        session,
        client_id=client.id,
        start_date=first,
        description="Baslinje: ordinarie stöd",
        now=_at(first, 8),
    )
    await ssd.create_phase(
        session,
        client_id=client.id,
        start_date=intervention,
        description="DBT-färdighetsträning",
        now=_at(intervention, 8),
    )
    noise = random.Random(1001)
    notes = {3: "Orolig kväll.", 17: "Använde en färdighet från gruppen."}
    count = 0
    for index in range(_DEMO_DAYS):
        if index in _MISSED_DAYS:
            continue
        day = first + timedelta(days=index)
        progress = max(0, index - _BASELINE_DAYS) / (_DEMO_DAYS - _BASELINE_DAYS)
        values = (
            (anxiety, 7 - 4 * progress + noise.uniform(-1.5, 1.5)),
            (sleep, 4 + 3.5 * progress + noise.uniform(-1.5, 1.5)),
        )
        for target, value in values:
            await ssd.upsert_rating(
                session,
                target_id=target.id,
                slot_date=day,
                slot=rules.DAY,
                value=_on_scale(value),
                note=notes.get(index) if target is anxiety else None,
                rater_user_id=None,
                rater_role="kontaktperson",
                now=_at(day, 20),
            )
            count += 1
    return count


async def _load_unit_example(session: AsyncSession, unit_id: int, today: date) -> int:
    """E-2001: a unit rates the eight areas of the quality framework each month."""
    months = [_month_start(today, back) for back in range(_DEMO_MONTHS - 1, -1, -1)]
    client = await ssd.create_client(
        session, code=DEMO_UNIT_CODE, unit_id=unit_id, kind=rules.UNIT, now=_at(months[0], 8)
    )
    await ssd.create_phase(
        session,
        client_id=client.id,
        start_date=months[0],
        description="Nuläge",
        now=_at(months[0], 8),
    )
    await ssd.create_phase(
        session,
        client_id=client.id,
        start_date=months[_BASELINE_MONTHS],
        description="Handledning och workshoppar från DBT-teamet",
        now=_at(months[_BASELINE_MONTHS], 8),
    )
    noise = random.Random(2001)
    count = 0
    for area in rules.QUALITY_FRAMEWORK_AREAS:
        target = await ssd.create_target(
            session,
            client_id=client.id,
            spec=validate_target(
                name=area,
                low_anchor="inte alls på plats",
                high_anchor="helt på plats",
                better=rules.HIGHER,
                frequency=rules.MONTHLY,
                scale=Scale(0, 10, 1),
            ),
            now=_at(months[0], 8),
        )
        level = noise.uniform(2.5, 5)
        for index, month in enumerate(months):
            gain = max(0, index - _BASELINE_MONTHS + 1) * noise.uniform(0.5, 1.2)
            await ssd.upsert_rating(
                session,
                target_id=target.id,
                slot_date=month,
                slot=rules.MONTH,
                value=_on_scale(level + gain + noise.uniform(-0.7, 0.7)),
                rater_user_id=None,
                rater_role="arbetsgruppen",
                now=_at(month, 14),
            )
            count += 1
    return count


def _month_start(today: date, months_back: int) -> date:
    month_index = today.year * 12 + today.month - 1 - months_back
    return date(month_index // 12, month_index % 12 + 1, 1)


async def ensure_demo_membership(
    session: AsyncSession, user_id: int, now: datetime, role: str = "samordnare"
) -> list[ClientRecord]:
    """Local mode: put the person trying the bot in the demo clients' care teams as
    samordnare, and make them coordinator and unit manager of the demo units, so
    `ny klient`, `nytt mål` and `ny fas` can be tried too (idempotent; demo clients
    not in the database are skipped)."""
    clients = []
    for code in DEMO_CLIENT_CODES:
        client = await ssd.get_client(session, code)
        if client is None:
            continue
        clients.append(client)
        await ssd.add_care_team_member(
            session, client_id=client.id, staff_user_id=user_id, role=role, now=now
        )
        for unit_role in access.UNIT_ROLES:
            await ssd.add_unit_role(
                session,
                unit_id=client.unit_id,
                staff_user_id=user_id,
                role=unit_role,
                now=now,
                added_by="demo",
            )
    return clients
