"""The turn-error handler resets the conversation even when the turn never read state."""

from __future__ import annotations

import logging

import pytest
from botbuilder.core import ConversationState, MemoryStorage, TurnContext
from botbuilder.core.adapters import TestAdapter
from botbuilder.schema import Activity, ActivityTypes

from bot.error_handler import make_turn_error_handler


async def test_state_is_reset_when_the_turn_failed_before_loading_it(
    caplog: pytest.LogCaptureFixture,
) -> None:
    storage = MemoryStorage()
    conversation_state = ConversationState(storage)
    progress = conversation_state.create_property("progress")
    fail = False

    async def logic(context: TurnContext) -> None:
        if fail:
            raise RuntimeError("boom before any state was read")
        await progress.set(context, "half-way")
        await conversation_state.save_changes(context)

    adapter = TestAdapter(logic)
    adapter.on_turn_error = make_turn_error_handler(conversation_state)
    await adapter.receive_activity(Activity(type=ActivityTypes.message, text="start"))
    stored_before = await storage.read([_key(adapter)])
    assert stored_before[_key(adapter)]["progress"] == "half-way"

    fail = True
    with caplog.at_level(logging.ERROR, logger="samverkan.turn"):
        await adapter.receive_activity(Activity(type="message", text="again"))

    assert await storage.read([_key(adapter)]) == {}
    assert [r.message for r in caplog.records] == ["turn failed: type=message conversation=Convo1"]


def _key(adapter: TestAdapter) -> str:
    reference = adapter.template
    return f"{reference.channel_id}/conversations/{reference.conversation.id}"
