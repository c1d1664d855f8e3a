"""Klar / Snooza / Ta bort pressed on a reminder card (delivered or listed)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from botbuilder.core import TurnContext

from bot.reminder_dispatcher import ReminderDispatcher, schedule
from bot.router import Router
from core.inbound import record_id
from core.reminder_commands import REMIND, REMINDERS
from dialogs.identity import tenant_id_of
from dialogs.remind_dialog import RemindDialog
from dialogs.reminders_list_dialog import RemindersListDialog
from dialogs.turn_info import say, turn_info
from storage.reminder_service import ReminderService
from storage.reminders_repository import Actor

if TYPE_CHECKING:
    from bot.features import Deps


def reminder_action_of(value: Any) -> tuple[str, int] | None:
    """(action, occurrence id) when a card submit carries a reminder button."""
    if not isinstance(value, dict):
        return None
    action, occurrence_id = value.get("reminder_action"), record_id(value.get("occurrence_id"))
    if not isinstance(action, str) or occurrence_id is None:
        return None
    return action, occurrence_id


def actor_of(turn_context: TurnContext, user_id: int) -> Actor:
    """The user, the conversation the button was pressed in, and its tenant: a team
    reminder is acted on only in its own conversation, any reminder only in its tenant."""
    activity = turn_context.activity
    conversation = activity.conversation.id if activity.conversation else None
    return Actor(user_id, conversation, tenant_id_of(activity))


async def handle_reminder_action(
    turn_context: TurnContext, reminders: ReminderService, action: str, occurrence_id: int
) -> None:
    info = turn_info(turn_context)
    if info.user is None:
        await turn_context.send_activity(say(turn_context, "remind.unknown_user"))
        return
    tz = ZoneInfo(info.timezone)
    result = await reminders.act(occurrence_id, action, actor_of(turn_context, info.user.id), tz)
    if result.outcome == "snoozed" and result.until is not None:
        local = result.until.astimezone(tz)
        await turn_context.send_activity(
            say(
                turn_context,
                "reminder.acted.snoozed",
                date=local.strftime("%Y-%m-%d"),
                time=local.strftime("%H:%M"),
            )
        )
        return
    await turn_context.send_activity(say(turn_context, f"reminder.acted.{result.outcome}"))


def register(router: Router, deps: Deps) -> None:
    """Reminders: `påminn`, `påminnelser`, the buttons on reminder cards, delivery."""
    router.command(REMIND, dialog=RemindDialog(deps.reminders, deps.clock))
    router.command(REMINDERS, dialog=RemindersListDialog(deps.reminders))

    async def on_submit(context: TurnContext, value: dict[str, Any]) -> None:
        pressed = reminder_action_of(value)
        if pressed is None:
            # An id no row can have (record_id) is not there: answered as a missing one.
            await context.send_activity(say(context, "reminder.acted.gone"))
            return
        await handle_reminder_action(context, deps.reminders, *pressed)

    router.submit("reminder_action", on_submit)

    def start(scheduler: Any, sender: Any) -> ReminderDispatcher:
        dispatcher = ReminderDispatcher(deps.db, sender, deps.clock)
        schedule(scheduler, dispatcher)
        return dispatcher

    router.job("reminders", start)
