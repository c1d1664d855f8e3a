"""Turns over HTTP through the real app, against the echo baseline, in one run.

The server side lives in this process: the real app (create_app on a SQLite file
in a temporary directory), the echo app and the fake Bot Connector, each on its
own loopback port. The load generator runs in a second process so that its
CPU does not sit on the servers' event loop. Scenarios alternate round by round
because the machine is noisy.
"""

from __future__ import annotations

import asyncio
import cProfile
import tempfile
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from aiohttp import web

from app import create_app
from bench.echo_app import create_echo_app
from bench.load_generator import LoadSpec, run_load
from bench.profiling import profile_report
from bench.report import Ratio, RunFigures, Summary, ratio, summarise
from core.config import Config
from tests.support.fake_connector import FakeConnector

ADAPTIVE_CARD = "application/vnd.microsoft.card.adaptive"
# Without --turns, a run aims at this many turns, within these bounds per user: at
# 1 user 20 turns, at 50 users 6 turns, so the default bench takes under 2 minutes
# on 2 cores, where the server saturates at 20-30 turns/s.
TURNS_PER_RUN = 300
MIN_TURNS, MAX_TURNS = 6, 20
MAX_UNEXPECTED_SAMPLES = 3

# (users, turns per user) -> the message of each turn, texts[user][turn]
TextPlan = Callable[[int, int], tuple[tuple[str, ...], ...]]


