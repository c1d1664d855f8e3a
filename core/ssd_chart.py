"""SSD chart: one target's ratings over time, phase by phase, as a PNG for a phone.

Pure: matplotlib's object API on the Agg canvas (``Figure`` + ``FigureCanvasAgg``,
never pyplot), so it touches no global state, leaks no figures and may run in a
worker thread. No botbuilder, no database.

What the picture shows, and the choices behind it:
- x is calendar days. Consecutive measured points of one phase are joined, also
  across missing days (SSD practice: a gap shows as a longer segment); points of
  different phases are never joined. Several points on one day (ratings per shift)
  are spread evenly across that day in the order given.
- A dashed vertical line halfway between the last point of a phase and the first
  point of the next; when either of the two has no points, half a day before the
  later phase's start date. Phase labels (A, B, ...) sit above the plot, centred
  on each phase's stretch; a phase without points still gets its stretch.
- The y axis is fixed to the scale; integer ticks at every step for scales of up
  to ten steps. A note says which direction is better.
- Per-phase mean: a short solid line across the phase's points. Baseline trend:
  ordinary least squares over the last phase labelled A... (needs two distinct
  days), dotted, from its first point to the last point of the following phase.
- Per-phase mean and baseline trend are drawn under a sparse series (so its points
  stay visible) and over a dense one (over 100 points).
- x tick labels are compact, Swedish style "3/12" (day/month) in Swedish and
  "3 Dec" in English (so nobody reads month/day); a tick on 1 January shows the
  year instead. Ticks fall on every day, every 2nd or 3rd day, Mondays (weekly or
  fortnightly) or the first of a month (every 1, 2, 3, 6 or 12 months), at most
  about eight; the title carries the full dates (YYYY-MM-DD – YYYY-MM-DD).
- 960 x 640 px, no text under 20 px; lines without antialiasing (only text keeps it)
  and a fixed palette of the chart's colours make a 365-point chart about 22 KB.
- Refused with ValueError: no points, a point in an unknown phase or outside the
  scale, points whose phases go back in time, duplicate phase labels.
"""

from __future__ import annotations

import io
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.text import Text
from matplotlib.ticker import FixedLocator, MaxNLocator
from PIL import Image

WIDTH_PX, HEIGHT_PX, DPI = 960, 640, 100
# Margins around the plot area, in pixels: room for the title, phase labels, ticks, legend.
LEFT_PX, RIGHT_PX, TOP_PX, BOTTOM_PX = 64, 28, 128, 96
TITLE_PX, TEXT_PX, PHASE_PX = 28, 20, 26
DENSE_POINTS = 100  # beyond this: thinner line, small markers

INK, DATA, MEAN, TREND, GRID = "#222222", "#1f5a96", "#d55e00", "#555555", "#dddddd"

TEXTS: Mapping[str, Mapping[str, str]] = {
    "better.higher": {"sv": "↑ högre är bättre", "en": "↑ higher is better"},
    "better.lower": {"sv": "↓ lägre är bättre", "en": "↓ lower is better"},
    "scale": {"sv": "skala {low}–{high}", "en": "scale {low}–{high}"},
    "legend.mean": {"sv": "medelvärde per fas", "en": "phase mean"},
    "legend.trend": {"sv": "trend i baslinjen {phase}", "en": "baseline trend {phase}"},
}
EN_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class ChartPoint:
    day: date
    value: float
    phase: str


@dataclass(frozen=True)
class ChartPhase:
    label: str
    start: date
    description: str = ""


@dataclass(frozen=True)
class ChartLayout:
    """Where things landed in the image (pixels, origin top left): for tests and bench."""

    width_px: int
    height_px: int
    plot_box_px: tuple[float, float, float, float]  # left, top, right, bottom
    x_range: tuple[float, float]  # day ordinals at the plot's left and right edges
    y_range: tuple[float, float]
    phase_lines_px: tuple[float, ...]
    points_px: tuple[tuple[float, float], ...]
    x_tick_labels: tuple[str, ...]
    y_ticks: tuple[float, ...]
    texts: tuple[str, ...]
    min_font_px: float

    def px(self, day: date | float, value: float) -> tuple[float, float]:
        """The image pixel of a day (or day ordinal, fractions allowed) and a value."""
        x = day.toordinal() if isinstance(day, date) else day
        left, top, right, bottom = self.plot_box_px
        (x0, x1), (y0, y1) = self.x_range, self.y_range
        return (
            left + (x - x0) / (x1 - x0) * (right - left),
            bottom - (value - y0) / (y1 - y0) * (bottom - top),
        )


