"""A fake Bot Connector on loopback: receives what the bot sends, as Teams would.

Used by the end-to-end tests, the resilience tests and the benchmarks. It answers
the Bot Framework REST calls a bot makes (send, reply, update, delete, create
conversation) and records every activity it receives.

Faults, for the resilience tests and benchmarks: `failures` (answers given to the
next requests, whatever their conversation), `faults` (per conversation: answers
given to its next requests, or HANG: never answered until release_hung(), nothing
delivered), `hang_for` (per conversation: answered, and delivered, only after that
many seconds) and hold_answers() (activities are delivered, recorded as received,
but their answers wait until release_answers(): a kill then lands mid-send).
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

HANG = "hang"  # a fault: the request is never answered (until release_hung)
Fault = tuple[int, dict[str, str]] | str  # (status, headers), or HANG


@dataclass
class Received:
    method: str
    path: str
    conversation_id: str
    body: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)
    at: float = 0.0  # when it arrived, by the connector's clock


class FakeConnector:
    def __init__(
        self, host: str = "127.0.0.1", clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._host = host
        self._clock = clock
        self._runner: web.AppRunner | None = None
        self._ids = itertools.count(1)
        self._changed = asyncio.Condition()
        self.received: list[Received] = []
        self.port: int = 0
        # (status, headers, body) answers to give before answering normally.
        self.failures: list[tuple[int, dict[str, str], dict[str, Any] | None]] = []
        # Every status answered, injected failures included, in order.
        self.answered: list[int] = []
        self.faults: dict[str, list[Fault]] = {}  # conversation id -> its next answers
        self.hang_for: dict[str, float] = {}  # conversation id -> seconds before answering
        self.hung = 0  # requests waiting in HANG now
        self.held = 0  # delivered activities whose answer waits in hold_answers()
        self._unhang = asyncio.Event()
        self._answer = asyncio.Event()
        self._answer.set()
        self._hold_after: int | None = None

    @property
    def url(self) -> str:
        return f"http://{self._host}:{self.port}/"

    @property
    def activities(self) -> list[dict[str, Any]]:
        return [r.body for r in self.received if r.body.get("type")]

    def texts(self) -> list[str]:
        return [a.get("text") or "" for a in self.activities]

    def for_conversation(self, conversation_id: str) -> list[dict[str, Any]]:
        return [r.body for r in self.received if r.conversation_id == conversation_id]

    async def start(self) -> str:
        app = web.Application(client_max_size=8 * 1024 * 1024)
        app.router.add_post("/v3/conversations", self._create_conversation)
        app.router.add_post("/v3/conversations/{conv}/activities", self._activity)
        app.router.add_post("/v3/conversations/{conv}/activities/{aid}", self._activity)
        app.router.add_put("/v3/conversations/{conv}/activities/{aid}", self._activity)
        app.router.add_delete("/v3/conversations/{conv}/activities/{aid}", self._delete)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self._host, 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return self.url

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def wait_for(self, count: int, timeout: float = 10.0) -> list[dict[str, Any]]:
        """Wait until at least count activities have arrived; returns them all."""

        async def _enough() -> None:
            async with self._changed:
                await self._changed.wait_for(lambda: len(self.activities) >= count)

        await asyncio.wait_for(_enough(), timeout)
        return self.activities

    def clear(self) -> None:
        self.received.clear()

    def hold_answers(self, after: int = 0) -> None:
        """Deliver activities but hold their answers, once `after` more were answered."""
        self._hold_after = len(self.answered) + after
        self._answer.clear()

    def release_answers(self) -> None:
        self._hold_after = None
        self._answer.set()

    def release_hung(self) -> None:
        self._unhang.set()

    def reset_faults(self) -> None:
        """No more faults; what hangs now is answered (504)."""
        self.faults.clear()
        self.hang_for.clear()
        self.release_answers()
        self.release_hung()
        self._unhang = asyncio.Event()

    async def _record(self, request: web.Request, body: dict[str, Any]) -> None:
        async with self._changed:
            self.received.append(
                Received(
                    method=request.method,
                    path=request.path,
                    conversation_id=request.match_info.get("conv", ""),
                    body=body,
                    headers=dict(request.headers),
                    at=self._clock(),
                )
            )
            self._changed.notify_all()

    def _failure(self) -> web.Response | None:
        if not self.failures:
            return None
        status, headers, body = self.failures.pop(0)
        self.answered.append(status)
        return web.json_response(
            body or {"error": {"code": str(status)}}, status=status, headers=headers
        )

    async def _activity(self, request: web.Request) -> web.Response:
        failure = self._failure()
        if failure is not None:
            return failure
        conversation = request.match_info.get("conv", "")
        script = self.faults.get(conversation)
        if script:
            fault = script.pop(0)
            if fault == HANG:
                self.hung += 1
                try:
                    await self._unhang.wait()
                finally:
                    self.hung -= 1
                self.answered.append(504)
                return web.json_response({"error": {"code": "GatewayTimeout"}}, status=504)
            status, headers = fault
            self.answered.append(status)
            return web.json_response(
                {"error": {"code": str(status)}}, status=status, headers=headers
            )
        body = await request.json()
        await self._record(request, body)
        if conversation in self.hang_for:
            await asyncio.sleep(self.hang_for[conversation])
        if self._hold_after is not None and len(self.answered) >= self._hold_after:
            self.held += 1
            try:
                await self._answer.wait()
            finally:
                self.held -= 1
        self.answered.append(200)
        return web.json_response({"id": f"activity-{next(self._ids)}"})

    async def _create_conversation(self, request: web.Request) -> web.Response:
        failure = self._failure()
        if failure is not None:
            return failure
        body = await request.json()
        await self._record(request, {"createConversation": body})
        n = next(self._ids)
        return web.json_response({"id": f"created-{n}", "activityId": f"activity-{n}"})

    async def _delete(self, request: web.Request) -> web.Response:
        await self._record(request, {"deleted": request.match_info["aid"]})
        return web.Response(status=200)
