"""Meeting conversations run on demo data (local mode puts whoever chats in
K-1001's care team), with a recording sender in place of the Bot Connector."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from botbuilder.schema import Activity, ActivityTypes

from bot.services import Services
from core.delivery import SendOutcome
from tests.bot.conftest import Chat


class RecordingSender:
    """Stands in for the Bot Connector: keeps what was sent and updated."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, dict[str, Any]]] = []
        self.updated: list[tuple[str, str, dict[str, Any]]] = []

    async def send(
        self, reference: dict[str, Any], activity: dict[str, Any], *, tenant_id: str | None
    ) -> SendOutcome:
        self.sent.append((reference["conversation"]["id"], activity))
        return SendOutcome(delivered=True, activity_id=f"sent-{len(self.sent)}", status=201)

    async def update(
        self,
        reference: dict[str, Any],
        activity_id: str,
        activity: dict[str, Any],
        *,
        tenant_id: str | None,
    ) -> SendOutcome:
        self.updated.append((reference["conversation"]["id"], activity_id, activity))
        return SendOutcome(delivered=True, activity_id=activity_id, status=200)


@pytest.fixture
def sender(demo: Services) -> RecordingSender:
    recording = RecordingSender()
    demo.meeting_notifier.attach(recording)
    return recording


@pytest.fixture
def new_chat(demo: Services) -> Callable[..., Chat]:
    def _new(locale: str = "sv-SE", user_id: str = "29:user-anna") -> Chat:
        return Chat(demo, locale=locale, user_id=user_id)

    return _new


@pytest.fixture
def chat(new_chat: Callable[..., Chat]) -> Chat:
    return new_chat()


def submit(value: dict[str, Any]) -> Activity:
    return Activity(type=ActivityTypes.message, value=value)