def render_ssd_chart(
    points: Sequence[ChartPoint],
    *,
    phases: Sequence[ChartPhase],
    scale_min: float,
    scale_max: float,
    better: str,
    client_code: str,
    target: str,
    lang: str = "sv",
    show_means: bool = True,
    show_baseline_trend: bool = True,
) -> bytes:
    """The chart as PNG bytes. Raises ValueError on input it cannot draw honestly."""
    png, _ = render_ssd_chart_with_layout(
        points,
        phases=phases,
        scale_min=scale_min,
        scale_max=scale_max,
        better=better,
        client_code=client_code,
        target=target,
        lang=lang,
        show_means=show_means,
        show_baseline_trend=show_baseline_trend,
    )
    return png


def render_ssd_chart_with_layout(
    points: Sequence[ChartPoint],
    *,
    phases: Sequence[ChartPhase],
    scale_min: float,
    scale_max: float,
    better: str,
    client_code: str,
    target: str,
    lang: str = "sv",
    show_means: bool = True,
    show_baseline_trend: bool = True,
) -> tuple[bytes, ChartLayout]:
    plan = _plan(points, phases, scale_min, scale_max, better)
    lang = lang if lang == "en" else "sv"
    fig = Figure(figsize=(WIDTH_PX / DPI, HEIGHT_PX / DPI), dpi=DPI, facecolor="white")
    canvas = FigureCanvasAgg(fig)
    ax = fig.add_axes(
        (
            LEFT_PX / WIDTH_PX,
            BOTTOM_PX / HEIGHT_PX,
            1 - (LEFT_PX + RIGHT_PX) / WIDTH_PX,
            1 - (TOP_PX + BOTTOM_PX) / HEIGHT_PX,
        )
    )
    _draw_axes(ax, plan, lang)
    _draw_data(ax, plan)
    handles: list[Line2D] = []
    if show_means:
        handles += _draw_means(ax, plan, lang)
    if show_baseline_trend:
        handles += _draw_trend(ax, plan, lang)
    _draw_titles(fig, ax, plan, client_code, target, lang)
    if handles:
        fig.legend(
            handles=handles,
            loc="lower left",
            bbox_to_anchor=(LEFT_PX / WIDTH_PX, 0),
            ncol=len(handles),
            frameon=False,
            fontsize=_pt(TEXT_PX),
            handlelength=2.2,
            borderaxespad=0.3,
        )
    canvas.draw()
    return _encode_png(canvas), _layout(fig, ax, plan)


@dataclass(frozen=True)
class _Plan:
    """The geometry, worked out before anything is drawn."""

    phases: tuple[ChartPhase, ...]
    xs: tuple[tuple[float, ...], ...]  # per phase, in phase order
    ys: tuple[tuple[float, ...], ...]
    boundaries: tuple[float, ...]  # between phase i and i + 1
    x_range: tuple[float, float]
    scale: tuple[float, float]
    better: str
    first_day: date
    last_day: date


