"""What the SSD commands say, pure: `skatta`, `graf`, `exportera`, `ny klient|mål|fas`.

    skatta                          → the rating card (client chosen if several)
    skatta K-1042                   → the rating card for K-1042
    skatta K-1042 ångest 6          → saved at once
    skatta K-1042 ångest 6 sömn 4 igår kväll
    skatta ångest 6                 → the only client the user rates
    graf K-1042 [ångest]
    exportera K-1042
    ny klient K-1042 [enhet …]
    nytt mål K-1042                 → a card with the target's fields
    ny fas K-1042 [B] [2026-11-01|idag|imorgon] [description…]
    avsluta K-1042 [ja]             → asks first; `ja` confirms
    avsluta mål K-1042 ångest [ja]
    öppna K-1042, öppna mål K-1042 ångest

Days for back-filling are written here rather than with core.timephrases, which
reads "fredag" as the coming Friday (right for a reminder, wrong for a rating):
a rating's day is today or one of the seven days before it, so a weekday name is
the most recent such day. Values take a decimal comma or point ("6,5").

A refusal never carries the words it refused (they may hold a personnummer, or a
client's name): it says what is allowed instead. Dates it names are the ones it read
(`2026-11-23`), never more than eight digits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from core import ssd_model as rules
from core.commands import CommandSpec, fold, starts_with_client, starts_with_one_of
from core.errors import UserInputError

BACKFILL_DAYS = 7

_NUMBER = re.compile(r"^[-+]?\d+(?:[.,]\d+)?$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DAY_MONTH = re.compile(r"^(\d{1,2})/(\d{1,2})$")
_CODE_LIKE = re.compile(r"^[A-Za-zÅÄÖåäö]{1,3}[-\u2010-\u2014]\d+$")

_RELATIVE_DAYS = {
    "idag": 0,
    "today": 0,
    "imorgon": -1,  # named only to be refused as the future
    "tomorrow": -1,
    "igar": 1,
    "yesterday": 1,
    "forrgar": 2,
    "iforrgar": 2,
}
_WEEKDAYS = {
    **{w: i for i, w in enumerate(("mandag", "tisdag", "onsdag", "torsdag", "fredag"))},
    "lordag": 5,
    "sondag": 6,
    **{
        w: i
        for i, w in enumerate(
            ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
        )
    },
}
_MONTHS = {
    name: i + 1
    for i, names in enumerate(
        (
            ("jan", "januari", "january"),
            ("feb", "februari", "february"),
            ("mar", "mars", "march"),
            ("apr", "april"),
            ("maj", "may"),
            ("jun", "juni", "june"),
            ("jul", "juli", "july"),
            ("aug", "augusti", "august"),
            ("sep", "sept", "september"),
            ("okt", "oktober", "oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        )
    )
    for name in names
}
_SHIFT_WORDS = {
    "dag": rules.SHIFT_DAY,
    "dagpass": rules.SHIFT_DAY,
    "day": rules.SHIFT_DAY,
    "kvall": rules.SHIFT_EVENING,
    "kvallspass": rules.SHIFT_EVENING,
    "evening": rules.SHIFT_EVENING,
    "natt": rules.SHIFT_NIGHT,
    "nattpass": rules.SHIFT_NIGHT,
    "night": rules.SHIFT_NIGHT,
}
_FILLER = frozenset({"i", "pa", "on", "the", "den", "-", "–"})


# The SSD commands. Mid-dialog they read as commands only with a client code
# (or, for `ny` and `avsluta mål`, their own next word): see core/commands.py.
RATE = CommandSpec("rate", "skatta", "rate", ("skattning",), reads=starts_with_client)
CHART = CommandSpec(
    "chart",
    "graf",
    "chart",
    ("diagram", "kurva", "graph"),
    reads=starts_with_client,
    takes_client=True,
)
EXPORT = CommandSpec("export", "exportera", "export", reads=starts_with_client, takes_client=True)
CLIENT = CommandSpec(
    "client", "klient", "client", ("brukare",), reads=starts_with_client, takes_client=True
)
NEW = CommandSpec(
    "new",
    "ny",
    "new",
    ("nytt", "nya"),
    reads=starts_with_one_of("klient", "client", "mål", "target", "fas", "phase", "enhet", "unit"),
)
TEAM = CommandSpec(
    "team", "team", "team", ("vårdteam", "care-team"), reads=starts_with_client, takes_client=True
)
_CLOSES_TARGET = starts_with_one_of("mål", "target")
CLOSE = CommandSpec(
    "close",
    "avsluta",
    "close",
    reads=lambda args: starts_with_client(args) or _CLOSES_TARGET(args),
    takes_client=True,
)
REOPEN = CommandSpec(
    "reopen", "öppna", "reopen", ("återöppna",), reads=starts_with_client, takes_client=True
)


@dataclass(frozen=True)
class RateEntry:
    target: str
    value: float


@dataclass(frozen=True)
class RateCommand:
    """`skatta …`: no entries means "show the card"."""

    code: str | None
    entries: tuple[RateEntry, ...] = ()
    day: date | None = None  # None: today
    shift: str | None = None  # shift-day|shift-evening|shift-night when said


@dataclass(frozen=True)
class ChartCommand:
    code: str | None
    target: str | None = None


@dataclass(frozen=True)
class NewCommand:
    """`ny klient|mål|fas …`: what to create and the words after the client code."""

    kind: str  # client, unit, target, phase
    code: str | None
    rest: tuple[str, ...] = field(default_factory=tuple)


def _words(text: str) -> list[str]:
    """The words of a command; text holding a personnummer is refused before anything
    else is read from it, so it is never stored, looked up or echoed back."""
    if rules.looks_like_personnummer(text):
        raise UserInputError("ssd.personnummer")
    return [w for w in text.replace("\n", " ").split(" ") if w]


def _code_of(word: str) -> str | None:
    if not _CODE_LIKE.match(word):
        return None
    return rules.normalise_client_code(word)  # raises with a clear message when odd


def parse_value(word: str) -> float | None:
    if not _NUMBER.match(word):
        return None
    return float(word.replace(",", "."))


def parse_rating_day(words: list[str], today: date) -> date | None:
    """The day the words name, within today and the BACKFILL_DAYS before it.

    None when the words are not a day at all; UserInputError when they are a day
    that cannot be rated (in the future, or too long ago)."""
    folded = [fold(w).strip(".,") for w in words]
    folded = [w for w in folded if w and w not in _FILLER]
    if not folded:
        return None
    joined = "".join(folded)
    day: date | None = None
    if joined in _RELATIVE_DAYS:
        day = today - timedelta(days=_RELATIVE_DAYS[joined])
    elif len(folded) == 1 and folded[0] in _WEEKDAYS:
        back = (today.weekday() - _WEEKDAYS[folded[0]]) % 7
        day = today - timedelta(days=back)
    elif len(folded) == 1 and (m := _ISO_DATE.match(folded[0])):
        day = _date_or_error(int(m[1]), int(m[2]), int(m[3]))
    elif len(folded) == 1 and (m := _DAY_MONTH.match(folded[0])):
        day = _latest(int(m[1]), int(m[2]), today)
    elif len(folded) == 2 and folded[0].isdigit() and folded[1] in _MONTHS:
        day = _latest(int(folded[0]), _MONTHS[folded[1]], today)
    if day is None:
        return None
    check_rating_day(day, today)
    return day


def check_rating_day(day: date, today: date) -> None:
    if day > today:
        raise UserInputError("ssd.rate.day_future", day=day.isoformat())
    if day < today - timedelta(days=BACKFILL_DAYS):
        raise UserInputError("ssd.rate.day_too_old", day=day.isoformat(), days=BACKFILL_DAYS)


def _date_or_error(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise UserInputError("ssd.rate.day_unknown", day=f"{year}-{month}-{day}") from None


def _latest(day: int, month: int, today: date) -> date:
    """Day/month without a year: this year's, or last year's if this year's is ahead."""
    candidate = _date_or_error(today.year, month, day)
    return candidate if candidate <= today else _date_or_error(today.year - 1, month, day)


