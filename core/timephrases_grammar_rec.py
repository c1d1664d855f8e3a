"""Grammar rules for recurring times: varje dag, varje vardag, varannan tisdag,
måndagar och torsdagar, första måndagen i månaden, den 1:a varje månad (and English).
Each rule has the signature of core.timephrases_parts.Rule."""

from __future__ import annotations

from core.timephrases_parts import Parts, Rec, Rule, day_number, is_at, kind_at
from core.timephrases_tokens import WEEKDAY_CODES, Token


def _weekday_list(tokens: list[Token], i: int, kind: str) -> tuple[tuple[str, ...], int] | None:
    """måndag och torsdag / måndag, onsdag och fredag → (("MO", "TH"), next index)."""
    days: list[str] = []
    while is_at(tokens, i, kind):
        days.append(WEEKDAY_CODES[int(tokens[i].value)])
        i += 1
        if is_at(tokens, i, "and") and is_at(tokens, i + 1, kind):
            i += 1
    if not days:
        return None
    ordered = tuple(code for code in WEEKDAY_CODES if code in days)
    return ordered, i


def _month_tail(tokens: list[Token], i: int) -> int | None:
    """i månaden / i varje månad / varje månad / of the month / of every month."""
    connected = False
    if kind_at(tokens, i) in ("i", "of", "in"):
        i, connected = i + 1, True
    if is_at(tokens, i, "every"):
        i, connected = i + 1, True
    if connected and is_at(tokens, i, "unit", "month"):
        return i + 1
    return None


def _rec_daily(tokens: list[Token], i: int, parts: Parts) -> int | None:
    if kind_at(tokens, i) in ("every", "everyother") and is_at(tokens, i + 1, "unit", "day"):
        parts.put("rec", Rec("DAILY", interval=1 if tokens[i].kind == "every" else 2))
        return i + 2
    if is_at(tokens, i, "every") and is_at(tokens, i + 1, "period"):
        parts.put("rec", Rec("DAILY"))
        parts.put("period", tokens[i + 1].value)
        return i + 2
    return None


def _rec_weekdays(tokens: list[Token], i: int, parts: Parts) -> int | None:
    every = is_at(tokens, i, "every")
    j = i + 1 if every else i
    for kind, days in (("weekdays", WEEKDAY_CODES[:5]), ("weekend", WEEKDAY_CODES[5:])):
        if is_at(tokens, j, kind) and (every or tokens[j].value == "pl"):
            parts.put("rec", Rec("WEEKLY", byday=days))
            return j + 1
    return None


def _rec_weekly(tokens: list[Token], i: int, parts: Parts) -> int | None:
    if kind_at(tokens, i) not in ("every", "everyother"):
        return None
    interval = 1 if tokens[i].kind == "every" else 2
    j = i + 1
    if is_at(tokens, j, "unit", "week"):
        j += 1
    found = _weekday_list(tokens, j, "wd") or _weekday_list(tokens, j, "wdpl")
    if found is None:
        return None
    days, j = found
    parts.put("rec", Rec("WEEKLY", interval=interval, byday=days))
    return j


def _rec_plural(tokens: list[Token], i: int, parts: Parts) -> int | None:
    found = _weekday_list(tokens, i, "wdpl")
    if found is None:
        return None
    days, j = found
    parts.put("rec", Rec("WEEKLY", byday=days))
    return j


def _nth(tokens: list[Token], i: int) -> int | None:
    """första, sista, first, last, 1st … 4th."""
    if is_at(tokens, i, "nth"):
        return int(tokens[i].value)
    if is_at(tokens, i, "ord") and 1 <= int(tokens[i].value) <= 4:
        return int(tokens[i].value)
    return None


def _rec_nth(tokens: list[Token], i: int, parts: Parts) -> int | None:
    """första måndagen i månaden, sista fredagen i månaden, sista dagen i månaden."""
    nth = _nth(tokens, i)
    if nth is None:
        return None
    if kind_at(tokens, i + 1) in ("wd", "wdef") and nth <= 4:
        end = _month_tail(tokens, i + 2)
        if end is not None:
            code = WEEKDAY_CODES[int(tokens[i + 1].value)]
            parts.put("rec", Rec("MONTHLY", byday=(f"{nth}{code}",)))
            return end
    if is_at(tokens, i + 1, "unit", "day"):
        end = _month_tail(tokens, i + 2)
        if end is not None:
            parts.put("rec", Rec("MONTHLY", bymonthday=nth))
            return end
    return None


def _rec_monthday(tokens: list[Token], i: int, parts: Parts) -> int | None:
    """den 1:a varje månad, den 15 i månaden, varje månad den 15, every month on the 15th."""
    if is_at(tokens, i, "every") and is_at(tokens, i + 1, "unit", "month"):
        j = i + 3 if is_at(tokens, i + 2, "den") else i + 2
        nth = _nth(tokens, j)
        if nth is not None and nth <= 4 and kind_at(tokens, j + 1) in ("wd", "wdef"):
            code = WEEKDAY_CODES[int(tokens[j + 1].value)]
            parts.put("rec", Rec("MONTHLY", byday=(f"{nth}{code}",)))
            return j + 2
        day = day_number(tokens[j]) if j < len(tokens) else None
        if day is not None:
            parts.put("rec", Rec("MONTHLY", bymonthday=day))
            return j + 1
        return None
    j = i + 1 if is_at(tokens, i, "den") else i
    day = day_number(tokens[j]) if j < len(tokens) else None
    end = _month_tail(tokens, j + 1) if day is not None else None
    if day is None or end is None:
        return None
    parts.put("rec", Rec("MONTHLY", bymonthday=day))
    return end


RECURRENCE_RULES: tuple[Rule, ...] = (
    _rec_daily,
    _rec_weekdays,
    _rec_weekly,
    _rec_plural,
    _rec_nth,
    _rec_monthday,
)
