"""When a reminder occurrence goes out, and what happens when it cannot (pure logic).

An occurrence is delivered on time, late (due more than LATE_AFTER ago: the card
says so) or, when older than the grace window, recorded as missed and only
summarised. A recurring reminder that missed many occurrences during downtime
skips straight past them: they are counted, not sent one by one.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from core.recurrence import localize, occurrences_between

GRACE = timedelta(hours=12)
LATE_AFTER = timedelta(minutes=2)
MAX_SKIPPED_COUNTED = 10_000


class Timing(StrEnum):
    ON_TIME = "on_time"
    LATE = "late"
    MISSED = "missed"


def timing_of(
    due_at: datetime, now: datetime, *, grace: timedelta = GRACE, late_after: timedelta = LATE_AFTER
) -> Timing:
    overdue = now - due_at
    if overdue > grace:
        return Timing.MISSED
    if overdue > late_after:
        return Timing.LATE
    return Timing.ON_TIME


@dataclass(frozen=True)
class MissedPlan:
    skipped: int  # later occurrences of the same rule that were missed too (not stored)
    resume_after: datetime  # plan the next occurrence strictly after this instant


def plan_missed(
    rule: str | None,
    dtstart_local: datetime,
    tz: ZoneInfo,
    due_at: datetime,
    now: datetime,
    *,
    grace: timedelta = GRACE,
) -> MissedPlan:
    """Skip to the first occurrence after now - grace; count what lies in between."""
    resume_after = max(due_at, now - grace)
    if rule is None or resume_after == due_at:
        return MissedPlan(skipped=0, resume_after=resume_after)
    between = occurrences_between(
        rule, dtstart_local, tz, due_at, resume_after, limit=MAX_SKIPPED_COUNTED
    )
    return MissedPlan(skipped=len(between), resume_after=resume_after)


def resume_after_delivery(due_at: datetime, now: datetime) -> datetime:
    """After a delivery (late or not) the next occurrence lies in the future:
    occurrences that fell between the due time and now are covered by this one."""
    return max(due_at, now)


@dataclass(frozen=True)
class Backoff:
    """Exponential backoff with full jitter, capped, honouring Retry-After."""

    base: timedelta = timedelta(seconds=30)
    cap: timedelta = timedelta(minutes=15)
    max_attempts: int = 6

    def gives_up(self, attempts: int) -> bool:
        return attempts >= self.max_attempts

    def delay(
        self,
        attempt: int,
        *,
        retry_after: float | None = None,
        rand: Callable[[], float] = random.random,
    ) -> timedelta:
        """The wait before attempt + 1; attempt counts from 1."""
        ceiling = min(self.cap, self.base * (2 ** max(attempt - 1, 0)))
        jittered = ceiling * rand()
        if retry_after is not None and retry_after > 0:
            return max(jittered, timedelta(seconds=retry_after))
        return jittered


SNOOZE_CHOICES = ("snooze15", "snooze60", "tomorrow")
TOMORROW_AT = (8, 0)


def snooze_until(choice: str, now: datetime, tz: ZoneInfo) -> datetime:
    """When a snoozed reminder comes back: in 15 min, in 1 h, or tomorrow 08:00 local."""
    if choice == "snooze15":
        return now + timedelta(minutes=15)
    if choice == "snooze60":
        return now + timedelta(hours=1)
    if choice == "tomorrow":
        tomorrow = now.astimezone(tz).date() + timedelta(days=1)
        hour, minute = TOMORROW_AT
        return localize(datetime(tomorrow.year, tomorrow.month, tomorrow.day, hour, minute), tz)
    raise ValueError(f"unknown snooze choice {choice!r}")
