"""Bad input gets its exact 4xx (or a polite 200), never a 5xx, and the app keeps working."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.e2e.conftest import BotService

SERVICE_URL = "http://127.0.0.1:9/"  # never called: every case is refused before a turn


def _activity_without(*fields: str) -> bytes:
    activity: dict[str, Any] = {
        "type": "message",
        "text": "hjälp",
        "serviceUrl": SERVICE_URL,
        "channelId": "msteams",
        "from": {"id": "29:user-anna"},
        "conversation": {"id": "a:conv-bad"},
        "recipient": {"id": "28:samverkansboten-local"},
    }
    for field in fields:
        del activity[field]
    return json.dumps(activity).encode()


@pytest.mark.parametrize(
    ("data", "content_type", "status"),
    [
        pytest.param(b'{"type": "message", "text": ', "application/json", 400, id="malformed"),
        pytest.param(b"\xff\xfe not utf-8", "application/json", 400, id="not-utf8"),
        pytest.param(b"", "application/json", 400, id="empty-body"),
        pytest.param(b'[{"type": "message"}]', "application/json", 400, id="json-array"),
        pytest.param(_activity_without("type"), "application/json", 400, id="no-type"),
        pytest.param(_activity_without("conversation"), "application/json", 400, id="no-conv"),
        pytest.param(_activity_without("serviceUrl"), "application/json", 400, id="no-service-url"),
        pytest.param(_activity_without("channelId"), "application/json", 400, id="no-channel"),
        pytest.param(_activity_without(), "text/plain", 415, id="text-plain"),
        pytest.param(
            _activity_without(), "application/x-www-form-urlencoded", 415, id="form-encoded"
        ),
    ],
)
async def test_bad_requests_get_their_status(
    running: BotService, data: bytes, content_type: str, status: int
) -> None:
    actual_status, body = await running.post(data, content_type=content_type)

    assert actual_status == status
    assert isinstance(body, dict) and isinstance(body["error"], str)
    assert running.connector.received == []
    assert running.rows("SELECT COUNT(*) AS n FROM staff_users") == [{"n": 0}]
    await running.assert_answers_help()


async def test_a_conversation_that_is_not_an_object_is_a_400(running: BotService) -> None:
    activity = running.activity(text="hjälp")
    activity["conversation"] = "a:conv-as-a-string"

    status, _ = await running.post(json.dumps(activity))

    assert status == 400
    await running.assert_answers_help()


async def test_a_body_over_the_limit_is_a_413(running: BotService) -> None:
    assert running.config is not None
    activity = running.activity(text="x" * (running.config.max_body_bytes + 1))

    status, _ = await running.post(json.dumps(activity))

    assert status == 413
    assert running.connector.received == []
    await running.assert_answers_help()


async def test_an_unknown_activity_type_gets_200_and_no_reply(running: BotService) -> None:
    status, body, replies = await running.turn(running.activity(type="fooBar", text="hjälp"))

    assert (status, body, replies) == (200, None, [])
    await running.assert_answers_help()


async def test_the_app_answers_after_a_run_of_bad_requests(running: BotService) -> None:
    """Everything above, one after another on one app: still no 5xx, still answering."""
    assert running.config is not None
    statuses = [
        (await running.post(b"{nope"))[0],
        (await running.post(b"[]"))[0],
        (await running.post(b"{}"))[0],
        (await running.post(_activity_without("conversation")))[0],
        (await running.post(_activity_without("serviceUrl")))[0],
        (await running.post(_activity_without(), content_type="text/plain"))[0],
        (await running.post(b"{" + b" " * running.config.max_body_bytes + b"}"))[0],
        (await running.turn(running.activity(type="fooBar"))).status,
        (await running.turn(running.activity(text="å" * 20_000))).status,
        (await running.turn(running.activity(text=""))).status,
    ]

    assert statuses == [400, 400, 400, 400, 400, 415, 413, 200, 200, 200]
    await running.assert_answers_help()
