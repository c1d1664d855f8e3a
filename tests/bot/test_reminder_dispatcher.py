"""The reminder dispatcher against a fake Sender, on SQLite and PostgreSQL: delivered
exactly once, late ones marked, old ones summarised once, leases, DST, 403, retries."""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy import select

from bot.reminder_dispatcher import JOB_ID, DispatchStats, ReminderDispatcher, schedule
from core.clock import FrozenClock
from core.delivery import SendOutcome
from core.reminder_plan import Backoff, snooze_until
from dialogs.cards.reminder import (
    ADAPTIVE_CARD,
    MissedItem,
    missed_summary_activity,
    reminder_activity,
    reminders_list_activity,
)
from storage import reminders_repository as repo
from storage.db import Database
from storage.models import ReminderOccurrence
from storage.records import ReminderRecord
from tests.storage.test_reminders_repository import TENANT, add_user, remind

STOCKHOLM = ZoneInfo("Europe/Stockholm")
DAILY_8 = "FREQ=DAILY;BYHOUR=8;BYMINUTE=0;BYSECOND=0"
DELIVERED = SendOutcome(delivered=True, activity_id="activity", status=201)


@dataclass
class Call:
    conversation_id: str
    activity: dict[str, Any]
    tenant_id: str | None
    outcome: SendOutcome | None


@dataclass
class FakeSender:
    """Answers from a per-conversation script, then "delivered"; records every call."""

    script: dict[str, list[SendOutcome | Exception]] = field(default_factory=dict)
    calls: list[Call] = field(default_factory=list)

    async def send(
        self, reference: dict[str, Any], activity: dict[str, Any], *, tenant_id: str | None
    ) -> SendOutcome:
        conversation_id = reference["conversation"]["id"]
        await asyncio.sleep(0)  # let other sends interleave
        answers = self.script.get(conversation_id)
        answer = answers.pop(0) if answers else None
        if isinstance(answer, Exception):
            self.calls.append(Call(conversation_id, activity, tenant_id, None))
            raise answer
        outcome = answer or SendOutcome(
            delivered=True, activity_id=f"activity-{len(self.calls) + 1}", status=201
        )
        self.calls.append(Call(conversation_id, activity, tenant_id, outcome))
        return outcome

    @property
    def delivered(self) -> list[Call]:
        return [c for c in self.calls if c.outcome is not None and c.outcome.delivered]

    def cards(self) -> list[dict[str, Any]]:
        return [a["content"] for c in self.delivered for a in c.activity.get("attachments", [])]

    def texts(self) -> list[str]:
        return [c.activity["text"] for c in self.delivered if "text" in c.activity]


def occurrence_of(card: dict[str, Any]) -> int:
    return card["actions"][0]["data"]["occurrence_id"]


def card_lines(card: dict[str, Any]) -> list[str]:
    return [block["text"] for block in card["body"]]


def dispatcher(
    db: Database, sender: FakeSender, clock: FrozenClock, **kwargs: Any
) -> ReminderDispatcher:
    kwargs.setdefault("instance_id", "test")
    kwargs.setdefault("rand", lambda: 1.0)
    return ReminderDispatcher(db, sender, clock, **kwargs)


async def states(db: Database) -> dict[str, str]:
    async with db.session() as session:
        rows = await session.execute(
            select(ReminderOccurrence.idempotency_key, ReminderOccurrence.state)
        )
        return dict(rows.tuples().all())


