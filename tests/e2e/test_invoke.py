"""Invokes answered over HTTP: bodies come back once-serialised, unknown names get 200."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import BotService


async def test_a_messaging_extension_query_returns_its_response_body(
    running: BotService,
) -> None:
    activity = running.activity(
        type="invoke",
        name="composeExtension/query",
        value={
            "commandId": "searchWho",
            "parameters": [{"name": "searchKeyword", "value": "LSS Kumla"}],
            "queryOptions": {"skip": 0, "count": 25},
        },
    )

    status, body, replies = await running.turn(activity)

    # CloudAdapter.process() in 4.17 answers 500 here; bot/http.py must not.
    assert status == 200
    # An empty directory: a result with nothing in it (tests/e2e/test_directory_http.py
    # searches a filled one).
    assert body == {
        "composeExtension": {"type": "result", "attachmentLayout": "list", "attachments": []}
    }
    assert replies == []


async def test_an_unknown_invoke_is_acknowledged_with_200(running: BotService) -> None:
    activity = running.activity(type="invoke", name="samverkan/doesNotExist", value={"x": 1})

    status, body, replies = await running.turn(activity)

    assert (status, body, replies) == (200, None, [])
    await running.assert_answers_help()


@pytest.mark.parametrize(
    ("value", "code", "message"),
    [
        pytest.param(
            {"action": {"type": "Action.Submit", "data": {}}},
            "NotSupported",
            "The action 'Action.Submit' is not supported.",
            id="not-action-execute",
        ),
        pytest.param(
            {"trigger": "manual"}, "BadRequest", "Missing action property", id="no-action"
        ),
        pytest.param("x", "BadRequest", "Value property is not properly formed", id="not-object"),
        pytest.param(None, "BadRequest", "Missing value property", id="no-value"),
    ],
)
async def test_a_malformed_card_action_gets_400_with_the_teams_error_body(
    running: BotService, value: object, code: str, message: str
) -> None:
    """botbuilder 4.17 answers these with an Exception inside the body; it must reach
    Teams as the documented error shape, not as a 500."""
    activity = running.activity(type="invoke", name="adaptiveCard/action", value=value)

    status, body, replies = await running.turn(activity)

    assert status == 400
    assert body == {
        "statusCode": 400,
        "type": "application/vnd.microsoft.error",
        "value": {"code": code, "message": message},
    }
    assert replies == []
    await running.assert_answers_help()


async def test_an_action_execute_nobody_handles_yet_is_acknowledged(running: BotService) -> None:
    activity = running.activity(
        type="invoke",
        name="adaptiveCard/action",
        value={"action": {"type": "Action.Execute", "verb": "rsvp", "data": {}}},
    )

    status, _, replies = await running.turn(activity)

    assert (status, replies) == (200, [])


async def test_a_malformed_messaging_extension_query_is_a_4xx(running: BotService) -> None:
    activity = running.activity(type="invoke", name="composeExtension/query", value="x")

    status, _, _ = await running.turn(activity)

    assert 400 <= status < 500


@pytest.mark.parametrize("name", ["composeExtension/query", "fileConsent/invoke", "task/fetch"])
async def test_an_invoke_without_its_value_object_is_a_400(running: BotService, name: str) -> None:
    # Found by tests/e2e/test_fuzz_messages.py: with no value the SDK passed None on.
    activity = running.activity(type="invoke", name=name)
    activity.pop("value", None)

    status, body, replies = await running.turn(activity)

    assert status == 400 and body["value"]["code"] == "BadRequest"
    assert replies == []
