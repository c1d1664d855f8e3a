"""Command words and how text finds one (pure logic).

Each feature declares its commands as CommandSpec constants in its own core module
(core/ssd_commands.py, core/meeting_commands.py …) and registers them with the bot's
router (bot/router.py), which builds one CommandIndex from them all. Matching is on
the first word, case- and accent-insensitive, so "Hjälp", "hjalp" and "/help" all
find the same command.

Mid-dialog a message is a new command only when it *reads* as one: its first word is
a command word and the command's `reads` accepts the rest. The bare word always reads.
A command whose word can also begin an ordinary answer (a purpose "boka tolk", a
reminder "påminn om mötet") reads only with arguments of its own shape: a client
code, a meeting number, "mig"/"teamet" (see each spec).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from core.ssd_model import loose_client_code


def fold(text: str) -> str:
    """Case- and accent-insensitive form: 'Påminnelser' -> 'paminnelser'."""
    folded = text.casefold()
    if folded.isascii():  # most words and every e-mail: nothing to take off
        return folded
    decomposed = unicodedata.normalize("NFKD", folded)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def always(_args: str) -> bool:
    return True


def never(_args: str) -> bool:
    return False


def first_word(args: str) -> str:
    words = args.split()
    return words[0] if words else ""


def leading_client_code(args: str) -> tuple[str, str] | None:
    """The client code the arguments begin with, as it is written (`K-1042`), and the
    rest: `K-1042`, or typed on a phone `k1042` or `k 1042`."""
    words = args.split()
    for size in (1, 2):
        code = loose_client_code(" ".join(words[:size])) if len(words) >= size else None
        if code is not None:
            return code, " ".join(words[size:])
    return None


def starts_with_client(args: str) -> bool:
    return leading_client_code(args) is not None


def starts_with_number(args: str) -> bool:
    return first_word(args).isdigit()


def starts_with_one_of(*words: str) -> Callable[[str], bool]:
    folded = frozenset(fold(w) for w in words)

    def reads(args: str) -> bool:
        return fold(first_word(args)).strip(".,!:;?") in folded

    return reads


@dataclass(frozen=True)
class CommandSpec:
    """One command: its key, its Swedish and English words (and other words that
    mean it), whether its arguments read as it mid-dialog, and whether it is about
    one client (then the bot offers the person's clients when no code is given)."""

    key: str
    sv: str
    en: str
    aliases: tuple[str, ...] = ()
    reads: Callable[[str], bool] = always
    takes_client: bool = False
    listed: bool = True  # shown in the help card

    @property
    def words(self) -> tuple[str, ...]:
        return (self.sv, self.en, *self.aliases)

    def word(self, lang: str) -> str:
        """The command's word in the user's language: "skatta", or "rate" in English."""
        return self.en if lang == "en" else self.sv

    def reads_as_command(self, args: str) -> bool:
        return not args.strip() or self.reads(args)


@dataclass(frozen=True)
class CommandMatch:
    """What the text asked for: a command with its arguments, or a suggestion."""

    key: str | None
    args: str = ""
    suggestion: str | None = None


# The bot's own commands; each feature's live beside its other core logic.
HELP = CommandSpec(
    "help",
    "hjälp",
    "help",
    ("hej", "hejsan", "hallå", "hello", "hi", "?", "meny", "menu", "hur", "how"),
)
# Mid-dialog only the bare word cancels: "Sluta med korttidsvistelse" may be a purpose.
CANCEL = CommandSpec("cancel", "avbryt", "cancel", ("stopp", "stop", "sluta"), reads=never)
# Only the bare words: "fortsätt med mötet imorgon" may be an answer.
RESUME = CommandSpec("resume", "fortsätt", "continue", ("fortsatt",), reads=never, listed=False)
DROP = CommandSpec("drop", "släpp", "drop", ("slapp",), reads=never, listed=False)
THANKS = CommandSpec(
    "thanks", "tack", "thanks", ("tackar", "thank", "thx"), reads=never, listed=False
)
SETTINGS = CommandSpec("settings", "inställningar", "settings", ("inställning",))

_FIRST_WORD = re.compile(r"^\s*/?(\S+)\s*(.*)$", re.DOTALL)


class CommandIndex:
    """Every registered command's words, for matching typed text."""

    def __init__(self, specs: Iterable[CommandSpec]) -> None:
        self.specs: tuple[CommandSpec, ...] = tuple(specs)
        self._by_key = {spec.key: spec for spec in self.specs}
        if len(self._by_key) != len(self.specs):
            raise ValueError("two commands share a key")
        self._words: dict[str, str] = {}
        for spec in self.specs:
            for word in spec.words:
                key = self._words.setdefault(fold(word), spec.key)
                if key != spec.key:
                    raise ValueError(f"the word {word!r} belongs to {key} and {spec.key}")

    def __contains__(self, key: object) -> bool:
        return key in self._by_key

    def spec(self, key: str) -> CommandSpec:
        return self._by_key[key]

    def word_for(self, key: str, lang: str) -> str:
        return self._by_key[key].word(lang)

    def match(self, text: str) -> CommandMatch:
        match = _FIRST_WORD.match(text or "")
        if not match:
            return CommandMatch(key=None)
        first, rest = match.group(1), match.group(2).strip()
        word = fold(first).strip(".,!:;?")
        if not word and "?" in first and "help" in self._by_key:
            return CommandMatch(key="help", args=rest)
        if word in self._words:
            return CommandMatch(key=self._words[word], args=rest)
        return CommandMatch(key=None, args=text.strip(), suggestion=self.nearest(word))

    def nearest(self, word: str, cutoff: float = 0.7) -> str | None:
        """The command key whose word is closest to a mistyped one, if any is close.

        The cutoff is high enough that everyday replies are not mistaken for typos
        ("ok" is not "book", "nej" is not "hej", "tjena" is not "möten").
        """
        if not word:
            return None
        close = difflib.get_close_matches(fold(word), list(self._words), n=1, cutoff=cutoff)
        return self._words[close[0]] if close else None

    def topic(self, text: str) -> str | None:
        """The command a question or `hjälp …` is about: "hur bokar jag ett möte?" is
        about booking (a word that begins with a command word of four letters or more,
        or is one), "hjälp graf" about charts."""
        for raw in text.split():
            word = fold(raw).strip(".,!:;?")
            if word in self._words:
                return self._words[word]
            for known, key in self._words.items():
                if len(known) >= 4 and word.startswith(known):
                    return key
        return None
