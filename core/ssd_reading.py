"""A plain-language reading of an SSD comparison, and the printable table.

Thresholds. Parker & Vannest (2009, Behavior Therapy 40(4), 357–367) give NAP
ranges from 200 published AB contrasts: weak 0–.65, medium .66–.92, strong
.93–1. We read those bands as "no certain difference", "some improvement" and
"clear improvement", and mirror the medium bound for worsening: NAP ≤ .34 (the B
phase is worse in at least 66 % of the pairs). Tau-U is put on the same scale
with (Tau-U + 1) / 2, the inverse of Tau = 2·NAP − 1 (Parker, Vannest, Davis &
Sauber 2011), and read with the same bands. The reading is the more cautious of
the two: an improvement counts at the lower of the two levels, a worsening only
when both say so. When Tau-U says less than NAP the baseline was already moving
in the better direction, and the reading says so.

Few points: the What Works Clearinghouse single-case standards (Kratochwill et
al. 2010) ask for at least five data points per phase; with fewer the reading
says the result is uncertain. No reading is given below three baseline points
(core.ssd_stats.MIN_BASELINE).
"""

from __future__ import annotations

from dataclasses import dataclass

from core.i18n import t
from core.ssd_stats import MIN_BASELINE, Comparison, NotCompared, SsdReport

STRONG, MEDIUM, WORSE = 0.93, 0.66, 0.34  # WORSE mirrors MEDIUM: 1 − .66
FEW_POINTS = 5
LEVELS = ("worse", "none", "some", "clear")


@dataclass(frozen=True)
class Reading:
    level: str  # one of LEVELS, or "not_computed"
    notes: tuple[str, ...]  # "trend", "few_points", "constant_baseline"


def _level(nap_scale: float) -> str:
    if nap_scale >= STRONG:
        return "clear"
    if nap_scale >= MEDIUM:
        return "some"
    if nap_scale <= WORSE:
        return "worse"
    return "none"


def read(comparison: Comparison | NotCompared) -> Reading:
    if isinstance(comparison, NotCompared):
        return Reading("not_computed", ())
    by_nap = LEVELS.index(_level(comparison.nap))
    by_tau_u = LEVELS.index(_level((comparison.tau_u + 1) / 2))
    none = LEVELS.index("none")
    if by_nap > none and by_tau_u > none:
        level = LEVELS[min(by_nap, by_tau_u)]
    elif by_nap < none and by_tau_u < none:
        level = "worse"
    else:
        level = "none"
    notes: list[str] = []
    if by_nap > none and by_tau_u < by_nap:
        notes.append("trend")
    if min(comparison.n_a, comparison.n_b) < FEW_POINTS:
        notes.append("few_points")
    if comparison.smd is None:
        notes.append("constant_baseline")
    return Reading(level, tuple(notes))


def number(value: float | None, lang: str, digits: int = 2) -> str:
    if value is None:
        return "–"
    text = f"{value:.{digits}f}"
    return text.replace(".", ",") if lang == "sv" else text


def reading_text(report: SsdReport, lang: str) -> str:
    """Short paragraphs for the chat reply and the CLI."""
    c = report.comparison
    if isinstance(c, NotCompared):
        return t(f"ssd.not.{c.reason}", lang, a=c.baseline, n_a=c.n_a, minimum=MIN_BASELINE)
    reading = read(c)
    names = {"a": c.baseline, "b": c.intervention}
    lines = [
        t(f"ssd.reading.{reading.level}", lang, **names),
        t(
            "ssd.reading.basis",
            lang,
            nap=number(c.nap, lang),
            tau_u=number(c.tau_u, lang),
            n_a=c.n_a,
            n_b=c.n_b,
            **names,
        ),
    ]
    if "trend" in reading.notes:
        lines.append(t("ssd.reading.trend", lang, a=c.baseline))
    if "few_points" in reading.notes:
        lines.append(t("ssd.reading.few_points", lang, minimum=FEW_POINTS))
    lines.append(t("ssd.reading.not_cause", lang))
    return "\n".join(lines)


def format_report(report: SsdReport, lang: str) -> str:
    """A plain-text table: one row per phase, then the comparison and its reading."""
    head = (
        f"{t('ssd.table.phase', lang):<6}{'n':>5}{t('ssd.table.mean', lang):>9}"
        f"{t('ssd.table.median', lang):>9}{'SD':>9}{t('ssd.table.slope', lang):>9}"
    )
    rows = [t("ssd.table.phases", lang), head]
    for p in report.phases:
        rows.append(
            f"{p.label:<6}{p.n:>5}{number(p.mean, lang):>9}{number(p.median, lang):>9}"
            f"{number(p.sd, lang):>9}{number(p.slope, lang, 3):>9}"
        )
    c = report.comparison
    rows.append("")
    if isinstance(c, Comparison):
        better = t(f"ssd.better.{report.better}", lang)
        rows.append(t("ssd.table.comparison", lang, a=c.baseline, b=c.intervention, better=better))
        for name, value in (
            ("NAP", number(c.nap, lang)),
            ("Tau", number(c.tau, lang)),
            ("Tau-U", number(c.tau_u, lang)),
            ("PND", f"{number(100 * c.pnd, lang, 0)} %"),
            ("PAND", f"{number(100 * c.pand, lang, 0)} %"),
            ("SMD", number(c.smd, lang)),
        ):
            rows.append(f"  {name:<7}{value:>8}")
        if c.smd is None:
            rows.append("  " + t("ssd.smd.constant_baseline", lang, a=c.baseline))
        rows.append("")
    rows.append(reading_text(report, lang))
    return "\n".join(rows)
