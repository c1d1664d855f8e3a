"""The router's command table: Swedish and English words, case, accents, arguments,
typos, and which messages read as a new command while a dialog waits."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.router import Router
from bot.services import build_services
from core.commands import CommandMatch, fold
from core.config import Config
from core.i18n import CATALOG


def _router() -> Router:  # the real registrations; building touches no database
    return build_services(
        Config(database_url="sqlite:////tmp/samverkan-router-test.sqlite3")
    ).router


ROUTER = _router()
COMMANDS = ROUTER.specs
match_command = ROUTER.match
nearest_command = ROUTER.index.nearest
spec = ROUTER.index.spec


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hjälp", CommandMatch(key="help")),
        ("HJÄLP", CommandMatch(key="help")),
        ("hjalp", CommandMatch(key="help")),
        ("Hjälp!", CommandMatch(key="help")),
        ("hjälp?", CommandMatch(key="help")),
        ("/help", CommandMatch(key="help")),
        ("help", CommandMatch(key="help")),
        ("?", CommandMatch(key="help")),
        ("??", CommandMatch(key="help")),
        ("Hej", CommandMatch(key="help")),
        ("Hejsan!", CommandMatch(key="help")),
        ("meny", CommandMatch(key="help")),
        ("  hjälp  ", CommandMatch(key="help")),
        ("Påminnelser", CommandMatch(key="reminders")),
        ("paminnelser", CommandMatch(key="reminders")),
        ("reminders", CommandMatch(key="reminders")),
        ("påminn mig imorgon", CommandMatch(key="remind", args="mig imorgon")),
        ("Remind me tomorrow at 9", CommandMatch(key="remind", args="me tomorrow at 9")),
        ("skatta K-1042 ångest 6", CommandMatch(key="rate", args="K-1042 ångest 6")),
        ("rate K-1042", CommandMatch(key="rate", args="K-1042")),
        ("skattning", CommandMatch(key="rate")),
        ("graf K-1042", CommandMatch(key="chart", args="K-1042")),
        ("diagram", CommandMatch(key="chart")),
        ("Boka möte", CommandMatch(key="book", args="möte")),
        ("möten", CommandMatch(key="meetings")),
        ("MOTE", CommandMatch(key="meeting")),
        ("möte K-1042", CommandMatch(key="meeting", args="K-1042")),
        ("tack", CommandMatch(key="thanks")),
        ("hur bokar jag ett möte?", CommandMatch(key="help", args="bokar jag ett möte?")),
        ("vem LSS Kumla", CommandMatch(key="who", args="LSS Kumla")),
        ("vem?", CommandMatch(key="who")),
        ("Inställningar.", CommandMatch(key="settings")),
        ("settings", CommandMatch(key="settings")),
        ("avbryt", CommandMatch(key="cancel")),
        ("Stopp!", CommandMatch(key="cancel")),
        ("cancel", CommandMatch(key="cancel")),
        ("skatta K-1042\n  ångest 6", CommandMatch(key="rate", args="K-1042\n  ångest 6")),
        ("dokumentera 12", CommandMatch(key="follow_up", args="12")),
        ("record 12", CommandMatch(key="follow_up", args="12")),
        ("utfall 12", CommandMatch(key="follow_up", args="12")),
        ("outcome 12", CommandMatch(key="follow_up", args="12")),
        ("uppföljning 12", CommandMatch(key="follow_up", args="12")),
    ],
)
def test_known_words_find_their_command(text: str, expected: CommandMatch) -> None:
    assert match_command(text) == expected


@pytest.mark.parametrize(
    ("text", "suggestion"),
    [
        ("hjäpl", "help"),
        ("bokaa", "book"),
        ("påminelser", "reminders"),
        ("skattningar", "rate"),
        ("grafen", "chart"),
        ("instälningar", "settings"),
        ("avbrytt", "cancel"),
        ("mötena", "meetings"),
    ],
)
def test_typos_get_a_suggestion(text: str, suggestion: str) -> None:
    assert match_command(text) == CommandMatch(key=None, args=text, suggestion=suggestion)


@pytest.mark.parametrize(
    "text",
    [
        "K-1042",
        "vad gör du",
        "god morgon",
        "ok",
        "okej",
        "ja",
        "nej",
        "Tjena",
        "asdf",
        "Kan du ringa FK?",
    ],
)
def test_unrelated_text_gets_no_suggestion(text: str) -> None:
    assert match_command(text) == CommandMatch(key=None, args=text, suggestion=None)


@pytest.mark.parametrize("text", ["", "   ", "\n"])
def test_empty_text_matches_nothing(text: str) -> None:
    assert match_command(text) == CommandMatch(key=None)


def test_unknown_text_keeps_the_whole_text_as_args() -> None:
    assert match_command("  ring Anna imorgon ") == CommandMatch(
        key=None, args="ring Anna imorgon", suggestion=None
    )


def test_every_swedish_and_english_word_finds_its_own_command() -> None:
    found = {
        (command.key, word): match_command(word).key
        for command in COMMANDS
        for word in [command.sv, command.en]
    }
    assert found == {
        (command.key, word): command.key
        for command in COMMANDS
        for word in [command.sv, command.en]
    }


def test_no_word_belongs_to_two_commands() -> None:
    # (a command may use the same word in both languages: "team")
    words = [word for command in COMMANDS for word in {fold(w) for w in command.words}]
    assert sorted(word for word in set(words) if words.count(word) > 1) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Påminnelser", "paminnelser"), ("HJÄLP", "hjalp"), ("Möten", "moten"), ("Straße", "strasse")],
)
def test_fold_ignores_case_and_accents(text: str, expected: str) -> None:
    assert fold(text) == expected


@given(st.text(max_size=30))
def test_fold_is_nfkd_without_combining_marks_for_any_text(text: str) -> None:
    # The definition, written out slowly: fold() has an ASCII fast path.
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    assert fold(text) == "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def test_nearest_command_of_nothing_is_none() -> None:
    assert nearest_command("") is None


def test_spec_gives_both_languages() -> None:
    assert (spec("remind").sv, spec("remind").en) == ("påminn", "remind")


# -- mid-dialog: what reads as a new command (bot/conversation.py) ----------------------


@pytest.mark.parametrize(
    "text",
    [
        "vem LSS Kumla",
        "boka",
        "boka K-1001 tisdag 13.30",
        "boka k1001",
        "påminn mig på fredag kl 10 att ringa FK",
        "remind me tomorrow at 9 to call",
        "graf K-1001",
        "skatta",
        "möten",
        "möte K-1001",
        "flytta 12",
        "ny klient K-1050",
        "avsluta mål K-1001 ångest",
        "påminnelser",
        "inställningar",
        "avbryt",
    ],
)
def test_whole_commands_interrupt_a_dialog(text: str) -> None:
    assert ROUTER.interrupts(match_command(text))


@pytest.mark.parametrize(
    "text",
    [
        "boka tolk",  # a purpose that begins with a command word stays an answer
        "påminn om mötet",
        "ny tid för mötet",
        "avsluta behandlingen",
        "team möte varje vecka",
        "flytta till ett annat rum",
        "fortsätt med samma insats",
        "tack för hjälpen",
        "K-1001",
        "tisdag 13.30",
        "ringa FK",
    ],
)
def test_answers_that_begin_with_a_command_word_stay_answers(text: str) -> None:
    assert not ROUTER.interrupts(match_command(text))


def test_every_command_has_a_route_and_help_for_its_listed_words() -> None:
    assert [s.key for s in COMMANDS if s.listed and f"cmd.{s.key}" not in CATALOG] == []
    assert [s.key for s in COMMANDS if ROUTER.route(s.key) is None] == []


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("bokar jag ett möte?", "book"),
        ("boka", "book"),
        ("graf", "chart"),
        ("påminner man någon", "remind"),
        ("vad är det här", None),
    ],
)
def test_help_topics(text: str, topic: str | None) -> None:
    assert ROUTER.index.topic(text) == topic


def test_a_second_registration_is_refused() -> None:
    router = Router()
    router.command(COMMANDS[0])
    with pytest.raises(ValueError, match="registered twice"):
        router.command(COMMANDS[0])
