"""`inställningar skattning`: the daily rating prompt's settings as one card.

The submit carries every field (ssd_action "prompt_settings"), so it needs no
dialog state; bad fields get a clear answer and nothing is saved.
"""

from __future__ import annotations

from datetime import date, time
from typing import Any

from botbuilder.core import TurnContext
from botbuilder.schema import Activity

from core.errors import UserInputError
from core.i18n import t
from core.rating_prompt_plan import (
    DAY_CHOICES,
    NUDGE_CHOICES,
    PromptSettings,
    format_clock,
    parse_clock,
)
from dialogs.cards.common import adaptive_card, card_activity
from dialogs.turn_info import lang_of, turn_info
from storage.rating_prompt_repository import PromptSettingsStore

ACTION = "prompt_settings"
_WORDS = ("skatt", "rating", "prompt", "paus")


def wants_prompt_settings(args: object) -> bool:
    text = str(args or "").casefold()
    return any(word in text for word in _WORDS)


def _clock(value: time | None) -> str:
    """An Input.Time value or a time in a sentence: "" when not set."""
    return format_clock(value) or ""


def settings_card(settings: PromptSettings, lang: str) -> Activity:
    title = t("prompt.settings.title", lang)

    def label(key: str) -> str:
        return t(f"prompt.settings.{key}", lang)

    body: list[dict[str, Any]] = [
        {"type": "TextBlock", "text": title, "weight": "Bolder", "size": "Large", "wrap": True},
        {
            "type": "Input.Toggle",
            "id": "enabled",
            "title": label("enabled"),
            "value": "true" if settings.enabled else "false",
        },
        {
            "type": "Input.Time",
            "id": "at",
            "label": label("at"),
            "value": _clock(settings.time_of_day),
        },
        {
            "type": "Input.ChoiceSet",
            "id": "days",
            "label": label("days"),
            "style": "compact",
            "value": settings.days,
            "choices": [{"title": label(f"days.{d}"), "value": d} for d in DAY_CHOICES],
        },
        {
            "type": "ColumnSet",
            "columns": [
                {
                    "type": "Column",
                    "items": [
                        {
                            "type": "Input.Time",
                            "id": "quiet_start",
                            "label": label("quiet_start"),
                            "value": _clock(settings.quiet_start),
                        }
                    ],
                },
                {
                    "type": "Column",
                    "items": [
                        {
                            "type": "Input.Time",
                            "id": "quiet_end",
                            "label": label("quiet_end"),
                            "value": _clock(settings.quiet_end),
                        }
                    ],
                },
            ],
        },
        {
            "type": "Input.Date",
            "id": "paused_until",
            "label": label("paused_until"),
            "value": settings.paused_until.isoformat() if settings.paused_until else "",
        },
        {
            "type": "Input.ChoiceSet",
            "id": "nudge_hours",
            "label": label("nudge"),
            "style": "compact",
            "value": str(settings.nudge_hours),
            "choices": [
                {
                    "title": label("nudge.none")
                    if h == 0
                    else t("prompt.settings.nudge.hours", lang, hours=h),
                    "value": str(h),
                }
                for h in NUDGE_CHOICES
            ],
        },
    ]
    actions = [
        {
            "type": "Action.Submit",
            "title": label("save"),
            "style": "positive",
            "data": {"ssd_action": ACTION},
        }
    ]
    return card_activity(adaptive_card(body, actions, title), title)


def settings_from_submit(value: dict[str, Any], today: date) -> PromptSettings:
    def clock(name: str):  # type: ignore[no-untyped-def]
        raw = value.get(name)
        try:
            return parse_clock(str(raw) if raw is not None else None)
        except ValueError:
            raise UserInputError("prompt.settings.bad_time") from None  # not repeated back

    at, quiet_start, quiet_end = clock("at"), clock("quiet_start"), clock("quiet_end")
    if (quiet_start is None) != (quiet_end is None):
        raise UserInputError("prompt.settings.quiet_pair")
    raw_pause = str(value.get("paused_until") or "").strip()
    try:
        paused = date.fromisoformat(raw_pause) if raw_pause else None
    except ValueError:
        raise UserInputError("prompt.settings.bad_date") from None
    if paused is not None and paused < today:
        paused = None
    days = value.get("days") if value.get("days") in DAY_CHOICES else "auto"
    try:
        nudge = int(str(value.get("nudge_hours", "3")))
    except ValueError:
        nudge = 3
    if nudge not in NUDGE_CHOICES:
        nudge = 3
    return PromptSettings(
        enabled=str(value.get("enabled", "true")).casefold() != "false",
        at=at,
        days=str(days),
        quiet_start=quiet_start,
        quiet_end=quiet_end,
        paused_until=paused,
        nudge_hours=nudge,
    )


def describe(settings: PromptSettings, lang: str) -> str:
    if not settings.enabled:
        return t("prompt.settings.saved_off", lang)
    nudge = (
        t("prompt.settings.saved.nudge", lang, hours=settings.nudge_hours)
        if settings.nudge_hours
        else ""
    )
    quiet = (
        t(
            "prompt.settings.saved.quiet",
            lang,
            start=_clock(settings.quiet_start),
            end=_clock(settings.quiet_end),
        )
        if settings.quiet_start is not None
        else ""
    )
    paused = (
        t("prompt.settings.saved.paused", lang, day=settings.paused_until.isoformat())
        if settings.paused_until
        else ""
    )
    return t(
        "prompt.settings.saved",
        lang,
        days=t(f"prompt.settings.days_words.{settings.days}", lang),
        at=_clock(settings.time_of_day),
        nudge=nudge,
        quiet=quiet,
        paused=paused,
    )


async def send_settings_card(context: TurnContext, store: PromptSettingsStore) -> None:
    user = turn_info(context).user
    if user is None:
        await context.send_activity(t("remind.unknown_user", lang_of(context)))
        return
    await context.send_activity(settings_card(await store.get(user.id), lang_of(context)))


async def save_from_submit(
    context: TurnContext, store: PromptSettingsStore, value: dict[str, Any], today: date
) -> None:
    lang = lang_of(context)
    user = turn_info(context).user
    if user is None:
        await context.send_activity(t("remind.unknown_user", lang))
        return
    try:
        settings = settings_from_submit(value, today)
    except UserInputError as error:
        await context.send_activity(t(error.key, lang, **error.params))
        return
    await store.save(user.id, settings)
    await context.send_activity(describe(settings, lang))
