"""`python -m bench.meetings`: the conflict check and free-slot suggestion at 10,000 meetings.

The requirement: "conflict check and free-slot suggestion with 10,000 meetings in
the database <= 20 ms". What is timed is `await MeetingService.check(organizer,
draft)`: in one audited transaction the organizer's access to the client, the
participants' booked meetings within a week either side (busy_between; four weeks
when the week has too few free times), the clashes, the nearest free times when
there is a clash (core.meeting_slots.free_slots), the client's consents, and the
audit event.

1. Seeding: an empty migrated database gets a directory (--contacts entries from
   demo.contacts.generate_contacts, imported with DirectoryService), and then,
   with Core executemany and explicit ids, STAFF staff users (people of that
   directory), the agencies and units they work at, CLIENTS clients with care teams
   (a samordnare and 2-5 more) and their outside contacts (FK, AF, samordningsförbund
   from the directory, relatives typed by e-mail), consents, and --meetings meetings
   on working days from DAYS_BACK days before to DAYS_AHEAD days after NOW, 30-120
   minutes in working hours, each with 2-8 participants (the organizer, care-team
   staff by staff_user_id, outsiders by e-mail), some cancelled, some rescheduled,
   answers accepted, pending, declined or proposed. The rows are shaped as
   storage/meeting_repository.create_meeting writes them (and as set_answer,
   move_meeting and cancel_meeting change them); a booking through the service at
   the end is compared with them column by column.
2. Probes: PROBES_CLASH drafts that overlap a known seeded meeting of one of their
   people (so clashes are found and free times computed) and PROBES_FREE drafts at a
   time none of their people is busy, organizers and participants from the
   clients' care teams and contacts, 30-90 minutes, in the coming eight weeks.
   Every answer is compared with what the seed data in Python says: the exact
   clashes (who, client, interval), the free times (free_slots over the seeded busy
   intervals, and separately: three of them, none overlapping any seeded meeting of
   those people, none in the past, all in working time), the missing consents. A
   wrong answer is an error.
3. Timing: warmed up, then --rounds rounds, each one probe (every probe in turn,
   shuffled per pass) and, in a shuffled order within the round, beside it: the
   baselines `SELECT 1` in a session of the same Database and the cheapest
   audited service call of the same shape (`MeetingService.consents`: access,
   consents, audit, commit), and the parts: the busy_between statement alone (in an
   open transaction) over SEARCH_DAYS + 1 either side, which the check reads only
   when the week around the asked time has fewer than three free times,
   `MeetingService.me` (the organizer and their directory entry, in a read session
   of its own: booking looks it up, the check no longer does),
   and free_slots alone on the busy list the check
   gets (clash probes). p50/p95/max of each, and the ratios to the baselines.
   The objects alive before the warm-up (the seed model above all) are frozen out
   of the garbage collector's reach (gc.freeze), so its full collections do not
   stall a timed call for the bench's own sake.

Exits 1 on an error (a wrong answer, a failed call, a seeded row the service cannot
read); timings never fail the run.

SQLite in a temporary directory by default (left as the app leaves it: no
ANALYZE); --database-url names a PostgreSQL server on which a throwaway database
is created and dropped afterwards (VACUUM ANALYZEd after seeding, as autovacuum
would soon do).
--explain prints the plans of the check's statements; --experiment-index adds the
indexes in EXPERIMENT_INDEXES to the bench's throwaway database only, after
seeding, to measure what they would change (off by default: the figures without it
are the app's).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import logging
import os
import platform
import random
import statistics
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Awaitable, Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import event, func, insert, select, text
from sqlalchemy.engine import make_url

from bench.__main__ import _positive
from bench.reminders_seed import (
    add_database_url_option,
    bench_database,
    refuses_database_url,
    select_one,
    vacuum_analyze,
)
from bench.report import percentile
from core import ssd_model as rules
from core.clock import FrozenClock
from core.consent_model import COORDINATION, GIVEN, WITHDRAWN, missing_consent
from core.contact_model import AF, FINSAM, FK, KOMMUN, REGION, ContactDraft, agency_kind
from core.contacts_csv import export_contacts_csv
from core.meeting_model import (
    ACCEPTED,
    BOOKED,
    CANCELLED,
    DECLINED,
    FROM_DIRECTORY,
    FROM_STAFF,
    FROM_TYPED,
    KALLAD,
    PENDING,
    PROPOSED,
    SEARCH_DAYS,
    SUGGESTIONS,
    Interval,
    default_role,
)
from core.meeting_request import agency_kind_for_email
from core.meeting_slots import Busy, free_slots, is_working_time
from core.rating_prompt_plan import is_public_holiday
from demo.contacts import generate_contacts
from storage import meeting_repository as repo
from storage.db import Database
from storage.directory_service import COMMAND_LINE, DirectoryService
from storage.meeting_records import BookingCheck, MeetingDraft, ParticipantDraft
from storage.meeting_service import MeetingService
from storage.models import (
    Agency,
    CareTeamMember,
    Client,
    Consent,
    Meeting,
    MeetingParticipant,
    StaffUser,
    Unit,
)
from tests.support.activities import TENANT_ID

MEETINGS = 10_000
STAFF = 200
CLIENTS = 500
CONTACTS = 3_000  # the directory the staff and the outside contacts come from
ROUNDS = 600
WARMUP_PASSES = 2
PROBES_CLASH = 40
PROBES_FREE = 20
TARGET_P95_MS = 20.0
NOW = datetime(2026, 11, 23, 7, 30, tzinfo=UTC)  # a Monday, 08:30 in Stockholm
TIMEZONE = "Europe/Stockholm"
TZ = ZoneInfo(TIMEZONE)
DAYS_BACK = 270  # meetings held in the nine months before NOW
DAYS_AHEAD = 90  # and booked for the three after
PROBE_DAYS = 56  # probes ask for times in the coming eight weeks
LENGTHS = (30, 45, 60, 60, 60, 90, 90, 120)  # minutes
CHUNK = 5_000
SEED = 20261123
SEEDED_AT = NOW - timedelta(days=DAYS_BACK + 60)
RELATIVE_DOMAINS = ("gmail.com", "hotmail.com", "outlook.com", "telia.com")
STAFF_ROLES = ("kontaktperson", "boendestödjare", "sjuksköterska", "handläggare", "arbetsterapeut")
# Indexes to try with --experiment-index (bench database only, never the app's schema):
# busy_between's meeting side, read through (status, starts_at), becomes an index-only
# scan when the index also holds ends_at and client_id. (The first experiment here, an
# index on contacts.email, is migration 0011 now.)
EXPERIMENT_INDEXES: tuple[str, ...] = (
    "CREATE INDEX bench_experiment_meetings_window ON meetings "
    "(status, starts_at, ends_at, client_id)",
)


# -- the seed, in Python ------------------------------------------------------------------


@dataclass(frozen=True)
class StaffSeed:
    id: int
    name: str
    email: str
    agency: str
    agency_kind: str
    unit: str
    municipality: str

    def draft(self) -> ParticipantDraft:
        """As MeetingService._staff_drafts makes them: kallad, from staff."""
        return ParticipantDraft(
            name=self.name,
            email=self.email,
            agency=self.agency,
            agency_kind=self.agency_kind,
            role=KALLAD,
            source=FROM_STAFF,
            staff_user_id=self.id,
        )


@dataclass(frozen=True)
class ClientSeed:
    id: int
    code: str
    unit_id: int
    team: tuple[int, ...]  # staff ids, the samordnare first
    outsiders: tuple[ParticipantDraft, ...]


@dataclass(frozen=True)
class SeedMeeting:
    id: int
    client: ClientSeed
    organizer: int  # staff id
    interval: Interval  # UTC
    status: str
    people: tuple[tuple[ParticipantDraft, str], ...]  # (who, answer), organizer first


@dataclass(frozen=True)
class BusySeed:
    interval: Interval
    code: str
    meeting_id: int


@dataclass
class World:
    contacts: list[ContactDraft]
    staff: dict[int, StaffSeed]
    agencies: list[dict[str, Any]]
    units: list[dict[str, Any]]
    clients: list[ClientSeed]
    consents: list[dict[str, Any]]
    meetings: list[SeedMeeting]
    busy: dict[str, list[BusySeed]] = field(default_factory=dict)  # participant key ->
    given: dict[int, dict[str, str]] = field(default_factory=dict)  # client id -> party ->
    teams_of: dict[int, list[ClientSeed]] = field(default_factory=dict)  # staff id ->

    def index(self) -> None:
        """What the checks are compared with: busy intervals per participant key
        (booked meetings not declined), the newest consent per client and kind."""
        self.busy = defaultdict(list)
        for m in self.meetings:
            if m.status != BOOKED:
                continue
            for person, answer in m.people:
                if answer != DECLINED:
                    self.busy[person.key].append(BusySeed(m.interval, m.client.code, m.id))
        self.given = defaultdict(dict)
        for row in sorted(self.consents, key=lambda r: r["id"]):
            self.given[row["client_id"]][row["agency_kind"]] = row["state"]
        self.teams_of = defaultdict(list)
        for client in self.clients:
            for staff_id in client.team:
                self.teams_of[staff_id].append(client)


def working_days(first: date, last: date) -> list[date]:
    days = (first + timedelta(days=i) for i in range((last - first).days + 1))
    return [d for d in days if d.weekday() < 5 and not is_public_holiday(d)]


def local(day: date, minutes_after_eight: int) -> datetime:
    start = datetime.combine(day, clock_time(8), tzinfo=TZ)
    return (start + timedelta(minutes=minutes_after_eight)).astimezone(UTC)


def _short(agency: str) -> str:
    for suffix in (" kommun", "s kommun"):
        if agency.endswith(suffix):
            return agency[: -len(suffix)]
    return agency.split()[0] if agency.startswith("Region") else agency[:40]


def build_world(meetings: int, staff_count: int, clients: int, contacts: int) -> World:
    """Everything to insert, and what the checks must find, from one seeded rng."""
    rng = random.Random(SEED)
    directory = list(generate_contacts(contacts, seed=SEED))
    # The people come from the first CONTACTS entries whatever the directory's size,
    # so a bigger --contacts changes only the directory.
    people = [c for c in directory[:CONTACTS] if c.kind == "person" and c.email]
    own = [c for c in people if agency_kind(c.agency) in (KOMMUN, REGION)]
    chosen = sorted(rng.sample(range(len(own)), min(staff_count, len(own))))
    agency_names = sorted({c.agency for c in people})
    agencies = [
        {"id": i + 1, "name": n, "short_name": _short(n), "kind": agency_kind(n)}
        for i, n in enumerate(agency_names)
    ]
    agency_id = {a["name"]: a["id"] for a in agencies}
    staff: dict[int, StaffSeed] = {}
    unit_key: dict[tuple[str, str], int] = {}
    units: list[dict[str, Any]] = []
    for n, index in enumerate(chosen):
        c = own[index]
        staff[n + 1] = StaffSeed(
            n + 1, c.name, c.email.lower(), c.agency, agency_kind(c.agency), c.unit, c.municipality
        )
        if (c.agency, c.unit) not in unit_key:
            unit_key[(c.agency, c.unit)] = len(units) + 1
            units.append(
                {
                    "id": len(units) + 1,
                    "agency_id": agency_id[c.agency],
                    "name": c.unit,
                    "municipality": c.municipality or None,
                    "around_the_clock": False,
                }
            )
    kommun_staff = [s for s in staff.values() if s.agency_kind == KOMMUN]
    region_staff = [s for s in staff.values() if s.agency_kind == REGION]
    by_town: dict[str, list[StaffSeed]] = defaultdict(list)
    for s in kommun_staff:
        by_town[s.municipality].append(s)
    outside = {
        kind: [
            ParticipantDraft(
                c.name, c.email.lower(), c.agency, kind, default_role(kind), FROM_DIRECTORY
            )
            for c in people
            if agency_kind(c.agency) == kind
        ]
        for kind in (FK, AF, FINSAM)
    }
    client_seeds: list[ClientSeed] = []
    consents: list[dict[str, Any]] = []
    for n in range(clients):
        coordinator = rng.choice(kommun_staff)
        pool = [s for s in by_town[coordinator.municipality] if s is not coordinator]
        pool += region_staff
        others = rng.sample(pool, min(len(pool), rng.randint(2, 5)))
        outsiders: list[ParticipantDraft] = []
        for kind, chance in ((FK, 0.6), (AF, 0.35), (FINSAM, 0.1)):
            if outside[kind] and rng.random() < chance:
                outsiders.append(rng.choice(outside[kind]))
        if rng.random() < 0.3:
            first, last = rng.choice(people).name.split()[0], rng.choice(people).name.split()[-1]
            email = f"{first}.{last}.{n}@{rng.choice(RELATIVE_DOMAINS)}".lower()
            kind = agency_kind_for_email(email)
            outsiders.append(
                ParticipantDraft(f"{first} {last}", email, "", kind, default_role(kind), FROM_TYPED)
            )
        client = ClientSeed(
            n + 1,
            f"K-{10_000 + n}",
            unit_key[(coordinator.agency, coordinator.unit)],
            (coordinator.id, *(s.id for s in others)),
            tuple(outsiders),
        )
        client_seeds.append(client)
        # Consent to coordination for nine clients in ten, without a random draw (the
        # rest of the world stays the one earlier runs measured); then per agency.
        if n % 10:
            consents.append(
                {
                    "id": len(consents) + 1,
                    "client_id": client.id,
                    "agency_kind": COORDINATION,
                    "state": GIVEN,
                    "decided_on": (NOW - timedelta(days=400)).date(),
                    "scope": "",
                    "recorded_by_user_id": coordinator.id,
                    "recorded_at": NOW - timedelta(days=10),
                }
            )
        for kind in sorted({o.agency_kind for o in outsiders if o.agency_kind in (FK, AF, FINSAM)}):
            decisions = (
                [GIVEN] if rng.random() < 0.75 else [GIVEN, WITHDRAWN] if rng.random() < 0.3 else []
            )
            for state in decisions:
                consents.append(
                    {
                        "id": len(consents) + 1,
                        "client_id": client.id,
                        "agency_kind": kind,
                        "state": state,
                        "decided_on": (NOW - timedelta(days=rng.randint(10, 400))).date(),
                        "scope": "SIP och samordning",
                        "recorded_by_user_id": coordinator.id,
                        "recorded_at": NOW - timedelta(days=rng.randint(1, 9)),
                    }
                )
    days = working_days(
        NOW.date() - timedelta(days=DAYS_BACK), NOW.date() + timedelta(days=DAYS_AHEAD)
    )
    slots: list[tuple[Interval, ClientSeed]] = []
    for _ in range(meetings):
        minutes = rng.choice(LENGTHS)
        offset = rng.randrange(0, 9 * 60 - minutes + 1, 15)
        start = local(rng.choice(days), offset)
        slots.append(
            (Interval(start, start + timedelta(minutes=minutes)), rng.choice(client_seeds))
        )
    slots.sort(key=lambda s: s[0].start)  # ids in booking order, roughly: by time
    seeded: list[SeedMeeting] = []
    for n, (interval, client) in enumerate(slots):
        team = list(client.team)
        organizer = team[0] if rng.random() < 0.7 else rng.choice(team)
        rest = [s for s in team if s != organizer]
        chosen_staff = rng.sample(rest, rng.randint(1, len(rest)))
        guests = [o for o in client.outsiders if rng.random() < 0.7]
        invited = [staff[s].draft() for s in chosen_staff] + guests
        invited = invited[:7]  # 2-8 people with the organizer
        past = interval.end <= NOW
        answers = []
        for _person in invited:
            roll = rng.random()
            if past:
                answer = ACCEPTED if roll < 0.8 else DECLINED if roll < 0.88 else PENDING
            else:
                answer = (
                    PENDING
                    if roll < 0.4
                    else ACCEPTED
                    if roll < 0.85
                    else DECLINED
                    if roll < 0.95
                    else PROPOSED
                )
            answers.append(answer)
        status = CANCELLED if rng.random() < 0.05 else BOOKED
        seeded.append(
            SeedMeeting(
                n + 1,
                client,
                organizer,
                interval,
                status,
                ((staff[organizer].draft(), ACCEPTED), *zip(invited, answers, strict=True)),
            )
        )
    world = World(directory, staff, agencies, units, client_seeds, consents, seeded)
    world.index()
    return world


def meeting_rows(world: World, rng: random.Random) -> tuple[list[dict], list[dict]]:
    """The meetings and meeting_participants rows, shaped as create_meeting writes
    them, then changed as set_answer, move_meeting and cancel_meeting change them."""
    meetings: list[dict[str, Any]] = []
    participants: list[dict[str, Any]] = []
    previous: dict[int, int] = {}  # client id -> their latest meeting id so far
    for m in world.meetings:
        lead = timedelta(days=rng.uniform(2, 45), minutes=rng.randrange(0, 600))
        created = min(m.interval.start - lead, NOW - timedelta(minutes=rng.randrange(5, 600)))
        moved = rng.random() < 0.08
        sequence = int(moved) + int(m.status == CANCELLED)
        changed = (
            created + (m.interval.start - created) * rng.uniform(0.2, 0.9) if sequence else created
        )
        changed = min(changed, NOW)
        if m.status == CANCELLED or m.interval.start > NOW:
            follow_up = repo.FOLLOW_UP_DUE
        elif m.interval.end < NOW - timedelta(days=14):
            follow_up = repo.FOLLOW_UP_RECORDED if rng.random() < 0.75 else repo.FOLLOW_UP_ASKED
        else:
            follow_up = rng.choice(
                (repo.FOLLOW_UP_DUE, repo.FOLLOW_UP_ASKED, repo.FOLLOW_UP_RECORDED)
            )
        online = rng.random() < 0.3
        meetings.append(
            {
                "id": m.id,
                "uid": repo.new_uid(),
                "sequence": sequence,
                "client_id": m.client.id,
                "organizer_user_id": m.organizer,
                "starts_at": m.interval.start,
                "ends_at": m.interval.end,
                "timezone": TIMEZONE,
                "purpose": rng.choice(
                    ("Uppföljning av SIP", "Ny SIP", "Samordning inför utskrivning")
                ),
                "questions": "\n".join(
                    rng.sample(("Boende", "Sysselsättning", "Ekonomi", "Hälsa"), 2)
                ),
                "place": None if online else f"Kommunhuset, rum {rng.randint(1, 12)}",
                "online_url": "https://teams.microsoft.com/l/meetup-join/bench" if online else None,
                "status": m.status,
                "follow_up": follow_up,
                "previous_meeting_id": previous.get(m.client.id) if rng.random() < 0.4 else None,
                "status_card_activity_id": f"1:bench-card-{m.id}",
                "status_card_conversation_id": f"a:bench-personal-{m.organizer}",
                "created_at": created,
                "updated_at": changed,
            }
        )
        previous[m.client.id] = m.id
        for position, (person, answer) in enumerate(m.people):
            organizer = position == 0
            answered = None
            if organizer:
                answered = created
            elif answer != PENDING:
                answered = min(changed + timedelta(hours=rng.uniform(1, 72)), NOW)
            proposed = m.interval.start + timedelta(days=1) if answer == PROPOSED else None
            participants.append(
                {
                    "id": len(participants) + 1,
                    "meeting_id": m.id,
                    "staff_user_id": person.staff_user_id,
                    "name": person.name,
                    "email": person.email.lower() if person.email else None,
                    "agency": person.agency,
                    "agency_kind": person.agency_kind,
                    "role": KALLAD if organizer else person.role,
                    "source": person.source,
                    "organizer": organizer,
                    "answer": answer,
                    "proposed_start": proposed,
                    "answered_at": answered,
                    "starts_at": m.interval.start,
                    "ends_at": m.interval.end,
                }
            )
    return meetings, participants


# -- the database ---------------------------------------------------------------------------


@dataclass
class Seeded:
    directory_s: float
    rows_s: float
    analyze_s: float
    counts: dict[str, int]

    @property
    def seconds(self) -> float:
        return self.directory_s + self.rows_s + self.analyze_s


async def seed(db: Database, world: World) -> Seeded:
    """The directory through DirectoryService.import_csv, the rest with Core
    executemany and explicit ids (on PostgreSQL the id sequences moved past them)."""
    started = time.perf_counter()
    report = await DirectoryService(db, FrozenClock(SEEDED_AT)).import_csv(
        COMMAND_LINE, export_contacts_csv(world.contacts), dry_run=False
    )
    if report.counts is None or report.counts.created != len(world.contacts):
        raise RuntimeError(f"directory import: {report.counts} for {len(world.contacts)} rows")
    directory_s = time.perf_counter() - started
    started = time.perf_counter()
    staff = [
        {
            "id": s.id,
            "teams_user_id": f"29:bench-meetings-{s.id}",
            "email": s.email,
            "tenant_id": TENANT_ID,
            "name": s.name,
            "locale": "sv-SE",
            "created_at": SEEDED_AT,
            "last_seen_at": NOW - timedelta(hours=s.id % 48),
        }
        for s in world.staff.values()
    ]
    clients = [
        {
            "id": c.id,
            "code": c.code,
            "kind": rules.PERSON,
            "unit_id": c.unit_id,
            "status": rules.ACTIVE,
            "created_at": SEEDED_AT,
        }
        for c in world.clients
    ]
    members = [
        {
            "client_id": c.id,
            "staff_user_id": staff_id,
            "role": "samordnare" if position == 0 else STAFF_ROLES[(c.id + position) % 5],
            "added_at": SEEDED_AT,
        }
        for c in world.clients
        for position, staff_id in enumerate(c.team)
    ]
    members = [{"id": n + 1, **row} for n, row in enumerate(members)]
    meetings, participants = meeting_rows(world, random.Random(SEED + 1))
    tables: tuple[tuple[Any, list[dict[str, Any]]], ...] = (
        (StaffUser, staff),
        (Agency, world.agencies),
        (Unit, world.units),
        (Client, clients),
        (CareTeamMember, members),
        (Consent, world.consents),
        (Meeting, meetings),
        (MeetingParticipant, participants),
    )
    async with db.engine.begin() as conn:
        for model, rows in tables:
            table = model.__table__
            for start in range(0, len(rows), CHUNK):
                await conn.execute(insert(table), rows[start : start + CHUNK])
            if not db.is_sqlite and rows:
                top = max(row["id"] for row in rows)
                await conn.execute(
                    select(func.setval(func.pg_get_serial_sequence(table.name, "id"), top))
                )
    rows_s = time.perf_counter() - started
    started = time.perf_counter()
    if not db.is_sqlite:
        # With ANALYZE alone, autovacuum came in mid-run: one check a run took ~200 ms.
        await vacuum_analyze(db)
    analyze_s = time.perf_counter() - started
    counts = {model.__tablename__: len(rows) for model, rows in tables}
    counts["contacts"] = len(world.contacts)
    return Seeded(directory_s, rows_s, analyze_s, counts)


async def add_experiment_indexes(db: Database) -> list[str]:
    async with db.engine.begin() as conn:
        for statement in EXPERIMENT_INDEXES:
            await conn.execute(text(statement))
    if not db.is_sqlite:
        await vacuum_analyze(db)
    return list(EXPERIMENT_INDEXES)


# -- probes: drafts and what they must give ----------------------------------------------


@dataclass
class Probe:
    name: str
    clash: bool  # built to overlap a seeded meeting
    organizer: StaffSeed
    draft: MeetingDraft
    known: tuple[str, str, Interval] | None  # the seeded clash it was built on
    expected_clashes: Counter[tuple[str, str, Interval]]
    expected_busy: Counter[tuple[str, str, Interval]]
    expected_suggestions: tuple[Interval, ...]
    expected_missing: tuple[str, ...]
    busy: list[Busy] = field(default_factory=list)  # what busy_between gives, for free_slots

    @property
    def people(self) -> list[ParticipantDraft]:
        return [self.organizer.draft(), *self.draft.participants]

    @property
    def window(self) -> Interval:
        pad = timedelta(days=SEARCH_DAYS + 1)
        proposed = self.draft.interval
        return Interval(proposed.start - pad, proposed.end + pad)


def _expect(
    world: World,
    name: str,
    clash: bool,
    organizer: StaffSeed,
    draft: MeetingDraft,
    known: tuple[str, str, Interval] | None,
) -> Probe:
    people = [organizer.draft(), *draft.participants]
    proposed = draft.interval
    pad = timedelta(days=SEARCH_DAYS + 1)
    window = Interval(proposed.start - pad, proposed.end + pad)
    clashes: Counter[tuple[str, str, Interval]] = Counter()
    busy: Counter[tuple[str, str, Interval]] = Counter()
    busy_list: list[Busy] = []
    for person in people:
        for b in world.busy.get(person.key, ()):
            if b.interval.overlaps(window):
                busy[(person.key, b.code, b.interval)] += 1
                busy_list.append(Busy(person.key, b.interval, b.code))
            if b.interval.overlaps(proposed):
                clashes[(person.name, b.code, b.interval)] += 1
    suggestions = tuple(free_slots(proposed, busy_list, TZ, now=NOW)) if clashes else ()
    kinds = sorted({p.agency_kind for p in draft.participants if p.agency_kind})
    given = world.given.get(next(c.id for c in world.clients if c.code == draft.client_code), {})
    missing = missing_consent(given, kinds)
    return Probe(name, clash, organizer, draft, known, clashes, busy, suggestions, missing)


def _draft(
    client: ClientSeed,
    organizer: int,
    world: World,
    rng: random.Random,
    start: datetime,
    minutes: int,
) -> MeetingDraft:
    others = [s for s in client.team if s != organizer]
    staff = rng.sample(others, rng.randint(min(1, len(others)), len(others)))
    people = [world.staff[s].draft() for s in staff] + list(client.outsiders)
    return MeetingDraft(
        client_code=client.code,
        start=start.astimezone(TZ),
        minutes=minutes,
        timezone=TIMEZONE,
        purpose="Uppföljning av SIP",
        questions=("Boende", "Sysselsättning"),
        place="Kommunhuset, rum 3",
        participants=tuple(people[:7]),
    )


def _is_free(world: World, people: Sequence[ParticipantDraft], interval: Interval) -> bool:
    return not any(b.interval.overlaps(interval) for p in people for b in world.busy.get(p.key, ()))


def build_probes(world: World, clash_count: int, free_count: int) -> list[Probe]:
    rng = random.Random(SEED + 2)
    soon = Interval(NOW + timedelta(days=1), NOW + timedelta(days=PROBE_DAYS))
    coming = [
        m
        for m in world.meetings
        if m.status == BOOKED and soon.start <= m.interval.start < soon.end
    ]
    probes: list[Probe] = []
    tries = 0
    while len(probes) < clash_count:
        tries += 1
        if tries > 100 * clash_count:
            raise RuntimeError("could not build the clash probes: too few seeded meetings")
        seeded = rng.choice(coming)
        busy_staff = [
            p.staff_user_id
            for p, answer in seeded.people
            if p.staff_user_id is not None and answer != DECLINED
        ]
        if not busy_staff:
            continue
        person = rng.choice(busy_staff)
        # Mostly another of the person's clients, sometimes the same one again.
        client = rng.choice(world.teams_of[person])
        organizer = person if rng.random() < 0.5 else rng.choice(client.team)
        minutes = rng.choice((30, 60, 60, 90))
        offset = rng.choice((-15, 0, 0, 15, 30))
        start = seeded.interval.start + timedelta(minutes=offset)
        draft = _draft(client, organizer, world, rng, start, minutes)
        if person != organizer and all(p.staff_user_id != person for p in draft.participants):
            continue  # the busy person was not picked: try another
        interval = draft.interval
        if not interval.overlaps(seeded.interval):
            continue
        known = (world.staff[person].name, seeded.client.code, seeded.interval)
        probes.append(
            _expect(world, f"clash-{len(probes)}", True, world.staff[organizer], draft, known)
        )
    days = working_days(soon.start.date(), soon.end.date())
    while len(probes) < clash_count + free_count:
        client = rng.choice(world.clients)
        organizer = client.team[0]
        minutes = rng.choice((30, 60, 60, 90))
        for _ in range(2_000):
            start = local(rng.choice(days), rng.randrange(0, 9 * 60 - minutes + 1, 30))
            draft = _draft(client, organizer, world, rng, start, minutes)
            people = [world.staff[organizer].draft(), *draft.participants]
            if _is_free(world, people, draft.interval):
                name = f"free-{len(probes) - clash_count}"
                probes.append(_expect(world, name, False, world.staff[organizer], draft, None))
                break
        else:
            raise RuntimeError(f"no free time found for {client.code}")
    return probes


def wrong_answers(world: World, probe: Probe, result: BookingCheck) -> list[str]:
    """What the check got wrong, compared with the seed data in Python."""
    errors: list[str] = []
    where = f"{probe.name} ({probe.draft.client_code} {probe.draft.interval.start:%Y-%m-%d %H:%M})"
    got = Counter((c.who, c.client_code, c.interval) for c in result.clashes)
    if got != probe.expected_clashes:
        errors.append(
            f"{where}: clashes {sorted(got.elements())} != expected "
            f"{sorted(probe.expected_clashes.elements())}"
        )
    if probe.known is not None and probe.known not in got:
        errors.append(f"{where}: the seeded clash {probe.known} is not reported")
    if probe.clash != bool(result.clashes):
        errors.append(
            f"{where}: {len(result.clashes)} clashes for a "
            f"{'clash' if probe.clash else 'free'} probe"
        )
    if result.suggestions != probe.expected_suggestions:
        errors.append(
            f"{where}: suggestions {result.suggestions} != free_slots over the seed "
            f"{probe.expected_suggestions}"
        )
    if probe.clash:
        if len(result.suggestions) != SUGGESTIONS:
            errors.append(f"{where}: {len(result.suggestions)} suggestions, {SUGGESTIONS} expected")
        for s in result.suggestions:
            if not _is_free(world, probe.people, s):
                errors.append(
                    f"{where}: suggestion {s.start:%Y-%m-%d %H:%M} overlaps a seeded meeting"
                )
            if s.start < NOW or s.start == probe.draft.interval.start:
                errors.append(f"{where}: suggestion {s.start} is past or the proposal itself")
            if s.minutes != probe.draft.minutes or not is_working_time(s, TZ):
                errors.append(
                    f"{where}: suggestion {s} has another length or is outside working time"
                )
    if result.missing_consent != probe.expected_missing:
        errors.append(
            f"{where}: missing consent {result.missing_consent} != {probe.expected_missing}"
        )
    if result.outside_working_time != (not is_working_time(probe.draft.interval, TZ)):
        errors.append(f"{where}: outside_working_time {result.outside_working_time}")
    return errors


# -- measuring ------------------------------------------------------------------------------


CHECK, SELECT_1, CONSENTS, BUSY_SQL, ME, FREE_SLOTS = (
    "svc.check(organizer, draft)",
    "SELECT 1 in a session",
    "svc.consents(organizer, code)",
    "busy_between statement",
    "svc.me(organizer)",
    "free_slots (pure Python)",
)


@dataclass
class Timings:
    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    check_clash: list[float] = field(default_factory=list)
    check_free: list[float] = field(default_factory=list)
    busy_rows: list[int] = field(default_factory=list)

    def ms(self, name: str, fraction: float) -> float:
        return percentile(self.times[name], fraction) * 1000


async def busy_statement(db: Database, probe: Probe) -> tuple[float, list[Busy]]:
    """busy_between alone, timed inside a transaction already begun (as in check)."""
    people = probe.people
    async with db.session() as session:
        await session.execute(text("SELECT 1"))  # BEGIN (IMMEDIATE on SQLite) first
        started = time.perf_counter()
        found = await repo.busy_between(
            session,
            staff_ids=[p.staff_user_id for p in people if p.staff_user_id is not None],
            emails=[p.email for p in people if p.email],
            window=probe.window,
        )
        seconds = time.perf_counter() - started
    return seconds, [Busy(who, interval, code) for who, _name, code, interval in found]


async def measure(
    db: Database, svc: MeetingService, world: World, probes: list[Probe], rounds: int
) -> tuple[Timings, list[str]]:
    errors: list[str] = []
    # The seed model held in Python (tens of thousands of objects) made every full
    # collection 60-140 ms, landing in one timed call or another; frozen, the
    # collector no longer walks it, and the figures are the check's, not the bench's.
    gc.collect()
    gc.freeze()
    try:
        return await _measure(db, svc, world, probes, rounds, errors)
    finally:
        gc.unfreeze()


async def _measure(
    db: Database,
    svc: MeetingService,
    world: World,
    probes: list[Probe],
    rounds: int,
    errors: list[str],
) -> tuple[Timings, list[str]]:
    for probe in probes:  # what busy_between gives each probe, checked against the seed
        _, probe.busy = await busy_statement(db, probe)
        got = Counter((b.who, b.label, b.interval) for b in probe.busy)
        if got != probe.expected_busy:
            errors.append(
                f"{probe.name}: busy_between gave {sum(got.values())} rows, "
                f"the seed {sum(probe.expected_busy.values())}"
            )
    for _ in range(WARMUP_PASSES):
        for probe in probes:
            result = await svc.check(probe.organizer.id, probe.draft)
            errors += wrong_answers(world, probe, result)
            await svc.consents(probe.organizer.id, probe.draft.client_code)
            await svc.me(probe.organizer.id)
            await select_one(db)
            await busy_statement(db, probe)
            free_slots(probe.draft.interval, probe.busy, TZ, now=NOW)
    timings = Timings()
    rng = random.Random(SEED + 3)
    order: list[Probe] = []
    results: list[tuple[Probe, BookingCheck]] = []
    for _ in range(rounds):
        if not order:
            order = list(probes)
            rng.shuffle(order)
        probe = order.pop()
        timings.busy_rows.append(len(probe.busy))

        async def check(probe: Probe = probe) -> None:
            started = time.perf_counter()
            result = await svc.check(probe.organizer.id, probe.draft)
            seconds = time.perf_counter() - started
            timings.times[CHECK].append(seconds)
            (timings.check_clash if probe.clash else timings.check_free).append(seconds)
            results.append((probe, result))

        async def timed(name: str, call: Callable[[], Awaitable[Any]]) -> None:
            started = time.perf_counter()
            await call()
            timings.times[name].append(time.perf_counter() - started)

        async def busy(probe: Probe = probe) -> None:
            seconds, _ = await busy_statement(db, probe)
            timings.times[BUSY_SQL].append(seconds)

        async def slots(probe: Probe = probe) -> None:
            if probe.clash:  # check computes free times only when something clashes
                started = time.perf_counter()
                free_slots(probe.draft.interval, probe.busy, TZ, now=NOW)
                timings.times[FREE_SLOTS].append(time.perf_counter() - started)

        steps: list[Callable[[], Awaitable[None]]] = [
            check,
            lambda: timed(SELECT_1, lambda: select_one(db)),
            lambda p=probe: timed(
                CONSENTS, lambda: svc.consents(p.organizer.id, p.draft.client_code)
            ),
            lambda p=probe: timed(ME, lambda: svc.me(p.organizer.id)),
            busy,
            slots,
        ]
        rng.shuffle(steps)
        for step in steps:
            await step()
    for probe, result in results:
        errors += wrong_answers(world, probe, result)
    return timings, list(dict.fromkeys(errors))


# -- plans ------------------------------------------------------------------------------------


@contextmanager
def captured(db: Database) -> Iterator[list[tuple[str, Any]]]:
    """The statements (and parameters) sent to the driver while the block runs."""
    statements: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        statements.append((statement, parameters))

    engine = db.engine.sync_engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


async def explain_check(db: Database, svc: MeetingService, probe: Probe) -> str:
    """Every SELECT the check sends, with its plan (EXPLAIN QUERY PLAN on SQLite,
    EXPLAIN (ANALYZE, BUFFERS) on PostgreSQL)."""
    with captured(db) as statements:
        await svc.check(probe.organizer.id, probe.draft)
    prefix = "EXPLAIN QUERY PLAN " if db.is_sqlite else "EXPLAIN (ANALYZE, BUFFERS) "
    lines = [f"plans of the check's statements ({probe.name}, {len(probe.busy)} busy rows):"]
    async with db.engine.connect() as conn:
        for statement, parameters in statements:
            if not statement.lstrip().upper().startswith("SELECT"):
                continue
            first = " ".join(statement.split())
            lines.append(f"  {first[:150]}{'…' if len(first) > 150 else ''}")
            rows = await conn.exec_driver_sql(prefix + statement, parameters)
            for row in rows:
                lines.append(
                    "      " + (" ".join(str(v) for v in row[-1:]) if db.is_sqlite else row[0])
                )
        await conn.rollback()
    return "\n".join(lines)


# -- a booking through the service, against the seeded rows ---------------------------------


def _shape(row: Any, nullable: set[str]) -> dict[str, str]:
    """Column -> type name; a nullable column that is NULL on either side is left out."""
    return {
        key: type(value).__name__
        for key, value in row._mapping.items()
        if not (key in nullable and value is None)
    }


def _same_shape(what: str, booked: Any, seeded: Any, table: Any) -> list[str]:
    nullable = {c.name for c in table.c if c.nullable}
    a, b = _shape(booked, nullable), _shape(seeded, nullable)
    common = a.keys() & b.keys()
    differ = {k: (a[k], b[k]) for k in common if a[k] != b[k]}
    missing = (a.keys() ^ b.keys()) - nullable
    if differ or missing:
        return [f"{what}: booked and seeded rows differ: {differ} {sorted(missing)}"]
    return []


def _facts(row: Any) -> tuple[Any, ...]:
    """What create_meeting (and set_answer) fix in a participant row beyond its type."""
    lower = row.email is None or row.email == row.email.lower()
    return (row.role, row.answered_at is None, row.proposed_start is None, lower)


async def compare_with_booking(
    db: Database, svc: MeetingService, world: World, probe: Probe
) -> list[str]:
    """Book one probe through the service: its rows must look like the seeded ones
    (the same columns filled, of the same types, the same organizer and invitee
    defaults), seeded meetings must read back through the service, and checking the
    same time again must report the new meeting."""
    twin_of = next(
        (
            m
            for m in world.meetings
            if m.status == BOOKED
            and m.interval.start > NOW
            and any(p.staff_user_id and a == PENDING for p, a in m.people[1:])
        ),
        None,
    )
    if twin_of is None:
        return ["no coming seeded meeting with a pending staff invitee to compare a booking with"]
    errors: list[str] = []
    booked = (await svc.book(probe.organizer.id, probe.draft)).meeting
    meetings, people = Meeting.__table__, MeetingParticipant.__table__
    async with db.read_session() as session:
        mine = (await session.execute(select(meetings).where(meetings.c.id == booked.id))).one()
    async with db.read_session() as session:
        seeded = (await session.execute(select(meetings).where(meetings.c.id == twin_of.id))).one()
    async with db.read_session() as session:
        rows = (
            await session.execute(
                select(people).where(people.c.meeting_id.in_([booked.id, seeded.id]))
            )
        ).all()
    errors += _same_shape("meetings", mine, seeded, meetings)
    expected = (0, BOOKED, repo.FOLLOW_UP_DUE, TIMEZONE)
    if (mine.sequence, mine.status, mine.follow_up, mine.timezone) != expected:
        errors.append(f"booked meeting {mine.id}: not {expected}")
    if seeded.uid.rsplit("@", 1)[-1] != mine.uid.rsplit("@", 1)[-1]:
        errors.append(f"uids differ in form: {seeded.uid} {mine.uid}")
    compared = 0
    for row in (r for r in rows if r.meeting_id == booked.id):
        # its seeded twin: the same part (organizer, staff or not, where from, answer)
        twin = next(
            (
                r
                for r in rows
                if r.meeting_id == seeded.id
                and (r.organizer, r.answer, r.staff_user_id is None, r.source)
                == (row.organizer, row.answer, row.staff_user_id is None, row.source)
            ),
            None,
        )
        if twin is None:
            continue
        compared += 1
        errors += _same_shape(f"participant {row.name}", row, twin, people)
        if _facts(row) != _facts(twin):
            errors.append(f"participant rows differ: booked {_facts(row)} seeded {_facts(twin)}")
    if compared < 2:
        errors.append(f"only {compared} participant rows could be compared with seeded ones")
    try:
        record = await svc.get(twin_of.organizer, seeded.id)
        if record.organizer is None or len(record.participants) != len(twin_of.people):
            errors.append(f"seeded meeting {seeded.id} reads back without its participants")
        if not await svc.upcoming(twin_of.organizer):
            errors.append("svc.upcoming finds none of the seeded meetings")
        await svc.client_meetings(twin_of.organizer, twin_of.client.code)
    except Exception as error:  # a seeded row the service cannot read
        errors.append(f"reading seeded meetings: {type(error).__name__}: {error}")
    again = await svc.check(probe.organizer.id, probe.draft)
    if not any(c.interval == booked.interval for c in again.clashes):
        errors.append("checking the booked time again does not report the booked meeting")
    return errors


# -- the run ----------------------------------------------------------------------------------


@dataclass
class MeetingsBenchResult:
    backend: str
    meetings: int
    seeded: Seeded
    probes: list[Probe]
    timings: Timings
    experiment: list[str]
    errors: list[str]
    plans: str | None = None


async def run(args: argparse.Namespace) -> MeetingsBenchResult:
    started = time.perf_counter()
    world = build_world(args.meetings, STAFF, CLIENTS, args.contacts)
    build_s = time.perf_counter() - started
    print(
        f"  seed data built in Python in {build_s:.1f} s: {len(world.staff)} staff, "
        f"{len(world.agencies)} agencies, {len(world.units)} units, {len(world.clients)} clients, "
        f"{len(world.meetings):,} meetings",
        flush=True,
    )
    async with bench_database(args.database_url, "meetings.sqlite3") as url:
        backend = make_url(url).get_backend_name()
        db = Database(url)
        try:
            seeded = await seed(db, world)
            print(
                f"1. seeded an empty {backend} database in {seeded.seconds:.1f} s (directory "
                f"import {seeded.directory_s:.1f} s, bulk rows {seeded.rows_s:.1f} s"
                + (f", VACUUM ANALYZE {seeded.analyze_s:.1f} s" if not db.is_sqlite else "")
                + "): "
                + ", ".join(f"{name} {count:,}" for name, count in seeded.counts.items()),
                flush=True,
            )
            experiment = await add_experiment_indexes(db) if args.experiment_index else []
            for statement in experiment:
                print(f"   EXPERIMENT (bench database only): {statement}", flush=True)
            svc = MeetingService(db, FrozenClock(NOW))
            probes = build_probes(world, PROBES_CLASH, PROBES_FREE)
            print(
                f"2. {len(probes)} probes ({PROBES_CLASH} overlapping a seeded meeting, "
                f"{PROBES_FREE} free), warm-up x{WARMUP_PASSES}, then {args.rounds} rounds",
                flush=True,
            )
            timings, errors = await measure(db, svc, world, probes, args.rounds)
            plans = None
            if args.explain:
                busiest = max((p for p in probes if p.clash), key=lambda p: len(p.busy))
                plans = await explain_check(db, svc, busiest)
            free = next(p for p in probes if not p.clash)
            errors += await compare_with_booking(db, svc, world, free)
        finally:
            await db.dispose()
    return MeetingsBenchResult(
        backend, args.meetings, seeded, probes, timings, experiment, errors, plans
    )


# -- the report -------------------------------------------------------------------------------


def _row(label: str, values: Sequence[float]) -> str:
    if not values:
        return f"  {label:<52}{'-':>9}{'-':>9}{'-':>9}{0:>7}"
    p50, p95 = percentile(values, 0.5) * 1000, percentile(values, 0.95) * 1000
    return f"  {label:<52}{p50:>9.2f}{p95:>9.2f}{max(values) * 1000:>9.2f}{len(values):>7}"


def format_timings(result: MeetingsBenchResult) -> str:
    t = result.timings
    rows = statistics.median(t.busy_rows) if t.busy_rows else 0
    lines = [
        f"conflict check at {result.meetings:,} meetings ({result.backend}), "
        f"{len(t.times[CHECK])} rounds; busy rows per probe: median {rows:.0f}, "
        f"max {max(t.busy_rows, default=0)}",
        f"  {'':<52}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'calls':>7}",
        _row(CHECK, t.times[CHECK]),
        _row("  with clashes (free times computed)", t.check_clash),
        _row("  without clashes", t.check_free),
        "  baselines (same rounds):",
        _row(SELECT_1, t.times[SELECT_1]),
        _row(CONSENTS + ": audited, same shape", t.times[CONSENTS]),
        "  parts of the check (same rounds):",
        _row(BUSY_SQL + ", 4 weeks (fallback)", t.times[BUSY_SQL]),
        _row(ME + ": staff + directory lookup", t.times[ME]),
        _row(FREE_SLOTS + ", clash probes", t.times[FREE_SLOTS]),
    ]
    for base in (SELECT_1, CONSENTS):
        lines.append(
            f"  ratio check/{base.split('(')[0].strip()}: "
            f"p50 {t.ms(CHECK, 0.5) / t.ms(base, 0.5):.1f}x, "
            f"p95 {t.ms(CHECK, 0.95) / t.ms(base, 0.95):.1f}x"
        )
    return "\n".join(lines)


def summary_line(result: MeetingsBenchResult) -> str:
    p95 = percentile(result.timings.check_clash, 0.95) * 1000
    verdict = "met" if p95 <= TARGET_P95_MS else "not met"
    return (
        f"conflict check + free slots p95 {p95:.2f} ms (target ≤ {TARGET_P95_MS:g} ms): {verdict}"
        f" [{result.backend}, {result.meetings:,} meetings]"
    )


def format_summary(result: MeetingsBenchResult) -> str:
    t = result.timings
    clash95 = percentile(t.check_clash, 0.95) * 1000
    all95 = t.ms(CHECK, 0.95)
    base = t.ms(CONSENTS, 0.95)
    rows = [
        (
            "check p95, clash probes",
            f"{clash95:.2f} ms",
            f"<= {TARGET_P95_MS:g} ms",
            f"consents p95 {base:.2f} ms, {clash95 / base:.1f}x",
            "met" if clash95 <= TARGET_P95_MS else "NOT met",
        ),
        (
            "check p95, all probes",
            f"{all95:.2f} ms",
            f"<= {TARGET_P95_MS:g} ms",
            f"SELECT 1 p95 {t.ms(SELECT_1, 0.95):.2f} ms, {all95 / t.ms(SELECT_1, 0.95):.1f}x",
            "met" if all95 <= TARGET_P95_MS else "NOT met",
        ),
        (
            "answers as the seed says",
            f"{len(result.errors)} errors",
            "0 errors",
            "",
            "PASS" if not result.errors else "FAIL",
        ),
    ]
    header = ("measure", "measured", "target", "baseline (same run)", "result")
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = [
        f"summary ({result.backend}{', EXPERIMENT indexes' if result.experiment else ''})",
        "  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)),
        "  ".join("-" * w for w in widths),
    ]
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in rows]
    if result.meetings != MEETINGS:
        lines.append(f"(the target is set for {MEETINGS:,} meetings: the verdict is indicative)")
    return "\n".join(lines)


def document(result: MeetingsBenchResult, seconds: float) -> dict[str, Any]:
    t = result.timings

    def figures(values: Sequence[float]) -> dict[str, float]:
        return {
            "p50_ms": percentile(values, 0.5) * 1000,
            "p95_ms": percentile(values, 0.95) * 1000,
            "max_ms": max(values, default=0.0) * 1000,
            "calls": len(values),
        }

    return {
        "database": result.backend,
        "meetings": result.meetings,
        "seeding": {
            "seconds": result.seeded.seconds,
            "directory_s": result.seeded.directory_s,
            "rows_s": result.seeded.rows_s,
            "analyze_s": result.seeded.analyze_s,
            "rows": result.seeded.counts,
        },
        "experiment_indexes": result.experiment,
        "timings": {name: figures(values) for name, values in t.times.items()}
        | {"check_clash": figures(t.check_clash), "check_free": figures(t.check_free)},
        "target_p95_ms": TARGET_P95_MS,
        "errors": result.errors,
        "seconds": round(seconds, 1),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
    }


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.meetings",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add = parser.add_argument
    add("--meetings", type=_positive, default=MEETINGS, help=f"meetings (default {MEETINGS:,})")
    add("--rounds", type=_positive, default=ROUNDS, help=f"timed rounds (default {ROUNDS})")
    add(
        "--contacts",
        type=_positive,
        default=CONTACTS,
        help=f"directory entries (default {CONTACTS:,}; the staff are among the first 3,000)",
    )
    add("--explain", action="store_true", help="print the plans of the check's statements")
    add(
        "--experiment-index",
        action="store_true",
        help="EXPERIMENT: add EXPERIMENT_INDEXES to the throwaway database before timing",
    )
    add_database_url_option(parser)
    add("--json", type=Path, default=None, help="also write the figures here")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if refuses_database_url(args.database_url):
        return 2
    logging.basicConfig(level=logging.WARNING, force=True)
    print(
        f"bench: conflict check and free slots, {args.meetings:,} meetings, {STAFF} staff, "
        f"{CLIENTS} clients, {args.contacts:,} directory entries",
        flush=True,
    )
    started = time.perf_counter()
    result = asyncio.run(run(args))
    seconds = time.perf_counter() - started
    print()
    print(format_timings(result))
    if result.plans:
        print()
        print(result.plans)
    for error in result.errors[:20]:
        print(f"  error: {error}")
    if len(result.errors) > 20:
        print(f"  … and {len(result.errors) - 20} more errors")
    print()
    print(format_summary(result))
    print(
        f"\nseeding {result.seeded.seconds:.1f} s; whole run {seconds:.1f} s on "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}"
    )
    print(summary_line(result))
    if args.json is not None:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        doc = document(result, seconds)
        args.json.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
    if result.errors:
        print(f"FAILED: {len(result.errors)} errors", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
