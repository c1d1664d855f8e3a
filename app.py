"""Wiring only: create_app(config) builds storage, adapter, scheduler, dialogs and
bot, and adds the routes. `python app.py` serves."""

from __future__ import annotations

from typing import Any

from aiohttp import web
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from botbuilder.integration.aiohttp import CloudAdapter

from bot.adapter import create_adapter
from bot.error_handler import make_turn_error_handler
from bot.http import error_middleware, healthz, messages_route, readyz_route
from bot.proactive_sender import ProactiveSender
from bot.reminder_dispatcher import ReminderDispatcher
from bot.scheduler import create_scheduler
from bot.services import Services, build_services, prepare_database
from core import log_redaction
from core.clock import Clock
from core.config import Config
from storage.migrate import schema_is_at_head

__all__ = ["Services", "build_services", "create_app", "prepare_database"]

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
    # Each feature's scheduled jobs, as registered on the router.
    jobs = {job.name: job.start(scheduler, sender) for job in services.router.jobs}

    app = web.Application(client_max_size=config.max_body_bytes, middlewares=[error_middleware])
    app[SERVICES] = services
    app[ADAPTER] = adapter
    app[SCHEDULER] = scheduler
    app[DISPATCHER] = jobs["reminders"]

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
