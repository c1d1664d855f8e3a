"""The load generator: N users, each in its own conversation, each sending its next
message only once the previous turn's HTTP response came back.

It runs in a process of its own (see http_turns.py), so the client's CPU does
not compete with the server's event loop. Everything is bounded: a fixed number
of turns, a timeout per request and a deadline for the whole run; loopback only.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import aiohttp

from tests.support.activities import teams_activity

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
MAX_FAILURE_SAMPLES = 5


@dataclass(frozen=True)
class LoadSpec:
    url: str  # the bot's /api/messages
    service_url: str  # the fake connector
    text: str  # sent on every turn, unless texts is given
    users: int
    turns: int  # per user
    id_prefix: str  # keeps conversations of different scenarios apart
    locale: str = "sv-SE"
    request_timeout: float = 30.0  # a turn this slow is a failure, not a timing
    deadline: float = 300.0  # for the whole run; turns not sent by then are failures
    # One message per turn of each user (texts[user][turn]); empty: `text` every turn.
    texts: tuple[tuple[str, ...], ...] = ()

    def text_for(self, index: int, turn: int) -> str:
        return self.texts[index][turn] if self.texts else self.text


@dataclass
class LoadResult:
    latencies: list[float] = field(default_factory=list)  # seconds, 2xx turns only
    failed: int = 0  # non-2xx, timeouts, connection errors, turns not sent in time
    elapsed: float = 0.0  # wall time of the run, seconds
    answered: dict[str, int] = field(default_factory=dict)  # conversation id -> 2xx turns
    failure_samples: list[str] = field(default_factory=list)

    def fail(self, reason: str) -> None:
        self.failed += 1
        if len(self.failure_samples) < MAX_FAILURE_SAMPLES:
            self.failure_samples.append(reason)


def ids_for(id_prefix: str, index: int) -> tuple[str, str]:
    """(user id, conversation id) of the index-th user of a run with this id prefix."""
    return f"29:{id_prefix}-user-{index}", f"a:{id_prefix}-conv-{index}"


def user_ids(spec: LoadSpec, index: int) -> tuple[str, str]:
    """(user id, conversation id) of the index-th user."""
    return ids_for(spec.id_prefix, index)


def _require_loopback(url: str) -> None:
    host = urlsplit(url).hostname
    if host not in LOOPBACK_HOSTS:
        raise ValueError(f"the benchmark only talks to loopback, not {host!r}")


async def _user(
    session: aiohttp.ClientSession, spec: LoadSpec, index: int, stop_at: float, result: LoadResult
) -> None:
    user_id, conversation_id = user_ids(spec, index)
    for turn in range(spec.turns):
        if time.monotonic() >= stop_at:
            for _ in range(spec.turns - turn):
                result.fail("deadline passed before the turn was sent")
            return
        body = teams_activity(
            spec.service_url,
            text=spec.text_for(index, turn),
            user_id=user_id,
            user_name=f"Bench User {index}",
            aad_object_id=None,
            conversation_id=conversation_id,
            locale=spec.locale,
        )
        started = time.perf_counter()
        try:
            async with session.post(spec.url, json=body) as response:
                await response.read()
                status = response.status
        except (aiohttp.ClientError, TimeoutError) as exc:
            result.fail(f"{type(exc).__name__}: {exc}")
            continue
        latency = time.perf_counter() - started
        if 200 <= status < 300:
            result.latencies.append(latency)
            result.answered[conversation_id] = result.answered.get(conversation_id, 0) + 1
        else:
            result.fail(f"HTTP {status}")


async def generate_load(spec: LoadSpec) -> LoadResult:
    _require_loopback(spec.url)
    _require_loopback(spec.service_url)
    result = LoadResult()
    timeout = aiohttp.ClientTimeout(total=spec.request_timeout)
    connector = aiohttp.TCPConnector(limit=spec.users)
    async with aiohttp.ClientSession(timeout=timeout, connector=connector) as session:
        started = time.perf_counter()
        stop_at = time.monotonic() + spec.deadline
        await asyncio.gather(
            *(_user(session, spec, index, stop_at, result) for index in range(spec.users))
        )
        result.elapsed = time.perf_counter() - started
    return result


def run_load(spec: LoadSpec) -> LoadResult:
    """Entry point in the load-generating process."""
    return asyncio.run(generate_load(spec))
