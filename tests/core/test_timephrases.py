"""Swedish and English time phrases at fixed clocks: the phrase table.

Each expected value is written out by hand, as a string:
- "2026-11-23T14:00+01:00"                 a OneTime at that instant (local offset shown)
- amb("…03:00…", "…15:00…")                 Ambiguous, the night reading first
- no("when.in_past")                       NotUnderstood with that reason
- rule("FREQ=…", first, second, third)     Recurring: the rule and its first three
                                           occurrences after now (core.recurrence)
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from core.recurrence import occurrences_between
from core.timephrases import (
    Ambiguous,
    NotUnderstood,
    OneTime,
    ParsedWhen,
    Recurring,
    parse_when,
)

STOCKHOLM = ZoneInfo("Europe/Stockholm")
HELSINKI = ZoneInfo("Europe/Helsinki")

SUNDAY = datetime(2026, 11, 22, 9, 0, tzinfo=STOCKHOLM)  # week 47
MONDAY = datetime(2026, 11, 23, 9, 0, tzinfo=STOCKHOLM)
NEW_YEAR = datetime(2026, 12, 30, 9, 0, tzinfo=STOCKHOLM)  # a Wednesday in ISO week 53
# The evenings before the daylight-saving changes of 2026 and 2027.
SPRING_2026 = datetime(2026, 3, 28, 20, 0, tzinfo=STOCKHOLM)
AUTUMN_2026 = datetime(2026, 10, 24, 20, 0, tzinfo=STOCKHOLM)
SPRING_2027 = datetime(2027, 3, 27, 20, 0, tzinfo=STOCKHOLM)
AUTUMN_2027 = datetime(2027, 10, 30, 20, 0, tzinfo=STOCKHOLM)

DAILY_8 = "FREQ=DAILY;BYHOUR=8;BYMINUTE=0;BYSECOND=0"


def amb(*candidates: str) -> str:
    return "amb " + " | ".join(candidates)


def no(reason: str) -> str:
    return f"no {reason}"


def rule(body: str, *first_three: str) -> str:
    return f"{body} @ {', '.join(first_three)}"


def render(parsed: ParsedWhen, now: datetime, tz: ZoneInfo) -> str:
    """A parse result in the table's notation."""
    if isinstance(parsed, OneTime):
        assert parsed.at.tzinfo is not None
        return parsed.at.isoformat(timespec="minutes")
    if isinstance(parsed, Ambiguous):
        assert parsed.reason == "when.ambiguous_hour"
        return amb(*(at.isoformat(timespec="minutes") for at in parsed.candidates))
    if isinstance(parsed, NotUnderstood):
        return no(parsed.reason)
    found = occurrences_between(
        parsed.rule, parsed.dtstart_local, tz, now, now + timedelta(days=400), limit=3
    )
    assert found[0] == parsed.first
    return rule(parsed.rule, *(at.isoformat(timespec="minutes") for at in found))


