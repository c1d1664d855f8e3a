"""flytta: move a meeting to a new time (the Flytta button on the organizer's card).

`flytta 12 torsdag 10.00` moves at once; `flytta 12` asks for the time. Everyone
who uses the bot gets an updated invitation and is asked again; the organizer gets
the new calendar file (same UID, higher SEQUENCE) for everyone else.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from botbuilder.core import MessageFactory, TurnContext
from botbuilder.dialogs import ComponentDialog, DialogTurnResult, WaterfallDialog
from botbuilder.dialogs import WaterfallStepContext as Step
from botbuilder.dialogs.prompts import PromptOptions, PromptValidatorContext, TextPrompt

from bot.meeting_handlers import MeetingHandlers
from bot.turn_info import lang_of, turn_info
from core.clock import Clock
from core.i18n import t
from core.meeting_request import read_meeting_time
from core.meeting_text import describe_slot
from core.ssd_model import SsdInputError
from storage.meeting_service import MeetingService

WHEN = "move.when"


class MoveMeetingDialog(ComponentDialog):
    def __init__(self, service: MeetingService, handlers: MeetingHandlers, clock: Clock) -> None:
        super().__init__(MoveMeetingDialog.__name__)
        self._service = service
        self._handlers = handlers
        self._clock = clock
        self.add_dialog(TextPrompt(WHEN, self._valid_when))
        self.add_dialog(
            WaterfallDialog("move.steps", [self.find_meeting, self.ask_time, self.move_and_tell])
        )
        self.initial_dialog_id = "move.steps"

    async def find_meeting(self, step: Step) -> DialogTurnResult:
        lang = lang_of(step.context)
        user = turn_info(step.context).user
        words = str(step.options or "").split(maxsplit=1)
        if user is None or not words or not words[0].isdigit():
            await step.context.send_activity(t("meeting.gone", lang))
            return await step.end_dialog()
        try:
            meeting = await self._service.get(user.id, int(words[0]))
        except SsdInputError as error:
            await step.context.send_activity(t(error.key, lang, **error.params))
            return await step.end_dialog()
        step.values.update(meeting_id=meeting.id, when=words[1] if len(words) > 1 else "")
        tz = ZoneInfo(meeting.timezone)
        step.values["question"] = t(
            "meeting.move.ask",
            lang,
            code=meeting.client_code,
            when=describe_slot(meeting.interval, tz, lang),
        )
        return await step.next(None)

    async def ask_time(self, step: Step) -> DialogTurnResult:
        if step.values["when"] and isinstance(
            self._start(step.context, step.values["when"]), datetime
        ):
            return await step.next(step.values["when"])
        question = MessageFactory.text(step.values["question"])
        return await step.prompt(WHEN, PromptOptions(prompt=question, retry_prompt=question))

    async def move_and_tell(self, step: Step) -> DialogTurnResult:
        start = self._start(step.context, str(step.result))
        assert isinstance(start, datetime) and turn_info(step.context).user is not None
        try:
            await self._handlers.move(
                step.context, turn_info(step.context).user.id, step.values["meeting_id"], start
            )
        except SsdInputError as error:
            await step.context.send_activity(t(error.key, lang_of(step.context), **error.params))
        return await step.end_dialog()

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
