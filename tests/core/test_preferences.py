"""Parsing answers about language and time zone."""

from __future__ import annotations

import re

import pytest

from core.i18n import t
from core.preferences import AUTO, KEEP, known_timezone, parse_language_choice, parse_timezone


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("1", "sv"),
        ("Svenska", "sv"),
        ("svenska", "sv"),
        ("SWEDISH", "sv"),
        ("sv", "sv"),
        ("svensk.", "sv"),
        ("2", "en"),
        ("Engelska", "en"),
        ("english", "en"),
        ("en", "en"),
        ("engelska!", "en"),
        ("3", AUTO),
        ("Samma som Teams", AUTO),
        ("same as teams", AUTO),
        ("auto", AUTO),
        ("  Teams  ", AUTO),
    ],
)
def test_language_by_word_or_number(answer: str, expected: str) -> None:
    assert parse_language_choice(answer) == expected


@pytest.mark.parametrize("answer", ["tyska", "4", "0", "", "svenska tack", "sv-SE"])
def test_unclear_language_is_none(answer: str) -> None:
    assert parse_language_choice(answer) is None


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_language_button_label_parses(lang: str) -> None:
    labels = [t(f"settings.language.{choice}", lang) for choice in ("sv", "en", "auto")]
    assert [parse_language_choice(label) for label in labels] == ["sv", "en", AUTO]


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("Europe/Helsinki", "Europe/Helsinki"),
        ("europe/helsinki", "Europe/Helsinki"),
        ("EUROPE/STOCKHOLM", "Europe/Stockholm"),
        ("America/New_York", "America/New_York"),
        ("america/new york", "America/New_York"),
        ("Helsinki", "Europe/Helsinki"),
        ("london", "Europe/London"),
        ("New York", "America/New_York"),
        ("new_york", "America/New_York"),
        ("Stockholm", "Europe/Stockholm"),
        ("Sverige", "Europe/Stockholm"),
        ("Helsingfors", "Europe/Helsinki"),
        ("Köpenhamn", "Europe/Copenhagen"),
        ("kopenhamn", "Europe/Copenhagen"),
        ("Oslo.", "Europe/Oslo"),
        ("behåll", KEEP),
        ("Behåll", KEEP),
        ("behall", KEEP),
        ("keep", KEEP),
        ("KEEP!", KEEP),
    ],
)
def test_timezone_by_name_city_or_keep(answer: str, expected: str) -> None:
    assert parse_timezone(answer) == expected


@pytest.mark.parametrize(
    "answer", ["Mars/Olympus", "Tellus", "", "   ", "etc/utc", "posix/Europe/Oslo"]
)
def test_unknown_timezone_is_none(answer: str) -> None:
    assert parse_timezone(answer) is None


@pytest.mark.parametrize(
    ("sent", "expected"),
    [("Europe/Stockholm", "Europe/Stockholm"), (" America/New_York ", "America/New_York"),
     ("UTC", "UTC"), ("America", None), ("Etc", None), ("zone.tab", None), ("posixrules", None),
     ("right/UTC", None), ("localtime", None), ("Europe/../Europe/Oslo", None), (5, None)],
)  # fmt: skip
def test_a_zone_a_teams_client_sends_is_known_only_when_it_is_an_iana_zone(
    sent: object, expected: str | None
) -> None:
    # A directory of the zone database ("America") failed the turn with IsADirectoryError.
    assert known_timezone(sent) == expected


def test_keep_words_can_be_given() -> None:
    assert (parse_timezone("spara", keep_words=("spara",)), parse_timezone("behåll", ())) == (
        KEEP,
        None,
    )


@pytest.mark.parametrize("key", ["settings.ask_timezone", "settings.retry_timezone"])
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_example_in_the_timezone_prompts_parses(key: str, lang: str) -> None:
    text = t(key, lang, current="Europe/Stockholm")
    examples = re.findall(r"(?:e\.g\.|t\.ex\.) (.+?)(?:, eller|, or|\.$)", text)[0]
    names = re.split(r" eller | or ", examples)
    keep_word = t("settings.keep_words", lang)
    assert [parse_timezone(name) is not None for name in [*names, keep_word]] == [True] * (
        len(names) + 1
    )
