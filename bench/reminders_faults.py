"""`python -m bench.reminders_faults`: 1,000 reminders due in the same minute, with
30 % of the conversations hanging (the connector never answers them), delivered by
the real dispatcher and sender to the fake Bot Connector in its own process.

Measures the healthy conversations' delivery delay (arrival at the connector minus
the due minute) and prints its median, p95 and max beside the same run with no
faults, and their ratio: a hung conversation must hold up nobody else (target: p95
at most 10 s). SQLite with one instance, and PostgreSQL with two instances in one
event loop when BENCH_DATABASE_URL or TEST_DATABASE_URL names a server. Exits 1
when a healthy reminder was not delivered, or delivered twice.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
from dataclasses import dataclass

from bench.reminders import postgres_url
from bench.reminders_connector import ConnectorProcess
from bench.reminders_dispatch import LogSink, drive, follow_wall_clock
from bench.reminders_seed import (
    DUE_AT,
    SEEDED_AT,
    SeedSpec,
    conversation_of,
    postgres_database,
    seed,
    sqlite_database,
)
from bot.proactive_sender import ProactiveSender
from bot.reminder_dispatcher import DispatchStats, ReminderDispatcher
from core.clock import FrozenClock
from storage.db import Database

TARGET_P95 = 10.0


@dataclass(frozen=True)
class Run:
    healthy: int
    delivered: int  # healthy ones received
    duplicates: int
    delays: list[float]  # seconds after the due minute, per healthy one received

    def quantile(self, q: float) -> float:
        if not self.delays:
            return float("nan")
        ordered = sorted(self.delays)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def hung(index: int, share: float) -> bool:
    """Spread evenly: with 0.3, three in every ten."""
    return int((index + 1) * share) != int(index * share)


async def one_run(
    url: str, connector: ConnectorProcess, count: int, share: float, instances: int, deadline: float
) -> Run:
    await connector.clear()
    hung_ones = [i for i in range(count) if hung(i, share)]
    await connector.hang([conversation_of(i) for i in hung_ones])
    healthy = {i + 1 for i in range(count)} - {i + 1 for i in hung_ones}  # occurrence ids
    databases = [Database(url) for _ in range(instances)]
    senders = [ProactiveSender() for _ in databases]
    clock = FrozenClock(SEEDED_AT)
    try:
        await seed(databases[0], SeedSpec(count, 100, connector.url))
        dispatchers = [
            ReminderDispatcher(db, sender, clock, instance_id=f"bench-faults-{n}")
            for n, (db, sender) in enumerate(zip(databases, senders, strict=True))
        ]
        clock.advance(DUE_AT - clock.now())
        started = time.monotonic()
        ticking = asyncio.create_task(follow_wall_clock(clock, started))
        tasks = [
            asyncio.create_task(drive(d, db, DispatchStats()))
            for d, db in zip(dispatchers, databases, strict=True)
        ]
        try:
            while time.monotonic() - started < deadline:
                tally = await connector.tally()
                if healthy <= set(tally.receipts):
                    break
                await asyncio.sleep(0.5)
        finally:
            for task in [*tasks, ticking]:
                task.cancel()
            await asyncio.gather(*tasks, ticking, return_exceptions=True)
        tally = await connector.tally()
    finally:
        for sender in senders:
            await sender.close()
        for db in databases:
            await db.dispose()
    delays = [tally.arrivals[oid] - started for oid in healthy if oid in tally.arrivals]
    return Run(
        healthy=len(healthy),
        delivered=sum(1 for oid in healthy if oid in tally.receipts),
        duplicates=sum(n - 1 for oid, n in tally.receipts.items() if oid in healthy and n > 1),
        delays=delays,
    )


def line(name: str, run: Run) -> str:
    return (
        f"| {name} | {run.delivered}/{run.healthy} | {run.quantile(0.5):.1f} s "
        f"| {run.quantile(0.95):.1f} s | {max(run.delays, default=float('nan')):.1f} s "
        f"| {run.duplicates} |"
    )


async def main_async(count: int, share: float, deadline: float) -> bool:
    connector = ConnectorProcess()
    await connector.start()
    ok = True
    try:
        for name, instances in (("sqlite", 1), ("postgres", 2)):
            server = postgres_url()
            if name == "postgres" and server is None:
                print("postgres: skipped: set BENCH_DATABASE_URL or TEST_DATABASE_URL")
                continue
            runs = {}
            for label, fraction in (("no faults", 0.0), (f"{share:.0%} hanging", share)):
                database = sqlite_database() if name == "sqlite" else postgres_database(server)
                async with database as url:
                    runs[label] = await one_run(
                        url, connector, count, fraction, instances, deadline
                    )
            print(f"\n{name}, {instances} instance(s), {count} reminders due at once:")
            print("| run | healthy delivered | p50 delay | p95 delay | max delay | duplicates |")
            print("|---|---|---|---|---|---|")
            for label, run in runs.items():
                print(line(label, run))
            faulty, clean = runs[f"{share:.0%} hanging"], runs["no faults"]
            ratio = faulty.quantile(0.95) / clean.quantile(0.95)
            verdict = "ok" if faulty.quantile(0.95) <= TARGET_P95 else "OVER TARGET"
            print(f"p95 with hangs / without: {ratio:.2f}; p95 <= {TARGET_P95:.0f} s: {verdict}")
            for run in runs.values():
                ok = ok and run.delivered == run.healthy and run.duplicates == 0
    finally:
        await connector.stop()
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.reminders_faults", description=__doc__)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--hanging", type=float, default=0.3, help="share of conversations")
    parser.add_argument("--deadline", type=float, default=180.0, help="seconds per run")
    args = parser.parse_args(argv)
    LogSink.install()
    started = time.perf_counter()
    ok = asyncio.run(main_async(args.count, args.hanging, args.deadline))
    print(f"\n{time.perf_counter() - started:.1f} s on {os.cpu_count()} CPUs")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
