"""On time, late or missed; skipping past downtime; backoff; snooze times."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from core.reminder_plan import (
    Backoff,
    MissedPlan,
    Timing,
    plan_missed,
    resume_after_delivery,
    snooze_until,
    timing_of,
)

STOCKHOLM = ZoneInfo("Europe/Stockholm")
NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
DAILY_8 = "FREQ=DAILY;BYHOUR=8;BYMINUTE=0;BYSECOND=0"


@pytest.mark.parametrize(
    ("overdue", "expected"),
    [
        (timedelta(0), Timing.ON_TIME),
        (timedelta(minutes=2), Timing.ON_TIME),
        (timedelta(minutes=2, seconds=1), Timing.LATE),
        (timedelta(hours=5), Timing.LATE),
        (timedelta(hours=12), Timing.LATE),
        (timedelta(hours=12, seconds=1), Timing.MISSED),
        (timedelta(days=2), Timing.MISSED),
    ],
)
def test_timing_by_how_overdue(overdue: timedelta, expected: Timing) -> None:
    assert timing_of(NOW - overdue, NOW) == expected


def test_a_shorter_grace_window_misses_sooner() -> None:
    assert timing_of(NOW - timedelta(hours=2), NOW, grace=timedelta(hours=1)) == Timing.MISSED


def test_a_week_of_downtime_skips_to_the_first_occurrence_inside_the_grace_window() -> None:
    # Daily 08:00 Stockholm (07:00 UTC in November); the oldest pending one is a week old.
    due = datetime(2026, 11, 15, 7, 0, tzinfo=UTC)

    plan = plan_missed(DAILY_8, datetime(2026, 11, 1, 8, 0), STOCKHOLM, due, NOW)

    # 16th … 21st at 08:00 are older than now - 12 h = 21:00 on the 21st.
    assert plan == MissedPlan(skipped=6, resume_after=NOW - timedelta(hours=12))


def test_a_one_time_reminder_skips_nothing() -> None:
    due = datetime(2026, 11, 15, 7, 0, tzinfo=UTC)

    assert plan_missed(None, datetime(2026, 11, 15, 8), STOCKHOLM, due, NOW) == MissedPlan(
        skipped=0, resume_after=NOW - timedelta(hours=12)
    )


def test_after_a_late_delivery_the_next_one_is_after_now() -> None:
    assert resume_after_delivery(NOW - timedelta(hours=5), NOW) == NOW
    assert resume_after_delivery(NOW + timedelta(seconds=1), NOW) == NOW + timedelta(seconds=1)


@pytest.mark.parametrize(
    ("attempt", "ceiling"),
    [(1, 30), (2, 60), (3, 120), (5, 480), (6, 900), (20, 900)],
)
def test_backoff_doubles_up_to_the_cap(attempt: int, ceiling: int) -> None:
    backoff = Backoff(base=timedelta(seconds=30), cap=timedelta(minutes=15))

    assert backoff.delay(attempt, rand=lambda: 1.0) == timedelta(seconds=ceiling)
    assert backoff.delay(attempt, rand=lambda: 0.5) == timedelta(seconds=ceiling / 2)
    assert backoff.delay(attempt, rand=lambda: 0.0) == timedelta(0)


def test_backoff_waits_at_least_retry_after() -> None:
    backoff = Backoff(base=timedelta(seconds=30))

    assert backoff.delay(1, retry_after=120, rand=lambda: 1.0) == timedelta(seconds=120)
    assert backoff.delay(4, retry_after=2, rand=lambda: 1.0) == timedelta(seconds=240)


def test_backoff_gives_up_after_max_attempts() -> None:
    backoff = Backoff(max_attempts=3)

    assert [backoff.gives_up(n) for n in (1, 2, 3, 4)] == [False, False, True, True]


def test_snooze_times() -> None:
    late_evening = datetime(2026, 11, 22, 22, 30, tzinfo=UTC)  # 23:30 in Stockholm

    assert snooze_until("snooze15", NOW, STOCKHOLM) == NOW + timedelta(minutes=15)
    assert snooze_until("snooze60", NOW, STOCKHOLM) == NOW + timedelta(hours=1)
    assert snooze_until("tomorrow", late_evening, STOCKHOLM).isoformat() == (
        "2026-11-23T08:00:00+01:00"
    )
    # Across midnight UTC but not in Stockholm: 00:30 local on the 23rd -> the 24th.
    assert snooze_until("tomorrow", datetime(2026, 11, 22, 23, 30, tzinfo=UTC), STOCKHOLM) == (
        datetime(2026, 11, 24, 7, 0, tzinfo=UTC)
    )
    with pytest.raises(ValueError):
        snooze_until("later", NOW, STOCKHOLM)


def test_tomorrow_at_eight_across_the_autumn_change() -> None:
    at = snooze_until("tomorrow", datetime(2026, 10, 24, 18, 0, tzinfo=UTC), STOCKHOLM)

    assert (at.isoformat(), at.astimezone(UTC).hour) == ("2026-10-25T08:00:00+01:00", 7)
