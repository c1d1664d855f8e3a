"""Booking conversations with the real bot on demo data (local mode puts whoever
chats in K-1001's care team): the quick form, the whole flow with cards, cancel,
the consent warning, a clash with suggested times, answers that update the
organizer's card, moving and cancelling, möten (samtycke: test_consent_transcripts.py)."""

from __future__ import annotations

import base64
from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

import icalendar
from sqlalchemy import select

from bot.console_render import render_card
from bot.services import Services
from core.i18n import t
from storage.models import Meeting, MeetingParticipant
from tests.bot.conftest import Chat, card_of, text_of
from tests.bot.meetings.conftest import RecordingSender, submit
from tests.support.cards import card_texts, inputs_of

TZ = ZoneInfo("Europe/Stockholm")
TUESDAY_1330 = datetime(2026, 11, 24, 13, 30, tzinfo=TZ)  # the clock: Sunday 2026-11-22
OMAR = "Omar Said, omar.said@forsakringskassan.se"


async def _meetings(services: Services) -> list[tuple[datetime, str, int]]:
    async with services.db.session() as session:
        rows = await session.execute(
            select(Meeting.starts_at, Meeting.status, Meeting.sequence).order_by(Meeting.id)
        )
        return [(r[0].astimezone(TZ), r[1], r[2]) for r in rows]


async def _answers(services: Services) -> list[tuple[str, str, bool]]:
    async with services.db.session() as session:
        rows = await session.execute(
            select(
                MeetingParticipant.name, MeetingParticipant.answer, MeetingParticipant.organizer
            ).order_by(MeetingParticipant.id)
        )
        return [tuple(r) for r in rows]  # type: ignore[misc]


async def test_the_quick_form_warns_of_consent_and_books_when_consent_is_confirmed(
    chat: Chat, demo: Services, sender: RecordingSender
) -> None:
    await chat.send("hej")
    [summary] = await chat.send(f"boka K-1001 tisdag 13.30 med {OMAR}")
    card = card_of(summary)
    text = card_texts(card)
    assert "Resursgruppsmöte K-1001" in card["body"][0]["text"]
    assert "tisdag 2026-11-24 kl 13:30–14:30" in text
    assert "Omar Said – omar.said@forsakringskassan.se" in text
    assert "Samtycke saknas för samordning (SIP), Försäkringskassan" in text
    assert [a["title"] for a in card["actions"]] == ["Samtycke finns – boka", "Avbryt"]
    # Neither "boka" nor "boka ändå" says that consent exists: it asks again.
    for answer in ("boka", "boka ändå"):
        replies = await chat.texts(answer)
        assert replies[0] == (
            "Samtycke saknas för samordning (SIP), Försäkringskassan. "
            "Svara **samtycke finns** om du vet att det finns."
        )
        assert replies[1].startswith("[card] Resursgruppsmöte K-1001")  # type: ignore[union-attr]
    assert await _meetings(demo) == []
    replies = await chat.send("samtycke finns")
    status = card_of(replies[0])
    # Omar is outside the bot: not "not answered" but reached by the calendar file.
    assert "0 kommer · 0 kan inte · 0 har inte svarat · 1 via kalenderfilen" in card_texts(status)
    assert "får kalenderfilen av dig" in card_texts(status)
    assert text_of(replies[1]) == (
        "1 deltagare använder inte boten: skicka kalenderfilen till hen "
        "(den har alla deltagare, så Outlook kan skicka inbjudan åt dig)."
    )
    assert replies[2].attachments[0].content_type == (
        "application/vnd.microsoft.teams.card.file.consent"
    )
    assert replies[2].attachments[0].name == "resursgruppsmote-K-1001-2026-11-24.ics"
    assert await _meetings(demo) == [(TUESDAY_1330, "booked", 0)]
    assert [(n, a) for n, a, _ in await _answers(demo)] == [
        ("Anna Berg", "accepted"),
        ("Omar Said", "pending"),
    ]


