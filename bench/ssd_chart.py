"""`python -m bench.ssd_chart`: render a 365-point SSD chart N times.

Prints median and p95 ms and the PNG's size beside a same-run baseline: an empty
matplotlib figure of the same size saved to PNG (Figure + FigureCanvasAgg, as the
renderer does). Chart and baseline alternate, so both see the same machine.
Target: chart median <= 300 ms. Exits 1 only if the PNG breaks Teams' limits
(over 1024 px, or 100 KB for an inline message); timings never fail the run.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

from core.ssd_chart import DPI, HEIGHT_PX, WIDTH_PX, ChartPhase, ChartPoint, render_ssd_chart

TARGET_MS = 300.0
MAX_PX, MAX_BYTES = 1024, 100_000
FIRST_DAY = date(2026, 1, 1)
PHASES = (
    ChartPhase("A", FIRST_DAY, "baslinje"),
    ChartPhase("B", FIRST_DAY + timedelta(days=60), "DBT-färdighetsträning"),
    ChartPhase("C", FIRST_DAY + timedelta(days=200), "färdighetsträning och boendestöd"),
)


def year_of_ratings(days: int = 365, seed: int = 1) -> list[ChartPoint]:
    """One rating a day on a 0-10 scale, improving phase by phase, a few days missed."""
    rnd = random.Random(seed)
    means = {"A": 3.0, "B": 5.0, "C": 7.0}
    points = []
    for i in range(days):
        day = FIRST_DAY + timedelta(days=i)
        phase = [p.label for p in PHASES if p.start <= day][-1]
        value = min(10, max(0, round(rnd.gauss(means[phase], 1.4))))
        points.append(ChartPoint(day, value, phase))
    return points


def render_chart(points: list[ChartPoint]) -> bytes:
    return render_ssd_chart(
        points,
        phases=PHASES,
        scale_min=0,
        scale_max=10,
        better="higher",
        client_code="K-1001",
        target="Delaktighet i vardagen",
    )


def render_empty() -> bytes:
    figure = Figure(figsize=(WIDTH_PX / DPI, HEIGHT_PX / DPI), dpi=DPI)
    canvas = FigureCanvasAgg(figure)
    out = io.BytesIO()
    canvas.print_png(out)
    return out.getvalue()


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(share * len(ordered)) - 1))]


def timed(render: Callable[[], bytes]) -> tuple[float, bytes]:
    started = time.perf_counter()
    png = render()
    return (time.perf_counter() - started) * 1000, png


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.ssd_chart", description=__doc__)
    parser.add_argument("--runs", type=int, default=50, help="timed renders of each (default 50)")
    parser.add_argument("--warmup", type=int, default=3, help="untimed renders first")
    parser.add_argument("--out", type=Path, default=None, help="also write the chart PNG here")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = parser.parse_args(argv)
    points = year_of_ratings()
    for _ in range(args.warmup):
        render_chart(points)
        render_empty()
    chart_ms: list[float] = []
    empty_ms: list[float] = []
    for _ in range(max(1, args.runs)):
        elapsed, png = timed(lambda: render_chart(points))
        chart_ms.append(elapsed)
        elapsed, empty_png = timed(render_empty)
        empty_ms.append(elapsed)
    width, height = Image.open(io.BytesIO(png)).size
    rows = [
        ("chart, 365 points", chart_ms, len(png)),
        ("empty figure (baseline)", empty_ms, len(empty_png)),
    ]
    print(f"{'render':<26}{'runs':>6}{'median ms':>11}{'p95 ms':>9}{'PNG bytes':>11}")
    for name, times, size in rows:
        median, p95 = statistics.median(times), percentile(times, 0.95)
        print(f"{name:<26}{len(times):>6}{median:>11.1f}{p95:>9.1f}{size:>11,}")
    median = statistics.median(chart_ms)
    ratio = median / statistics.median(empty_ms)
    met = "met" if median <= TARGET_MS else "NOT met"
    print(f"\nchart {width}x{height} px; median {ratio:.1f}x the empty figure; ", end="")
    print(f"target median <= {TARGET_MS:.0f} ms: {met}")
    print(f"{os.cpu_count()} CPUs, Python {platform.python_version()}")
    if args.out is not None:
        args.out.write_bytes(png)
    if args.json is not None:
        document = {
            "runs": len(chart_ms),
            "chart": {"median_ms": median, "p95_ms": percentile(chart_ms, 0.95), "bytes": len(png)},
            "empty": {
                "median_ms": statistics.median(empty_ms),
                "p95_ms": percentile(empty_ms, 0.95),
                "bytes": len(empty_png),
            },
            "size_px": [width, height],
            "target_ms": TARGET_MS,
            "target_met": median <= TARGET_MS,
        }
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(document, indent=2) + "\n")
    if max(width, height) > MAX_PX or len(png) >= MAX_BYTES:
        print(f"FAILED: {width}x{height} px, {len(png)} bytes", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
