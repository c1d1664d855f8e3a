"""The daily rating prompt against a fake sender, on SQLite and PostgreSQL: one
gathered message per user and day, never twice (also with two instances), one
nudge only while something is still due, pauses, office days, 403."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from bot.rating_prompter import RatingPrompter
from core import ssd_model as rules
from core.clock import FrozenClock
from core.delivery import SendOutcome
from core.rating_prompt_plan import PromptSettings
from core.ssd_model import Scale, validate_target
from storage import rating_prompt_repository as prompts
from storage import ssd_repository as ssd
from storage.db import Database
from storage.models import Agency, RatingPrompt, StaffUser, Unit
from storage.records import StaffUserRecord
from tests.bot.test_reminder_dispatcher import FakeSender, StallingSender, until
from tests.storage.test_reminders_repository import add_user

MONDAY_0800 = datetime(2026, 11, 23, 7, 0, tzinfo=UTC)  # 08:00 in Stockholm
MONDAY = date(2026, 11, 23)


async def _client(
    db: Database, code: str, member: StaffUserRecord, *, around_the_clock: bool = False
) -> int:
    async with db.session() as session:
        agency = await session.scalar(select(Agency))
        if agency is None:
            agency = Agency(name="Kumla kommun", short_name="Kumla", kind="kommun")
            session.add(agency)
            await session.flush()
        unit = Unit(agency_id=agency.id, name=f"Enhet {code}", around_the_clock=around_the_clock)
        session.add(unit)
        await session.flush()
        client = await ssd.create_client(session, code=code, unit_id=unit.id, now=MONDAY_0800)
        await ssd.add_care_team_member(
            session,
            client_id=client.id,
            staff_user_id=member.id,
            role="kontaktperson",
            now=MONDAY_0800,
        )
        for name in ("ångest", "sömn"):
            spec = validate_target(
                name=name, low_anchor="0", high_anchor="10", better=rules.LOWER, scale=Scale()
            )
            await ssd.create_target(session, client_id=client.id, spec=spec, now=MONDAY_0800)
        return client.id


async def _rate_all(db: Database, client_id: int, day: date) -> None:
    async with db.session() as session:
        for target in await ssd.targets_for(session, client_id):
            await ssd.upsert_rating(
                session,
                target_id=target.id,
                slot_date=day,
                slot=rules.DAY,
                value=3,
                rater_user_id=None,
                rater_role="kontaktperson",
                now=MONDAY_0800,
            )


def _prompter(db: Database, sender: FakeSender, clock: FrozenClock) -> RatingPrompter:
    return RatingPrompter(db, sender, clock, default_timezone="Europe/Stockholm")


def _lines(sender: FakeSender) -> list[list[str]]:
    return [[b["text"] for b in card["body"]] for card in sender.cards()]


async def test_one_gathered_prompt_at_eight_then_one_nudge(db: Database) -> None:
    clock = FrozenClock(MONDAY_0800 - timedelta(minutes=1))
    anna = await add_user(db, "anna", clock.now())
    first = await _client(db, "K-1042", anna)
    await _client(db, "K-1043", anna)
    sender = FakeSender()
    prompter = _prompter(db, sender, clock)
    assert (await prompter.run_once()).sent == 0  # 07:59
    clock.advance(timedelta(minutes=1))
    assert (await prompter.run_once()).sent == 1
    assert (await prompter.run_once()).sent == 0  # claimed: never twice
    assert _lines(sender) == [
        [
            "Dags att skatta",
            "K-1042: 2 mål att skatta",
            "K-1043: 2 mål att skatta",
            "Ändra tid, dagar eller pausa: skriv **inställningar skattning**.",
        ]
    ]
    card = sender.cards()[0]
    assert [a["data"]["command"] for a in card["actions"]] == ["skatta K-1042", "skatta K-1043"]
    # K-1042 gets rated; three hours later one nudge names only what is left.
    await _rate_all(db, first, MONDAY)
    clock.advance(timedelta(hours=3))
    assert (await prompter.run_once()).nudged == 1
    assert (await prompter.run_once()).nudged == 0
    assert _lines(sender)[1][:2] == [
        "Påminnelse: det finns skattningar kvar idag",
        "K-1043: 2 mål att skatta",
    ]


async def test_no_nudge_when_everything_is_rated(db: Database) -> None:
    clock = FrozenClock(MONDAY_0800)
    anna = await add_user(db, "anna", clock.now())
    client = await _client(db, "K-1042", anna)
    sender = FakeSender()
    prompter = _prompter(db, sender, clock)
    await prompter.run_once()
    await _rate_all(db, client, MONDAY)
    clock.advance(timedelta(hours=3))
    stats = await prompter.run_once()
    assert (stats.nudged, stats.nothing_due) == (0, 1)
    assert len(sender.delivered) == 1


async def test_two_instances_prompt_once(db: Database) -> None:
    clock = FrozenClock(MONDAY_0800)
    users = [await add_user(db, f"user{i}", clock.now()) for i in range(6)]
    for i, user in enumerate(users):
        await _client(db, f"K-20{i:02d}", user)
    sender = FakeSender()
    one, two = _prompter(db, sender, clock), _prompter(db, sender, clock)
    results = await asyncio.gather(one.run_once(), two.run_once(), one.run_once())
    assert sum(r.sent for r in results) == 6
    assert sorted(c.conversation_id for c in sender.delivered) == sorted(
        f"a:personal-user{i}" for i in range(6)
    )


async def test_office_days_pauses_and_24_7_units(db: Database) -> None:
    sunday = MONDAY_0800 - timedelta(days=1)
    clock = FrozenClock(sunday)
    office = await add_user(db, "office", clock.now())
    nights = await add_user(db, "nights", clock.now())
    away = await add_user(db, "away", clock.now())
    await _client(db, "K-3001", office)
    await _client(db, "K-3002", nights, around_the_clock=True)
    await _client(db, "K-3003", away, around_the_clock=True)
    async with db.session() as session:
        await prompts.save_settings(
            session, away.id, PromptSettings(paused_until=MONDAY), clock.now()
        )
    sender = FakeSender()
    prompter = _prompter(db, sender, clock)
    await prompter.run_once()
    assert [c.conversation_id for c in sender.delivered] == ["a:personal-nights"]
    clock.advance(timedelta(days=2))  # Tuesday: the pause is over
    await prompter.run_once()
    assert sorted(c.conversation_id for c in sender.delivered[1:]) == [
        "a:personal-away",
        "a:personal-nights",
        "a:personal-office",
    ]


async def test_own_time_and_zone(db: Database) -> None:
    clock = FrozenClock(MONDAY_0800)
    anna = await add_user(db, "anna", clock.now())
    await _client(db, "K-1042", anna)
    async with db.session() as session:
        await session.execute(
            StaffUser.__table__.update()
            .where(StaffUser.id == anna.id)
            .values(timezone="Europe/London")
        )
        await prompts.save_settings(
            session, anna.id, PromptSettings(at=datetime(2026, 1, 1, 7, 30).time()), clock.now()
        )
    sender = FakeSender()
    prompter = _prompter(db, sender, clock)
    assert (await prompter.run_once()).sent == 0  # 07:00 in London (08:00 in Stockholm)
    clock.advance(timedelta(minutes=30))
    assert (await prompter.run_once()).sent == 1  # 07:30 in London


async def test_a_blocked_bot_marks_the_user_unreachable(db: Database) -> None:
    clock = FrozenClock(MONDAY_0800)
    anna = await add_user(db, "anna", clock.now())
    await _client(db, "K-1042", anna)
    sender = FakeSender(
        script={"a:personal-anna": [SendOutcome(delivered=False, status=403, permanent=True)]}
    )
    prompter = _prompter(db, sender, clock)
    assert (await prompter.run_once()).failed == 1
    async with db.session() as session:
        user = await session.get(StaffUser, anna.id)
        assert user is not None and user.unreachable_since is not None
        row = await session.scalar(select(RatingPrompt))
        assert row is not None and (row.status, row.kind) == ("failed", "prompt")
    clock.advance(timedelta(hours=3))
    assert (await prompter.run_once()).nudged == 0  # unreachable: nothing more


async def test_no_chat_yet_sends_nothing(db: Database) -> None:
    clock = FrozenClock(MONDAY_0800)
    anna = await add_user(db, "anna", clock.now(), conversation=False)
    await _client(db, "K-1042", anna)
    sender = FakeSender()
    assert (await _prompter(db, sender, clock).run_once()).nothing_due == 1
    assert sender.calls == []


async def test_the_terminal_chat_prompts_its_own_user_only(db: Database) -> None:
    clock = FrozenClock(MONDAY_0800)
    anna = await add_user(db, "anna", clock.now())
    bertil = await add_user(db, "bertil", clock.now())
    await _client(db, "K-1042", anna)
    await _client(db, "K-1043", bertil)
    sender = FakeSender()
    prompter = RatingPrompter(
        db, sender, clock, default_timezone="Europe/Stockholm", only_user_id=bertil.id
    )
    stats = await prompter.run_once()
    assert (stats.users, stats.sent) == (1, 1)
    assert [c.conversation_id for c in sender.delivered] == ["a:personal-bertil"]


async def test_a_hung_chat_holds_up_nobody_elses_prompt(db: Database) -> None:
    clock = FrozenClock(MONDAY_0800)
    anna = await add_user(db, "anna", clock.now())  # asked first: her chat hangs
    bertil = await add_user(db, "bertil", clock.now())
    await _client(db, "K-1042", anna)
    await _client(db, "K-1043", bertil)
    sender = StallingSender(stall={"a:personal-anna"})
    run = asyncio.create_task(
        RatingPrompter(
            db, sender, clock, default_timezone="Europe/Stockholm", concurrency=1, slow_after=0.01
        ).run_once()
    )

    async def statuses() -> dict[int, str]:
        async with db.session() as session:
            rows = await session.execute(select(RatingPrompt.user_id, RatingPrompt.status))
            return dict(rows.tuples().all())

    async def bertil_prompted_while_anna_hangs() -> bool:
        return (await statuses()).get(bertil.id) == "sent"

    await until(bertil_prompted_while_anna_hangs, "bertil's prompt sent and recorded")
    assert (await statuses())[anna.id] == "claimed"
    sender.release.set()
    assert (await run).sent == 2
    assert await statuses() == {anna.id: "sent", bertil.id: "sent"}