SUNDAY_TABLE: list[tuple[str, str]] = [
    # Tomorrow, the day after, weekdays (never today), next week
    ("imorgon kl 14", "2026-11-23T14:00+01:00"),
    ("i morgon kl 14", "2026-11-23T14:00+01:00"),
    ("imorn kl 14", "2026-11-23T14:00+01:00"),
    ("Imorgon, kl. 14!", "2026-11-23T14:00+01:00"),
    ("kl 14 imorgon", "2026-11-23T14:00+01:00"),
    ("imorgon kl 1430", "2026-11-23T14:30+01:00"),
    ("imorgon", "2026-11-23T08:00+01:00"),
    ("imorgon nio", "2026-11-23T09:00+01:00"),
    ("imorgon halv tio", "2026-11-23T09:30+01:00"),
    ("i övermorgon 9", "2026-11-24T09:00+01:00"),
    ("övermorgon kl 9", "2026-11-24T09:00+01:00"),
    ("på fredag", "2026-11-27T08:00+01:00"),
    ("fredag", "2026-11-27T08:00+01:00"),
    ("fre kl 10", "2026-11-27T10:00+01:00"),
    ("på söndag", "2026-11-29T08:00+01:00"),
    ("nästa tisdag 9.30", "2026-11-24T09:30+01:00"),
    ("tisdag nästa vecka", "2026-11-24T08:00+01:00"),
    ("måndag morgon", "2026-11-23T08:00+01:00"),
    ("fredag eftermiddag", "2026-11-27T14:00+01:00"),
    ("fredag kl 3 em", "2026-11-27T15:00+01:00"),
    ("torsdag 3 december", "2026-12-03T08:00+01:00"),
    # "nästa vecka" alone: Monday of next calendar week (a day without a time is 08:00)
    ("nästa vecka", "2026-11-23T08:00+01:00"),
    ("nästa vecka kl 10", "2026-11-23T10:00+01:00"),
    ("next week", "2026-11-23T08:00+01:00"),
    ("imorgon nästa vecka", no("when.unknown")),
    # Relative
    ("om två timmar", "2026-11-22T11:00+01:00"),
    ("om 2 timmar", "2026-11-22T11:00+01:00"),
    ("om 20 min", "2026-11-22T09:20+01:00"),
    ("om tjugo minuter", "2026-11-22T09:20+01:00"),
    ("om tjugofem minuter", "2026-11-22T09:25+01:00"),
    ("om 1,5 timme", "2026-11-22T10:30+01:00"),
    ("om 1.5 timmar", "2026-11-22T10:30+01:00"),
    ("om 2,5 timmar", "2026-11-22T11:30+01:00"),
    ("in 1.5 hours", "2026-11-22T10:30+01:00"),
    ("om 0,5 timme", "2026-11-22T09:30+01:00"),
    ("om en halvtimme", "2026-11-22T09:30+01:00"),
    ("om en kvart", "2026-11-22T09:15+01:00"),
    ("om 1 timme och 30 minuter", "2026-11-22T10:30+01:00"),
    ("om en vecka", "2026-11-29T09:00+01:00"),
    ("om 3 dagar", "2026-11-25T09:00+01:00"),
    ("om 2 dagar kl 10", "2026-11-24T10:00+01:00"),
    ("om en månad", "2026-12-22T09:00+01:00"),
    # Dates
    ("den 3 december kl 13", "2026-12-03T13:00+01:00"),
    ("3 dec 13:00", "2026-12-03T13:00+01:00"),
    ("3/12 13:00", "2026-12-03T13:00+01:00"),
    ("2026-12-03 13:00", "2026-12-03T13:00+01:00"),
    ("3/12", "2026-12-03T08:00+01:00"),
    ("den 24/12 kl 10", "2026-12-24T10:00+01:00"),
    ("den 9/12 kl 10", "2026-12-09T10:00+01:00"),
    ("den 9/12", "2026-12-09T08:00+01:00"),
    ("den 1:a nästa månad kl 9", "2026-12-01T09:00+01:00"),
    ("den 1:a nästa månad", "2026-12-01T08:00+01:00"),
    ("1:a i nästa månad kl 9", "2026-12-01T09:00+01:00"),
    ("den 15 nästa månad", "2026-12-15T08:00+01:00"),
    ("the 1st of next month at 9", "2026-12-01T09:00+01:00"),
    ("tredje december", "2026-12-03T08:00+01:00"),
    ("3 december 2027 kl 14", "2027-12-03T14:00+01:00"),
    ("1/3", "2027-03-01T08:00+01:00"),
    ("den 15", "2026-12-15T08:00+01:00"),
    ("den 31", "2026-12-31T08:00+01:00"),
    ("29 februari", "2028-02-29T08:00+01:00"),
    ("tisdag v. 49", "2026-12-01T08:00+01:00"),
    ("tisdag vecka 49", "2026-12-01T08:00+01:00"),
    ("tisdag v49 kl 10", "2026-12-01T10:00+01:00"),
    ("v 49 tisdag", "2026-12-01T08:00+01:00"),
    ("tisdag v 47", "2027-11-23T08:00+01:00"),
    # A time alone: today, or tomorrow once passed (now is 09:00)
    ("kl 15", "2026-11-22T15:00+01:00"),
    ("klockan 15", "2026-11-22T15:00+01:00"),
    ("15:00", "2026-11-22T15:00+01:00"),
    ("15.00", "2026-11-22T15:00+01:00"),
    ("kl 8", "2026-11-23T08:00+01:00"),
    ("kl 9", "2026-11-23T09:00+01:00"),
    ("kl 0930", "2026-11-22T09:30+01:00"),
    ("kl 12", "2026-11-22T12:00+01:00"),
    ("kl 00:30", "2026-11-23T00:30+01:00"),
    ("kl 03", "2026-11-23T03:00+01:00"),
    ("idag kl 16", "2026-11-22T16:00+01:00"),
    ("idag kl 3", "2026-11-22T15:00+01:00"),
    # Parts of the day
    ("ikväll", "2026-11-22T19:00+01:00"),
    ("i kväll kl 21", "2026-11-22T21:00+01:00"),
    ("kl 8 ikväll", "2026-11-22T20:00+01:00"),
    ("i eftermiddag", "2026-11-22T14:00+01:00"),
    ("i förmiddag", "2026-11-22T10:00+01:00"),
    ("imorgon bitti", "2026-11-23T07:00+01:00"),
    ("imorgon kväll kl 8", "2026-11-23T20:00+01:00"),
    ("imorgon kl 3 på eftermiddagen", "2026-11-23T15:00+01:00"),
    ("imorgon lunch", "2026-11-23T12:00+01:00"),
    ("i morgon vid lunch", "2026-11-23T12:00+01:00"),
    # The clock in words: daytime reading unless natt/kväll says otherwise
    ("halv tre", "2026-11-22T14:30+01:00"),
    ("kl halv tre", "2026-11-22T14:30+01:00"),
    ("halv tre i natt", "2026-11-23T02:30+01:00"),
    ("halv tre på natten", "2026-11-23T02:30+01:00"),
    ("kvart över två", "2026-11-22T14:15+01:00"),
    ("kvart i tre", "2026-11-22T14:45+01:00"),
    ("tjugo över nio", "2026-11-22T09:20+01:00"),
    ("fem i halv tre", "2026-11-22T14:25+01:00"),
    ("fem över halv tre", "2026-11-22T14:35+01:00"),
    ("tjugo i fem", "2026-11-22T16:40+01:00"),
    ("halv åtta", "2026-11-23T07:30+01:00"),
    ("kvart i sju", "2026-11-22T18:45+01:00"),
    ("halv ett", "2026-11-22T12:30+01:00"),
    ("halv tolv i natt", "2026-11-22T23:30+01:00"),
    ("halv åtta ikväll", "2026-11-22T19:30+01:00"),
    # English
    ("tomorrow at 2pm", "2026-11-23T14:00+01:00"),
    ("tomorrow at 2 pm", "2026-11-23T14:00+01:00"),
    ("tomorrow 14:00", "2026-11-23T14:00+01:00"),
    ("tomorrow morning", "2026-11-23T08:00+01:00"),
    ("the day after tomorrow 9", "2026-11-24T09:00+01:00"),
    ("day after tomorrow at 9am", "2026-11-24T09:00+01:00"),
    ("on friday", "2026-11-27T08:00+01:00"),
    ("Friday at 10", "2026-11-27T10:00+01:00"),
    ("next tuesday 9:30", "2026-11-24T09:30+01:00"),
    ("monday morning", "2026-11-23T08:00+01:00"),
    ("tuesday week 49", "2026-12-01T08:00+01:00"),
    ("in two hours", "2026-11-22T11:00+01:00"),
    ("in 20 min", "2026-11-22T09:20+01:00"),
    ("in twenty-five minutes", "2026-11-22T09:25+01:00"),
    ("in half an hour", "2026-11-22T09:30+01:00"),
    ("in a quarter of an hour", "2026-11-22T09:15+01:00"),
    ("in an hour", "2026-11-22T10:00+01:00"),
    ("in 2 hours and 15 minutes", "2026-11-22T11:15+01:00"),
    ("in a week", "2026-11-29T09:00+01:00"),
    ("in 3 days at 10am", "2026-11-25T10:00+01:00"),
    ("3 December at 1pm", "2026-12-03T13:00+01:00"),
    ("December 3 at 1pm", "2026-12-03T13:00+01:00"),
    ("december 3rd, 2026", "2026-12-03T08:00+01:00"),
    ("the 3rd of december", "2026-12-03T08:00+01:00"),
    ("12/3", "2027-03-12T08:00+01:00"),  # day/month, as in Sweden: 12 March
    ("on the 15th at 10", "2026-12-15T10:00+01:00"),
    ("at 3pm", "2026-11-22T15:00+01:00"),
    ("3:30pm", "2026-11-22T15:30+01:00"),
    ("3am", "2026-11-23T03:00+01:00"),
    ("12am", "2026-11-23T00:00+01:00"),
    ("12pm", "2026-11-22T12:00+01:00"),
    ("at noon", "2026-11-22T12:00+01:00"),
    ("tomorrow at noon", "2026-11-23T12:00+01:00"),
    ("today at 4pm", "2026-11-22T16:00+01:00"),
    ("tonight", "2026-11-22T19:00+01:00"),
    ("this evening at 8", "2026-11-22T20:00+01:00"),
    ("this afternoon", "2026-11-22T14:00+01:00"),
    ("half past two", "2026-11-22T14:30+01:00"),
    ("quarter past two", "2026-11-22T14:15+01:00"),
    ("a quarter to three", "2026-11-22T14:45+01:00"),
    ("twenty to six", "2026-11-22T17:40+01:00"),
    ("ten past nine in the evening", "2026-11-22T21:10+01:00"),
    # Hours 1-6 without night or day: ask, never guess
    ("kl 3", amb("2026-11-23T03:00+01:00", "2026-11-22T15:00+01:00")),
    ("3:00", amb("2026-11-23T03:00+01:00", "2026-11-22T15:00+01:00")),
    ("kl 3.00", amb("2026-11-23T03:00+01:00", "2026-11-22T15:00+01:00")),
    ("klockan tre", amb("2026-11-23T03:00+01:00", "2026-11-22T15:00+01:00")),
    ("3 o'clock", amb("2026-11-23T03:00+01:00", "2026-11-22T15:00+01:00")),
    ("at 3", amb("2026-11-23T03:00+01:00", "2026-11-22T15:00+01:00")),
    ("imorgon kl 2.30", amb("2026-11-23T02:30+01:00", "2026-11-23T14:30+01:00")),
    ("imorgon tre", amb("2026-11-23T03:00+01:00", "2026-11-23T15:00+01:00")),
    ("monday at 3", amb("2026-11-23T03:00+01:00", "2026-11-23T15:00+01:00")),
    ("fredag kl 5", amb("2026-11-27T05:00+01:00", "2026-11-27T17:00+01:00")),
    ("om en vecka kl 3", amb("2026-11-29T03:00+01:00", "2026-11-29T15:00+01:00")),
    ("varje dag kl 3", amb("2026-11-23T03:00+01:00", "2026-11-22T15:00+01:00")),
    # Dates that do not exist, times already past, asking for a time
    ("30 februari", no("when.no_such_date")),
    ("31/4", no("when.no_such_date")),
    ("31 november", no("when.no_such_date")),
    ("29/2/2027", no("when.no_such_date")),
    ("13/13", no("when.no_such_date")),
    ("idag kl 7", no("when.in_past")),
    ("2026-01-01", no("when.in_past")),
    ("2026-11-22 08:00", no("when.in_past")),
    ("22 november kl 8", no("when.in_past")),
    ("igår", no("when.in_past")),
    ("yesterday at 10", no("when.in_past")),
    ("om 0 minuter", no("when.in_past")),
    ("idag", no("when.need_time")),
    ("i natt", no("when.need_time")),
    ("fredag 3 december", no("when.weekday_mismatch")),
    ("imorgon fredag", no("when.weekday_mismatch")),
    # Not a time phrase (or not all of it)
    ("", no("when.unknown")),
    ("   ", no("when.unknown")),
    ("blaha", no("when.unknown")),
    ("K-1042", no("when.unknown")),
    ("kl", no("when.unknown")),
    ("om", no("when.unknown")),
    ("9", no("when.unknown")),
    ("tre", no("when.unknown")),
    # An hour or minute no clock has: said so, never read as something else
    ("kl 24", no("when.bad_clock")),
    ("kl 25:00", no("when.bad_clock")),
    ("kl 9:75", no("when.bad_clock")),
    ("imorgon kl 25", no("when.bad_clock")),
    ("imorgon kl 10:75", no("when.bad_clock")),
    ("imorgon 25:00", no("when.bad_clock")),
    ("13:00pm", no("when.unknown")),
    ("v 49", no("when.unknown")),
    ("kl 9 kl 10", no("when.unknown")),
    ("imorgon idag", no("when.unknown")),
    ("i helgen", no("when.unknown")),
    ("om ett par dagar", no("when.unknown")),
    ("om 1,5 dagar", no("when.unknown")),  # a decimal is read for hours only
    ("imorgon kl 9 att ringa", no("when.unknown")),
    ("varje", no("when.unknown")),
    ("varje månad", no("when.unknown")),
    ("varje dag imorgon", no("when.unknown")),
    ("varje dag om 2 timmar", no("when.unknown")),
    # Recurring
    ("varje dag kl 8", rule(DAILY_8, *(f"2026-11-{d}T08:00+01:00" for d in (23, 24, 25)))),
    ("dagligen 8", rule(DAILY_8, *(f"2026-11-{d}T08:00+01:00" for d in (23, 24, 25)))),
    ("every day at 8", rule(DAILY_8, *(f"2026-11-{d}T08:00+01:00" for d in (23, 24, 25)))),
    ("daily at 8am", rule(DAILY_8, *(f"2026-11-{d}T08:00+01:00" for d in (23, 24, 25)))),
    ("varje morgon", rule(DAILY_8, *(f"2026-11-{d}T08:00+01:00" for d in (23, 24, 25)))),
    (
        "varje dag kl 10",
        rule(
            "FREQ=DAILY;BYHOUR=10;BYMINUTE=0;BYSECOND=0",
            *(f"2026-11-{d}T10:00+01:00" for d in (22, 23, 24)),
        ),
    ),
    (
        "every evening at 9",
        rule(
            "FREQ=DAILY;BYHOUR=21;BYMINUTE=0;BYSECOND=0",
            *(f"2026-11-{d}T21:00+01:00" for d in (22, 23, 24)),
        ),
    ),
    (
        "varannan dag",
        rule(
            "FREQ=DAILY;INTERVAL=2;BYHOUR=8;BYMINUTE=0;BYSECOND=0",
            *(f"2026-11-{d}T08:00+01:00" for d in (23, 25, 27)),
        ),
    ),
    *(
        (
            phrase,
            rule(
                "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=7;BYMINUTE=45;BYSECOND=0",
                *(f"2026-11-{d}T07:45+01:00" for d in (23, 24, 25)),
            ),
        )
        for phrase in (
            "varje vardag 07.45",
            "varje vardag kl 7.45",
            "vardagar kl 7:45",
            "every weekday at 7:45",
            "on weekdays at 07:45",
        )
    ),
    *(
        (
            phrase,
            rule(
                "FREQ=WEEKLY;BYDAY=MO,TH;BYHOUR=9;BYMINUTE=0;BYSECOND=0",
                "2026-11-23T09:00+01:00",
                "2026-11-26T09:00+01:00",
                "2026-11-30T09:00+01:00",
            ),
        )
        for phrase in (
            "varje måndag och torsdag 9",
            "varje torsdag och måndag kl 9",
            "måndagar och torsdagar kl 9",
            "every monday and thursday at 9",
            "mondays and thursdays at 9am",
        )
    ),
    (
        "varje måndag, onsdag och fredag kl 10",
        rule(
            "FREQ=WEEKLY;BYDAY=MO,WE,FR;BYHOUR=10;BYMINUTE=0;BYSECOND=0",
            *(f"2026-11-{d}T10:00+01:00" for d in (23, 25, 27)),
        ),
    ),
    *(
        (
            phrase,
            rule(
                "FREQ=WEEKLY;BYDAY=MO;BYHOUR=8;BYMINUTE=0;BYSECOND=0",
                "2026-11-23T08:00+01:00",
                "2026-11-30T08:00+01:00",
                "2026-12-07T08:00+01:00",
            ),
        )
        for phrase in ("varje vecka på måndag", "weekly on monday at 8")
    ),
    (
        "varje helg kl 10",
        rule(
            "FREQ=WEEKLY;BYDAY=SA,SU;BYHOUR=10;BYMINUTE=0;BYSECOND=0",
            *(f"2026-11-{d}T10:00+01:00" for d in (22, 28, 29)),
        ),
    ),
    *(
        (
            phrase,
            rule(
                "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;BYHOUR=10;BYMINUTE=0;BYSECOND=0",
                "2026-11-24T10:00+01:00",
                "2026-12-08T10:00+01:00",
                "2026-12-22T10:00+01:00",
            ),
        )
        for phrase in (
            "varannan tisdag 10",
            "varannan vecka på tisdag kl 10",
            "every other tuesday at 10",
        )
    ),
    *(
        (
            phrase,
            rule(
                "FREQ=MONTHLY;BYDAY=1MO;BYHOUR=8;BYMINUTE=0;BYSECOND=0",
                "2026-12-07T08:00+01:00",
                "2027-01-04T08:00+01:00",
                "2027-02-01T08:00+01:00",
            ),
        )
        for phrase in (
            "första måndagen i månaden",
            "first monday of the month",
            "every month on the first monday",
        )
    ),
    (
        "andra tisdagen i månaden kl 10",
        rule(
            "FREQ=MONTHLY;BYDAY=2TU;BYHOUR=10;BYMINUTE=0;BYSECOND=0",
            "2026-12-08T10:00+01:00",
            "2027-01-12T10:00+01:00",
            "2027-02-09T10:00+01:00",
        ),
    ),
    *(
        (
            phrase,
            rule(
                "FREQ=MONTHLY;BYDAY=-1FR;BYHOUR=8;BYMINUTE=0;BYSECOND=0",
                "2026-11-27T08:00+01:00",
                "2026-12-25T08:00+01:00",
                "2027-01-29T08:00+01:00",
            ),
        )
        for phrase in ("sista fredagen i månaden", "the last friday of every month")
    ),
    *(
        (
            phrase,
            rule(
                "FREQ=MONTHLY;BYMONTHDAY=1;BYHOUR=8;BYMINUTE=0;BYSECOND=0",
                "2026-12-01T08:00+01:00",
                "2027-01-01T08:00+01:00",
                "2027-02-01T08:00+01:00",
            ),
        )
        for phrase in (
            "den 1:a varje månad",
            "den första i varje månad",
            "on the 1st of every month",
        )
    ),
    *(
        (
            phrase,
            rule(
                "FREQ=MONTHLY;BYMONTHDAY=15;BYHOUR=8;BYMINUTE=0;BYSECOND=0",
                "2026-12-15T08:00+01:00",
                "2027-01-15T08:00+01:00",
                "2027-02-15T08:00+01:00",
            ),
        )
        for phrase in ("varje månad den 15", "den 15:e i varje månad", "every month on the 15th")
    ),
    (
        "sista dagen i månaden",
        rule(
            "FREQ=MONTHLY;BYMONTHDAY=-1;BYHOUR=8;BYMINUTE=0;BYSECOND=0",
            "2026-11-30T08:00+01:00",
            "2026-12-31T08:00+01:00",
            "2027-01-31T08:00+01:00",
        ),
    ),
]

