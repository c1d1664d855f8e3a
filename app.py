"""Wiring only: create_app(config) builds storage, adapter, scheduler, dialogs and
bot, and adds the routes. `python app.py` serves."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Any

from aiohttp import web
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from botbuilder.core import ConversationState, UserState
from botbuilder.integration.aiohttp import CloudAdapter

from bot.adapter import create_adapter
from bot.directory_freshness import FreshnessReminder
from bot.directory_freshness import schedule as schedule_freshness
from bot.directory_handlers import DirectoryHandlers
from bot.error_handler import make_turn_error_handler
from bot.follow_up_job import FollowUpAsker
from bot.follow_up_job import schedule as schedule_follow_ups
from bot.http import error_middleware, healthz, messages_route, readyz_route
from bot.meeting_handlers import MeetingHandlers, MeetingNotifier
from bot.proactive_sender import ProactiveSender
from bot.rating_prompter import RatingPrompter
from bot.rating_prompter import schedule as schedule_prompts
from bot.reminder_dispatcher import ReminderDispatcher
from bot.reminder_dispatcher import schedule as schedule_reminders
from bot.role_handlers import RoleHandlers
from bot.routing import MeetingRegistration, register_dialogs
from bot.samverkan_bot import SamverkanBot
from bot.scheduler import create_scheduler
from bot.ssd_handlers import SsdHandlers
from bot.state_storage import SqlStorage
from core import log_redaction
from core.clock import Clock, SystemClock
from core.config import Config
from core.rate_limit import TurnLimiter
from demo.data import ensure_demo_membership, load_demo_data
from storage.db import Database
from storage.directory_service import DirectoryService
from storage.meeting_service import MeetingService
from storage.migrate import schema_is_at_head, upgrade_to_head
from storage.rating_prompt_repository import PromptSettingsStore
from storage.reminder_service import ReminderService
from storage.roles_service import RolesService
from storage.ssd_service import SsdService
from storage.staff_registry import StaffRegistry

log = logging.getLogger("samverkan")


@dataclass
class Services:
    config: Config
    clock: Clock
    db: Database
    conversation_state: ConversationState
    user_state: UserState
    bot: SamverkanBot
    directory: DirectoryService
    # Meeting invitations go out through this; the sender is attached by whoever
    # runs the bot (create_app, `samverkan chat`, tests).
    meeting_notifier: MeetingNotifier
    meetings: MeetingService


def build_services(config: Config, clock: Clock | None = None) -> Services:
    """Everything a turn needs, for the HTTP app and for `samverkan chat` alike."""
    clock = clock or SystemClock()
    db = Database(config.database_url)
    storage = SqlStorage(db, clock)
    conversation_state = ConversationState(storage)
    user_state = UserState(storage)
    staff = StaffRegistry(db, clock)
    reminders = ReminderService(db, clock)
    prompts = PromptSettingsStore(db, clock)
    # Local mode with demo data: whoever tries the bot joins the demo care teams.
    join_demo = ensure_demo_membership if config.local_mode and config.demo_data else None
    ssd = SsdHandlers(SsdService(db, clock, join_demo=join_demo), clock, prompts)
    # Local mode with demo data: whoever tries the bot may also try keeping the directory.
    directory_service = DirectoryService(db, clock)
    directory = DirectoryHandlers(
        directory_service, everyone_admin=config.local_mode and config.demo_data
    )
    meeting_service = MeetingService(db, clock, join_demo=join_demo)
    notifier = MeetingNotifier()
    meetings = MeetingHandlers(meeting_service, notifier)
    roles = RoleHandlers(
        RolesService(db, clock),
        on_change=directory.forget_roles,
        everyone_admin=config.local_mode and config.demo_data,
    )
    registry = register_dialogs(
        preferences=staff,
        reminders=reminders,
        clock=clock,
        ssd=ssd,
        prompts=prompts,
        directory=directory,
        meetings=MeetingRegistration(meeting_service, notifier, meetings, directory_service),
        roles=roles,
    )
    bot = SamverkanBot(
        config=config,
        staff=staff,
        reminders=reminders,
        conversation_state=conversation_state,
        user_state=user_state,
        registry=registry,
        ssd=ssd,
        directory=directory,
        meetings=meetings,
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
        bot,
        directory_service,
        notifier,
        meeting_service,
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


SERVICES = web.AppKey("services", Services)
ADAPTER = web.AppKey("adapter", CloudAdapter)
SCHEDULER = web.AppKey("scheduler", AsyncIOScheduler)
DISPATCHER = web.AppKey("dispatcher", ReminderDispatcher)


def create_app(config: Config | None = None, *, clock: Clock | None = None) -> web.Application:
    config = config or Config.from_env()
    services = build_services(config, clock)
    adapter = create_adapter(config)
    adapter.on_turn_error = make_turn_error_handler(services.conversation_state)
    scheduler = create_scheduler(services.db, services.clock, config.timezone, config.retention)
    sender = ProactiveSender.from_config(config)
    services.meeting_notifier.attach(sender)
    dispatcher = ReminderDispatcher(services.db, sender, services.clock)
    schedule_reminders(scheduler, dispatcher)
    prompter = RatingPrompter(services.db, sender, services.clock, default_timezone=config.timezone)
    schedule_prompts(scheduler, prompter)
    freshness = FreshnessReminder(
        services.db, services.directory, sender, services.clock, timezone=config.timezone
    )
    schedule_freshness(scheduler, freshness)
    schedule_follow_ups(scheduler, FollowUpAsker(services.meetings, services.meeting_notifier))

    app = web.Application(client_max_size=config.max_body_bytes, middlewares=[error_middleware])
    app[SERVICES] = services
    app[ADAPTER] = adapter
    app[SCHEDULER] = scheduler
    app[DISPATCHER] = dispatcher

    async def on_startup(_app: web.Application) -> None:
        await prepare_database(services)
        scheduler.start()

    async def on_cleanup(_app: web.Application) -> None:
        if scheduler.running:
            scheduler.shutdown(wait=False)
        await sender.close()
        await services.directory.close()
        await services.db.dispose()

    async def readiness() -> dict[str, Any]:
        return {
            "database_ok": await services.db.ping(),
            "migrations_ok": await schema_is_at_head(services.db),
            "scheduler_ok": scheduler.running,
            "auth": "local" if config.local_mode else "bot-framework",
        }

    app.on_startup.append(on_startup)
    app.on_cleanup.append(on_cleanup)
    app.router.add_post("/api/messages", messages_route(adapter, services.bot))
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz_route(readiness))
    return app


def main() -> None:
    config = Config.from_env()
    log_redaction.configure(config)
    web.run_app(create_app(config), host=config.host, port=config.port)


if __name__ == "__main__":
    main()
