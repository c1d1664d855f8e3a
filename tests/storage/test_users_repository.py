"""Staff users and conversation references, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from core.clock import FrozenClock
from storage.db import Database
from storage.models import ConversationReferenceRow
from storage.records import StaffUserRecord, TeamsIdentity
from storage.users_repository import (
    get_staff_user,
    personal_conversation_for,
    save_conversation_reference,
    set_preferences,
    upsert_staff_user,
)

ANNA = TeamsIdentity(
    teams_user_id="29:user-anna",
    aad_object_id="00000000-0000-0000-0000-00000000a11a",
    tenant_id="72f988bf-86f1-41af-91ab-2d7cd011db47",
    name="Anna Berg",
    locale="sv-SE",
)
SERVICE_URL = "https://smba.trafficmanager.net/emea/"


async def _upsert(db: Database, identity: TeamsIdentity, now: datetime) -> StaffUserRecord:
    async with db.session() as session:
        return await upsert_staff_user(session, identity, now)


async def _save_reference(
    db: Database,
    conversation_id: str,
    *,
    user_id: int | None,
    now: datetime,
    conversation_type: str = "personal",
    service_url: str = SERVICE_URL,
) -> dict:
    reference = {
        "conversation": {"id": conversation_id, "conversationType": conversation_type},
        "serviceUrl": service_url,
        "channelId": "msteams",
        "user": {"id": ANNA.teams_user_id, "name": "Anna Berg"},
    }
    async with db.session() as session:
        await save_conversation_reference(
            session,
            conversation_id=conversation_id,
            conversation_type=conversation_type,
            user_id=user_id,
            tenant_id=ANNA.tenant_id,
            service_url=service_url,
            channel_id="msteams",
            reference=reference,
            now=now,
        )
    return reference


async def test_upsert_creates_the_user(db: Database, clock: FrozenClock) -> None:
    created = await _upsert(db, ANNA, clock.now())

    assert created == StaffUserRecord(
        id=created.id,
        teams_user_id="29:user-anna",
        aad_object_id="00000000-0000-0000-0000-00000000a11a",
        tenant_id="72f988bf-86f1-41af-91ab-2d7cd011db47",
        name="Anna Berg",
        locale="sv-SE",
        language=None,
        timezone=None,
        created_at=clock.now(),
        last_seen_at=clock.now(),
    )
    async with db.session() as session:
        assert await get_staff_user(session, "29:user-anna") == created


async def test_upsert_updates_and_keeps_what_teams_left_out(
    db: Database, clock: FrozenClock
) -> None:
    first_seen = clock.now()
    created = await _upsert(db, ANNA, first_seen)
    async with db.session() as session:
        await set_preferences(session, created.id, language="en", timezone="Europe/London")
    clock.advance(timedelta(days=3, minutes=5))
    sparse = TeamsIdentity(
        teams_user_id=ANNA.teams_user_id,
        aad_object_id=None,
        tenant_id=None,
        name="Anna Berg Lind",
        locale=None,
    )

    updated = await _upsert(db, sparse, clock.now())

    expected = StaffUserRecord(
        id=created.id,
        teams_user_id=ANNA.teams_user_id,
        aad_object_id=ANNA.aad_object_id,
        tenant_id=ANNA.tenant_id,
        name="Anna Berg Lind",
        locale="sv-SE",
        language="en",
        timezone="Europe/London",
        created_at=first_seen,
        last_seen_at=first_seen + timedelta(days=3, minutes=5),
    )
    assert updated == expected
    async with db.session() as session:
        assert await get_staff_user(session, ANNA.teams_user_id) == expected


async def test_an_unknown_user_is_none(db: Database) -> None:
    async with db.session() as session:
        assert await get_staff_user(session, "29:ingen") is None


async def test_datetimes_come_back_aware_utc(db: Database) -> None:
    stockholm = datetime(2026, 7, 1, 14, 30, tzinfo=ZoneInfo("Europe/Stockholm"))

    created = await _upsert(db, ANNA, stockholm)
    async with db.session() as session:
        read = await get_staff_user(session, ANNA.teams_user_id)
    await _save_reference(db, "a:konv-1", user_id=created.id, now=stockholm)
    async with db.session() as session:
        conversation = await personal_conversation_for(session, created.id)

    assert read is not None
    assert conversation is not None
    for value in (created.created_at, read.created_at, read.last_seen_at, conversation.updated_at):
        assert (value, value.tzinfo) == (datetime(2026, 7, 1, 12, 30, tzinfo=UTC), UTC)


async def test_save_conversation_reference_upserts_by_conversation_id(
    db: Database, clock: FrozenClock
) -> None:
    user = await _upsert(db, ANNA, clock.now())
    await _save_reference(db, "a:konv-1", user_id=user.id, now=clock.now())
    clock.advance(timedelta(hours=1))
    newer = await _save_reference(
        db,
        "a:konv-1",
        user_id=user.id,
        now=clock.now(),
        service_url="https://smba.trafficmanager.net/se/",
    )

    async with db.session() as session:
        count = await session.scalar(select(func.count()).select_from(ConversationReferenceRow))
        conversation = await personal_conversation_for(session, user.id)

    assert count == 1
    assert conversation is not None
    assert (conversation.service_url, conversation.reference, conversation.updated_at) == (
        "https://smba.trafficmanager.net/se/",
        newer,
        clock.now(),
    )


async def test_personal_conversation_for_returns_the_newest_personal_reference(
    db: Database, clock: FrozenClock
) -> None:
    user = await _upsert(db, ANNA, clock.now())
    start = clock.now()
    await _save_reference(db, "a:gammal", user_id=user.id, now=start)
    newest = await _save_reference(db, "a:ny", user_id=user.id, now=start + timedelta(days=1))
    await _save_reference(
        db,
        "19:kanal@thread.tacv2",
        user_id=user.id,
        now=start + timedelta(days=2),
        conversation_type="channel",
    )
    await _save_reference(db, "a:mellan", user_id=user.id, now=start + timedelta(hours=1))

    async with db.session() as session:
        conversation = await personal_conversation_for(session, user.id)
        nobody = await personal_conversation_for(session, user.id + 1)

    assert conversation is not None
    assert (conversation.conversation_id, conversation.conversation_type) == ("a:ny", "personal")
    assert conversation.reference == newest
    assert isinstance(conversation.reference, dict)
    assert nobody is None


async def test_client_timezone_is_kept_when_teams_leaves_it_out(
    db: Database, clock: FrozenClock
) -> None:
    with_zone = TeamsIdentity(**{**ANNA.__dict__, "client_timezone": "Europe/Helsinki"})
    await _upsert(db, with_zone, clock.now())

    user = await _upsert(db, ANNA, clock.now())

    assert user.client_timezone == "Europe/Helsinki"
    assert user.effective_timezone("Europe/Stockholm") == "Europe/Helsinki"
    chosen = StaffUserRecord(**{**user.__dict__, "timezone": "Europe/London"})
    assert chosen.effective_timezone("Europe/Stockholm") == "Europe/London"
    nothing = StaffUserRecord(**{**user.__dict__, "client_timezone": None})
    assert nothing.effective_timezone("Europe/Stockholm") == "Europe/Stockholm"