MONDAY_TABLE: list[tuple[str, str]] = [
    # "nästa" is next calendar week: on a Monday, eight days away
    ("på tisdag", "2026-11-24T08:00+01:00"),
    ("nästa tisdag", "2026-12-01T08:00+01:00"),
    ("next tuesday at 9:30", "2026-12-01T09:30+01:00"),
    ("tisdag nästa vecka", "2026-12-01T08:00+01:00"),
    ("nästa vecka", "2026-11-30T08:00+01:00"),
    ("på måndag", "2026-11-30T08:00+01:00"),
    ("måndag kl 10", "2026-11-30T10:00+01:00"),
    ("idag kl 10", "2026-11-23T10:00+01:00"),
    ("den 31 nästa månad", "2026-12-31T08:00+01:00"),
]

NEW_YEAR_TABLE: list[tuple[str, str]] = [
    ("3/1", "2027-01-03T08:00+01:00"),
    ("på måndag", "2027-01-04T08:00+01:00"),
    ("om en vecka", "2027-01-06T09:00+01:00"),
    ("om 2 dagar", "2027-01-01T09:00+01:00"),
    ("nästa tisdag", "2027-01-05T08:00+01:00"),
    ("tisdag v 1", "2027-01-05T08:00+01:00"),
    ("torsdag v 53", "2026-12-31T08:00+01:00"),
    ("tisdag v 53", no("when.no_such_date")),  # passed, and 2027 has no week 53
    ("31/12", "2026-12-31T08:00+01:00"),
    ("30/12 kl 8", no("when.in_past")),
    ("den 2 januari", "2027-01-02T08:00+01:00"),
    ("1/1/2027", "2027-01-01T08:00+01:00"),
    ("den 5", "2027-01-05T08:00+01:00"),
    ("den 1:a nästa månad kl 9", "2027-01-01T09:00+01:00"),
    ("den 31 nästa månad", "2027-01-31T08:00+01:00"),
    ("imorgon kl 23:30", "2026-12-31T23:30+01:00"),
    (
        "varje dag kl 8",
        rule(DAILY_8, "2026-12-31T08:00+01:00", "2027-01-01T08:00+01:00", "2027-01-02T08:00+01:00"),
    ),
    (
        "den 1:a varje månad",
        rule(
            "FREQ=MONTHLY;BYMONTHDAY=1;BYHOUR=8;BYMINUTE=0;BYSECOND=0",
            *(f"2027-0{m}-01T08:00+01:00" for m in (1, 2, 3)),
        ),
    ),
    (
        "första måndagen i månaden",
        rule(
            "FREQ=MONTHLY;BYDAY=1MO;BYHOUR=8;BYMINUTE=0;BYSECOND=0",
            "2027-01-04T08:00+01:00",
            "2027-02-01T08:00+01:00",
            "2027-03-01T08:00+01:00",
        ),
    ),
]