def _plan(
    points: Sequence[ChartPoint],
    phases: Sequence[ChartPhase],
    scale_min: float,
    scale_max: float,
    better: str,
) -> _Plan:
    if better not in ("higher", "lower"):
        raise ValueError(f"better must be 'higher' or 'lower', not {better!r}")
    if not scale_min < scale_max:
        raise ValueError("scale_min must be below scale_max")
    if not points:
        raise ValueError("no points to draw")
    ordered = tuple(sorted(phases, key=lambda phase: phase.start))
    index = {phase.label: i for i, phase in enumerate(ordered)}
    if len(index) != len(ordered):
        raise ValueError("phase labels must be unique")
    timeline = sorted(points, key=lambda point: point.day)  # stable: shift order kept
    per_day: dict[date, int] = {}
    for point in timeline:
        per_day[point.day] = per_day.get(point.day, 0) + 1
    xs: list[list[float]] = [[] for _ in ordered]
    ys: list[list[float]] = [[] for _ in ordered]
    seen: dict[date, int] = {}
    last_phase = 0
    for point in timeline:
        if point.phase not in index:
            raise ValueError(f"point on {point.day} is in unknown phase {point.phase!r}")
        if not scale_min <= point.value <= scale_max:
            raise ValueError(f"value {point.value} on {point.day} is outside the scale")
        if index[point.phase] < last_phase:
            raise ValueError(f"point on {point.day} is in phase {point.phase} after a later phase")
        last_phase = index[point.phase]
        k, n = seen.get(point.day, 0), per_day[point.day]
        seen[point.day] = k + 1
        xs[last_phase].append(point.day.toordinal() - 0.5 + (k + 0.5) / n)
        ys[last_phase].append(point.value)
    boundaries = _boundaries(ordered, xs)
    everything = [x for phase_xs in xs for x in phase_xs]
    everything += [
        p.start.toordinal() for p, phase_xs in zip(ordered, xs, strict=True) if not phase_xs
    ]
    low, high = min(everything), max(everything)
    pad = max(0.7, (high - low) * 0.025)
    return _Plan(
        phases=ordered,
        xs=tuple(tuple(v) for v in xs),
        ys=tuple(tuple(v) for v in ys),
        boundaries=boundaries,
        x_range=(low - pad, high + pad),
        scale=(scale_min, scale_max),
        better=better,
        first_day=timeline[0].day,
        last_day=timeline[-1].day,
    )


def _boundaries(phases: Sequence[ChartPhase], xs: Sequence[Sequence[float]]) -> tuple[float, ...]:
    result: list[float] = []
    for i in range(len(phases) - 1):
        if xs[i] and xs[i + 1]:
            line = (xs[i][-1] + xs[i + 1][0]) / 2
        else:
            line = phases[i + 1].start.toordinal() - 0.5
            before = [x for phase_xs in xs[: i + 1] for x in phase_xs]
            after = [x for phase_xs in xs[i + 1 :] for x in phase_xs]
            line = min(max(line, max(before, default=line)), min(after, default=line))
        result.append(max(line, result[-1]) if result else line)
    return tuple(result)


def _pt(px: float) -> float:
    return px * 72 / DPI


def _scale_ticks(low: float, high: float) -> list[float]:
    integers = float(low).is_integer() and float(high).is_integer()
    if integers and high - low <= 10:
        return [float(v) for v in range(int(low), int(high) + 1)]
    locator = MaxNLocator(nbins=6, integer=integers)
    return [float(v) for v in locator.tick_values(low, high) if low <= v <= high]


def date_ticks(first: float, last: float) -> list[date]:
    """Days to label between two day ordinals: every day, every other, Mondays
    (every one or two weeks) or the first of every one, two or three months."""
    start, end = date.fromordinal(math.ceil(first)), date.fromordinal(math.floor(last))
    span = (end - start).days
    for step in (1, 2, 3):
        if span / step <= 8:
            return [
                date.fromordinal(d) for d in range(start.toordinal(), end.toordinal() + 1, step)
            ]
    for weeks in (1, 2):
        if span / (7 * weeks) <= 8:
            monday = start.toordinal() + (-start.weekday()) % 7
            return [date.fromordinal(d) for d in range(monday, end.toordinal() + 1, 7 * weeks)]
    months = next((m for m in (1, 2, 3, 6) if span / (30.4 * m) <= 8), 12)
    year, month = (start.year, start.month) if start.day == 1 else _next_month(start)
    ticks: list[date] = []
    while date(year, month, 1) <= end:
        if (month - 1) % months == 0:
            ticks.append(date(year, month, 1))
        year, month = _next_month(date(year, month, 1))
    return ticks


def _next_month(day: date) -> tuple[int, int]:
    return (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)


def format_day(day: date, lang: str) -> str:
    """Compact tick label: "3/12" in Swedish, "3 Dec" in English; 1 January as its year."""
    if (day.month, day.day) == (1, 1):
        return str(day.year)
    return f"{day.day} {EN_MONTHS[day.month - 1]}" if lang == "en" else f"{day.day}/{day.month}"


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}".replace(".", ",")


