"""A fake Bot Connector on loopback: receives what the bot sends, as Teams would.

Used by the end-to-end tests and the benchmarks. It answers the Bot Framework
REST calls a bot makes (send, reply, update, delete, create conversation) and
records every activity it receives.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web


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
        body = await request.json()
        await self._record(request, body)
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