# The evening before each daylight-saving change. Summer time starts 29 March 2026 and
# 28 March 2027 (02:00 → 03:00); it ends 25 October 2026 and 31 October 2027.
DST_TABLE: list[tuple[datetime, str, str]] = [
    (SPRING_2026, "imorgon kl 02:30", "2026-03-29T03:30+02:00"),  # no 02:30 that night
    (SPRING_2026, "imorgon kl 2.30", amb("2026-03-29T03:30+02:00", "2026-03-29T14:30+02:00")),
    (SPRING_2026, "halv tre i natt", "2026-03-29T03:30+02:00"),
    (SPRING_2026, "imorgon kl 8", "2026-03-29T08:00+02:00"),
    (SPRING_2026, "om 8 timmar", "2026-03-29T05:00+02:00"),  # elapsed: 8 real hours
    (SPRING_2026, "om en dag", "2026-03-29T20:00+02:00"),  # calendar: same wall time
    (
        SPRING_2026,
        "varje dag kl 8",
        rule(DAILY_8, *(f"2026-03-{d}T08:00+02:00" for d in (29, 30, 31))),
    ),
    (
        SPRING_2026,
        "varje dag kl 02:30",
        rule(
            "FREQ=DAILY;BYHOUR=2;BYMINUTE=30;BYSECOND=0",
            "2026-03-29T03:30+02:00",
            "2026-03-30T02:30+02:00",
            "2026-03-31T02:30+02:00",
        ),
    ),
    (AUTUMN_2026, "imorgon kl 02:30", "2026-10-25T02:30+02:00"),  # the first of the two
    (AUTUMN_2026, "imorgon kl 2.30", amb("2026-10-25T02:30+02:00", "2026-10-25T14:30+01:00")),
    (AUTUMN_2026, "om 8 timmar", "2026-10-25T03:00+01:00"),
    (AUTUMN_2026, "om en dag", "2026-10-25T20:00+01:00"),
    (AUTUMN_2026, "imorgon kl 8", "2026-10-25T08:00+01:00"),
    (
        AUTUMN_2026,
        "varje dag kl 8",
        rule(DAILY_8, *(f"2026-10-{d}T08:00+01:00" for d in (25, 26, 27))),
    ),
    (SPRING_2027, "imorgon kl 02:30", "2027-03-28T03:30+02:00"),
    (SPRING_2027, "imorgon kl 2.30", amb("2027-03-28T03:30+02:00", "2027-03-28T14:30+02:00")),
    (SPRING_2027, "om 12 timmar", "2027-03-28T09:00+02:00"),
    (
        SPRING_2027,
        "varje dag kl 8",
        rule(DAILY_8, *(f"2027-03-{d}T08:00+02:00" for d in (28, 29, 30))),
    ),
    (AUTUMN_2027, "imorgon kl 02:30", "2027-10-31T02:30+02:00"),
    (AUTUMN_2027, "om 12 timmar", "2027-10-31T07:00+01:00"),
    (
        AUTUMN_2027,
        "varje dag kl 8",
        rule(
            DAILY_8,
            "2027-10-31T08:00+01:00",
            "2027-11-01T08:00+01:00",
            "2027-11-02T08:00+01:00",
        ),
    ),
    (
        AUTUMN_2027,
        "varje söndag kl 02:30",
        rule(
            "FREQ=WEEKLY;BYDAY=SU;BYHOUR=2;BYMINUTE=30;BYSECOND=0",
            "2027-10-31T02:30+02:00",
            "2027-11-07T02:30+01:00",
            "2027-11-14T02:30+01:00",
        ),
    ),
    # During the change itself
    (datetime(2026, 3, 29, 1, 30, tzinfo=STOCKHOLM), "om en timme", "2026-03-29T03:30+02:00"),
    (datetime(2026, 3, 29, 1, 30, tzinfo=STOCKHOLM), "kl 02:30", "2026-03-29T03:30+02:00"),
    (datetime(2026, 10, 25, 2, 30, tzinfo=STOCKHOLM), "om en timme", "2026-10-25T02:30+01:00"),
    (datetime(2026, 10, 25, 2, 30, tzinfo=STOCKHOLM), "kl 8", "2026-10-25T08:00+01:00"),
]


