"""Rules on the local wall clock: 08:00 stays 08:00 across daylight-saving changes."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from core.recurrence import localize, next_occurrence, occurrences_between, validate_rule

STOCKHOLM = ZoneInfo("Europe/Stockholm")
DAILY_8 = "FREQ=DAILY;BYHOUR=8;BYMINUTE=0;BYSECOND=0"


@pytest.mark.parametrize(
    ("after", "expected"),
    [
        # 2026: summer time starts 29 March, ends 25 October; 2027: 28 March, 31 October.
        (datetime(2026, 3, 28, 12, tzinfo=UTC), ["2026-03-29T08:00:00+02:00"]),
        (datetime(2026, 10, 24, 12, tzinfo=UTC), ["2026-10-25T08:00:00+01:00"]),
        (datetime(2027, 3, 27, 12, tzinfo=UTC), ["2027-03-28T08:00:00+02:00"]),
        (datetime(2027, 10, 30, 12, tzinfo=UTC), ["2027-10-31T08:00:00+01:00"]),
        (datetime(2026, 12, 31, 12, tzinfo=UTC), ["2027-01-01T08:00:00+01:00"]),
    ],
)
def test_daily_eight_stays_eight_across_changes(after: datetime, expected: list[str]) -> None:
    at = next_occurrence(DAILY_8, datetime(2026, 1, 1, 8, 0), STOCKHOLM, after)

    assert at is not None
    assert [at.isoformat()] == expected


def test_the_utc_instant_moves_by_an_hour_over_the_spring_change() -> None:
    found = occurrences_between(
        DAILY_8,
        datetime(2026, 3, 1, 8, 0),
        STOCKHOLM,
        datetime(2026, 3, 27, 12, tzinfo=UTC),
        datetime(2026, 3, 31, tzinfo=UTC),
        limit=10,
    )

    assert [at.astimezone(UTC).hour for at in found] == [7, 6, 6]
    assert [at.hour for at in found] == [8, 8, 8]


def test_a_time_in_the_spring_gap_moves_forward_and_an_autumn_repeat_takes_the_first() -> None:
    assert localize(datetime(2026, 3, 29, 2, 30), STOCKHOLM).isoformat() == (
        "2026-03-29T03:30:00+02:00"
    )
    assert localize(datetime(2026, 10, 25, 2, 30), STOCKHOLM).isoformat() == (
        "2026-10-25T02:30:00+02:00"
    )


def test_every_other_tuesday_and_the_end_of_a_rule() -> None:
    rule = "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;BYHOUR=10;BYMINUTE=0;COUNT=2"
    start = datetime(2026, 11, 24, 10, 0)
    after = datetime(2026, 11, 22, tzinfo=UTC)

    found = occurrences_between(rule, start, STOCKHOLM, after, datetime(2027, 2, 1, tzinfo=UTC), 9)

    assert [at.date().isoformat() for at in found] == ["2026-11-24", "2026-12-08"]
    assert next_occurrence(rule, start, STOCKHOLM, found[-1]) is None


def test_bad_rules_and_naive_instants_are_refused() -> None:
    with pytest.raises(ValueError):
        validate_rule("FREQ=SOMETIMES", datetime(2026, 1, 1))
    with pytest.raises(ValueError):
        next_occurrence(DAILY_8, datetime(2026, 1, 1, 8), STOCKHOLM, datetime(2026, 1, 2))
