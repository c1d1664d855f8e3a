"""The SSD service on SQLite and PostgreSQL: access for the care team only, every
read and write audited in the same transaction, all-or-none saves, ask before
replacing, slots from shifts and back-filling, export and coordinators."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from core import ssd_model as rules
from core.clock import FrozenClock
from core.errors import UserInputError
from core.ssd_commands import PhaseCommand
from core.ssd_model import Scale, validate_target
from storage import ssd_repository as ssd
from storage.audit_repository import audit_events
from storage.db import Database
from storage.models import Agency, Rating, Unit
from storage.records import ClientRecord, TargetRecord, TeamsIdentity
from storage.ssd_service import RatingInput, SsdService
from storage.users_repository import upsert_staff_user

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
TODAY = date(2026, 11, 22)  # a Sunday


@dataclass(frozen=True)
class World:
    service: SsdService
    unit_id: int
    member: int  # staff user ids
    outsider: int
    manager: int  # the unit manager: reads
    coordinator: int  # the unit's coordinator: manages
    client: ClientRecord
    anxiety: TargetRecord
    sleep: TargetRecord
    nights: TargetRecord  # rated per shift


async def _user(db: Database, name: str) -> int:
    identity = TeamsIdentity(f"29:{name}", None, "tenant", name, "sv-SE")
    async with db.session() as session:
        return (await upsert_staff_user(session, identity, NOW)).id


def _spec(name: str, frequency: str = rules.DAILY) -> rules.TargetSpec:
    return validate_target(
        name=name,
        low_anchor="inget",
        high_anchor="mycket",
        better=rules.LOWER,
        frequency=frequency,
        scale=Scale(0, 10, 1),
    )


@pytest.fixture
async def world(db: Database) -> World:
    member, outsider, manager, coordinator = [
        await _user(db, n) for n in ("Anna", "Bertil", "Cecilia", "David")
    ]
    async with db.session() as session:
        agency = Agency(name="Örebro kommun", short_name="Örebro", kind="kommun")
        session.add(agency)
        await session.flush()
        unit = Unit(agency_id=agency.id, name="Boendestöd")
        session.add(unit)
        await session.flush()
        client = await ssd.create_client(session, code="K-1042", unit_id=unit.id, now=NOW)
        await ssd.add_care_team_member(
            session, client_id=client.id, staff_user_id=member, role="kontaktperson", now=NOW
        )
        for who, role in ((manager, "unit_manager"), (coordinator, "coordinator")):
            await ssd.add_unit_role(session, unit_id=unit.id, staff_user_id=who, role=role, now=NOW)
        targets = [
            await ssd.create_target(session, client_id=client.id, spec=spec, now=NOW)
            for spec in (_spec("ångest"), _spec("sömn"), _spec("oro", rules.SHIFT))
        ]
        await ssd.create_phase(
            session,
            client_id=client.id,
            start_date=TODAY - timedelta(days=20),
            description="Baslinje",
            now=NOW,
        )
    service = SsdService(db, FrozenClock(NOW))
    return World(service, unit.id, member, outsider, manager, coordinator, client, *targets)


async def _ratings(db: Database) -> list[tuple[int, date, str, float]]:
    async with db.session() as session:
        rows = await session.execute(
            select(Rating.target_id, Rating.slot_date, Rating.slot, Rating.value).order_by(
                Rating.target_id, Rating.slot_date, Rating.slot
            )
        )
        return [tuple(row) for row in rows]  # type: ignore[misc]


async def _audit(db: Database, **filters: object) -> list[tuple[str, str, str | None]]:
    async with db.session() as session:
        events = await audit_events(session, **filters)  # type: ignore[arg-type]
    return [(e.action, e.outcome, e.client_code) for e in events]


async def _rate(world: World, *values: tuple[int | str, float], **kwargs: object):  # type: ignore[no-untyped-def]
    return await world.service.rate(
        world.member,
        "k-1042",
        [RatingInput(t, v) for t, v in values],
        today=TODAY,
        local_hour=kwargs.pop("local_hour", 9),  # type: ignore[arg-type]
        **kwargs,  # type: ignore[arg-type]
    )


async def test_a_member_rates_and_sees_the_last_seven(world: World, db: Database) -> None:
    for back in range(8, 0, -1):
        if back <= 7:
            await _rate(world, ("ångest", back), day=TODAY - timedelta(days=back))
    result = await _rate(world, ("ång", 2), ("sömn", 5))  # a unique prefix is enough
    assert result.conflicts == ()
    anxiety = result.saved[0]
    assert (anxiety.target.name, anxiety.rating.value, anxiety.rating.slot_date) == (
        "ångest",
        2,
        TODAY,
    )
    assert [r.value for r in anxiety.recent] == [7, 6, 5, 4, 3, 2, 1, 2]
    assert anxiety.rating.rater_role == "kontaktperson"
    assert result.saved[1].recent[-1].value == 5
    writes = await _audit(db, action="rating.write")
    assert len(writes) == 7 + 2 and {w[1:] for w in writes} == {("ok", "K-1042")}


async def test_a_second_value_for_the_same_slot_asks_first(world: World, db: Database) -> None:
    await _rate(world, ("ångest", 6))
    asked = await _rate(world, ("ångest", 3), ("sömn", 4))
    assert [(c.target.name, c.existing, c.new) for c in asked.conflicts] == [("ångest", 6, 3)]
    assert asked.saved == ()
    # Nothing saved, not even the target without a conflict: all or none.
    assert await _ratings(db) == [(world.anxiety.id, TODAY, "day", 6.0)]
    replaced = await _rate(world, ("ångest", 3), ("sömn", 4), replace=True)
    assert [(s.target.name, s.previous, s.rating.value) for s in replaced.saved] == [
        ("ångest", 6.0, 3.0),
        ("sömn", None, 4.0),
    ]
    # The same value again is no conflict and changes nothing.
    again = await _rate(world, ("ångest", 3))
    assert again.conflicts == () and again.saved[0].previous is None


@pytest.mark.parametrize(
    ("values", "kwargs", "key"),
    [
        ((("ångest", 4), ("sömn", 11)), {}, "ssd.value.out_of_scale"),
        ((("ångest", 4), ("sömn", 4.5)), {}, "ssd.value.out_of_scale"),
        ((("ångest", 4), ("humör", 4)), {}, "ssd.target.unknown_named"),
        ((("ångest", 4), ("ångest", 5)), {}, "ssd.rate.twice"),
        ((("ångest", 4),), {"day": TODAY + timedelta(days=1)}, "ssd.rate.day_future"),
        ((("ångest", 4),), {"day": TODAY - timedelta(days=8)}, "ssd.rate.day_too_old"),
        ((("ångest", 4),), {"note": "ringde 19121212-1212"}, "ssd.personnummer"),
        ((("ångest", 4),), {"note": "x" * 501}, "ssd.note.too_long"),
        ((("ångest", 4), ("oro", 3)), {"day": TODAY - timedelta(days=1)}, "ssd.rate.shift_needed"),
        ((), {}, "ssd.rate.nothing"),
    ],
)
async def test_bad_input_saves_nothing_and_is_audited(
    world: World, db: Database, values: tuple, kwargs: dict, key: str
) -> None:
    with pytest.raises(UserInputError) as raised:
        await _rate(world, *values, **kwargs)
    assert raised.value.key == key
    assert await _ratings(db) == []
    assert await _audit(db, user_id=world.member) == [("rating.write", "refused", "K-1042")]


async def test_shift_targets_take_the_running_shift(world: World, db: Database) -> None:
    await _rate(world, ("oro", 2), local_hour=3)  # the night that began yesterday
    await _rate(world, ("oro", 4), local_hour=16)
    await _rate(world, ("oro", 5), day=TODAY - timedelta(days=1), shift=rules.SHIFT_DAY)
    assert await _ratings(db) == [
        (world.nights.id, TODAY - timedelta(days=1), "shift-day", 5.0),
        (world.nights.id, TODAY - timedelta(days=1), "shift-night", 2.0),
        (world.nights.id, TODAY, "shift-evening", 4.0),
    ]


async def test_outsiders_and_unknown_codes_get_the_same_refusal(world: World, db: Database) -> None:
    for code in ("K-1042", "K-9999"):
        with pytest.raises(UserInputError) as raised:
            await world.service.rating_form(world.outsider, code, TODAY)
        assert (raised.value.key, raised.value.params) == ("ssd.access.refused", {"code": code})
        with pytest.raises(UserInputError):
            await world.service.chart_series(world.outsider, code, None, TODAY)
        with pytest.raises(UserInputError):
            await world.service.export_csv(world.outsider, code)
    assert {e[1] for e in await _audit(db, user_id=world.outsider)} == {"refused"}
    assert len(await _audit(db, user_id=world.outsider)) == 6


async def test_a_member_who_left_loses_access(world: World, db: Database) -> None:
    async with db.session() as session:
        await ssd.remove_care_team_member(
            session, client_id=world.client.id, staff_user_id=world.member, now=NOW
        )
    with pytest.raises(UserInputError) as raised:
        await _rate(world, ("ångest", 4))
    assert raised.value.key == "ssd.access.refused"


async def test_the_manager_reads_but_does_not_rate_or_export(world: World, db: Database) -> None:
    series = await world.service.chart_series(world.manager, "K-1042", "ångest", TODAY)
    assert [s.target.name for s in series] == ["ångest"]
    with pytest.raises(UserInputError) as raised:
        await world.service.rate(
            world.manager, "K-1042", [RatingInput("ångest", 3)], today=TODAY, local_hour=9
        )
    assert raised.value.key == "ssd.access.read_only"
    with pytest.raises(UserInputError) as raised:
        await world.service.export_csv(world.manager, "K-1042")
    assert raised.value.key == "ssd.access.export_team_only"
    assert await _audit(db, user_id=world.manager) == [
        ("export", "refused", "K-1042"),
        ("rating.write", "refused", "K-1042"),
        ("chart.read", "ok", "K-1042"),
    ]


async def test_a_closed_client_is_read_not_rated(world: World, db: Database) -> None:
    async with db.session() as session:
        await ssd.set_client_status(session, world.client.id, rules.CLOSED)
    with pytest.raises(UserInputError) as raised:
        await _rate(world, ("ångest", 4))
    assert raised.value.key == "ssd.client.closed"
    assert await world.service.chart_series(world.member, "K-1042", None, TODAY)


async def test_the_form_lists_due_targets_with_recent_values(world: World, db: Database) -> None:
    await _rate(world, ("ångest", 6), day=TODAY - timedelta(days=1))
    await _rate(world, ("sömn", 3))
    form = await world.service.rating_form(world.member, "k-1042", TODAY)
    by_name = {item.target.name: item for item in form.targets}
    assert set(by_name) == {"ångest", "sömn", "oro"}
    assert [r.value for r in by_name["ångest"].recent] == [6]
    assert [s.rating.value for s in by_name["sömn"].slots if s.rating] == [3]
    assert len(by_name["oro"].slots) == 3
    assert form.phase is not None and form.phase.label == "A"
    assert ("rating.form", "ok", "K-1042") in await _audit(db, user_id=world.member)


async def test_export_has_one_row_per_rating(world: World, db: Database) -> None:
    await _rate(world, ("ångest", 6), ("sömn", 2), note="lugn kväll")
    await _rate(world, ("ångest", 5), day=TODAY - timedelta(days=1))
    export = await world.service.export_csv(world.member, "K-1042")
    assert export.filename == "K-1042-skattningar.csv" and export.rows == 3
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert rows == [
        ["date", "slot", "target", "phase", "value", "rater_role", "has_note"],
        ["2026-11-21", "day", "ångest", "A", "5", "kontaktperson", "no"],
        ["2026-11-22", "day", "ångest", "A", "6", "kontaktperson", "yes"],
        ["2026-11-22", "day", "sömn", "A", "2", "kontaktperson", "yes"],
    ]
    # The note itself is never exported.
    assert b"lugn" not in export.content
    assert ("export", "ok", "K-1042") in await _audit(db, user_id=world.member)


async def test_coordinators_change_targets_and_phases(world: World, db: Database) -> None:
    with pytest.raises(UserInputError) as raised:
        await world.service.create_target(world.member, "K-1042", _spec("humör"))
    assert raised.value.key == "ssd.access.not_coordinator"
    # The unit manager reads and changes nothing; nor creates clients.
    with pytest.raises(UserInputError) as raised:
        await world.service.create_target(world.manager, "K-1042", _spec("humör"))
    assert raised.value.key == "ssd.access.not_coordinator"
    with pytest.raises(UserInputError) as raised:
        await world.service.create_client(world.manager, "K-2003")
    assert raised.value.key == "ssd.access.no_unit"
    # The unit's coordinator may; and a new client makes its creator its samordnare.
    target = await world.service.create_target(world.coordinator, "K-1042", _spec("humör"))
    assert target.name == "humör"
    created = await world.service.create_client(world.coordinator, "k-2001")
    assert (created.client.code, created.role, created.may_coordinate) == (
        "K-2001",
        "samordnare",
        True,
    )
    phase = await world.service.create_phase(
        world.coordinator, "K-2001", PhaseCommand(label=None, start=TODAY, description="Baslinje")
    )
    assert (phase.label, phase.start_date) == ("A", TODAY)
    with pytest.raises(UserInputError) as raised:
        await world.service.create_client(world.member, "K-2002")
    assert raised.value.key == "ssd.access.no_unit"
    with pytest.raises(UserInputError) as raised:
        await world.service.create_client(world.coordinator, "K-2001")
    assert raised.value.key == "ssd.client.exists"
    actions = [e[0] for e in await _audit(db, user_id=world.coordinator) if e[1] == "ok"]
    assert actions == ["phase.create", "client.create", "target.create"]


async def test_demo_membership_puts_the_local_user_in_the_demo_teams(db: Database) -> None:
    from demo.data import ensure_demo_membership, load_demo_data

    async with db.session() as session:
        await load_demo_data(session, today=TODAY)
    newcomer = await _user(db, "Nykomling")
    service = SsdService(db, FrozenClock(NOW), join_demo=ensure_demo_membership)
    clients = await service.my_clients(newcomer, TODAY)
    assert [c.client.code for c in clients] == ["E-2001", "K-1001"]
    series = await service.chart_series(newcomer, "K-1001", None, TODAY)
    assert {s.target.name for s in series} == {"ångest", "sömn"}
    assert all(len(s.ratings) >= 30 for s in series)
    # Without demo membership nobody is let in.
    stranger = await _user(db, "Främling")
    with pytest.raises(UserInputError):
        await SsdService(db, FrozenClock(NOW)).chart_series(stranger, "K-1001", None, TODAY)


async def test_ratings_count_is_unchanged_by_refusals(world: World, db: Database) -> None:
    await _rate(world, ("ångest", 6))
    with pytest.raises(UserInputError):
        await _rate(world, ("ångest", 2), ("sömn", 42), replace=True)
    async with db.session() as session:
        assert await session.scalar(select(func.count()).select_from(Rating)) == 1
    assert await _ratings(db) == [(world.anxiety.id, TODAY, "day", 6.0)]


async def test_demo_membership_survives_a_refused_first_request(db: Database) -> None:
    from demo.data import ensure_demo_membership, load_demo_data

    async with db.session() as session:
        await load_demo_data(session, today=TODAY)
    newcomer = await _user(db, "Nykomling")
    service = SsdService(db, FrozenClock(NOW), join_demo=ensure_demo_membership)
    with pytest.raises(UserInputError) as raised:
        await service.rate(
            newcomer, "K-1001", [RatingInput("ångest", 42)], today=TODAY, local_hour=9
        )
    assert raised.value.key == "ssd.value.out_of_scale"  # in the team, so the value was read
    assert [c.client.code for c in await service.my_clients(newcomer, TODAY)] == [
        "E-2001",
        "K-1001",
    ]


async def test_new_clients_go_to_a_unit_the_user_coordinates(world: World, db: Database) -> None:
    """`ny klient` offers the units the user coordinates, not those they only manage."""
    async with db.session() as session:
        agency = Agency(name="Kumla kommun", short_name="Kumla", kind="kommun")
        session.add(agency)
        await session.flush()
        second, managed = (
            Unit(agency_id=agency.id, name="LSS-boende"),
            Unit(agency_id=agency.id, name="Hemtjänst"),
        )
        session.add_all([second, managed])
        await session.flush()
        await ssd.add_unit_role(
            session, unit_id=second.id, staff_user_id=world.coordinator, role="coordinator", now=NOW
        )
        await ssd.add_unit_role(
            session,
            unit_id=managed.id,
            staff_user_id=world.coordinator,
            role="unit_manager",
            now=NOW,
        )
        second_id, managed_id = second.id, managed.id

    units = await world.service.managed_units(world.coordinator)
    assert [unit_id for unit_id, _ in units] == [world.unit_id, second_id]
    with pytest.raises(UserInputError) as raised:
        await world.service.create_client(world.coordinator, "K-3000")
    assert raised.value.key == "ssd.new.client.which_unit"
    with pytest.raises(UserInputError) as raised:
        await world.service.create_client(world.coordinator, "K-3000", managed_id)
    assert raised.value.key == "ssd.access.no_unit"
    created = await world.service.create_client(world.coordinator, "K-3000", second_id)
    assert (created.client.unit_id, created.may_coordinate) == (second_id, True)
    assert await world.service.managed_units(world.manager) == []


async def test_closing_is_asked_then_done_and_a_coordinator_reopens(
    world: World, db: Database
) -> None:
    """`closing` changes nothing; `close` and `reopen` need the plan rule, are audited,
    and a reopened follow-up (or target) is rated again."""
    service, coordinator = world.service, world.coordinator
    assert await service.closing(coordinator, "K-1042", None) == "K-1042"
    assert await service.closing(coordinator, "K-1042", "ÅNG") == "ångest"
    await _rate(world, ("ångest", 4))  # still open: nothing was closed by asking

    for refused in (service.closing, service.close, service.reopen):
        with pytest.raises(UserInputError) as raised:
            await refused(world.member, "K-1042", None)
        assert raised.value.key == "ssd.access.not_coordinator"
    with pytest.raises(UserInputError) as raised:
        await service.reopen(coordinator, "K-1042", None)
    assert raised.value.key == "ssd.reopen.not_closed"

    assert await service.close(coordinator, "K-1042", "sömn") == "sömn"
    assert await service.close(coordinator, "K-1042", None) == "K-1042"
    with pytest.raises(UserInputError) as raised:
        await service.closing(coordinator, "K-1042", None)
    assert raised.value.key == "ssd.close.already"
    with pytest.raises(UserInputError) as raised:
        await _rate(world, ("ångest", 5), replace=True)
    assert raised.value.key == "ssd.client.closed"

    assert await service.reopen(coordinator, "K-1042", None) == "K-1042"
    await _rate(world, ("ångest", 5), replace=True)
    with pytest.raises(UserInputError) as raised:
        await _rate(world, ("sömn", 5))
    assert raised.value.key == "ssd.target.inactive"
    with pytest.raises(UserInputError) as raised:
        await service.reopen(coordinator, "K-1042", "ångest")
    assert raised.value.key == "ssd.reopen.target_active"
    assert await service.reopen(coordinator, "K-1042", "SÖM") == "sömn"
    await _rate(world, ("sömn", 5))

    events = [e for e in await _audit(db, user_id=coordinator)]
    assert events[::-1] == [
        ("client.close.ask", "ok", "K-1042"),
        ("target.close.ask", "ok", "K-1042"),
        ("client.reopen", "refused", "K-1042"),
        ("target.close", "ok", "K-1042"),
        ("client.close", "ok", "K-1042"),
        ("client.close.ask", "refused", "K-1042"),
        ("client.reopen", "ok", "K-1042"),
        ("target.reopen", "refused", "K-1042"),
        ("target.reopen", "ok", "K-1042"),
    ]
    assert [e[:2] for e in await _audit(db, user_id=world.member)][::-1][1:4] == [
        ("client.close.ask", "refused"),
        ("client.close", "refused"),
        ("client.reopen", "refused"),
    ]


async def test_another_clients_target_id_is_as_a_missing_one(world: World, db: Database) -> None:
    """A rating card sends target ids: one of another client's targets, in a form for
    K-1042, answers as an id that does not exist and saves nothing for either."""
    async with db.session() as session:
        other = await ssd.create_client(session, code="K-2001", unit_id=world.unit_id, now=NOW)
        foreign = await ssd.create_target(session, client_id=other.id, spec=_spec("oro"), now=NOW)

    refusals = []
    for target_id in (foreign.id, foreign.id + 99):
        with pytest.raises(UserInputError) as raised:
            await _rate(world, (target_id, 4))
        refusals.append((raised.value.key, raised.value.params))

    assert refusals == [("ssd.target.unknown", {})] * 2
    assert await _ratings(db) == []