def parse_rate(args: str, today: date) -> RateCommand:
    words = _words(args)
    code = _code_of(words[0]) if words else None
    if code is not None:
        words = words[1:]
    entries: list[RateEntry] = []
    name: list[str] = []
    index = 0
    while index < len(words):
        value = parse_value(words[index])
        if value is not None and name:
            entries.append(RateEntry(" ".join(name), value))
            name = []
            index += 1
            continue
        if value is not None:
            raise UserInputError("ssd.rate.value_without_target")
        if entries and _is_tail(words[index:], today):
            break
        name.append(words[index])
        index += 1
    tail = words[index:]
    if name and not entries:
        raise UserInputError("ssd.rate.target_without_value")
    if name:
        tail = name + tail  # words after the last value that were not a day: say so below
    shift, day = _shift_and_day(tail, today)
    return RateCommand(code=code, entries=tuple(entries), day=day, shift=shift)


def _is_tail(words: list[str], today: date) -> bool:
    try:
        _shift_and_day(words, today)
    except UserInputError as error:
        return error.key != "ssd.rate.trailing_words"
    return True


def _shift_and_day(words: list[str], today: date) -> tuple[str | None, date | None]:
    """Trailing words: a day, a shift, or both, in either order."""
    shift = None
    rest = []
    for word in _join_i(words):
        folded = fold(word).strip(".,")
        if folded in _SHIFT_WORDS and shift is None:
            shift = _SHIFT_WORDS[folded]
        elif folded.endswith("s") and folded[:-1] in _SHIFT_WORDS and shift is None:
            shift = _SHIFT_WORDS[folded[:-1]]  # "igår kvälls", rare but seen
        else:
            rest.append(word)
    if rest and all(fold(w) in _FILLER for w in rest):
        rest = []
    day = parse_rating_day(rest, today) if rest else None
    if rest and day is None:
        raise UserInputError("ssd.rate.trailing_words")
    return shift, day


