"""påminn, påminnelser and the reminder card buttons, as conversations.

The clock stands at 2026-11-22 09:00 UTC, a Sunday: 10:00 in Stockholm.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from botbuilder.schema import Activity, ActivityTypes, ConversationAccount, Entity
from sqlalchemy import select

from bot.services import Services
from core.clock import FrozenClock
from storage.models import Reminder, ReminderOccurrence
from tests.bot.conftest import Chat, card_of, text_of

SAVED_TOMORROW_9 = (
    "Klart! Jag påminner dig måndag 2026-11-23 kl 09:00 (Europe/Stockholm):\n\nringa FK om K-1042"
)


async def _reminders(services: Services) -> list[tuple[Any, ...]]:
    async with services.db.session() as session:
        rows = await session.execute(
            select(
                Reminder.text,
                Reminder.rule,
                Reminder.recipient_user_id,
                Reminder.conversation_id,
                Reminder.status,
                ReminderOccurrence.due_at,
            ).join(ReminderOccurrence, ReminderOccurrence.reminder_id == Reminder.id)
        )
        return [tuple(row) for row in rows]


async def test_a_whole_request_is_saved_at_once(chat: Chat, services: Services) -> None:
    replies = await chat.texts("påminn mig imorgon kl 9 att ringa FK om K-1042")

    assert replies == [SAVED_TOMORROW_9]
    [(text, rule, recipient, conversation, status, due)] = await _reminders(services)
    assert (text, rule, conversation, status) == ("ringa FK om K-1042", None, None, "active")
    assert recipient is not None
    assert due.isoformat() == "2026-11-23T08:00:00+00:00"


async def test_text_first_and_time_last_works_too(chat: Chat) -> None:
    assert await chat.texts("påminn mig att ringa FK om K-1042 imorgon kl 9") == [SAVED_TOMORROW_9]


async def test_a_missing_time_is_asked_for_and_the_text_kept(chat: Chat) -> None:
    question = await chat.texts("påminn mig att ringa FK om K-1042")
    retry = await chat.texts("när det passar")
    saved = await chat.texts("imorgon kl 9")

    assert question[0].startswith("När ska jag påminna? Skriv t.ex.")
    assert retry == question
    assert saved == [SAVED_TOMORROW_9]


async def test_an_hour_no_clock_has_is_refused_and_nothing_saved(
    chat: Chat, services: Services
) -> None:
    [refusal] = await chat.texts("påminn mig imorgon kl 25 att ringa FK om K-1042")

    assert refusal is not None
    assert refusal.startswith("Den tiden finns inte på klockan: timmen ska vara 0–23")
    assert "25" not in refusal
    assert await _reminders(services) == []
    assert await chat.texts("imorgon kl 9") == [SAVED_TOMORROW_9]


async def test_an_impossible_minute_is_refused_in_english(new_chat: Any) -> None:
    [refusal] = await new_chat(locale="en-US").texts("remind me tomorrow at 10:75 to call FK")

    assert refusal is not None
    assert refusal.startswith("That time isn't on the clock: the hour must be 0–23")


async def test_a_new_command_after_a_refused_date_is_read_afresh(
    chat: Chat, services: Services
) -> None:
    [question] = await chat.texts("påminn mig 30 februari att ringa tolken")
    assert question is not None and question.startswith("Det datumet finns inte i kalendern.")
    assert await chat.texts("31/2") == [question]  # still a refused date: asked again

    [saved] = await chat.texts("påminn mig på fredag kl 10 att ringa FK")

    assert saved == (
        "Klart! Jag påminner dig fredag 2026-11-27 kl 10:00 (Europe/Stockholm):\n\nringa FK"
    )
    [(text, _, _, _, _, due)] = await _reminders(services)
    assert (text, due.isoformat()) == ("ringa FK", "2026-11-27T09:00:00+00:00")


async def test_a_new_command_at_the_time_question_asks_what_it_lacks(chat: Chat) -> None:
    await chat.texts("påminn mig att ringa FK")

    assert await chat.texts("remind me tomorrow at 9") == ["Vad ska jag påminna om?"]
    assert await chat.texts("ringa FK om K-1042") == [SAVED_TOMORROW_9]


async def test_a_text_too_long_is_refused_and_can_be_written_again(
    chat: Chat, services: Services
) -> None:
    long_text = "ringa FK om K-1042 " + "och sedan " * 60  # over 500 characters

    [refusal] = await chat.texts(f"påminn mig imorgon kl 9 att {long_text}")

    assert refusal == (
        "Texten är för lång för en påminnelse (högst 500 tecken), så jag sparade ingenting. "
        "Skriv en kortare text:"
    )
    assert await _reminders(services) == []
    assert await chat.texts("ringa FK om K-1042") == [SAVED_TOMORROW_9]  # the time is kept


async def test_a_text_too_long_in_english(new_chat: Any) -> None:
    chat = new_chat(locale="en-US")

    [refusal] = await chat.texts("remind me tomorrow at 9 to " + "call FK " * 80)

    assert refusal == (
        "The text is too long for a reminder (at most 500 characters), so I saved nothing. "
        "Please write a shorter text:"
    )


async def test_a_missing_text_is_asked_for(chat: Chat) -> None:
    assert await chat.texts("påminn mig imorgon kl 9") == ["Vad ska jag påminna om?"]
    assert await chat.texts("ringa FK om K-1042") == [SAVED_TOMORROW_9]


async def test_a_personnummer_in_the_text_is_refused_and_nothing_saved(
    chat: Chat, services: Services
) -> None:
    refusal = (await chat.texts("påminn mig imorgon kl 9 att ringa om 19121212-1212"))[0]
    assert refusal is not None and refusal.startswith("Det ser ut som ett personnummer")
    assert await chat.texts("påminn mig imorgon kl 9") == ["Vad ska jag påminna om?"]
    replies = await chat.texts("ringa om 121212-1212")
    assert replies == [refusal]  # and the question stays open
    # A number that is not one (a phone number) is a fine reminder.
    assert (await chat.texts("ringa 070-123 45 67"))[0].startswith("Klart!")
    assert [row[0] for row in await _reminders(services)] == ["ringa 070-123 45 67"]


async def test_an_ambiguous_hour_is_asked_back_not_guessed(chat: Chat, services: Services) -> None:
    [question] = await chat.texts("påminn mig kl 3 att ringa tolken")

    assert question.startswith("Menar du ")
    assert "03:00" in question and "15:00" in question
    assert await _reminders(services) == []
    [saved] = await chat.texts("2")
    assert saved.startswith("Klart! Jag påminner dig söndag 2026-11-22 kl 15:00")


async def test_a_recurring_reminder_says_its_rule(chat: Chat, services: Services) -> None:
    [saved] = await chat.texts("påminn mig varje vardag kl 7.45 att skatta K-1042")

    assert saved.startswith(
        "Klart! Jag påminner dig varje vardag kl 07:45, första gången måndag 2026-11-23 kl 07:45"
    )
    [(_, rule, *_rest)] = await _reminders(services)
    assert "BYDAY=MO,TU,WE,TH,FR" in rule


async def test_cancel_while_asked_saves_nothing(chat: Chat, services: Services) -> None:
    await chat.texts("påminn mig att ringa FK")

    assert await chat.texts("avbryt") == ["Okej, jag har avbrutit."]
    assert await _reminders(services) == []


async def test_the_team_needs_a_channel(chat: Chat, services: Services) -> None:
    [reply] = await chat.texts("påminn teamet imorgon kl 9 att lämna rapporten")

    assert reply.startswith("**påminn teamet** fungerar i en kanal eller gruppchatt")
    assert await _reminders(services) == []


async def test_the_team_in_a_channel_gets_it_there(chat: Chat, services: Services) -> None:
    message = Activity(
        type=ActivityTypes.message,
        text="påminn teamet imorgon kl 9 att lämna rapporten",
        conversation=ConversationAccount(
            id="19:channel@thread.tacv2;messageid=1", conversation_type="channel", is_group=True
        ),
    )

    [reply] = await chat.texts(message)

    assert reply.startswith("Klart! Jag påminner er här måndag 2026-11-23 kl 09:00")
    [(_, _, recipient, conversation, *_rest)] = await _reminders(services)
    assert (recipient, conversation) == (None, "19:channel@thread.tacv2;messageid=1")


async def test_a_name_without_a_mention_is_explained_and_nothing_saved(
    chat: Chat, services: Services
) -> None:
    [reply] = await chat.texts("påminn Anna nästa tisdag 9.30 att boka tolk")

    assert reply is not None
    assert reply.startswith("Vill du påminna någon annan skriver du @ och väljer personen")
    assert "**påminn mig …**" in reply and reply.endswith("Jag sparade ingenting.")
    assert await _reminders(services) == []
    # The dialog has ended: what comes next is a new command, not an answer.
    assert await chat.texts("påminn mig imorgon att ringa Anna") == [
        "Klart! Jag påminner dig måndag 2026-11-23 kl 08:00 (Europe/Stockholm):\n\nringa Anna"
    ]


async def test_a_name_without_a_mention_in_english(new_chat: Any, services: Services) -> None:
    [reply] = await new_chat(locale="en-US").texts("remind Anna tomorrow at 9 to call FK")

    assert reply is not None and reply.startswith("To remind someone else, type @")
    assert await _reminders(services) == []


async def test_a_colleague_without_the_bot_cannot_be_reminded(chat: Chat) -> None:
    mention = Entity().deserialize(
        {
            "type": "mention",
            "text": "<at>Bertil Ek</at>",
            "mentioned": {"id": "29:user-bertil", "name": "Bertil Ek"},
        }
    )
    message = Activity(
        type=ActivityTypes.message,
        text="påminn <at>Bertil Ek</at> imorgon kl 9 att ringa FK",
        entities=[mention],
    )

    [reply] = await chat.texts(message)

    assert reply.startswith("Bertil Ek har inte öppnat Samverkansboten än")


async def test_a_colleague_with_the_bot_gets_it(
    chat: Chat, new_chat: Any, services: Services
) -> None:
    await new_chat(user_id="29:user-bertil").texts("hjälp")  # Bertil has the bot
    mention = Entity().deserialize(
        {"type": "mention", "mentioned": {"id": "29:user-bertil", "name": "Bertil Ek"}}
    )
    message = Activity(
        type=ActivityTypes.message,
        text="påminn <at>Bertil Ek</at> imorgon kl 9 att ringa FK",
        entities=[mention],
    )

    [reply] = await chat.texts(message)

    assert reply.startswith("Klart! Jag påminner Bertil Ek måndag 2026-11-23 kl 09:00")


async def test_a_colleague_in_another_tenant_is_as_one_without_the_bot(
    chat: Chat, new_chat: Any, services: Services
) -> None:
    """A mention is only an id in the message: a forged one must not send a reminder
    into another organisation, nor tell that its user has the bot."""
    outsider = new_chat(user_id="29:user-olle")
    await outsider.send(
        Activity(
            type=ActivityTypes.message,
            text="hjälp",
            channel_data={"tenant": {"id": "another-tenant"}},
        )
    )
    mention = Entity().deserialize(
        {"type": "mention", "mentioned": {"id": "29:user-olle", "name": "Olle Ek"}}
    )
    message = Activity(
        type=ActivityTypes.message,
        text="påminn <at>Olle Ek</at> imorgon kl 9 att ringa FK",
        entities=[mention],
    )

    [reply] = await chat.texts(message)

    assert reply is not None and reply.startswith("Olle Ek har inte öppnat Samverkansboten än")
    assert await _reminders(services) == []


async def test_a_mention_shortened_to_the_first_name_still_counts(
    chat: Chat, new_chat: Any
) -> None:
    await new_chat(user_id="29:user-bertil").texts("hjälp")  # Bertil has the bot
    mention = Entity().deserialize(
        {
            "type": "mention",
            "text": "<at>Bertil</at>",
            "mentioned": {"id": "29:user-bertil", "name": "Bertil Ek"},
        }
    )
    message = Activity(
        type=ActivityTypes.message,
        text="påminn <at>Bertil</at> imorgon kl 9 att ringa FK",
        entities=[mention],
    )

    [reply] = await chat.texts(message)

    assert reply is not None and reply.startswith("Klart! Jag påminner Bertil måndag 2026-11-23")


async def test_english(new_chat: Any) -> None:
    chat = new_chat(locale="en-US")

    [reply] = await chat.texts("remind me tomorrow at 9 to call FK")

    assert reply == (
        "Done! I'll remind you Monday 2026-11-23 at 09:00 (Europe/Stockholm):\n\ncall FK"
    )


def _press(card: dict[str, Any], title: str) -> Activity:
    actions = [a for item in card["body"] if item["type"] == "Container" for a in _actions(item)]
    [action] = [a for a in actions if a["title"] == title]
    return Activity(type=ActivityTypes.message, value=action["data"])


def _actions(container: dict[str, Any]) -> list[dict[str, Any]]:
    return [a for i in container["items"] if i["type"] == "ActionSet" for a in i["actions"]]


async def test_the_list_and_its_buttons(chat: Chat, services: Services) -> None:
    await chat.texts("påminn mig imorgon kl 9 att ringa FK om K-1042")

    [listing] = await chat.send("påminnelser")
    card = card_of(listing)
    assert "ringa FK om K-1042" in card["fallbackText"]

    # Not yet due (tomorrow 09:00): snoozing postpones it, it never comes earlier.
    assert await chat.texts(_press(card, "Snooza 1 h")) == [
        "Jag påminner igen 2026-11-23 kl 10:00."
    ]
    [listing] = await chat.send("påminnelser")
    assert await chat.texts(_press(card_of(listing), "Ta bort")) == ["Påminnelsen är borttagen."]
    [empty] = await chat.send("påminnelser")
    assert text_of(empty).startswith("[card] Du har inga påminnelser just nu.")


async def test_done_and_someone_elses_reminder(chat: Chat, new_chat: Any) -> None:
    await chat.texts("påminn mig imorgon kl 9 att ringa FK")
    [listing] = await chat.send("påminnelser")
    done = _press(card_of(listing), "Klar")

    # Someone else's reminder looks like one that does not exist.
    assert await new_chat(user_id="29:user-cecilia").texts(done) == [
        "Den påminnelsen finns inte längre."
    ]
    assert await chat.texts(done) == ["Bra, markerad som klar."]
    missing = Activity(
        type=ActivityTypes.message, value={"reminder_action": "done", "occurrence_id": 999}
    )
    assert await chat.texts(missing) == ["Den påminnelsen finns inte längre."]


async def test_snoozing_a_delivered_reminder_counts_from_now(
    chat: Chat, services: Services
) -> None:
    await chat.texts("påminn mig om 20 min att ringa FK")
    assert isinstance(services.clock, FrozenClock)
    services.clock.advance(timedelta(minutes=45))  # it came 25 minutes ago
    [listing] = await chat.send("påminnelser")

    assert await chat.texts(_press(card_of(listing), "Snooza 15 min")) == [
        "Jag påminner igen 2026-11-22 kl 11:00."
    ]
    [listing] = await chat.send("påminnelser")
    assert await chat.texts(_press(card_of(listing), "Imorgon 08:00")) == [
        "Jag påminner igen 2026-11-23 kl 08:00."
    ]


TEAM_CHAT = "19:team-kumla@thread.v2"


def _pressed(occurrence_id: int, action: str = "done", **fields: Any) -> Activity:
    return Activity(
        type=ActivityTypes.message,
        value={"reminder_action": action, "occurrence_id": occurrence_id},
        **fields,
    )


async def _occurrence_states(services: Services) -> list[tuple[int, str]]:
    async with services.db.session() as session:
        rows = await session.execute(
            select(ReminderOccurrence.id, ReminderOccurrence.state).order_by(ReminderOccurrence.id)
        )
        return [tuple(row) for row in rows]  # type: ignore[misc]


async def test_a_team_reminder_is_nobody_elses_to_close_or_snooze(
    services: Services, new_chat: Any
) -> None:
    """Found by an adversarial run: anyone, from their own 1:1 chat or from another
    tenant, could post {"reminder_action": "done", "occurrence_id": N} on a group
    chat's reminder. Now they get the answer a missing id gets, and nothing changes."""
    team = Chat(services, user_id="29:user-anna", conversation_id=TEAM_CHAT)
    [saved] = await team.texts("påminn teamet imorgon kl 9 att lämna rapporten")
    assert saved is not None and saved.startswith("Klart! Jag påminner er här")
    [(occurrence_id, state)] = await _occurrence_states(services)
    assert state == "pending"

    eve = new_chat(user_id="29:user-eve")
    other_tenant = {"channel_data": {"tenant": {"id": "another-tenant"}}}
    member = Chat(services, user_id="29:user-bo", conversation_id=TEAM_CHAT)
    for chat, action, fields in [
        (eve, "done", {}),
        (eve, "snooze60", {}),
        (eve, "delete", {}),
        (new_chat(user_id="29:user-eve", locale="en-US"), "done", {}),
        (member, "done", other_tenant),
        (member, "snooze15", other_tenant),
    ]:
        missing = await chat.texts(_pressed(occurrence_id + 99, action, **fields))
        assert missing in (
            ["Den påminnelsen finns inte längre."],
            ["That reminder no longer exists."],
        )
        assert await chat.texts(_pressed(occurrence_id, action, **fields)) == missing
    assert await _occurrence_states(services) == [(occurrence_id, "pending")]
    async with services.db.session() as session:
        assert await session.scalar(select(Reminder.status)) == "active"

    assert await member.texts(_pressed(occurrence_id)) == ["Bra, markerad som klar."]
    assert await _occurrence_states(services) == [(occurrence_id, "cancelled")]
