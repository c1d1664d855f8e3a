"""The staff registry writes what changed and skips what did not."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import timedelta

from sqlalchemy import select

from core.clock import FrozenClock
from storage.db import Database
from storage.models import ConversationReferenceRow, StaffUser
from storage.records import TeamsIdentity
from storage.staff_registry import ConversationSighting, StaffRegistry
from storage.users_repository import get_staff_user

ANNA = TeamsIdentity(
    teams_user_id="29:user-anna",
    aad_object_id="00000000-0000-0000-0000-00000000a11a",
    tenant_id="tenant-a",
    name="Anna Berg",
    locale="sv-SE",
)
CHAT = ConversationSighting(
    conversation_id="a:conv-anna",
    conversation_type="personal",
    tenant_id="tenant-a",
    service_url="https://smba.trafficmanager.net/emea/",
    channel_id="msteams",
    reference={"conversation": {"id": "a:conv-anna"}, "serviceUrl": "https://smba/emea/"},
)


async def _user_row(db: Database) -> StaffUser:
    async with db.session() as session:
        return await session.scalar(select(StaffUser))


async def _reference_row(db: Database) -> ConversationReferenceRow:
    async with db.session() as session:
        return await session.scalar(select(ConversationReferenceRow))


async def test_first_sighting_writes_user_and_reference(db: Database, clock: FrozenClock) -> None:
    registry = StaffRegistry(db, clock)

    user = await registry.remember(ANNA, CHAT)

    row = await _user_row(db)
    reference = await _reference_row(db)
    assert (row.id, row.name, row.tenant_id) == (user.id, "Anna Berg", "tenant-a")
    assert (reference.user_id, reference.service_url) == (user.id, CHAT.service_url)


async def test_unchanged_sighting_within_refresh_is_not_written(
    db: Database, clock: FrozenClock
) -> None:
    registry = StaffRegistry(db, clock, refresh_after=timedelta(seconds=60))
    first = await registry.remember(ANNA, CHAT)

    clock.advance(timedelta(seconds=30))
    again = await registry.remember(ANNA, CHAT)

    assert again == first
    assert (await _user_row(db)).last_seen_at == first.last_seen_at


async def test_stale_sighting_is_written_again(db: Database, clock: FrozenClock) -> None:
    registry = StaffRegistry(db, clock, refresh_after=timedelta(seconds=60))
    first = await registry.remember(ANNA, CHAT)

    clock.advance(timedelta(seconds=61))
    again = await registry.remember(ANNA, CHAT)

    assert again.last_seen_at == first.last_seen_at + timedelta(seconds=61)
    assert (await _user_row(db)).last_seen_at == again.last_seen_at


async def test_changed_identity_or_reference_is_written_at_once(
    db: Database, clock: FrozenClock
) -> None:
    registry = StaffRegistry(db, clock)
    await registry.remember(ANNA, CHAT)

    renamed = await registry.remember(replace(ANNA, name="Anna Berg-Lund"), CHAT)
    moved = replace(CHAT, service_url="https://smba.trafficmanager.net/emea2/")
    await registry.remember(replace(ANNA, name="Anna Berg-Lund"), moved)

    assert renamed.name == "Anna Berg-Lund"
    assert (await _user_row(db)).name == "Anna Berg-Lund"
    assert (await _reference_row(db)).service_url == "https://smba.trafficmanager.net/emea2/"


async def test_saved_preferences_show_in_the_next_sighting(
    db: Database, clock: FrozenClock
) -> None:
    registry = StaffRegistry(db, clock)
    user = await registry.remember(ANNA, CHAT)

    await registry.save_preferences(user.id, language="en", timezone="Europe/Helsinki")
    cached = await registry.remember(ANNA, CHAT)

    async with db.session() as session:
        stored = await get_staff_user(session, ANNA.teams_user_id)
    assert (cached.language, cached.timezone) == ("en", "Europe/Helsinki")
    assert stored is not None
    assert (stored.language, stored.timezone) == ("en", "Europe/Helsinki")


async def test_cache_is_bounded(db: Database, clock: FrozenClock) -> None:
    registry = StaffRegistry(db, clock, max_entries=3)
    for n in range(5):
        who = replace(ANNA, teams_user_id=f"29:user-{n}")
        where = replace(CHAT, conversation_id=f"a:conv-{n}")
        await registry.remember(who, where)

    assert len(registry._written) == 3


async def test_only_one_of_many_racing_claims_wins_the_welcome(
    db: Database, clock: FrozenClock
) -> None:
    registry = StaffRegistry(db, clock)

    claims = await asyncio.gather(*(registry.claim_welcome("a:conv-anna") for _ in range(8)))
    later = await registry.claim_welcome("a:conv-anna")
    other = await registry.claim_welcome("a:conv-other")

    assert sorted(claims) == [False] * 7 + [True]
    assert (later, other) == (False, True)
