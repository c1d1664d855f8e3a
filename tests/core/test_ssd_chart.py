"""The SSD chart, looked at as an image: decoded with Pillow and read pixel by pixel."""

from __future__ import annotations

import io
import random
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from typing import Any

import pytest
from PIL import Image

from core.ssd_chart import (
    DATA,
    ChartLayout,
    ChartPhase,
    ChartPoint,
    date_ticks,
    format_day,
    render_ssd_chart,
    render_ssd_chart_with_layout,
)

START = date(2026, 11, 2)  # a Monday
WHITE = (255, 255, 255)


def day(offset: int) -> date:
    return START + timedelta(days=offset)


def rgb(colour: str) -> tuple[int, int, int]:
    return (int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16))


def render(
    points: list[ChartPoint], phases: list[ChartPhase], **options: Any
) -> tuple[Image.Image, ChartLayout, bytes]:
    arguments: dict[str, Any] = {
        "scale_min": 0,
        "scale_max": 10,
        "better": "lower",
        "client_code": "K-1042",
        "target": "Ångest",
    }
    png, layout = render_ssd_chart_with_layout(points, phases=phases, **(arguments | options))
    return Image.open(io.BytesIO(png)).convert("RGB"), layout, png


def two_phases() -> tuple[list[ChartPoint], list[ChartPhase]]:
    """A: days 0-9 alternating 8 and 6; B: days 12-21 alternating 1 and 3 (10, 11 missing)."""
    points = [ChartPoint(day(i), 8 if i % 2 == 0 else 6, "A") for i in range(10)]
    points += [ChartPoint(day(i), 1 if i % 2 == 0 else 3, "B") for i in range(12, 22)]
    return points, [ChartPhase("A", day(0)), ChartPhase("B", day(12), "DBT")]


def year_of_ratings() -> tuple[list[ChartPoint], list[ChartPhase]]:
    rnd = random.Random(4)
    phases = [ChartPhase("A", date(2026, 1, 1)), ChartPhase("B", date(2026, 3, 1))]
    phases.append(ChartPhase("C", date(2026, 8, 1)))
    points = []
    for i in range(380):
        d = date(2026, 1, 1) + timedelta(days=i)
        if i % 17 == 5:
            continue  # a missed day now and then
        phase = [p.label for p in phases if p.start <= d][-1]
        mean = {"A": 3, "B": 5, "C": 7}[phase]
        points.append(ChartPoint(d, min(10, max(0, round(rnd.gauss(mean, 1.5)))), phase))
    return points, phases


def near(image: Image.Image, xy: tuple[float, float], colour: tuple[int, int, int]) -> bool:
    """Whether the colour is within a pixel of xy (lines land on whole pixels)."""
    x, y = round(xy[0]), round(xy[1])
    return any(image.getpixel((x + dx, y + dy)) == colour for dx in (-1, 0, 1) for dy in (-1, 0, 1))


def dark_runs(image: Image.Image, x: int, top: float, bottom: float) -> int:
    """How many separate runs of near-black pixels a column has inside the plot box."""
    runs, inside = 0, False
    for y in range(round(top) + 2, round(bottom) - 2):
        dark = max(image.getpixel((x, y))) < 100
        runs += dark and not inside
        inside = dark
    return runs


def test_size_fits_a_phone_and_teams() -> None:
    image, layout, _ = render(*two_phases())

    assert 900 <= image.width <= 1024
    assert image.height <= 1024
    assert (image.width, image.height) == (layout.width_px, layout.height_px)


def test_no_text_is_smaller_than_fourteen_pixels() -> None:
    _, layout, _ = render(*two_phases())

    assert layout.min_font_px >= 14


def test_plot_area_is_not_blank() -> None:
    image, layout, _ = render(*two_phases())
    left, top, right, bottom = (round(v) for v in layout.plot_box_px)
    plot = image.crop((left, top, right, bottom))
    colours = plot.getcolors(maxcolors=1 << 16)
    assert colours is not None
    non_white = sum(count for count, colour in colours if colour != WHITE)

    assert non_white > 0.02 * plot.width * plot.height
    assert len(colours) >= 4
    assert rgb(DATA) in {colour for _, colour in colours}