async def test_a_due_reminder_arrives_as_a_card_with_its_buttons(
    db: Database, clock: FrozenClock
) -> None:
    anna = await add_user(db, "anna", clock.now())
    reminder = await remind(db, anna, clock.now(), at=clock.now())
    sender = FakeSender()

    stats = await dispatcher(db, sender, clock).run_once()

    assert stats == DispatchStats(claimed=1, sent=1)
    [call] = sender.calls
    assert (call.conversation_id, call.tenant_id) == ("a:personal-anna", TENANT)
    [attachment] = call.activity["attachments"]
    card = attachment["content"]
    assert attachment["contentType"] == ADAPTIVE_CARD
    assert (card["version"], card["fallbackText"]) == ("1.5", "Påminnelse\nRing FK om K-1042")
    assert card_lines(card) == ["Påminnelse", "Ring FK om K-1042"]
    assert [(a["type"], a["title"], a["data"]) for a in card["actions"]] == [
        ("Action.Submit", title, {"reminder_action": action, "occurrence_id": occurrence})
        for title, action, occurrence in [
            ("Klar", "done", reminder.next_occurrence_id),
            ("Snooza 15 min", "snooze15", reminder.next_occurrence_id),
            ("Snooza 1 h", "snooze60", reminder.next_occurrence_id),
            ("Imorgon 08:00", "tomorrow", reminder.next_occurrence_id),
            ("Ta bort", "delete", reminder.next_occurrence_id),
        ]
    ]
    assert await states(db) == {f"{reminder.id}:20261122T090000Z": "sent"}
    assert await dispatcher(db, sender, clock).run_once() == DispatchStats()


async def test_a_colleague_gets_it_in_their_language_with_who_sent_it(
    db: Database, clock: FrozenClock
) -> None:
    anna = await add_user(db, "anna", clock.now())
    bo = await add_user(db, "bo", clock.now(), locale="en-GB")
    await remind(db, anna, clock.now(), at=clock.now(), recipient_user_id=bo.id, text="Call FK")
    sender = FakeSender()

    await dispatcher(db, sender, clock).run_once()

    [card] = sender.cards()
    assert card_lines(card) == ["Reminder from anna", "Call FK"]
    assert [a["title"] for a in card["actions"]] == [
        "Done",
        "Snooze 15 min",
        "Snooze 1 h",
        "Tomorrow 08:00",
        "Delete",
    ]


async def test_after_a_restart_due_ones_go_out_late_ones_marked_old_ones_summarised_once(
    db: Database, clock: FrozenClock
) -> None:
    now = clock.now()  # 2026-11-22 09:00 UTC, 10:00 in Stockholm
    anna = await add_user(db, "anna", now - timedelta(days=10))
    created = now - timedelta(days=9)
    on_time = await remind(db, anna, created, at=now - timedelta(seconds=30), text="nu")
    late = await remind(db, anna, created, at=now - timedelta(hours=5), text="sen")
    old = [
        await remind(db, anna, created, at=now - timedelta(days=2, hours=h), text=f"gammal {h}")
        for h in (1, 2)
    ]
    daily = await remind(
        db, anna, created, rule=DAILY_8, dtstart_local=datetime(2026, 11, 1, 8), text="dagligen"
    )  # first pending occurrence 2026-11-14 08:00: a week and a day of downtime
    sender = FakeSender()
    restarted = dispatcher(db, sender, clock)

    first = await restarted.run_once()

    assert first == DispatchStats(claimed=5, sent=2, late=1, missed=3, summaries=1)
    assert sorted(occurrence_of(card) for card in sender.cards()) == [
        on_time.next_occurrence_id,
        late.next_occurrence_id,
    ]
    by_occurrence = {occurrence_of(card): card for card in sender.cards()}
    assert card_lines(by_occurrence[late.next_occurrence_id]) == [
        "Påminnelse",
        "sen",
        "Försenad, skulle ha kommit kl 05:00.",
    ]
    assert card_lines(by_occurrence[on_time.next_occurrence_id]) == ["Påminnelse", "nu"]
    # 2 one-time ones, and 14 November with 15-21 November skipped past.
    assert sender.texts() == [
        "Medan jag var nere missade du 10 påminnelser:\n\n"
        "- 2026-11-14 08:00 – dagligen (och 7 gånger till)\n"
        "- 2026-11-20 08:00 – gammal 2\n"
        "- 2026-11-20 09:00 – gammal 1\n\n"
        "Skriv **påminnelser** så ser du dem du har kvar."
    ]
    assert {k: s for k, s in (await states(db)).items() if k.startswith(f"{old[0].id}:")} == {
        f"{old[0].id}:20261120T080000Z": "missed"
    }

    # The daily one resumes inside the grace window: today's 08:00, delivered once, late.
    second = await restarted.run_once()
    third = await restarted.run_once()

    assert (second, third) == (DispatchStats(claimed=1, sent=1, late=1), DispatchStats())
    assert card_lines(sender.cards()[-1]) == [
        "Påminnelse",
        "dagligen",
        "Försenad, skulle ha kommit kl 08:00.",
        "Återkommande påminnelse.",
    ]
    daily_states = {k: s for k, s in (await states(db)).items() if k.startswith(f"{daily.id}:")}
    assert daily_states == {
        f"{daily.id}:20261114T070000Z": "missed",
        f"{daily.id}:20261122T070000Z": "sent",
        f"{daily.id}:20261123T070000Z": "pending",
    }