async def test_the_whole_flow_with_cards(
    chat: Chat, demo: Services, sender: RecordingSender
) -> None:
    await chat.send("hej")
    # No code: the person's own clients as buttons.
    [picker] = await chat.send("boka")
    assert [a["data"]["msteams"]["value"] for a in card_of(picker)["actions"]] == [
        "boka E-2001",
        "boka K-1001",
    ]
    assert (await chat.texts("boka K-1001"))[0].startswith("Vad är syftet med mötet?")  # type: ignore[union-attr]
    replies = await chat.texts("Planera boendet\nBoendestöd\nSysselsättning")
    assert (
        replies[0]
        == "[card] " + "När? Skriv t.ex. **tisdag 13.30**, **3/12 kl 10** – eller välj i kortet."
    )
    # The date and time pickers answer the question.
    picked = submit({"dialog_input": "when", "meeting_date": "2026-11-26", "meeting_time": "10:00"})
    assert (await chat.texts(picked))[0].startswith("Hur länge?")  # type: ignore[union-attr]
    assert (await chat.texts("1,5 timme"))[0].startswith("Var?")  # type: ignore[union-attr]
    replies = await chat.send("https://teams.microsoft.com/l/meetup-join/abc")
    assert card_of(replies[0])["body"][0]["text"] == "Deltagare"
    replies = await chat.send(
        submit({"dialog_input": "participants", "others": f"{OMAR}\nLisa Ek, lisa.ek@skolan.se"})
    )
    card = card_of(replies[0])
    text = card_texts(card)
    assert "torsdag 2026-11-26 kl 10:00–11:30" in text
    assert "Planera boendet" in text and "- Boendestöd\n- Sysselsättning" in text
    assert "Lisa Ek – lisa.ek@skolan.se" in text
    roles = [b["value"] for b in inputs_of(card) if b["id"].startswith("role")]
    assert roles == ["inbjuden", "inbjuden"]
    # The organizer makes Lisa kallad in the card and books (consent confirmed).
    replies = await chat.send(
        submit({"dialog_input": "confirm", "choice": "book", "consent": True, "role1": "kallad"})
    )
    assert "Resursgruppsmöte K-1001" in card_of(replies[0])["body"][0]["text"]
    assert [(n, a) for n, a, _ in await _answers(demo)] == [
        ("Anna Berg", "accepted"),
        ("Omar Said", "pending"),
        ("Lisa Ek", "pending"),
    ]
    async with demo.db.session() as session:
        roles_saved = list(
            await session.scalars(select(MeetingParticipant.role).order_by(MeetingParticipant.id))
        )
        meeting = await session.scalar(select(Meeting))
    assert roles_saved == ["kallad", "inbjuden", "kallad"]
    assert (
        meeting is not None
        and meeting.online_url == "https://teams.microsoft.com/l/meetup-join/abc"
    )
    assert meeting.questions == "Boendestöd\nSysselsättning"


async def test_cancel_at_any_step_saves_nothing(chat: Chat, demo: Services) -> None:
    await chat.send("hej")
    await chat.send("boka K-1001")
    await chat.send("standard")
    assert len(await chat.texts("avbryt")) == 1
    assert await _meetings(demo) == []
    # Words that are neither yes, a time nor a number book nothing: asked again,
    # about what is still open (here: consent for Försäkringskassan).
    await chat.send(f"boka K-1001 tisdag 13.30 med {OMAR}")
    replies = await chat.texts("hmm vänta")
    assert replies[0] == (
        "Svara **samtycke finns** om du vet att det finns, en ny tid, eller **avbryt**."
    )
    assert replies[1].startswith("[card] Resursgruppsmöte K-1001")  # type: ignore[union-attr]
    assert await _meetings(demo) == []
    await chat.send("avbryt")
    # A summary's Avbryt button ends it too.
    await chat.send(f"boka K-1001 tisdag 13.30 med {OMAR}")
    replies = await chat.texts(submit({"dialog_input": "confirm", "choice": "cancel"}))
    assert len(replies) == 1
    assert await _meetings(demo) == []


