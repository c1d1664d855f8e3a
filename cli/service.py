"""`samverkan serve|chat|migrate|demo-data`: running the service and its database."""

from __future__ import annotations

import argparse
import asyncio

from cli.command import Subparsers, add_command
from core.config import Config


def register(sub: Subparsers) -> None:
    add_command(sub, "serve", serve, help="serve the bot over HTTP")
    chat_parser = add_command(sub, "chat", chat, help="talk to the bot in this terminal")
    chat_parser.add_argument("--lang", choices=["sv", "en"], help="language (default: from LANG)")
    add_command(sub, "migrate", migrate, help="apply database migrations")
    add_command(sub, "demo-data", demo_data, help="load demo data into an empty database")


def serve(config: Config, _args: argparse.Namespace) -> int:
    from aiohttp import web

    from app import create_app

    print(f"Samverkansboten på http://{config.host}:{config.port}/api/messages", flush=True)
    if config.local_mode:
        print("Lokalt läge: ingen MicrosoftAppId, autentisering avstängd.", flush=True)
    web.run_app(create_app(config), host=config.host, port=config.port, print=None)
    return 0


def chat(config: Config, args: argparse.Namespace) -> int:
    from bot.console import run_chat

    return asyncio.run(run_chat(config, lang=args.lang))


def migrate(config: Config, _args: argparse.Namespace) -> int:
    from storage.migrate import upgrade_to_head

    revision = upgrade_to_head(config.database_url)
    print(f"Databasen är på version {revision}.")
    return 0


def demo_data(config: Config, _args: argparse.Namespace) -> int:
    from demo.data import load_demo_data
    from storage.db import Database
    from storage.migrate import upgrade_to_head

    upgrade_to_head(config.database_url)

    async def load() -> int:
        db = Database(config.database_url)
        try:
            async with db.session() as session:
                result = await load_demo_data(session)
        finally:
            await db.dispose()
        if result.loaded:
            print(
                f"Demodata inläst: {result.agencies} huvudmän, {result.units} enheter, "
                f"{result.contacts} kontakter."
            )
        else:
            print("Databasen har redan data; inget lästes in.")
        return 0

    return asyncio.run(load())
