"""`samverkan`: the command line for operators and developers.

Every subcommand module is listed once, in COMMAND_MODULES, and adds its own
subcommands there with `register(subparsers)`, each bound to the function it runs.
Importing a module registers nothing.
"""

from __future__ import annotations

import argparse
import sys

from cli import audit, directory, gdpr, manifest, service, ssd
from core import log_redaction
from core.config import Config
from core.errors import ConfigError

# In the order `samverkan --help` lists their subcommands.
COMMAND_MODULES = (
    service,  # serve, chat, migrate, demo-data
    manifest,  # manifest
    ssd,  # ssd-stats
    directory,  # import-contacts, export-contacts, admin
    audit,  # audit
    gdpr,  # retention, gdpr
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="samverkan", description="Samverkansboten")
    sub = parser.add_subparsers(dest="command", required=True)
    for module in COMMAND_MODULES:
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.offline:
        return args.run(Config(), args)
    try:
        config = Config.from_env()
    except ConfigError as exc:
        print(f"Fel i konfigurationen: {exc}", file=sys.stderr)
        return 2
    log_redaction.configure(config)
    return args.run(config, args)
