"""flytta: move a meeting to a new time (the Flytta button on the organizer's card,
and the "Flytta till …" button a participant's proposal puts there).

`flytta 12 torsdag 10.00` moves at once when nobody has another meeting then;
`flytta 12` asks for the time. A time that clashes with a participant's other
meeting shows the clashes and the three nearest free times; the organizer picks
one, gives another time, or answers "flytta ändå". Everyone who uses the bot gets
an updated invitation and is asked again; the organizer gets the new calendar file
(same UID, higher SEQUENCE) for everyone else.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from botbuilder.core import MessageFactory, TurnContext
from botbuilder.dialogs import ComponentDialog, DialogTurnResult, WaterfallDialog
from botbuilder.dialogs import WaterfallStepContext as Step
from botbuilder.dialogs.prompts import PromptOptions, PromptValidatorContext, TextPrompt

from core.clock import Clock
from core.errors import UserInputError
from core.i18n import t
from core.meeting_model import Interval
from core.meeting_request import read_meeting_time
from core.meeting_text import describe_slot
from dialogs.cards import meeting as cards
from dialogs.cards.common import card_activity
from dialogs.meeting_actions import MeetingActions
from dialogs.meeting_inputs import picked_slot, typed_clash_answer
from dialogs.turn_info import lang_of, turn_info
from storage.meeting_service import MeetingService

WHEN, DECIDE, CHECK, STEPS = "move.when", "move.decide", "move.check", "move.steps"
CHECK_INPUT = "move_check"


class MoveMeetingDialog(ComponentDialog):
    def __init__(self, service: MeetingService, actions: MeetingActions, clock: Clock) -> None:
        super().__init__(MoveMeetingDialog.__name__)
        self._service = service
        self._actions = actions
        self._clock = clock
        self.add_dialog(TextPrompt(WHEN, self._valid_when))
        self.add_dialog(TextPrompt(DECIDE, _valid_decision))
        # The clash check loops on itself (a free time picked, another time typed)
        # and ends with the start to move to, or None.
        self.add_dialog(WaterfallDialog(CHECK, [self.check_time, self.decide]))
        self.add_dialog(
            WaterfallDialog(
                STEPS, [self.find_meeting, self.ask_time, self.check_first, self.move_and_tell]
            )
        )
        self.initial_dialog_id = STEPS

    async def find_meeting(self, step: Step) -> DialogTurnResult:
        lang = lang_of(step.context)
        user = turn_info(step.context).user
        words = str(step.options or "").split(maxsplit=1)
        if user is None or not words or not words[0].isdigit():
            await step.context.send_activity(t("meeting.gone", lang))
            return await step.end_dialog()
        try:
            meeting = await self._service.get(user.id, int(words[0]))
        except UserInputError as error:
            await step.context.send_activity(t(error.key, lang, **error.params))
            return await step.end_dialog()
        tz = ZoneInfo(meeting.timezone)
        step.values.update(
            meeting_id=meeting.id,
            code=meeting.client_code,
            minutes=meeting.minutes,
            timezone=meeting.timezone,
            when=words[1] if len(words) > 1 else "",
            question=t(
                "meeting.move.ask",
                lang,
                code=meeting.client_code,
                when=describe_slot(meeting.interval, tz, lang),
            ),
        )
        return await step.next(None)

    async def ask_time(self, step: Step) -> DialogTurnResult:
        if step.values["when"] and isinstance(
            self._start(step.context, step.values["when"]), datetime
        ):
            return await step.next(step.values["when"])
        question = MessageFactory.text(step.values["question"])
        return await step.prompt(WHEN, PromptOptions(prompt=question, retry_prompt=question))

    async def check_first(self, step: Step) -> DialogTurnResult:
        start = self._start(step.context, str(step.result))
        assert isinstance(start, datetime)
        keys = ("meeting_id", "code", "minutes", "timezone")
        return await step.begin_dialog(
            CHECK, {**{k: step.values[k] for k in keys}, "start": start.isoformat()}
        )

    async def move_and_tell(self, step: Step) -> DialogTurnResult:
        lang = lang_of(step.context)
        user = turn_info(step.context).user
        if step.result is None or user is None:
            await step.context.send_activity(t("cancel.done", lang))
            return await step.end_dialog()
        try:
            await self._actions.move(
                step.context,
                user.id,
                step.values["meeting_id"],
                datetime.fromisoformat(step.result),
            )
        except UserInputError as error:
            await step.context.send_activity(t(error.key, lang, **error.params))
        return await step.end_dialog()

    # -- the clash check -------------------------------------------------------------------
    async def check_time(self, step: Step) -> DialogTurnResult:
        lang = lang_of(step.context)
        options: dict[str, Any] = step.options
        step.values["options"] = options
        start = datetime.fromisoformat(options["start"])
        user = turn_info(step.context).user
        assert user is not None
        try:
            check = await self._service.check_move(user.id, options["meeting_id"], start)
        except UserInputError as error:
            await step.context.send_activity(t(error.key, lang, **error.params))
            return await step.end_dialog(None)
        if not check.clashes:
            return await step.end_dialog(options["start"])
        step.values["suggestions"] = [s.start.isoformat() for s in check.suggestions]
        tz = ZoneInfo(options["timezone"])
        slot = Interval(start, start + timedelta(minutes=options["minutes"]))
        card = cards.move_clash_card(options["code"], slot, check, tz, lang)
        return await step.prompt(
            DECIDE,
            PromptOptions(
                prompt=card_activity(card, card["fallbackText"]),
                retry_prompt=MessageFactory.text(t("meeting.move.reply", lang)),
            ),
        )

    async def decide(self, step: Step) -> DialogTurnResult:
        options = step.values["options"]
        value = step.context.activity.value if isinstance(step.context.activity.value, dict) else {}
        if value.get(cards.DIALOG_INPUT) == CHECK_INPUT:
            choice = value.get("choice")
            start = picked_slot(value) if choice == "slot" else None
            if start is not None:
                return await step.replace_dialog(CHECK, {**options, "start": start.isoformat()})
            return await step.end_dialog(options["start"] if choice == "anyway" else None)
        lang = lang_of(step.context)
        choice, start = typed_clash_answer(
            str(step.result or ""),
            step.values.get("suggestions") or [],
            t("meeting.move.anyway_words", lang),
            lambda text: self._start(step.context, text),
        )
        if choice == "yes":
            return await step.end_dialog(options["start"])
        if start is not None:
            return await step.replace_dialog(CHECK, {**options, "start": start.isoformat()})
        await step.context.send_activity(t("meeting.move.reply", lang))
        return await step.replace_dialog(CHECK, options)

    # -- helpers -------------------------------------------------------------------------------
    def _start(self, context: TurnContext, text: str) -> datetime | str:
        """The new start, or the message key that says what is missing."""
        tz = ZoneInfo(turn_info(context).timezone)
        return read_meeting_time(text, now=self._clock.now(), tz=tz)

    async def _valid_when(self, prompt: PromptValidatorContext) -> bool:
        answer = self._start(prompt.context, prompt.recognized.value or "")
        if isinstance(answer, datetime):
            return True
        await prompt.context.send_activity(t(answer, lang_of(prompt.context)))
        return False


async def _valid_decision(prompt: PromptValidatorContext) -> bool:
    value = prompt.context.activity.value
    return (isinstance(value, dict) and value.get(cards.DIALOG_INPUT) == CHECK_INPUT) or bool(
        (prompt.recognized.value or "").strip()
    )