def _draw_axes(ax: Axes, plan: _Plan, lang: str) -> None:
    low, high = plan.scale
    ax.set_xlim(*plan.x_range)
    ax.set_ylim(low - (high - low) * 0.04, high + (high - low) * 0.04)
    ax.yaxis.set_major_locator(FixedLocator(_scale_ticks(low, high)))
    ax.yaxis.set_major_formatter(lambda value, _pos: _number(value))
    ticks = date_ticks(*plan.x_range)
    ax.xaxis.set_major_locator(FixedLocator([d.toordinal() for d in ticks]))
    ax.xaxis.set_major_formatter(lambda value, _pos: format_day(date.fromordinal(int(value)), lang))
    ax.minorticks_off()
    ax.tick_params(labelsize=_pt(TEXT_PX), colors=INK, length=5, width=1)
    ax.grid(axis="y", color=GRID, linewidth=1, antialiased=False)
    ax.set_axisbelow(True)
    ax.set_facecolor("white")
    ax.spines[["top", "right"]].set_visible(False)
    ax.spines[["left", "bottom"]].set(color=INK, antialiased=False)
    for x in plan.boundaries:
        ax.axvline(x, color=INK, linewidth=_pt(3), linestyle=(0, (5, 3)), antialiased=False)


def _draw_data(ax: Axes, plan: _Plan) -> None:
    count = sum(len(xs) for xs in plan.xs)
    width_px, marker_px = (
        (3, min(10.0, max(5.0, 700 / count))) if count <= DENSE_POINTS else (2, 4.0)
    )
    for xs, ys in zip(plan.xs, plan.ys, strict=True):
        if xs:
            ax.plot(xs, ys, color=DATA, linewidth=_pt(width_px), marker="o",
                    markersize=_pt(marker_px), markeredgewidth=0, antialiased=False,
                    clip_on=False, zorder=3)  # fmt: skip


def _overlay(plan: _Plan) -> int:
    """Means and trend go under a sparse series (points stay visible), over a dense one."""
    return 4 if sum(len(xs) for xs in plan.xs) > DENSE_POINTS else 2


def _draw_means(ax: Axes, plan: _Plan, lang: str) -> list[Line2D]:
    """A short line across each phase with at least two points (one point is its own mean)."""
    reach = 10 * (plan.x_range[1] - plan.x_range[0]) / (WIDTH_PX - LEFT_PX - RIGHT_PX)
    style = {"color": MEAN, "linewidth": _pt(3), "antialiased": False}
    phases = [(xs, ys) for xs, ys in zip(plan.xs, plan.ys, strict=True) if len(xs) >= 2]
    for xs, ys in phases:
        mean = sum(ys) / len(ys)
        ax.plot((xs[0] - reach, xs[-1] + reach), (mean, mean), zorder=_overlay(plan), **style)
    return [Line2D([], [], label=TEXTS["legend.mean"][lang], **style)] if phases else []


def _ols(xs: Sequence[float], ys: Sequence[float]) -> tuple[float, float] | None:
    """Ordinary least squares (intercept, slope per day); None without two distinct days."""
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    sxx = sum((x - mean_x) ** 2 for x in xs)
    if sxx == 0:
        return None
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / sxx
    return mean_y - slope * mean_x, slope


def _draw_trend(ax: Axes, plan: _Plan, lang: str) -> list[Line2D]:
    """The last A phase's trend, from its first point to the following phase's last."""
    baselines = [i for i, p in enumerate(plan.phases) if p.label.upper().startswith("A")]
    i = baselines[-1] if baselines else None
    fit = _ols(plan.xs[i], plan.ys[i]) if i is not None and plan.xs[i] else None
    if i is None or fit is None:
        return []
    intercept, slope = fit
    following = plan.xs[i + 1] if i + 1 < len(plan.xs) else ()
    start, end = plan.xs[i][0], (following or plan.xs[i])[-1]
    style = {"color": TREND, "linewidth": _pt(3), "linestyle": (0, (1, 1.5)), "antialiased": False}
    ends = (intercept + slope * start, intercept + slope * end)
    ax.plot((start, end), ends, zorder=_overlay(plan), **style)
    label = TEXTS["legend.trend"][lang].format(phase=plan.phases[i].label)
    return [Line2D([], [], label=label, **style)]