@dataclass(frozen=True)
class BenchOptions:
    users: tuple[int, ...] = (1, 50)
    turns: int | None = None  # per user, per run; None: see turns_for()
    rounds: int = 3
    warmup_turns: int = 2
    text: str = "hjälp"
    profile_path: Path | None = None

    def turns_for(self, users: int) -> int:
        if self.turns is not None:
            return self.turns
        return max(MIN_TURNS, min(MAX_TURNS, -(-TURNS_PER_RUN // users)))


@dataclass(frozen=True)
class Target:
    name: str
    url: str
    is_reply: Callable[[dict[str, Any]], bool]  # the reply this scenario must produce
    texts: TextPlan | None = None  # None: BenchOptions.text on every turn


@dataclass
class BenchResult:
    runs: list[RunFigures]
    summaries: list[Summary]
    ratios: list[Ratio]
    warmup_errors: int
    profile: str | None = None
    failure_samples: list[str] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return self.warmup_errors + sum(run.errors for run in self.runs)


def is_help_card(activity: dict[str, Any]) -> bool:
    attachments = activity.get("attachments") or []
    return any(a.get("contentType") == ADAPTIVE_CARD for a in attachments)


def is_echo_of(text: str) -> Callable[[dict[str, Any]], bool]:
    return lambda activity: activity.get("text") == text


def id_prefix(scenario: str, users: int) -> str:
    """Keeps the conversations (and Teams user ids) of scenarios and levels apart;
    the same in every round, so later rounds meet known users."""
    return f"bench-{scenario}-{users}u"


def describe_activity(activity: dict[str, Any], limit: int = 100) -> str:
    text = " ".join((activity.get("text") or "").split())
    attachments = activity.get("attachments") or []
    parts = [repr(text[:limit])] if text else []
    for attachment in attachments:
        content = attachment.get("content")
        body = content.get("body") if isinstance(content, dict) else None
        first = next(
            (b.get("text") for b in body or [] if isinstance(b, dict) and b.get("text")), None
        )
        kind = attachment.get("contentType", "?")
        parts.append(f"{kind} {str(first)[:limit]!r}" if first else kind)
    return " ".join(parts) or f"type {activity.get('type')!r} without text"


async def serve(app: web.Application) -> tuple[web.AppRunner, str]:
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    return runner, f"http://127.0.0.1:{port}/api/messages"


def missing_replies(connector: FakeConnector, target: Target, answered: dict[str, int]) -> int:
    """Turns answered 2xx whose reply did not reach the connector."""
    replies: Counter[str] = Counter()
    for activity in connector.activities:
        conversation = activity.get("conversation") or {}
        if target.is_reply(activity):
            replies[conversation.get("id", "")] += 1
    return sum(max(0, count - replies[conv]) for conv, count in answered.items())


class Bench:
    def __init__(
        self, options: BenchOptions, connector: FakeConnector, pool: ProcessPoolExecutor
    ) -> None:
        self._options = options
        self._connector = connector
        self._pool = pool

    async def measure(self, target: Target, users: int, turns: int) -> RunFigures:
        self._connector.clear()
        spec = LoadSpec(
            url=target.url,
            service_url=self._connector.url,
            text=self._options.text,
            texts=target.texts(users, turns) if target.texts is not None else (),
            users=users,
            turns=turns,
            id_prefix=id_prefix(target.name, users),
        )
        loop = asyncio.get_running_loop()
        result = await loop.run_in_executor(self._pool, run_load, spec)
        missing = missing_replies(self._connector, target, result.answered)
        unexpected = [a for a in self._connector.activities if not target.is_reply(a)]
        self._connector.clear()
        samples = list(result.failure_samples)
        if missing:
            samples.append(f"{target.name}: {missing} replies missing at the connector")
            # what came instead, if anything
            for activity in unexpected[:MAX_UNEXPECTED_SAMPLES]:
                samples.append(f"{target.name}: unexpected reply {describe_activity(activity)}")
        return RunFigures(
            scenario=target.name,
            users=users,
            latencies=result.latencies,
            elapsed=result.elapsed,
            errors=result.failed + missing,
            failure_samples=samples,
        )

    async def run(self, bot: Target, echo: Target) -> BenchResult:
        options = self._options
        warmup_errors = 0
        samples: list[str] = []
        for users in options.users:
            for target in (bot, echo):
                warm = await self.measure(target, users, options.warmup_turns)
                warmup_errors += warm.errors
                samples.extend(warm.failure_samples)
        runs: list[RunFigures] = []
        for round_number in range(options.rounds):
            order = (bot, echo) if round_number % 2 == 0 else (echo, bot)
            for users in options.users:
                for target in order:
                    run = await self.measure(target, users, options.turns_for(users))
                    runs.append(run)
                    samples.extend(run.failure_samples)
        summaries: list[Summary] = []
        ratios: list[Ratio] = []
        for users in options.users:
            bot_runs = [r for r in runs if r.scenario == bot.name and r.users == users]
            echo_runs = [r for r in runs if r.scenario == echo.name and r.users == users]
            bot_summary, echo_summary = summarise(bot_runs), summarise(echo_runs)
            summaries += [bot_summary, echo_summary]
            ratios.append(ratio(bot_runs, echo_runs, bot_summary, echo_summary))
        profile = None
        if options.profile_path is not None:
            profile = await self.profile(bot, max(options.users), options.profile_path)
        return BenchResult(runs, summaries, ratios, warmup_errors, profile, samples[:10])

    async def profile(self, target: Target, users: int, path: Path) -> str:
        """One extra run under cProfile (the event loop's thread only); not in the table."""
        profiler = cProfile.Profile()
        profiler.enable()
        try:
            run = await self.measure(target, users, self._options.turns_for(users))
        finally:
            profiler.disable()
        profiler.dump_stats(path)
        return profile_report(profiler, run)


async def run_bench(options: BenchOptions) -> BenchResult:
    with (
        tempfile.TemporaryDirectory(prefix="samverkan-bench-") as tmp,
        ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool,
    ):
        config = Config(
            database_url=f"sqlite:///{Path(tmp) / 'bench.sqlite3'}", log_level="WARNING"
        )
        connector = FakeConnector()
        await connector.start()
        runners: list[web.AppRunner] = []
        try:
            bot_runner, bot_url = await serve(create_app(config))
            runners.append(bot_runner)
            echo_runner, echo_url = await serve(create_echo_app(config))
            runners.append(echo_runner)
            bench = Bench(options, connector, pool)
            return await bench.run(
                Target("bot", bot_url, is_help_card),
                Target("echo", echo_url, is_echo_of(options.text)),
            )
        finally:
            for runner in reversed(runners):
                await runner.cleanup()
            await connector.stop()
