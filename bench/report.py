"""Figures from raw runs: percentiles, the table, the ratio to the echo baseline."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

TARGET_RATIO = 2.0


def percentile(values: Sequence[float], fraction: float) -> float:
    """Linear interpolation between closest ranks (numpy's default); nan if empty."""
    if not values:
        return math.nan
    ordered = sorted(values)
    position = (len(ordered) - 1) * fraction
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


@dataclass
class RunFigures:
    """One measured run of one scenario at one concurrency level."""

    scenario: str
    users: int
    latencies: list[float]  # seconds, answered turns
    elapsed: float
    errors: int  # failed requests + replies missing at the connector
    failure_samples: list[str] = field(default_factory=list)

    @property
    def p50(self) -> float:
        return percentile(self.latencies, 0.50)


@dataclass(frozen=True)
class Summary:
    scenario: str
    users: int
    turns: int
    p50_ms: float
    p95_ms: float
    p99_ms: float
    turns_per_s: float
    errors: int


@dataclass(frozen=True)
class Ratio:
    users: int
    p50_ratio: float  # over all rounds pooled
    per_round: tuple[float, ...]
    errors: int  # both scenarios
    scenario: str = "bot"  # the one measured against the echo

    @property
    def met(self) -> bool:
        return self.p50_ratio <= TARGET_RATIO and self.errors == 0


def summarise(runs: Sequence[RunFigures]) -> Summary:
    """Pool every round of one scenario at one level."""
    latencies = [latency for run in runs for latency in run.latencies]
    elapsed = sum(run.elapsed for run in runs)
    return Summary(
        scenario=runs[0].scenario,
        users=runs[0].users,
        turns=len(latencies),
        p50_ms=percentile(latencies, 0.50) * 1000,
        p95_ms=percentile(latencies, 0.95) * 1000,
        p99_ms=percentile(latencies, 0.99) * 1000,
        turns_per_s=len(latencies) / elapsed if elapsed > 0 else math.nan,
        errors=sum(run.errors for run in runs),
    )


def ratio(
    bot_runs: Sequence[RunFigures], echo_runs: Sequence[RunFigures], bot: Summary, echo: Summary
) -> Ratio:
    per_round = tuple(
        b.p50 / e.p50 if e.p50 > 0 else math.nan for b, e in zip(bot_runs, echo_runs, strict=True)
    )
    pooled = bot.p50_ms / echo.p50_ms if echo.p50_ms > 0 else math.nan
    return Ratio(bot.users, pooled, per_round, bot.errors + echo.errors, bot.scenario)


def format_table(summaries: Sequence[Summary], ratios: Sequence[Ratio]) -> str:
    header = f"{'scenario':<9}{'users':>6}{'turns':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"
    header += f"{'turns/s':>9}{'errors':>8}"
    lines = [header, "-" * len(header)]
    for s in summaries:
        lines.append(
            f"{s.scenario:<9}{s.users:>6}{s.turns:>8}{s.p50_ms:>9.2f}{s.p95_ms:>9.2f}"
            f"{s.p99_ms:>9.2f}"
            f"{s.turns_per_s:>9.1f}{s.errors:>8}"
        )
    lines.append("")
    lines.append(f"target: median turn <= {TARGET_RATIO:g}x echo, zero errors")
    for r in ratios:
        rounds = " ".join(f"{value:.2f}" for value in r.per_round)
        verdict = "met" if r.met else "NOT met"
        lines.append(
            f"  {r.users:>3} users: p50({r.scenario})/p50(echo) = {r.p50_ratio:.2f}x "
            f"(per round: {rounds}), errors {r.errors} -> {verdict}"
        )
    return "\n".join(lines)
