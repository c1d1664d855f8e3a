"""After a meeting: the organizer is asked once, records decisions, delmål and who
does what by when (with cards and in words), is told which lines need fixing,
saves, gets the reminders, and books the next meeting with the same people."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.follow_up_job import FollowUpAsker
from bot.services import Services
from core.clock import FrozenClock
from core.delivery import SendOutcome
from storage.models import Meeting, PlanItem, Reminder
from tests.bot.conftest import Chat, card_of, text_of
from tests.bot.meetings.conftest import RecordingSender, submit
from tests.support.cards import card_texts, inputs_of

TZ = ZoneInfo("Europe/Stockholm")
TUESDAY_1330 = datetime(2026, 11, 24, 13, 30, tzinfo=TZ)  # the clock: Sunday 2026-11-22
OMAR = "Omar Said, omar.said@forsakringskassan.se"


async def _book(services: Services, anna: Chat, bertil: Chat) -> int:
    await anna.send("hej")
    await bertil.send("hej")
    await bertil.send("möten")  # Bertil in the demo care team too (local mode)
    await anna.send(f"boka K-1001 tisdag 13.30 med Anna Berg, {OMAR}")
    await anna.send("samtycke finns")
    return (await _meeting_ids(services))[-1]


async def _meeting_ids(services: Services) -> list[int]:
    async with services.db.session() as session:
        return list(await session.scalars(select(Meeting.id).order_by(Meeting.id)))


async def _plan(services: Services) -> list[tuple[str, str, str | None, str | None]]:
    async with services.db.session() as session:
        rows = await session.execute(
            select(PlanItem.kind, PlanItem.text, PlanItem.owner_name, PlanItem.due_on).order_by(
                PlanItem.id
            )
        )
        return [(r[0], r[1], r[2], r[3].isoformat() if r[3] else None) for r in rows]


async def _action_reminders(services: Services) -> list[tuple[str, str]]:
    async with services.db.session() as session:
        rows = await session.execute(
            select(Reminder.dtstart_local, Reminder.text)
            .where(Reminder.subject.like("action:%"), Reminder.status == "active")
            .order_by(Reminder.dtstart_local)
        )
        return [(r[0], r[1]) for r in rows]


def _after_meeting(clock: FrozenClock) -> None:
    clock.set(TUESDAY_1330 + timedelta(hours=1, minutes=5))


async def test_the_organizer_is_asked_once_records_and_books_the_next(
    new_chat: Callable[..., Chat], demo: Services, sender: RecordingSender, clock: FrozenClock
) -> None:
    anna, bertil = new_chat(), new_chat(user_id="29:user-bertil")
    first = await _book(demo, anna, bertil)
    asker = FollowUpAsker(demo.meetings, demo.meeting_notifier)
    assert (await asker.run_once()).asked == 0  # not over yet
    _after_meeting(clock)
    sender.sent.clear()
    assert (await asker.run_once()).asked == 1
    assert (await asker.run_once()).asked == 0  # asked once
    [(conversation, question)] = sender.sent
    assert conversation == "a:conv-29:user-anna"
    card = question["attachments"][0]["content"]
    assert card["body"][0]["text"] == "Hur gick mötet om K-1001?"
    button = card["actions"][0]
    assert (button["title"], button["data"]["command"]) == ("Dokumentera", f"dokumentera {first}")

    # The button types the command; the outcome card and the words to use come back.
    replies = await anna.send(button["data"]["command"])
    outcome = card_of(replies[0])
    assert outcome["body"][0]["text"] == ("Efter mötet om K-1001 tisdag 2026-11-24 kl 13:30–14:30")
    assert [i["id"] for i in inputs_of(outcome)] == ["decisions", "goals", "actions"]
    assert text_of(replies[1]).startswith("Fyll i kortet. I chatten går det också")  # type: ignore[union-attr]

    # One line without a readable day: what is wrong, and the card back as written.
    boxes = {
        "dialog_input": "outcome",
        "decisions": "Ansökan om boendestöd görs",
        "goals": "Sova hela nätter\n",
        "actions": "Ansöka om boendestöd – Omar – 1/12\nRinga skolan – jag – snart",
    }
    replies = await anna.send(submit(boxes))
    assert replies[0].text == (
        "Det här behöver rättas:\n"
        '- "Ringa skolan – jag – snart": jag förstår inte datumet; skriv t.ex. 15/12, '
        "fredag eller v. 51\n\n"
        "Rätta i kortet nedan eller skriv allt igen. **avbryt** avbryter."
    )
    again = {i["id"]: i["value"] for i in inputs_of(card_of(replies[1]))}
    assert again == {
        "decisions": "Ansökan om boendestöd görs",
        "goals": "Sova hela nätter",
        "actions": "Ansöka om boendestöd – Omar – 1/12\nRinga skolan – jag – snart",
    }
    assert len(replies) == 2
    assert await _plan(demo) == []

    boxes["actions"] = "Ansöka om boendestöd – Omar – 1/12\nRinga skolan – jag – fredag"
    [summary] = await anna.send(submit(boxes))
    said = card_texts(card_of(summary))
    assert "Ansöka om boendestöd – **Omar Said**, senast tisdag 2026-12-01" in said
    assert "använder inte boten: du påminns i stället" in said
    assert "Ringa skolan – **Anna Berg**, senast fredag 2026-11-27" in said
    assert "påminns i Teams på morgonen den dagen" in said
    # Ändra brings the card back filled in; nothing is saved until Spara.
    [card_again, _words] = await anna.send("ändra")
    assert inputs_of(card_of(card_again))[2]["value"].endswith("Ringa skolan – jag – fredag")
    await anna.send(submit(boxes))
    replies = await anna.send(submit({"dialog_input": "plan_confirm", "choice": "save"}))
    assert replies[0].text == ("Sparat för K-1001: 1 beslut, 1 delmål och 2 åtgärder.")
    assert card_of(replies[1])["actions"][0]["title"] == "Boka nästa möte"
    assert await _plan(demo) == [
        ("decision", "Ansökan om boendestöd görs", None, None),
        ("goal", "Sova hela nätter", None, None),
        ("action", "Ansöka om boendestöd", "Omar Said", "2026-12-01"),
        ("action", "Ringa skolan", "Anna Berg", "2026-11-27"),
    ]
    assert await _action_reminders(demo) == [
        (
            "2026-11-27T08:00:00",
            "Åtgärd för K-1001 ska vara klar i dag: Ringa skolan",
        ),
        (
            "2026-12-01T08:00:00",
            "Åtgärd för K-1001 ska vara klar i dag: Ansöka om boendestöd (ansvarig: Omar Said)",
        ),
    ]

    # The next meeting: the client is known, last time's participants are offered.
    replies = await anna.send(submit({"dialog_input": "plan_next", "choice": "book"}))
    assert replies[-1].text.startswith("Vad är syftet")  # type: ignore[union-attr]
    await anna.send("standard")
    await anna.send("8/12 13.30")
    await anna.send("60")
    replies = await anna.send("inget")
    people = card_of(replies[0])
    assert [i["title"] for i in inputs_of(people) if i["type"] == "Input.Toggle"] == [
        "Anna Berg",
        "Omar Said",
    ]
    await anna.send(
        submit({"dialog_input": "participants", "p0": "true", "p1": "true", "others": ""})
    )
    await anna.send("samtycke finns")
    ids = await _meeting_ids(demo)
    assert len(ids) == 2
    async with demo.db.session() as session:
        second = await session.get(Meeting, ids[1])
    assert second is not None and second.previous_meeting_id == first

    # möte K-1001 shows the goal and the open action items.
    [overview] = await anna.send("möte K-1001")
    text = card_texts(card_of(overview))
    assert "Sova hela nätter" in text
    assert "Ringa skolan – Anna Berg, senast 2026-11-27" in text


async def test_in_words_with_headings_and_the_refusals(
    new_chat: Callable[..., Chat], demo: Services, sender: RecordingSender, clock: FrozenClock
) -> None:
    anna, bertil = new_chat(), new_chat(user_id="29:user-bertil")
    assert await anna.texts("dokumentera") == [
        "Jag hittar inget hållet möte att dokumentera. Skriv **dokumentera K-1042** eller "
        "numret på mötet."
    ]
    # The old word still works, as does "utfall".
    assert await anna.texts("uppföljning") == await anna.texts("utfall")
    first = await _book(demo, anna, bertil)
    assert await anna.texts(f"uppföljning {first}") == [
        "Mötet har inte börjat än; beslut och åtgärder skrivs efter mötet."
    ]
    _after_meeting(clock)
    await anna.send("uppföljning K-1001")  # the client's latest held meeting
    # A personnummer is never echoed back; the rest comes back to fix.
    replies = await anna.texts(
        "Beslut: Omar kontaktar FK\nÅtgärder:\nRinga 19121212-1212 – jag – fredag"
    )
    assert replies[0] == (
        "Det här behöver rättas:\n- en rad innehöll något som liknar ett personnummer och "
        "togs bort; skriv den utan (klienter anges med kod)\n\n"
        "Rätta i kortet nedan eller skriv allt igen. **avbryt** avbryter."
    )
    assert "1212" not in str(replies)
    [summary] = await anna.send(
        "Beslut:\n- Omar kontaktar FK\nDelmål: Egen bostad\nÅtgärder:\n"
        "1. Boka läkartid; Anna Berg; v. 50\n"
        "Omar ansöker om boendestöd senast 15/12"
    )
    said = card_texts(card_of(summary))
    assert "Boka läkartid – **Anna Berg**, senast fredag 2026-12-11" in said
    assert "Omar ansöker om boendestöd – **Omar Said**, senast tisdag 2026-12-15" in said
    await anna.send("spara")
    assert [row[:3] for row in await _plan(demo)] == [
        ("decision", "Omar kontaktar FK", None),
        ("goal", "Egen bostad", None),
        ("action", "Boka läkartid", "Anna Berg"),
        ("action", "Omar ansöker om boendestöd", "Omar Said"),
    ]
    assert await anna.texts("nej") == ["Okej. Skriv **boka K-1001** när det är dags."]
    # `uppföljning` alone now finds nothing left to record.
    assert (await anna.texts("uppföljning"))[0].startswith("Jag hittar inget hållet möte")


async def test_cancel_saves_nothing_and_a_failed_question_is_asked_again(
    new_chat: Callable[..., Chat], demo: Services, sender: RecordingSender, clock: FrozenClock
) -> None:
    anna, bertil = new_chat(), new_chat(user_id="29:user-bertil")
    first = await _book(demo, anna, bertil)
    _after_meeting(clock)

    class Failing(RecordingSender):
        def __init__(self, outcome: SendOutcome) -> None:
            super().__init__()
            self.outcome = outcome

        async def send(self, reference, activity, *, tenant_id):  # type: ignore[no-untyped-def]
            return self.outcome

    asker = FollowUpAsker(demo.meetings, demo.meeting_notifier)
    demo.meeting_notifier.attach(Failing(SendOutcome(delivered=False, status=502)))
    assert (await asker.run_once()).retry == 1
    demo.meeting_notifier.attach(sender)
    assert (await asker.run_once()).asked == 1  # a passing failure: asked on the next run
    demo.meeting_notifier.attach(Failing(SendOutcome(delivered=False, permanent=True)))

    await anna.send(f"uppföljning {first}")
    await anna.send("Beslut: Ingen ändring")
    assert await anna.texts("avbryt") == ["Okej, jag har avbrutit."]
    assert await _plan(demo) == []