def test_the_table_has_at_least_150_phrases() -> None:
    phrases = {p for p, _ in SUNDAY_TABLE + MONDAY_TABLE + NEW_YEAR_TABLE}
    phrases |= {p for _, p, _ in DST_TABLE}
    assert len(phrases) >= 150


@pytest.mark.parametrize(("phrase", "expected"), SUNDAY_TABLE)
def test_on_sunday_morning(phrase: str, expected: str) -> None:
    assert render(parse_when(phrase, now=SUNDAY, tz=STOCKHOLM), SUNDAY, STOCKHOLM) == expected


@pytest.mark.parametrize(("phrase", "expected"), MONDAY_TABLE)
def test_on_monday_morning(phrase: str, expected: str) -> None:
    assert render(parse_when(phrase, now=MONDAY, tz=STOCKHOLM), MONDAY, STOCKHOLM) == expected


@pytest.mark.parametrize(("phrase", "expected"), NEW_YEAR_TABLE)
def test_around_new_year(phrase: str, expected: str) -> None:
    parsed = parse_when(phrase, now=NEW_YEAR, tz=STOCKHOLM)
    assert render(parsed, NEW_YEAR, STOCKHOLM) == expected


@pytest.mark.parametrize(("now", "phrase", "expected"), DST_TABLE)
def test_around_daylight_saving_changes(now: datetime, phrase: str, expected: str) -> None:
    assert render(parse_when(phrase, now=now, tz=STOCKHOLM), now, STOCKHOLM) == expected


