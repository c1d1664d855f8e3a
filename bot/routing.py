"""The one place where commands meet what answers them.

The words (Swedish and English) live in core/commands.py; this table says which
dialog each command starts. help and cancel are answered by the bot itself;
a command with no entry here answers honestly that it is coming.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field

from botbuilder.core import TurnContext
from botbuilder.dialogs import Dialog

from bot.directory_handlers import DirectoryHandlers
from bot.meeting_handlers import MeetingHandlers, MeetingNotifier
from bot.role_handlers import RoleHandlers
from bot.ssd_handlers import SsdHandlers
from core.clock import Clock
from dialogs.book_meeting_dialog import BookMeetingDialog
from dialogs.follow_up_dialog import FollowUpDialog
from dialogs.move_meeting_dialog import MoveMeetingDialog
from dialogs.remind_dialog import RemindDialog
from dialogs.reminders_list_dialog import RemindersListDialog
from dialogs.settings_dialog import PreferencesSaver, SettingsDialog
from storage.directory_service import DirectoryService
from storage.meeting_service import MeetingService
from storage.rating_prompt_repository import PromptSettingsStore
from storage.reminder_service import ReminderService

BUILT_IN = frozenset({"help", "cancel"})
Handler = Callable[[TurnContext, str], Awaitable[None]]


@dataclass(frozen=True)
class DialogRegistry:
    dialogs: tuple[Dialog, ...]
    routes: Mapping[str, str]  # command key -> dialog id
    # command key -> a handler that answers in one turn (no dialog state)
    handlers: Mapping[str, Handler] = field(default_factory=dict)

    @property
    def available(self) -> frozenset[str]:
        return BUILT_IN | frozenset(self.routes) | frozenset(self.handlers)


def register_dialogs(
    *,
    preferences: PreferencesSaver,
    reminders: ReminderService,
    clock: Clock,
    ssd: SsdHandlers | None = None,
    prompts: PromptSettingsStore | None = None,
    directory: DirectoryHandlers | None = None,
    meetings: MeetingRegistration | None = None,
    roles: RoleHandlers | None = None,
) -> DialogRegistry:
    settings = SettingsDialog(preferences, prompts)
    remind = RemindDialog(reminders, clock)
    reminders_list = RemindersListDialog(reminders)
    dialogs: list[Dialog] = [settings, remind, reminders_list]
    routes = {"settings": settings.id, "remind": remind.id, "reminders": reminders_list.id}
    if meetings is not None:
        book = BookMeetingDialog(
            meetings.service, meetings.notifier, clock, meetings.directory_search
        )
        move = MoveMeetingDialog(meetings.service, meetings.handlers, clock)
        # The follow-up books the next meeting with a booking dialog of its own.
        next_booking = BookMeetingDialog(
            meetings.service, meetings.notifier, clock, meetings.directory_search
        )
        follow_up = FollowUpDialog(meetings.service, next_booking, clock)
        dialogs += [book, move, follow_up]
        routes.update(book=book.id, move=move.id, follow_up=follow_up.id)
    return DialogRegistry(
        dialogs=tuple(dialogs),
        routes=routes,
        handlers={
            **(ssd.commands if ssd is not None else {}),
            **(directory.commands if directory is not None else {}),
            **(meetings.handlers.commands if meetings is not None else {}),
            **(roles.commands if roles is not None else {}),
        },
    )


@dataclass(frozen=True)
class MeetingRegistration:
    service: MeetingService
    notifier: MeetingNotifier
    handlers: MeetingHandlers
    directory_search: DirectoryService | None = None
