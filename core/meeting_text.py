"""Meetings said back to the user: "tisdag 2026-11-24 kl 13:30–14:30" (pure code).

Dates as 2026-11-24 and 24-hour times, as everywhere in the bot; the weekday is
named because that is how people check a booking ("tisdag, ja").
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from core.i18n import t
from core.meeting_model import Interval
from core.timephrases_describe import weekday_name
from core.timephrases_tokens import WEEKDAY_CODES


def describe_slot(interval: Interval, tz: ZoneInfo, lang: str) -> str:
    start = interval.start.astimezone(tz)
    end = interval.end.astimezone(tz)
    return t(
        "meeting.slot",
        lang,
        weekday=weekday_name(WEEKDAY_CODES[start.weekday()], lang),
        date=start.date().isoformat(),
        start=start.strftime("%H:%M"),
        end=end.strftime("%H:%M"),
    )


def describe_start(at: datetime, tz: ZoneInfo, lang: str) -> str:
    """Short, for buttons: "tis 24/11 13:30"."""
    start = at.astimezone(tz)
    day = weekday_name(WEEKDAY_CODES[start.weekday()], lang)[:3]
    return f"{day} {start.day}/{start.month} {start:%H:%M}"


def describe_day(day: date, lang: str) -> str:
    """A due date: "tisdag 2026-12-15"."""
    return f"{weekday_name(WEEKDAY_CODES[day.weekday()], lang)} {day.isoformat()}"