def test_dashed_phase_line_where_expected() -> None:
    image, layout, _ = render(*two_phases(), show_means=False, show_baseline_trend=False)
    _, top, _, bottom = layout.plot_box_px
    (line_x,) = layout.phase_lines_px
    far_x = round(layout.px(day(4).toordinal() + 0.5, 0)[0])  # mid A, between two points

    assert line_x == pytest.approx(layout.px(day(9).toordinal() + 1.5, 0)[0])  # halfway 9..12
    dashes = max(dark_runs(image, round(line_x) + dx, top, bottom) for dx in (-1, 0, 1))
    assert dashes >= 10
    assert dark_runs(image, far_x, top, bottom) <= 1


def test_no_line_joins_the_phases_but_lines_join_within_a_phase() -> None:
    image, layout, _ = render(*two_phases(), show_means=False, show_baseline_trend=False)
    last_a, first_b = (day(9).toordinal(), 6), (day(12).toordinal(), 1)

    for share in (0.25, 0.75):  # a quarter of the way from the last A point, and three quarters
        x = last_a[0] + (first_b[0] - last_a[0]) * share
        y = last_a[1] + (first_b[1] - last_a[1]) * share
        assert not near(image, layout.px(x, y), rgb(DATA)), share
    # the control: the segment between A's points on days 2 (value 8) and 3 (value 6) is drawn
    assert near(image, layout.px(day(2).toordinal() + 0.5, 7), rgb(DATA))


def test_missing_days_within_a_phase_are_joined() -> None:
    points = [ChartPoint(day(0), 2, "A"), ChartPoint(day(1), 2, "A"), ChartPoint(day(7), 8, "A")]
    image, layout, _ = render(points, [ChartPhase("A", day(0))], show_means=False)

    assert near(image, layout.px(day(4), 5), rgb(DATA))


def test_points_at_the_scale_ends_are_drawn_inside_the_plot() -> None:
    points = [ChartPoint(day(i), value, "A") for i, value in enumerate((0, 10, 0, 10))]
    image, layout, _ = render(points, [ChartPhase("A", day(0))], show_means=False)
    _, top, _, bottom = layout.plot_box_px

    assert all(top < y < bottom for _, y in layout.points_px)
    assert all(near(image, xy, rgb(DATA)) for xy in layout.points_px)


def test_the_mean_line_lies_at_the_phase_mean() -> None:
    image, layout, _ = render(*two_phases(), show_baseline_trend=False)
    mean = rgb("#d55e00")

    assert near(image, layout.px(day(5), 7), mean)  # A alternates 8 and 6
    assert near(image, layout.px(day(17), 2), mean)
    assert not near(image, layout.px(day(5), 5), mean)


def test_one_point_renders() -> None:
    image, layout, _ = render([ChartPoint(day(0), 5, "A")], [ChartPhase("A", day(0))])

    assert near(image, layout.points_px[0], rgb(DATA))
    assert layout.phase_lines_px == ()


def test_a_phase_without_points_gets_its_stretch() -> None:
    points = [ChartPoint(day(i), 5, "A") for i in range(5)]
    points += [ChartPoint(day(i), 3, "C") for i in range(14, 20)]
    phases = [ChartPhase("A", day(0)), ChartPhase("B", day(7)), ChartPhase("C", day(10))]
    _, layout, _ = render(points, phases)

    expected = [
        layout.px(day(7).toordinal() - 0.5, 0)[0],
        layout.px(day(10).toordinal() - 0.5, 0)[0],
    ]
    assert list(layout.phase_lines_px) == pytest.approx(expected)
    assert "B" in layout.texts


def test_ratings_per_shift_share_their_day() -> None:
    points = [ChartPoint(day(0), value, "A") for value in (2, 5, 8)]
    _, layout, _ = render(points, [ChartPhase("A", day(0))])
    xs = [x for x, _ in layout.points_px]
    day_start, day_end = (
        layout.px(day(0).toordinal() - 0.5, 0)[0],
        layout.px(day(0).toordinal() + 0.5, 0)[0],
    )

    assert xs == sorted(set(xs))
    assert all(day_start < x < day_end for x in xs)


def test_a_year_of_ratings_stays_well_under_100_kb() -> None:
    _, layout, png = render(*year_of_ratings(), better="higher")

    assert len(png) < 100_000
    assert len(layout.points_px) > 350
    assert len(layout.phase_lines_px) == 2
    assert len(layout.x_tick_labels) <= 14


def test_title_names_client_target_and_dates() -> None:
    _, layout, _ = render(*two_phases())

    assert "K-1042 · Ångest" in layout.texts
    assert "2026-11-02 – 2026-11-23" in layout.texts