async def test_bad_input_is_answered_in_swedish(chat: Chat, demo: Services) -> None:
    await chat.send("hej")
    assert await chat.texts("boka K-9999 tisdag 13.30 med Omar") == [await _refusal_text(chat)]
    await chat.send("boka K-1001")
    await chat.send("standard")
    assert (await chat.texts("tisdag"))[0] == "Vilken tid på dagen? Skriv t.ex. tisdag 13.30."
    assert (await chat.texts("igår 10.00"))[
        0
    ] == "Den tiden har redan varit. Skriv en tid som inte har passerat."
    await chat.send("tisdag 13.30")
    assert (await chat.texts("12 timmar"))[0] == "Ett möte kan vara 15–480 minuter."
    await chat.send("60")
    await chat.send("inget")
    assert (await chat.texts("19121212-1212"))[0] == (
        "Det ser ut som ett personnummer. Skriv aldrig personnummer här – använd koden."
    )
    assert (await chat.texts("Anna <inte-en-adress>"))[0] == (
        "«inte-en-adress» ser inte ut som en e-postadress."
    )
    assert await _meetings(demo) == []


async def _refusal_text(chat: Chat) -> str:
    del chat
    return (
        "Jag hittar ingen K-9999 som du har tillgång till. Kontrollera koden, "
        "eller be samordnaren lägga till dig i vårdteamet."
    )


async def test_a_clash_offers_free_times_and_a_pick_rebooks_the_summary(
    chat: Chat, demo: Services, sender: RecordingSender
) -> None:
    await chat.send("hej")
    await chat.send(f"boka K-1001 tisdag 13.30 med {OMAR}")
    await chat.send("samtycke finns")
    [summary] = await chat.send(f"boka K-1001 tisdag 14.00 med {OMAR}")
    text = card_texts(card_of(summary))
    assert "Krockar: Anna Berg har redan möte om K-1001 tisdag 2026-11-24 kl 13:30–14:30." in text
    assert "1. tisdag 2026-11-24 kl 14:30–15:30" in text
    # Answering 1 picks the first suggestion and shows the summary again, clash-free.
    [again] = await chat.send("1")
    assert "Krockar" not in card_texts(card_of(again))
    assert "tisdag 2026-11-24 kl 14:30–15:30" in card_texts(card_of(again))
    await chat.send("samtycke finns")
    assert [m[0] for m in await _meetings(demo)] == [
        TUESDAY_1330,
        datetime(2026, 11, 24, 14, 30, tzinfo=TZ),
    ]


async def test_a_clash_and_missing_consent_are_two_explicit_choices(
    chat: Chat, demo: Services, sender: RecordingSender
) -> None:
    await chat.send("hej")
    await chat.send(f"boka K-1001 tisdag 13.30 med {OMAR}")
    await chat.send("samtycke finns")
    [summary] = await chat.send(f"boka K-1001 tisdag 14.00 med {OMAR}")
    card = card_of(summary)
    # The free times are the first buttons (typing 1 in the terminal chat picks the
    # first free time); booking over the clash is its own button; no plain Boka.
    titles = [a["title"] for a in card["actions"]]
    assert [a["data"]["choice"] for a in card["actions"]] == [
        "slot",
        "slot",
        "slot",
        "clash",
        "cancel",
    ]
    assert titles[3:] == ["Boka ändå trots krocken", "Avbryt"]
    assert render_card(card).choices[0].value == card["actions"][0]["data"]
    # "boka" and "samtycke finns" do not book over the clash.
    for answer in ("boka", "samtycke finns"):
        replies = await chat.texts(answer)
        assert replies[0].startswith("Tiden krockar med ett annat möte.")  # type: ignore[union-attr]
    assert len(await _meetings(demo)) == 1
    # Booking over the clash leaves consent to answer, which "samtycke finns" did above.
    await chat.send("boka ändå")
    assert [m[0] for m in await _meetings(demo)] == [
        TUESDAY_1330,
        datetime(2026, 11, 24, 14, 0, tzinfo=TZ),
    ]


