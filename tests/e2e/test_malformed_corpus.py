"""A corpus of malformed requests over real HTTP, on SQLite and PostgreSQL: no 5xx, no
apology, nothing half-saved, and the same user is answered normally after each one.

Each shape starts from a Teams activity from Anna and breaks one thing: a field (at
any depth the code reads) replaced by a value of the wrong type or an odd one
(NUL, a lone surrogate, a huge number, a long string, nesting), an invoke with an
odd name or value, a card submit with odd ids, a typed command with an id no
database column holds, or a raw body (deep nesting, a number of 5,000 digits).
After each one Anna writes `hjälp` and must get the help card: nobody is locked
out by what their own client sent. A request refused with a 4xx must have changed
no row (its turn never ran).
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from core.clock import FrozenClock
from core.i18n import t
from tests.e2e.any_database import AnyDatabaseService, started
from tests.e2e.conftest import BotService, card_of
from tests.support.fake_connector import FakeConnector

ANNA = "29:user-anna"
APOLOGY = t("error.apology", "sv")
HELP_TITLE = t("help.title", "sv")
DEEP = 20_000
HUGE_DIGITS = "9" * 5_000

# Values of the wrong type or an odd shape, put in place of one field at a time.
ODD: dict[str, Any] = {
    "null": None,
    "true": True,
    "negative": -7,
    "float": 2.5,
    "int-beyond-64-bits": 99999999999999999999,
    "long": "x" * 5_000,
    "nul": "a\x00b",
    "surrogate": "a\ud800b",
    "list": [1, "a", None],
    "object": {"a": {"b": [None]}},
    "nested-40": json.loads("[" * 40 + "]" * 40),
}
# Where: every field of an activity the code reads, and the ones inside them.
PATHS: tuple[tuple[str | int, ...], ...] = (
    ("type",), ("text",), ("value",), ("name",), ("locale",), ("localTimezone",),
    ("channelId",), ("timestamp",), ("id",),
    ("from",), ("from", "id"), ("from", "name"), ("from", "aadObjectId"),
    ("recipient",), ("recipient", "id"), ("recipient", "name"),
    ("conversation",), ("conversation", "id"), ("conversation", "conversationType"),
    ("conversation", "tenantId"), ("conversation", "isGroup"), ("conversation", "name"),
    ("channelData",), ("channelData", "tenant"), ("channelData", "tenant", "id"),
    ("entities",), ("entities", 0), ("entities", 0, "timezone"), ("entities", 0, "mentioned"),
    ("attachments",), ("attachments", 0), ("attachments", 0, "contentType"),
    ("attachments", 0, "content"),
    ("membersAdded",), ("membersAdded", 0),
)  # fmt: skip
INVOKE_NAMES: tuple[Any, ...] = (
    "adaptiveCard/action", "composeExtension/query", "fileConsent/invoke", "task/fetch",
    "signin/verifyState", "x", 5, None,
)  # fmt: skip
INVOKE_VALUES: tuple[Any, ...] = (
    None, "s", 5, [], {}, {"action": "x"}, {"action": []}, {"action": None},
    {"action": {"type": 5, "data": "x", "verb": []}},
    {"action": {"type": "Action.Execute", "verb": "v", "data": {"reminder_action": []}}},
    {"commandId": 5, "parameters": "x", "queryOptions": []},
    {"parameters": [{"name": "q", "value": {"x": 1}}], "queryOptions": {"skip": "a"}},
    {"action": "accept", "context": {"meeting_ics": 99999999999999999999}},
    {"action": "accept", "context": "x", "uploadInfo": 5},
)  # fmt: skip
# Time zone names the bot reads from localTimezone and a clientInfo entity: some are
# directories or other files of the zone database, not zones.
ZONES: tuple[str, ...] = ("America", "Etc", "zone.tab", "posixrules", "right/UTC", "localtime")
ODD_IDS: tuple[Any, ...] = (99999999999999999999, 2**31, 2**63, -1, 0, 1.5, True, "abc", [])
# (card submit, the field holding an id) for every card button the bot answers.
SUBMITS: tuple[tuple[dict[str, Any], str], ...] = (
    ({"reminder_action": "done"}, "occurrence_id"),
    ({"reminder_action": "snooze15"}, "occurrence_id"),
    ({"reminder_action": "delete"}, "occurrence_id"),
    ({"meeting_action": "accept"}, "meeting_id"),
    ({"meeting_action": "cancel_confirmed"}, "meeting_id"),
    ({"meeting_action": "ics"}, "meeting_id"),
    ({"meeting_action": "action_done"}, "item_id"),
    ({"ssd_action": "new_client", "client": "K-7777"}, "unit_id"),
    ({"directory_action": "edit"}, "id"),
    ({"directory_action": "remove_confirmed"}, "id"),
    ({"directory_action": "import"}, "draft"),
    ({"directory_action": "confirm"}, "ids"),
    ({"directory_action": "more", "q": "LSS"}, "offset"),
)
TYPED = (
    "flytta 99999999999999999999 imorgon 10",
    "flytta 2147483648 imorgon 10",
    "möte 99999999999999999999",
    "kontakt ändra 99999999999999999999",
    "kontakt ta bort 99999999999999999999",
    "skatta K-1001 ångest 99999999999999999999",
    "a\x00b",
    "hj\ud800lp",
    "å" * 30_000,
)


def _set(activity: dict[str, Any], path: tuple[str | int, ...], value: Any) -> dict[str, Any]:
    broken = json.loads(json.dumps(activity))
    holder: Any = broken
    for step in path[:-1]:
        holder = holder[step]
    holder[path[-1]] = value
    return broken


def _base(service: BotService, **fields: Any) -> dict[str, Any]:
    activity = service.activity(user_id=ANNA, **{"text": "hjälp", **fields})
    activity["entities"] = [{"type": "clientInfo", "timezone": "Europe/Stockholm"}]
    activity["attachments"] = [{"contentType": "text/html", "content": "<p>hjälp</p>"}]
    activity["membersAdded"] = [{"id": ANNA}]
    return activity


def _raw(service: BotService, replace: str, by: str) -> bytes:
    encoded = json.dumps(_base(service, value={"reminder_action": "done", "occurrence_id": 0}))
    assert replace in encoded
    return encoded.replace(replace, by, 1).encode()


def corpus(service: BotService) -> Iterator[tuple[str, bytes]]:
    """(label, body) for every malformed request."""
    base = _base(service)
    for path in PATHS:
        for label, value in ODD.items():
            yield f"{'.'.join(map(str, path))}={label}", _encode(_set(base, path, value))
    for zone in ZONES:
        for path in (("localTimezone",), ("entities", 0, "timezone")):
            yield f"{'.'.join(map(str, path))}={zone!r}", _encode(_set(base, path, zone))
    for name in INVOKE_NAMES:
        for number, value in enumerate(INVOKE_VALUES):
            invoke = _base(service, type="invoke", name=name, value=value)
            yield f"invoke {name!r} value#{number}", _encode(invoke)
    for submit, field in SUBMITS:
        for odd in ODD_IDS:
            activity = _base(service, value={**submit, field: odd})
            del activity["text"]
            yield f"submit {submit} {field}={odd!r}", _encode(activity)
    for target in ("99999999999999999999", "2147483648", "0"):
        rating = {"ssd_action": "rate", "client": "K-1001", f"target_{target}": "5"}
        yield f"submit rating target_{target}", _encode(_base(service, text=None, value=rating))
    for field in ("at", "quiet_start", "nudge_hours", "paused_until"):
        settings = {"ssd_action": "prompt_settings", field: 99999999999999999999}
        yield f"submit prompt settings {field}", _encode(_base(service, text=None, value=settings))
    for typed in TYPED:
        yield f"typed {typed[:40]!r}", _encode(_base(service, text=typed))
    yield "deep value", _raw(service, '{"reminder_action"', "[" * DEEP + "]" * DEEP + ', {"x"')
    yield "deep top", ("[" * DEEP + "]" * DEEP).encode()
    yield "deep object", ('{"a":' * DEEP + "1" + "}" * DEEP).encode()
    yield "huge int id", _raw(service, '"occurrence_id": 0', f'"occurrence_id": {HUGE_DIGITS}')
    yield "huge int text", _raw(service, '"text": "hj\\u00e4lp"', f'"text": {HUGE_DIGITS}')
    yield "NaN id", _raw(service, '"occurrence_id": 0', '"occurrence_id": NaN')
    yield "1e999 id", _raw(service, '"occurrence_id": 0', '"occurrence_id": 1e999')
    yield (
        "huge action",
        _encode(
            _base(service, type="invoke", name="adaptiveCard/action", value={"action": 10**30})
        ),
    )


def _encode(activity: Any) -> bytes:
    return json.dumps(activity).encode()  # ASCII: NUL and surrogates go as \u escapes


# -- the service on each database -----------------------------------------------------------
@pytest.fixture
async def edge_service(
    database_url: str,
    tmp_path: Path,
    connector: FakeConnector,
    client: aiohttp.ClientSession,
    clock: FrozenClock,
) -> AsyncIterator[AnyDatabaseService]:
    """The demo-data service on each database under test (tests/conftest.py BACKENDS)."""
    async with started(database_url, tmp_path, connector, client, clock, demo_data=True) as service:
        yield service


async def _answers_help(service: BotService) -> list[str]:
    """What is wrong with Anna's `hjälp` turn (nothing, when she is answered normally)."""
    result = await service.turn(_base(service))
    cards = [card_of(r) for r in result.replies if r.body.get("attachments")]
    titles = [card["fallbackText"].splitlines()[0] for card in cards]
    problems = []
    if result.status != 200 or HELP_TITLE not in titles:
        problems.append(f"hjälp got {result.status} {result.texts} {titles}")
    if APOLOGY in result.texts:
        problems.append("hjälp got the apology")
    return problems


async def test_no_malformed_request_gets_a_5xx_or_locks_the_user_out(
    edge_service: AnyDatabaseService,
) -> None:
    service = edge_service
    assert await _answers_help(service) == []
    failures: list[str] = []
    statuses: set[int] = set()
    cases = list(corpus(service))
    for label, body in cases:
        before = service.counts()
        sent = len(service.connector.received)
        status, answer = await service.post(body)
        statuses.add(status)
        replies = service.connector.received[sent:]
        texts = [r.body.get("text") or "" for r in replies]
        if status >= 500:
            failures.append(f"{label}: {status} {answer}")
        if APOLOGY in texts or APOLOGY in json.dumps(answer):
            failures.append(f"{label}: the turn failed ({status})")
        if 400 <= status < 500 and (service.counts() != before or replies):
            failures.append(f"{label}: refused with {status} but something was saved or sent")
        failures += [f"after {label}: {problem}" for problem in await _answers_help(service)]

    print(*failures, sep="\n")  # shown when the test fails
    assert failures == []
    assert len(cases) > 450
    assert {200, 400} <= statuses  # some shapes are answered, some refused at the edge
