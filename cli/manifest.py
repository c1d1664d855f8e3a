"""`samverkan manifest`: the Teams app package (zip) to upload in Teams."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cli.command import Subparsers, add_command
from core.config import Config


def register(sub: Subparsers) -> None:
    parser = add_command(sub, "manifest", manifest, help="write the Teams app package (zip)")
    parser.add_argument("--app-id", help="the bot's Microsoft App ID (default: MicrosoftAppId)")
    parser.add_argument("--out", default="build/samverkansboten-teams.zip")
    parser.add_argument("--version", default="1.0.0")
    parser.add_argument("--domain", action="append", help="a valid domain (repeatable)")


def manifest(config: Config, args: argparse.Namespace) -> int:
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
