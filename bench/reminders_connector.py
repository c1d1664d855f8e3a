"""The fake Bot Connector in a process of its own, and the bare-client baseline.

The connector (tests/support/fake_connector.py) runs in a child process so that
its CPU does not sit on the dispatchers' event loop, as the load generator does
in bench/http_turns.py. The parent drives it over a pipe ("clear", "tally",
("hang", conversation ids), "stop") and gets back a Tally: receipts per occurrence
id (a reminder card's buttons carry it in their data), arrival times and the
busiest second per tenant. Hung conversations are never answered.
Arrival times are time.monotonic() in the child, which on Linux is the same
system-wide clock as in the parent.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from multiprocessing import get_context
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any
from urllib.parse import quote, urlsplit

import aiohttp

from bench.load_generator import LOOPBACK_HOSTS
from tests.support.fake_connector import HANG, FakeConnector

PIPE_TIMEOUT = 60.0


@dataclass(frozen=True)
class Tally:
    receipts: dict[int, int]  # occurrence id -> activities received carrying it
    other: int  # activities without an occurrence id
    first_at: float | None  # monotonic seconds
    last_at: float | None
    peak_tenant_second: int  # most activities to one tenant within any 1 s
    statuses: dict[int, int]  # HTTP statuses answered
    arrivals: dict[int, float]  # occurrence id -> when its first activity arrived

    @property
    def activities(self) -> int:
        return sum(self.receipts.values()) + self.other


def occurrence_id_of(body: dict[str, Any]) -> int | None:
    for attachment in body.get("attachments") or []:
        for action in (attachment.get("content") or {}).get("actions") or []:
            occurrence_id = (action.get("data") or {}).get("occurrence_id")
            if occurrence_id is not None:
                return int(occurrence_id)
    return None


def peak_in_window(times: list[float], seconds: float) -> int:
    """The most arrivals inside any window of the given length."""
    ordered = sorted(times)
    peak = start = 0
    for end, at in enumerate(ordered):
        while at - ordered[start] >= seconds:
            start += 1
        peak = max(peak, end - start + 1)
    return peak


def tally(connector: FakeConnector) -> Tally:
    receipts: Counter[int] = Counter()
    arrivals: dict[int, float] = {}
    by_tenant: defaultdict[str, list[float]] = defaultdict(list)
    other = 0
    for received in connector.received:
        body = received.body
        occurrence_id = occurrence_id_of(body)
        if occurrence_id is None:
            other += 1
        else:
            receipts[occurrence_id] += 1
            arrivals.setdefault(occurrence_id, received.at)
        tenant = (body.get("conversation") or {}).get("tenantId") or ""
        by_tenant[tenant].append(received.at)
    times = [r.at for r in connector.received]
    return Tally(
        receipts=dict(receipts),
        other=other,
        first_at=min(times, default=None),
        last_at=max(times, default=None),
        peak_tenant_second=max((peak_in_window(t, 1.0) for t in by_tenant.values()), default=0),
        statuses=dict(Counter(connector.answered)),
        arrivals=arrivals,
    )


async def _serve(pipe: Connection) -> None:
    connector = FakeConnector()
    await connector.start()
    pipe.send(connector.url)
    loop = asyncio.get_running_loop()
    try:
        while True:
            command = await loop.run_in_executor(None, pipe.recv)
            if command == "clear":
                connector.clear()
                connector.answered.clear()
                connector.reset_faults()
                pipe.send(None)
            elif isinstance(command, tuple) and command[0] == "hang":
                connector.faults.update({c: [HANG] * 1000 for c in command[1]})
                pipe.send(None)
            elif command == "tally":
                pipe.send(tally(connector))
            else:
                return
    finally:
        await connector.stop()


def serve_connector(pipe: Connection) -> None:
    """Entry point of the connector process; ends on "stop" or when the pipe closes."""
    with contextlib.suppress(EOFError, KeyboardInterrupt):  # the parent went away
        asyncio.run(_serve(pipe))


class ConnectorProcess:
    def __init__(self) -> None:
        self.url = ""
        self._pipe: Connection | None = None
        self._process: BaseProcess | None = None

    async def start(self) -> str:
        context = get_context("spawn")
        parent, child = context.Pipe()
        self._pipe = parent
        self._process = context.Process(target=serve_connector, args=(child,), daemon=True)
        self._process.start()
        child.close()
        self.url = await self._receive()
        return self.url

    async def clear(self) -> None:
        await self._call("clear")

    async def tally(self) -> Tally:
        return await self._call("tally")

    async def hang(self, conversation_ids: list[str]) -> None:
        """Never answer these conversations again (until "clear")."""
        await self._call(("hang", conversation_ids))

    async def stop(self) -> None:
        if self._process is None or self._pipe is None:
            return
        process, self._process = self._process, None
        with contextlib.suppress(OSError):  # the child has gone already
            self._pipe.send("stop")
        await asyncio.to_thread(process.join, 10)
        if process.is_alive():
            process.terminate()
            await asyncio.to_thread(process.join, 5)
        self._pipe.close()

    async def _call(self, command: Any) -> Any:
        if self._pipe is None:
            raise RuntimeError("the connector process is not running")
        self._pipe.send(command)
        return await self._receive()

    async def _receive(self) -> Any:
        pipe = self._pipe
        if pipe is None:
            raise RuntimeError("the connector process is not running")

        def receive() -> Any:
            if not pipe.poll(PIPE_TIMEOUT):
                raise TimeoutError("the connector process did not answer")
            return pipe.recv()

        return await asyncio.to_thread(receive)


@dataclass(frozen=True)
class Baseline:
    posts: int
    failed: int
    elapsed: float

    @property
    def per_second(self) -> float:
        return self.posts / self.elapsed if self.elapsed > 0 else float("nan")


async def baseline_posts(
    url: str, body: dict[str, Any], *, count: int, concurrency: int, timeout: float = 30.0
) -> Baseline:
    """`count` POSTs of the same activity to as many conversations, `concurrency` at
    a time, from a bare aiohttp client: what this machine can do at all."""
    if urlsplit(url).hostname not in LOOPBACK_HOSTS:
        raise ValueError(f"the benchmark only talks to loopback, not {url!r}")
    next_index = iter(range(count))
    failed = 0

    async def worker(session: aiohttp.ClientSession) -> None:
        nonlocal failed
        for index in next_index:
            conversation = quote(f"a:bench-baseline-{index}", safe="")
            target = f"{url.rstrip('/')}/v3/conversations/{conversation}/activities"
            try:
                async with session.post(target, json=body) as response:
                    await response.read()
                    failed += int(not 200 <= response.status < 300)
            except (aiohttp.ClientError, TimeoutError):
                failed += 1

    client_timeout = aiohttp.ClientTimeout(total=timeout)
    async with aiohttp.ClientSession(timeout=client_timeout) as session:
        started = time.perf_counter()
        await asyncio.gather(*(worker(session) for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    return Baseline(posts=count - failed, failed=failed, elapsed=elapsed)
