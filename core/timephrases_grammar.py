"""The grammar of time phrases: tokens → the parts a phrase names (pure code).

Each rule recognises one piece at a position ("imorgon", "kl 14", "halv tre",
"varje måndag och torsdag", "om 20 min") and records it in `Parts`; pieces may come
in any order. A piece named twice ("imorgon på fredag", "kl 9 kl 10") or a token no
rule takes makes the phrase unknown, so nothing is silently dropped. Turning the
parts into a time is core/timephrases_resolve.py's job.
"""

from __future__ import annotations

from core.timephrases_grammar_rec import RECURRENCE_RULES
from core.timephrases_parts import ClockTime, Conflict, Parts, Rule, day_number, is_at, kind_at
from core.timephrases_tokens import Token


def _date_numeric(tokens: list[Token], i: int, parts: Parts) -> int | None:
    """2026-12-03, 3/12, 3/12/2027, den 24/12."""
    j = i + 1 if is_at(tokens, i, "den") else i
    if not is_at(tokens, j, "date"):
        return None
    token = tokens[j]
    parts.put("ymd", (token.year, token.month, int(token.value)))
    return j + 1


def _year(tokens: list[Token], i: int) -> tuple[int | None, int]:
    if is_at(tokens, i, "num") and not tokens[i].word and 2000 <= int(tokens[i].value) <= 2100:
        return int(tokens[i].value), i + 1
    return None, i


def _date_day_month(tokens: list[Token], i: int, parts: Parts) -> int | None:
    """den 3 december, 3 dec, 3rd of December, December 3rd 2026."""
    if is_at(tokens, i, "month") and i + 1 < len(tokens):
        day = day_number(tokens[i + 1])
        if day is not None:
            year, end = _year(tokens, i + 2)
            parts.put("ymd", (year, int(tokens[i].value), day))
            return end
        return None
    j = i + 1 if is_at(tokens, i, "den") else i
    day = day_number(tokens[j]) if j < len(tokens) else None
    if day is None:
        return None
    k = j + 2 if is_at(tokens, j + 1, "of") else j + 1
    if not is_at(tokens, k, "month"):
        return None
    year, end = _year(tokens, k + 1)
    parts.put("ymd", (year, int(tokens[k].value), day))
    return end


def _relative_day(tokens: list[Token], i: int, parts: Parts) -> int | None:
    if is_at(tokens, i, "rel"):
        parts.put("rel_day", tokens[i].value)
        return i + 1
    if is_at(tokens, i, "todayperiod"):
        parts.put("rel_day", 0)
        parts.put("period", tokens[i].value)
        return i + 1
    return None


def _weekday(tokens: list[Token], i: int, parts: Parts) -> int | None:
    """fredag, på fredag, nästa tisdag, tisdag v. 49, tisdag vecka 49."""
    j = i + 1 if kind_at(tokens, i) in ("this", "next") else i
    if not is_at(tokens, j, "wd"):
        return None
    parts.put("weekday", int(tokens[j].value))
    if is_at(tokens, i, "next"):
        parts.put("next_week", True)
    return j + 1


def _week(tokens: list[Token], i: int, parts: Parts) -> int | None:
    """v. 49 / vecka 49 (ISO week), nästa vecka."""
    if kind_at(tokens, i) == "next" and is_at(tokens, i + 1, "unit", "week"):
        parts.put("next_week", True)
        return i + 2
    if (is_at(tokens, i, "isoweek") or is_at(tokens, i, "unit", "week")) and is_at(
        tokens, i + 1, "num"
    ):
        parts.put("iso_week", int(tokens[i + 1].value))
        return i + 2
    return None


def _amount(tokens: list[Token], i: int) -> tuple[tuple[str, int], int] | None:
    """2 timmar, en halvtimme, en kvart, a week, 1,5 timme (a decimal: hours only)."""
    if is_at(tokens, i, "tenths"):
        if not is_at(tokens, i + 1, "unit", "hour"):
            return None
        return ("min", int(tokens[i].value) * 6), i + 2
    count = 1
    if is_at(tokens, i, "num"):
        count, i = int(tokens[i].value), i + 1
    if is_at(tokens, i, "unit"):
        unit = str(tokens[i].value)
        if unit == "halfhour":
            return ("min", 30 * count), i + 1
        return (unit, count), i + 1
    if is_at(tokens, i, "kvart"):
        return ("min", 15 * count), i + 1
    return None


def _offset(tokens: list[Token], i: int, parts: Parts) -> int | None:
    """om två timmar, om 20 min, om en vecka, in 2 hours and 30 minutes."""
    if not is_at(tokens, i, "in"):
        return None
    first = _amount(tokens, i + 1)
    if first is None:
        return None
    amounts, j = [first[0]], first[1]
    while is_at(tokens, j, "and") and (more := _amount(tokens, j + 1)) is not None:
        amounts.append(more[0])
        j = more[1]
    parts.put("offset", tuple(amounts))
    return j


def _monthday_only(tokens: list[Token], i: int, parts: Parts) -> int | None:
    """den 15, the 15th, den 1:a nästa månad, the 1st of next month."""
    day = None
    if is_at(tokens, i, "den") and i + 1 < len(tokens):
        day, end = day_number(tokens[i + 1]), i + 2
    elif is_at(tokens, i, "ord"):
        day, end = day_number(tokens[i]), i + 1
    if day is None:
        return None
    parts.put("monthday", day)
    j = end + 1 if kind_at(tokens, end) in ("i", "of", "in") else end
    if is_at(tokens, j, "next") and is_at(tokens, j + 1, "unit", "month"):
        parts.put("next_month", True)
        return j + 2
    return end


