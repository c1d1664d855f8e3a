"""The command words users type, in Swedish and English, and how text finds one.

Pure logic: the bot's routing table (bot/routing.py) maps each command key to what
answers it. Matching is on the first word, case- and accent-insensitive, so
"Hjälp", "hjalp" and "/help" all find the same command.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class CommandSpec:
    key: str
    sv: str
    en: str
    aliases: tuple[str, ...] = ()

    @property
    def words(self) -> tuple[str, ...]:
        return (self.sv, self.en, *self.aliases)


COMMANDS: tuple[CommandSpec, ...] = (
    CommandSpec(
        "help", "hjälp", "help", ("hej", "hejsan", "hallå", "hello", "hi", "?", "meny", "menu")
    ),
    CommandSpec("rate", "skatta", "rate", ("skattning",)),
    CommandSpec("chart", "graf", "chart", ("diagram", "kurva")),
    CommandSpec("export", "exportera", "export"),
    CommandSpec("client", "klient", "client", ("brukare",)),
    CommandSpec("new", "ny", "new", ("nytt", "nya")),
    CommandSpec("team", "team", "team", ("vårdteam", "care-team")),
    CommandSpec("close", "avsluta", "close"),
    CommandSpec("book", "boka", "book"),
    CommandSpec("meetings", "möten", "meetings", ("möte", "meeting")),
    CommandSpec("move", "flytta", "move", ("omboka",)),
    CommandSpec("follow_up", "uppföljning", "follow-up", ("dokumentera", "followup")),
    CommandSpec("consent", "samtycke", "consent", ("samtycken",)),
    CommandSpec("who", "vem", "who", ("vilka", "kontakter")),
    CommandSpec("contact", "kontakt", "contact", ("katalog", "directory")),
    CommandSpec("remind", "påminn", "remind"),
    CommandSpec("reminders", "påminnelser", "reminders"),
    CommandSpec("settings", "inställningar", "settings", ("inställning",)),
    CommandSpec("roles", "roller", "roles", ("roll", "role")),
    CommandSpec("cancel", "avbryt", "cancel", ("stopp", "stop", "sluta")),
)

_BY_KEY = {spec.key: spec for spec in COMMANDS}


def fold(text: str) -> str:
    """Case- and accent-insensitive form: 'Påminnelser' -> 'paminnelser'."""
    folded = text.casefold()
    if folded.isascii():  # most words and every e-mail: nothing to take off
        return folded
    decomposed = unicodedata.normalize("NFKD", folded)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


_WORD_INDEX: dict[str, str] = {fold(w): spec.key for spec in COMMANDS for w in spec.words}
_FIRST_WORD = re.compile(r"^\s*/?(\S+)\s*(.*)$", re.DOTALL)


@dataclass(frozen=True)
class CommandMatch:
    """What the text asked for: a command with its arguments, or a suggestion."""

    key: str | None
    args: str = ""
    suggestion: str | None = None


def spec(key: str) -> CommandSpec:
    return _BY_KEY[key]


def word_for(key: str, lang: str) -> str:
    """The command's word in the user's language: "skatta", or "rate" in English."""
    command = _BY_KEY[key]
    return command.en if lang == "en" else command.sv


def match_command(text: str) -> CommandMatch:
    match = _FIRST_WORD.match(text or "")
    if not match:
        return CommandMatch(key=None)
    first, rest = match.group(1), match.group(2).strip()
    word = fold(first).strip(".,!:;?")
    if not word and "?" in first:
        return CommandMatch(key="help", args=rest)
    if word in _WORD_INDEX:
        return CommandMatch(key=_WORD_INDEX[word], args=rest)
    return CommandMatch(key=None, args=text.strip(), suggestion=nearest_command(word))


def nearest_command(word: str, cutoff: float = 0.7) -> str | None:
    """The command key whose word is closest to a mistyped one, if any is close.

    The cutoff is high enough that everyday replies are not mistaken for typos
    ("ok" is not "book", "nej" is not "hej", "tjena" is not "möten").
    """
    if not word:
        return None
    close = difflib.get_close_matches(fold(word), list(_WORD_INDEX), n=1, cutoff=cutoff)
    return _WORD_INDEX[close[0]] if close else None
