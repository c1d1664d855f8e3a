"""Installing the bot: one welcome card per conversation, however Teams tells us."""

from __future__ import annotations

import asyncio

from core.i18n import t
from tests.e2e.conftest import BotService, card_of
from tests.support.activities import BOT_ID

WELCOME_TITLE = t("welcome.title", "sv")


def _bot_added(service: BotService, conversation_id: str) -> dict:
    return service.activity(
        type="conversationUpdate",
        conversation_id=conversation_id,
        membersAdded=[{"id": BOT_ID, "name": "Samverkansboten"}],
    )


async def test_the_bot_added_gets_exactly_one_welcome_card(running: BotService) -> None:
    result = await running.turn(_bot_added(running, "a:conv-install"))

    assert result.status == 200
    assert [r.conversation_id for r in result.replies] == ["a:conv-install"]
    card = card_of(result.replies[0])
    assert card["version"] == "1.5"
    assert card["fallbackText"].splitlines()[0] == WELCOME_TITLE


async def test_an_installation_update_right_after_does_not_welcome_again(
    running: BotService,
) -> None:
    first = await running.turn(_bot_added(running, "a:conv-install"))
    assert len(first.replies) == 1

    second = await running.turn(
        running.activity(type="installationUpdate", action="add", conversation_id="a:conv-install")
    )

    assert second.status == 200
    assert second.replies == []
    assert len(running.connector.activities) == 1


async def test_an_installation_update_alone_welcomes(running: BotService) -> None:
    result = await running.turn(
        running.activity(type="installationUpdate", action="add", conversation_id="a:conv-new")
    )

    assert result.status == 200
    assert [card_of(r)["fallbackText"].splitlines()[0] for r in result.replies] == [WELCOME_TITLE]


async def test_simultaneous_install_events_welcome_once(running: BotService) -> None:
    """Teams sends installationUpdate and conversationUpdate at the same moment."""
    installed = running.activity(
        type="installationUpdate", action="add", conversation_id="a:conv-race"
    )
    results = await asyncio.gather(
        running.turn(_bot_added(running, "a:conv-race")), running.turn(installed)
    )

    assert [result.status for result in results] == [200, 200]
    assert len(running.connector.for_conversation("a:conv-race")) == 1


async def test_a_welcome_without_locale_speaks_the_language_last_seen(
    running: BotService,
) -> None:
    await running.turn(running.activity(text="help", locale="en-US"))
    added = _bot_added(running, "19:group-chat")
    added["conversation"]["conversationType"] = "groupChat"
    del added["locale"]

    result = await running.turn(added)

    assert [card_of(r)["fallbackText"].splitlines()[0] for r in result.replies] == [
        t("welcome.title", "en")
    ]
