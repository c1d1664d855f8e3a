"""Single-system design (SSD) statistics: per phase, and the last baseline against
the phase after it. Pure standard library; no botbuilder, no I/O.

A series is a list of ``(phase label, value)`` in time order. A phase is a run of
equal labels, so A, B, A, B gives four phases. Baseline phases are labelled ``A``
or ``A`` plus digits (``A1``, ``a2``). The comparison uses the last baseline phase
that has a phase right after it, against that phase (A B C: A vs B; A1 B1 A2 B2:
A2 vs B2; A B A: the first A vs B).

Conventions follow SingleCaseES (Pustejovsky, Chen, Grekov & Swan, R package,
vignette "Effect size definitions", functions calc_NAP, calc_Tau, calc_Tau_U,
calc_PND, calc_PAND, calc_SMD). With m baseline values a_1..a_m and n
intervention values b_1..b_n, after negating both phases when lower is better:

- NAP = (1/mn) Σ_i Σ_j [I(b_j > a_i) + 0.5·I(b_j = a_i)]  (Parker & Vannest 2009)
- Tau = (1/mn) Σ_i Σ_j [I(b_j > a_i) − I(b_j < a_i)] = 2·NAP − 1
- Tau-U, "A vs B − trend A" (Parker, Vannest, Davis & Sauber 2011), as SingleCaseES
  computes it: Tau-U = (S_AB − S_AA) / (m·n), where S_AB = Σ_i Σ_j sign(b_j − a_i)
  and S_AA = Σ_{i<k} sign(a_k − a_i) is Kendall's S of the baseline against time.
  The denominator is m·n only (not m·n + m(m−1)/2, as some calculators use), so
  Tau-U can fall outside [−1, 1].
- PND = share of B values strictly above max(A) (Scruggs, Mastropieri & Casto 1987).
- PAND = (i + j) / (m + n), maximised over keeping the i lowest A values and the j
  highest B values such that every kept A < every kept B; i.e. the share of all
  data left after removing the fewest points so that no overlap remains (Parker,
  Hagan-Burke & Vannest 2007; Parker, Vannest & Davis 2011).
- SMD = J·(mean_B − mean_A)/SD_A with the sample SD (n − 1) of the baseline and
  Hedges' correction J = 1 − 3/(4m − 5) (df = m − 1), sign flipped when lower is
  better; None when SD_A is 0.

PND and PAND are proportions in [0, 1], as in SingleCaseES.
"""

from __future__ import annotations

import csv
import io
import math
import re
from bisect import bisect_left, bisect_right, insort
from dataclasses import dataclass
from typing import Literal

Better = Literal["higher", "lower"]
MIN_BASELINE = 3
_BASELINE_LABEL = re.compile(r"A\d*", re.IGNORECASE)


@dataclass(frozen=True)
class PhaseSummary:
    label: str
    n: int
    mean: float
    median: float
    sd: float | None  # sample SD (n − 1); None when n < 2
    slope: float | None  # OLS slope per observation within the phase; None when n < 2


@dataclass(frozen=True)
class Comparison:
    baseline: str
    intervention: str
    n_a: int
    n_b: int
    mean_a: float
    mean_b: float
    nap: float
    tau: float
    tau_u: float
    pnd: float
    pand: float
    smd: float | None
    smd_missing: str | None  # "constant_baseline" when smd is None


@dataclass(frozen=True)
class NotCompared:
    """No comparison: reason is "too_few_baseline" or "no_baseline_followed"."""

    reason: str
    baseline: str | None = None
    intervention: str | None = None
    n_a: int | None = None
    n_b: int | None = None
    mean_a: float | None = None
    mean_b: float | None = None


@dataclass(frozen=True)
class SsdReport:
    better: Better
    phases: tuple[PhaseSummary, ...]
    comparison: Comparison | NotCompared


class SeriesError(ValueError):
    """Input that cannot be read as a series; ``key`` is a core.texts_ssd key."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key, values)
        self.key = key
        self.values = values


def is_baseline(label: str) -> bool:
    return _BASELINE_LABEL.fullmatch(label.strip()) is not None


def split_phases(series: list[tuple[str, float]]) -> list[tuple[str, list[float]]]:
    """Runs of equal labels, in order."""
    runs: list[tuple[str, list[float]]] = []
    for label, value in series:
        if runs and runs[-1][0] == label:
            runs[-1][1].append(value)
        else:
            runs.append((label, [value]))
    return runs


def summarise_phase(label: str, values: list[float]) -> PhaseSummary:
    n = len(values)
    mean = math.fsum(values) / n
    ordered = sorted(values)
    half = n // 2
    median = ordered[half] if n % 2 else (ordered[half - 1] + ordered[half]) / 2
    if n < 2:
        return PhaseSummary(label, n, mean, median, None, None)
    sd = math.sqrt(math.fsum((v - mean) ** 2 for v in values) / (n - 1))
    centre = (n - 1) / 2
    sxx = n * (n * n - 1) / 12  # Σ (i − centre)² for i = 0 … n − 1
    slope = math.fsum((i - centre) * (v - mean) for i, v in enumerate(values)) / sxx
    return PhaseSummary(label, n, mean, median, sd, slope)


def nap(a: list[float], b: list[float]) -> float:
    """Higher is better; ties count one half."""
    ordered = sorted(a)
    score = 0.0
    for value in b:
        below, not_above = bisect_left(ordered, value), bisect_right(ordered, value)
        score += below + 0.5 * (not_above - below)
    return score / (len(a) * len(b))


def _s_ab(a: list[float], b: list[float]) -> int:
    ordered = sorted(a)
    return sum(
        bisect_left(ordered, value) - (len(ordered) - bisect_right(ordered, value)) for value in b
    )


def kendall_s(values: list[float]) -> int:
    """Σ_{i<k} sign(v_k − v_i): Kendall's S of the values against time."""
    seen: list[float] = []
    s = 0
    for value in values:
        s += bisect_left(seen, value) - (len(seen) - bisect_right(seen, value))
        insort(seen, value)
    return s