async def test_booking_over_a_clash_then_asks_for_consent(
    chat: Chat, demo: Services, sender: RecordingSender
) -> None:
    await chat.send("hej")
    await chat.send(f"boka K-1001 tisdag 13.30 med {OMAR}")
    await chat.send("samtycke finns")
    await chat.send(f"boka K-1001 tisdag 14.00 med {OMAR}")
    over_clash = submit({"dialog_input": "confirm", "choice": "clash", "role0": "kallad"})
    replies = await chat.send(over_clash)
    assert text_of(replies[0]) == (
        "Samtycke saknas för samordning (SIP), Försäkringskassan. "
        "Svara **samtycke finns** om du vet att det finns."
    )
    card = card_of(replies[1])
    assert "Du har valt att boka trots krocken." in card_texts(card)
    assert [a["title"] for a in card["actions"]][-2:] == ["Samtycke finns – boka", "Avbryt"]
    assert [i["value"] for i in inputs_of(card) if i["id"] == "role0"] == ["kallad"]
    assert len(await _meetings(demo)) == 1
    consent = next(a for a in card["actions"] if a["title"] == "Samtycke finns – boka")
    await chat.send(submit(consent["data"]))
    assert [m[0] for m in await _meetings(demo)] == [
        TUESDAY_1330,
        datetime(2026, 11, 24, 14, 0, tzinfo=TZ),
    ]


async def test_the_two_choices_in_english(
    new_chat: Callable[..., Chat], demo: Services, sender: RecordingSender
) -> None:
    chat = new_chat(locale="en-US")
    await chat.send("hi")
    await chat.send(f"book K-1001 Tuesday 13.30 with {OMAR}")
    await chat.send("consent exists")
    [summary] = await chat.send(f"book K-1001 Tuesday 14.00 with {OMAR}")
    titles = [a["title"] for a in card_of(summary)["actions"]]
    assert titles[-2:] == ["Book anyway despite the clash", "Cancel"]
    replies = await chat.texts("book anyway")
    assert replies[0] == (
        "Consent is missing for coordination (SIP), Försäkringskassan. "
        "Answer **consent exists** if you know it does."
    )
    assert len(await _meetings(demo)) == 1
    await chat.send("consent exists")
    assert len(await _meetings(demo)) == 2


async def test_answers_update_the_organizers_card_in_place(
    new_chat: Callable[..., Chat], demo: Services, sender: RecordingSender
) -> None:
    anna, bertil = new_chat(), new_chat(user_id="29:user-bertil")
    await anna.send("hej")
    await bertil.send("hej")
    await bertil.send("möten")  # Bertil in the demo care team too (local mode)
    replies = await anna.send("boka K-1001 tisdag 13.30 med Anna Berg")
    assert "får inbjudan i Teams" in card_texts(card_of(replies[0]))
    await anna.send(submit({"dialog_input": "confirm", "choice": "book", "consent": False}))
    # Bertil got an invitation card in his chat.
    [(conversation, invitation)] = sender.sent
    assert conversation == "a:conv-29:user-bertil"
    card = invitation["attachments"][0]["content"]
    assert [a["title"] for a in card["actions"]] == [
        "Jag kommer",
        "Kan inte",
        "Föreslå annan tid",
        "Kalenderfil (.ics)",
    ]
    accept = card["actions"][0]["data"]
    assert await bertil.texts(submit(accept)) == [
        "Tack! Du är anmäld till mötet om K-1001 tisdag 2026-11-24 kl 13:30–14:30."
    ]
    [(where, _activity_id, updated)] = sender.updated
    assert where == "a:conv-29:user-anna"
    assert "1 kommer · 0 kan inte · 0 har inte svarat" in card_texts(
        updated["attachments"][0]["content"]
    )
    # Bertil proposes another time; Anna's card offers to move there.
    propose = {**card["actions"][2]["card"]["actions"][0]["data"]}
    propose.update(propose_date="2026-11-25", propose_time="09:00")
    assert await bertil.texts(submit(propose)) == [
        "Jag har föreslagit onsdag 2026-11-25 kl 09:00–10:00 för organisatören."
    ]
    status = sender.updated[-1][2]["attachments"][0]["content"]
    use = status["actions"][0]
    assert use["title"] == "Flytta till ons 25/11 09:00"
    replies = await anna.send(submit(use["data"]))
    assert replies[0].text == (
        "Mötet om K-1001 är flyttat till onsdag 2026-11-25 kl 09:00–10:00. 1 deltagare har "
        "fått besked i Teams; skicka den nya kalenderfilen till övriga."
    )
    assert (await _meetings(demo))[0] == (datetime(2026, 11, 25, 9, 0, tzinfo=TZ), "booked", 1)


