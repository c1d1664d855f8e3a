"""Conversations with the real bot, as transcripts (botbuilder's TestAdapter)."""

from __future__ import annotations

import logging
from collections.abc import Callable

import pytest
from botbuilder.schema import Activity, ActivityTypes, ChannelAccount

import dialogs.settings_dialog
from bot.services import Services, build_services, prepare_database
from core.clock import FrozenClock
from core.config import Config
from storage.users_repository import get_staff_user
from tests.bot.conftest import ADAPTIVE_CARD, Chat, card_of, text_of
from tests.support.activities import BOT_ID

SV_HELP_MARKS = {
    "hjälp": False,
    "skatta": False,
    "graf": False,
    "exportera": False,
    "klient": False,
    "ny": False,
    "team": False,
    "avsluta": False,
    "öppna": False,
    "boka": False,
    "möten": False,
    "flytta": False,
    "dokumentera": False,
    "samtycke": False,
    "vem": False,
    "kontakt": False,
    "påminn": False,
    "påminnelser": False,
    "inställningar": False,
    "roller": False,
    "krisplan": False,
    "avbryt": False,
}
SV_LANGUAGE_QUESTION = (
    "[card] Vilket språk vill du att jag skriver på?\n1. Svenska\n2. Engelska\n3. Samma som Teams"
)
SV_APOLOGY = "Oj, något gick fel hos mig. Jag har börjat om – försök gärna igen."
SV_UNKNOWN = "Jag förstod inte riktigt. Skriv **hjälp** så visar jag vad jag kan."


def _facts(card: dict) -> dict[str, str]:
    fact_set = next(block for block in card["body"] if block["type"] == "FactSet")
    return {fact["title"]: fact["value"] for fact in fact_set["facts"]}


def _is_help_card(reply: Activity, title: str) -> bool:
    return bool(reply.attachments) and card_of(reply)["body"][0]["text"] == title


# -- help ----------------------------------------------------------------------------


async def test_help_is_an_adaptive_card_that_marks_what_is_coming(chat: Chat) -> None:
    replies = await chat.send("hjälp")

    assert len(replies) == 1
    assert [a.content_type for a in replies[0].attachments] == [ADAPTIVE_CARD]
    card = card_of(replies[0])
    assert (card["type"], card["version"]) == ("AdaptiveCard", "1.5")
    assert card["fallbackText"].splitlines()[0] == "Det här kan jag"
    # "uppföljning" named three things (this, the default purpose, ending SSD): the
    # command is "dokumentera", as its button says.
    follow_up = "dokumentera – beslut, delmål och åtgärder efter ett möte, t.ex. dokumentera 12"
    assert follow_up in card["fallbackText"].splitlines()
    marked = {word: value.endswith("(kommer snart)") for word, value in _facts(card).items()}
    assert marked == SV_HELP_MARKS
    assert [action["title"] for action in card["actions"]] == [
        "Skatta",
        "Boka",
        "Vem",
        "Påminn",
        "Inställningar",
    ]


@pytest.mark.parametrize(
    "text", ["HJÄLP", "hjalp", "/help", "?", "Hej!", "<at>Samverkansboten</at> hjälp"]
)
async def test_help_in_any_spelling(chat: Chat, text: str) -> None:
    replies = await chat.send(text)
    assert [_is_help_card(reply, "Det här kan jag") for reply in replies] == [True]


async def test_english_locale_gets_english_help(new_chat: Callable[..., Chat]) -> None:
    chat = new_chat(locale="en-US")

    card = card_of((await chat.send("help"))[0])

    assert card["body"][0]["text"] == "What I can do"
    assert _facts(card)["record"] == (
        "decisions, goals and action items after a meeting, e.g. record 12"
    )
    assert _facts(card)["settings"] == "language and time zone"


async def test_a_card_button_without_text_works_like_typing(chat: Chat) -> None:
    submit = Activity(type=ActivityTypes.message, value={"command": "hjälp"})
    replies = await chat.send(submit)
    assert [_is_help_card(reply, "Det här kan jag") for reply in replies] == [True]


# -- routing answers -------------------------------------------------------------------


async def test_a_typo_gets_a_suggestion_with_a_button(chat: Chat) -> None:
    (reply,) = await chat.send("hjäpl")
    card = card_of(reply)
    assert card["fallbackText"] == (
        "Jag förstod inte riktigt. Menade du **hjälp**? Skriv **hjälp** så ser du alla kommandon."
    )
    assert [(a["title"], a["data"]["msteams"]["value"]) for a in card["actions"]] == [
        ("Hjälp", "hjälp")
    ]


