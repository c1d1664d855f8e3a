"""What every `samverkan` subcommand module shares: how a subcommand is added."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from core.config import Config

# The function a subcommand runs: the service's configuration and the parsed
# arguments in, the process's exit code out.
Run = Callable[[Config, argparse.Namespace], int]
Subparsers = argparse._SubParsersAction  # type: ignore[type-arg]


def add_command(
    sub: Subparsers, name: str, run: Run, *, offline: bool = False, **options: Any
) -> argparse.ArgumentParser:
    """Add subcommand `name`, bound to `run`. An offline command reads only its
    input, never the service's configuration (so a broken environment cannot stop it)."""
    parser: argparse.ArgumentParser = sub.add_parser(name, **options)
    parser.set_defaults(run=run, offline=offline)
    return parser
