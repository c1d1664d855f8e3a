"""The whole service over real HTTP on loopback.

Each test gets the real app from app.create_app() on 127.0.0.1 (on_startup runs,
so migrations and the scheduler start as in production), an SQLite file database
in tmp_path, and a FakeConnector on loopback whose URL is every activity's
serviceUrl. Replies are collected from the connector.

CloudAdapter sends replies while the turn runs, and the connector records each
one before it answers, so by the time POST /api/messages has answered, every
reply of that turn is already recorded: `turn()` needs no sleeping or polling.

The suite is offline: any name lookup or connection to anything but loopback
fails at once and fails the test (see `offline`).
"""

from __future__ import annotations

import json
import socket
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import closing
from pathlib import Path
from typing import Any, NamedTuple

import aiohttp
import pytest
from aiohttp import web

from app import create_app
from core.clock import Clock, FrozenClock
from core.config import Config
from core.i18n import t
from tests.support.activities import teams_activity
from tests.support.fake_connector import FakeConnector, Received

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "::1", "localhost", "localhost.", b"localhost"})


class TurnResult(NamedTuple):
    status: int
    body: Any
    replies: list[Received]

    @property
    def texts(self) -> list[str]:
        return [reply.body.get("text") or "" for reply in self.replies]


class BotService:
    """The real app on a loopback port, its database file and the fake connector."""

    def __init__(
        self,
        database_path: Path,
        connector: FakeConnector,
        client: aiohttp.ClientSession,
        clock: Clock,
    ) -> None:
        self.database_path = database_path
        self.database_url = f"sqlite:///{database_path}"
        self.connector = connector
        self.client = client
        self.clock = clock
        self.app: web.Application | None = None
        self.config: Config | None = None
        self.url = ""
        self._runner: web.AppRunner | None = None

    # -- lifecycle ----------------------------------------------------------------
    async def start(self, **config: Any) -> None:
        """Start a new app on the database file (migrations run in on_startup)."""
        assert self._runner is None, "stop() the running app first"
        self.config = Config(database_url=self.database_url, **config)
        self.app = create_app(self.config, clock=self.clock)
        runner = web.AppRunner(self.app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        self._runner = runner
        host, port = runner.addresses[0][:2]
        self.url = f"http://{host}:{port}"

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    # -- talking to it --------------------------------------------------------------
    def activity(self, **fields: Any) -> dict[str, Any]:
        """A Teams-shaped activity whose serviceUrl is the fake connector."""
        return teams_activity(self.connector.url, **fields)

    async def post(
        self,
        data: bytes | str,
        *,
        content_type: str = "application/json",
        headers: dict[str, str] | None = None,
        path: str = "/api/messages",
    ) -> tuple[int, Any]:
        """POST raw bytes; returns the status and the body (JSON when it is JSON)."""
        all_headers = {"Content-Type": content_type, **(headers or {})}
        raw = data.encode() if isinstance(data, str) else data
        async with self.client.post(self.url + path, data=raw, headers=all_headers) as response:
            return response.status, await _body_of(response)

    async def get(self, path: str) -> tuple[int, Any]:
        async with self.client.get(self.url + path) as response:
            return response.status, await _body_of(response)

    async def turn(self, activity: dict[str, Any], **post_options: Any) -> TurnResult:
        """Post one activity; returns the status, the body and the replies it caused."""
        before = len(self.connector.received)
        status, body = await self.post(
            json.dumps(activity, ensure_ascii=False).encode(), **post_options
        )
        return TurnResult(status, body, self.connector.received[before:])

    async def assert_answers_help(self) -> None:
        """The app still works: `hjälp` gets the help card."""
        result = await self.turn(self.activity(text="hjälp"))
        assert result.status == 200
        assert [card_of(reply)["fallbackText"].splitlines()[0] for reply in result.replies] == [
            t("help.title", "sv")
        ]

    # -- looking at the database ------------------------------------------------------
    def rows(self, sql: str, *params: Any) -> list[dict[str, Any]]:
        """Rows read straight from the SQLite file, outside the app."""
        with closing(sqlite3.connect(self.database_path)) as conn:
            conn.row_factory = sqlite3.Row
            return [dict(row) for row in conn.execute(sql, params)]


async def _body_of(response: aiohttp.ClientResponse) -> Any:
    raw = await response.read()
    if not raw:
        return None
    if response.content_type == "application/json":
        return json.loads(raw)
    return raw.decode(errors="replace")


def card_of(reply: Received) -> dict[str, Any]:
    """The one Adaptive Card a reply carries."""
    attachments = reply.body.get("attachments") or []
    assert [a["contentType"] for a in attachments] == ["application/vnd.microsoft.card.adaptive"]
    return attachments[0]["content"]


# -- fixtures -----------------------------------------------------------------------------
def _is_loopback(host: Any) -> bool:
    return host in LOOPBACK_HOSTS


@pytest.fixture(autouse=True)
def offline(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Refuse every name lookup and connection that is not loopback, and record it.

    Covers aiohttp (asyncio resolves through socket.getaddrinfo and connects
    through socket.connect) and requests, which botbuilder uses to fetch
    OpenID metadata. A test that tried to reach the network fails at teardown.
    """
    attempts: list[str] = []
    real_getaddrinfo = socket.getaddrinfo
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if not _is_loopback(host):
            attempts.append(f"lookup {host!r}")
            raise socket.gaierror(socket.EAI_NONAME, f"e2e tests are offline ({host!r})")
        return real_getaddrinfo(host, *args, **kwargs)

    def _check(sock: socket.socket, address: Any) -> None:
        if sock.family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback(address[0]):
            attempts.append(f"connect {address!r}")
            raise ConnectionRefusedError(f"e2e tests are offline ({address!r})")

    def connect(sock: socket.socket, address: Any) -> None:
        _check(sock, address)
        return real_connect(sock, address)

    def connect_ex(sock: socket.socket, address: Any) -> int:
        _check(sock, address)
        return real_connect_ex(sock, address)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    yield attempts
    assert attempts == [], "the test tried to leave loopback"


@pytest.fixture
async def connector() -> AsyncIterator[FakeConnector]:
    fake = FakeConnector()
    await fake.start()
    try:
        yield fake
    finally:
        await fake.stop()


@pytest.fixture
async def client() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


@pytest.fixture
async def service(
    tmp_path: Path,
    connector: FakeConnector,
    client: aiohttp.ClientSession,
    clock: FrozenClock,
) -> AsyncIterator[BotService]:
    """The service, not started yet: call `await service.start(**config)`."""
    bot_service = BotService(tmp_path / "e2e.sqlite3", connector, client, clock)
    try:
        yield bot_service
    finally:
        await bot_service.stop()


@pytest.fixture
async def running(service: BotService) -> BotService:
    """The service started with the default (local-mode) configuration."""
    await service.start()
    return service


Turn = Callable[[dict[str, Any]], Awaitable[TurnResult]]


@pytest.fixture
def turn(running: BotService) -> Turn:
    """`status, body, replies = await turn(activity)` against the running service."""
    return running.turn