async def test_an_english_typo_gets_an_english_suggestion(new_chat: Callable[..., Chat]) -> None:
    assert await new_chat(locale="en-US").texts("halp") == [
        "[card] I didn't quite get that. Did you mean **help**? Type **help** for all commands."
    ]


async def test_unrelated_text_gets_the_plain_answer(chat: Chat) -> None:
    assert await chat.texts("ok") == [SV_UNKNOWN]


async def test_cancel_with_nothing_running(chat: Chat) -> None:
    assert await chat.texts("avbryt") == ["Det finns inget att avbryta just nu."]


@pytest.mark.parametrize("text", ["", "<at>Samverkansboten</at>", "&nbsp;"])
async def test_an_empty_message_is_answered(chat: Chat, text: str) -> None:
    assert await chat.texts(text) == [
        "Jag fick ett tomt meddelande. Skriv **hjälp** om du vill se vad jag kan."
    ]


async def test_a_very_long_message_gets_a_polite_answer(chat: Chat) -> None:
    assert await chat.texts("x" * 20_000) == [
        "Meddelandet är för långt för mig (20000 tecken). Skriv kortare, högst 4000 tecken."
    ]


async def test_a_message_at_the_limit_is_read(chat: Chat) -> None:
    assert await chat.texts("x" * 4000) == [SV_UNKNOWN]


# -- the settings dialog -----------------------------------------------------------------


async def test_settings_saves_and_the_preference_beats_the_teams_locale(
    chat: Chat, services: Services
) -> None:
    assert await chat.texts("inställningar") == [SV_LANGUAGE_QUESTION]
    assert await chat.texts("tyska") == [
        "Välj ett av alternativen: svenska, engelska eller samma som Teams."
    ]
    assert await chat.texts("2") == [
        "Which time zone applies to you? Now: **Europe/Stockholm**. Type **keep**, or another "
        "time zone, e.g. Europe/Helsinki or London."
    ]
    assert await chat.texts("Mars") == [
        "I don't recognise that time zone. Type e.g. Europe/Stockholm or Europe/London, "
        "or **keep**."
    ]
    assert await chat.texts("Europe/Helsinki") == [
        "Saved. Language: English. Time zone: Europe/Helsinki."
    ]

    replies = await chat.send("help")  # Teams still says sv-SE

    assert [_is_help_card(reply, "What I can do") for reply in replies] == [True]
    async with services.db.session() as session:
        user = await get_staff_user(session, "29:user-anna")
    assert user is not None
    assert (user.locale, user.language, user.timezone) == ("sv-SE", "en", "Europe/Helsinki")


async def test_settings_back_to_same_as_teams(chat: Chat) -> None:
    await chat.send("inställningar")
    await chat.send("engelska")
    await chat.send("Helsingfors")

    await chat.send("settings")
    assert await chat.texts("3") == [
        "Vilken tidszon gäller för dig? Nu: **Europe/Helsinki**. Skriv **behåll**, eller en "
        "annan tidszon, t.ex. Europe/Helsinki eller Helsingfors."
    ]
    assert await chat.texts("behåll") == [
        "Sparat. Språk: Samma som Teams. Tidszon: Europe/Helsinki."
    ]
    replies = await chat.send("hjälp")
    assert [_is_help_card(reply, "Det här kan jag") for reply in replies] == [True]


@pytest.mark.parametrize("word", ["avbryt", "Avbryt!", "stopp", "cancel"])
async def test_cancel_mid_dialog_and_the_next_text_is_a_command_again(
    chat: Chat, word: str
) -> None:
    await chat.send("inställningar")

    assert await chat.texts(word) == ["Okej, jag har avbrutit."]
    assert await chat.texts("2") == [SV_UNKNOWN]
    assert await chat.texts("avbryt") == ["Det finns inget att avbryta just nu."]


async def test_help_mid_dialog_shows_help_and_asks_again(chat: Chat) -> None:
    await chat.send("inställningar")

    replies = await chat.send("hjälp")

    assert [text_of(reply).splitlines()[0] for reply in replies] == [
        "[card] Det här kan jag",
        "[card] Vilket språk vill du att jag skriver på?",
    ]
    assert text_of(replies[1]) == SV_LANGUAGE_QUESTION
    assert await chat.texts("1") == [
        "Vilken tidszon gäller för dig? Nu: **Europe/Stockholm**. Skriv **behåll**, eller en "
        "annan tidszon, t.ex. Europe/Helsinki eller Helsingfors."
    ]
    assert await chat.texts("behåll") == ["Sparat. Språk: Svenska. Tidszon: Europe/Stockholm."]


