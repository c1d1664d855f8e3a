"""The who-does-what directory over real HTTP: the Teams messaging extension's
search (composeExtension/query) answered in the invoke response body, its first
open and malformed queries, and `vem` as a chat message answered with a card.

The directory is tests/fixtures/directory_test.csv, imported from outside the app
on the same SQLite file after the app has started (its startup migrated it).
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from bot import directory_handlers
from core.i18n import t
from storage.db import Database
from storage.directory_repository import UpsertCounts
from storage.directory_service import COMMAND_LINE, DirectoryService
from tests.e2e.conftest import BotService, card_of
from tests.fixtures.directory_queries import QUERIES

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "directory_test.csv"
EXPECTED = {query: expected for query, expected, _ in QUERIES}
ADAPTIVE_CARD = "application/vnd.microsoft.card.adaptive"
THUMBNAIL_CARD = "application/vnd.microsoft.card.thumbnail"


@pytest.fixture
async def directory(running: BotService) -> BotService:
    db = Database(running.database_url)
    try:
        report = await DirectoryService(db, running.clock).import_csv(
            COMMAND_LINE, FIXTURE.read_bytes(), dry_run=False
        )
    finally:
        await db.dispose()
    assert report.counts == UpsertCounts(created=81, updated=0, unchanged=0)
    return running


def _search(service: BotService, value: Any, **who: Any) -> dict[str, Any]:
    return service.activity(type="invoke", name="composeExtension/query", value=value, **who)


def _query(text: str, **options: int) -> dict[str, Any]:
    return {
        "commandId": "searchWho",
        "parameters": [{"name": "query", "value": text}],
        "queryOptions": {"skip": 0, "count": 25, **options},
    }


def _texts(card: dict[str, Any]) -> list[str]:
    """Every TextBlock's text, containers included, in order."""
    found: list[str] = []
    for item in card.get("body", []) + card.get("items", []):
        if item.get("type") == "TextBlock":
            found.append(item["text"])
        elif item.get("type") == "Container":
            found += _texts(item)
    return found


async def test_the_messaging_extension_finds_the_expected_contact(directory: BotService) -> None:
    status, body, replies = await directory.turn(_search(directory, _query("LSS Kumla")))

    assert (status, replies) == (200, [])
    result = body["composeExtension"]
    assert (result["type"], result["attachmentLayout"]) == ("result", "list")
    [attachment] = result["attachments"]
    expected = EXPECTED["LSS Kumla"]
    assert expected == "Johanna Pettersson"
    assert attachment["contentType"] == ADAPTIVE_CARD
    card = attachment["content"]
    assert card["type"] == "AdaptiveCard"
    assert _texts(card)[:3] == [
        expected,
        "LSS-handläggare · Myndighetsenheten",
        "Kumla kommun · Kumla",
    ]
    [container] = card["body"]
    [action_set] = [i for i in container["items"] if i["type"] == "ActionSet"]
    assert [(a["title"], a["url"]) for a in action_set["actions"]] == [
        ("Ring", "tel:+4619588231"),
        ("Mejla", "mailto:johanna.pettersson@kumla.se"),
        (
            "Chatta i Teams",
            "https://teams.microsoft.com/l/chat/0/0?users=johanna.pettersson@kumla.se",
        ),
    ]
    preview = attachment["preview"]
    assert preview["contentType"] == THUMBNAIL_CARD
    assert preview["content"]["title"] == expected
    assert preview["content"]["subtitle"] == "LSS-handläggare · Myndighetsenheten"
    assert preview["content"]["text"] == "Kumla kommun · 019-58 82 31"


async def test_the_messaging_extension_pages_with_skip_and_count(directory: BotService) -> None:
    first = await directory.turn(_search(directory, _query("äldreomsorg", skip=0, count=5)))
    rest = await directory.turn(_search(directory, _query("äldreomsorg", skip=5, count=25)))

    def titles(body: dict[str, Any]) -> list[str]:
        return [a["preview"]["content"]["title"] for a in body["composeExtension"]["attachments"]]

    assert (first.status, rest.status) == (200, 200)
    assert (len(titles(first.body)), len(titles(rest.body))) == (5, 6)
    assert set(titles(first.body)).isdisjoint(titles(rest.body))


async def test_an_english_client_gets_english_buttons(directory: BotService) -> None:
    status, body, _ = await directory.turn(
        _search(directory, _query("FK sjukpenning"), locale="en-US")
    )

    assert status == 200
    [attachment] = body["composeExtension"]["attachments"]
    assert attachment["preview"]["content"]["title"] == EXPECTED["FK sjukpenning"]
    [container] = attachment["content"]["body"]
    [action_set] = [i for i in container["items"] if i["type"] == "ActionSet"]
    assert [a["title"] for a in action_set["actions"]] == ["Call", "E-mail", "Chat in Teams"]


async def test_the_first_open_without_text_asks_for_a_search(directory: BotService) -> None:
    value = {
        "commandId": "searchWho",
        "parameters": [{"name": "initialRun", "value": "true"}],
        "queryOptions": {"skip": 0, "count": 25},
    }

    status, body, replies = await directory.turn(_search(directory, value))

    assert (status, replies) == (200, [])
    assert body == {
        "composeExtension": {"type": "message", "text": t("directory.extension.start", "sv")}
    }


