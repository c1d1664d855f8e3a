"""When the daily rating prompt and its one nudge go out, pure.

Per user: a time of day (default 08:00, or the start of their shift), which days
(every day for staff of a 24/7 unit; Monday to Friday without Swedish public
holidays for office units, from the `holidays` package; or chosen), quiet hours
during which nothing is sent, a pause until a date (vacation), and one nudge a set
number of hours after the prompt if nothing due has been rated by then.

Everything is local wall-clock time in the user's zone, so 08:00 stays 08:00
across daylight-saving changes. After downtime a prompt still goes out within
PROMPT_WINDOW of its time (not at midnight for a morning prompt); later it is
skipped for that day. A prompt time inside quiet hours waits for their end.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache

import holidays

AUTO, EVERY_DAY, WEEKDAYS = "auto", "every_day", "weekdays"
DAY_CHOICES = (AUTO, EVERY_DAY, WEEKDAYS)
DEFAULT_TIME = time(8, 0)
DEFAULT_NUDGE_HOURS = 3
NUDGE_CHOICES = (0, 1, 2, 3, 4, 6, 8)
PROMPT_WINDOW = timedelta(hours=6)
PROMPT, NUDGE = "prompt", "nudge"


@dataclass(frozen=True)
class PromptSettings:
    enabled: bool = True
    at: time | None = None  # None: DEFAULT_TIME
    days: str = AUTO
    quiet_start: time | None = None  # both set, or neither
    quiet_end: time | None = None
    paused_until: date | None = None  # inclusive
    nudge_hours: int = DEFAULT_NUDGE_HOURS  # 0: no nudge

    @property
    def time_of_day(self) -> time:
        return self.at or DEFAULT_TIME


@lru_cache(maxsize=8)
def _swedish_holidays(year: int) -> holidays.HolidayBase:
    # "public" are the röda dagar; "de_facto" adds julafton, midsommarafton and
    # nyårsafton, which are not public holidays by law but on which offices close.
    return holidays.country_holidays("SE", years=year, categories=("public", "de_facto"))


def is_public_holiday(day: date) -> bool:
    """Days Swedish offices are closed: public holidays and the three eves."""
    return day in _swedish_holidays(day.year)


def is_prompt_day(settings: PromptSettings, day: date, around_the_clock: bool) -> bool:
    if settings.paused_until is not None and day <= settings.paused_until:
        return False
    days = settings.days
    if days == AUTO:
        days = EVERY_DAY if around_the_clock else WEEKDAYS
    if days == EVERY_DAY:
        return True
    return day.weekday() < 5 and not is_public_holiday(day)


def in_quiet_hours(moment: time, settings: PromptSettings) -> bool:
    start, end = settings.quiet_start, settings.quiet_end
    if start is None or end is None or start == end:
        return False
    if start < end:
        return start <= moment < end
    return moment >= start or moment < end  # over midnight, e.g. 22:00–07:00


def prompt_at(settings: PromptSettings, day: date) -> datetime:
    """The local (naive) moment of the day's prompt: its time, or the end of quiet
    hours when its time falls inside them."""
    moment = settings.time_of_day
    if in_quiet_hours(moment, settings) and settings.quiet_end is not None:
        shifted = datetime.combine(day, settings.quiet_end)
        return shifted if settings.quiet_end > moment else shifted + timedelta(days=1)
    return datetime.combine(day, moment)


@dataclass(frozen=True)
class Due:
    kind: str  # PROMPT or NUDGE
    day: date  # the prompt day it belongs to


def what_is_due(
    settings: PromptSettings,
    now_local: datetime,
    *,
    around_the_clock: bool,
    prompted_at: datetime | None,
    nudged: bool,
) -> Due | None:
    """What to send now (naive local time), given today's prompt so far.

    prompted_at: when today's prompt went out (local), None if it did not; nudged:
    whether today's nudge was already claimed."""
    if not settings.enabled:
        return None
    now = now_local.replace(tzinfo=None)
    day = now.date()
    if prompted_at is not None and prompted_at.date() != day:
        prompted_at = None  # yesterday's prompt: today has none yet
    if in_quiet_hours(now.time(), settings):
        return None
    if prompted_at is None:
        if not is_prompt_day(settings, day, around_the_clock):
            return None
        start = prompt_at(settings, day)
        if start <= now < start + PROMPT_WINDOW:
            return Due(PROMPT, day)
        return None
    if nudged or settings.nudge_hours <= 0:
        return None
    nudge_at = prompted_at.replace(tzinfo=None) + timedelta(hours=settings.nudge_hours)
    if nudge_at <= now < nudge_at + PROMPT_WINDOW and nudge_at.date() == day:
        return Due(NUDGE, day)
    return None


def parse_clock(text: str | None) -> time | None:
    """ "08:00", "8.00", "7:45" → time; blank → None; ValueError when not a time."""
    if text is None or not text.strip():
        return None
    cleaned = text.strip().replace(".", ":")
    hours, _, minutes = cleaned.partition(":")
    if not hours.isdigit() or (minutes and not minutes.isdigit()):
        raise ValueError(text)
    if len(hours) > 2 or len(minutes) > 2:  # time() overflows on a number of 20 digits
        raise ValueError(text)
    return time(int(hours), int(minutes or 0))


def format_clock(value: time | None) -> str | None:
    """time → "HH:MM" (as stored and as cards show it); None stays None."""
    return value.strftime("%H:%M") if value is not None else None
