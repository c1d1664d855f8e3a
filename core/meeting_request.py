"""What a care worker types when booking, read into plain values (pure code).

- The quick form: `boka K-1042 tisdag 13.30 med Anna Berg, Omar Said` gives the
  client code, the time phrase and the names; anything missing is asked for.
- A participant typed by hand: "Anna Berg <anna.berg@fk.se>", "Anna Berg,
  anna.berg@fk.se", "Anna Berg anna.berg@fk.se" or only the address.
- A length: "90", "90 min", "1,5 timme", "1 h 30 min", "en timme".
- Which agency an address belongs to, from its domain (Försäkringskassan's and
  Arbetsförmedlingen's are known; region and kommun domains mostly say so).

Each parser returns a value or raises UserInputError with a message key that
bot/ turns into Swedish or English.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from core.contact_model import AF, FK, KOMMUN, OTHER, REGION
from core.errors import UserInputError
from core.meeting_model import MAX_MINUTES, MIN_MINUTES
from core.ssd_model import looks_like_personnummer, normalise_client_code
from core.timephrases import Ambiguous, OneTime, Recurring, parse_when

MAX_NAME = 200
MAX_EMAIL = 254


def collapse_spaces(text: str) -> str:
    return " ".join(text.split())


@dataclass(frozen=True)
class QuickForm:
    code: str | None  # None: not given
    when: str  # the time phrase as typed ("" when none)
    names: tuple[str, ...]  # names (or addresses) after "med"


@dataclass(frozen=True)
class TypedPerson:
    name: str
    email: str | None


_CODE_WORD = re.compile(r"^[A-Za-zÅÄÖåäö]{1,3}[-\u2010-\u2014]\d{3,5}$")
_WITH = re.compile(r"\s(?:med|with)\s", re.IGNORECASE)
_LIST_SPLIT = re.compile(r"\s*(?:,|;|\soch\s|\sand\s|\n)\s*", re.IGNORECASE)
_EMAIL = re.compile(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
_ANGLE = re.compile(r"<\s*([^<>]+?)\s*>")


def parse_quick_form(args: str) -> QuickForm:
    """`K-1042 tisdag 13.30 med Anna Berg, Omar Said` → code, when, names.

    The code may be left out (then the first word is part of the time), and so may
    the time and the names; a code that looks like one but is malformed raises."""
    text = collapse_spaces(args)
    if not text:
        return QuickForm(None, "", ())
    if looks_like_personnummer(text):
        raise UserInputError("meeting.personnummer")
    first, _, rest = text.partition(" ")
    code: str | None = None
    if _CODE_WORD.match(first):
        try:
            code = normalise_client_code(first)
        except UserInputError as error:
            raise UserInputError("meeting.code.invalid") from error
        text = rest
    parts = _WITH.split(f" {text} ", maxsplit=1)
    when = parts[0].strip()
    names = split_names(parts[1]) if len(parts) > 1 else ()
    return QuickForm(code, when, names)


def split_names(text: str) -> tuple[str, ...]:
    """ "Anna Berg, Omar Said och Lisa Ek" → three names (empty pieces dropped).

    "Lisa Ek, lisa.ek@skolan.se" is one person: an address alone after a name
    without one belongs to that name."""
    names: list[str] = []
    for piece in (collapse_spaces(p) for p in _LIST_SPLIT.split(text)):
        if not piece:
            continue
        if names and _EMAIL.fullmatch(piece) and "@" not in names[-1]:
            names[-1] = f"{names[-1]} <{piece}>"
        else:
            names.append(piece)
    return tuple(names)


def parse_person(text: str) -> TypedPerson:
    """A person typed by hand: a name and/or an e-mail address.

    Someone without an address is allowed (a relative who is told by phone); the
    bot then has nobody to send the calendar file to, and says so."""
    text = collapse_spaces(text)
    if not text:
        raise UserInputError("meeting.person.empty")
    if looks_like_personnummer(text):
        raise UserInputError("meeting.personnummer")
    email: str | None = None
    angle = _ANGLE.search(text)
    found = _EMAIL.search(angle.group(1) if angle else text)
    if angle and not found:
        raise UserInputError("meeting.person.bad_email", email=angle.group(1)[:60])
    if found:
        email = found.group(0).lower().strip(".")
        if len(email) > MAX_EMAIL:
            raise UserInputError("meeting.person.bad_email", email=email[:60])
        text = (text[: found.start()] + text[found.end() :]) if not angle else _ANGLE.sub("", text)
    elif "@" in text:
        raise UserInputError("meeting.person.bad_email", email=text[:60])
    name = collapse_spaces(text.strip(" ,;:<>()"))
    if not name:
        if email is None:
            raise UserInputError("meeting.person.empty")
        name = name_from_email(email)
    if len(name) > MAX_NAME:
        raise UserInputError("meeting.person.too_long", limit=MAX_NAME)
    return TypedPerson(name=name, email=email)


def name_from_email(email: str) -> str:
    """ "anna.berg@fk.se" → "Anna Berg"; a local part without dots stays as it is."""
    local = email.split("@", 1)[0]
    words = [w for w in re.split(r"[._-]+", local) if w]
    if len(words) < 2:
        return local
    return " ".join(word[:1].upper() + word[1:] for word in words)


# Government domains say whose they are; municipal and regional ones mostly do
# ("regionorebrolan.se", "lindesberg.se" does not), so unknown is "other": the
# organizer sees the guess beside each name and may change kallad/inbjuden.
_DOMAIN_KINDS: tuple[tuple[str, str], ...] = (
    ("forsakringskassan.se", FK),
    ("arbetsformedlingen.se", AF),
    ("fk.se", FK),
    ("af.se", AF),
)


def agency_kind_for_email(email: str | None) -> str:
    if not email or "@" not in email:
        return OTHER
    domain = email.rsplit("@", 1)[1].lower()
    for suffix, kind in _DOMAIN_KINDS:
        if domain == suffix or domain.endswith("." + suffix):
            return kind
    if domain.startswith("region") or ".region" in domain:
        return REGION
    if "kommun" in domain:
        return KOMMUN
    return OTHER


_HOURS = re.compile(r"(\d+(?:[.,]\d+)?)\s*(?:h|tim|timme|timmar|hour|hours)\b")
_MINUTES = re.compile(r"(\d+)\s*(?:m|min|minut|minuter|minutes?)\b")
_WORD_HOURS = {
    "en timme": 60,
    "one hour": 60,
    "an hour": 60,
    "halvtimme": 30,
    "en halvtimme": 30,
    "half an hour": 30,
    "en och en halv timme": 90,
    "två timmar": 120,
    "two hours": 120,
}


def parse_minutes(text: str) -> int:
    """A meeting's length in minutes: "90", "90 min", "1,5 timme", "1 h 30 min"."""
    clean = collapse_spaces(text).casefold().rstrip(".")
    if clean in _WORD_HOURS:
        minutes = _WORD_HOURS[clean]
    elif clean.isdigit():
        minutes = int(clean)
    else:
        hours = _HOURS.search(clean)
        mins = _MINUTES.search(clean)
        if not hours and not mins:
            raise UserInputError("meeting.length.unknown")
        minutes = 0
        if hours:
            minutes += round(float(hours.group(1).replace(",", ".")) * 60)
        if mins:
            minutes += int(mins.group(1))
    return check_minutes(minutes)


