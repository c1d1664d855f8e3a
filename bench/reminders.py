"""`python -m bench.reminders`: N reminders due in the same minute, delivered by the
real dispatcher and sender to a fake Bot Connector on loopback.

Scenarios: SQLite with one instance; PostgreSQL with two instances (two
Database objects and two dispatchers in one event loop), and again with each
instance in a process of its own, when BENCH_DATABASE_URL or TEST_DATABASE_URL
names a server (a throwaway database is created there and dropped after).

Prints, per scenario, seed time, time to last delivery, deliveries/s beside a
same-run baseline of bare POSTs, duplicates, lost and the database's state
counts. Exits 1 on any duplicate, lost or unexpected delivery or a dispatcher
error; timings never fail the run.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import sys
import time
from collections.abc import Callable
from pathlib import Path

from bench.reminders_connector import ConnectorProcess
from bench.reminders_dispatch import LogSink, RunOptions, Scenario
from bench.reminders_report import (
    format_details,
    format_table,
    limits_line,
    profile_summary,
    result_document,
    verdict,
)
from bench.reminders_run import ScenarioResult, run_scenario
from bench.reminders_seed import DUE_AT, STOCKHOLM, postgres_database, sqlite_database

DEFAULTS = RunOptions()
SCENARIOS = {
    "sqlite": Scenario("sqlite", 1),
    "postgres": Scenario("postgres", 2),  # two instances in one event loop
    "postgres-procs": Scenario("postgres-procs", 2, processes=True),  # one process each
}


def _at_least(minimum: int) -> Callable[[str], int]:
    def parse(value: str) -> int:
        number = int(value)
        if number < minimum:
            raise argparse.ArgumentTypeError(f"must be at least {minimum}")
        return number

    return parse


def _seconds(value: str) -> float:
    number = float(value)
    if not number > 0:
        raise argparse.ArgumentTypeError("must be more than 0")
    return number


def _scenarios(value: str) -> tuple[str, ...]:
    names = tuple(dict.fromkeys(part.strip() for part in value.split(",") if part.strip()))
    unknown = [name for name in names if name not in SCENARIOS]
    if unknown or not names:
        raise argparse.ArgumentTypeError(f"scenarios are {', '.join(SCENARIOS)}")
    return names


def parse_options(argv: list[str] | None) -> tuple[RunOptions, tuple[str, ...], Path | None]:
    parser = argparse.ArgumentParser(
        prog="python -m bench.reminders",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add = parser.add_argument
    add("--count", type=_at_least(1), default=DEFAULTS.count, help="occurrences due at once")
    add(
        "--tenants",
        type=_at_least(1),
        default=DEFAULTS.tenants,
        help="recipients spread over this many tenants (1: the honest single-tenant figure)",
    )
    add("--no-limits", action="store_true", help="turn Teams' rate limits off in the sender")
    add("--batch-size", type=_at_least(1), default=DEFAULTS.batch_size)
    add("--concurrency", type=_at_least(1), default=DEFAULTS.concurrency, help="per instance")
    add("--deadline", type=_seconds, default=DEFAULTS.deadline, help="seconds per scenario")
    add("--scenarios", type=_scenarios, default=tuple(SCENARIOS), help=",".join(SCENARIOS))
    add("--profile", type=Path, default=None, help="dispatch under cProfile, stats to this dir")
    add("--json", type=Path, default=None, help="also write the results here")
    args = parser.parse_args(argv)
    options = RunOptions(
        count=args.count,
        tenants=args.tenants,
        limits=not args.no_limits,
        batch_size=args.batch_size,
        concurrency=args.concurrency,
        deadline=args.deadline,
        profile_dir=args.profile,
    )
    return options, args.scenarios, args.json


def postgres_url() -> str | None:
    return os.environ.get("BENCH_DATABASE_URL") or os.environ.get("TEST_DATABASE_URL")


async def run_all(options: RunOptions, names: tuple[str, ...]) -> list[ScenarioResult]:
    connector = ConnectorProcess()
    await connector.start()
    results: list[ScenarioResult] = []
    try:
        for name in names:
            scenario = SCENARIOS[name]
            if name == "sqlite":
                database = sqlite_database()
            elif (server := postgres_url()) is not None:
                database = postgres_database(server)
            else:
                print(f"{name}: skipped: set BENCH_DATABASE_URL or TEST_DATABASE_URL", flush=True)
                continue
            where = "processes" if scenario.processes else "in one event loop"
            print(f"{name}: {scenario.instances} instance(s) {where} ...", flush=True)
            async with database as url:
                results.append(await run_scenario(scenario, url, options, connector))
    finally:
        await connector.stop()
    return results


def print_report(
    options: RunOptions, results: list[ScenarioResult], sink: LogSink, seconds: float
) -> None:
    print()
    print(limits_line(options))
    print(format_table(results))
    print()
    print(format_details(results))
    levels = ", ".join(f"{level} {n}" for level, n in sink.counts.most_common())
    print(f"log records: {levels or 'none'}")
    for sample in sink.samples[:10]:
        print(f"  {sample}")
    print(f"\n{seconds:.1f} s on {os.cpu_count()} CPUs, Python {platform.python_version()}")


def write_profiles(results: list[ScenarioResult], directory: Path) -> None:
    """Stats files and summaries; scenarios with instance processes are not profiled."""
    directory.mkdir(parents=True, exist_ok=True)
    for result in results:
        if result.profile is not None:
            result.profile.dump_stats(directory / f"{result.scenario.name}.prof")
            print(f"\nprofile of dispatching, event loop thread ({directory}):")
            print(profile_summary(result.profile, result))
    print("(the figures above were measured under cProfile: slower than without)")


def write_json(
    path: Path, options: RunOptions, results: list[ScenarioResult], seconds: float
) -> None:
    document = {
        "options": {k: str(v) for k, v in vars(options).items()},
        "limits": limits_line(options),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "seconds": round(seconds, 1),
        "scenarios": [result_document(r) for r in results],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")


def main(argv: list[str] | None = None) -> int:
    options, names, json_path = parse_options(argv)
    sink = LogSink.install()
    due = DUE_AT.astimezone(STOCKHOLM).strftime("%Y-%m-%d %H:%M %Z")
    print(
        f"bench.reminders: {options.count} occurrences due {due}, batch {options.batch_size}, "
        f"concurrency {options.concurrency} per instance",
        flush=True,
    )
    print(limits_line(options), flush=True)
    started = time.perf_counter()
    results = asyncio.run(run_all(options, names))
    seconds = time.perf_counter() - started
    for result in results:
        sink.counts.update(result.child_log)
        sink.samples.extend(result.child_log_samples)
    print_report(options, results, sink, seconds)
    if options.profile_dir is not None:
        write_profiles(results, options.profile_dir)
    if json_path is not None:
        write_json(json_path, options, results, seconds)
    print(verdict(results))
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
