"""Swedish (and English) time phrases → a time, or a recurrence rule (pure code).

"imorgon kl 14", "på fredag", "om 20 min", "3/12 13:00", "halv tre", "varje vardag
07.45", "första måndagen i månaden" and their English equivalents. dateparser was
tried and fails many of these (halv tre, i övermorgon, kvart i tre, varannan
tisdag, tisdag v. 49, 3/12 as 3 December), so the phrases are parsed here with
python-dateutil and the standard library only. The pieces: words → tokens
(timephrases_tokens), tokens → parts (timephrases_grammar, timephrases_grammar_rec,
timephrases_parts), parts → an answer (timephrases_resolve, timephrases_types), and
an answer said back (timephrases_describe).

Readings chosen, each visible in the confirmation (describe_when):
- A day without a time is 08:00 (the reminder default). "om 3 dagar" / "om en vecka"
  keep the current time of day; "om 2 timmar" is elapsed time, so it is right across
  a daylight-saving change. A decimal is read for hours only: "om 1,5 timme" is 90
  minutes.
- A time without a day is today, or tomorrow when it has already passed today.
- "på fredag" / "fredag" is the coming Friday, never today. "nästa tisdag" is the
  Tuesday of next calendar week (weeks start on Monday), so on a Monday it is eight
  days away, and on a Sunday it is the day after tomorrow. English "next Tuesday"
  is read the same way. "nästa vecka" alone is the Monday of next calendar week
  (08:00 unless a time is said).
- Parts of the day: bitti 07:00, morgon 08:00, förmiddag 10:00, lunch 12:00,
  eftermiddag 14:00, kväll/ikväll/tonight 19:00. "natt" alone asks for a time.
  "ikväll" said after 19:00 is still tonight: an hour from now, rounded up to the
  next quarter hour (at 20:30 it is 21:30); with a time ("ikväll kl 20") the time
  is taken as said, and one that has passed is "when.in_past".
- "kl 25", "25:00", "kl 9:75": no clock has that hour or minute, so the phrase is
  "when.bad_clock" (never shortened to a phrase without the time).
- "kl 3", "3:00", "klockan tre": hours 1-6 with nothing saying night or day are
  Ambiguous (03:00 or 15:00); never guessed. "03:00" with a leading zero is 03:00. If
  one of the two readings has already passed, the other one is the answer.
- "halv tre", "kvart i tre", "fem i halv tre": the daytime reading (07:00-18:59), so
  halv tre is 14:30; with natt/i natt it is 02:30, with kväll 19:00-23:59.
- "3/12" is day/month as in Sweden, in English text too (3 December, not March 12).
  "den 1:a nästa månad" is that day of next calendar month ("when.no_such_date" when
  next month has no such day). A date without a year that has passed rolls to next
  year; a week number that has passed (tisdag v. 47) rolls to next ISO year. A date
  with its year that has passed, or an explicit time already past today, is
  "when.in_past".
- Recurrence rules run on the local wall clock (core.recurrence), so 08:00 stays
  08:00 across daylight-saving changes. Times in the spring gap move forward.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from core.i18n import t
from core.timephrases_describe import describe_instant, describe_rule
from core.timephrases_grammar import parse_parts
from core.timephrases_resolve import resolve
from core.timephrases_tokens import tokenize
from core.timephrases_types import (
    Ambiguous,
    NotUnderstood,
    OneTime,
    ParsedWhen,
    Recurring,
    ReminderRequest,
)

__all__ = [
    "Ambiguous",
    "NotUnderstood",
    "OneTime",
    "ParsedWhen",
    "Recurring",
    "ReminderRequest",
    "describe_when",
    "examples",
    "parse_reminder",
    "parse_when",
    "yearless_date",
]

_EXAMPLES = {
    "sv": ["imorgon kl 9", "på fredag kl 14", "om 2 timmar", "3/12 kl 13", "varje vardag kl 8"],
    "en": [
        "tomorrow at 9",
        "on Friday at 2pm",
        "in 2 hours",
        "3 December at 1pm",
        "every weekday at 8",
    ],
}


def parse_when(text: str, *, now: datetime, tz: ZoneInfo) -> ParsedWhen:
    """What time (or rule) the phrase names, judged at `now` (aware) in zone `tz`."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    tokens = tokenize(text)
    parts = parse_parts(tokens) if tokens else None
    if parts is None:
        return NotUnderstood("when.unknown")
    return resolve(parts, now, tz)


def yearless_date(text: str) -> tuple[int, int] | None:
    """(month, day) when the phrase names a calendar day without a year ("15/11",
    "den 3 december"), else None: for callers that read the year their own way."""
    tokens = tokenize(text)
    parts = parse_parts(tokens) if tokens else None
    if parts is None or parts.ymd is None or parts.ymd[0] is not None:
        return None
    return parts.ymd[1], parts.ymd[2]


_ME = frozenset({"mig", "me", "myself"})
_TEAM = frozenset({"teamet", "team", "gruppen", "kanalen"})
_SEPARATORS = frozenset({"att", "to", "om", "about", "that"})
_LONGEST_PHRASE = 10  # words; a time phrase is never longer