def _draw_titles(
    fig: Figure, ax: Axes, plan: _Plan, client_code: str, target: str, lang: str
) -> None:
    left, right = LEFT_PX / WIDTH_PX, 1 - RIGHT_PX / WIDTH_PX
    title = fig.text(left, 1 - 12 / HEIGHT_PX, f"{client_code} · {target}", color=INK,
                     fontsize=_pt(TITLE_PX), fontweight="bold", va="top")  # fmt: skip
    _fit(title, WIDTH_PX - LEFT_PX - RIGHT_PX)
    low, high = plan.scale
    scale = TEXTS["scale"][lang].format(low=_number(low), high=_number(high))
    note = f"{scale}   {TEXTS['better.' + plan.better][lang]}"
    dates = f"{plan.first_day.isoformat()} – {plan.last_day.isoformat()}"
    line2 = 1 - 56 / HEIGHT_PX
    fig.text(left, line2, dates, fontsize=_pt(TEXT_PX), color=INK, va="top")
    fig.text(right, line2, note, fontsize=_pt(TEXT_PX), color=INK, va="top", ha="right")
    edges = (plan.x_range[0], *plan.boundaries, plan.x_range[1])
    for phase, a, b in zip(plan.phases, edges, edges[1:], strict=False):
        ax.text((a + b) / 2, 1.02, phase.label, transform=ax.get_xaxis_transform(),
                fontsize=_pt(PHASE_PX), fontweight="bold", color=INK, ha="center",
                va="bottom", clip_on=False)  # fmt: skip


def _fit(text: Text, width_px: float) -> None:
    """Shorten a one-line text with an ellipsis until it fits the width."""
    renderer = text.figure.canvas.get_renderer()
    full, width = text.get_text(), text.get_window_extent(renderer).width
    keep = min(len(full), int(len(full) * width_px / width) + 1)
    while width > width_px and keep > 8:
        keep -= 1
        text.set_text(full[:keep].rstrip() + "…")
        width = text.get_window_extent(renderer).width


def _ramp(colour: str, steps: int) -> list[int]:
    """The colour and its blends towards white, as flat RGB values."""
    rgb = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    return [round(c + (255 - c) * k / steps) for k in range(steps + 1) for c in rgb]


def _palette() -> Image.Image:
    palette = Image.new("P", (1, 1))
    colours = _ramp(INK, 32) + _ramp(DATA, 8) + _ramp(MEAN, 8) + _ramp(TREND, 2) + _ramp(GRID, 1)
    palette.putpalette(colours)
    return palette


PALETTE = _palette()


def _encode_png(canvas: FigureCanvasAgg) -> bytes:
    """Agg's RGBA mapped onto a fixed palette of the chart's colours and their blends
    with white (only text keeps antialiasing), which keeps PNGs small and colours exact."""
    rgba = canvas.buffer_rgba()
    image = Image.frombuffer("RGBA", (rgba.shape[1], rgba.shape[0]), rgba, "raw", "RGBA", 0, 1)
    indexed = image.convert("RGB").quantize(palette=PALETTE, dither=Image.Dither.NONE)
    out = io.BytesIO()
    indexed.save(out, format="PNG")
    return out.getvalue()


def _layout(fig: Figure, ax: Axes, plan: _Plan) -> ChartLayout:
    height = fig.bbox.height
    box = ax.get_window_extent()
    to_px = ax.transData.transform
    shown = [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]
    xys = [
        (x, y) for xs, ys in zip(plan.xs, plan.ys, strict=True) for x, y in zip(xs, ys, strict=True)
    ]
    return ChartLayout(
        width_px=round(fig.bbox.width),
        height_px=round(height),
        plot_box_px=(float(box.x0), float(height - box.y1), float(box.x1), float(height - box.y0)),
        x_range=plan.x_range,
        y_range=(float(ax.get_ylim()[0]), float(ax.get_ylim()[1])),
        phase_lines_px=tuple(float(to_px((x, 0))[0]) for x in plan.boundaries),
        points_px=tuple((float(x), float(height - y)) for x, y in to_px(xys)),
        x_tick_labels=tuple(t.get_text() for t in ax.get_xticklabels()),
        y_ticks=tuple(float(v) for v in ax.get_yticks()),
        texts=tuple(t.get_text() for t in shown),
        min_font_px=min(t.get_fontsize() for t in shown) * DPI / 72,
    )