def _join_i(words: list[str]) -> list[str]:
    """ "i dag", "i går", "i förrgår" as one word, so "dag" is not read as the day shift."""
    joined: list[str] = []
    for word in words:
        if (
            joined
            and fold(joined[-1]) == "i"
            and fold(word).strip(".,") in ("dag", "gar", "forrgar", "morgon")
        ):
            joined[-1] = "i" + word
        else:
            joined.append(word)
    return joined


def parse_chart(args: str) -> ChartCommand:
    words = _words(args)
    if not words:
        return ChartCommand(code=None)
    code = _code_of(words[0])
    if code is None:
        raise UserInputError("ssd.code.invalid")
    return ChartCommand(code=code, target=" ".join(words[1:]) or None)


def parse_code_only(args: str) -> str | None:
    words = _words(args)
    if not words:
        return None
    code = _code_of(words[0])
    if code is None:
        raise UserInputError("ssd.code.invalid")
    return code


_NEW_KINDS = {
    "klient": "client",
    "brukare": "client",
    "client": "client",
    "enhet": "unit",  # organisational SSD: a unit rates its development areas
    "unit": "unit",
    "mal": "target",
    "target": "target",
    "goal": "target",
    "fas": "phase",
    "phase": "phase",
}


@dataclass(frozen=True)
class CloseCommand:
    code: str
    target: str | None  # None: the whole follow-up
    # None: not answered yet (ask first); True: `… ja`; False: any other answer (keep it)
    confirmed: bool | None = None


_YES = frozenset({"ja", "yes", "bekrafta", "confirm"})
_NO = frozenset({"nej", "no", "behall", "keep"})


