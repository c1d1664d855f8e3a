"""Reminders and occurrences on SQLite and PostgreSQL: create, list, cancel, snooze,
claim (atomically, with leases), mark, and plan the next occurrence."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, text, update

from core.clock import FrozenClock
from storage import reminders_repository as repo
from storage.db import Database
from storage.models import ReminderOccurrence, StaffUser
from storage.records import ReminderRecord, StaffUserRecord, TeamsIdentity
from storage.users_repository import save_conversation_reference, upsert_staff_user

TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47"
SERVICE_URL = "https://smba.trafficmanager.net/emea/"
DAILY_8 = "FREQ=DAILY;BYHOUR=8;BYMINUTE=0;BYSECOND=0"
LEASE = timedelta(minutes=5)


async def add_user(
    db: Database, name: str, now: datetime, *, locale: str = "sv-SE", conversation: bool = True
) -> StaffUserRecord:
    identity = TeamsIdentity(
        teams_user_id=f"29:{name}", aad_object_id=None, tenant_id=TENANT, name=name, locale=locale
    )
    async with db.session() as session:
        user = await upsert_staff_user(session, identity, now)
        if conversation:
            await save_conversation_reference(
                session,
                conversation_id=f"a:personal-{name}",
                conversation_type="personal",
                user_id=user.id,
                tenant_id=TENANT,
                service_url=SERVICE_URL,
                channel_id="msteams",
                reference={"conversation": {"id": f"a:personal-{name}"}, "user": {"id": name}},
                now=now,
            )
    return user


def me(user: StaffUserRecord, tenant: str = TENANT) -> repo.Actor:
    """The user pressing a button in their own 1:1 chat with the bot."""
    return repo.Actor(user.id, f"a:personal-{user.name}", tenant)


async def remind(
    db: Database, owner: StaffUserRecord, now: datetime, **kwargs: object
) -> ReminderRecord:
    kwargs.setdefault("recipient_user_id", owner.id)
    kwargs.setdefault("timezone", "Europe/Stockholm")
    kwargs.setdefault("text", "Ring FK om K-1042")
    async with db.session() as session:
        return await repo.create_reminder(
            session,
            owner_user_id=owner.id,
            now=now,
            **kwargs,  # type: ignore[arg-type]
        )


async def claim(db: Database, now: datetime, instance: str = "one", limit: int = 100) -> list:
    async with db.session() as session:
        return await repo.claim_due(session, now, instance_id=instance, limit=limit, lease=LEASE)


async def occurrences(db: Database, reminder_id: int) -> list[tuple[str, str, datetime]]:
    async with db.session() as session:
        rows = await session.scalars(
            select(ReminderOccurrence)
            .where(ReminderOccurrence.reminder_id == reminder_id)
            .order_by(ReminderOccurrence.id)
        )
        return [(r.idempotency_key, r.state, r.due_at) for r in rows]


async def test_a_one_time_reminder_gets_one_pending_occurrence(
    db: Database, clock: FrozenClock
) -> None:
    anna = await add_user(db, "anna", clock.now())
    at = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)

    created = await remind(db, anna, clock.now(), at=at)

    assert created == ReminderRecord(
        id=created.id,
        owner_user_id=anna.id,
        recipient_user_id=anna.id,
        conversation_id=None,
        text="Ring FK om K-1042",
        timezone="Europe/Stockholm",
        rule=None,
        dtstart_local=datetime(2026, 11, 23, 9, 0),
        kind="personal",
        status="active",
        created_at=clock.now(),
        updated_at=clock.now(),
        next_occurrence_id=created.next_occurrence_id,
        next_due_at=at,
    )
    assert await occurrences(db, created.id) == [(f"{created.id}:20261123T080000Z", "pending", at)]


async def test_a_recurring_reminder_starts_at_the_next_local_occurrence(
    db: Database, clock: FrozenClock
) -> None:
    anna = await add_user(db, "anna", clock.now())  # now: 2026-11-22 10:00 in Stockholm

    created = await remind(
        db, anna, clock.now(), rule=DAILY_8, dtstart_local=datetime(2026, 11, 1, 8)
    )

    assert (created.next_due_at, created.recurring) == (datetime(2026, 11, 23, 7, tzinfo=UTC), True)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"at": datetime(2026, 11, 23, 8), "text": "naive"},
        {"at": datetime(2026, 11, 23, 8, tzinfo=UTC), "text": "x" * 501},
        {"at": datetime(2026, 11, 23, 8, tzinfo=UTC), "text": "   "},
        {"at": datetime(2026, 11, 23, 8, tzinfo=UTC), "text": "ring 19121212-1212"},
        {"at": datetime(2026, 11, 23, 8, tzinfo=UTC), "timezone": "Europe/Atlantis"},
        {"at": datetime(2026, 11, 23, 8, tzinfo=UTC), "conversation_id": "19:team"},
        {"rule": "FREQ=SOMETIMES", "dtstart_local": datetime(2026, 11, 1, 8)},
        {"rule": DAILY_8},
        {"rule": DAILY_8 + ";COUNT=1", "dtstart_local": datetime(2026, 11, 1, 8)},
    ],
)
async def test_invalid_reminders_are_refused(
    db: Database, clock: FrozenClock, kwargs: dict
) -> None:
    anna = await add_user(db, "anna", clock.now())

    with pytest.raises(ValueError):
        await remind(db, anna, clock.now(), **kwargs)


async def test_list_shows_what_i_set_and_receive_soonest_first(
    db: Database, clock: FrozenClock
) -> None:
    now = clock.now()
    anna, bo, cia = [await add_user(db, n, now) for n in ("anna", "bo", "cia")]
    later = await remind(db, anna, now, at=now + timedelta(days=2), text="later")
    for_bo = await remind(db, anna, now, at=now + timedelta(days=1), recipient_user_id=bo.id)
    from_bo = await remind(db, bo, now, at=now + timedelta(hours=1), recipient_user_id=anna.id)
    await remind(db, cia, now, at=now + timedelta(hours=2))

    async with db.session() as session:
        for_anna = await repo.list_active_for_user(session, anna.id)
        for_cia = await repo.list_active_for_user(session, cia.id)

    assert [r.id for r in for_anna] == [from_bo.id, for_bo.id, later.id]
    assert [r.text for r in for_cia] == ["Ring FK om K-1042"]


async def test_only_the_owner_or_recipient_may_cancel_and_pending_ones_go_with_it(
    db: Database, clock: FrozenClock
) -> None:
    now = clock.now()
    anna, bo, cia = [await add_user(db, n, now) for n in ("anna", "bo", "cia")]
    reminder = await remind(db, anna, now, at=now + timedelta(hours=1), recipient_user_id=bo.id)

    async with db.session() as session:
        by_cia = await repo.cancel(session, reminder.id, me(cia), now)
        by_bo = await repo.cancel(session, reminder.id, me(bo), now)
        missing = await repo.cancel(session, reminder.id + 99, me(anna), now)
    async with db.session() as session:
        listed = await repo.list_active_for_user(session, anna.id)
        stored = await repo.get_reminder(session, reminder.id)

    assert (by_cia, by_bo, missing) == (False, True, False)
    assert listed == []
    assert stored is not None and stored.status == "cancelled"
    assert [state for _, state, _ in await occurrences(db, reminder.id)] == ["cancelled"]
    assert await claim(db, now + timedelta(hours=2)) == []


async def test_claim_takes_due_ones_with_what_is_needed_to_send_them(
    db: Database, clock: FrozenClock
) -> None:
    now = clock.now()
    anna = await add_user(db, "anna", now)
    bo = await add_user(db, "bo", now, locale="en-GB")
    due = await remind(db, anna, now, at=now - timedelta(minutes=1), recipient_user_id=bo.id)
    await remind(db, anna, now, at=now + timedelta(minutes=1))

    claimed = await claim(db, now)

    assert [(c.occurrence_id, c.reminder_id, c.attempts) for c in claimed] == [
        (due.next_occurrence_id, due.id, 1)
    ]
    item = claimed[0]
    assert (item.owner_name, item.recipient_user_id, item.locale, item.tenant_id) == (
        "anna",
        bo.id,
        "en-GB",
        TENANT,
    )
    assert (item.reference, item.conversation_id) == (
        {"conversation": {"id": "a:personal-bo"}, "user": {"id": "bo"}},
        "a:personal-bo",
    )
    assert (item.text, item.kind, item.timezone, item.rule) == (
        "Ring FK om K-1042",
        "personal",
        "Europe/Stockholm",
        None,
    )
    assert await claim(db, now, instance="two") == []


async def test_claim_can_be_narrowed_to_one_recipient(db: Database, clock: FrozenClock) -> None:
    now = clock.now()
    anna = await add_user(db, "anna", now)
    bo = await add_user(db, "bo", now)
    for_anna = await remind(db, anna, now, at=now - timedelta(minutes=1))
    for_bo = await remind(db, anna, now, at=now - timedelta(minutes=1), recipient_user_id=bo.id)

    async with db.session() as session:
        only_bo = await repo.claim_due(
            session, now, instance_id="console", limit=10, lease=LEASE, recipient_user_id=bo.id
        )

    assert [c.reminder_id for c in only_bo] == [for_bo.id]
    assert [c.reminder_id for c in await claim(db, now)] == [for_anna.id]


async def test_a_team_reminder_goes_to_the_channel_reference(
    db: Database, clock: FrozenClock
) -> None:
    now = clock.now()
    anna = await add_user(db, "anna", now, locale="en-US")
    async with db.session() as session:
        await save_conversation_reference(
            session,
            conversation_id="19:team@thread.tacv2",
            conversation_type="channel",
            user_id=None,
            tenant_id=TENANT,
            service_url=SERVICE_URL,
            channel_id="msteams",
            reference={"conversation": {"id": "19:team@thread.tacv2"}},
            now=now,
        )
    await remind(
        db, anna, now, at=now, recipient_user_id=None, conversation_id="19:team@thread.tacv2"
    )
    await remind(db, anna, now, at=now, recipient_user_id=None, conversation_id="19:gone")

    claimed = await claim(db, now)

    assert [(c.conversation_id, c.reference, c.locale) for c in claimed] == [
        ("19:team@thread.tacv2", {"conversation": {"id": "19:team@thread.tacv2"}}, "en-US"),
        (None, None, "en-US"),
    ]


async def test_an_expired_lease_is_claimable_again_and_the_old_claim_is_fenced_off(
    db: Database, clock: FrozenClock
) -> None:
    now = clock.now()
    anna = await add_user(db, "anna", now)
    reminder = await remind(db, anna, now, at=now)
    [first] = await claim(db, now, instance="dead")

    before_expiry = await claim(db, now + LEASE - timedelta(seconds=1), instance="alive")
    [second] = await claim(db, now + LEASE, instance="alive")
    async with db.session() as session:
        stale = await repo.mark_sent(
            session, first.occurrence_id, instance_id="dead", at=now, activity_id="x", late=False
        )
        fresh = await repo.mark_sent(
            session, second.occurrence_id, instance_id="alive", at=now, activity_id="y", late=True
        )
        stored = await repo.get_occurrence(session, second.occurrence_id)

    assert before_expiry == []
    assert (second.occurrence_id, second.attempts) == (reminder.next_occurrence_id, 2)
    assert (stale, fresh) == (False, True)
    assert stored is not None
    assert (stored.state, stored.activity_id, stored.late, stored.attempts) == (
        "sent",
        "y",
        True,
        2,
    )


async def test_sending_a_recurring_one_plans_the_next_once(
    db: Database, clock: FrozenClock
) -> None:
    now = datetime(2026, 10, 24, 6, 0, tzinfo=UTC)  # 08:00 summer time
    anna = await add_user(db, "anna", now)
    reminder = await remind(
        db, anna, now - timedelta(hours=1), rule=DAILY_8, dtstart_local=datetime(2026, 10, 1, 8)
    )
    [item] = await claim(db, now)

    async with db.session() as session:
        await repo.mark_sent(
            session, item.occurrence_id, instance_id="one", at=now, activity_id="a", late=False
        )
        reminder_row = await repo.get_reminder(session, reminder.id)
    async with db.session() as session:  # planning the same next occurrence again: a no-op
        added = await repo._add_occurrence(
            session,
            reminder.id,
            datetime(2026, 10, 25, 7, tzinfo=UTC),
            f"{reminder.id}:20261025T070000Z",
            now,
        )

    assert reminder_row is not None and reminder_row.status == "active"
    assert added is None
    assert await occurrences(db, reminder.id) == [
        (f"{reminder.id}:20261024T060000Z", "sent", datetime(2026, 10, 24, 6, tzinfo=UTC)),
        (f"{reminder.id}:20261025T070000Z", "pending", datetime(2026, 10, 25, 7, tzinfo=UTC)),
    ]


async def test_a_one_time_reminder_is_done_once_sent(db: Database, clock: FrozenClock) -> None:
    now = clock.now()
    anna = await add_user(db, "anna", now)
    reminder = await remind(db, anna, now, at=now)
    [item] = await claim(db, now)

    async with db.session() as session:
        await repo.mark_sent(
            session, item.occurrence_id, instance_id="one", at=now, activity_id="a", late=False
        )
    async with db.session() as session:
        stored = await repo.get_reminder(session, reminder.id)
        listed = await repo.list_active_for_user(session, anna.id)

    assert stored is not None and (stored.status, stored.next_occurrence_id) == ("done", None)
    assert listed == []


async def test_retry_makes_it_pending_again_from_next_attempt_at(
    db: Database, clock: FrozenClock
) -> None:
    now = clock.now()
    anna = await add_user(db, "anna", now)
    await remind(db, anna, now, at=now)
    [item] = await claim(db, now)

    async with db.session() as session:
        retried = await repo.mark_retry(
            session,
            item.occurrence_id,
            instance_id="one",
            next_attempt_at=now + timedelta(seconds=90),
            error="status 503",
        )

    assert retried is True
    assert await claim(db, now + timedelta(seconds=89)) == []
    [again] = await claim(db, now + timedelta(seconds=90))
    assert (again.occurrence_id, again.attempts) == (item.occurrence_id, 2)


async def test_an_unreachable_user_is_skipped_until_seen_again(
    db: Database, clock: FrozenClock
) -> None:
    now = clock.now()
    anna = await add_user(db, "anna", now)
    bo = await add_user(db, "bo", now)
    for_anna = await remind(db, anna, now, at=now + timedelta(minutes=1))
    for_bo = await remind(db, bo, now, at=now + timedelta(minutes=1))
    async with db.session() as session:
        await repo.mark_unreachable(session, anna.id, now)

    while_away = await claim(db, now + timedelta(minutes=2))
    await add_user(db, "anna", now + timedelta(minutes=3))  # Anna writes again
    back = await claim(db, now + timedelta(minutes=4))

    assert [c.reminder_id for c in while_away] == [for_bo.id]
    assert [c.reminder_id for c in back] == [for_anna.id]


TEAM_CHAT = "19:team-kumla@thread.v2"
CHANNEL = "19:channel-kumla@thread.tacv2"


async def team_reminder(db: Database, owner: StaffUserRecord, now: datetime) -> ReminderRecord:
    return await remind(
        db,
        owner,
        now,
        at=now + timedelta(hours=1),
        recipient_user_id=None,
        conversation_id=TEAM_CHAT,
    )


async def test_a_team_reminder_is_closed_only_from_its_own_conversation_and_tenant(
    db: Database, clock: FrozenClock
) -> None:
    """Occurrence ids are sequential: a submit from another chat or another tenant
    addresses nothing, and the occurrence stays as it was."""
    now = clock.now()
    anna, bo, eve = [await add_user(db, n, now) for n in ("anna", "bo", "eve")]
    reminder = await team_reminder(db, anna, now)
    occurrence_id = reminder.next_occurrence_id
    assert occurrence_id is not None
    until = now + timedelta(hours=3)
    strangers = [
        me(eve),  # the same tenant, from her own 1:1 chat
        repo.Actor(eve.id, "19:another-team@thread.v2", TENANT),  # another group chat
        repo.Actor(bo.id, TEAM_CHAT, "another-tenant"),  # the right chat id, another tenant
        repo.Actor(eve.id, None, TENANT),
    ]

    async with db.session() as session:
        done = [await repo.complete_occurrence(session, occurrence_id, a, now) for a in strangers]
        snoozed = [await repo.snooze(session, occurrence_id, until, a, now) for a in strangers]
        cancelled = [await repo.cancel(session, reminder.id, a, now) for a in strangers]
    async with db.session() as session:
        stored = await repo.get_reminder(session, reminder.id)

    assert (done, snoozed, cancelled) == ([False] * 4, [None] * 4, [False] * 4)
    assert stored is not None and stored.status == "active"
    assert await occurrences(db, reminder.id) == [
        (f"{reminder.id}:20261122T100000Z", "pending", now + timedelta(hours=1))
    ]

    async with db.session() as session:
        by_member = await repo.complete_occurrence(
            session, occurrence_id, repo.Actor(bo.id, TEAM_CHAT, TENANT), now
        )
    assert by_member is True
    assert await occurrences(db, reminder.id) == [
        (f"{reminder.id}:20261122T100000Z", "cancelled", now + timedelta(hours=1))
    ]


async def test_a_channel_reminder_is_pressed_in_any_thread_of_its_channel(
    db: Database, clock: FrozenClock
) -> None:
    now = clock.now()
    anna, bo = await add_user(db, "anna", now), await add_user(db, "bo", now)
    reminder = await remind(
        db,
        anna,
        now,
        at=now + timedelta(hours=1),
        recipient_user_id=None,
        conversation_id=f"{CHANNEL};messageid=1",
    )
    occurrence_id = reminder.next_occurrence_id
    assert occurrence_id is not None
    in_thread = repo.Actor(bo.id, f"{CHANNEL};messageid=2", TENANT)
    elsewhere = repo.Actor(bo.id, "19:other-channel@thread.tacv2;messageid=2", TENANT)

    async with db.session() as session:
        refused = await repo.snooze(
            session, occurrence_id, now + timedelta(hours=2), elsewhere, now
        )
        snoozed = await repo.snooze(
            session, occurrence_id, now + timedelta(hours=2), in_thread, now
        )

    assert refused is None and snoozed is not None


async def test_only_the_owner_cancels_a_team_reminder_and_from_its_tenant(
    db: Database, clock: FrozenClock
) -> None:
    now = clock.now()
    anna, bo = await add_user(db, "anna", now), await add_user(db, "bo", now)
    reminder = await team_reminder(db, anna, now)

    async with db.session() as session:
        by_member = await repo.cancel(
            session, reminder.id, repo.Actor(bo.id, TEAM_CHAT, TENANT), now
        )
        elsewhere = await repo.cancel(session, reminder.id, me(anna, "another-tenant"), now)
        by_owner = await repo.cancel(session, reminder.id, me(anna), now)

    assert (by_member, elsewhere, by_owner) == (False, False, True)


async def test_a_personal_reminder_is_acted_on_only_within_its_tenant(
    db: Database, clock: FrozenClock
) -> None:
    now = clock.now()
    anna = await add_user(db, "anna", now)
    reminder = await remind(db, anna, now, at=now + timedelta(hours=1))
    occurrence_id = reminder.next_occurrence_id
    assert occurrence_id is not None

    async with db.session() as session:
        elsewhere = await repo.complete_occurrence(
            session, occurrence_id, me(anna, "another-tenant"), now
        )
        at_home = await repo.complete_occurrence(session, occurrence_id, me(anna), now)

    assert (elsewhere, at_home) == (False, True)


async def test_a_reminder_the_bot_made_is_the_recipients_not_the_organizers(
    db: Database, clock: FrozenClock
) -> None:
    """A meeting's reminder to Bo is owned by the organizer Anna, but it is Bo's: Anna
    neither lists nor closes it."""
    now = clock.now()
    anna, bo = await add_user(db, "anna", now), await add_user(db, "bo", now)
    for_bo = await remind(
        db,
        anna,
        now,
        at=now + timedelta(hours=1),
        recipient_user_id=bo.id,
        kind="meeting",
        subject="meeting:1",
    )
    occurrence_id = for_bo.next_occurrence_id
    assert occurrence_id is not None

    async with db.session() as session:
        listed_for_anna = await repo.list_active_for_user(session, anna.id)
        by_anna = await repo.complete_occurrence(session, occurrence_id, me(anna), now)
        cancelled_by_anna = await repo.cancel(session, for_bo.id, me(anna), now)
        listed_for_bo = await repo.list_active_for_user(session, bo.id)

    assert (listed_for_anna, by_anna, cancelled_by_anna) == ([], False, False)
    assert [r.id for r in listed_for_bo] == [for_bo.id]


async def test_snooze_adds_one_occurrence_and_moves_a_pending_one(
    db: Database, clock: FrozenClock
) -> None:
    now = clock.now()
    anna, cia = await add_user(db, "anna", now), await add_user(db, "cia", now)
    reminder = await remind(db, anna, now, at=now + timedelta(hours=1))
    until = now + timedelta(hours=3)
    occurrence_id = reminder.next_occurrence_id
    assert occurrence_id is not None

    async with db.session() as session:
        by_cia = await repo.snooze(session, occurrence_id, until, me(cia), now)
        first = await repo.snooze(session, occurrence_id, until, me(anna), now)
        twice = await repo.snooze(session, occurrence_id, until + timedelta(hours=1), me(anna), now)

    assert by_cia is None
    assert first is not None and twice == first
    assert (first.due_at, first.state) == (until, "pending")
    assert await occurrences(db, reminder.id) == [
        (f"{reminder.id}:20261122T100000Z", "cancelled", now + timedelta(hours=1)),
        (f"{reminder.id}:snooze-of-{occurrence_id}", "pending", until),
    ]


async def test_snoozing_a_delivered_one_time_reminder_brings_it_back(
    db: Database, clock: FrozenClock
) -> None:
    now = clock.now()
    anna = await add_user(db, "anna", now)
    reminder = await remind(db, anna, now, at=now)
    [item] = await claim(db, now)
    async with db.session() as session:
        await repo.mark_sent(
            session, item.occurrence_id, instance_id="one", at=now, activity_id="a", late=False
        )

    async with db.session() as session:
        snoozed = await repo.snooze(
            session, item.occurrence_id, now + timedelta(minutes=15), me(anna), now
        )
    async with db.session() as session:
        listed = await repo.list_active_for_user(session, anna.id)
    claimed_later = await claim(db, now + timedelta(minutes=15))

    assert snoozed is not None
    assert [(r.id, r.next_occurrence_id) for r in listed] == [(reminder.id, snoozed.id)]
    assert [c.occurrence_id for c in claimed_later] == [snoozed.id]


async def test_done_ends_a_one_time_reminder_and_skips_one_recurring_occurrence(
    db: Database, clock: FrozenClock
) -> None:
    now = clock.now()
    anna = await add_user(db, "anna", now)
    once = await remind(db, anna, now, at=now + timedelta(hours=1))
    daily = await remind(db, anna, now, rule=DAILY_8, dtstart_local=datetime(2026, 11, 1, 8))
    assert once.next_occurrence_id is not None and daily.next_occurrence_id is not None

    async with db.session() as session:
        assert await repo.complete_occurrence(session, once.next_occurrence_id, me(anna), now)
        assert await repo.complete_occurrence(session, daily.next_occurrence_id, me(anna), now)
    async with db.session() as session:
        listed = await repo.list_active_for_user(session, anna.id)

    assert [(r.id, r.next_due_at) for r in listed] == [
        (daily.id, datetime(2026, 11, 24, 7, tzinfo=UTC))
    ]
    assert [s for _, s, _ in await occurrences(db, once.id)] == ["cancelled"]


async def test_two_databases_claiming_at_once_never_share_an_occurrence(
    database_url: str, db: Database, clock: FrozenClock
) -> None:
    now = clock.now()
    anna = await add_user(db, "anna", now)
    for n in range(60):
        await remind(db, anna, now, at=now - timedelta(seconds=n))
    other = Database(database_url)
    try:

        async def drain(database: Database, instance: str) -> list[int]:
            taken: list[int] = []
            while True:
                async with database.session() as session:
                    batch = await repo.claim_due(
                        session, now, instance_id=instance, limit=7, lease=LEASE
                    )
                if not batch:
                    return taken
                taken.extend(c.occurrence_id for c in batch)
                await asyncio.sleep(0)

        first, second = await asyncio.gather(drain(db, "one"), drain(other, "two"))
    finally:
        await other.dispose()

    assert sorted(first + second) == sorted(set(first + second))
    assert len(first + second) == 60


async def test_the_due_claim_is_an_index_range_scan(db: Database, clock: FrozenClock) -> None:
    anna = await add_user(db, "anna", clock.now())
    for n in range(20):
        await remind(db, anna, clock.now(), at=clock.now() + timedelta(minutes=n - 10))
    statement = repo.due_statement(clock.now(), 5)

    async with db.session() as session:
        dialect = session.get_bind().dialect
        sql = str(statement.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))
        if db.is_sqlite:
            plan = (await session.execute(text(f"EXPLAIN QUERY PLAN {sql}"))).all()
            lines = [str(row[-1]) for row in plan]
        else:
            # A few rows make a sequential scan cheapest: ask whether the index serves.
            await session.execute(text("SET LOCAL enable_seqscan = off"))
            plan = (await session.execute(text(f"EXPLAIN {sql}"))).all()
            lines = [str(row[0]) for row in plan]

    uses_index = [
        line
        for line in lines
        if "ix_reminder_occurrences_state_next_attempt_at" in line
        and ("SEARCH" in line or "Index" in line)
    ]
    assert len(uses_index) == 1, lines


async def test_mark_unreachable_sets_the_time(db: Database, clock: FrozenClock) -> None:
    anna = await add_user(db, "anna", clock.now())

    async with db.session() as session:
        await repo.mark_unreachable(session, anna.id, clock.now())
    async with db.session() as session:
        since = await session.scalar(
            select(StaffUser.unreachable_since).where(StaffUser.id == anna.id)
        )
        await session.execute(
            update(StaffUser).where(StaffUser.id == anna.id).values(unreachable_since=None)
        )

    assert since == clock.now()
