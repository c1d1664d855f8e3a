"""Transcript fixtures: the real bot on a migrated SQLite file, driven by TestAdapter."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from botbuilder.core.adapters import TestAdapter
from botbuilder.schema import (
    Activity,
    ActivityTypes,
    Attachment,
    ChannelAccount,
    ConversationAccount,
)

from bot.error_handler import make_turn_error_handler
from bot.services import Services, build_services, prepare_database
from core.clock import FrozenClock
from core.config import Config
from tests.support.activities import BOT_ID, TENANT_ID

ADAPTIVE_CARD = "application/vnd.microsoft.card.adaptive"


class Chat:
    """One Teams conversation with the bot: send something, get the bot's replies."""

    def __init__(
        self,
        services: Services,
        *,
        locale: str = "sv-SE",
        user_id: str,
        conversation_id: str | None = None,  # a group chat, shared with others
    ) -> None:
        group = conversation_id is not None
        template = Activity(
            channel_id="msteams",
            service_url="https://smba.trafficmanager.net/emea/",
            from_property=ChannelAccount(
                id=user_id,
                name="Anna Berg",
                aad_object_id=f"aad-{user_id}" if group else "aad-anna",
            ),
            recipient=ChannelAccount(id=BOT_ID, name="Samverkansboten"),
            conversation=ConversationAccount(
                id=conversation_id or f"a:conv-{user_id}",
                conversation_type="groupChat" if group else "personal",
                is_group=group,
            ),
            channel_data={"tenant": {"id": TENANT_ID}},
            locale=locale,
        )
        self.adapter = TestAdapter(services.bot.on_turn, template)
        self.adapter.on_turn_error = make_turn_error_handler(services.conversation_state)

    async def send(self, message: str | Activity) -> list[Activity]:
        activity = (
            Activity(type=ActivityTypes.message, text=message)
            if isinstance(message, str)
            else message
        )
        await self.adapter.receive_activity(activity)
        replies: list[Activity] = []
        while (reply := self.adapter.get_next_activity()) is not None:
            replies.append(reply)
        return replies

    async def texts(self, message: str | Activity) -> list[str | None]:
        """The replies' text; a card reply shows as its fallback text."""
        return [text_of(reply) for reply in await self.send(message)]


def card_of(reply: Activity) -> dict[str, Any]:
    """The single Adaptive Card a reply carries."""
    attachments: list[Attachment] = reply.attachments or []
    assert [a.content_type for a in attachments] == [ADAPTIVE_CARD]
    return attachments[0].content


def text_of(reply: Activity) -> str | None:
    if reply.attachments:
        return "[card] " + card_of(reply)["fallbackText"]
    return reply.text


@contextlib.asynccontextmanager
async def running_services(config: Config, clock: FrozenClock) -> AsyncIterator[Services]:
    """The app's services on a migrated database (demo data if the config says so)."""
    built = build_services(config, clock)
    await prepare_database(built)
    try:
        yield built
    finally:
        await built.db.dispose()


@pytest.fixture
async def services(sqlite_url: str, clock: FrozenClock) -> AsyncIterator[Services]:
    async with running_services(Config(database_url=sqlite_url), clock) as built:
        yield built


@pytest.fixture
async def demo(sqlite_url: str, clock: FrozenClock) -> AsyncIterator[Services]:
    """The services on demo data: local mode puts whoever chats in the demo care teams."""
    async with running_services(Config(database_url=sqlite_url, demo_data=True), clock) as built:
        yield built


@pytest.fixture
def new_chat(services: Services) -> Callable[..., Chat]:
    def _new_chat(locale: str = "sv-SE", user_id: str = "29:user-anna") -> Chat:
        return Chat(services, locale=locale, user_id=user_id)

    return _new_chat


@pytest.fixture
def chat(new_chat: Callable[..., Chat]) -> Chat:
    """Anna, with Teams in Swedish."""
    return new_chat()
