"""Recurring times as RFC 5545 rules evaluated on the local wall clock.

A rule such as FREQ=DAILY;BYHOUR=8;BYMINUTE=0 is expanded with python-dateutil
on naive local datetimes, and each result is then placed in the user's zone.
So 08:00 stays 08:00 across daylight-saving changes (the UTC instant moves
instead). Local times that do not exist (02:30 on the spring-forward night)
move forward by the gap; times that happen twice (autumn) take the first.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr


def localize(naive_local: datetime, tz: ZoneInfo) -> datetime:
    """A wall-clock time in tz as an aware datetime; DST gaps move forward."""
    if naive_local.tzinfo is not None:
        raise ValueError("localize() takes a naive local datetime")
    first = naive_local.replace(tzinfo=tz, fold=0)
    # A time in the spring gap does not survive a round trip through UTC.
    round_trip = first.astimezone(UTC).astimezone(tz).replace(tzinfo=None)
    if round_trip != naive_local:
        gap = first.utcoffset() - naive_local.replace(tzinfo=tz, fold=1).utcoffset()  # type: ignore[operator]
        return (naive_local + abs(gap)).replace(tzinfo=tz, fold=0)
    return first


def validate_rule(rule: str, dtstart_local: datetime) -> None:
    """Raise ValueError if the rule is not an RRULE dateutil understands."""
    if dtstart_local.tzinfo is not None:
        raise ValueError("dtstart_local must be naive (local wall clock)")
    try:
        rrulestr(rule, dtstart=dtstart_local)
    except (ValueError, TypeError) as exc:
        raise ValueError(f"not a valid RRULE: {rule!r}") from exc


def iter_occurrences(
    rule: str, dtstart_local: datetime, tz: ZoneInfo, after: datetime
) -> Iterator[datetime]:
    """Occurrences strictly after the aware instant `after`, as aware local datetimes."""
    if after.tzinfo is None:
        raise ValueError("after must be timezone-aware")
    validate_rule(rule, dtstart_local)
    recurrence = rrulestr(rule, dtstart=dtstart_local)
    # Start a day early on the wall clock: offsets differ by at most a few hours.
    local_after = after.astimezone(tz).replace(tzinfo=None) - timedelta(days=1)
    for naive in recurrence.xafter(local_after, inc=False):
        at = localize(naive, tz)
        if at > after:
            yield at


def next_occurrence(
    rule: str, dtstart_local: datetime, tz: ZoneInfo, after: datetime
) -> datetime | None:
    """The first occurrence strictly after `after`, or None when the rule has ended."""
    return next(iter_occurrences(rule, dtstart_local, tz, after), None)


def occurrences_between(
    rule: str, dtstart_local: datetime, tz: ZoneInfo, after: datetime, until: datetime, limit: int
) -> list[datetime]:
    """At most `limit` occurrences in (after, until]."""
    found: list[datetime] = []
    for at in iter_occurrences(rule, dtstart_local, tz, after):
        if at > until or len(found) >= limit:
            break
        found.append(at)
    return found
