"""What the bot knows about the current turn, kept in turn_state."""

from __future__ import annotations

from dataclasses import dataclass

from botbuilder.core import TurnContext

from core.i18n import DEFAULT_LANGUAGE, language_for, t
from storage.records import StaffUserRecord

_KEY = "samverkan.turn_info"


@dataclass(frozen=True)
class TurnInfo:
    user: StaffUserRecord | None
    language: str
    timezone: str


def set_turn_info(turn_context: TurnContext, info: TurnInfo) -> None:
    turn_context.turn_state[_KEY] = info


def turn_info(turn_context: TurnContext) -> TurnInfo:
    info = turn_context.turn_state.get(_KEY)
    if isinstance(info, TurnInfo):
        return info
    lang = language_for(getattr(turn_context.activity, "locale", None))
    return TurnInfo(user=None, language=lang or DEFAULT_LANGUAGE, timezone="Europe/Stockholm")


def lang_of(turn_context: TurnContext) -> str:
    return turn_info(turn_context).language


def say(turn_context: TurnContext, key: str, **values: object) -> str:
    """Translate key into the language of this turn."""
    return t(key, lang_of(turn_context), **values)
