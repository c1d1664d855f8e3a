"""Every feature, registered in one place. Each feature's `register` lives beside its
handlers and says everything the feature answers: commands, card submits, file
consents, invokes and scheduled jobs (bot/router.py). Adding a command to a feature
touches only that feature's files."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from bot import (
    conversation,
    crisis_handlers,
    directory_handlers,
    meeting_handlers,
    reminder_actions,
    role_handlers,
    ssd_handlers,
)
from bot.router import Router
from core.clock import Clock
from core.config import Config
from storage.db import Database
from storage.directory_service import DirectoryService
from storage.meeting_service import MeetingService
from storage.rating_prompt_repository import PromptSettingsStore
from storage.reminder_service import ReminderService
from storage.ssd_service import SsdService
from storage.staff_registry import StaffRegistry


@dataclass
class Deps:
    """What features are built from: one of each service for the whole bot."""

    config: Config
    clock: Clock
    db: Database
    staff: StaffRegistry
    reminders: ReminderService
    prompts: PromptSettingsStore
    directory: DirectoryService
    meetings: MeetingService
    ssd: SsdService
    notifier: meeting_handlers.MeetingNotifier
    # Called when a system admin grants or revokes a role (caches forget theirs).
    on_roles_changed: list[Callable[[], None]] = field(default_factory=list)

    @property
    def demo(self) -> bool:
        """Local mode with demo data: whoever tries the bot may try everything."""
        return self.config.local_mode and self.config.demo_data


FEATURES = (
    conversation.register,
    reminder_actions.register,
    ssd_handlers.register,
    meeting_handlers.register,
    directory_handlers.register,
    role_handlers.register,
    crisis_handlers.register,
)


def build_router(deps: Deps) -> Router:
    return Router().include(*FEATURES, deps=deps)
