"""A reminder set over HTTP comes back through the dispatcher and the real sender."""

from __future__ import annotations

from datetime import timedelta

from app import DISPATCHER
from core.clock import FrozenClock
from tests.e2e.conftest import BotService, card_of


async def test_a_reminder_is_delivered_to_the_personal_chat_with_its_buttons(
    running: BotService,
) -> None:
    assert isinstance(running.clock, FrozenClock)
    set_it = await running.turn(running.activity(text="påminn mig om 20 min att ringa FK"))
    assert set_it.texts[0].startswith("Klart! Jag påminner dig")
    assert running.app is not None
    dispatcher = running.app[DISPATCHER]

    early = await dispatcher.run_once()
    running.clock.advance(timedelta(minutes=21))
    before = len(running.connector.received)
    stats = await dispatcher.run_once()

    assert early.claimed == 0
    assert stats.claimed == 1
    [delivered] = running.connector.received[before:]
    assert delivered.conversation_id == "a:conv-29:user-anna"
    card = card_of(delivered)
    assert "ringa FK" in card["fallbackText"]
    titles = [action["title"] for action in card["actions"]]
    assert titles == ["Klar", "Snooza 15 min", "Snooza 1 h", "Imorgon 08:00", "Ta bort"]
    assert running.rows("SELECT state FROM reminder_occurrences") == [{"state": "sent"}]

    # Pressing Klar on the delivered card, as Teams sends it.
    done = running.activity(value=card["actions"][0]["data"])
    pressed = await running.turn(done)
    assert pressed.texts == ["Bra, markerad som klar."]
    assert running.rows("SELECT status FROM reminders") == [{"status": "done"}]


async def test_an_occurrence_id_no_row_can_have_answers_as_a_missing_one(
    running: BotService,
) -> None:
    """core.inbound.record_id: an id that is a string, a bool, a float or negative is
    simply not there, and a button pressed with one says so as for a missing id."""
    await running.turn(running.activity(text="påminn mig om 20 min att ringa FK"))
    [occurrence] = running.rows("SELECT id FROM reminder_occurrences")
    odd_ids = [str(occurrence["id"]), True, float(occurrence["id"]), 1e308, -1]

    answers = [
        (
            await running.turn(
                running.activity(value={"reminder_action": "done", "occurrence_id": i})
            )
        ).texts
        for i in [9999, *odd_ids]
    ]

    assert answers == [["Den påminnelsen finns inte längre."]] * (len(odd_ids) + 1)
    assert running.rows("SELECT status FROM reminders") == [{"status": "active"}]
