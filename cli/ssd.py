"""`samverkan ssd-stats`: SSD statistics for a CSV read from stdin (offline: it needs
no database and no configuration)."""

from __future__ import annotations

import argparse
import sys

from cli.command import Subparsers, add_command
from core.config import Config


def register(sub: Subparsers) -> None:
    parser = add_command(
        sub,
        "ssd-stats",
        ssd_stats,
        offline=True,
        help="SSD statistics for a CSV (phase,value in time order) read from stdin",
        description="Per phase: n, mean, median, SD, OLS slope. Last A phase against the "
        "phase after it: NAP, Tau, Tau-U (A vs B - trend A), PND, PAND (proportions), "
        "SMD (baseline SD, Hedges-corrected).",
    )
    parser.add_argument("--better", choices=["higher", "lower"], required=True)
    parser.add_argument("--json", action="store_true", help="one JSON object instead of a table")
    parser.add_argument("--lang", choices=["sv", "en"], default="sv", help="language (default: sv)")


def ssd_stats(_config: Config, args: argparse.Namespace) -> int:
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
