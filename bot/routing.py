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
from bot.ssd_handlers import SsdHandlers
from core.clock import Clock
from dialogs.remind_dialog import RemindDialog
from dialogs.reminders_list_dialog import RemindersListDialog
from dialogs.settings_dialog import PreferencesSaver, SettingsDialog
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
) -> DialogRegistry:
    settings = SettingsDialog(preferences, prompts)
    remind = RemindDialog(reminders, clock)
    reminders_list = RemindersListDialog(reminders)
    return DialogRegistry(
        dialogs=(settings, remind, reminders_list),
        routes={
            "settings": settings.id,
            "remind": remind.id,
            "reminders": reminders_list.id,
        },
        handlers={
            **(ssd.commands if ssd is not None else {}),
            **(directory.commands if directory is not None else {}),
        },
    )
