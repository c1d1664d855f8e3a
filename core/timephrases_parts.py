"""What a time phrase names, piece by piece, and small helpers for reading tokens.

Shared by the grammar (core/timephrases_grammar.py, core/timephrases_grammar_rec.py)
and the resolver (core/timephrases_resolve.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from core.timephrases_tokens import Token


@dataclass(frozen=True)
class Rec:
    freq: str  # DAILY, WEEKLY or MONTHLY
    interval: int = 1
    byday: tuple[str, ...] = ()
    bymonthday: int | None = None


@dataclass(frozen=True)
class ClockTime:
    hour: int
    minute: int
    # "digits": 3, 3:00, kl tre (hours 1-6 are ambiguous); "padded": 03:00, 15:00, 3pm
    # (taken as written); "words": halv tre, kvart i tre (daytime reading);
    # "bare": a lone number, which needs a day beside it to be read as an hour.
    kind: str


@dataclass
class Parts:
    rec: Rec | None = None
    rel_day: int | None = None
    weekday: int | None = None
    next_week: bool = False
    iso_week: int | None = None
    ymd: tuple[int | None, int, int] | None = None  # (year or None, month, day)
    monthday: int | None = None
    next_month: bool = False  # the monthday is in next calendar month
    offset: tuple[tuple[str, int], ...] | None = None
    clock: ClockTime | None = None
    period: str | None = None

    def put(self, name: str, value: object) -> None:
        if getattr(self, name) not in (None, False):
            raise Conflict(name)
        setattr(self, name, value)


class Conflict(Exception):
    """The same piece was named twice."""


Rule = Callable[[list[Token], int, Parts], int | None]


def kind_at(tokens: list[Token], i: int) -> str | None:
    return tokens[i].kind if i < len(tokens) else None


def is_at(tokens: list[Token], i: int, kind: str, value: object = None) -> bool:
    return kind_at(tokens, i) == kind and (value is None or tokens[i].value == value)


def day_number(token: Token) -> int | None:
    """1:a, 1st, första, or a plain 1-31 written in digits."""
    numeric = token.kind == "ord" or (token.kind == "num" and not token.word)
    if not (numeric or token.kind == "nth"):
        return None
    value = int(token.value)
    return value if 1 <= value <= 31 else None