async def test_one_summary_per_recipient_in_each_ones_language(
    db: Database, clock: FrozenClock
) -> None:
    now = clock.now()
    anna = await add_user(db, "anna", now)
    bo = await add_user(db, "bo", now, locale="en-US")
    for user in (anna, anna, bo):
        await remind(db, user, now - timedelta(days=5), at=now - timedelta(days=3), text="x")
    sender = FakeSender()

    stats = await dispatcher(db, sender, clock).run_once()

    assert (stats.missed, stats.summaries) == (3, 2)
    assert sorted((c.conversation_id, c.activity["summary"]) for c in sender.calls) == [
        ("a:personal-anna", "Medan jag var nere missade du 2 påminnelser:"),
        ("a:personal-bo", "While I was down, you missed a reminder:"),
    ]


@pytest.mark.parametrize("batch_size", [1, 7, 50])
async def test_two_dispatchers_deliver_every_occurrence_exactly_once(
    database_url: str, db: Database, clock: FrozenClock, batch_size: int
) -> None:
    now = clock.now()
    users = [await add_user(db, f"user{n}", now) for n in range(5)]
    for n in range(150):
        await remind(db, users[n % 5], now, at=now - timedelta(seconds=n % 60), text=f"r{n}")
    other_db = Database(database_url)
    sender = FakeSender()
    try:
        first = dispatcher(db, sender, clock, instance_id="one", batch_size=batch_size)
        second = dispatcher(other_db, sender, clock, instance_id="two", batch_size=batch_size)
        stats = await asyncio.gather(first.drain(max_batches=500), second.drain(max_batches=500))
    finally:
        await other_db.dispose()

    async with db.session() as session:
        ids = set((await session.scalars(select(ReminderOccurrence.id))).all())
    sends = Counter(occurrence_of(card) for card in sender.cards())
    assert [count for count in sends.values() if count > 1] == []  # no duplicates
    assert set(sends) == ids  # none lost
    assert stats[0].sent + stats[1].sent == 150
    assert set((await states(db)).values()) == {"sent"}


async def test_a_claim_whose_instance_died_is_delivered_after_the_lease(
    db: Database, clock: FrozenClock
) -> None:
    anna = await add_user(db, "anna", clock.now())
    reminder = await remind(db, anna, clock.now(), at=clock.now())
    async with db.session() as session:  # an instance claims it, then dies
        await repo.claim_due(
            session, clock.now(), instance_id="dead", limit=10, lease=timedelta(minutes=5)
        )
    sender = FakeSender()
    alive = dispatcher(db, sender, clock, lease=timedelta(minutes=5))

    during_lease = await alive.run_once()
    clock.advance(timedelta(minutes=5))
    after_lease = await alive.run_once()

    assert (during_lease, after_lease) == (
        DispatchStats(),
        DispatchStats(claimed=1, sent=1, late=1),
    )
    assert [occurrence_of(card) for card in sender.cards()] == [reminder.next_occurrence_id]
    async with db.session() as session:
        stored = await repo.get_occurrence(session, reminder.next_occurrence_id or 0)
    assert stored is not None and (stored.state, stored.attempts) == ("sent", 2)


