"""Swedish personal identity numbers in free text (pure code).

Clients are known by pseudonymous codes; a personnummer must never be stored or
logged. Every free text the bot keeps (notes, reminder texts, meeting purposes and
plan lines, consent form references, directory entries) is checked here first, and text with
one is refused with an explanation.

What counts (Skatteverket's rules):
- 10 digits YYMMDD-NNNC, or 12 digits YYYYMMDD-NNNC. The separator is "-", or
  "+" once the person is 100, and may be left out or have spaces around it.
- The date is a real date. In a samordningsnummer (coordination number) the day
  has 60 added (61–91).
- C is the Luhn check digit of the ten digits YYMMDDNNN.

A run of digits longer than 12 (a Teams message id, an account number) is not one,
and neither is a number with the wrong check digit (a phone number, a date and a
time): refusing those would only teach people to work around the guard. The price
is that a personnummer mistyped in its check digit passes; the code-only rule and
the audit remain.
"""

from __future__ import annotations

import calendar
import re

# Digits, then an optional separator, then four digits; not inside a longer number.
_CANDIDATE = re.compile(
    r"(?<![\d])(?P<century>\d{2})?(?P<date>\d{6})[ \t]?(?P<sep>[-+])?[ \t]?(?P<tail>\d{4})(?![\d])"
)


def contains_personnummer(text: str) -> bool:
    """Whether the text holds a valid personnummer or samordningsnummer."""
    return any(_valid(m) for m in _CANDIDATE.finditer(text))


def find_personnummer(text: str) -> list[tuple[int, int]]:
    """Where the valid ones are: (start, end) of each, in order (for redacting)."""
    return [m.span() for m in _CANDIDATE.finditer(text) if _valid(m)]


def is_personnummer(text: str) -> bool:
    """Whether the whole text (spaces around it aside) is one."""
    match = _CANDIDATE.fullmatch(text.strip())
    return match is not None and _valid(match)


def _valid(match: re.Match[str]) -> bool:
    century, ymd, tail = match.group("century"), match.group("date"), match.group("tail")
    if century is not None and match.group("sep") == "+":
        return False  # "+" belongs to the 10-digit form only
    year, month, day = int(ymd[:2]), int(ymd[2:4]), int(ymd[4:6])
    if day > 60:
        day -= 60  # samordningsnummer
    if not 1 <= month <= 12 or day < 1:
        return False
    # Without the century the year could be any with these two digits: let a
    # 29 February through when some century's year has one (2000 and 1900 differ).
    if century is None:
        leap = any(calendar.isleap(c * 100 + year) for c in (18, 19, 20))
        days = 29 if month == 2 and leap else calendar.monthrange(2001, month)[1]
    else:
        days = calendar.monthrange(int(century) * 100 + year, month)[1]
    if day > days:
        return False
    return _luhn_ok(ymd + tail)


def _luhn_ok(ten: str) -> bool:
    total = 0
    for index, char in enumerate(ten[:9]):
        product = int(char) * (2 if index % 2 == 0 else 1)
        total += product // 10 + product % 10
    return (10 - total % 10) % 10 == int(ten[9])
