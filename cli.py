"""`samverkan`: the command line for operators and developers."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

import cli_audit
import cli_directory
import cli_gdpr
from core import log_redaction
from core.config import Config
from core.errors import ConfigError


def _serve(config: Config, _args: argparse.Namespace) -> int:
    from aiohttp import web

    from app import create_app

    print(f"Samverkansboten på http://{config.host}:{config.port}/api/messages", flush=True)
    if config.local_mode:
        print("Lokalt läge: ingen MicrosoftAppId, autentisering avstängd.", flush=True)
    web.run_app(create_app(config), host=config.host, port=config.port, print=None)
    return 0


def _chat(config: Config, args: argparse.Namespace) -> int:
    from bot.console import run_chat

    return asyncio.run(run_chat(config, lang=args.lang))


def _migrate(config: Config, _args: argparse.Namespace) -> int:
    from storage.migrate import upgrade_to_head

    revision = upgrade_to_head(config.database_url)
    print(f"Databasen är på version {revision}.")
    return 0


def _demo_data(config: Config, _args: argparse.Namespace) -> int:
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


def _manifest(config: Config, args: argparse.Namespace) -> int:
    from core.teams_manifest import write_package

    app_id = args.app_id or config.app_id
    if not app_id:
        print("Ange MicrosoftAppId (miljövariabel) eller --app-id.", file=sys.stderr)
        return 2
    domains = [d for d in (args.domain or []) if d]
    try:
        path = write_package(Path(args.out), app_id, version=args.version, valid_domains=domains)
    except ValueError as exc:
        print(f"Kunde inte bygga manifestet: {exc}", file=sys.stderr)
        return 2
    print(f"Skrev {path} – ladda upp den i Teams (Appar → Hantera dina appar → Ladda upp).")
    return 0


def _ssd_stats(_config: Config, args: argparse.Namespace) -> int:
    import json

    from core.i18n import t
    from core.ssd_reading import format_report
    from core.ssd_stats import NotCompared, SeriesError, analyse, comparison_json, parse_series_csv

    try:
        series = parse_series_csv(sys.stdin.read())
    except UnicodeDecodeError:
        print(t("ssd.input.unreadable", args.lang), file=sys.stderr)
        return 2
    except SeriesError as exc:
        print(t(exc.key, args.lang, **exc.values), file=sys.stderr)
        return 2
    report = analyse(series, args.better)
    if isinstance(report.comparison, NotCompared) and report.comparison.n_a is None:
        # No A phase followed by another: nothing to compare, so the input is wrong.
        print(t(f"ssd.not.{report.comparison.reason}", args.lang), file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(comparison_json(report)))
    else:
        print(format_report(report, args.lang))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="samverkan", description="Samverkansboten")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("serve", help="serve the bot over HTTP")
    chat = sub.add_parser("chat", help="talk to the bot in this terminal")
    chat.add_argument("--lang", choices=["sv", "en"], help="language (default: from LANG)")
    sub.add_parser("migrate", help="apply database migrations")
    sub.add_parser("demo-data", help="load demo data into an empty database")
    manifest = sub.add_parser("manifest", help="write the Teams app package (zip)")
    manifest.add_argument("--app-id", help="the bot's Microsoft App ID (default: MicrosoftAppId)")
    manifest.add_argument("--out", default="build/samverkansboten-teams.zip")
    manifest.add_argument("--version", default="1.0.0")
    manifest.add_argument("--domain", action="append", help="a valid domain (repeatable)")
    ssd = sub.add_parser(
        "ssd-stats",
        help="SSD statistics for a CSV (phase,value in time order) read from stdin",
        description="Per phase: n, mean, median, SD, OLS slope. Last A phase against the "
        "phase after it: NAP, Tau, Tau-U (A vs B - trend A), PND, PAND (proportions), "
        "SMD (baseline SD, Hedges-corrected).",
    )
    ssd.add_argument("--better", choices=["higher", "lower"], required=True)
    ssd.add_argument("--json", action="store_true", help="one JSON object instead of a table")
    ssd.add_argument("--lang", choices=["sv", "en"], default="sv", help="language (default: sv)")
    cli_directory.add_parsers(sub)
    cli_audit.add_parsers(sub)
    cli_gdpr.add_parsers(sub)
    return parser


COMMANDS = {
    "serve": _serve,
    "chat": _chat,
    "migrate": _migrate,
    "demo-data": _demo_data,
    "manifest": _manifest,
    "ssd-stats": _ssd_stats,
    **cli_directory.COMMANDS,
    **cli_audit.COMMANDS,
    **cli_gdpr.COMMANDS,
}


# Commands that read only their input, never the service's configuration.
OFFLINE = {"ssd-stats"}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command in OFFLINE:
        return COMMANDS[args.command](Config(), args)
    try:
        config = Config.from_env()
    except ConfigError as exc:
        print(f"Fel i konfigurationen: {exc}", file=sys.stderr)
        return 2
    log_redaction.configure(config)
    return COMMANDS[args.command](config, args)


if __name__ == "__main__":
    sys.exit(main())
