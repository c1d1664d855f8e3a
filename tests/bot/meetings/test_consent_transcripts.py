"""`samtycke` conversations with the real bot on demo data (local mode puts whoever
chats in K-1001's care team): consent to coordination and per party, given,
refused and withdrawn, by words and by the card's form, in Swedish and English;
and booking across agencies reading the same consent."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select

from bot.services import Services
from storage.models import AuditEvent, Consent
from tests.bot.conftest import Chat, card_of
from tests.bot.meetings.conftest import RecordingSender, submit
from tests.support.cards import card_texts, inputs_of

OMAR = "Omar Said, omar.said@fk.se"  # fk.se is Försäkringskassan too


async def _consents(services: Services) -> list[tuple[str, str, str]]:
    async with services.db.session() as session:
        rows = await session.execute(
            select(Consent.agency_kind, Consent.state, Consent.form_ref).order_by(Consent.id)
        )
        return [tuple(r) for r in rows]  # type: ignore[misc]


async def test_consent_is_shown_given_refused_and_withdrawn_in_swedish(
    chat: Chat, demo: Services
) -> None:
    await chat.send("hej")
    [shown] = await chat.send("samtycke K-1001")
    text = card_texts(card_of(shown))
    assert "Samordning (SIP)\ninte registrerat" in text
    assert "Skolan\ninte registrerat" in text and "Närstående\ninte registrerat" in text
    assert "Samtycke till samordning saknas" in text

    replies = await chat.texts("samtycke K-1001 samordning ja blankett i journal 2026-11-03")
    assert replies[0] == "Sparat: samtycke till samordning lämnat."
    text = card_texts(card_of((await chat.send("samtycke K-1001"))[0]))
    assert "Samordning (SIP)\nlämnat 2026-11-22 (" in text
    assert "blankett: blankett i journal 2026-11-03" in text
    assert "Samtycke till samordning saknas" not in text

    # Withdrawing what was never given is refused, and nothing is saved.
    assert await chat.texts("samtycke K-1001 skolan återkalla") == [
        "Det finns inget lämnat samtycke för skolan att återkalla. Har personen sagt nej, "
        "skriv **nej**."
    ]
    assert (await chat.texts("samtycke K-1001 skolan nej"))[0] == (
        "Sparat: samtycke för skolan nekat."
    )
    assert await chat.texts("samtycke K-1001 skolan återkalla") == [
        "Det finns inget lämnat samtycke för skolan att återkalla. Har personen sagt nej, "
        "skriv **nej**."
    ]
    # A refused consent can later be given; a given one is withdrawn, not refused.
    assert (await chat.texts("samtycke K-1001 skolan ja"))[0] == (
        "Sparat: samtycke för skolan lämnat."
    )
    assert await chat.texts("samtycke K-1001 skolan nej") == [
        "Samtycket för skolan är lämnat. Drar personen tillbaka det, skriv **återkalla**."
    ]
    replies = await chat.send("samtycke K-1001 skolan återkalla")
    assert replies[0].text == "Sparat: samtycke för skolan återkallat."
    text = card_texts(card_of(replies[1]))
    assert "Skolan\nåterkallat 2026-11-22" in text
    assert "Närstående\ninte registrerat" in text  # school is not the relatives
    assert "Historik" in text and ": Skolan nekat 2026-11-22" in text

    assert await _consents(demo) == [
        ("coordination", "given", "blankett i journal 2026-11-03"),
        ("school", "refused", ""),
        ("school", "given", ""),
        ("school", "withdrawn", ""),
    ]
    async with demo.db.session() as session:
        actions = (await session.scalars(select(AuditEvent.action))).all()
    assert actions.count("consent.write") == 7  # the two refusals too
    assert actions.count("consent.read") == 2


async def test_wrong_words_get_a_clear_answer(chat: Chat, demo: Services) -> None:
    await chat.send("hej")
    assert await chat.texts("samtycke K-1001 grannen ja") == [
        "Vilken part? Skriv samordning, region, kommun, fk, af, finsam, skola, närstående "
        "eller övrigt."
    ]
    assert await chat.texts("samtycke K-1001 fk kanske") == [
        "Skriv **ja**, **nej** eller **återkalla** efter parten, t.ex. samtycke K-1001 fk ja."
    ]
    assert await chat.texts("samtycke K-1001 fk ja " + "x" * 121) == [
        "Hänvisningen till blanketten får vara högst 120 tecken."
    ]
    assert await _consents(demo) == []


async def test_consent_by_the_card_in_english(
    new_chat: Callable[..., Chat], demo: Services
) -> None:
    chat = new_chat(locale="en-US")
    await chat.send("hi")
    [shown] = await chat.send("consent K-1001")
    card = card_of(shown)
    assert [i["id"] for i in inputs_of(card)] == ["consent_party", "consent_state", "consent_ref"]
    [save] = card["actions"]
    assert save["title"] == "Save"

    replies = await chat.texts(
        submit({**save["data"], "consent_party": "relatives", "consent_state": "withdrawn"})
    )
    assert replies == [
        "There is no given consent for relatives to withdraw. If the person said no, write **no**."
    ]
    replies = await chat.send(
        submit(
            {
                **save["data"],
                "consent_party": "relatives",
                "consent_state": "given",
                "consent_ref": "form in record 2026-11-03",
            }
        )
    )
    assert replies[0].text == "Saved: consent for relatives given."
    text = card_texts(card_of(replies[1]))
    assert "Relatives\ngiven 2026-11-22 (" in text and "form: form in record 2026-11-03" in text
    assert "No consent to coordination" in text
    assert await chat.texts(submit({**save["data"], "consent_party": "relatives"})) == [
        "Choose both a party and a decision."
    ]
    replies = await chat.texts("consent K-1001 relatives withdraw")
    assert replies[0] == "Saved: consent for relatives withdrawn."
    assert await _consents(demo) == [
        ("relatives", "given", "form in record 2026-11-03"),
        ("relatives", "withdrawn", ""),
    ]


async def test_a_personnummer_as_the_form_reference_is_refused_unseen(
    chat: Chat, demo: Services
) -> None:
    await chat.send("hej")
    [shown] = await chat.send("samtycke K-1001")
    [save] = card_of(shown)["actions"]
    value = {**save["data"], "consent_party": "fk", "consent_state": "given"}
    replies = await chat.texts(submit({**value, "consent_ref": "gäller 19121212-1212"}))
    assert len(replies) == 1 and "1212" not in (replies[0] or "")
    replies = await chat.texts(submit({**value, "code": "19121212-1212"}))
    assert len(replies) == 1 and "1212" not in (replies[0] or "")
    replies = await chat.texts("samtycke K-1001 fk ja blankett 19121212-1212")
    assert len(replies) == 1 and "1212" not in (replies[0] or "")
    assert await _consents(demo) == []


async def test_booking_uses_the_recorded_consent(chat: Chat, sender: RecordingSender) -> None:
    """With consent to coordination and to Försäkringskassan recorded, booking with
    someone from fk.se warns of nothing; withdrawing FK's brings the warning back."""
    await chat.send("hej")
    await chat.send("samtycke K-1001 samordning ja")
    await chat.send("samtycke K-1001 fk ja")
    [summary] = await chat.send(f"boka K-1001 tisdag 13.30 med {OMAR}")
    text = card_texts(card_of(summary))
    assert "Omar Said – omar.said@fk.se" in text
    assert "Samtycke saknas" not in text
    await chat.send("avbryt")
    await chat.send("samtycke K-1001 fk återkalla")
    [summary] = await chat.send(f"boka K-1001 tisdag 13.30 med {OMAR}")
    assert "Samtycke saknas för Försäkringskassan." in card_texts(card_of(summary))
