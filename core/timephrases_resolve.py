"""Parts of a time phrase → a time, an RRULE, or a reason (pure code).

The readings chosen here are listed in core/timephrases.py's docstring.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta

from core.recurrence import localize, next_occurrence
from core.timephrases_parts import Parts, Rec
from core.timephrases_types import Ambiguous, NotUnderstood, OneTime, ParsedWhen, Recurring

DEFAULT_TIME = (8, 0)
PERIOD_TIMES = {
    "bitti": (7, 0),
    "morgon": (8, 0),
    "förmiddag": (10, 0),
    "lunch": (12, 0),
    "eftermiddag": (14, 0),
    "kväll": (19, 0),
}


def resolve(parts: Parts, now: datetime, tz: ZoneInfo) -> ParsedWhen:
    if parts.rec is not None:
        return _recurring(parts, parts.rec, now, tz)
    if parts.offset is not None:
        return _from_offset(parts, parts.offset, now, tz)
    return _one_time(parts, now, tz)


# Readings of the time of day


def _readings(parts: Parts, has_day: bool) -> list[tuple[int, int]] | str:
    """The possible (hour, minute) of a phrase, or a reason key."""
    clock, period = parts.clock, parts.period
    if clock is None:
        if period is None:
            return [DEFAULT_TIME]
        if period == "natt":
            return "when.need_time"
        return [PERIOD_TIMES[period]] if period in PERIOD_TIMES else "when.unknown"
    hour, minute = clock.hour, clock.minute
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return "when.bad_clock"
    if clock.kind == "bare" and not (has_day or period or parts.rec):
        return "when.unknown"
    if clock.kind == "padded" or hour == 0 or hour > 12:
        return [(hour, minute)]
    if period is not None:
        return [(_with_period(hour, period), minute)]
    if clock.kind == "words":
        return [(hour + 12 if hour <= 6 else hour, minute)]
    if hour <= 6:
        return [(hour, minute), (hour + 12, minute)]
    return [(hour, minute)]


def _with_period(hour: int, period: str) -> int:
    """An hour 1-12 read with a part of the day: kl 8 ikväll is 20:00."""
    if period == "am":
        return hour % 12
    if period in ("pm", "eftermiddag", "kväll"):
        return hour if hour == 12 else hour + 12
    if period == "natt":
        return 0 if hour == 12 else hour + 12 if hour >= 7 else hour
    if period == "lunch":
        return hour + 12 if hour <= 6 else hour
    return hour  # morgon, bitti, förmiddag


def _has_clock(parts: Parts) -> bool:
    return parts.clock is not None or parts.period is not None


def _has_day(parts: Parts) -> bool:
    return any(
        value not in (None, False)
        for value in (
            parts.rel_day,
            parts.weekday,
            parts.next_week,
            parts.iso_week,
            parts.ymd,
            parts.monthday,
        )
    )


def _answer(found: list[datetime | str]) -> ParsedWhen:
    """One reading → that; two → Ambiguous, unless one of them could not be."""
    valid = [item for item in found if isinstance(item, datetime)]
    if len(valid) > 1:
        return Ambiguous(tuple(valid), "when.ambiguous_hour")
    if valid:
        return OneTime(valid[0])
    return NotUnderstood(str(found[0]))


# One time


def _one_time(parts: Parts, now: datetime, tz: ZoneInfo) -> ParsedWhen:
    today = now.astimezone(tz).date()
    day = _explicit_day(parts, today)
    if isinstance(day, str):
        return NotUnderstood(day)
    readings = _readings(parts, day is not None)
    if isinstance(readings, str):
        return NotUnderstood(readings)
    if day is None and not _has_clock(parts):
        return NotUnderstood("when.unknown")
    found: list[datetime | str] = []
    for hour, minute in readings:
        if day is None:  # a time alone: today, or tomorrow once it has passed
            at = localize(datetime.combine(today, time(hour, minute)), tz)
            if at <= now:
                at = localize(datetime.combine(today + timedelta(days=1), time(hour, minute)), tz)
            found.append(at)
            continue
        at = localize(datetime.combine(day, time(hour, minute)), tz)
        if at > now:
            found.append(at)
        elif _later_tonight(parts, day, today):
            found.append(_an_hour_from(now))
        elif not _has_clock(parts) and day == today:
            found.append("when.need_time")
        else:
            found.append("when.in_past")
    return _answer(found)


def _later_tonight(parts: Parts, day: date, today: date) -> bool:
    """ "ikväll" (or "idag kväll") without a time, said after 19:00: still tonight."""
    return parts.period == "kväll" and parts.clock is None and day == today


def _an_hour_from(now: datetime) -> datetime:
    """Later tonight: an hour from now, rounded up to the next quarter hour (20:30 →
    21:30, 20:31 → 21:45), past midnight if need be. Elapsed time, so a
    daylight-saving change in between is counted right; the zones we serve have
    whole-quarter offsets, so a quarter in UTC is a quarter on the wall clock."""
    later = now.astimezone(UTC) + timedelta(hours=1)
    over = timedelta(
        minutes=later.minute % 15, seconds=later.second, microseconds=later.microsecond
    )
    if over:
        later += timedelta(minutes=15) - over
    return later.astimezone(now.tzinfo)


def _explicit_day(parts: Parts, today: date) -> date | str | None:
    """The day the phrase names, None when it names none, or a reason key."""
    named = [parts.rel_day is not None, parts.ymd is not None, parts.monthday is not None]
    if sum(named) + (parts.iso_week is not None) > 1:
        return "when.unknown"
    if parts.iso_week is not None and parts.weekday is None:
        return "when.unknown"
    if parts.next_week and parts.weekday is None:
        if sum(named):
            return "when.unknown"
        return today + timedelta(days=7 - today.weekday())  # nästa vecka: its Monday
    if parts.rel_day is not None:
        day: date | str = today + timedelta(days=int(parts.rel_day))
    elif parts.ymd is not None:
        day = _calendar_date(parts.ymd, today)
    elif parts.monthday is not None and parts.next_month:
        day = _next_month_day(parts.monthday, today)
    elif parts.monthday is not None:
        day = _monthday(parts.monthday, today)
    elif parts.weekday is not None:
        return _weekday_date(parts, today)
    else:
        return None
    if isinstance(day, str) or parts.weekday is None:
        return day
    if parts.next_week or day.weekday() != parts.weekday:
        return "when.weekday_mismatch"
    return day


def _weekday_date(parts: Parts, today: date) -> date | str:
    weekday = int(parts.weekday or 0)
    if parts.iso_week is not None:
        if parts.next_week:
            return "when.unknown"
        year = today.isocalendar().year
        for candidate_year in (year, year + 1):
            try:
                day = date.fromisocalendar(candidate_year, parts.iso_week, weekday + 1)
            except ValueError:
                return "when.no_such_date"
            if day >= today:
                return day
        return "when.no_such_date"
    if parts.next_week:
        next_monday = today + timedelta(days=7 - today.weekday())
        return next_monday + timedelta(days=weekday)
    return today + timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)


def _calendar_date(ymd: tuple[int | None, int, int], today: date) -> date | str:
    year, month, day = ymd
    if year is not None:
        try:
            return date(year, month, day)
        except ValueError:
            return "when.no_such_date"
    for candidate in range(today.year, today.year + 9):
        try:
            found = date(candidate, month, day)
        except ValueError:
            if month == 2 and day == 29:
                continue  # 29 February: the next leap year
            return "when.no_such_date"
        if found >= today:
            return found
    return "when.no_such_date"


def _monthday(day: int, today: date) -> date | str:
    """den 15: this month, or the next month that has that day."""
    first = today.replace(day=1)
    for months in range(3):
        month = first + relativedelta(months=months)
        try:
            found = month.replace(day=day)
        except ValueError:
            continue
        if found >= today:
            return found
    return "when.no_such_date"


def _next_month_day(day: int, today: date) -> date | str:
    """den 1:a nästa månad: that day of next calendar month, if it has one."""
    month = today.replace(day=1) + relativedelta(months=1)
    try:
        return month.replace(day=day)
    except ValueError:
        return "when.no_such_date"


# Relative: om 20 min, om 3 dagar


def _from_offset(
    parts: Parts, offset: tuple[tuple[str, int], ...], now: datetime, tz: ZoneInfo
) -> ParsedWhen:
    if _has_day(parts):
        return NotUnderstood("when.unknown")
    elapsed = timedelta()
    calendar = relativedelta()
    for unit, count in offset:
        if unit == "min":
            elapsed += timedelta(minutes=count)
        elif unit == "hour":
            elapsed += timedelta(hours=count)
        else:
            calendar += relativedelta(**{f"{unit}s": count})
    if elapsed and _has_clock(parts):
        return NotUnderstood("when.unknown")
    local = now.astimezone(tz)
    if not calendar:
        if elapsed <= timedelta():
            return NotUnderstood("when.in_past")
        return OneTime((now.astimezone(UTC) + elapsed).astimezone(tz))
    readings = _readings(parts, True) if _has_clock(parts) else [(local.hour, local.minute)]
    if isinstance(readings, str):
        return NotUnderstood(readings)
    day = (local + calendar).date()
    found: list[datetime | str] = []
    for hour, minute in readings:
        at = localize(datetime.combine(day, time(hour, minute)), tz)
        at = (at.astimezone(UTC) + elapsed).astimezone(tz)
        found.append(at if at > now else "when.in_past")
    return _answer(found)


# Recurring


def _recurring(parts: Parts, rec: Rec, now: datetime, tz: ZoneInfo) -> ParsedWhen:
    if _has_day(parts) or parts.offset is not None:
        return NotUnderstood("when.unknown")
    readings = _readings(parts, True)
    if isinstance(readings, str):
        return NotUnderstood(readings)
    today = now.astimezone(tz).date()
    found: list[Recurring] = []
    for hour, minute in readings:
        rule = _rule_text(rec, hour, minute)
        dtstart = datetime.combine(today, time(hour, minute))
        if rec.interval > 1:  # anchored at the first matching day, so "varannan" counts from it
            anchor = next_occurrence(_rule_text(rec, hour, minute, interval=1), dtstart, tz, now)
            if anchor is None:
                return NotUnderstood("when.unknown")
            dtstart = datetime.combine(anchor.date(), time(hour, minute))
        first = next_occurrence(rule, dtstart, tz, now)
        if first is None:
            return NotUnderstood("when.unknown")
        found.append(Recurring(rule, dtstart, first))
    if len(found) > 1:
        return Ambiguous(tuple(item.first for item in found), "when.ambiguous_hour")
    return found[0]


def _rule_text(rec: Rec, hour: int, minute: int, interval: int | None = None) -> str:
    pieces = [f"FREQ={rec.freq}"]
    if (interval or rec.interval) > 1:
        pieces.append(f"INTERVAL={interval or rec.interval}")
    if rec.byday:
        pieces.append(f"BYDAY={','.join(rec.byday)}")
    if rec.bymonthday is not None:
        pieces.append(f"BYMONTHDAY={rec.bymonthday}")
    pieces.append(f"BYHOUR={hour};BYMINUTE={minute};BYSECOND=0")
    return ";".join(pieces)
