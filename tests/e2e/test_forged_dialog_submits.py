"""A card button inside a dialog sends back what the card held: a forged or broken
value (a free time that is not a time) is not understood, never a failed turn."""

from __future__ import annotations

from typing import Any

import pytest

from core.i18n import t
from tests.e2e.conftest import BotService, card_of

BERTIL = {"user_id": "29:user-bertil", "user_name": "Bertil Ek"}
APOLOGY = t("error.apology", "sv")
NOT_TIMES = [None, 5, "x", [], "2026-13-45T99:00", "9" * 30, "2026-12-01T10:00:00"]


@pytest.fixture
async def team(service: BotService) -> BotService:
    """Anna and Bertil in K-1001's care team (local mode joins the demo team)."""
    await service.start(demo_data=True)
    for who in (BERTIL, {}):
        await service.turn(service.activity(text="möten", **who))
    return service


async def _book(service: BotService, when: str) -> None:
    summary = await service.turn(service.activity(text=f"boka K-1001 {when} med Bertil Ek"))
    book = card_of(summary.replies[0])["actions"][0]["data"]
    assert (await service.turn(service.activity(value=book))).status == 200


@pytest.mark.parametrize("start", NOT_TIMES)
async def test_a_free_time_that_is_not_a_time_on_the_booking_summary(
    team: BotService, start: Any
) -> None:
    summary = await team.turn(team.activity(text="boka K-1001 tisdag 13.30 med Bertil Ek"))
    assert summary.status == 200 and summary.replies

    pressed = await team.turn(
        team.activity(value={"dialog_input": "confirm", "choice": "slot", "start": start})
    )

    assert pressed.status == 200 and APOLOGY not in pressed.texts
    assert team.rows("SELECT COUNT(*) AS n FROM meetings") == [{"n": 0}]
    booked = await team.turn(team.activity(text="ja"))  # the summary is still asked
    assert APOLOGY not in booked.texts
    assert team.rows("SELECT COUNT(*) AS n FROM meetings") == [{"n": 1}]


@pytest.mark.parametrize("start", NOT_TIMES)
async def test_a_free_time_that_is_not_a_time_on_the_move_clash_card(
    team: BotService, start: Any
) -> None:
    await _book(team, "tisdag 13.30")
    await _book(team, "tisdag 15.00")
    [second] = team.rows("SELECT id FROM meetings ORDER BY id DESC LIMIT 1")
    clash = await team.turn(team.activity(text=f"flytta {second['id']} tisdag 13.30"))
    assert any(r.body.get("attachments") for r in clash.replies)  # the clash card

    pressed = await team.turn(
        team.activity(value={"dialog_input": "move_check", "choice": "slot", "start": start})
    )

    assert pressed.status == 200 and APOLOGY not in pressed.texts
    await team.assert_answers_help()