def test_a_long_target_is_shortened_to_fit() -> None:
    target = "Utbrott av ilska under kvällar och helger när ordinarie personal byts ut mot vikarier"
    _, layout, _ = render(*two_phases(), target=target)
    (title,) = [text for text in layout.texts if text.startswith("K-1042")]

    assert title.endswith("…")
    assert target.startswith(title.removeprefix("K-1042 · ").removesuffix("…"))


def test_swedish_by_default_english_on_request() -> None:
    _, swedish, _ = render(*two_phases())
    _, english, _ = render(*two_phases(), lang="en", better="higher")

    assert "skala 0–10   ↓ lägre är bättre" in swedish.texts
    assert "scale 0–10   ↑ higher is better" in english.texts
    assert swedish.x_tick_labels[:2] == ("2/11", "5/11")
    assert english.x_tick_labels[:2] == ("2 Nov", "5 Nov")


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [
        (0, 10, tuple(float(v) for v in range(11))),
        (1, 5, (1.0, 2.0, 3.0, 4.0, 5.0)),
        (0, 100, (0.0, 20.0, 40.0, 60.0, 80.0, 100.0)),
    ],
)
def test_y_axis_is_fixed_to_the_scale(low: int, high: int, expected: tuple[float, ...]) -> None:
    points = [ChartPoint(day(0), low, "A"), ChartPoint(day(1), high, "A")]
    _, layout, _ = render(points, [ChartPhase("A", day(0))], scale_min=low, scale_max=high)
    y0, y1 = layout.y_range

    assert layout.y_ticks == expected
    assert y0 < low < high < y1
    assert (y1 - y0) < (high - low) * 1.1


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        (date(2026, 12, 1), date(2026, 12, 4), ["1/12", "2/12", "3/12", "4/12"]),
        (
            date(2026, 12, 1),
            date(2026, 12, 13),
            ["1/12", "3/12", "5/12", "7/12", "9/12", "11/12", "13/12"],
        ),
        (date(2026, 11, 25), date(2026, 12, 31), ["30/11", "7/12", "14/12", "21/12", "28/12"]),
        (
            date(2026, 10, 20),
            date(2027, 1, 10),
            ["26/10", "9/11", "23/11", "7/12", "21/12", "4/1"],
        ),
        (
            date(2026, 10, 20),
            date(2027, 2, 10),
            ["1/11", "1/12", "2027", "1/2"],
        ),
        (date(2026, 3, 15), date(2027, 2, 20), ["1/5", "1/7", "1/9", "1/11", "2027"]),
    ],
)
def test_date_ticks_are_compact_and_few(first: date, last: date, expected: list[str]) -> None:
    ticks = date_ticks(first.toordinal(), last.toordinal())

    assert [format_day(d, "sv") for d in ticks] == expected


def test_english_ticks_name_the_month() -> None:
    assert [format_day(date(2026, 12, 3), "en"), format_day(date(2027, 1, 1), "en")] == [
        "3 Dec",
        "2027",
    ]


@pytest.mark.parametrize(
    ("points", "options", "message"),
    [
        ([], {}, "no points"),
        ([ChartPoint(day(0), 5, "X")], {}, "unknown phase"),
        ([ChartPoint(day(0), 11, "A")], {}, "outside the scale"),
        ([ChartPoint(day(0), 5, "A")], {"better": "up"}, "better"),
        ([ChartPoint(day(0), 5, "A")], {"scale_min": 10, "scale_max": 0}, "scale_min"),
        ([ChartPoint(day(0), 5, "B"), ChartPoint(day(1), 5, "A")], {}, "after a later phase"),
    ],
)
def test_refuses_what_it_cannot_draw_honestly(
    points: list[ChartPoint], options: dict[str, Any], message: str
) -> None:
    phases = [ChartPhase("A", day(0)), ChartPhase("B", day(5))]

    with pytest.raises(ValueError, match=message):
        render(points, phases, **options)


def test_same_input_same_png_also_from_threads() -> None:
    points, phases = two_phases()

    def draw(_: int) -> bytes:
        return render_ssd_chart(
            points,
            phases=phases,
            scale_min=0,
            scale_max=10,
            better="lower",
            client_code="K-1042",
            target="Ångest",
        )

    with ThreadPoolExecutor(max_workers=4) as pool:
        pngs = list(pool.map(draw, range(4)))

    assert len(set(pngs)) == 1
    assert pngs[0] == draw(0)