async def test_a_filter_problem_is_a_message_in_the_extension(directory: BotService) -> None:
    status, body, _ = await directory.turn(_search(directory, _query("LSS kommun:Malmö")))

    assert status == 200
    assert body == {
        "composeExtension": {
            "type": "message",
            "text": t("directory.filter.municipality", "sv", name="Malmö"),
        }
    }


async def test_no_match_is_an_empty_result(directory: BotService) -> None:
    status, body, _ = await directory.turn(_search(directory, _query("tandvård")))

    assert status == 200
    assert body == {
        "composeExtension": {"type": "result", "attachmentLayout": "list", "attachments": []}
    }


@pytest.mark.parametrize(
    "value",
    [
        pytest.param({"commandId": "searchWho", "parameters": "LSS Kumla"}, id="parameters-text"),
        pytest.param({"commandId": "searchWho", "parameters": {"query": "LSS"}}, id="params-dict"),
        pytest.param({"commandId": "searchWho", "parameters": ["LSS"]}, id="parameter-not-object"),
        pytest.param(
            {
                "commandId": "searchWho",
                "parameters": [{"name": "query", "value": "LSS"}],
                "queryOptions": {"skip": "many"},
            },
            id="skip-not-a-number",
        ),
        pytest.param(["LSS Kumla"], id="value-a-list"),
    ],
)
async def test_a_malformed_extension_query_is_a_4xx_and_the_app_carries_on(
    directory: BotService, value: Any
) -> None:
    status, _, replies = await directory.turn(_search(directory, value))

    assert 400 <= status < 500
    assert replies == []
    await directory.assert_answers_help()


@pytest.mark.parametrize(
    "parameters",
    [
        pytest.param([None], id="a-null-parameter"),
        pytest.param([], id="no-parameters"),
        pytest.param([{"name": "query", "value": None}], id="a-null-value"),
        pytest.param([{"name": "query", "value": "   "}], id="only-spaces"),
    ],
)
async def test_a_query_without_text_asks_for_a_search(
    directory: BotService, parameters: list[Any]
) -> None:
    value = {"commandId": "searchWho", "parameters": parameters}

    status, body, _ = await directory.turn(_search(directory, value))

    assert status == 200
    assert body == {
        "composeExtension": {"type": "message", "text": t("directory.extension.start", "sv")}
    }


async def test_odd_but_wellformed_parameters_are_answered(directory: BotService) -> None:
    value = {
        "commandId": "searchWho",
        "parameters": [{"name": "query", "value": 42}, {"name": "other", "value": "LSS Kumla"}],
        "queryOptions": {"skip": -3, "count": 1000},
    }

    status, body, _ = await directory.turn(_search(directory, value))

    assert status == 200
    titles = [a["preview"]["content"]["title"] for a in body["composeExtension"]["attachments"]]
    assert titles == ["Johanna Pettersson"]


async def test_a_search_over_budget_answers_in_time_with_a_message(
    directory: BotService, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Teams waits five seconds for a messaging extension; a search that would take
    longer is given up and the user is told, instead of Teams showing an error."""
    never = asyncio.Event()

    async def stuck(self: DirectoryService, text: str, **options: Any) -> Any:
        await never.wait()

    monkeypatch.setattr(DirectoryService, "search", stuck)
    monkeypatch.setattr(directory_handlers, "EXTENSION_BUDGET", 0.01)

    status, body, _ = await directory.turn(_search(directory, _query("LSS Kumla")))

    assert status == 200
    assert body == {"composeExtension": {"type": "message", "text": t("directory.timeout", "sv")}}


async def test_vem_over_http_answers_with_a_card(directory: BotService) -> None:
    result = await directory.turn(directory.activity(text="vem FK sjukpenning"))

    assert result.status == 200
    [reply] = result.replies
    card = card_of(reply)
    texts = _texts(card)
    assert texts[:3] == ["Träffar för ”FK sjukpenning”", "1–1 av 1", EXPECTED["FK sjukpenning"]]
    assert texts[2] == "Karin Sjöberg"
    [container] = [i for i in card["body"] if i["type"] == "Container"]
    [action_set] = [i for i in container["items"] if i["type"] == "ActionSet"]
    assert action_set["actions"][0] == {
        "type": "Action.OpenUrl",
        "title": "Ring",
        "url": "tel:+46771524524",
    }
    assert reply.conversation_id == "a:conv-29:user-anna"


async def test_visa_fler_over_http_gives_the_next_page(directory: BotService) -> None:
    first = await directory.turn(directory.activity(text="vem äldreomsorg"))
    [more] = card_of(first.replies[0])["actions"]

    second = await directory.turn(directory.activity(value=more["data"]))

    assert second.status == 200
    [reply] = second.replies
    assert _texts(card_of(reply))[1] == "6–10 av 11"


async def test_an_empty_directory_says_so(running: BotService) -> None:
    result = await running.turn(running.activity(text="vem LSS"))

    assert result.status == 200
    assert result.texts == [t("directory.empty", "sv")]