async def test_daily_eight_oclock_arrives_at_eight_on_both_sides_of_the_autumn_change(
    db: Database,
) -> None:
    clock = FrozenClock(datetime(2026, 10, 23, 12, 0, tzinfo=UTC))
    anna = await add_user(db, "anna", clock.now())
    await remind(db, anna, clock.now(), rule=DAILY_8, dtstart_local=datetime(2026, 10, 1, 8))
    sender = FakeSender()
    daily = dispatcher(db, sender, clock)
    delivered_at: list[str] = []

    for at in [
        datetime(2026, 10, 24, 5, 59, tzinfo=UTC),  # 07:59 summer time: not yet
        datetime(2026, 10, 24, 6, 0, tzinfo=UTC),  # 08:00 summer time
        datetime(2026, 10, 25, 6, 0, tzinfo=UTC),  # 07:00 winter time: not yet
        datetime(2026, 10, 25, 7, 0, tzinfo=UTC),  # 08:00 winter time
    ]:
        clock.advance(at - clock.now())
        if (await daily.run_once()).sent:
            delivered_at.append(clock.now().astimezone(STOCKHOLM).isoformat())

    assert delivered_at == ["2026-10-24T08:00:00+02:00", "2026-10-25T08:00:00+01:00"]
    assert [card_lines(card)[-1] for card in sender.cards()] == ["Återkommande påminnelse."] * 2


async def test_403_marks_the_user_unreachable_until_they_write_again(
    db: Database, clock: FrozenClock
) -> None:
    now = clock.now()
    anna = await add_user(db, "anna", now)
    first = await remind(db, anna, now, at=now)
    second = await remind(db, anna, now, at=now + timedelta(hours=1))
    forbidden = SendOutcome(delivered=False, status=403, permanent=True, error="Forbidden")
    sender = FakeSender(script={"a:personal-anna": [forbidden]})
    bot = dispatcher(db, sender, clock)

    blocked = await bot.run_once()
    clock.advance(timedelta(hours=2))
    while_away = await bot.run_once()
    await add_user(db, "anna", clock.now())  # she writes to the bot again
    clock.advance(timedelta(seconds=1))
    back = await bot.run_once()

    assert blocked == DispatchStats(claimed=1, failed=1, unreachable=1)
    assert while_away == DispatchStats()
    assert back == DispatchStats(claimed=1, sent=1, late=1)
    assert [occurrence_of(card) for card in sender.cards()] == [second.next_occurrence_id]
    async with db.session() as session:
        failed = await repo.get_occurrence(session, first.next_occurrence_id or 0)
    assert failed is not None
    assert (failed.state, failed.last_error) == ("failed", "status 403: Forbidden")


async def test_429_waits_for_retry_after_and_gives_up_after_max_attempts(
    db: Database, clock: FrozenClock
) -> None:
    anna = await add_user(db, "anna", clock.now())
    reminder = await remind(db, anna, clock.now(), at=clock.now())
    throttled = SendOutcome(delivered=False, status=429, retry_after=120, attempts=3, error="429")
    sender = FakeSender(script={"a:personal-anna": [throttled] * 3})
    bot = dispatcher(
        db, sender, clock, rand=lambda: 0.0, backoff=Backoff(max_attempts=3)
    )  # no jitter: the wait is exactly Retry-After

    runs = [await bot.run_once()]
    for step in (119, 1, 119, 1):
        clock.advance(timedelta(seconds=step))
        runs.append(await bot.run_once())

    assert runs == [
        DispatchStats(claimed=1, retried=1),
        DispatchStats(),
        DispatchStats(claimed=1, retried=1),
        DispatchStats(),
        DispatchStats(claimed=1, failed=1),
    ]
    assert len(sender.calls) == 3
    async with db.session() as session:
        stored = await repo.get_occurrence(session, reminder.next_occurrence_id or 0)
    assert stored is not None
    assert (stored.state, stored.attempts, stored.last_error) == (
        "failed",
        3,
        "gave up after 3 attempts; status 429: 429",
    )


