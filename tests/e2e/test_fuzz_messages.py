"""Random activity shapes posted to /api/messages over real HTTP (hypothesis): no
5xx, no crash, and the app still answers `hjälp` afterwards.

Each example starts from a Teams-shaped activity and replaces or removes some of
its fields with arbitrary JSON, or with shapes the bot knows (card submits for
every handler, invokes it answers) filled with nonsense. serviceUrl stays the fake
connector's (or is removed or made a non-string): in local mode, without
authentication, a forged serviceUrl would make the bot call out, which the
Bot Framework token prevents in production (tests/e2e/test_auth.py).

One app and one event loop serve every example, so the state they leave behind
(users, dialogs half-way) is part of what is fuzzed.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.clock import FrozenClock
from tests.e2e.conftest import BotService
from tests.support.fake_connector import FakeConnector

JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**63), 2**63)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=40),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=12,
)
WORDS = st.sampled_from(
    [
        "hjälp", "boka K-1001 tisdag 13.30 med Omar", "uppföljning", "flytta 1 imorgon 10",
        "skatta K-1001 ångest 5", "graf K-1001", "vem LSS Kumla", "påminn mig om 5 min att x",
        "avbryt", "möten", "samtycke K-1001 fk ja", "inställningar", "Beslut: x", "1", "",
    ]
)  # fmt: skip
TEXT = WORDS | st.text(max_size=300) | st.text(min_size=3000, max_size=6000)
KNOWN = st.sampled_from(["confirm", "outcome", "accept", "cancel", "ics", "action_done", "when"])
SUBMITS = st.builds(
    lambda key, kind, extra: {key: kind, **extra},
    st.sampled_from(["dialog_input", "meeting_action", "reminder_action", "command"]),
    KNOWN | JSON,
    st.fixed_dictionaries(
        {},
        optional={
            "meeting_id": JSON | st.integers(0, 5),
            "item_id": JSON,
            "choice": JSON | st.sampled_from(["save", "book", "slot", "anyway", "cancel"]),
            "start": JSON | st.just("2026-11-30T10:00:00+01:00"),
            "decisions": TEXT,
        },
    ),
)
INVOKES = st.sampled_from(
    ["composeExtension/query", "adaptiveCard/action", "fileConsent/invoke", "task/fetch", "x"]
)
FIELDS = (
    "type", "text", "value", "name", "from", "recipient", "conversation", "channelData",
    "entities", "attachments", "locale", "channelId", "replyToId", "timestamp", "id",
)  # fmt: skip


@st.composite
def activities(draw: st.DrawFn, base: dict[str, Any]) -> dict[str, Any]:
    activity = json.loads(json.dumps(base))
    activity["type"] = draw(
        st.sampled_from(["message", "message", "invoke", "conversationUpdate", "event"])
    )
    activity["text"] = draw(TEXT)
    if draw(st.booleans()):
        activity["value"] = draw(SUBMITS | JSON)
    if activity["type"] == "invoke":
        activity["name"] = draw(INVOKES)
    for field in draw(st.lists(st.sampled_from(FIELDS), max_size=4, unique=True)):
        if draw(st.booleans()):
            activity.pop(field, None)
        else:
            activity[field] = draw(JSON)
    service_url = draw(st.sampled_from(["keep", "keep", "keep", "drop", "number"]))
    if service_url == "drop":
        activity.pop("serviceUrl")
    elif service_url == "number":
        activity["serviceUrl"] = draw(st.integers())
    return activity


@pytest.fixture(scope="module")
def fuzzed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, BotService]]:
    loop = asyncio.new_event_loop()
    connector = FakeConnector()
    loop.run_until_complete(connector.start())

    async def session() -> aiohttp.ClientSession:
        return aiohttp.ClientSession()

    client = loop.run_until_complete(session())
    clock = FrozenClock(datetime(2026, 11, 22, 9, 0, tzinfo=UTC))
    path = Path(tmp_path_factory.mktemp("fuzz")) / "fuzz.sqlite3"
    service = BotService(path, connector, client, clock)
    loop.run_until_complete(service.start(demo_data=True))
    try:
        yield loop, service
    finally:
        loop.run_until_complete(service.stop())
        loop.run_until_complete(client.close())
        loop.run_until_complete(connector.stop())
        loop.close()


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_random_activities_never_get_a_5xx(fuzzed: tuple[Any, BotService], data: Any) -> None:
    loop, service = fuzzed
    activity = data.draw(activities(service.activity(text="hjälp")))
    raw = json.dumps(activity, ensure_ascii=False).encode()
    status, _body = loop.run_until_complete(service.post(raw))
    assert status < 500, (status, activity)


def test_the_app_still_answers_after_the_fuzzing(fuzzed: tuple[Any, BotService]) -> None:
    loop, service = fuzzed
    # A dialog the fuzzing left half-way is cancelled first (hjälp would re-ask it).
    cancelled = loop.run_until_complete(service.turn(service.activity(text="avbryt")))
    assert cancelled.status == 200 and len(cancelled.texts) == 1
    loop.run_until_complete(service.assert_answers_help())
