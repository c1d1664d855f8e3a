"""Where a run's time goes: cProfile's own time, summed per library.

cProfile sees the thread it is enabled in, here the event loop's; SQLite work in
aiosqlite's threads shows up only as the loop waiting for it.
"""

from __future__ import annotations

import cProfile
import io
import pstats
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.report import RunFigures

PROFILE_LINES = 25
PROJECT_ROOT = Path(__file__).resolve().parent.parent


def package_of(filename: str) -> str:
    """Which library (or part of this project) a profiled function belongs to."""
    if filename.startswith("~") or filename.startswith("<"):
        return "builtins (C)"
    path = Path(filename)
    parts = path.parts
    if "site-packages" in parts:
        return parts[parts.index("site-packages") + 1]
    try:
        relative = path.resolve().relative_to(PROJECT_ROOT)
    except ValueError:
        return "stdlib"
    return f"project {relative.parts[0]}/" if len(relative.parts) > 1 else f"project {relative}"


def own_time_report(profiler: cProfile.Profile, headline: Callable[[float], str]) -> str:
    """Own time per package and the functions with the most own time.

    Own time (tottime) is what to read: cProfile's cumulative time is meaningless
    for coroutines, which it counts once per resumption. headline gets the total
    profiled seconds and returns the first line.
    """
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    raw: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    by_package: Counter[str] = Counter()
    for (filename, _line, name), (_cc, _nc, own, _cum, _callers) in raw.items():
        idle = "poll' of 'select" in name
        by_package["idle (epoll wait)" if idle else package_of(filename)] += own
    total = sum(by_package.values())
    lines = [headline(total), "own time by package:"]
    for package, seconds in by_package.most_common(12):
        lines.append(f"  {seconds:7.2f} s  {seconds / total:6.1%}  {package}")
    stats.strip_dirs().sort_stats("tottime").print_stats(PROFILE_LINES)
    lines.append(out.getvalue())
    return "\n".join(lines)


def profile_report(profiler: cProfile.Profile, run: RunFigures) -> str:
    turns = len(run.latencies)
    return own_time_report(
        profiler,
        lambda total: (
            f"{turns} turns, {run.elapsed:.1f} s wall, {total:.1f} s profiled "
            f"in the event loop thread ({total / max(turns, 1) * 1000:.1f} ms per turn)"
        ),
    )