def parse_reminder(args: str, *, now: datetime, tz: ZoneInfo) -> ReminderRequest:
    """Who, when and what from the words after "påminn"/"remind".

    "mig imorgon kl 9 att ringa FK", "mig att ringa FK imorgon kl 9", "teamet på
    fredag kl 10 att …", "@Anna Berg nästa tisdag 9.30 att boka tolk", "me tomorrow at
    9 to call FK". Only a real @mention (marked with "@" by the bot) names someone
    else: a plain name in front ("Anna nästa tisdag 9.30 att boka tolk") gives target
    "", addressed to nobody, so the bot can say how to @mention. The time is the
    longest run of words at the start (or else at the end) that reads as a time;
    "att"/"to" between time and text is dropped. A run that reads as a time but
    cannot be one ("idag kl 7" at 09:00) is kept, with its NotUnderstood as `when`, so
    the bot can say why and keep the text. What is missing is marked, not dropped: no
    text gives what == "", no time gives when == NotUnderstood("reminder.no_time"),
    so the bot asks only for that.
    """
    words = args.split()
    target, words = _target(words, now, tz)
    when: ParsedWhen | None = None
    what_words: list[str] = []
    for size in range(min(len(words), _LONGEST_PHRASE), 0, -1):
        parsed = _as_time(words[:size], now, tz)
        if parsed is not None:
            when, what_words = parsed, _drop_separator(words[size:])
            break
    if when is None:
        body = _drop_separator(words)
        for start in range(max(0, len(body) - _LONGEST_PHRASE), len(body)):
            parsed = _as_time(body[start:], now, tz)
            if parsed is not None:
                when, what_words = parsed, body[:start]
                break
        else:
            what_words = body
    what = " ".join(what_words).strip(" ,.:;-–")
    return ReminderRequest(target=target, when=when or NotUnderstood("reminder.no_time"), what=what)


def _as_time(words: list[str], now: datetime, tz: ZoneInfo) -> ParsedWhen | None:
    """The words as a time phrase, or None when they are not one at all."""
    if not words:
        return None
    parsed = parse_when(" ".join(words), now=now, tz=tz)
    if isinstance(parsed, NotUnderstood) and parsed.reason == "when.unknown":
        return None
    return parsed


def _drop_separator(words: list[str]) -> list[str]:
    """att ringa FK → ringa FK; om att ringa → ringa; about the report → the report."""
    while words and words[0].casefold().strip(":,") in _SEPARATORS:
        words = words[1:]
    return words


def _target(words: list[str], now: datetime, tz: ZoneInfo) -> tuple[str, list[str]]:
    """("me" | "team" | a mentioned name, the words after it)."""
    if not words:
        return "me", words
    first = words[0].casefold().strip(":,")
    if first in _ME:
        return "me", words[1:]
    if first in _TEAM:
        return "team", words[1:]
    if first == "the" and len(words) > 1 and words[1].casefold().strip(":,") in _TEAM:
        return "team", words[2:]
    if not words[0].startswith("@"):
        named = _unmentioned_name(words, now, tz)
        return ("", words[named:]) if named else ("me", words)
    name = [words[0][1:]] if words[0][1:] else []
    rest = words[1:]
    while rest and not name:
        name, rest = [rest[0]], rest[1:]
    while rest and rest[0].casefold() not in _SEPARATORS and not _starts_time(rest, now, tz):
        name, rest = [*name, rest[0]], rest[1:]
    return " ".join(name).strip(":,"), rest


_NAME_WORDS = 3  # "Anna", "Anna Berg", "Anna-Karin Lind"
_TEXT_START = frozenset({"att", "to"})


def _unmentioned_name(words: list[str], now: datetime, tz: ZoneInfo) -> int:
    """How many leading words are someone's name written without an @mention, or 0.

    A name is one to three words that are no time word, before a time phrase or
    "att"/"to"/"om": "Anna att …", "Anna om mötet …", "Anna imorgon kl 9 att …". A
    lowercase word before a time is a name only when "att"/"to" follows the time
    ("handledning imorgon kl 9" is a reminder text, "anna imorgon kl 9 att …" is not);
    capitalised words are names either way ("Anna Berg imorgon kl 9").
    """
    for size in range(1, min(len(words), _NAME_WORDS) + 1):
        if not _could_be_name(words[size - 1]):
            return 0
        titled = all(_titled(word) for word in words[:size])
        rest = words[size:]
        timed = _time_prefix(rest, now, tz)
        if timed:
            after = rest[timed:]
            starts_text = bool(after) and after[0].casefold().strip(":,") in _TEXT_START
            return size if titled or starts_text else 0
        if rest and rest[0].casefold().strip(":,") in _SEPARATORS:
            return size if titled or size == 1 else 0
    return 0


def _could_be_name(word: str) -> bool:
    bare = word.strip(":,")
    folded = bare.casefold()
    return (
        bare.replace("-", "").isalpha()
        and folded not in _ME | _TEAM | _SEPARATORS
        and tokenize(bare) is None  # not a time word ("imorgon", "fredag", "kl")
    )


def _titled(word: str) -> bool:
    bare = word.strip(":,")
    return bare[:1].isupper() and bare[1:] == bare[1:].lower()


def _time_prefix(words: list[str], now: datetime, tz: ZoneInfo) -> int:
    """The length of the longest run of words at the start that reads as a time."""
    for size in range(min(len(words), _LONGEST_PHRASE), 0, -1):
        if _as_time(words[:size], now, tz) is not None:
            return size
    return 0


def _starts_time(words: list[str], now: datetime, tz: ZoneInfo) -> bool:
    return any(
        _as_time(words[:size], now, tz) is not None
        for size in range(1, min(len(words), _LONGEST_PHRASE) + 1)
    )


def examples(lang: str) -> list[str]:
    """A few phrases to show when asking back (each one parses)."""
    return list(_EXAMPLES.get(lang, _EXAMPLES["sv"]))


def describe_when(parsed: OneTime | Recurring, *, tz: ZoneInfo, lang: str) -> str:
    if isinstance(parsed, OneTime):
        return describe_instant(parsed.at, tz, lang)
    words, time_text = describe_rule(parsed.rule, lang)
    first = describe_instant(parsed.first, tz, lang)
    return t("when.describe.recurring", lang, rule=words, time=time_text, first=first)