def test_a_day_next_month_does_not_have_is_no_such_date() -> None:
    october = datetime(2026, 10, 10, 9, 0, tzinfo=STOCKHOLM)  # November has 30 days

    assert parse_when("den 31 nästa månad", now=october, tz=STOCKHOLM) == NotUnderstood(
        "when.no_such_date"
    )


# "ikväll" once 19:00 has passed is still tonight: an hour from now, rounded up to the
# next quarter hour. A time said with it ("ikväll kl 20") is taken as said.
@pytest.mark.parametrize(
    ("now", "phrase", "expected"),
    [
        ((18, 0), "ikväll", "2026-11-22T19:00+01:00"),
        ((19, 0), "ikväll", "2026-11-22T20:00+01:00"),
        ((20, 30), "ikväll", "2026-11-22T21:30+01:00"),
        ((20, 31), "i kväll", "2026-11-22T21:45+01:00"),
        ((20, 30), "tonight", "2026-11-22T21:30+01:00"),
        ((20, 30), "idag kväll", "2026-11-22T21:30+01:00"),
        ((23, 20), "ikväll", "2026-11-23T00:30+01:00"),
        ((20, 30), "ikväll kl 22", "2026-11-22T22:00+01:00"),
        ((20, 30), "ikväll kl 20", no("when.in_past")),
        ((20, 30), "i eftermiddag", no("when.in_past")),
        ((20, 30), "imorgon kväll", "2026-11-23T19:00+01:00"),
    ],
)
def test_tonight_said_in_the_evening(now: tuple[int, int], phrase: str, expected: str) -> None:
    evening = datetime(2026, 11, 22, *now, tzinfo=STOCKHOLM)

    assert render(parse_when(phrase, now=evening, tz=STOCKHOLM), evening, STOCKHOLM) == expected


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("kl 15", "2026-11-22T15:00+02:00"),
        ("kl 9", "2026-11-23T09:00+02:00"),  # 09:00 has just passed in Helsinki (10:00)
        ("imorgon kl 9", "2026-11-23T09:00+02:00"),
        ("varje dag kl 8", rule(DAILY_8, *(f"2026-11-{d}T08:00+02:00" for d in (23, 24, 25)))),
    ],
)
def test_in_the_users_own_zone_with_now_in_utc(phrase: str, expected: str) -> None:
    now = datetime(2026, 11, 22, 8, 0, tzinfo=UTC)  # 09:00 in Stockholm, 10:00 in Helsinki

    assert render(parse_when(phrase, now=now, tz=HELSINKI), now, HELSINKI) == expected


