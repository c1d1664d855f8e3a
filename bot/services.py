"""One factory for everything a turn needs, shared by the HTTP app (app.py), the
terminal chat (bot/console.py) and the tests: storage, the features registered on
the router, the conversation and the bot."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from botbuilder.core import BotState, PrivateConversationState, UserState

from bot.conversation import Conversation
from bot.features import Deps, build_router
from bot.meeting_handlers import MeetingNotifier
from bot.router import Router
from bot.samverkan_bot import SamverkanBot
from bot.state_storage import SqlStorage
from core.clock import Clock, SystemClock
from core.config import Config
from core.rate_limit import TurnLimiter
from core.ssd_commands import RATE
from demo.data import ensure_demo_membership, load_demo_data
from dialogs.cards.meeting import DIALOG_INPUT
from storage.db import Database
from storage.directory_service import DirectoryService
from storage.meeting_service import MeetingService
from storage.migrate import upgrade_to_head
from storage.rating_prompt_repository import PromptSettingsStore
from storage.reminder_service import ReminderService
from storage.ssd_service import SsdService
from storage.staff_registry import StaffRegistry

log = logging.getLogger("samverkan")


@dataclass
class Services:
    config: Config
    clock: Clock
    db: Database
    # Per person and conversation: in a group chat or channel each member has their
    # own dialogs, things put aside and client buttons.
    conversation_state: BotState
    user_state: UserState
    router: Router
    bot: SamverkanBot
    directory: DirectoryService
    # Meeting invitations go out through this; the sender is attached by whoever
    # runs the bot (create_app, `samverkan chat`, tests).
    meeting_notifier: MeetingNotifier
    meetings: MeetingService
    deps: Deps

    def roles_changed(self) -> None:
        """A role was granted or revoked elsewhere: caches forget what they knew."""
        for listener in self.deps.on_roles_changed:
            listener()


def build_services(config: Config, clock: Clock | None = None) -> Services:
    clock = clock or SystemClock()
    db = Database(config.database_url)
    storage = SqlStorage(db, clock)
    conversation_state = PrivateConversationState(storage)
    user_state = UserState(storage)
    staff = StaffRegistry(db, clock)
    # Local mode with demo data: whoever tries the bot joins the demo care teams.
    join_demo = ensure_demo_membership if config.local_mode and config.demo_data else None
    deps = Deps(
        config=config,
        clock=clock,
        db=db,
        staff=staff,
        reminders=ReminderService(db, clock),
        prompts=PromptSettingsStore(db, clock),
        directory=DirectoryService(db, clock),
        meetings=MeetingService(db, clock, join_demo=join_demo),
        ssd=SsdService(db, clock, join_demo=join_demo),
        notifier=MeetingNotifier(),
    )
    router = build_router(deps)

    async def my_clients(user_id: int, command: str) -> list[str]:
        if command != RATE.key:
            # Ending the rating ends nothing else: booking, meetings, the plan go on.
            return [client.code for client in await deps.ssd.team_clients(user_id)]
        today = clock.now().astimezone(config.tz).date()
        return [overview.client.code for overview in await deps.ssd.my_clients(user_id, today)]

    conversation = Conversation(router, conversation_state, clock, my_clients)
    # A card inside a dialog (a date picker, a summary's buttons) goes to the dialog.
    router.submit(DIALOG_INPUT, conversation.on_dialog_card)
    bot = SamverkanBot(
        config=config,
        staff=staff,
        conversation_state=conversation_state,
        user_state=user_state,
        router=router,
        conversation=conversation,
        turn_limiter=(
            TurnLimiter(lambda: clock.now().timestamp(), config.turn_windows)
            if config.turn_windows
            else None
        ),
    )
    return Services(
        config,
        clock,
        db,
        conversation_state,
        user_state,
        router,
        bot,
        deps.directory,
        deps.notifier,
        deps.meetings,
        deps,
    )


async def prepare_database(services: Services) -> None:
    """Migrate to head (safe with several instances) and load demo data if asked."""
    revision = await asyncio.to_thread(upgrade_to_head, services.config.database_url)
    log.info("database schema at revision %s", revision)
    if services.config.demo_data:
        today = services.clock.now().astimezone(services.config.tz).date()
        async with services.db.session() as session:
            result = await load_demo_data(session, today=today)
        if result.loaded:
            log.info(
                "demo data loaded: %d agencies, %d units, %d clients, %d ratings, %d contacts",
                result.agencies,
                result.units,
                result.clients,
                result.ratings,
                result.contacts,
            )
