"""The reminder benchmark's table, its details and the profile summary."""

from __future__ import annotations

import cProfile
import dataclasses
from collections.abc import Sequence
from typing import Any

from bench.profiling import own_time_report
from bench.reminders_dispatch import RunOptions
from bench.reminders_run import ScenarioResult
from core.rate_limit import TeamsLimits, Window

COLUMNS = (
    ("scenario", "<16"),
    ("inst", ">5"),
    ("seed s", ">8"),
    ("last s", ">8"),
    ("deliv/s", ">9"),
    ("base/s", ">8"),
    ("ratio", ">7"),
    ("dup", ">5"),
    ("lost", ">6"),
    ("open", ">6"),
    ("late", ">6"),
    ("peak/t/s", ">9"),
)


def _windows(windows: Sequence[Window]) -> str:
    return " and ".join(f"{w.limit}/{w.seconds:g} s" for w in windows)


def limits_line(options: RunOptions) -> str:
    if not options.limits:
        return "limits: off (--no-limits): engine throughput, Teams would throttle this"
    limits: TeamsLimits = options.teams_limits
    return (
        f"limits: Teams, per conversation {_windows(limits.per_conversation)}, per app and "
        f"tenant {_windows(limits.per_tenant)}, kept by each instance's own sender; "
        f"recipients spread over {options.tenants} tenant(s)"
    )


def _figure(value: float | None, digits: int = 1) -> str:
    return "-" if value is None or value != value else f"{value:.{digits}f}"


def format_table(results: Sequence[ScenarioResult]) -> str:
    header = "".join(f"{name:{spec}}" for name, spec in COLUMNS)
    lines = [header, "-" * len(header)]
    for r in results:
        a = r.accounting
        cells = (
            r.scenario.name,
            r.scenario.instances,
            _figure(r.seed_seconds),
            _figure(r.last_delivery),
            _figure(r.per_second, 0),
            _figure(r.baseline.per_second, 0),
            _figure(r.ratio, 2),
            a.duplicates,
            a.lost,
            a.open,
            r.late,
            r.peak_tenant_second,
        )
        lines.append("".join(f"{c:{spec}}" for c, (_, spec) in zip(cells, COLUMNS, strict=True)))
    return "\n".join(lines)


def format_details(results: Sequence[ScenarioResult]) -> str:
    lines = [
        "seed s: bulk insert of users, references, reminders and occurrences (not measured)",
        "last s: dispatch start (clock at the due minute) to the last receipt at the connector",
        "deliv/s: distinct occurrences received / last s; base/s: bare aiohttp POSTs/s to the "
        "same connector at the same total concurrency; ratio = deliv/s / base/s",
        "dup: receipts beyond the first per occurrence; lost: finished but not (received and "
        "marked sent); open: pending or claimed at the end; late: sent marked late (> 2 min); "
        "peak/t/s: most activities to one tenant within 1 s at the connector",
        "",
    ]
    for r in results:
        name = r.scenario.name
        states = ", ".join(f"{state} {n}" for state, n in r.states.items())
        lines.append(f"{name}: database states: {states}")
        if len(r.sent_by) > 1 or r.scenario.instances > 1:
            split = ", ".join(f"{who} {n}" for who, n in r.sent_by.items())
            lines.append(f"{name}: sent by instance: {split}")
        stats = ", ".join(f"{k} {v}" for k, v in dataclasses.asdict(r.stats).items() if v)
        lines.append(f"{name}: dispatcher stats of completed drains: {stats or 'none'}")
        lines.append(
            f"{name}: all dispatchers done after {r.dispatch_seconds:.1f} s; baseline "
            f"{r.baseline.posts} POSTs in {r.baseline.elapsed:.1f} s, {r.baseline.failed} failed"
        )
        if r.accounting.unexpected:
            lines.append(f"{name}: {r.accounting.unexpected} unexpected activities received")
        if r.deadline_passed:
            lines.append(f"{name}: the deadline passed with {r.accounting.open} still open")
        for error in r.errors:
            lines.append(f"{name}: dispatcher error: {error}")
    return "\n".join(lines)


def verdict(results: Sequence[ScenarioResult]) -> str:
    failed = [r.scenario.name for r in results if not r.ok]
    if failed:
        return f"checks (zero duplicates, zero lost): NOT met in {', '.join(failed)}"
    cut_short = [r.scenario.name for r in results if r.accounting.open]
    if cut_short:
        return (
            "checks (zero duplicates, zero lost): met for what finished; still open at the "
            f"deadline in {', '.join(cut_short)} (not a failure: raise --deadline)"
        )
    return "checks (zero duplicates, zero lost): met"


def profile_summary(profiler: cProfile.Profile, result: ScenarioResult) -> str:
    """Own time per package (the event loop's thread; aiosqlite's thread and
    PostgreSQL show up as waiting)."""
    delivered = max(result.accounting.delivered, 1)
    return own_time_report(
        profiler,
        lambda total: (
            f"{result.scenario.name}: {result.accounting.delivered} delivered, "
            f"{result.dispatch_seconds:.1f} s wall, {total:.1f} s profiled "
            f"({total / delivered * 1000:.2f} ms per delivery)"
        ),
    )


def result_document(result: ScenarioResult) -> dict[str, Any]:
    return {
        "scenario": result.scenario.name,
        "instances": result.scenario.instances,
        "count": result.count,
        "seed_seconds": round(result.seed_seconds, 2),
        "last_delivery_seconds": result.last_delivery and round(result.last_delivery, 2),
        "dispatch_seconds": round(result.dispatch_seconds, 2),
        "deliveries_per_second": round(result.per_second, 1),
        "baseline_posts_per_second": round(result.baseline.per_second, 1),
        "ratio": round(result.ratio, 3),
        "accounting": dataclasses.asdict(result.accounting),
        "late": result.late,
        "peak_tenant_second": result.peak_tenant_second,
        "states": result.states,
        "sent_by": result.sent_by,
        "dispatcher_stats": dataclasses.asdict(result.stats),
        "deadline_passed": result.deadline_passed,
        "errors": result.errors,
        "ok": result.ok,
    }
