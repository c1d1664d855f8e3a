"""Crisis plans through the service, on SQLite and PostgreSQL: who reads, who
writes, what is audited, and the directory's contacts in a plan."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from sqlalchemy import delete, func, select

from core.clock import FrozenClock
from core.crisis_plan import DAY, EVENING, NIGHT, REACHES, ContactLine
from core.errors import UserInputError
from storage.audit_repository import audit_events
from storage.crisis_service import CrisisPlanInput, CrisisPlanService
from storage.db import Database
from storage.models import Client, Contact, CrisisContact, CrisisPlan
from tests.support import rows

NOW = datetime(2026, 12, 7, 20, 0, tzinfo=UTC)
PLAN = CrisisPlanInput(
    early_signs=("Sover dåligt flera nätter", "Slutar svara i telefon"),
    steps=("Kontaktpersonen ringer samma dag", "Samordnaren kallar resursgruppen"),
    own_words="Prata lugnt med mig, och gå en promenad.",
    contacts=(
        ContactLine("Mamma Eva", "070-123 45 67", frozenset({EVENING})),
        ContactLine("Psykiatriakuten", "019-602 00 00", frozenset(REACHES)),
    ),
)


@dataclass
class World:
    service: CrisisPlanService
    ids: dict[str, int]


@pytest.fixture
async def world(db: Database) -> World:
    async with db.session() as session:
        unit = await rows.unit(session, "Boendestöd")
        other_unit = await rows.unit(session, "Daglig verksamhet")
        client = await rows.client(session, unit, "K-1042")
        await rows.client(session, other_unit, "K-2000")
        ids = {
            name: await rows.staff(session, f"29:{name}", name=name.capitalize())
            for name in ("member", "samordnare", "coordinator", "manager", "stranger", "left")
        }
        await rows.member(session, client, ids["member"])
        await rows.member(session, client, ids["samordnare"], role="samordnare")
        await rows.member(session, client, ids["left"], removed=NOW)
        await rows.add(session, _unit_role(unit, ids["coordinator"], "coordinator"))
        await rows.add(session, _unit_role(unit, ids["manager"], "unit_manager"))
        await rows.contact(session, "Mobila teamet Örebro")
    return World(CrisisPlanService(db, FrozenClock(NOW)), ids)


def _unit_role(unit: int, user: int, role: str) -> object:
    from storage.models import UnitRole

    return UnitRole(unit_id=unit, staff_user_id=user, role=role, added_at=NOW, added_by="test")


async def _events(db: Database, user_id: int, action: str) -> list[tuple[str, str | None]]:
    async with db.session() as session:
        events = await audit_events(session, user_id=user_id, action=action)
    return [(e.outcome, e.client_code) for e in events]


@pytest.mark.parametrize("writer", ["samordnare", "coordinator"])
async def test_coordinators_write_and_the_team_and_manager_read(
    db: Database, world: World, writer: str
) -> None:
    saved = await world.service.save(world.ids[writer], "K-1042", PLAN)
    assert saved.plan is not None and saved.may_write

    for reader, may_write in (("member", False), ("manager", False), (writer, True)):
        view = await world.service.plan(world.ids[reader], "k1042")
        assert view.code == "K-1042"
        assert view.may_write is may_write
        assert view.plan is not None
        assert view.plan.early_signs == PLAN.early_signs
        assert view.plan.steps == PLAN.steps
        assert view.plan.own_words == PLAN.own_words
        assert [(c.name, c.phone, c.reach) for c in view.plan.contacts] == [
            ("Mamma Eva", "070-123 45 67", frozenset({EVENING})),
            ("Psykiatriakuten", "019-602 00 00", frozenset({DAY, EVENING, NIGHT})),
        ]
        assert view.plan.updated_by == writer.capitalize()
        assert await _events(db, world.ids[reader], "crisis_plan.read") == [("ok", "K-1042")]
    assert await _events(db, world.ids[writer], "crisis_plan.write") == [("ok", "K-1042")]


@pytest.mark.parametrize("reader", ["member", "manager"])
async def test_readers_may_not_write_and_the_refusal_is_audited(
    db: Database, world: World, reader: str
) -> None:
    with pytest.raises(UserInputError) as refused:
        await world.service.save(world.ids[reader], "K-1042", PLAN)
    assert refused.value.key == "crisis.access.not_coordinator"
    with pytest.raises(UserInputError) as refused:
        await world.service.plan(world.ids[reader], "K-1042", editing=True)
    assert refused.value.key == "crisis.access.not_coordinator"
    async with db.session() as session:
        assert await session.scalar(select(func.count()).select_from(CrisisPlan)) == 0
    assert await _events(db, world.ids[reader], "crisis_plan.write") == [("refused", "K-1042")]
    assert await _events(db, world.ids[reader], "crisis_plan.read") == [("refused", "K-1042")]


@pytest.mark.parametrize("person", ["stranger", "left", "coordinator"])
async def test_not_yours_and_not_there_look_the_same(
    db: Database, world: World, person: str
) -> None:
    """A stranger, a member who left and another unit's client: as if the code did
    not exist (the coordinator's unit is not K-2000's)."""
    await world.service.save(world.ids["samordnare"], "K-1042", PLAN)
    code = "K-2000" if person == "coordinator" else "K-1042"
    answers = []
    for asked in (code, "K-9999"):
        for call in (
            world.service.plan(world.ids[person], asked),
            world.service.save(world.ids[person], asked, PLAN),
        ):
            with pytest.raises(UserInputError) as refused:
                await call
            answers.append((refused.value.key, refused.value.params))
    assert {key for key, _params in answers} == {"ssd.access.refused"}
    events = await _events(db, world.ids[person], "crisis_plan.read")
    assert {outcome for outcome, _code in events} == {"refused"}
    assert len(events) == 2


async def test_saving_again_replaces_the_plan(db: Database, world: World) -> None:
    await world.service.save(world.ids["samordnare"], "K-1042", PLAN)
    shorter = CrisisPlanInput(("Drar sig undan",), ("Ring",), None, PLAN.contacts[1:])
    view = await world.service.save(world.ids["coordinator"], "K-1042", shorter)
    assert view.plan is not None
    assert (view.plan.early_signs, view.plan.own_words) == (("Drar sig undan",), None)
    assert [c.name for c in view.plan.contacts] == ["Psykiatriakuten"]
    async with db.session() as session:
        assert await session.scalar(select(func.count()).select_from(CrisisContact)) == 1
        assert await session.scalar(select(func.count()).select_from(CrisisPlan)) == 1


async def test_a_directory_contact_shows_the_entry_and_its_removal(
    db: Database, world: World
) -> None:
    night = ContactLine("mobila teamet örebro", None, frozenset({NIGHT}))
    given = CrisisPlanInput(PLAN.early_signs, PLAN.steps, None, (night,))
    await world.service.check_contacts(given.contacts)
    view = await world.service.save(world.ids["samordnare"], "K-1042", given)
    assert view.plan is not None
    [contact] = view.plan.contacts
    assert (contact.name, contact.from_directory) == ("Mobila teamet Örebro", True)
    async with db.session() as session:
        stored = (await session.execute(select(CrisisContact.name, CrisisContact.phone))).one()
        assert tuple(stored) == (None, None)  # the directory holds the name and number
        await session.execute(delete(Contact))
    view = await world.service.plan(world.ids["member"], "K-1042")
    assert view.plan is not None
    assert [(c.name, c.from_directory) for c in view.plan.contacts] == [(None, True)]


async def test_a_name_not_in_the_directory_needs_a_number(db: Database, world: World) -> None:
    missing = (ContactLine("Nattjouren", None, frozenset({NIGHT})),)
    with pytest.raises(UserInputError) as refused:
        await world.service.check_contacts(missing)
    assert (refused.value.key, refused.value.params) == ("crisis.contact.not_found", {"line": 1})
    with pytest.raises(UserInputError):
        await world.service.save(
            world.ids["samordnare"], "K-1042", CrisisPlanInput(("a",), ("b",), None, missing)
        )
    async with db.session() as session:
        assert await session.scalar(select(func.count()).select_from(CrisisPlan)) == 0


async def test_no_plan_yet_is_said_and_audited(db: Database, world: World) -> None:
    view = await world.service.plan(world.ids["member"], "K-1042")
    assert (view.plan, view.may_write) == (None, False)
    async with db.session() as session:
        [event] = await audit_events(session, user_id=world.ids["member"])
    assert (event.action, event.outcome, event.detail) == ("crisis_plan.read", "ok", "no plan")


async def test_deleting_the_client_deletes_its_plan(db: Database, world: World) -> None:
    await world.service.save(world.ids["samordnare"], "K-1042", PLAN)
    async with db.session() as session:
        await session.execute(delete(Client).where(Client.code == "K-1042"))
    async with db.session() as session:
        assert await session.scalar(select(func.count()).select_from(CrisisPlan)) == 0
        assert await session.scalar(select(func.count()).select_from(CrisisContact)) == 0
