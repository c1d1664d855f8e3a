"""`python -m bench.ssd_stats`: SSD statistics for a 365-point series.

Times core.ssd_stats.analyse (per-phase statistics and the A-vs-B comparison)
and, in the same run on the same values, `statistics.mean` as a baseline. Prints
median and p95 per call in milliseconds against the target "statistics <= 5 ms".
Timings never fail the run.
"""

from __future__ import annotations

import argparse
import platform
import random
import statistics
import sys
import time
from collections.abc import Callable

from core.ssd_stats import analyse

TARGET_MS = 5.0


def series(points: int, baseline: int, seed: int = 20261122) -> list[tuple[str, float]]:
    """Daily 0–10 ratings with ties: a flat baseline, then an improving phase B."""
    rng = random.Random(seed)
    rows = [("A", float(rng.randint(2, 6))) for _ in range(baseline)]
    rows += [
        ("B", float(min(10, rng.randint(3, 7) + day * 3 // (points - baseline))))
        for day in range(points - baseline)
    ]
    return rows


def timings_ms(call: Callable[[], object], repeats: int) -> list[float]:
    for _ in range(max(3, repeats // 20)):  # warm up
        call()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return times


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[-1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.ssd_stats", description=__doc__)
    parser.add_argument("--points", type=int, default=365)
    parser.add_argument("--repeats", type=int, default=300)
    args = parser.parse_args(argv)
    print(f"Python {platform.python_version()} on {platform.machine()}, {args.repeats} calls each")
    print(f"{'scenario':<34}{'median ms':>11}{'p95 ms':>9}{'x mean':>8}")
    worst = 0.0
    for baseline in (14, args.points // 2, args.points - 30):
        rows = series(args.points, baseline)
        values = [value for _, value in rows]
        base = timings_ms(lambda values=values: statistics.mean(values), args.repeats)
        stats = timings_ms(lambda rows=rows: analyse(rows, "higher"), args.repeats)
        label = f"A={baseline}, B={args.points - baseline}"
        ratio = statistics.median(stats) / statistics.median(base)
        print(
            f"{'statistics.mean (' + label + ')':<34}{statistics.median(base):>11.3f}"
            f"{p95(base):>9.3f}{'':>8}"
        )
        print(
            f"{'analyse (' + label + ')':<34}{statistics.median(stats):>11.3f}"
            f"{p95(stats):>9.3f}{ratio:>8.1f}"
        )
        worst = max(worst, p95(stats))
    verdict = "within" if worst <= TARGET_MS else "OVER"
    print(f"worst p95 {worst:.3f} ms: {verdict} the target of {TARGET_MS:g} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
