"""What Teams says about a person is stored bounded and without a personnummer, on
SQLite and PostgreSQL: a display name holding one is stored without it (staff table,
the stored conversation reference, the bot state), and a name, locale or tenant no
column holds never locks the person out."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from core.clock import FrozenClock
from tests.e2e.any_database import AnyDatabaseService, started
from tests.support.fake_connector import FakeConnector

FOUND = re.compile(r"121212\s*[-+]?\s*1212")  # 19121212-1212 in any spelling
OLLE = "29:user-olle"


@pytest.fixture
async def service(
    database_url: str,
    tmp_path: Path,
    connector: FakeConnector,
    client: aiohttp.ClientSession,
    clock: FrozenClock,
) -> AsyncIterator[AnyDatabaseService]:
    async with started(database_url, tmp_path, connector, client, clock) as running:
        yield running


async def test_a_personnummer_in_a_display_name_is_stored_nowhere(
    service: AnyDatabaseService,
) -> None:
    said = []
    for text in ("hjälp", "påminn mig", "imorgon kl 9"):  # the dialog keeps state
        activity = service.activity(text=text, user_id=OLLE, user_name="Olle 19121212-1212")
        activity["conversation"]["name"] = "Olle (121212-1212)"
        result = await service.turn(activity)
        assert result.status == 200
        said += [json.dumps(reply.body) for reply in result.replies]

    [user] = [row for row in service.table("staff_users") if row["teams_user_id"] == OLLE]
    [reference] = service.table("conversation_references")
    stored = json.loads(reference["reference_json"])
    assert user["name"] == "Olle"
    assert (stored["user"]["name"], stored["conversation"]["name"]) == ("Olle", "Olle")
    assert service.table("state_documents") != []
    assert [(t, c) for t, c, value in service.every_value() if FOUND.search(value)] == []
    assert [reply for reply in said if FOUND.search(reply)] == []


async def test_a_name_and_locale_longer_than_their_columns_are_cut_and_nul_removed(
    service: AnyDatabaseService,
) -> None:
    activity = service.activity(
        text="hjälp", user_id=OLLE, user_name="Olle\x00 Ek" + "k" * 300, locale="sv-SE" + "x" * 40
    )

    result = await service.turn(activity)

    assert result.status == 200 and len(result.replies) == 1
    [user] = [row for row in service.table("staff_users") if row["teams_user_id"] == OLLE]
    assert user["name"] == ("Olle Ek" + "k" * 300)[:255]
    assert user["locale"] == ("sv-SE" + "x" * 40)[:32]


async def test_an_id_no_column_holds_is_refused_and_the_user_is_answered_after(
    service: AnyDatabaseService,
) -> None:
    refused = [
        service.activity(text="hjälp", user_id=OLLE, tenant_id="t" * 65),
        service.activity(text="hjälp", user_id=OLLE, conversation_id="a:" + "c" * 511),
        service.activity(text="hjälp", user_id="29:" + "u" * 253),
    ]

    assert [(await service.turn(activity)).status for activity in refused] == [400, 400, 400]
    assert service.table("staff_users") == []
    result = await service.turn(service.activity(text="hjälp", user_id=OLLE))
    assert result.status == 200 and len(result.replies) == 1


def _mention(service: AnyDatabaseService, teams_id: str, shown: str) -> dict:
    """`påminn @<shown> imorgon kl 9 att ringa FK`, as Teams sends a real @mention."""
    activity = service.activity(text=f"påminn <at>{shown}</at> imorgon kl 9 att ringa FK")
    activity["entities"] = [
        {
            "type": "mention",
            "text": f"<at>{shown}</at>",
            "mentioned": {"id": teams_id, "name": shown},
        }
    ]
    return activity


async def test_a_personnummer_in_a_mentioned_name_is_neither_echoed_nor_stored(
    service: AnyDatabaseService,
) -> None:
    await service.turn(service.activity(text="hjälp", user_id=OLLE, user_name="Olle 19121212-1212"))
    shown = "Olle 19121212-1212"  # Teams writes the display name into the message text too

    to_olle = await service.turn(_mention(service, OLLE, shown))
    to_nobody = await service.turn(_mention(service, "29:user-nobody", shown))
    typed = await service.turn(service.activity(text=f"påminn @{shown} imorgon kl 9 att ringa FK"))

    said = [text for result in (to_olle, to_nobody, typed) for text in result.texts]
    assert [text.split(" måndag")[0] for text in to_olle.texts] == ["Klart! Jag påminner Olle"]
    assert to_nobody.texts[0].startswith("Olle har inte öppnat Samverkansboten än")
    assert len(said) == 3 and [text for text in said if FOUND.search(text)] == []
    assert [row["text"] for row in service.table("reminders")] == ["ringa FK"]
    assert [(t, c) for t, c, value in service.every_value() if FOUND.search(value)] == []
