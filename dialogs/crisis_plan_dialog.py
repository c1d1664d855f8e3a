"""krisplan: show a client's crisis plan, or (`krisplan K-1042 ändra`) let a
coordinator write it: early signs, what we do, the person's own words, whom to call.

Each question takes lines (or items separated by ";"); "behåll" keeps what the plan
says now. A line the bot cannot use is answered with what is wrong, never with the
line itself (it may hold a personnummer). Any command typed meanwhile interrupts as
everywhere (bot/conversation.py); nothing is saved before the last answer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from botbuilder.core import MessageFactory
from botbuilder.dialogs import ComponentDialog, DialogTurnResult, WaterfallDialog
from botbuilder.dialogs import WaterfallStepContext as Step
from botbuilder.dialogs.prompts import PromptOptions, PromptValidatorContext, TextPrompt

from core.clock import Clock
from core.crisis_commands import CRISIS_PLAN, plan_args, wants_edit
from core.crisis_plan import (
    ContactLine,
    is_keep,
    part_of_day,
    read_contacts,
    read_own_words,
    read_signs,
    read_steps,
)
from core.errors import UserInputError
from core.i18n import t
from dialogs.cards.crisis import crisis_plan_card
from dialogs.turn_info import lang_of, turn_info
from storage.crisis_service import CrisisPlanInput, CrisisPlanService, CrisisPlanView

SIGNS, STEPS, OWN_WORDS, CONTACTS = (
    "crisis.signs",
    "crisis.steps",
    "crisis.own_words",
    "crisis.contacts",
)
_READERS: dict[str, Callable[[str], Any]] = {
    SIGNS: read_signs,
    STEPS: read_steps,
    OWN_WORDS: read_own_words,
    CONTACTS: read_contacts,
}


class CrisisPlanDialog(ComponentDialog):
    def __init__(self, service: CrisisPlanService, clock: Clock) -> None:
        super().__init__(CrisisPlanDialog.__name__)
        self._service = service
        self._clock = clock
        for prompt_id in (SIGNS, STEPS, OWN_WORDS):
            self.add_dialog(TextPrompt(prompt_id, _validator(prompt_id)))
        self.add_dialog(TextPrompt(CONTACTS, self._valid_contacts))
        self.add_dialog(
            WaterfallDialog(
                "crisis.edit",
                [
                    self.show_or_ask_signs,
                    self.ask_steps,
                    self.ask_own_words,
                    self.ask_contacts,
                    self.save,
                ],
            )
        )
        self.initial_dialog_id = "crisis.edit"

    async def show_or_ask_signs(self, step: Step) -> DialogTurnResult:
        lang = lang_of(step.context)
        user = turn_info(step.context).user
        parsed = plan_args(str(step.options or ""))
        if parsed is None or (parsed[1] and not wants_edit(parsed[1])):
            await step.context.send_activity(t("crisis.usage", lang))
            return await step.end_dialog()
        if user is None:
            await step.context.send_activity(t("crisis.unknown_user", lang))
            return await step.end_dialog()
        code, rest = parsed
        editing = bool(rest)
        try:
            view = await self._service.plan(user.id, code, editing=editing)
        except UserInputError as error:
            await step.context.send_activity(t(error.key, lang, **error.params))
            return await step.end_dialog()
        if not editing:
            await step.context.send_activity(self._card(step, view))
            return await step.end_dialog()
        plan = view.plan
        step.values["code"] = view.code
        step.values["current"] = (
            {
                SIGNS: list(plan.early_signs),
                STEPS: list(plan.steps),
                OWN_WORDS: plan.own_words,
                # A directory entry is kept by its name (looked up again on saving);
                # one removed from the directory is left out.
                CONTACTS: [
                    [c.name, None if c.from_directory else c.phone, sorted(c.reach)]
                    for c in plan.contacts
                    if c.name is not None
                ],
            }
            if plan
            else {}
        )
        return await self._ask(step, SIGNS, "crisis.ask.signs", code=view.code)

    async def ask_steps(self, step: Step) -> DialogTurnResult:
        step.values[SIGNS] = self._answer(step, SIGNS)
        return await self._ask(step, STEPS, "crisis.ask.steps")

    async def ask_own_words(self, step: Step) -> DialogTurnResult:
        step.values[STEPS] = self._answer(step, STEPS)
        return await self._ask(step, OWN_WORDS, "crisis.ask.own_words")

    async def ask_contacts(self, step: Step) -> DialogTurnResult:
        step.values[OWN_WORDS] = self._answer(step, OWN_WORDS)
        return await self._ask(step, CONTACTS, "crisis.ask.contacts")

    async def save(self, step: Step) -> DialogTurnResult:
        lang = lang_of(step.context)
        user = turn_info(step.context).user
        contacts = self._answer(step, CONTACTS)
        code = step.values["code"]
        given = CrisisPlanInput(
            early_signs=tuple(step.values[SIGNS]),
            steps=tuple(step.values[STEPS]),
            own_words=step.values[OWN_WORDS],
            contacts=tuple(
                ContactLine(name, phone, frozenset(reach)) for name, phone, reach in contacts
            ),
        )
        if user is None:  # known at the first step; the state may outlive that
            await step.context.send_activity(t("crisis.unknown_user", lang))
            return await step.end_dialog()
        try:
            view = await self._service.save(user.id, code, given)
        except UserInputError as error:
            await step.context.send_activity(t(error.key, lang, **error.params))
            return await step.end_dialog()
        await step.context.send_activity(t("crisis.saved", lang, code=view.code))
        await step.context.send_activity(self._card(step, view))
        return await step.end_dialog()

    # -- helpers ---------------------------------------------------------------------------
    async def _ask(
        self, step: Step, prompt_id: str, key: str, **values: object
    ) -> DialogTurnResult:
        lang = lang_of(step.context)
        keep = prompt_id in step.values["current"]
        text = t(key, lang, **values)
        if keep:
            text += " " + t("crisis.ask.keep", lang)
        return await step.prompt(
            prompt_id,
            PromptOptions(
                prompt=MessageFactory.text(text),
                retry_prompt=MessageFactory.text(t("crisis.retry", lang)),
                validations={"keep": keep},
            ),
        )

    def _answer(self, step: Step, prompt_id: str) -> Any:
        """What the answer means, as kept in the dialog's state (plain lists)."""
        current = step.values["current"]
        text = str(step.result)
        if prompt_id in current and is_keep(text):
            return current[prompt_id]
        value = _READERS[prompt_id](text)
        if prompt_id == CONTACTS:
            return [[c.name, c.phone, sorted(c.reach)] for c in value]
        return list(value) if isinstance(value, tuple) else value

    def _card(self, step: Step, view: CrisisPlanView) -> Any:
        lang = lang_of(step.context)
        local = self._clock.now().astimezone(ZoneInfo(turn_info(step.context).timezone))
        return crisis_plan_card(view, part_of_day(local.time()), lang, CRISIS_PLAN.word(lang))

    async def _valid_contacts(self, prompt: PromptValidatorContext) -> bool:
        if not await _validator(CONTACTS)(prompt):
            return False
        text = prompt.recognized.value
        if _keeps(prompt, text):
            return True
        try:
            await self._service.check_contacts(read_contacts(text))
        except UserInputError as error:
            await prompt.context.send_activity(
                t(error.key, lang_of(prompt.context), **error.params)
            )
            return False
        return True


def _keeps(prompt: PromptValidatorContext, text: str) -> bool:
    validations = prompt.options.validations or {}
    return bool(validations.get("keep")) and is_keep(text)


def _validator(prompt_id: str) -> Callable[[PromptValidatorContext], Any]:
    async def valid(prompt: PromptValidatorContext) -> bool:
        if not prompt.recognized.succeeded:
            return False
        text = prompt.recognized.value or ""
        if _keeps(prompt, text):
            return True
        try:
            _READERS[prompt_id](text)
        except UserInputError as error:
            await prompt.context.send_activity(
                t(error.key, lang_of(prompt.context), **error.params)
            )
            return False
        return True

    return valid