async def test_transient_failures_back_off_exponentially_with_jitter(
    db: Database, clock: FrozenClock
) -> None:
    anna = await add_user(db, "anna", clock.now())
    reminder = await remind(db, anna, clock.now(), at=clock.now())
    unavailable = SendOutcome(delivered=False, status=503, error="Service Unavailable")
    sender = FakeSender(script={"a:personal-anna": [unavailable] * 2})
    bot = dispatcher(
        db, sender, clock, rand=lambda: 0.5, backoff=Backoff(base=timedelta(seconds=40))
    )
    waits: list[timedelta] = []

    for _ in range(3):
        started = clock.now()
        await bot.run_once()
        async with db.session() as session:
            stored = await repo.get_occurrence(session, reminder.next_occurrence_id or 0)
        assert stored is not None
        if stored.state == "pending":
            waits.append(stored.next_attempt_at - started)
            clock.advance(stored.next_attempt_at - started)

    assert waits == [timedelta(seconds=20), timedelta(seconds=40)]  # half of 40 s, of 80 s
    assert stored.state == "sent"


async def test_a_sender_that_raises_is_a_logged_transient_failure(
    db: Database, clock: FrozenClock, caplog: pytest.LogCaptureFixture
) -> None:
    anna = await add_user(db, "anna", clock.now())
    reminder = await remind(db, anna, clock.now(), at=clock.now())
    sender = FakeSender(script={"a:personal-anna": [ConnectionResetError("peer reset")]})

    with caplog.at_level(logging.INFO, logger="samverkan.reminders"):
        stats = await dispatcher(db, sender, clock).run_once()

    assert stats == DispatchStats(claimed=1, retried=1)
    raised = [r for r in caplog.records if r.exc_info]
    assert [r.getMessage() for r in raised] == [
        f"reminder {reminder.id} occurrence {reminder.next_occurrence_id} attempt 1: "
        "reminder (on_time): the sender raised"
    ]
    attempts = [r.getMessage() for r in caplog.records if "delivered=" in r.getMessage()]
    assert attempts == [
        f"reminder {reminder.id} occurrence {reminder.next_occurrence_id} attempt 1: "
        "reminder (on_time): delivered=False status=None http_attempts=1 permanent=False "
        "retry_after=None error=ConnectionResetError: peer reset"
    ]


async def test_a_reminder_with_nowhere_to_go_fails_without_a_send(
    db: Database, clock: FrozenClock
) -> None:
    anna = await add_user(db, "anna", clock.now())
    ghost = await add_user(db, "ghost", clock.now(), conversation=False)
    await remind(db, anna, clock.now(), at=clock.now(), recipient_user_id=ghost.id)
    sender = FakeSender()

    stats = await dispatcher(db, sender, clock).run_once()

    assert (stats, sender.calls) == (DispatchStats(claimed=1, failed=1), [])


async def test_snooze_brings_it_back_and_cancel_stops_it(db: Database, clock: FrozenClock) -> None:
    anna = await add_user(db, "anna", clock.now())
    reminder = await remind(db, anna, clock.now(), at=clock.now())
    other = await remind(db, anna, clock.now(), at=clock.now() + timedelta(minutes=10))
    sender = FakeSender()
    bot = dispatcher(db, sender, clock)
    await bot.run_once()

    by_anna = repo.Actor(anna.id, "a:personal-anna", TENANT)
    async with db.session() as session:
        until = snooze_until("snooze15", clock.now(), STOCKHOLM)
        snoozed = await repo.snooze(
            session, reminder.next_occurrence_id or 0, until, by_anna, clock.now()
        )
        assert await repo.cancel(session, other.id, by_anna, clock.now())
    clock.advance(timedelta(minutes=14))
    early = await bot.run_once()
    clock.advance(timedelta(minutes=1))
    back = await bot.run_once()

    assert snoozed is not None
    assert (early, back) == (DispatchStats(), DispatchStats(claimed=1, sent=1))
    assert [occurrence_of(card) for card in sender.cards()] == [
        reminder.next_occurrence_id,
        snoozed.id,
    ]