def tau(a: list[float], b: list[float]) -> float:
    return _s_ab(a, b) / (len(a) * len(b))


def tau_u(a: list[float], b: list[float]) -> float:
    """A vs B − trend A, denominator m·n (SingleCaseES); see the module docstring."""
    return (_s_ab(a, b) - kendall_s(a)) / (len(a) * len(b))


def pnd(a: list[float], b: list[float]) -> float:
    top = max(a)
    return sum(1 for value in b if value > top) / len(b)


def pand(a: list[float], b: list[float]) -> float:
    """Keep the i lowest A and every B strictly above the i-th lowest A; best i."""
    low_a, high_b = sorted(a), sorted(b)
    best = len(b)  # keep no A: every B stays
    for kept_a, threshold in enumerate(low_a, start=1):
        best = max(best, kept_a + len(high_b) - bisect_right(high_b, threshold))
    return best / (len(a) + len(b))


def smd(a: list[float], b: list[float]) -> float | None:
    """Hedges-corrected baseline-SD SMD (higher is better); None when SD_A is 0."""
    m = len(a)
    mean_a, mean_b = math.fsum(a) / m, math.fsum(b) / len(b)
    sd_a = math.sqrt(math.fsum((v - mean_a) ** 2 for v in a) / (m - 1))
    if sd_a == 0:
        return None
    return (1 - 3 / (4 * m - 5)) * (mean_b - mean_a) / sd_a


def compare(a: list[float], b: list[float], better: Better, labels: tuple[str, str]) -> Comparison:
    """All comparison statistics; ``a`` needs at least MIN_BASELINE values."""
    if len(a) < MIN_BASELINE or not b:
        raise ValueError(f"need {MIN_BASELINE} baseline values and one intervention value")
    mean_a, mean_b = math.fsum(a) / len(a), math.fsum(b) / len(b)
    if better == "lower":
        a, b = [-v for v in a], [-v for v in b]
    d = smd(a, b)
    return Comparison(
        baseline=labels[0],
        intervention=labels[1],
        n_a=len(a),
        n_b=len(b),
        mean_a=mean_a,
        mean_b=mean_b,
        nap=nap(a, b),
        tau=tau(a, b),
        tau_u=tau_u(a, b),
        pnd=pnd(a, b),
        pand=pand(a, b),
        smd=d,
        smd_missing=None if d is not None else "constant_baseline",
    )


def analyse(series: list[tuple[str, float]], better: Better) -> SsdReport:
    runs = split_phases(series)
    phases = tuple(summarise_phase(label, values) for label, values in runs)
    pairs = [i for i in range(len(runs) - 1) if is_baseline(runs[i][0])]
    if not pairs:
        return SsdReport(better, phases, NotCompared("no_baseline_followed"))
    (label_a, a), (label_b, b) = runs[pairs[-1]], runs[pairs[-1] + 1]
    if len(a) < MIN_BASELINE:
        result: Comparison | NotCompared = NotCompared(
            "too_few_baseline",
            label_a,
            label_b,
            len(a),
            len(b),
            phases[pairs[-1]].mean,
            phases[pairs[-1] + 1].mean,
        )
    else:
        result = compare(a, b, better, (label_a, label_b))
    return SsdReport(better, phases, result)


JSON_KEYS = ("n_a", "n_b", "mean_a", "mean_b", "nap", "tau", "tau_u", "pnd", "pand", "smd")


def comparison_json(report: SsdReport) -> dict[str, float | int | None]:
    """The researcher's object: every JSON_KEYS key, None where not computable."""
    return {key: getattr(report.comparison, key, None) for key in JSON_KEYS}


def parse_series_csv(text: str) -> list[tuple[str, float]]:
    """CSV with the columns ``phase`` and ``value`` (header first), in time order.

    Accepts a UTF-8 BOM, ``;`` as separator and a decimal comma (Swedish Excel).
    Raises SeriesError for an empty file, a missing column, an empty phase label,
    a value that is not a finite number, or fewer than two phases.
    """
    text = text.lstrip("\ufeff")
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        raise SeriesError("ssd.input.empty")
    delimiter = ";" if ";" in lines[0] and "," not in lines[0] else ","
    rows = csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter)
    header = [cell.strip().lower() for cell in next(rows)]
    if "phase" not in header or "value" not in header:
        raise SeriesError("ssd.input.header", found=",".join(header))
    phase_at, value_at = header.index("phase"), header.index("value")
    series: list[tuple[str, float]] = []
    for line_no, row in enumerate(rows, start=2):
        cells = [*row, "", ""]
        label, raw = cells[phase_at].strip(), cells[value_at].strip()
        if not label:
            raise SeriesError("ssd.input.no_phase", line=line_no)
        try:
            value = float(raw.replace(",", "."))
        except ValueError:
            raise SeriesError("ssd.input.not_number", line=line_no, value=raw) from None
        if not math.isfinite(value):
            raise SeriesError("ssd.input.not_number", line=line_no, value=raw)
        series.append((label, value))
    if not series:
        raise SeriesError("ssd.input.no_rows")
    if len(split_phases(series)) < 2:
        raise SeriesError("ssd.input.one_phase", phase=series[0][0])
    return series
