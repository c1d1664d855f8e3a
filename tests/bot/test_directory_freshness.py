"""The directory's freshness reminder against a fake sender, on SQLite and
PostgreSQL: owners learnt through the member API, one message per owner and month
(also with two instances), office hours only, and "Stämmer fortfarande" confirms."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.directory_freshness import FreshnessReminder, sending_time
from core.clock import FrozenClock
from core.contact_model import ContactDraft
from storage.db import Database
from storage.directory_service import COMMAND_LINE, DirectoryService
from storage.records import StaffUserRecord
from tests.bot.test_reminder_dispatcher import FakeSender
from tests.storage.test_reminders_repository import add_user

MONDAY_1000 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # 10:00 in Stockholm


@dataclass
class MemberSender(FakeSender):
    """The fake sender, plus the member API: e-mail per Teams user id."""

    emails: dict[str, str] = field(default_factory=dict)
    lookups: list[str] = field(default_factory=list)

    async def member_email(self, reference: dict[str, Any], *, tenant_id: str | None) -> str | None:
        user = reference["user"]["id"]
        self.lookups.append(user)
        return self.emails.get(user)


async def _world(db: Database, clock: FrozenClock) -> tuple[DirectoryService, StaffUserRecord]:
    """Anna owns two entries confirmed a year ago and one confirmed today."""
    directory = DirectoryService(db, clock)
    clock.set(MONDAY_1000 - timedelta(days=365))
    for name in ("Anna Berg", "Mottagning Kumla"):
        await directory.create(
            COMMAND_LINE,
            ContactDraft(
                name=name,
                agency="Kumla kommun",
                phone="019-58 80 00",
                email=f"{name.split()[0].lower()}@kumla.se",
                owner_email="anna.berg@kumla.se",
            ),
        )
    clock.set(MONDAY_1000)
    await directory.create(
        COMMAND_LINE,
        ContactDraft(
            name="Färsk Post",
            agency="Kumla kommun",
            phone="019-58 80 01",
            owner_email="anna.berg@kumla.se",
        ),
    )
    anna = await add_user(db, "anna", MONDAY_1000)
    return directory, anna


def _reminder(db: Database, directory: DirectoryService, sender: MemberSender, clock: FrozenClock):  # type: ignore[no-untyped-def]
    return FreshnessReminder(db, directory, sender, clock, timezone="Europe/Stockholm")


def _names(sender: MemberSender) -> list[list[str]]:
    names = []
    for card in sender.cards():
        names.append([item["items"][0]["text"].split(" · ")[0] for item in card["body"][2:]])
    return names


async def test_an_owner_gets_one_message_a_month_listing_only_stale_entries(
    db: Database, clock: FrozenClock
) -> None:
    directory, _anna = await _world(db, clock)
    sender = MemberSender(emails={"anna": "Anna.Berg@kumla.se"})
    reminder = _reminder(db, directory, sender, clock)

    first = await reminder.run_once()
    clock.advance(timedelta(hours=1))
    second = await reminder.run_once()

    assert (first.emails_learnt, first.sent, second.sent) == (1, 1, 0)
    assert _names(sender) == [["Anna Berg", "Mottagning Kumla"]]
    card = sender.cards()[0]
    assert card["actions"][0]["data"]["directory_action"] == "confirm"
    assert sender.lookups == ["anna"]  # learnt once, not asked again


async def test_two_instances_send_it_once(db: Database, clock: FrozenClock) -> None:
    directory, _anna = await _world(db, clock)
    sender = MemberSender(emails={"anna": "anna.berg@kumla.se"})
    await _reminder(db, directory, sender, clock).learn_emails(
        type("S", (), {"emails_learnt": 0})()
    )

    results = await asyncio.gather(
        _reminder(db, DirectoryService(db, clock), sender, clock).run_once(),
        _reminder(db, DirectoryService(db, clock), sender, clock).run_once(),
    )

    assert sum(r.sent for r in results) == 1
    assert len(sender.delivered) == 1


async def test_an_owner_the_bot_cannot_reach_yet_is_tried_again(
    db: Database, clock: FrozenClock
) -> None:
    directory, _anna = await _world(db, clock)
    sender = MemberSender(emails={})  # the member API does not tell
    reminder = _reminder(db, directory, sender, clock)

    assert (await reminder.run_once()).owners_unknown == 1
    sender.emails["anna"] = "anna.berg@kumla.se"
    clock.advance(timedelta(hours=1))

    assert (await reminder.run_once()).sent == 1


async def test_nothing_is_sent_at_night_at_weekends_or_on_holidays(
    db: Database, clock: FrozenClock
) -> None:
    directory, _anna = await _world(db, clock)
    sender = MemberSender(emails={"anna": "anna.berg@kumla.se"})
    reminder = _reminder(db, directory, sender, clock)
    for moment in (
        datetime(2026, 11, 23, 2, 0, tzinfo=UTC),  # Monday 03:00
        datetime(2026, 11, 28, 9, 0, tzinfo=UTC),  # Saturday
        datetime(2026, 12, 25, 9, 0, tzinfo=UTC),  # juldagen, a Friday
    ):
        clock.set(moment)
        assert (await reminder.run_once()).sent == 0
    assert sender.calls == []
    assert sending_time(MONDAY_1000.astimezone(reminder._zone))


async def test_still_right_confirms_only_the_owners_entries(
    db: Database, clock: FrozenClock
) -> None:
    directory, _anna = await _world(db, clock)
    stale = await directory.stale_by_owner()
    ids = stale["anna.berg@kumla.se"]

    assert await directory.confirm("someone.else@kumla.se", ids, user_id=1) == 0
    assert await directory.confirm("anna.berg@kumla.se", ids, user_id=1) == 2
    assert await directory.stale_by_owner() == {}
