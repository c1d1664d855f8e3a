"""Clashes with other meetings and the nearest free times: touching intervals, the
half-hour grid, ties, lunch gaps, weekends, Swedish holidays, `now`, daylight
saving, working-time edges, and a brute-force check on random busy sets."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.meeting_model import Interval
from core.meeting_slots import Busy, Clash, clashes, free_slots, is_working_time
from core.rating_prompt_plan import is_public_holiday

STOCKHOLM = ZoneInfo("Europe/Stockholm")
TODAY = datetime(2026, 11, 22, 12, 0, tzinfo=STOCKHOLM)  # a Sunday
LONG_AGO = datetime(2026, 1, 1, tzinfo=STOCKHOLM)


def at(day: str, clock: str) -> datetime:
    return datetime.combine(date.fromisoformat(day), time.fromisoformat(clock), tzinfo=STOCKHOLM)


def iv(day: str, start: str, end: str) -> Interval:
    return Interval(at(day, start), at(day, end))


def busy(day: str, start: str, end: str, who: str = "staff:1", label: str = "") -> Busy:
    return Busy(who, iv(day, start, end), label)


def local(slots: list[Interval]) -> list[tuple[str, str, str]]:
    """Slots as (local day, local start, local end) for readable assertions."""
    out = []
    for slot in slots:
        start, end = slot.start.astimezone(STOCKHOLM), slot.end.astimezone(STOCKHOLM)
        out.append((start.date().isoformat(), f"{start:%H:%M}", f"{end:%H:%M}"))
    return out


# --- clashes -----------------------------------------------------------------------


def test_touching_intervals_do_not_clash() -> None:
    proposed = iv("2026-11-24", "10:00", "11:00")
    found = clashes(
        proposed,
        [busy("2026-11-24", "11:00", "12:00"), busy("2026-11-24", "09:00", "10:00")],
    )
    assert found == []


def test_overlapping_intervals_clash() -> None:
    proposed = iv("2026-11-24", "10:00", "11:00")
    inside = busy("2026-11-24", "10:15", "10:45", "staff:2", "Handledning")
    edge = busy("2026-11-24", "10:59", "12:00", "staff:3", "Resursgruppsmöte K-1042")
    assert clashes(proposed, [inside, edge]) == [
        Clash("staff:2", inside.interval, "Handledning"),
        Clash("staff:3", edge.interval, "Resursgruppsmöte K-1042"),
    ]


def test_clashes_sorted_by_start_then_who() -> None:
    proposed = iv("2026-11-24", "09:00", "12:00")
    items = [
        busy("2026-11-24", "11:00", "11:30", "staff:1", "c"),
        busy("2026-11-24", "09:30", "10:00", "staff:9", "b"),
        busy("2026-11-24", "09:30", "10:30", "email:anna@x.se", "a"),
        busy("2026-11-24", "08:00", "09:15", "staff:5", "d"),
        busy("2026-11-25", "09:30", "10:00", "staff:1", "other day"),
    ]
    found = clashes(proposed, iter(items))  # any iterable will do
    assert [(c.who, c.label) for c in found] == [
        ("staff:5", "d"),
        ("email:anna@x.se", "a"),
        ("staff:9", "b"),
        ("staff:1", "c"),
    ]


def test_clashes_compare_instants_across_zones() -> None:
    proposed = iv("2026-11-24", "10:00", "11:00")  # 09:00–10:00 UTC
    utc_busy = Busy(
        "staff:1",
        Interval(datetime(2026, 11, 24, 9, 30, tzinfo=UTC), datetime(2026, 11, 24, 10, tzinfo=UTC)),
    )
    after = Busy(
        "staff:2",
        Interval(datetime(2026, 11, 24, 10, tzinfo=UTC), datetime(2026, 11, 24, 11, tzinfo=UTC)),
    )
    assert [c.who for c in clashes(proposed, [utc_busy, after])] == ["staff:1"]


def test_clashes_in_the_repeated_autumn_hour() -> None:
    # On 2026-10-25 Stockholm's clocks go 03:00 CEST -> 02:00 CET, so 02:00–03:00
    # happens twice. Wall-clock order and real order differ there.
    summer_0250 = datetime(2026, 10, 25, 2, 50, tzinfo=STOCKHOLM)  # 00:50 UTC
    winter_0310 = datetime(2026, 10, 25, 3, 10, tzinfo=STOCKHOLM)  # 02:10 UTC
    handover = Busy("staff:1", Interval(summer_0250, winter_0310), "Överlämning")
    # 01:15–01:45 UTC is 02:15–02:45 CET, "before" 02:50 on the wall but inside the
    # handover in real time.
    proposed = Interval(
        datetime(2026, 10, 25, 1, 15, tzinfo=UTC), datetime(2026, 10, 25, 1, 45, tzinfo=UTC)
    )
    assert [c.label for c in clashes(proposed, [handover])] == ["Överlämning"]
    # 02:00–02:45 CEST (00:00–00:45 UTC) overlaps 02:30–03:30 CET by the wall clock only.
    summer = Interval(
        datetime(2026, 10, 25, 2, 0, tzinfo=STOCKHOLM),
        datetime(2026, 10, 25, 2, 45, tzinfo=STOCKHOLM),
    )
    winter = Busy(
        "staff:2",
        Interval(
            datetime(2026, 10, 25, 2, 30, fold=1, tzinfo=STOCKHOLM),
            datetime(2026, 10, 25, 3, 30, tzinfo=STOCKHOLM),
        ),
    )
    assert clashes(summer, [winter]) == []


# --- free_slots on ordinary days ---------------------------------------------------


def test_three_nearest_around_a_clash_on_a_tuesday() -> None:
    proposed = iv("2026-11-24", "10:00", "11:00")
    items = [
        busy("2026-11-24", "10:00", "11:00", "staff:1"),
        busy("2026-11-24", "11:30", "12:00", "staff:2"),
    ]
    # 09:00 is 60 min away, 08:30 90 min; 12:00 and 08:00 are both 120 min away and
    # the later one wins the tie.
    assert local(free_slots(proposed, items, STOCKHOLM, now=TODAY)) == [
        ("2026-11-24", "08:30", "09:30"),
        ("2026-11-24", "09:00", "10:00"),
        ("2026-11-24", "12:00", "13:00"),
    ]


def test_free_proposal_is_not_suggested_and_ties_go_later() -> None:
    proposed = iv("2026-11-24", "10:00", "11:00")
    # 09:30 and 10:30 are 30 min away; 09:00 and 11:00 60 min, 11:00 wins.
    assert local(free_slots(proposed, [], STOCKHOLM, now=TODAY)) == [
        ("2026-11-24", "09:30", "10:30"),
        ("2026-11-24", "10:30", "11:30"),
        ("2026-11-24", "11:00", "12:00"),
    ]


def test_off_grid_proposal_gets_grid_suggestions() -> None:
    proposed = iv("2026-11-24", "10:10", "10:55")  # 45 minutes
    items = [busy("2026-11-24", "10:00", "11:00")]
    assert local(free_slots(proposed, items, STOCKHOLM, now=TODAY, count=2)) == [
        ("2026-11-24", "09:00", "09:45"),
        ("2026-11-24", "11:00", "11:45"),
    ]


def test_nested_and_touching_busy_intervals_of_different_people() -> None:
    proposed = iv("2026-11-24", "10:00", "11:00")
    items = [
        busy("2026-11-24", "08:00", "12:00", "staff:1"),
        busy("2026-11-24", "09:00", "09:30", "staff:2"),  # inside the first
        busy("2026-11-24", "12:00", "13:00", "staff:3"),  # touches the first
        busy("2026-11-24", "12:30", "14:00", "staff:4"),
    ]
    now = at("2026-11-24", "07:00")
    assert local(free_slots(proposed, items, STOCKHOLM, now=now, count=2)) == [
        ("2026-11-24", "14:00", "15:00"),
        ("2026-11-24", "14:30", "15:30"),
    ]


def test_lunch_gap_too_short_moves_to_the_next_day() -> None:
    now = at("2026-11-24", "07:00")  # Monday is already past
    proposed = iv("2026-11-24", "14:00", "15:30")
    items = [
        busy("2026-11-24", "08:00", "12:00", "staff:1"),
        busy("2026-11-24", "13:00", "17:00", "staff:2"),
        busy("2026-11-25", "08:00", "09:00", "staff:3"),
    ]
    assert local(free_slots(proposed, items, STOCKHOLM, now=now)) == [
        ("2026-11-25", "09:00", "10:30"),
        ("2026-11-25", "09:30", "11:00"),
        ("2026-11-25", "10:00", "11:30"),
    ]


def test_lunch_gap_is_used_when_the_meeting_fits() -> None:
    now = at("2026-11-24", "07:00")
    proposed = iv("2026-11-24", "14:00", "15:00")
    items = [
        busy("2026-11-24", "08:00", "12:00", "staff:1"),
        busy("2026-11-24", "13:00", "17:00", "staff:2"),
    ]
    assert local(free_slots(proposed, items, STOCKHOLM, now=now, count=1)) == [
        ("2026-11-24", "12:00", "13:00")
    ]


def test_weekend_is_skipped() -> None:
    now = at("2026-11-27", "07:00")  # Friday morning
    proposed = iv("2026-11-27", "16:30", "17:30")
    items = [busy("2026-11-27", "08:00", "16:30")]
    slots = free_slots(proposed, items, STOCKHOLM, now=now)
    assert local(slots) == [
        ("2026-11-30", "08:00", "09:00"),
        ("2026-11-30", "08:30", "09:30"),
        ("2026-11-30", "09:00", "10:00"),
    ]
    for slot in slots:
        assert slot.start.astimezone(STOCKHOLM).weekday() < 5
        assert slot.end.astimezone(STOCKHOLM).time() <= time(17, 0)


def test_friday_afternoon_stays_inside_the_day() -> None:
    now = at("2026-11-27", "07:00")
    proposed = iv("2026-11-27", "16:30", "17:30")  # runs past 17:00 itself
    slots = free_slots(proposed, [], STOCKHOLM, now=now)
    assert local(slots) == [
        ("2026-11-27", "15:00", "16:00"),
        ("2026-11-27", "15:30", "16:30"),
        ("2026-11-27", "16:00", "17:00"),
    ]


@pytest.mark.parametrize(
    ("closed", "next_open"),
    [
        ("2026-05-14", "2026-05-15"),  # Kristi himmelsfärd; the Friday after is open
        ("2026-06-19", "2026-06-22"),  # midsommarafton, then midsommardagen and Sunday
        ("2026-12-24", "2026-12-28"),  # julafton, juldagen, annandag jul on Saturday
        ("2026-12-31", "2027-01-04"),  # nyårsafton, nyårsdagen on Friday
        ("2027-01-06", "2027-01-07"),  # trettondedag jul
    ],
)
def test_swedish_holidays_are_skipped(closed: str, next_open: str) -> None:
    now = at(closed, "00:00")
    proposed = iv(closed, "10:00", "11:00")
    assert local(free_slots(proposed, [], STOCKHOLM, now=now)) == [
        (next_open, "08:00", "09:00"),
        (next_open, "08:30", "09:30"),
        (next_open, "09:00", "10:00"),
    ]


def test_holiday_skipped_searching_backwards() -> None:
    proposed = iv("2027-01-07", "09:00", "10:00")
    items = [busy("2027-01-07", "08:00", "17:00"), busy("2027-01-08", "08:00", "17:00")]
    # Trettondedag jul (Wednesday) is closed; Tuesday afternoon is nearer than Monday
    # the 11th.
    assert local(free_slots(proposed, items, STOCKHOLM, now=at("2026-12-01", "08:00"))) == [
        ("2027-01-05", "15:00", "16:00"),
        ("2027-01-05", "15:30", "16:30"),
        ("2027-01-05", "16:00", "17:00"),
    ]


def test_nothing_before_now_and_now_rounds_up_to_the_half_hour() -> None:
    proposed = iv("2026-11-24", "10:00", "11:00")
    items = [busy("2026-11-24", "10:30", "11:00")]
    # 09:30 (after 09:20) is allowed, 09:00 is not.
    assert local(free_slots(proposed, items, STOCKHOLM, now=at("2026-11-24", "09:20"))) == [
        ("2026-11-24", "09:30", "10:30"),
        ("2026-11-24", "11:00", "12:00"),
        ("2026-11-24", "11:30", "12:30"),
    ]


def test_proposal_in_the_past_gets_future_times_only() -> None:
    proposed = iv("2026-11-20", "10:00", "11:00")  # last Friday; today is Sunday
    slots = free_slots(proposed, [], STOCKHOLM, now=TODAY)
    assert local(slots) == [
        ("2026-11-23", "08:00", "09:00"),
        ("2026-11-23", "08:30", "09:30"),
        ("2026-11-23", "09:00", "10:00"),
    ]
    assert all(slot.start >= TODAY for slot in slots)


def test_longer_than_a_working_day_has_no_slots() -> None:
    proposed = Interval(at("2026-11-24", "08:00"), at("2026-11-24", "17:30"))
    assert free_slots(proposed, [], STOCKHOLM, now=TODAY) == []


def test_a_whole_working_day_fits_only_at_eight() -> None:
    proposed = iv("2026-11-25", "08:00", "17:00")
    assert local(free_slots(proposed, [], STOCKHOLM, now=TODAY)) == [
        ("2026-11-24", "08:00", "17:00"),
        ("2026-11-26", "08:00", "17:00"),
        ("2026-11-27", "08:00", "17:00"),
    ]


def test_search_window_is_bounded() -> None:
    proposed = iv("2026-11-24", "10:00", "11:00")
    items = [busy(f"2026-11-{d}", "08:00", "17:00") for d in range(23, 28)]  # Mon–Fri
    assert free_slots(proposed, items, STOCKHOLM, now=TODAY, search_days=3) == []
    assert local(free_slots(proposed, items, STOCKHOLM, now=TODAY, search_days=6, count=1)) == [
        ("2026-11-30", "08:00", "09:00")
    ]


def test_count_zero_and_fewer_than_count() -> None:
    proposed = iv("2026-11-24", "10:00", "11:00")
    assert free_slots(proposed, [], STOCKHOLM, now=TODAY, count=0) == []
    items = [
        busy("2026-11-24", "08:00", "10:00"),
        busy("2026-11-24", "11:00", "17:00"),
    ]
    assert local(free_slots(proposed, items, STOCKHOLM, now=TODAY, search_days=0)) == []
    items[1] = busy("2026-11-24", "11:30", "17:00")
    assert local(free_slots(proposed, items, STOCKHOLM, now=TODAY, search_days=0)) == [
        ("2026-11-24", "10:30", "11:30")
    ]


def test_naive_now_is_refused() -> None:
    with pytest.raises(ValueError):
        free_slots(iv("2026-11-24", "10:00", "11:00"), [], STOCKHOLM, now=datetime(2026, 11, 22))


# --- daylight saving ---------------------------------------------------------------


def test_monday_after_the_spring_change() -> None:
    proposed = iv("2026-03-30", "10:00", "11:00")  # CEST, 08:00–09:00 UTC
    items = [
        Busy(
            "staff:1",
            Interval(datetime(2026, 3, 30, 8, tzinfo=UTC), datetime(2026, 3, 30, 9, tzinfo=UTC)),
        )
    ]
    slots = free_slots(proposed, items, STOCKHOLM, now=at("2026-03-27", "12:00"))
    assert local(slots) == [
        ("2026-03-30", "09:00", "10:00"),
        ("2026-03-30", "11:00", "12:00"),
        ("2026-03-30", "11:30", "12:30"),
    ]
    assert [s.start.astimezone(UTC).hour for s in slots] == [7, 9, 9]
    assert all(s.start.utcoffset() == timedelta(hours=2) for s in slots)


def test_monday_after_the_autumn_change() -> None:
    proposed = iv("2026-10-26", "10:00", "11:00")  # CET, 09:00–10:00 UTC
    items = [
        Busy(
            "staff:1",
            Interval(datetime(2026, 10, 26, 9, tzinfo=UTC), datetime(2026, 10, 26, 10, tzinfo=UTC)),
        )
    ]
    slots = free_slots(proposed, items, STOCKHOLM, now=at("2026-10-23", "12:00"))
    assert local(slots) == [
        ("2026-10-26", "09:00", "10:00"),
        ("2026-10-26", "11:00", "12:00"),
        ("2026-10-26", "11:30", "12:30"),
    ]
    assert [s.start.astimezone(UTC).hour for s in slots] == [8, 10, 10]
    assert all(s.start.utcoffset() == timedelta(hours=1) for s in slots)


def test_autumn_friday_keeps_summer_time() -> None:
    proposed = iv("2026-10-26", "08:00", "09:00")
    items = [busy(f"2026-10-{d}", "08:00", "17:00") for d in (26, 27, 28, 29, 30)]
    slots = free_slots(proposed, items, STOCKHOLM, now=at("2026-10-19", "08:00"), count=1)
    assert local(slots) == [("2026-10-23", "16:00", "17:00")]
    assert slots[0].start.utcoffset() == timedelta(hours=2)


def test_distance_is_elapsed_time_across_the_spring_change() -> None:
    # Proposed Friday 19:30 CET. Wednesday 08:00 CET is 59.5 h before it; Monday 08:00
    # CEST is 59.5 h after it in elapsed time (60.5 h on the wall clock). The tie goes
    # to the later one; counting wall-clock hours would pick Wednesday.
    proposed = iv("2026-03-27", "19:30", "20:30")
    items = [
        busy("2026-03-25", "09:00", "17:00"),
        busy("2026-03-26", "08:00", "17:00"),
        busy("2026-03-27", "08:00", "17:00"),
    ]
    now = at("2026-03-23", "07:00")
    assert local(free_slots(proposed, items, STOCKHOLM, now=now, count=1)) == [
        ("2026-03-30", "08:00", "09:00")
    ]
    assert local(free_slots(proposed, items, STOCKHOLM, now=now, count=2)) == [
        ("2026-03-25", "08:00", "09:00"),
        ("2026-03-30", "08:00", "09:00"),
    ]


# --- is_working_time ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "start", "end", "expected"),
    [
        ("2026-11-24", "08:00", "09:00", True),
        ("2026-11-24", "16:00", "17:00", True),
        ("2026-11-24", "08:00", "17:00", True),
        ("2026-11-24", "16:30", "17:30", False),
        ("2026-11-24", "07:30", "08:30", False),
        ("2026-11-28", "10:00", "11:00", False),  # Saturday
        ("2026-11-29", "10:00", "11:00", False),  # Sunday
        ("2026-12-24", "10:00", "11:00", False),  # julafton
        ("2026-06-19", "10:00", "11:00", False),  # midsommarafton
        ("2026-05-14", "10:00", "11:00", False),  # Kristi himmelsfärd
        ("2026-05-15", "10:00", "11:00", True),  # klämdag, but open
    ],
)
def test_is_working_time(day: str, start: str, end: str, expected: bool) -> None:
    assert is_working_time(iv(day, start, end), STOCKHOLM) is expected


def test_is_working_time_across_midnight_and_zones() -> None:
    overnight = Interval(at("2026-11-24", "16:00"), at("2026-11-25", "09:00"))
    assert not is_working_time(overnight, STOCKHOLM)
    # 07:00–08:00 UTC is 08:00–09:00 in Stockholm in winter.
    utc = Interval(datetime(2026, 11, 24, 7, tzinfo=UTC), datetime(2026, 11, 24, 8, tzinfo=UTC))
    assert is_working_time(utc, STOCKHOLM)
    assert not is_working_time(utc, ZoneInfo("UTC"))


# --- random busy sets against brute force ------------------------------------------


def brute_force(
    proposed: Interval, items: list[Busy], now: datetime, count: int, search_days: int
) -> list[Interval]:
    """Every grid start in the window, checked the slow way, nearest first."""
    length = proposed.end.astimezone(UTC) - proposed.start.astimezone(UTC)
    first = proposed.start.astimezone(STOCKHOLM).date()
    candidates: list[tuple[float, float, Interval]] = []
    for offset in range(-search_days, search_days + 1):
        day = first + timedelta(days=offset)
        for minutes in range(8 * 60, 17 * 60, 30):
            start = datetime.combine(day, time(minutes // 60, minutes % 60), tzinfo=STOCKHOLM)
            slot = Interval(start, (start.astimezone(UTC) + length).astimezone(STOCKHOLM))
            if (
                slot.start < now
                or slot.start == proposed.start
                or not is_working_time(slot, STOCKHOLM)
                or any(slot.overlaps(b.interval) for b in items)
            ):
                continue
            distance = (slot.start - proposed.start).total_seconds()
            candidates.append((abs(distance), -distance, slot))
    candidates.sort(key=lambda c: (c[0], c[1]))
    return sorted((c[2] for c in candidates[:count]), key=lambda s: s.start)


BASE_DAY = date(2026, 12, 14)  # a Monday; the window reaches the Christmas holidays


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[Interval, list[Busy], datetime, int, int]:
    def moment(max_days: int) -> datetime:
        day = BASE_DAY + timedelta(days=draw(st.integers(-max_days, max_days)))
        minutes = draw(st.integers(6 * 60, 19 * 60)) // 5 * 5
        return datetime.combine(day, time(minutes // 60, minutes % 60), tzinfo=STOCKHOLM)

    start = moment(10)
    proposed = Interval(
        start, start + timedelta(minutes=draw(st.sampled_from([15, 30, 45, 60, 90, 120, 240])))
    )
    items = []
    spread = draw(st.sampled_from([3, 14]))  # dense (nested, overlapping) or sparse
    for i in range(draw(st.integers(0, 60))):
        b_start = moment(spread)
        b_len = timedelta(minutes=draw(st.integers(1, 48)) * 15)
        b_end = b_start + b_len
        if draw(st.booleans()):  # as loaded from a database: the same instants in UTC
            b_start, b_end = b_start.astimezone(UTC), b_end.astimezone(UTC)
        items.append(Busy(f"staff:{i % 6}", Interval(b_start, b_end)))
    now = moment(12)
    return proposed, items, now, draw(st.integers(1, 5)), draw(st.integers(0, 10))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_random_busy_sets_match_brute_force(
    scenario: tuple[Interval, list[Busy], datetime, int, int],
) -> None:
    proposed, items, now, count, search_days = scenario
    slots = free_slots(proposed, items, STOCKHOLM, now=now, count=count, search_days=search_days)
    length = proposed.end - proposed.start
    for slot in slots:
        assert is_working_time(slot, STOCKHOLM)
        assert not any(slot.overlaps(b.interval) for b in items)
        assert slot.start >= now
        assert slot.end - slot.start == length
        assert slot.start.astimezone(STOCKHOLM).minute in (0, 30)
        assert slot.start != proposed.start
    assert slots == sorted(slots, key=lambda s: s.start)
    expected = brute_force(proposed, items, now, count, search_days)
    assert len(slots) == len(expected)
    if slots:
        farthest = max(abs(s.start - proposed.start) for s in slots)
        nearer = [s for s in expected if abs(s.start - proposed.start) < farthest]
        assert all(s in slots for s in nearer)
    assert slots == expected


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_a_week_is_enough_when_it_has_all_the_free_times_asked_for(
    scenario: tuple[Interval, list[Busy], datetime, int, int],
) -> None:
    """MeetingService looks within 7 days first and keeps the answer when it has
    all it asked for: then it is the answer of the four-week search."""
    proposed, items, now, count, _days = scenario
    near = free_slots(proposed, items, STOCKHOLM, now=now, count=count, search_days=7)
    wide = free_slots(proposed, items, STOCKHOLM, now=now, count=count, search_days=28)
    if len(near) == count:
        assert near == wide


def test_clashes_match_brute_force_on_random_sets() -> None:
    import random

    rng = random.Random(20261122)
    for _ in range(200):
        items = []
        for i in range(40):
            start = datetime(2026, 11, 23, 8, tzinfo=STOCKHOLM) + timedelta(
                minutes=15 * rng.randrange(0, 5 * 36)
            )
            items.append(
                Busy(
                    f"staff:{i}", Interval(start, start + timedelta(minutes=15 * rng.randint(1, 8)))
                )
            )
        start = datetime(2026, 11, 23, 8, tzinfo=STOCKHOLM) + timedelta(
            minutes=15 * rng.randrange(0, 5 * 36)
        )
        proposed = Interval(start, start + timedelta(minutes=15 * rng.randint(1, 8)))
        expected = sorted(
            (b for b in items if b.interval.overlaps(proposed)),
            key=lambda b: (b.interval.start, b.who),
        )
        assert clashes(proposed, items) == [Clash(b.who, b.interval, b.label) for b in expected]


def test_no_closed_day_in_the_brute_force_window_is_suggested() -> None:
    # A sanity check on the helper the property test relies on.
    assert is_public_holiday(date(2026, 12, 24))
    proposed = iv("2026-12-23", "10:00", "11:00")
    items = [busy("2026-12-23", "08:00", "17:00")]
    now = at("2026-12-23", "07:00")
    assert brute_force(proposed, items, now, 1, 10) == [iv("2026-12-28", "08:00", "09:00")]