async def test_a_team_reminder_summary_speaks_to_the_team(db: Database, clock: FrozenClock) -> None:
    from storage.users_repository import save_conversation_reference

    now = clock.now()
    anna = await add_user(db, "anna", now)
    async with db.session() as session:
        await save_conversation_reference(
            session,
            conversation_id="19:team",
            conversation_type="channel",
            user_id=None,
            tenant_id=TENANT,
            service_url="https://smba.trafficmanager.net/emea/",
            channel_id="msteams",
            reference={"conversation": {"id": "19:team"}},
            now=now,
        )
    await remind(
        db,
        anna,
        now - timedelta(days=3),
        at=now - timedelta(days=2),
        recipient_user_id=None,
        conversation_id="19:team",
        text="Resursgruppsmöte K-1042",
    )
    sender = FakeSender()

    await dispatcher(db, sender, clock).run_once()

    assert [(c.conversation_id, c.activity["summary"]) for c in sender.calls] == [
        ("19:team", "Medan jag var nere missade ni en påminnelse:")
    ]


async def test_schedule_adds_one_stable_job(sqlite_url: str, clock: FrozenClock) -> None:
    scheduler = AsyncIOScheduler(timezone="Europe/Stockholm")
    database = Database(sqlite_url)
    bot = ReminderDispatcher(database, FakeSender(), clock)

    schedule(scheduler, bot, every_seconds=5)
    schedule(scheduler, bot, every_seconds=7)  # rescheduling replaces
    scheduler.start(paused=True)
    try:
        jobs = scheduler.get_jobs()
    finally:
        scheduler.shutdown(wait=False)
        await database.dispose()

    assert [(j.id, j.max_instances, j.coalesce, j.trigger.interval) for j in jobs] == [
        (JOB_ID, 1, True, timedelta(seconds=7))
    ]


def test_late_on_another_day_shows_the_date() -> None:
    activity = reminder_activity(
        occurrence_id=7,
        text="Ring FK",
        lang="sv",
        due_at=datetime(2026, 11, 21, 20, 0, tzinfo=UTC),
        now=datetime(2026, 11, 22, 6, 0, tzinfo=UTC),
        tz=STOCKHOLM,
        late=True,
    )

    card = activity["attachments"][0]["content"]
    assert card_lines(card)[-1] == "Försenad, skulle ha kommit 2026-11-21 kl 21:00."
    assert card["fallbackText"].splitlines()[-1] == card_lines(card)[-1]


def test_a_long_summary_lists_ten_and_counts_the_rest() -> None:
    items = [
        MissedItem(f"påminnelse {n} " + "x" * 100, datetime(2026, 11, 1, n, tzinfo=UTC), STOCKHOLM)
        for n in range(12)
    ]

    lines = missed_summary_activity(items, "sv")["text"].splitlines()

    assert lines[0] == "Medan jag var nere missade du 12 påminnelser:"
    assert lines[2] == "- 2026-11-01 01:00 – påminnelse 0 " + "x" * 66 + "…"  # 80 characters in all
    assert lines[12:] == ["… och 2 till.", "", "Skriv **påminnelser** så ser du dem du har kvar."]


def test_the_list_card_has_the_buttons_for_each_next_occurrence() -> None:
    now = datetime(2026, 11, 22, tzinfo=UTC)
    reminders = [
        ReminderRecord(
            id=1,
            owner_user_id=1,
            recipient_user_id=1,
            conversation_id=None,
            text="Ring FK",
            timezone="Europe/Stockholm",
            rule=DAILY_8,
            dtstart_local=datetime(2026, 11, 1, 8),
            kind="personal",
            status="active",
            created_at=now,
            updated_at=now,
            next_occurrence_id=11,
            next_due_at=datetime(2026, 11, 23, 7, tzinfo=UTC),
        ),
    ]

    card = reminders_list_activity(reminders, "sv", STOCKHOLM)["attachments"][0]["content"]

    container = card["body"][1]
    assert [item.get("text") for item in container["items"][:2]] == [
        "Ring FK",
        "2026-11-23 kl 08:00 · Återkommande påminnelse.",
    ]
    actions = container["items"][2]["actions"]
    assert [(a["data"]["reminder_action"], a["data"]["occurrence_id"]) for a in actions] == [
        ("done", 11),
        ("snooze15", 11),
        ("snooze60", 11),
        ("tomorrow", 11),
        ("delete", 11),
    ]
    assert card["fallbackText"] == (
        "Dina påminnelser\n- Ring FK (2026-11-23 kl 08:00 · Återkommande påminnelse.)"
    )


