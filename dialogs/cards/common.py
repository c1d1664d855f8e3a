"""Adaptive Cards (version 1.5, with fallback text so they show on phones too)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from botbuilder.core import CardFactory, MessageFactory
from botbuilder.schema import Activity

from core.commands import HELP, CommandSpec
from core.i18n import t

CARD_VERSION = "1.5"
SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"


def adaptive_card(body: list[dict], actions: list[dict], fallback_text: str) -> dict:
    return {
        "type": "AdaptiveCard",
        "$schema": SCHEMA,
        "version": CARD_VERSION,
        "fallbackText": fallback_text,
        "body": body,
        "actions": actions,
        "msteams": {"width": "Full"},
    }


def text_block(text: str, **extra: Any) -> dict[str, Any]:
    """A wrapping TextBlock (phones are narrow)."""
    return {"type": "TextBlock", "text": text, "wrap": True, **extra}


def submit_action(title: str, data: dict[str, Any], style: str | None = None) -> dict[str, Any]:
    """A button that sends `data` back to the bot (and the card's inputs with it)."""
    action: dict[str, Any] = {"type": "Action.Submit", "title": title, "data": data}
    if style:
        action["style"] = style
    return action


def command_button(title: str, command_word: str) -> dict:
    """A button that sends the command as if typed (imBack in Teams)."""
    return {
        "type": "Action.Submit",
        "title": title,
        "data": {"msteams": {"type": "imBack", "value": command_word}, "command": command_word},
    }


def card_activity(card: dict, summary: str) -> Activity:
    activity = MessageFactory.attachment(CardFactory.adaptive_card(card))
    activity.summary = summary
    return activity


def help_card(lang: str, commands: Sequence[CommandSpec]) -> Activity:
    """Every listed command with what it does, and buttons for the four jobs."""
    title = t("help.title", lang)
    rows: list[dict] = []
    fallback_lines = [title]
    listed = [command for command in commands if command.listed]
    for command in listed:
        word = command.word(lang)
        description = t(f"cmd.{command.key}", lang)
        rows.append({"type": "Fact", "title": word, "value": description})
        fallback_lines.append(f"{word} – {description}")
    footer = t("help.footer", lang)
    fallback_lines.append(footer)
    body = [
        {"type": "TextBlock", "text": title, "weight": "Bolder", "size": "Large", "wrap": True},
        {"type": "FactSet", "facts": rows},
        {"type": "TextBlock", "text": footer, "wrap": True, "isSubtle": True},
    ]
    by_key = {command.key: command for command in listed}
    buttons = [
        command_button(by_key[key].word(lang).capitalize(), by_key[key].word(lang))
        for key in ("rate", "book", "who", "remind", "settings")
        if key in by_key
    ]
    return card_activity(adaptive_card(body, buttons, "\n".join(fallback_lines)), title)


def welcome_card(lang: str) -> Activity:
    title = t("welcome.title", lang)
    body_text = t("welcome.body", lang)
    privacy = t("welcome.privacy", lang)
    body = [
        {"type": "TextBlock", "text": title, "weight": "Bolder", "size": "Large", "wrap": True},
        {"type": "TextBlock", "text": body_text, "wrap": True},
        {"type": "TextBlock", "text": privacy, "wrap": True, "isSubtle": True, "size": "Small"},
    ]
    help_word = HELP.word(lang)
    actions = [command_button(help_word.capitalize(), help_word)]
    fallback = "\n".join([title, body_text, privacy])
    return card_activity(adaptive_card(body, actions, fallback), title)