async def test_cancelling_tells_participants_and_sends_a_cancel_calendar(
    new_chat: Callable[..., Chat], demo: Services, sender: RecordingSender
) -> None:
    anna, bertil = new_chat(), new_chat(user_id="29:user-bertil")
    await anna.send("hej")
    await bertil.send("hej")
    await bertil.send("möten")
    await anna.send("boka K-1001 tisdag 13.30 med Anna Berg")
    replies = await anna.send(submit({"dialog_input": "confirm", "choice": "book"}))
    cancel = next(a for a in card_of(replies[0])["actions"] if a["title"] == "Ställ in")
    [question] = await anna.send(submit(cancel["data"]))
    yes = card_of(question)["actions"][0]
    replies = await anna.send(submit(yes["data"]))
    assert text_of(replies[0]).startswith(
        "Mötet om K-1001 tisdag 2026-11-24 kl 13:30–14:30 är inställt."
    )  # type: ignore[union-attr]
    assert sender.sent[-1][0] == "a:conv-29:user-bertil"
    assert "är inställt" in sender.sent[-1][1]["attachments"][0]["content"]["body"][0]["text"]
    assert await _meetings(demo) == [(TUESDAY_1330, "cancelled", 1)]
    assert await bertil.texts("möten") == ["Du har inga kommande möten. Boka med **boka K-1042**."]


async def test_the_calendar_file_outside_teams_is_inline_and_parses(
    demo: Services, sender: RecordingSender
) -> None:
    chat = Chat(demo, user_id="29:user-anna")
    chat.adapter.template.channel_id = "emulator"
    await chat.send("hej")
    await chat.send(f"boka K-1001 tisdag 13.30 med {OMAR}")
    replies = await chat.send("samtycke finns")
    attachment = replies[-1].attachments[0]
    assert attachment.name == "resursgruppsmote-K-1001-2026-11-24.ics"
    content = base64.b64decode(attachment.content_url.split(",", 1)[1])
    event = next(iter(icalendar.Calendar.from_ical(content).walk("VEVENT")))
    assert event.decoded("DTSTART") == TUESDAY_1330
    assert str(event["SUMMARY"]) == "Resursgruppsmöte K-1001"