# -- a crash, a hung conversation (issue 17) ----------------------------------------


@dataclass
class StallingSender(FakeSender):
    """Like FakeSender, but sends to the conversations in `stall` wait until released
    (a connector that never answers), and it counts the sends in flight."""

    stall: set[str] = field(default_factory=set)
    release: asyncio.Event = field(default_factory=asyncio.Event)
    in_flight: Counter[str] = field(default_factory=Counter)
    most_in_flight: Counter[str] = field(default_factory=Counter)

    async def send(
        self, reference: dict[str, Any], activity: dict[str, Any], *, tenant_id: str | None
    ) -> SendOutcome:
        conversation_id = reference["conversation"]["id"]
        self.in_flight[conversation_id] += 1
        self.most_in_flight[conversation_id] = max(
            self.most_in_flight[conversation_id], self.in_flight[conversation_id]
        )
        try:
            if conversation_id in self.stall:
                await self.release.wait()
            return await super().send(reference, activity, tenant_id=tenant_id)
        finally:
            self.in_flight[conversation_id] -= 1


async def until(condition: Any, what: str, tries: int = 500) -> None:
    """Let the dispatcher run until condition() holds (a bounded number of turns)."""
    for _ in range(tries):
        if await condition():
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"never happened: {what}")


async def state_of(db: Database, occurrence_id: int | None) -> str | None:
    async with db.session() as session:
        occurrence = await repo.get_occurrence(session, occurrence_id or 0)
    return occurrence.state if occurrence else None


async def test_a_crash_after_some_sends_leaves_those_sends_marked_sent(
    db: Database, clock: FrozenClock
) -> None:
    now = clock.now()
    users = [await add_user(db, f"user{n}", now) for n in range(4)]
    reminders = [await remind(db, user, now, at=now) for user in users]
    sender = StallingSender(stall={"a:personal-user3"})
    run = asyncio.create_task(dispatcher(db, sender, clock).run_once())
    await until(lambda: _true(sender.in_flight["a:personal-user3"] == 1), "user3's send started")
    await until(
        lambda: _all_sent(db, reminders[:3]), "the three answered sends recorded", tries=200
    )

    run.cancel()  # the instance dies with user3's send in flight
    await asyncio.gather(run, return_exceptions=True)

    assert [await state_of(db, r.next_occurrence_id) for r in reminders] == [
        "sent",
        "sent",
        "sent",
        "claimed",  # uncertain: it comes back after the lease
    ]


async def _true(value: bool) -> bool:
    return value


async def _all_sent(db: Database, reminders: list[ReminderRecord]) -> bool:
    return all([await state_of(db, r.next_occurrence_id) == "sent" for r in reminders])


async def test_a_hung_conversation_does_not_hold_up_another_even_in_one_slot(
    db: Database, clock: FrozenClock
) -> None:
    now = clock.now()
    anna, bo = await add_user(db, "anna", now), await add_user(db, "bo", now)
    hung = await remind(db, anna, now, at=now)
    healthy = await remind(db, bo, now, at=now)
    sender = StallingSender(stall={"a:personal-anna"})
    bot = dispatcher(db, sender, clock, concurrency=1, slow_after=0.01)
    run = asyncio.create_task(bot.run_once())

    await until(
        lambda: _true(sender.in_flight["a:personal-anna"] == 1), "anna's send started first"
    )
    await until(
        lambda: _all_sent(db, [healthy]), "bo's reminder sent and recorded while anna's hangs"
    )
    assert await state_of(db, hung.next_occurrence_id) == "claimed"
    sender.release.set()
    assert await run == DispatchStats(claimed=2, sent=2)


