"""påminnelser: my reminders, each with Klar, Snooza and Ta bort."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from botbuilder.dialogs import ComponentDialog, DialogTurnResult, WaterfallDialog
from botbuilder.dialogs import WaterfallStepContext as Step
from botbuilder.schema import Activity

from core.i18n import t
from dialogs.cards.reminder import reminders_list_activity
from dialogs.turn_info import lang_of, turn_info
from storage.reminder_service import ReminderService


class RemindersListDialog(ComponentDialog):
    def __init__(self, reminders: ReminderService) -> None:
        super().__init__(RemindersListDialog.__name__)
        self._reminders = reminders
        self.add_dialog(WaterfallDialog("reminders.steps", [self.show_list]))
        self.initial_dialog_id = "reminders.steps"

    async def show_list(self, step: Step) -> DialogTurnResult:
        info = turn_info(step.context)
        if info.user is None:
            await step.context.send_activity(t("remind.unknown_user", lang_of(step.context)))
            return await step.end_dialog()
        reminders = await self._reminders.list_for(info.user.id)
        card = reminders_list_activity(reminders, info.language, ZoneInfo(info.timezone))
        await step.context.send_activity(Activity().deserialize(card))
        return await step.end_dialog()