async def test_moving_onto_another_meeting_warns_and_offers_free_times(
    chat: Chat, demo: Services, sender: RecordingSender
) -> None:
    await chat.send("hej")
    await chat.send(f"boka K-1001 tisdag 13.30 med {OMAR}")
    await chat.send("samtycke finns")
    await chat.send(f"boka K-1001 tisdag 15.00 med {OMAR}")
    await chat.send("samtycke finns")
    async with demo.db.session() as session:
        second = max(await session.scalars(select(Meeting.id)))
    [warning] = await chat.send(f"flytta {second} tisdag 13.30")
    card = card_of(warning)
    text = card_texts(card)
    assert card["body"][0]["text"] == (
        "Flytta mötet om K-1001 till tisdag 2026-11-24 kl 13:30–14:30?"
    )
    assert "Krockar: Omar Said har redan möte om K-1001 tisdag 2026-11-24 kl 13:30–14:30." in text
    assert [a["title"] for a in card["actions"]][-2:] == ["Flytta ändå", "Avbryt"]
    first_free = card["actions"][0]["data"]["start"]
    # Answering 1 checks the first free time and, clash-free, moves there.
    replies = await chat.send("1")
    assert replies[0].text.startswith("Mötet om K-1001 är flyttat till")
    moved = datetime.fromisoformat(first_free).astimezone(TZ)
    assert (await _meetings(demo))[1][:2] == (moved, "booked")
    # "flytta ändå" moves onto the clash when the organizer knows better.
    await chat.send(f"flytta {second} tisdag 13.30")
    replies = await chat.send("flytta ändå")
    assert replies[0].text.startswith("Mötet om K-1001 är flyttat till tisdag 2026-11-24 kl 13:30")
    assert (await _meetings(demo))[1] == (TUESDAY_1330, "booked", 2)
    # Avbryt on the warning moves nothing.
    await chat.send(f"flytta {second} tisdag 14.00")
    assert (await chat.texts(submit({"dialog_input": "move_check", "choice": "cancel"}))) == [
        "Okej, jag har avbrutit."
    ]
    assert (await _meetings(demo))[1] == (TUESDAY_1330, "booked", 2)


async def test_ok_is_no_place_and_klar_is_no_participant(
    chat: Chat, demo: Services, sender: RecordingSender
) -> None:
    await chat.send("hej")
    for step in ("boka K-1001", "Planera boendet", "tisdag 13.30", "60"):
        await chat.send(step)
    await chat.send("ok")  # at "Var?": no place, not a place called "ok"
    replies = await chat.texts("klar")  # nobody chosen yet
    assert replies == ["Lägg till minst en deltagare."]
    [summary] = await chat.send(OMAR)
    card = card_of(summary)
    facts = {
        f["title"]: f["value"]
        for block in card["body"]
        if block.get("type") == "FactSet"
        for f in block["facts"]
    }
    assert facts["Var"] == t("meeting.summary.nowhere", "sv")
    names = [i for i in inputs_of(card) if i["id"].startswith("role")]
    assert len(names) == 1  # Omar only: no participant called "klar"
    assert "Klar" not in card_texts(card)


async def test_answering_a_meeting_one_is_not_invited_to_looks_like_no_such_meeting(
    new_chat: Callable[..., Chat], demo: Services, sender: RecordingSender
) -> None:
    """Meeting ids are sequential: "Du är inte inbjuden" for an existing one and
    "Jag hittar inte" for a missing one told which ids exist."""
    anna, bertil, eve = [new_chat(user_id=f"29:user-{n}") for n in ("anna", "bertil", "eve")]
    for person in (anna, bertil, eve):
        await person.send("hej")
    await bertil.send("möten")
    await anna.send("boka K-1001 tisdag 13.30 med Anna Berg")
    await anna.send(submit({"dialog_input": "confirm", "choice": "book", "consent": False}))
    [(_, invitation)] = sender.sent
    card = invitation["attachments"][0]["content"]
    accept, decline = card["actions"][0]["data"], card["actions"][1]["data"]
    propose = {**card["actions"][2]["card"]["actions"][0]["data"]}
    propose.update(propose_date="2026-11-25", propose_time="09:00")

    for data in (accept, decline, propose):
        missing = {**data, "meeting_id": data["meeting_id"] + 99}
        assert await eve.texts(submit(missing)) == [
            "Jag hittar inte det mötet (eller så har du inte tillgång till det)."
        ]
        assert await eve.texts(submit(data)) == await eve.texts(submit(missing))
    async with demo.db.session() as session:
        answers = await session.scalars(
            select(MeetingParticipant.answer).where(MeetingParticipant.organizer.is_(False))
        )
        assert list(answers) == ["pending"]  # nothing was answered for Bertil
