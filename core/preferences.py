"""Parsing a user's answers about language and time zone (pure functions)."""

from __future__ import annotations

from functools import lru_cache
from zoneinfo import available_timezones

from core.commands import fold

KEEP = "keep"
AUTO = "auto"

_LANGUAGE_WORDS = {
    "sv": {"1", "svenska", "swedish", "sv", "svensk"},
    "en": {"2", "engelska", "english", "en", "engelsk"},
    AUTO: {"3", "samma som teams", "same as teams", "auto", "automatiskt", "automatic", "teams"},
}


def parse_language_choice(text: str) -> str | None:
    """'Svenska' -> 'sv', '2' -> 'en', 'samma som Teams' -> 'auto'; None if unclear."""
    answer = fold(text or "").strip().strip(".!")
    for choice, words in _LANGUAGE_WORDS.items():
        if answer in {fold(w) for w in words}:
            return choice
    return None


@lru_cache(maxsize=1)
def _zones() -> dict[str, str]:
    zones: dict[str, str] = {}
    for name in available_timezones():
        if "/" not in name or name.startswith(("Etc/", "SystemV/", "posix/", "right/")):
            continue
        # Keys use spaces where IANA names use "_", so "America/New York" is found too.
        zones.setdefault(fold(name).replace("_", " "), name)
        zones.setdefault(fold(name.rsplit("/", 1)[1]).replace("_", " "), name)
    # Swedish spellings of nearby capitals staff may work in or from.
    zones.update(
        {
            "stockholm": "Europe/Stockholm",
            "sverige": "Europe/Stockholm",
            "helsingfors": "Europe/Helsinki",
            "kopenhamn": "Europe/Copenhagen",
            "kopenhagen": "Europe/Copenhagen",
        }
    )
    return zones


def known_timezone(name: object) -> str | None:
    """name if it is an IANA zone this machine knows (Teams sends them), else None.
    Looked up in the list of zones, not opened by the name a client sent: "America" is
    a directory of the zone database (ZoneInfo raised IsADirectoryError and failed the
    turn), and "localtime" or "posixrules" are files there but no zone Teams has."""
    if not isinstance(name, str):
        return None
    return name.strip() if name.strip() in _iana_zones() else None


@lru_cache(maxsize=1)
def _iana_zones() -> frozenset[str]:
    return frozenset(available_timezones() - {"localtime"})


def parse_timezone(text: str, keep_words: tuple[str, ...] = ("behåll", "keep")) -> str | None:
    """An IANA zone name from what the user typed, KEEP, or None if unknown."""
    answer = fold(text or "").strip().strip(".!")
    if not answer:
        return None
    if answer in {fold(w) for w in keep_words}:
        return KEEP
    return _zones().get(answer.replace("_", " "))
