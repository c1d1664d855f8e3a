"""A dialog never traps anyone: a command typed at any question runs that command,
what was put aside can be taken up again or dropped, nothing typed as a command is
saved as data, a question never loops, and a dialog left for hours is shown first."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from bot.services import Services
from core.clock import FrozenClock
from core.config import Config
from storage.models import Meeting, Reminder
from tests.bot.conftest import Chat, card_of, running_services, text_of

OMAR = "Omar Said, omar.said@forsakringskassan.se"

# How to reach each question of each dialog, and the question's text (first reply).
BOOK = ["boka K-1001"]
STEPS_SV: dict[str, tuple[list[str], str]] = {
    "book.purpose": (BOOK, "Vad är syftet med mötet?"),
    "book.when": ([*BOOK, "Planera boendet"], "När?"),
    "book.length": ([*BOOK, "Planera boendet", "tisdag 13.30"], "Hur länge"),
    "book.place": ([*BOOK, "Planera boendet", "tisdag 13.30", "60"], "Var"),
    "book.people": ([*BOOK, "Planera boendet", "tisdag 13.30", "60", "inget"], "Vilka"),
    "book.summary": (
        [*BOOK, "Planera boendet", "tisdag 13.30", "60", "inget", OMAR],
        "Resursgruppsmöte K-1001",
    ),
    "remind.when": (["påminn mig att ringa FK"], "När"),
    "remind.what": (["påminn mig imorgon kl 9"], "Vad ska jag påminna om?"),
    "settings.language": (["inställningar"], "Vilket språk"),
}
PUT_ASIDE_SV = {
    "book": "Du höll på att boka ett möte för K-1001 – det ligger kvar.",
    "remind": "Du höll på att lägga in en påminnelse – det ligger kvar.",
    "settings": "Du höll på att ändra inställningar – det ligger kvar.",
}


@pytest.fixture
async def demo(sqlite_url: str, clock: FrozenClock) -> AsyncIterator[Services]:
    async with running_services(Config(database_url=sqlite_url, demo_data=True), clock) as built:
        yield built


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


@pytest.mark.parametrize("question", list(STEPS_SV))
async def test_a_command_at_any_question_runs_and_the_dialog_waits_aside(
    question: str, new_chat: Callable[..., Chat], demo: Services
) -> None:
    chat = new_chat()
    steps, asked = STEPS_SV[question]
    assert asked in await _reach(chat, steps)
    meetings, reminders = await _count(demo, Meeting), await _count(demo, Reminder)

    replies = await chat.send("vem LSS Kumla")

    # The directory answers (a card of contacts), then one line with two buttons.
    assert len(replies) == 2
    assert "LSS" in text_of(replies[0])
    notice = card_of(replies[1])
    assert notice["fallbackText"] == PUT_ASIDE_SV[question.split(".")[0]]
    assert [a["title"] for a in notice["actions"]] == ["Fortsätt", "Släpp"]
    # Nothing typed as a command was saved as data.
    assert (await _count(demo, Meeting), await _count(demo, Reminder)) == (meetings, reminders)

    # Fortsätt takes it up again at the same question.
    back = " ".join(t or "" for t in await chat.texts("fortsätt"))
    assert back.startswith("Vi fortsätter:")
    assert asked in back


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
    assert await chat.texts("tack") == [
        "Varsågod! Skriv **hjälp** om du vill se vad mer jag kan."
    ]
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


@pytest.mark.parametrize("command", ["graf", "exportera", "klient", "team", "samtycke", "möte"])
async def test_client_commands_without_a_code_offer_the_persons_clients(
    command: str, new_chat: Callable[..., Chat]
) -> None:
    chat = new_chat()
    await chat.send("hej")
    [picker] = await chat.send(command)
    values = [a["data"]["msteams"]["value"] for a in card_of(picker)["actions"]]
    assert values == [f"{command} E-2001", f"{command} K-1001"]
