"""`möten` and `möte K-1001` list each meeting by its number, with the buttons the
person may use under it: Flytta and Ställ in for coming meetings, Dokumentera for
held ones (only for the organizer and the client's coordinators: see
tests/storage/test_meeting_service.py for who may not)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.services import Services
from core.clock import FrozenClock
from storage.models import Meeting
from tests.bot.conftest import Chat, card_of
from tests.bot.meetings.conftest import RecordingSender, submit
from tests.support.cards import card_nodes, card_texts

TZ = ZoneInfo("Europe/Stockholm")
TUESDAY_1330 = datetime(2026, 11, 24, 13, 30, tzinfo=TZ)  # the clock: Sunday 2026-11-22
TEAMS_MAX_ACTIONS = 6  # what Teams shows of one action list


async def _book(anna: Chat, bertil: Chat, services: Services) -> int:
    await anna.send("hej")
    await bertil.send("hej")
    await bertil.send("möten")  # Bertil in the demo care team too (local mode)
    await anna.send("boka K-1001 tisdag 13.30 med Anna Berg")  # Bertil, in demo data
    await anna.send(submit({"dialog_input": "confirm", "choice": "book"}))
    async with services.db.session() as session:
        return max(await session.scalars(select(Meeting.id)))


def _buttons(card: dict[str, Any]) -> list[dict[str, Any]]:
    return [a for n in card_nodes(card) if n.get("type") == "ActionSet" for a in n["actions"]]


def _within_teams_limits(card: dict[str, Any]) -> None:
    assert len(card["actions"]) <= TEAMS_MAX_ACTIONS
    for node in card_nodes(card):
        if node.get("type") == "ActionSet":
            assert 0 < len(node["actions"]) <= TEAMS_MAX_ACTIONS
            assert all(a["type"] == "Action.Submit" and a["title"] for a in node["actions"])


async def test_my_meetings_show_their_number_and_move_and_cancel(
    new_chat: Callable[..., Chat], demo: Services, sender: RecordingSender
) -> None:
    anna, bertil = new_chat(), new_chat(user_id="29:user-bertil")
    meeting_id = await _book(anna, bertil, demo)
    [listing] = await anna.send("möten")
    card = card_of(listing)
    _within_teams_limits(card)
    assert f"Möte {meeting_id}" in card_texts(card)
    move, cancel = _buttons(card)
    assert (move["title"], move["data"]["msteams"]["value"]) == ("Flytta", f"flytta {meeting_id}")
    assert cancel["title"] == "Ställ in"
    # Flytta asks for the new time; Ställ in asks before it cancels.
    [question] = await anna.texts(move["data"]["msteams"]["value"])
    assert question.startswith("Vilken ny tid för mötet om K-1001?")  # type: ignore[union-attr]
    await anna.send("avbryt")
    [confirm] = await anna.send(submit(cancel["data"]))
    assert card_of(confirm)["fallbackText"].startswith("Ställa in mötet om K-1001")
    # Bertil sees the number too. (Local mode makes everyone a samordnare, so he
    # has the buttons as well; who may not is tested on the service's listings.)
    [his] = await bertil.send("möten")
    assert f"Möte {meeting_id}" in card_texts(card_of(his))


async def test_the_clients_meetings_show_their_number_and_document_after(
    new_chat: Callable[..., Chat], demo: Services, sender: RecordingSender, clock: FrozenClock
) -> None:
    anna, bertil = new_chat(), new_chat(user_id="29:user-bertil")
    meeting_id = await _book(anna, bertil, demo)
    [overview] = await anna.send("möte K-1001")
    card = card_of(overview)
    _within_teams_limits(card)
    assert f"**Möte {meeting_id}** · tisdag 2026-11-24 kl 13:30–14:30" in card_texts(card)
    assert [b["title"] for b in _buttons(card)] == ["Flytta", "Ställ in"]
    # Held: Dokumentera opens the follow-up of that meeting.
    clock.set(TUESDAY_1330 + timedelta(hours=2))
    [overview] = await anna.send("möte K-1001")
    [document] = _buttons(card_of(overview))
    assert (document["title"], document["data"]["msteams"]["value"]) == (
        "Dokumentera",
        f"dokumentera {meeting_id}",
    )
    replies = await anna.send(document["data"]["msteams"]["value"])
    assert "Efter mötet om K-1001" in card_texts(card_of(replies[0]))


async def test_english_listing(
    new_chat: Callable[..., Chat], demo: Services, sender: RecordingSender
) -> None:
    anna, bertil = new_chat(locale="en-US"), new_chat(user_id="29:user-bertil")
    meeting_id = await _book(anna, bertil, demo)
    [listing] = await anna.send("meetings")
    card = card_of(listing)
    assert f"Meeting {meeting_id}" in card_texts(card)
    assert [(b["title"], b["data"].get("command")) for b in _buttons(card)] == [
        ("Move", f"move {meeting_id}"),
        ("Cancel meeting", None),
    ]