def _client_or_target(words: list[str]) -> tuple[str, str | None, list[str]] | None:
    """`K-1042 …` or `mål K-1042 <target> …`: the code, the target words (None for the
    whole follow-up) and, for the whole follow-up, the words after the code."""
    if words and fold(words[0]).strip(".,:") in ("mal", "target", "goal"):
        code = _code_of(words[1]) if len(words) > 1 else None
        if code is None or len(words) < 3:
            return None
        return code, " ".join(words[2:]), []
    code = _code_of(words[0]) if words else None
    return (code, None, words[1:]) if code else None


def parse_close(args: str) -> CloseCommand | None:
    """`K-1042 [ja]` (the follow-up) or `mål K-1042 ångest [ja]` (one target); None: ask
    what. Closing is confirmed first: a trailing ja/yes confirms, for the follow-up any
    other words after the code keep it, for a target nej/no does (a target's name
    may have several words)."""
    found = _client_or_target(_words(args))
    if found is None:
        return None
    code, target, after = found
    if target is None:
        answer = fold(" ".join(after)).strip(".,!") if after else None
        return CloseCommand(code, None, None if answer is None else answer in _YES)
    *name, last = target.split(" ")
    if name and fold(last).strip(".,!") in _YES | _NO:
        return CloseCommand(code, " ".join(name), fold(last).strip(".,!") in _YES)
    return CloseCommand(code, target)


def parse_reopen(args: str) -> CloseCommand | None:
    """`K-1042` (the follow-up) or `mål K-1042 ångest` (one target), the shape closing
    has; None: ask what. Reopening changes nothing that cannot be closed again, so it
    is not confirmed first."""
    found = _client_or_target(_words(args))
    if found is None or found[2]:
        return None
    return CloseCommand(found[0], found[1])


def parse_new(args: str) -> NewCommand:
    """`klient K-1042 …`, `mål K-1042`, `fas K-1042 …` (after the word ny/nytt/new)."""
    words = _words(args)
    kind = _NEW_KINDS.get(fold(words[0]).strip(".,:")) if words else None
    if kind is None:
        raise UserInputError("ssd.new.what")
    rest = words[1:]
    code = _code_of(rest[0]) if rest else None
    if code is not None:
        rest = rest[1:]
    elif rest:
        raise UserInputError("ssd.code.invalid")
    return NewCommand(kind=kind, code=code, rest=tuple(rest))


@dataclass(frozen=True)
class PhaseCommand:
    label: str | None
    start: date
    description: str | None


def parse_phase_words(words: tuple[str, ...], today: date) -> PhaseCommand:
    """`[B] [2026-11-01|idag|imorgon|1/12] [description…]`: a phase starts today
    unless a date is given, and may start at most a month ahead."""
    rest = list(words)
    label = None
    if rest and re.match(r"^[A-Za-z][1-9]?$", rest[0]) and rest[0].upper() != "I":
        label = rules.validate_phase_label(rest.pop(0))
    start = today
    if rest:
        first = fold(rest[0]).strip(".,")
        if first in ("idag", "today"):
            rest.pop(0)
        elif first in ("imorgon", "tomorrow"):
            start = today + timedelta(days=1)
            rest.pop(0)
        elif m := _ISO_DATE.match(first):
            start = _date_or_error(int(m[1]), int(m[2]), int(m[3]))
            rest.pop(0)
        elif m := _DAY_MONTH.match(first):
            start = _date_or_error(today.year, int(m[2]), int(m[1]))
            rest.pop(0)
    if start > today + timedelta(days=31):
        raise UserInputError("ssd.phase.starts_too_late", day=start.isoformat())
    description = rules.validate_phase_description(" ".join(rest)) if rest else None
    return PhaseCommand(label=label, start=start, description=description)


def shift_at(hour: int) -> tuple[str, int]:
    """The shift running at this local hour, and how many days back its date is:
    dag 07–15, kväll 15–22, natt 22–07 (a night belongs to the date it starts)."""
    if 7 <= hour < 15:
        return rules.SHIFT_DAY, 0
    if 15 <= hour < 22:
        return rules.SHIFT_EVENING, 0
    return rules.SHIFT_NIGHT, 1 if hour < 7 else 0
