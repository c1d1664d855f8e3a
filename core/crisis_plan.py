"""A crisis plan per client (pure code): the VSS model's "tidiga tecken med
handlingsplan" and "samordning i krissituationer" (seed 003).

A plan holds
- early signs (tidiga tecken): a short list of what shows that things are going wrong;
- what we do (vad gör vi): the steps, in order;
- the person's own words (vad hjälper mig), optional;
- whom to call, each with when they are reachable: dag, kväll, natt or dygnet runt.
  A contact is typed as "name, phone, when"; without a phone, the name is looked up
  in the directory (storage/ resolves it) and the entry's number is shown.

Everything typed is free text: trimmed, bounded and refused when it holds a
personnummer (core/personnummer.py), and the refusal never repeats the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import time
from typing import TypeVar

from core.commands import fold
from core.errors import UserInputError
from core.text import guarded_line

T = TypeVar("T")
DAY, EVENING, NIGHT = "day", "evening", "night"
REACHES = (DAY, EVENING, NIGHT)  # "dygnet runt" is all three
MAX_SIGNS = 10
MAX_STEPS = 10
MAX_CONTACTS = 8
MAX_ITEM = 200
MAX_OWN_WORDS = 500
MAX_NAME = 100
MAX_PHONE = 40
# Where the parts of the day begin (local time of the reader).
DAY_STARTS, EVENING_STARTS, NIGHT_STARTS = time(8), time(17), time(22)

_REACH_WORDS: dict[str, tuple[str, ...]] = {
    "dag": (DAY,),
    "dagtid": (DAY,),
    "dagen": (DAY,),
    "day": (DAY,),
    "daytime": (DAY,),
    "kvall": (EVENING,),
    "kvallar": (EVENING,),
    "evening": (EVENING,),
    "evenings": (EVENING,),
    "natt": (NIGHT,),
    "natten": (NIGHT,),
    "natter": (NIGHT,),
    "night": (NIGHT,),
    "nights": (NIGHT,),
    "dygnet runt": REACHES,
    "dygnetrunt": REACHES,
    "alltid": REACHES,
    "24/7": REACHES,
    "24h": REACHES,
    "always": REACHES,
    "around the clock": REACHES,
}
_FILLER = frozenset({"och", "and", "samt", "&", "+", "/"})
KEEP_WORDS = frozenset({"behall", "keep", "samma", "same"})
CLEAR_WORDS = frozenset({"-", "inget", "inga", "ingenting", "none", "nothing", "tom"})
_PHONE = re.compile(r"^\+?[\d][\d \-()]{4,}$")


@dataclass(frozen=True)
class ContactLine:
    """A contact as typed: name, phone (None: look the name up in the directory)
    and when reachable."""

    name: str
    phone: str | None
    reach: frozenset[str]


def _text(text: str, limit: int, key: str, **where: object) -> str:
    return guarded_line(
        text, limit, too_long=f"{key}.too_long", personnummer="crisis.personnummer", **where
    )


def split_items(text: str) -> list[str]:
    """One item per line; a single line may be split with ";"."""
    lines = [line.strip(" \t-•*") for line in text.splitlines()]
    lines = [line for line in lines if line]
    if len(lines) == 1:
        lines = [part.strip(" \t-•*") for part in lines[0].split(";")]
    return [line for line in lines if line]


def is_keep(text: str) -> bool:
    return fold(text.strip(" .!")) in KEEP_WORDS


def is_clear(text: str) -> bool:
    return fold(text.strip(" .!")) in CLEAR_WORDS or text.strip() == "-"


def read_items(text: str, *, limit: int, key: str) -> tuple[str, ...]:
    """A list (signs or steps): at least one, at most `limit`, each bounded."""
    items = split_items(text)
    if not items:
        raise UserInputError(f"{key}.missing")
    if len(items) > limit:
        raise UserInputError(f"{key}.too_many", limit=limit)
    return tuple(_text(item, MAX_ITEM, "crisis.item", line=n) for n, item in enumerate(items, 1))


def read_signs(text: str) -> tuple[str, ...]:
    return read_items(text, limit=MAX_SIGNS, key="crisis.signs")


def read_steps(text: str) -> tuple[str, ...]:
    return read_items(text, limit=MAX_STEPS, key="crisis.steps")


def read_own_words(text: str) -> str | None:
    """The person's own words; None when cleared."""
    if is_clear(text) or not text.strip():
        return None
    return _text(text, MAX_OWN_WORDS, "crisis.own_words")


def read_reach(text: str) -> frozenset[str] | None:
    """When: "dag", "kväll och natt", "dygnet runt" …; None if it is not that."""
    folded = " ".join(fold(text).replace(",", " ").split())
    if folded in _REACH_WORDS:
        return frozenset(_REACH_WORDS[folded])
    found: set[str] = set()
    for word in folded.split():
        if word in _FILLER:
            continue
        if word not in _REACH_WORDS:
            return None
        found.update(_REACH_WORDS[word])
    return frozenset(found) or None


def read_contact(line: str, number: int) -> ContactLine:
    """ "Psykiatriakuten, 019-602 00 00, dygnet runt" or "Mobila teamet, natt"."""
    parts = [part.strip() for part in line.split(",")]
    parts = [part for part in parts if part]
    if len(parts) < 2:
        raise UserInputError("crisis.contact.shape", line=number)
    reach = read_reach(parts[-1])
    if reach is None:
        raise UserInputError("crisis.contact.when", line=number)
    phone = None
    if len(parts) >= 3 and _PHONE.match(parts[-2]):
        phone = _text(parts[-2], MAX_PHONE, "crisis.contact.phone", line=number)
        name_parts = parts[:-2]
    else:
        name_parts = parts[:-1]
    name = _text(", ".join(name_parts), MAX_NAME, "crisis.contact.name", line=number)
    return ContactLine(name, phone, reach)


def read_contacts(text: str) -> tuple[ContactLine, ...]:
    lines = [line.strip(" \t-•*") for line in text.splitlines()]
    lines = [line for line in lines if line]
    if len(lines) == 1 and ";" in lines[0]:
        lines = [part.strip() for part in lines[0].split(";") if part.strip()]
    if not lines:
        raise UserInputError("crisis.contacts.missing")
    if len(lines) > MAX_CONTACTS:
        raise UserInputError("crisis.contacts.too_many", limit=MAX_CONTACTS)
    return tuple(read_contact(line, n) for n, line in enumerate(lines, 1))


def part_of_day(at: time) -> str:
    """Day 08–17, evening 17–22, night 22–08 (the reader's local time)."""
    if DAY_STARTS <= at < EVENING_STARTS:
        return DAY
    if EVENING_STARTS <= at < NIGHT_STARTS:
        return EVENING
    return NIGHT


def reach_key(reach: Iterable[str]) -> str:
    """How a reach is stored: "day,evening" in a fixed order; "" is never stored."""
    chosen = set(reach)
    return ",".join(r for r in REACHES if r in chosen)


def reach_of(stored: str) -> frozenset[str]:
    return frozenset(r for r in stored.split(",") if r in REACHES)


def reachable_first(
    contacts: Sequence[T], reach: Sequence[frozenset[str]], now: str
) -> tuple[list[T], list[T]]:
    """The contacts reachable in this part of the day, then the others, each in the
    plan's order."""
    now_ = [c for c, r in zip(contacts, reach, strict=True) if now in r]
    later = [c for c, r in zip(contacts, reach, strict=True) if now not in r]
    return now_, later