def test_results_are_in_the_given_zone_even_when_now_is_utc() -> None:
    parsed = parse_when("imorgon kl 14", now=SUNDAY.astimezone(UTC), tz=STOCKHOLM)

    assert isinstance(parsed, OneTime)
    assert (parsed.at.tzinfo, parsed.at.isoformat()) == (STOCKHOLM, "2026-11-23T14:00:00+01:00")


@pytest.mark.parametrize(
    ("phrase", "dtstart"),
    [
        ("varje dag kl 8", datetime(2026, 11, 22, 8, 0)),  # today at the time
        ("varje vardag 07.45", datetime(2026, 11, 22, 7, 45)),
        ("varannan tisdag 10", datetime(2026, 11, 24, 10, 0)),  # the first matching Tuesday
        ("varannan dag", datetime(2026, 11, 23, 8, 0)),
    ],
)
def test_a_rule_is_anchored_on_the_naive_local_wall_clock(phrase: str, dtstart: datetime) -> None:
    parsed = parse_when(phrase, now=SUNDAY, tz=STOCKHOLM)

    assert isinstance(parsed, Recurring)
    assert (parsed.dtstart_local, parsed.dtstart_local.tzinfo) == (dtstart, None)


def test_a_naive_now_is_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        parse_when("imorgon kl 9", now=datetime(2026, 11, 22, 9, 0), tz=STOCKHOLM)


def test_the_results_are_frozen() -> None:
    parsed = parse_when("imorgon kl 9", now=SUNDAY, tz=STOCKHOLM)

    with pytest.raises(AttributeError):
        parsed.at = SUNDAY  # type: ignore[misc, union-attr]
