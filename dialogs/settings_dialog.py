"""inställningar: choose the language the bot writes in, and your time zone;
`inställningar skattning` shows the daily rating prompt's settings instead."""

from __future__ import annotations

from dataclasses import replace
from typing import Protocol

from botbuilder.core import MessageFactory
from botbuilder.dialogs import (
    ComponentDialog,
    DialogTurnResult,
    WaterfallDialog,
    WaterfallStepContext,
)
from botbuilder.dialogs.prompts import PromptOptions, PromptValidatorContext, TextPrompt

from core.i18n import language_for, t
from core.preferences import AUTO, KEEP, parse_language_choice, parse_timezone
from dialogs.cards.common import adaptive_card, card_activity, command_button
from dialogs.prompt_settings import send_settings_card, wants_prompt_settings
from dialogs.turn_info import lang_of, set_turn_info, turn_info
from storage.rating_prompt_repository import PromptSettingsStore


class PreferencesSaver(Protocol):
    async def save_preferences(
        self, user_id: int, *, language: str | None, timezone: str | None
    ) -> None: ...


LANGUAGE_PROMPT = "settings.language_prompt"
TIMEZONE_PROMPT = "settings.timezone_prompt"


class SettingsDialog(ComponentDialog):
    def __init__(
        self, preferences: PreferencesSaver, prompts: PromptSettingsStore | None = None
    ) -> None:
        super().__init__(SettingsDialog.__name__)
        self._preferences = preferences
        self._prompts = prompts
        self.add_dialog(TextPrompt(LANGUAGE_PROMPT, _valid_language))
        self.add_dialog(TextPrompt(TIMEZONE_PROMPT, _valid_timezone))
        self.add_dialog(
            WaterfallDialog(
                "settings.steps",
                [self.ask_language, self.ask_timezone, self.save_and_confirm],
            )
        )
        self.initial_dialog_id = "settings.steps"

    async def ask_language(self, step: WaterfallStepContext) -> DialogTurnResult:
        if self._prompts is not None and wants_prompt_settings(step.options):
            # `inställningar skattning`: the daily rating prompt, as one card.
            await send_settings_card(step.context, self._prompts)
            return await step.end_dialog()
        lang = lang_of(step.context)
        question = t("settings.ask_language", lang)
        choices = [
            ("1", t("settings.language.sv", lang)),
            ("2", t("settings.language.en", lang)),
            ("3", t("settings.language.auto", lang)),
        ]
        card = adaptive_card(
            [{"type": "TextBlock", "text": question, "wrap": True, "weight": "Bolder"}],
            [command_button(label, label) for _, label in choices],
            question + "\n" + "\n".join(f"{n}. {label}" for n, label in choices),
        )
        retry = MessageFactory.text(t("settings.retry_language", lang))
        return await step.prompt(
            LANGUAGE_PROMPT, PromptOptions(prompt=card_activity(card, question), retry_prompt=retry)
        )

    async def ask_timezone(self, step: WaterfallStepContext) -> DialogTurnResult:
        step.values["language"] = parse_language_choice(step.result)
        lang = self._language_after(step)
        current = turn_info(step.context).timezone
        return await step.prompt(
            TIMEZONE_PROMPT,
            PromptOptions(
                prompt=MessageFactory.text(t("settings.ask_timezone", lang, current=current)),
                retry_prompt=MessageFactory.text(t("settings.retry_timezone", lang)),
            ),
        )

    async def save_and_confirm(self, step: WaterfallStepContext) -> DialogTurnResult:
        info = turn_info(step.context)
        chosen_zone = parse_timezone(step.result)
        timezone = info.timezone if chosen_zone in (None, KEEP) else chosen_zone
        language = step.values["language"]
        stored_language = None if language == AUTO else language
        if info.user is not None:
            # "behåll" keeps whatever was chosen before (or nothing: follow Teams).
            stored_zone = info.user.timezone if chosen_zone in (None, KEEP) else chosen_zone
            await self._preferences.save_preferences(
                info.user.id, language=stored_language, timezone=stored_zone
            )
        lang = self._language_after(step)
        # The rest of this turn speaks the new language (the terminal chat's prompts too).
        set_turn_info(step.context, replace(info, language=lang))
        label = t(
            f"settings.language.{language}" if language != AUTO else "settings.language.auto",
            lang,
        )
        await step.context.send_activity(
            t("settings.saved", lang, language=label, timezone=timezone)
        )
        return await step.end_dialog()

    def _language_after(self, step: WaterfallStepContext) -> str:
        chosen = step.values.get("language")
        if chosen in (None, AUTO):
            return language_for(step.context.activity.locale)
        return chosen


async def _valid_language(prompt: PromptValidatorContext) -> bool:
    return (
        prompt.recognized.succeeded and parse_language_choice(prompt.recognized.value) is not None
    )


async def _valid_timezone(prompt: PromptValidatorContext) -> bool:
    return prompt.recognized.succeeded and parse_timezone(prompt.recognized.value) is not None