async def test_drain_claims_more_while_a_conversation_hangs_and_never_that_one_twice(
    db: Database, clock: FrozenClock
) -> None:
    now = clock.now()
    anna, bo = await add_user(db, "anna", now), await add_user(db, "bo", now)
    await remind(db, anna, now, at=now)
    sender = StallingSender(stall={"a:personal-anna"})
    run = asyncio.create_task(dispatcher(db, sender, clock, poll=0.01).drain())
    await until(lambda: _true(sender.in_flight["a:personal-anna"] == 1), "anna's send started")

    clock.advance(timedelta(minutes=1))  # while anna's hangs, more come due
    later_for_anna = await remind(db, anna, clock.now(), at=clock.now())
    for_bo = await remind(db, bo, clock.now(), at=clock.now())
    await until(lambda: _all_sent(db, [for_bo]), "bo's sent while anna's still hangs")
    assert await state_of(db, later_for_anna.next_occurrence_id) == "pending"

    sender.release.set()
    stats = await run
    assert stats.sent == 3
    assert sender.most_in_flight["a:personal-anna"] == 1  # one send at a time per chat
    assert await _all_sent(db, [later_for_anna, for_bo])


async def test_a_claim_takes_a_few_per_conversation_and_hands_the_rest_back(
    db: Database, clock: FrozenClock
) -> None:
    now = clock.now()
    anna = await add_user(db, "anna", now)
    reminders = [await remind(db, anna, now, at=now - timedelta(seconds=n)) for n in range(8)]
    sender = FakeSender()
    bot = dispatcher(db, sender, clock, per_conversation=5)

    first = await bot.run_once()
    second = await bot.run_once()

    assert (first, second) == (
        DispatchStats(claimed=5, sent=5, released=3),
        DispatchStats(claimed=3, sent=3),
    )
    async with db.session() as session:
        attempts = [
            (await repo.get_occurrence(session, r.next_occurrence_id or 0)).attempts  # type: ignore[union-attr]
            for r in reminders
        ]
    assert attempts == [1] * 8  # handing back did not count as an attempt


async def test_a_claim_leaves_out_the_recipients_this_instance_is_busy_with(
    db: Database, clock: FrozenClock
) -> None:
    from storage.users_repository import save_conversation_reference

    now = clock.now()
    anna, bo = await add_user(db, "anna", now), await add_user(db, "bo", now)
    async with db.session() as session:
        await save_conversation_reference(
            session,
            conversation_id="19:team",
            conversation_type="channel",
            user_id=None,
            tenant_id=TENANT,
            service_url="https://smba.trafficmanager.net/emea/",
            channel_id="msteams",
            reference={"conversation": {"id": "19:team"}},
            now=now,
        )
    await remind(db, anna, now, at=now)
    for_bo = await remind(db, bo, now, at=now)
    for_team = await remind(
        db, anna, now, at=now, recipient_user_id=None, conversation_id="19:team"
    )

    async with db.session() as session:
        claimed = await repo.claim_due(
            session,
            now,
            instance_id="one",
            limit=10,
            lease=timedelta(minutes=5),
            busy_users=[anna.id],
            busy_conversations=["19:elsewhere"],
        )
    assert sorted(c.occurrence_id for c in claimed) == sorted(
        [for_bo.next_occurrence_id, for_team.next_occurrence_id]
    )


async def test_the_lease_of_a_send_in_flight_is_extended(db: Database, clock: FrozenClock) -> None:
    lease = timedelta(seconds=6)  # extended every 2 s; the send times out after 3 s
    anna = await add_user(db, "anna", clock.now())
    reminder = await remind(db, anna, clock.now(), at=clock.now())
    sender = StallingSender(stall={"a:personal-anna"})
    run = asyncio.create_task(dispatcher(db, sender, clock, lease=lease).run_once())
    await until(lambda: _true(sender.in_flight["a:personal-anna"] == 1), "anna's send started")
    clock.advance(timedelta(minutes=10))  # the first lease is long over

    async def extended() -> bool:
        async with db.session() as session:
            row = await session.get(ReminderOccurrence, reminder.next_occurrence_id)
            return row is not None and row.next_attempt_at > clock.now()

    await until(extended, "the lease moved past the clock", tries=400)
    async with db.session() as session:
        stolen = await repo.claim_due(
            session, clock.now(), instance_id="other", limit=10, lease=lease
        )
    sender.release.set()
    await run
    assert stolen == []
    assert await state_of(db, reminder.next_occurrence_id) == "sent"
