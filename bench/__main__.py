"""`python -m bench`: turns over HTTP through the real app against an echo bot.

Prints a table (scenario, users, turns, p50 ms, p99 ms, turns/s, errors) and the
ratio p50(bot)/p50(echo) per concurrency level against the target "median turn
<= 2x echo, zero errors". Exits 1 if any turn failed or lost its reply; timings
never fail the run.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import logging
import os
import platform
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from bench.http_turns import BenchOptions, BenchResult, run_bench
from bench.report import format_table

DEFAULTS = BenchOptions()


class LogTally(logging.Handler):
    """Counts the servers' warnings and errors instead of printing every traceback."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.counts: Counter[str] = Counter()

    def emit(self, record: logging.LogRecord) -> None:
        line = f"{record.levelname} {record.name}: {record.msg}"
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            first_line = (str(error).splitlines() or [""])[0][:120]
            line += f" [{type(error).__name__}: {first_line}]"
        self.counts[line] += 1


def _user_levels(value: str) -> tuple[int, ...]:
    try:
        levels = tuple(dict.fromkeys(int(part) for part in value.split(",") if part.strip()))
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a list of numbers: {value!r}") from exc
    if not levels or any(level < 1 or level > 1000 for level in levels):
        raise argparse.ArgumentTypeError("users must be between 1 and 1000")
    return levels


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


def parse_options(argv: list[str] | None = None) -> tuple[BenchOptions, Path | None]:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "--turns",
        type=_positive,
        default=None,
        help="turns per user in each run (default: about 300 turns per run, 6 to 20 per user)",
    )
    parser.add_argument(
        "--users", type=_user_levels, default=DEFAULTS.users, help="concurrency levels, e.g. 1,50"
    )
    parser.add_argument(
        "--rounds", type=_positive, default=DEFAULTS.rounds, help="alternating bot/echo rounds"
    )
    parser.add_argument("--json", type=Path, default=None, help="also write results here")
    parser.add_argument(
        "--profile",
        type=Path,
        default=None,
        help="after the rounds, one more bot run at the highest level under cProfile; "
        "stats are written to this path and the top functions printed",
    )
    args = parser.parse_args(argv)
    options = BenchOptions(
        users=args.users, turns=args.turns, rounds=args.rounds, profile_path=args.profile
    )
    return options, args.json


def result_document(
    options: BenchOptions, result: BenchResult, seconds: float, log: Counter[str]
) -> dict[str, Any]:
    return {
        "options": {
            "users": list(options.users),
            "turns_per_user": {str(u): options.turns_for(u) for u in options.users},
            "rounds": options.rounds,
            "warmup_turns": options.warmup_turns,
            "text": options.text,
        },
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "seconds": round(seconds, 1),
        "summaries": [dataclasses.asdict(s) for s in result.summaries],
        "ratios": [{**dataclasses.asdict(r), "target_met": r.met} for r in result.ratios],
        "warmup_errors": result.warmup_errors,
        "errors": result.errors,
        "failure_samples": result.failure_samples,
        "server_log": dict(log.most_common()),
    }


def main(argv: list[str] | None = None) -> int:
    options, json_path = parse_options(argv)
    tally = LogTally()
    logging.basicConfig(level=logging.WARNING, handlers=[tally], force=True)
    turns = "/".join(str(options.turns_for(users)) for users in options.users)
    print(
        f"bench: '{options.text}' at {','.join(map(str, options.users))} users, "
        f"{turns} turns per user, {options.rounds} rounds, bot and echo alternating",
        flush=True,
    )
    started = time.perf_counter()
    result = asyncio.run(run_bench(options))
    seconds = time.perf_counter() - started
    print()
    print(format_table(result.summaries, result.ratios))
    if result.warmup_errors:
        print(f"warm-up errors: {result.warmup_errors}")
    for sample in result.failure_samples:
        print(f"  failure: {sample}")
    for line, count in tally.counts.most_common(10):
        print(f"  server log {count}x {line}")
    print(f"\n{seconds:.1f} s on {os.cpu_count()} CPUs, Python {platform.python_version()}")
    if result.profile is not None:
        print(f"\nprofile of one bot run at {max(options.users)} users (event loop thread):")
        print(result.profile)
    if json_path is not None:
        json_path.parent.mkdir(parents=True, exist_ok=True)
        document = result_document(options, result, seconds, tally.counts)
        json_path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    if result.errors:
        print(f"FAILED: {result.errors} errors", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
