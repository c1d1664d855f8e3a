"""A dialog never traps anyone: a command typed at any question runs that command,
what was put aside can be taken up again or dropped, nothing typed as a command is
saved as data, a question never loops, and a dialog left for hours is shown first."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from bot.services import Services
from core.clock import FrozenClock
from core.config import Config
from core.i18n import t
from storage.models import Meeting, Reminder
from tests.bot.conftest import Chat, card_of, running_services, text_of

OMAR = "Omar Said, omar.said@forsakringskassan.se"

# How to reach each question of each dialog, in Swedish and English. "{booked}"
# is a meeting booked first (for moving it); "{held}" one that has been held.
BOOK = ["boka K-1001"]
BOOK_SV = ["boka K-1001", "Planera boendet", "tisdag 13.30", "60", "inget"]
BOOK_EN = ["book K-1001", "Plan the housing", "tuesday 13.30", "60", "none"]
JOURNEYS: dict[str, tuple[list[str], list[str]]] = {
    "book.purpose": (BOOK_SV[:1], BOOK_EN[:1]),
    "book.when": (BOOK_SV[:2], BOOK_EN[:2]),
    "book.length": (BOOK_SV[:3], BOOK_EN[:3]),
    "book.place": (BOOK_SV[:4], BOOK_EN[:4]),
    "book.people": (BOOK_SV, BOOK_EN),
    "book.summary": ([*BOOK_SV, OMAR], [*BOOK_EN, OMAR]),
    "remind.when": (["påminn mig att ringa FK"], ["remind me to call FK"]),
    "remind.what": (["påminn mig imorgon kl 9"], ["remind me tomorrow at 9"]),
    "settings.language": (["inställningar"], ["settings"]),
    "settings.timezone": (["inställningar", "svenska"], ["settings", "english"]),
    "move.when": (["flytta {booked}"], ["move {booked}"]),
    "move.decide": (["flytta {booked}", "tisdag 13.30"], ["move {booked}", "tuesday 13.30"]),
    "follow_up.outcome": (["uppföljning {held}"], ["follow-up {held}"]),
    "follow_up.confirm": (
        ["uppföljning {held}", "Beslut: Ingen ändring"],
        ["follow-up {held}", "Decisions: No change"],
    ),
    "follow_up.next": (
        ["uppföljning {held}", "Beslut: Ingen ändring", "spara"],
        ["follow-up {held}", "Decisions: No change", "save"],
    ),
}
PUT_ASIDE = {
    ("book", "sv"): "Du höll på att boka ett möte för K-1001 – det ligger kvar.",
    ("remind", "sv"): "Du höll på att lägga in en påminnelse – det ligger kvar.",
    ("settings", "sv"): "Du höll på att ändra inställningar – det ligger kvar.",
    ("move", "sv"): "Du höll på att flytta ett möte för K-1001 – det ligger kvar.",
    ("follow_up", "sv"): "Du höll på att dokumentera ett möte för K-1001 – det ligger kvar.",
    ("book", "en"): "You were about to book a meeting for K-1001 – it is kept for you.",
    ("remind", "en"): "You were about to set a reminder – it is kept for you.",
    ("settings", "en"): "You were about to change settings – it is kept for you.",
    ("move", "en"): "You were about to move a meeting for K-1001 – it is kept for you.",
    ("follow_up", "en"): "You were about to document a meeting for K-1001 – it is kept for you.",
}
LOCALES = {"sv": "sv-SE", "en": "en-US"}
WHO = {"sv": "vem LSS Kumla", "en": "who LSS Kumla"}
RESUME = {"sv": ("fortsätt", "Vi fortsätter:"), "en": ("continue", "Let's go on:")}


@pytest.fixture
def new_chat(demo: Services) -> Callable[..., Chat]:
    def _new(locale: str = "sv-SE") -> Chat:
        return Chat(demo, locale=locale, user_id="29:user-anna")

    return _new


async def _count(services: Services, model: type) -> int:
    async with services.db.session() as session:
        return int((await session.execute(select(func.count()).select_from(model))).scalar_one())


async def _reach(chat: Chat, steps: list[str]) -> str:
    await chat.send("hej")
    replies: list[str | None] = []
    for step in steps:
        replies = await chat.texts(step)
    return " ".join(r or "" for r in replies)


async def _book_and_hold(demo: Services, clock: FrozenClock, lang: str) -> tuple[int, int]:
    """Two meetings of Anna's for K-1001: one on Wednesday (to move onto Tuesday's,
    which clashes) and one already held."""
    organizer = Chat(demo, locale=LOCALES[lang], user_id="29:user-anna")
    await organizer.send("hej")
    book, anyway, with_ = (
        ("boka", "samtycke finns", "med") if lang == "sv" else ("book", "consent given", "with")
    )
    days = ("tisdag 13.30", "onsdag 9.00", "måndag 9.00")
    if lang == "en":
        days = ("tuesday 13.30", "wednesday 9.00", "monday 9.00")
    for day in days:
        await organizer.send(f"{book} K-1001 {day} {with_} {OMAR}")
        await organizer.send(anyway)
    async with demo.db.session() as session:
        ids = (await session.execute(select(Meeting.id).order_by(Meeting.id))).scalars().all()
    assert len(ids) == 3, "the meetings were not booked"
    return ids[1], ids[2]


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("question", list(JOURNEYS))
async def test_a_command_at_any_question_runs_and_the_dialog_waits_aside(
    question: str, lang: str, demo: Services, clock: FrozenClock
) -> None:
    steps = JOURNEYS[question][0 if lang == "sv" else 1]
    if any("{" in step for step in steps):
        booked, held = await _book_and_hold(demo, clock, lang)
        clock.advance(timedelta(days=1, hours=5))  # Monday 9:00 is over: held
        steps = [step.format(booked=booked, held=held) for step in steps]
    chat = Chat(demo, locale=LOCALES[lang], user_id="29:user-anna")
    await chat.send("hej" if lang == "sv" else "hello")
    asked: list[str] = []
    for step in steps:
        asked = [text_of(reply) or "" for reply in await chat.send(step)]
    question_text = asked[-1]
    assert question_text, f"no question reached by {steps}"
    meetings, reminders = await _count(demo, Meeting), await _count(demo, Reminder)

    replies = await chat.send(WHO[lang])

    # The directory answers (a card of contacts), then one line with two buttons.
    assert len(replies) == 2
    assert "LSS" in (text_of(replies[0]) or "")
    notice = card_of(replies[1])
    assert notice["fallbackText"] == PUT_ASIDE[(question.split(".")[0], lang)]
    assert len(notice["actions"]) == 2
    # Nothing typed as a command was saved as data.
    assert (await _count(demo, Meeting), await _count(demo, Reminder)) == (meetings, reminders)

    # Fortsätt / Continue takes it up again at the same question.
    word, said = RESUME[lang]
    back = [text_of(reply) or "" for reply in await chat.send(word)]
    assert back[0].startswith(said)
    assert question_text in back


async def test_english_commands_interrupt_too(new_chat: Callable[..., Chat]) -> None:
    chat = new_chat(locale="en-US")
    await chat.send("hello")
    assert (await chat.texts("book K-1001"))[0].startswith("What is the purpose")  # type: ignore[union-attr]
    replies = await chat.send("reminders")
    assert card_of(replies[-1])["fallbackText"] == (
        "You were about to book a meeting for K-1001 – it is kept for you."
    )
    assert [a["title"] for a in card_of(replies[-1])["actions"]] == ["Continue", "Drop"]
    assert await chat.texts("drop") == ["Okay, I dropped it: book a meeting for K-1001."]
    assert await chat.texts("continue") == ["There is nothing unfinished to go on with."]


async def test_an_answer_beginning_with_a_command_word_is_still_the_answer(
    new_chat: Callable[..., Chat], demo: Services
) -> None:
    chat = new_chat()
    await _reach(chat, BOOK)
    # "boka tolk" does not read as booking (no client code): it is the purpose.
    assert (await chat.texts("boka tolk"))[0] == (
        "[card] När? Skriv t.ex. **tisdag 13.30**, **3/12 kl 10** – eller välj i kortet."
    )


async def test_the_same_task_said_whole_starts_afresh(
    new_chat: Callable[..., Chat], demo: Services
) -> None:
    chat = new_chat()
    await _reach(chat, ["påminn mig att ringa FK"])
    replies = await chat.texts("påminn mig på fredag kl 10 att skicka intyget")
    assert replies[0].startswith("Klart!")  # type: ignore[union-attr]
    async with demo.db.session() as session:
        texts = (await session.execute(select(Reminder.text))).scalars().all()
    assert any("skicka intyget" in text for text in texts)
    assert not any("påminn" in text for text in texts)


async def test_dropping_what_was_put_aside(new_chat: Callable[..., Chat], demo: Services) -> None:
    chat = new_chat()
    await _reach(chat, BOOK)
    await chat.send("möten")
    assert await chat.texts("släpp") == ["Okej, jag släppte det: boka ett möte för K-1001."]
    assert await chat.texts("fortsätt") == ["Det finns inget påbörjat att fortsätta med."]


async def test_help_and_thanks_keep_the_dialog(new_chat: Callable[..., Chat]) -> None:
    chat = new_chat()
    await _reach(chat, BOOK)
    assert await chat.texts("tack") == ["Varsågod! Skriv **hjälp** om du vill se vad mer jag kan."]
    replies = await chat.texts("hjälp boka")
    assert replies[0].startswith("[card] Skriv **boka** så frågar jag")  # type: ignore[union-attr]
    assert replies[1].startswith("Vad är syftet med mötet?")  # type: ignore[union-attr]
    assert (await chat.texts("Planera boendet"))[0].startswith("[card] När?")  # type: ignore[union-attr]


async def test_two_unread_answers_bring_examples_and_avbryt(
    new_chat: Callable[..., Chat], demo: Services
) -> None:
    chat = new_chat()
    await _reach(chat, [*BOOK, "Planera boendet"])
    first = await chat.send("när det passar")
    assert all("Exempel" not in (text_of(r) or "") for r in first)
    second = await chat.send("någon gång")
    examples = card_of(second[-1])
    assert examples["fallbackText"].startswith("Exempel: **tisdag 13.30**")
    assert [a["title"] for a in examples["actions"]] == ["Avbryt"]
    assert await chat.texts("avbryt") == ["Okej, jag har avbrutit."]
    assert await _count(demo, Meeting) == 0


async def test_a_dialog_left_for_hours_is_shown_first_even_after_a_restart(
    sqlite_url: str, clock: FrozenClock
) -> None:
    config = Config(database_url=sqlite_url, demo_data=True)
    async with running_services(config, clock) as first:
        chat = Chat(first, user_id="29:user-anna")
        await _reach(chat, BOOK)
    clock.advance(timedelta(hours=20))
    async with running_services(config, clock) as second:  # the bot restarted overnight
        chat = Chat(second, user_id="29:user-anna")
        replies = await chat.send("Planera boendet")
        notice = card_of(replies[-1])
        assert notice["fallbackText"] == (
            "Du har något påbörjat sedan tidigare: boka ett möte för K-1001. Vill du fortsätta?"
        )
        assert len(replies) == 1  # the message was not taken as the purpose
        assert await _count(second, Meeting) == 0
        back = await chat.texts("fortsätt")
        assert back[-1].startswith("Vad är syftet med mötet?")  # type: ignore[union-attr]
        assert (await chat.texts("Planera boendet"))[0].startswith("[card] När?")  # type: ignore[union-attr]


async def test_a_code_without_its_dash_is_understood(new_chat: Callable[..., Chat]) -> None:
    chat = new_chat()
    await chat.send("hej")
    assert (await chat.texts("boka k1001"))[0].startswith("Vad är syftet med mötet?")  # type: ignore[union-attr]
    await chat.send("avbryt")
    assert (await chat.texts("boka k 1001"))[0].startswith("Vad är syftet med mötet?")  # type: ignore[union-attr]


@pytest.mark.parametrize("command", ["graf", "exportera", "klient", "team", "samtycke", "möte"])
async def test_client_commands_without_a_code_offer_the_persons_clients(
    command: str, new_chat: Callable[..., Chat]
) -> None:
    chat = new_chat()
    await chat.send("hej")
    [picker] = await chat.send(command)
    values = [a["data"]["msteams"]["value"] for a in card_of(picker)["actions"]]
    assert values == [f"{command} E-2001", f"{command} K-1001"]


async def test_the_client_question_can_be_answered_by_typing_the_code(
    new_chat: Callable[..., Chat],
) -> None:
    chat = new_chat()
    await chat.send("hej")
    await chat.send("klient")
    [card] = await chat.send("k1001")
    assert "K-1001" in text_of(card)  # the client card, not "Jag förstod inte"
    # Only right after the question: later a bare code is not a command.
    assert await chat.texts("K-1001") == [
        "Jag förstod inte riktigt. Skriv **hjälp** så visar jag vad jag kan."
    ]


async def test_a_purpose_that_begins_like_a_question_is_the_purpose(
    new_chat: Callable[..., Chat],
) -> None:
    chat = new_chat()
    await _reach(chat, BOOK)
    # "hur" asks for help only outside a question; here it begins the purpose.
    replies = await chat.texts("Hur skolgången ska fungera")
    assert replies[0].startswith("[card] När?")  # type: ignore[union-attr]


@pytest.mark.parametrize("lang", ["sv", "en"])
async def test_booking_for_someone_with_no_clients_asks_for_the_code_and_can_be_interrupted(
    services: Services, lang: str
) -> None:
    # Without demo data nobody is in a care team: `boka` asks for the client itself.
    chat = Chat(services, locale=LOCALES[lang], user_id="29:user-anna")
    await chat.send("hej" if lang == "sv" else "hello")
    [question] = await chat.texts("boka" if lang == "sv" else "book")
    replies = await chat.send(WHO[lang])
    assert len(replies) == 2
    assert (
        card_of(replies[1])["fallbackText"]
        == {
            "sv": "Du höll på att boka ett möte – det ligger kvar.",
            "en": "You were about to book a meeting – it is kept for you.",
        }[lang]
    )
    back = [text_of(reply) or "" for reply in await chat.send(RESUME[lang][0])]
    assert question in back
    assert await _count(services, Meeting) == 0


# -- found in review -----------------------------------------------------------------


async def test_the_tasks_own_word_alone_asks_again_and_is_not_saved(
    new_chat: Callable[..., Chat], demo: Services
) -> None:
    chat = new_chat()
    await _reach(chat, BOOK_SV[:4])  # at "Var?"
    # The Boka button on booking's own help card, pressed in the middle of booking.
    replies = await chat.texts("boka")
    assert replies[0] == "Vi är redan mitt i det här:"
    assert replies[1].startswith("Var")  # type: ignore[union-attr]
    await chat.send("inget")
    [summary] = await chat.send(OMAR)
    places = re.findall(r'"title": "Var", "value": "([^"]*)"', json.dumps(card_of(summary)))
    assert places == [t("meeting.summary.nowhere", "sv")]  # not "boka"
    await _reach(chat, ["påminn"])
    assert (await chat.texts("påminn"))[0] == "Vi är redan mitt i det här:"


async def test_words_after_avbryt_are_an_answer(new_chat: Callable[..., Chat]) -> None:
    chat = new_chat()
    await _reach(chat, BOOK)
    replies = await chat.texts("Sluta med korttidsvistelse")
    assert replies[0].startswith("[card] När?")  # type: ignore[union-attr]


async def test_a_second_thing_put_aside_says_the_first_is_dropped(
    new_chat: Callable[..., Chat],
) -> None:
    chat = new_chat()
    await _reach(chat, BOOK)
    await chat.send("möten")  # the booking goes aside
    await chat.send("inställningar")
    replies = await chat.texts("påminnelser")  # settings go aside: the booking is dropped
    assert "Okej, jag släppte det: boka ett möte för K-1001." in replies
    assert replies[-1] == "[card] Du höll på att ändra inställningar – det ligger kvar."


async def test_going_back_while_in_another_dialog_swaps_them_and_says_so(
    new_chat: Callable[..., Chat],
) -> None:
    chat = new_chat()
    await _reach(chat, BOOK)
    await chat.send("inställningar")  # booking aside, settings running
    replies = await chat.texts("fortsätt")
    assert replies[0] == "Vi fortsätter: boka ett möte för K-1001."
    assert replies[1].startswith("Vad är syftet med mötet?")  # type: ignore[union-attr]
    assert replies[-1] == "[card] Du höll på att ändra inställningar – det ligger kvar."
    assert await chat.texts("släpp") == [
        "Okej, jag släppte det: ändra inställningar.",
        replies[1],
    ]
    assert (await chat.texts("släpp"))[0] == "Okej, jag har avbrutit."
    assert await chat.texts("släpp") == ["Det finns inget påbörjat att släppa."]


async def test_in_a_group_chat_each_person_has_their_own_dialogs(demo: Services) -> None:
    anna = Chat(demo, user_id="29:user-anna", conversation_id="19:group-chat")
    bertil = Chat(demo, user_id="29:user-bertil", conversation_id="19:group-chat")
    await anna.send("hej")
    await bertil.send("hej")
    await anna.send("boka K-1001")
    # Bertil's command is his own: no notice about Anna's booking, nothing to drop.
    replies = await bertil.send("möten")
    assert all("boka ett möte" not in (text_of(r) or "") for r in replies)
    assert await bertil.texts("släpp") == ["Det finns inget påbörjat att släppa."]
    assert (await anna.texts("Planera boendet"))[0].startswith("[card] När?")  # type: ignore[union-attr]


async def test_boka_answers_the_follow_ups_book_the_next_meeting_question(
    demo: Services, clock: FrozenClock
) -> None:
    _booked, held = await _book_and_hold(demo, clock, "sv")
    clock.advance(timedelta(days=1, hours=5))
    chat = Chat(demo, user_id="29:user-anna")
    for step in (f"uppföljning {held}", "Beslut: Ingen ändring", "spara"):
        await chat.send(step)
    replies = [text_of(r) or "" for r in await chat.send("boka")]
    assert not any("Vilken klient" in r or "ligger kvar" in r for r in replies)
    assert any(r.startswith("Vad är syftet med mötet?") for r in replies)
