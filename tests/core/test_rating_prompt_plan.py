"""When the daily rating prompt and its nudge are due: days, holidays, quiet hours,
pauses, the window after downtime, the one nudge."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from core.rating_prompt_plan import (
    EVERY_DAY,
    NUDGE,
    PROMPT,
    WEEKDAYS,
    Due,
    PromptSettings,
    in_quiet_hours,
    is_prompt_day,
    is_public_holiday,
    parse_clock,
    prompt_at,
    what_is_due,
)

DEFAULT = PromptSettings()


def due(
    settings: PromptSettings,
    at: str,
    *,
    unit_24_7: bool = False,
    prompted: str | None = None,
    nudged: bool = False,
) -> Due | None:
    return what_is_due(
        settings,
        datetime.fromisoformat(at),
        around_the_clock=unit_24_7,
        prompted_at=datetime.fromisoformat(prompted) if prompted else None,
        nudged=nudged,
    )


@pytest.mark.parametrize(
    ("day", "holiday"),
    [
        (date(2026, 12, 24), True),  # julafton
        (date(2026, 12, 25), True),
        (date(2026, 6, 19), True),  # midsommarafton
        (date(2027, 1, 6), True),  # trettondedag jul
        (date(2026, 11, 23), False),
        (date(2026, 11, 24), False),
    ],
)
def test_swedish_public_holidays(day: date, holiday: bool) -> None:
    assert is_public_holiday(day) is holiday


def test_office_units_get_weekdays_without_holidays_and_24_7_units_every_day() -> None:
    assert is_prompt_day(DEFAULT, date(2026, 11, 23), around_the_clock=False)  # Monday
    assert not is_prompt_day(DEFAULT, date(2026, 11, 22), around_the_clock=False)  # Sunday
    assert not is_prompt_day(DEFAULT, date(2026, 12, 25), around_the_clock=False)
    assert is_prompt_day(DEFAULT, date(2026, 12, 25), around_the_clock=True)
    assert is_prompt_day(DEFAULT, date(2026, 11, 22), around_the_clock=True)
    weekdays = PromptSettings(days=WEEKDAYS)
    assert not is_prompt_day(weekdays, date(2026, 11, 22), around_the_clock=True)
    every = PromptSettings(days=EVERY_DAY)
    assert is_prompt_day(every, date(2026, 11, 22), around_the_clock=False)


def test_a_pause_lasts_through_its_last_day() -> None:
    paused = PromptSettings(paused_until=date(2026, 11, 30))
    assert not is_prompt_day(paused, date(2026, 11, 30), around_the_clock=True)
    assert is_prompt_day(paused, date(2026, 12, 1), around_the_clock=True)


def test_quiet_hours_over_midnight() -> None:
    quiet = PromptSettings(quiet_start=time(22), quiet_end=time(7))
    assert in_quiet_hours(time(23, 30), quiet) and in_quiet_hours(time(6, 59), quiet)
    assert not in_quiet_hours(time(7), quiet) and not in_quiet_hours(time(21, 59), quiet)
    assert not in_quiet_hours(time(3), DEFAULT)


def test_a_prompt_time_inside_quiet_hours_waits_for_their_end() -> None:
    settings = PromptSettings(at=time(6, 30), quiet_start=time(22), quiet_end=time(7))
    assert prompt_at(settings, date(2026, 11, 23)) == datetime(2026, 11, 23, 7, 0)


def test_the_prompt_at_its_time_and_within_the_window_only() -> None:
    assert due(DEFAULT, "2026-11-23T07:59") is None
    assert due(DEFAULT, "2026-11-23T08:00") == Due(PROMPT, date(2026, 11, 23))
    assert due(DEFAULT, "2026-11-23T13:59") == Due(PROMPT, date(2026, 11, 23))
    assert due(DEFAULT, "2026-11-23T14:00") is None  # after downtime: not at night
    assert due(DEFAULT, "2026-11-22T09:00") is None  # Sunday, office unit
    assert due(DEFAULT, "2026-11-22T09:00", unit_24_7=True) == Due(PROMPT, date(2026, 11, 22))
    assert due(PromptSettings(enabled=False), "2026-11-23T09:00") is None


def test_one_nudge_after_the_set_hours() -> None:
    prompted = "2026-11-23T08:00"
    assert due(DEFAULT, "2026-11-23T10:59", prompted=prompted) is None
    assert due(DEFAULT, "2026-11-23T11:00", prompted=prompted) == Due(NUDGE, date(2026, 11, 23))
    assert due(DEFAULT, "2026-11-23T11:00", prompted=prompted, nudged=True) is None
    assert due(PromptSettings(nudge_hours=0), "2026-11-23T12:00", prompted=prompted) is None
    quiet = PromptSettings(quiet_start=time(10), quiet_end=time(12))
    assert due(quiet, "2026-11-23T11:00", prompted=prompted) is None


def test_a_late_evening_prompt_is_not_nudged_after_midnight() -> None:
    late = PromptSettings(at=time(22), nudge_hours=3)
    assert due(late, "2026-11-24T01:00", prompted="2026-11-23T22:00") is None


@pytest.mark.parametrize(
    ("text", "expected"), [("08:00", time(8)), ("7.45", time(7, 45)), ("21", time(21)), ("", None)]
)
def test_parse_clock(text: str, expected: time | None) -> None:
    assert parse_clock(text) == expected


@pytest.mark.parametrize(
    "text", ["åtta", "25:00", "8:61", "-1", "99999999999999999999:00", "8:99999999999999999999"]
)
def test_parse_clock_refuses(text: str) -> None:
    with pytest.raises(ValueError):
        parse_clock(text)