async def test_other_users_do_not_share_a_dialog(new_chat: Callable[..., Chat]) -> None:
    anna, omar = new_chat(user_id="29:user-anna"), new_chat(user_id="29:user-omar")
    await anna.send("inställningar")

    assert await omar.texts("2") == [SV_UNKNOWN]
    assert await anna.texts("2") == [
        "Which time zone applies to you? Now: **Europe/Stockholm**. Type **keep**, or another "
        "time zone, e.g. Europe/Helsinki or London."
    ]


# -- errors --------------------------------------------------------------------------------


async def test_a_failing_dialog_apologises_once_and_starts_over(
    chat: Chat,
    services: Services,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    def broken(*_args: object, **_kwargs: object) -> str:
        raise RuntimeError("time zone database unavailable")

    await chat.send("inställningar")
    await chat.send("1")
    monkeypatch.setattr(dialogs.settings_dialog, "parse_timezone", broken)

    with caplog.at_level(logging.ERROR, logger="samverkan.turn"):
        assert await chat.texts("Europe/Helsinki") == [SV_APOLOGY]

    monkeypatch.undo()
    assert await chat.texts("Europe/Helsinki") == [SV_UNKNOWN]
    assert [(r.getMessage().split(":")[0], r.exc_info is not None) for r in caplog.records] == [
        ("turn failed", True)
    ]
    async with services.db.session() as session:
        user = await get_staff_user(session, "29:user-anna")
    assert user is not None
    assert (user.language, user.timezone) == (None, None)


async def test_the_apology_is_in_the_users_language(
    new_chat: Callable[..., Chat], services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(*_args: object) -> None:
        raise RuntimeError("card rendering failed")

    chat = new_chat(locale="en-US")
    monkeypatch.setattr(services.bot._conversation, "_help", broken)

    assert await chat.texts("help") == [
        "Sorry, something went wrong on my side. I've started over – please try again."
    ]


# -- install and welcome ---------------------------------------------------------------------


def _bot_added() -> Activity:
    return Activity(
        type=ActivityTypes.conversation_update,
        members_added=[ChannelAccount(id=BOT_ID, name="Samverkansboten")],
    )


def _installed() -> Activity:
    return Activity(type=ActivityTypes.installation_update, action="add")


async def test_welcome_once_when_the_bot_is_added(chat: Chat) -> None:
    replies = await chat.send(_bot_added())

    assert len(replies) == 1
    card = card_of(replies[0])
    assert [block["text"] for block in card["body"]] == [
        "Hej! Jag är Samverkansboten.",
        "Jag hjälper er som delar ansvaret för en brukare: skattningar och kurvor, "
        "resursgruppsmöten, vem som gör vad och påminnelser. Skriv **hjälp** när du vill se "
        "vad jag kan.",
        "Skriv aldrig personnummer eller namn på brukare – använd koden, t.ex. K-1042.",
    ]
    assert card["version"] == "1.5"
    assert [(a["title"], a["data"]["msteams"]["value"]) for a in card["actions"]] == [
        ("Hjälp", "hjälp")
    ]
    assert await chat.send(_installed()) == []
    assert await chat.send(_bot_added()) == []


async def test_welcome_once_when_installation_comes_first(
    new_chat: Callable[..., Chat],
) -> None:
    chat = new_chat(locale="en-US")

    replies = await chat.send(_installed())

    assert [card_of(reply)["body"][0]["text"] for reply in replies] == [
        "Hi! I'm Samverkansboten, the coordination bot."
    ]
    assert await chat.send(_bot_added()) == []


# -- tenants -----------------------------------------------------------------------------------


async def test_other_organisations_are_refused(sqlite_url: str, clock: FrozenClock) -> None:
    config = Config(database_url=sqlite_url, allowed_tenants=frozenset({"another-tenant"}))
    services = build_services(config, clock)
    await prepare_database(services)
    try:
        assert await Chat(services, user_id="29:user-anna").texts("hjälp") == [
            "Den här boten är inte öppen för din organisation. Kontakta din IT-avdelning om du "
            "tror att det är fel."
        ]
    finally:
        await services.db.dispose()