def _hour_token(tokens: list[Token], i: int) -> int | None:
    if is_at(tokens, i, "num") and 0 <= int(tokens[i].value) <= 23:
        return int(tokens[i].value)
    return None


def _word_clock(hour: int, minute: int) -> ClockTime | None:
    """A clock read in words: hours 1-12 get the daytime reading later, 13-23 are as said."""
    if not 0 <= minute <= 59 or not 0 <= hour <= 23:
        return None
    if 1 <= hour <= 12:
        return ClockTime(hour, minute, "words")
    return ClockTime(hour, minute, "padded")


def _clock_words(tokens: list[Token], i: int, parts: Parts) -> int | None:
    """halv tre, kvart över två, kvart i tre, tjugo över nio, fem i halv tre, half past two."""
    j = i + 1 if is_at(tokens, i, "kl") else i
    found: tuple[ClockTime | None, int] | None = None
    if is_at(tokens, j, "halv") and (hour := _hour_token(tokens, j + 1)) is not None:
        found = _word_clock(_previous_hour(hour), 30), j + 2
    elif is_at(tokens, j, "half") and is_at(tokens, j + 1, "past"):
        if (hour := _hour_token(tokens, j + 2)) is not None:
            found = _word_clock(hour, 30), j + 3
    else:
        k = j + 1 if is_at(tokens, j, "num", 1) and is_at(tokens, j + 1, "kvart") else j
        minutes = 15 if is_at(tokens, k, "kvart") else None
        if minutes is None and is_at(tokens, k, "num") and 1 <= int(tokens[k].value) <= 29:
            minutes = int(tokens[k].value)
        direction = kind_at(tokens, k + 1)
        if minutes is not None and direction in ("past", "i", "to"):
            half = is_at(tokens, k + 2, "halv")
            hour = _hour_token(tokens, k + 3 if half else k + 2)
            if hour is not None:
                end = k + 4 if half else k + 3
                if half:
                    base = _previous_hour(hour)
                    minute = 30 + minutes if direction == "past" else 30 - minutes
                    found = _word_clock(base, minute), end
                elif direction == "past":
                    found = _word_clock(hour, minutes), end
                else:
                    found = _word_clock(_previous_hour(hour), 60 - minutes), end
    if found is None or found[0] is None:
        return None
    parts.put("clock", found[0])
    return found[1]


def _previous_hour(hour: int) -> int:
    """halv tre is half past two; halv ett is half past twelve."""
    if hour == 1:
        return 12
    return 23 if hour == 0 else hour - 1


def _clock_digits(tokens: list[Token], i: int, parts: Parts) -> int | None:
    """kl 14, klockan 15, 15:00, 15.00, kl 1430, 3pm, 3 o'clock."""
    explicit = is_at(tokens, i, "kl")
    j = i + 1 if explicit else i
    if is_at(tokens, j, "time"):
        token = tokens[j]
        hour = int(token.value)
        if token.ampm:  # 3pm, 12am: read here, then taken as written
            if not 1 <= hour <= 12:
                return None
            hour = hour % 12 + (12 if token.ampm == "pm" else 0)
        kind = "padded" if token.padded or token.ampm or hour > 12 else "digits"
        parts.put("clock", ClockTime(hour, token.minute, kind))
        return j + 1
    if not is_at(tokens, j, "num"):
        return None
    token = tokens[j]
    value = int(token.value)
    oclock = is_at(tokens, j + 1, "oclock")
    if not (explicit or oclock or is_at(tokens, j + 1, "period")):
        return None
    if explicit and not token.word and value >= 100:
        hour, minute = divmod(value, 100)
        kind = "padded"
    else:
        hour, minute = value, 0
        kind = "padded" if token.padded or hour > 12 else "digits"
    parts.put("clock", ClockTime(hour, minute, kind))
    return j + 2 if oclock else j + 1


def _period(tokens: list[Token], i: int, parts: Parts) -> int | None:
    if is_at(tokens, i, "period"):
        parts.put("period", tokens[i].value)
        return i + 1
    return None


def _bare_hour(tokens: list[Token], i: int, parts: Parts) -> int | None:
    """imorgon 9, fredag 14: a lone number, kept only when a day stands beside it."""
    if not is_at(tokens, i, "num") or int(tokens[i].value) > 23:
        return None
    token = tokens[i]
    kind = "padded" if token.padded or int(token.value) > 12 else "bare"
    parts.put("clock", ClockTime(int(token.value), 0, kind))
    return i + 1


RULES: tuple[Rule, ...] = (
    *RECURRENCE_RULES,
    _date_numeric,
    _date_day_month,
    _relative_day,
    _weekday,
    _week,
    _offset,
    _monthday_only,
    _clock_words,
    _clock_digits,
    _period,
    _bare_hour,
)


def parse_parts(tokens: list[Token]) -> Parts | None:
    """The parts a phrase names, or None when some token fits no rule."""
    parts = Parts()
    i = 0
    try:
        while i < len(tokens):
            for rule in RULES:
                end = rule(tokens, i, parts)
                if end is not None:
                    i = end
                    break
            else:
                return None
    except Conflict:
        return None
    return parts if tokens else None
