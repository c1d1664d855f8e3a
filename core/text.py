"""Small text helpers for what users type in Teams (pure functions)."""

from __future__ import annotations

import html
import re

from core.errors import UserInputError
from core.personnummer import contains_personnummer

_AT_TAG = re.compile(r"<at[^>]*>(.*?)</at>", re.IGNORECASE | re.DOTALL)
_TAGS = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def strip_mentions(text: str, bot_names: set[str]) -> str:
    """Remove @mentions of the bot (Teams writes them as <at>Name</at>).

    Mentions of other people stay as their plain names. A leading mention is
    always the bot's in a channel message addressed to it.
    """
    first = True

    def _replace(match: re.Match[str]) -> str:
        nonlocal first
        name = html.unescape(match.group(1)).strip()
        is_leading = first and not text[: match.start()].strip()
        first = False
        return " " if (name in bot_names or is_leading) else name

    return _AT_TAG.sub(_replace, text)


def clean_message_text(text: str | None, bot_names: set[str] | None = None) -> str:
    """Teams message text as the user meant it: no bot mention, no markup."""
    if not text:
        return ""
    cleaned = strip_mentions(text, bot_names or set())
    cleaned = _TAGS.sub(" ", cleaned)
    cleaned = html.unescape(cleaned).replace("\u00a0", " ")
    return _SPACE.sub(" ", cleaned).strip()


def guarded_line(
    text: str, limit: int, *, too_long: str, personnummer: str, **where: object
) -> str:
    """Typed free text as one line (runs of white space become one space), refused
    with UserInputError(too_long, limit=…, **where) when longer than limit and with
    UserInputError(personnummer) when it holds one; the error never carries the text.
    The one guard behind the SSD, crisis-plan and consent texts."""
    cleaned = " ".join(text.split())
    if len(cleaned) > limit:
        raise UserInputError(too_long, limit=limit, **where)
    if contains_personnummer(cleaned):
        raise UserInputError(personnummer)
    return cleaned