def check_minutes(minutes: int) -> int:
    """The length rule (MIN_MINUTES to MAX_MINUTES), for typed lengths and for the
    service, whose clash query relies on no meeting being longer than MAX_MINUTES."""
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise UserInputError("meeting.length.range", low=MIN_MINUTES, high=MAX_MINUTES)
    return minutes


# A phrase names a time of day when it has a clock time or a part of the day; a
# date alone ("tisdag", "3/12") would otherwise be read as 08:00, the reminder
# default, and a meeting must not be booked at a time nobody chose.
_DATE_PIECES = re.compile(
    r"\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}/\d{1,2}(?:/\d{2,4})?\b"
    r"|\b(?:den\s+)?\d{1,2}(?:\s*:e)?\s+[a-zåäö]{3,}\b|\bv(?:ecka|\.)?\s*\d{1,2}\b",
    re.IGNORECASE,
)
_TIME_WORDS = re.compile(
    r"\b(?:kl|klockan|halv|kvart|lunch|förmiddag|fm|eftermiddag|em|noon|am|pm|at)\b",
    re.IGNORECASE,
)


def read_meeting_time(text: str, *, now: datetime, tz: ZoneInfo) -> datetime | str:
    """A meeting's start from a time phrase ("tisdag 13.30"), or the message key that
    says what is missing: a time of day (never the reminder default 08:00), one date
    rather than a rule, a time ahead."""
    parsed = parse_when(text, now=now, tz=tz)
    if isinstance(parsed, Ambiguous):
        return "meeting.when.no_time"
    if isinstance(parsed, Recurring):
        return "meeting.when.recurring"
    if not isinstance(parsed, OneTime):
        return parsed.reason
    if not names_time_of_day(text):
        return "meeting.when.no_time"
    if parsed.at <= now:
        return "meeting.when.past"
    return parsed.at


def picked_datetime(day: object, clock: object, tz: ZoneInfo) -> datetime | None:
    """A card's Input.Date ("2026-11-24") and Input.Time ("13:30") as an aware local
    time; None when either is missing or malformed."""
    try:
        picked_day = date.fromisoformat(str(day or "")[:10])
        picked_clock = time.fromisoformat(str(clock or "")[:5])
    except ValueError:
        return None
    return datetime.combine(picked_day, picked_clock, tzinfo=tz)


def names_time_of_day(phrase: str) -> bool:
    if _TIME_WORDS.search(phrase):
        return True
    without_dates = _DATE_PIECES.sub(" ", phrase)
    return re.search(r"\d", without_dates) is not None
