"""`python -m bench.ssd_rating_turn`: an SSD rating turn end to end, beside the echo bot.

A database holding 1,000 clients x 5 daily targets x 365 days of ratings (1,825,000
rows, seeded in bulk, ending yesterday), then `skatta K-10xyz <target> <value>`
turns over HTTP through the real app (create_app), each saving today's value of
one target, and in the same run the bare echo bot (bench/echo_app.py) on the same
adapter and fake connector, alternating round by round (bench/http_turns.py).

Every measured rating turn must come back as "Sparat för K-…", and afterwards the
database must hold exactly one new rating per rating turn sent; anything else is
an error, counted and shown. Prints the seeding time, median/p95/p99 latency and
turns/s of both, and the ratio median(rating)/median(echo) per concurrency level
against the target "rating turn <= 2x the echo bot, zero errors". Exits 1 on any
error; timings never fail the run.

The bench users are in the care teams (role kontaktperson) of the clients they
rate: at a level of N users, user i of N rates the clients whose number is i
modulo N, round-robin, the next target each time, so concurrent turns never
touch the same client and no slot is rated twice. Each client's team also holds
three colleagues who never write, and each unit a manager.

SQLite in a temporary directory by default; --database-url names a PostgreSQL
server on which a throwaway database is created and dropped afterwards.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import math
import os
import platform
import random
import sys
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from multiprocessing import get_context
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from aiohttp import web
from sqlalchemy import Connection, create_engine, func, insert, select, text
from sqlalchemy.engine import make_url

from app import create_app
from bench.__main__ import LogTally, _positive, _user_levels, result_document
from bench.echo_app import create_echo_app
from bench.http_turns import (
    Bench,
    BenchOptions,
    BenchResult,
    Target,
    id_prefix,
    is_echo_of,
    serve,
)
from bench.load_generator import ids_for
from bench.reminders_seed import add_database_url_option, bench_database, refuses_database_url
from bench.report import TARGET_RATIO, format_table
from core import ssd_model as rules
from core.config import Config
from demo.data import load_demo_data
from storage.db import Database, sync_url
from storage.models import (
    Agency,
    CareTeamMember,
    Client,
    Phase,
    Rating,
    StaffUser,
    Unit,
    UnitRole,
)
from storage.models import Target as TargetRow
from tests.support.activities import TENANT_ID
from tests.support.fake_connector import FakeConnector

SCENARIO = "rating"
SAVED_PREFIX = "Sparat för K-"  # core/texts_ssd_chat.py ssd.rate.saved, in Swedish
FIRST_CODE = 10_000  # K-10000 …
# (name, better, low anchor, high anchor): five daily targets on a 0-10 scale
TARGETS: tuple[tuple[str, str, str, str], ...] = (
    ("ångest", rules.LOWER, "ingen ångest", "värsta tänkbara ångest"),
    ("sömn", rules.HIGHER, "sov inte alls", "sov gott hela natten"),
    ("oro", rules.LOWER, "ingen oro", "oro hela dagen"),
    ("energi", rules.HIGHER, "ingen ork", "full av energi"),
    ("delaktighet", rules.HIGHER, "inte alls delaktig", "helt delaktig i vardagen"),
)
ECHO_TEXT = "skatta K-10000 ångest 5"  # a rating message's length, echoed back
BASELINE_DAYS = 120  # phase A; phase B (the intervention) from then on
BENCH_ROLE = "kontaktperson"
COLLEAGUE_ROLES = ("samordnare", "boendestödjare", "sjuksköterska")
COLLEAGUES = 200  # staff who are in care teams but do not write in the bench
SEED_UNIT = "Boendestöd"  # the demo data's unit in every municipality
TIMEZONE = "Europe/Stockholm"  # Config's default: the bench users' zone, so their today
CHUNK = 50_000  # rows per executemany


@dataclass(frozen=True)
class SeedSpec:
    clients: int
    days: int
    levels: tuple[int, ...]  # concurrency levels: their users join the care teams
    today: date  # the bench users' today: ratings end the day before


@dataclass(frozen=True)
class Seeded:
    seconds: float
    clients: int
    targets: int
    ratings: int  # in the whole database (the demo client's included)
    members: int  # care-team rows


def client_code(number: int) -> str:
    return f"K-{FIRST_CODE + number}"


def bench_user_ids(levels: tuple[int, ...]) -> dict[tuple[int, int], str]:
    """(level, index) -> the Teams user id the load generator sends as."""
    return {
        (users, index): ids_for(id_prefix(SCENARIO, users), index)[0]
        for users in levels
        for index in range(users)
    }


def clients_of(users: int, index: int, clients: int) -> range:
    """Client numbers user `index` rates at a level of `users` concurrent users."""
    return range(index, clients, users)


class PlanExhausted(RuntimeError):
    pass


class RatingPlan:
    """Hands out the rating messages: each (client, target) slot of today once."""

    def __init__(self, clients: int) -> None:
        self._clients = clients
        self._next_target = [0] * clients
        self._cursor: dict[tuple[int, int], int] = {}
        self.planned = 0

    def texts(self, users: int, turns: int) -> tuple[tuple[str, ...], ...]:
        """The messages of a run: texts[user][turn]."""
        return tuple(
            tuple(self._next(users, index) for _ in range(turns)) for index in range(users)
        )

    def _next(self, users: int, index: int) -> str:
        mine = clients_of(users, index, self._clients)
        start = self._cursor.get((users, index), 0)
        for step in range(len(mine)):
            position = (start + step) % len(mine)
            number = mine[position]
            target = self._next_target[number]
            if target < len(TARGETS):
                self._next_target[number] += 1
                self._cursor[(users, index)] = position + 1
                self.planned += 1
                value = (number * 7 + target * 3) % 11
                return f"skatta {client_code(number)} {TARGETS[target][0]} {value}"
        raise PlanExhausted(f"user {index} of {users} has rated every target of its clients")


def turns_per_user(options: BenchOptions, users: int) -> int:
    """Rating turns one user sends in the whole bench (warm-up and profile run included)."""
    turns = options.warmup_turns + options.rounds * options.turns_for(users)
    if options.profile_path is not None and users == max(options.users):
        turns += options.turns_for(users)
    return turns


def capacity_problem(options: BenchOptions, clients: int) -> str | None:
    """Why the plan could run out of empty slots, or None. Round-robin puts at most
    ceil(turns / clients of the user) ratings on a client per level."""
    if max(options.users) > clients:
        return f"{max(options.users)} users need at least as many clients, not {clients}"
    per_client = sum(
        math.ceil(turns_per_user(options, users) / (clients // users)) for users in options.users
    )
    if per_client > len(TARGETS):
        return (
            f"the turns asked for need up to {per_client} ratings per client today, "
            f"but a client has {len(TARGETS)} targets: use more --clients or fewer --turns"
        )
    return None


def is_saved_reply(activity: dict[str, Any]) -> bool:
    return (activity.get("text") or "").startswith(SAVED_PREFIX)


# -- seeding --------------------------------------------------------------------------


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, clock_time(hour), tzinfo=ZoneInfo(TIMEZONE)).astimezone(UTC)


def _insert(conn: Connection, table: Any, rows: list[dict[str, Any]]) -> None:
    for start in range(0, len(rows), CHUNK):
        conn.execute(insert(table), rows[start : start + CHUNK])


def _insert_many(
    conn: Connection, table: Any, columns: tuple[str, ...], rows: Iterable[tuple[Any, ...]]
) -> None:
    """Rows straight to the driver: COPY on PostgreSQL, executemany CHUNK rows at a
    time on SQLite. At 1.8 million rows SQLAlchemy's per-row parameter processing
    costs several times the inserting itself; here each value goes through its
    column type's bind processor (as SQLAlchemy would apply it) once per distinct
    value, cached: days and time stamps repeat for every target."""
    dialect = conn.dialect
    processors = [
        table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in columns
    ]
    caches: list[dict[Any, Any]] = [{} for _ in columns]

    def processed(row: tuple[Any, ...]) -> list[Any]:
        values = []
        for value, process, cache in zip(row, processors, caches, strict=True):
            if process is not None:
                if value not in cache:
                    cache[value] = process(value)
                value = cache[value]
            values.append(value)
        return values

    if dialect.name == "postgresql":
        cursor = conn.connection.driver_connection.cursor()  # same transaction
        with cursor.copy(f"COPY {table.name} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(processed(row))
        return
    compiled = insert(table).compile(dialect=dialect, column_keys=list(columns))
    if compiled.positional:
        order = [columns.index(name) for name in compiled.positiontup or ()]

        def shaped(row: tuple[Any, ...]) -> Any:
            values = processed(row)
            return tuple(values[i] for i in order)
    else:

        def shaped(row: tuple[Any, ...]) -> Any:
            return dict(zip(columns, processed(row), strict=True))

    batch: list[Any] = []
    for row in rows:
        batch.append(shaped(row))
        if len(batch) == CHUNK:
            conn.exec_driver_sql(compiled.string, batch)
            batch = []
    if batch:
        conn.exec_driver_sql(compiled.string, batch)


RATING_COLUMNS = (
    "target_id",
    "slot_date",
    "slot",
    "value",
    "rater_role",
    "created_at",
    "updated_at",
)


def _rating_rows(
    targets: list[tuple[int, int, int]], days: list[date], stamps: list[datetime], seed: int
) -> Iterator[tuple[Any, ...]]:
    """A year of daily values per target: noise around a level that moves in phase B."""
    rng = random.Random(seed)
    for target_id, _number, position in targets:
        lower_is_better = TARGETS[position][1] == rules.LOWER
        level = rng.uniform(3.5, 6.5)
        for index, (day, stamp) in enumerate(zip(days, stamps, strict=True)):
            gain = max(0, index - BASELINE_DAYS) / len(days) * 3
            value = level + (-gain if lower_is_better else gain) + rng.uniform(-1.5, 1.5)
            value = float(min(10, max(0, round(value))))
            yield (target_id, day, rules.DAY, value, BENCH_ROLE, stamp, stamp)


def _seed_bulk(url: str, spec: SeedSpec, unit_ids: list[int]) -> None:
    """Everything but the demo directory, in one transaction: Core executemany, and
    the ratings straight to the driver (_insert_many)."""
    first = spec.today - timedelta(days=spec.days)
    created = _at(first, 8)
    engine = create_engine(sync_url(url))
    try:
        with engine.begin() as conn:
            # staff: the bench users, and colleagues who only make the teams realistic
            users = bench_user_ids(spec.levels)
            staff = [
                {
                    "teams_user_id": teams_id,
                    "tenant_id": TENANT_ID,
                    "name": f"Bench User {index}",
                    "locale": "sv-SE",
                    "created_at": created,
                    "last_seen_at": created,
                }
                for (_users, index), teams_id in users.items()
            ] + [
                {
                    "teams_user_id": f"29:bench-rating-colleague-{n}",
                    "tenant_id": TENANT_ID,
                    "name": f"Kollega {n}",
                    "locale": "sv-SE",
                    "created_at": created,
                    "last_seen_at": created,
                }
                for n in range(COLLEAGUES)
            ]
            _insert(conn, StaffUser.__table__, staff)
            staff_ids = dict(conn.execute(select(StaffUser.teams_user_id, StaffUser.id)).all())
            colleagues = [staff_ids[f"29:bench-rating-colleague-{n}"] for n in range(COLLEAGUES)]
            _insert(
                conn,
                UnitRole.__table__,
                [
                    {
                        "unit_id": unit_id,
                        "staff_user_id": colleagues[n],
                        "role": "unit_manager",
                        "added_at": created,
                    }
                    for n, unit_id in enumerate(unit_ids)
                ],
            )
            _insert(
                conn,
                Client.__table__,
                [
                    {
                        "code": client_code(n),
                        "kind": rules.PERSON,
                        "unit_id": unit_ids[n % len(unit_ids)],
                        "status": rules.ACTIVE,
                        "created_at": created,
                    }
                    for n in range(spec.clients)
                ],
            )
            codes = {client_code(n): n for n in range(spec.clients)}
            client_ids = {
                codes[code]: client_id
                for code, client_id in conn.execute(select(Client.code, Client.id)).all()
                if code in codes
            }
            members = [
                {
                    "client_id": client_ids[n],
                    "staff_user_id": colleagues[(n * len(COLLEAGUE_ROLES) + k) % COLLEAGUES],
                    "role": role,
                    "added_at": created,
                }
                for n in range(spec.clients)
                for k, role in enumerate(COLLEAGUE_ROLES)
            ]
            members += [
                {
                    "client_id": client_ids[n],
                    "staff_user_id": staff_ids[teams_id],
                    "role": BENCH_ROLE,
                    "added_at": created,
                }
                for (users, index), teams_id in users.items()
                for n in clients_of(users, index, spec.clients)
            ]
            _insert(conn, CareTeamMember.__table__, members)
            specs = [
                rules.validate_target(name=name, low_anchor=low, high_anchor=high, better=better)
                for name, better, low, high in TARGETS
            ]
            _insert(
                conn,
                TargetRow.__table__,
                [
                    {
                        "client_id": client_ids[n],
                        "name": s.name,
                        "name_key": rules.target_key(s.name),
                        "low_anchor": s.low_anchor,
                        "high_anchor": s.high_anchor,
                        "scale_min": s.scale.minimum,
                        "scale_max": s.scale.maximum,
                        "step": s.scale.step,
                        "better": s.better,
                        "frequency": s.frequency,
                        "active": True,
                        "created_at": created,
                    }
                    for n in range(spec.clients)
                    for s in specs
                ],
            )
            numbers = {client_id: n for n, client_id in client_ids.items()}
            keys = [rules.target_key(s.name) for s in specs]
            targets = sorted(
                (target_id, numbers[client_id], keys.index(key))
                for target_id, client_id, key in conn.execute(
                    select(TargetRow.id, TargetRow.client_id, TargetRow.name_key)
                ).all()
                if client_id in numbers
            )
            intervention = first + timedelta(days=BASELINE_DAYS)
            _insert(
                conn,
                Phase.__table__,
                [
                    row
                    for n in range(spec.clients)
                    for row in (
                        {
                            "client_id": client_ids[n],
                            "label": "A",
                            "start_date": first,
                            "description": "Baslinje: ordinarie stöd",
                            "created_at": created,
                        },
                        {
                            "client_id": client_ids[n],
                            "label": "B",
                            "start_date": intervention,
                            "description": "DBT-färdighetsträning",
                            "created_at": _at(intervention, 8),
                        },
                    )
                ],
            )
            days = [first + timedelta(days=i) for i in range(spec.days)]
            stamps = [_at(day, 20) for day in days]
            _insert_many(
                conn,
                Rating.__table__,
                RATING_COLUMNS,
                _rating_rows(targets, days, stamps, seed=FIRST_CODE),
            )
        with engine.connect() as conn:
            conn.execute(text("ANALYZE"))
            conn.commit()
    finally:
        engine.dispose()


async def seed(url: str, spec: SeedSpec) -> Seeded:
    """The demo directory (agencies, units) through load_demo_data, then the bulk rows."""
    started = time.perf_counter()
    db = Database(url)
    try:
        async with db.session() as session:
            await load_demo_data(session, today=spec.today - timedelta(days=1))
        async with db.session() as session:
            unit_ids = list(
                await session.scalars(
                    select(Unit.id)
                    .join(Agency, Agency.id == Unit.agency_id)
                    .where(Agency.kind == "kommun", Unit.name == SEED_UNIT)
                    .order_by(Unit.id)
                )
            )
    finally:
        await db.dispose()
    await asyncio.to_thread(_seed_bulk, url, spec, unit_ids)
    seconds = time.perf_counter() - started
    counts = await asyncio.to_thread(_counts, url)
    return Seeded(
        seconds, counts["clients"], counts["targets"], counts["ratings"], counts["members"]
    )


def _counts(url: str) -> dict[str, int]:
    engine = create_engine(sync_url(url))
    try:
        with engine.connect() as conn:
            count = func.count()
            return {
                "clients": conn.scalar(select(count).select_from(Client)) or 0,
                "targets": conn.scalar(select(count).select_from(TargetRow)) or 0,
                "ratings": conn.scalar(select(count).select_from(Rating)) or 0,
                "members": conn.scalar(select(count).select_from(CareTeamMember)) or 0,
            }
    finally:
        engine.dispose()


def _saved_since(url: str, day: date) -> int:
    """Ratings whose slot is `day` or later: what the bench turns saved."""
    engine = create_engine(sync_url(url))
    try:
        with engine.connect() as conn:
            return conn.scalar(select(func.count()).where(Rating.slot_date >= day)) or 0
    finally:
        engine.dispose()


# -- the run ----------------------------------------------------------------------------


@dataclass
class RatingBenchResult:
    seeded: Seeded
    bench: BenchResult
    planned: int  # rating turns sent, warm-up and profile included
    saved: int  # ratings on today's date afterwards

    @property
    def failed(self) -> bool:
        return self.bench.errors > 0 or self.saved != self.planned


async def run(options: BenchOptions, spec: SeedSpec, server_url: str | None) -> RatingBenchResult:
    async with bench_database(server_url, "ssd-rating.sqlite3") as url:
        print(
            f"seeding {spec.clients:,} clients x {len(TARGETS)} targets x {spec.days} days "
            f"= {spec.clients * len(TARGETS) * spec.days:,} ratings "
            f"({make_url(url).get_backend_name()}) …",
            flush=True,
        )
        seeded = await seed(url, spec)
        print(
            f"seeded in {seeded.seconds:.1f} s: {seeded.clients:,} clients, "
            f"{seeded.targets:,} targets, {seeded.ratings:,} ratings, "
            f"{seeded.members:,} care-team members",
            flush=True,
        )
        plan = RatingPlan(spec.clients)
        config = Config(database_url=url, log_level="WARNING", timezone=TIMEZONE)
        connector = FakeConnector()
        await connector.start()
        runners: list[web.AppRunner] = []
        try:
            with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
                rating_runner, rating_url = await serve(create_app(config))
                runners.append(rating_runner)
                echo_runner, echo_url = await serve(create_echo_app(config))
                runners.append(echo_runner)
                result = await Bench(options, connector, pool).run(
                    Target(SCENARIO, rating_url, is_saved_reply, plan.texts),
                    Target("echo", echo_url, is_echo_of(options.text)),
                )
        finally:
            for runner in reversed(runners):
                await runner.cleanup()
            await connector.stop()
        saved = await asyncio.to_thread(_saved_since, url, spec.today)
    return RatingBenchResult(seeded, result, plan.planned, saved)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    defaults = BenchOptions()
    parser = argparse.ArgumentParser(
        prog="python -m bench.ssd_rating_turn",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add = parser.add_argument
    add("--clients", type=_positive, default=1000, help="clients seeded (default 1000)")
    add("--days", type=_positive, default=365, help="days of ratings per target (default 365)")
    add("--users", type=_user_levels, default=defaults.users, help="concurrency levels, e.g. 1,50")
    add("--turns", type=_positive, default=None, help="turns per user per run (as python -m bench)")
    add("--rounds", type=_positive, default=defaults.rounds, help="alternating rounds")
    add_database_url_option(parser)
    add("--json", type=Path, default=None, help="also write the figures here")
    add(
        "--profile",
        type=Path,
        default=None,
        help="one more rating run at the highest level under cProfile; stats to this path",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if refuses_database_url(args.database_url):
        return 2
    options = BenchOptions(
        users=args.users,
        turns=args.turns,
        rounds=args.rounds,
        text=ECHO_TEXT,
        profile_path=args.profile,
    )
    problem = capacity_problem(options, args.clients)
    if problem is not None:
        print(f"cannot plan the run: {problem}", file=sys.stderr)
        return 2
    today = datetime.now(ZoneInfo(TIMEZONE)).date()
    spec = SeedSpec(args.clients, args.days, options.users, today)
    tally = LogTally()
    logging.basicConfig(level=logging.WARNING, handlers=[tally], force=True)
    turns = "/".join(str(options.turns_for(users)) for users in options.users)
    print(
        f"bench: 'skatta K-… <target> <value>' at {','.join(map(str, options.users))} users, "
        f"{turns} turns per user, {options.rounds} rounds, rating and echo alternating",
        flush=True,
    )
    started = time.perf_counter()
    result = asyncio.run(run(options, spec, args.database_url))
    seconds = time.perf_counter() - started
    bench = result.bench
    print()
    print(format_table(bench.summaries, bench.ratios))
    verdict = "met" if all(r.met for r in bench.ratios) and not result.failed else "NOT met"
    print(f"target rating turn <= {TARGET_RATIO:g}x the echo bot at every level: {verdict}")
    print(f"ratings saved today: {result.saved:,} of {result.planned:,} rating turns sent")
    if bench.warmup_errors:
        print(f"warm-up errors: {bench.warmup_errors}")
    for sample in bench.failure_samples:
        print(f"  failure: {sample}")
    for line, count in tally.counts.most_common(10):
        print(f"  server log {count}x {line}")
    print(
        f"\nseeding {result.seeded.seconds:.1f} s, whole run {seconds:.1f} s "
        f"on {os.cpu_count()} CPUs, Python {platform.python_version()}"
    )
    if bench.profile is not None:
        print(f"\nprofile of one rating run at {max(options.users)} users (event loop thread):")
        print(bench.profile)
    if args.json is not None:
        document = result_document(options, bench, seconds, tally.counts)
        document["seed"] = {
            "clients": result.seeded.clients,
            "targets": result.seeded.targets,
            "ratings": result.seeded.ratings,
            "care_team_members": result.seeded.members,
            "seconds": round(result.seeded.seconds, 1),
            "database": make_url(args.database_url or "sqlite://").get_backend_name(),
        }
        document["ratings_saved"] = result.saved
        document["rating_turns_sent"] = result.planned
        document["failed"] = result.failed
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    if result.failed:
        print(
            f"FAILED: {bench.errors} failed turns, {result.saved:,} of {result.planned:,} "
            "ratings saved",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
