"""Each access rule through the services, with real rows, for a user of each role.

One client (K-1042) in one unit. The people: a care-team member, the client's own
samordnare, a member who left the team, the unit's coordinator and manager, a
coordinator of another unit, a directory admin, a system admin and a stranger.
Each tries each kind of step; what is allowed must work and be audited "ok" with
the role that allowed it, and what is not must be refused, change nothing and be
audited "refused". Runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from core import ssd_model as rules
from core.access import Action
from core.clock import FrozenClock
from core.crisis_plan import ContactLine
from core.errors import UserInputError
from core.meeting_model import ACTION, KALLAD
from core.ssd_model import Scale, validate_target
from storage import directory_repository as directory_repo
from storage import meeting_repository as meeting_repo
from storage import ssd_repository as ssd
from storage.audit_repository import audit_events
from storage.crisis_service import CrisisPlanInput, CrisisPlanService
from storage.db import Database
from storage.meeting_records import MeetingDraft, ParticipantDraft, PlanItemDraft
from storage.meeting_service import MeetingService
from storage.models import (
    Agency,
    CareTeamMember,
    Consent,
    CrisisPlan,
    Meeting,
    MeetingParticipant,
    Target,
    Unit,
)
from storage.records import TeamsIdentity
from storage.ssd_service import RatingInput, SsdService
from storage.users_repository import upsert_staff_user

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
TZ = ZoneInfo("Europe/Stockholm")
A = Action

PEOPLE = (
    "member",
    "samordnare",
    "left",
    "unit_coordinator",
    "unit_manager",
    "other_unit_coordinator",
    "directory_admin",
    "system_admin",
    "stranger",
)
READER = {A.READ, A.SEE_MEETING}
MEMBER_MAY = READER | {A.EXPORT, A.RATE, A.BOOK, A.CONSENT, A.FINISH_ACTION}
COORDINATOR_MAY = MEMBER_MAY | {A.PLAN, A.TEAM, A.CHANGE_MEETING, A.CRISIS_PLAN}
EXPECTED: dict[str, set[Action]] = {
    "member": MEMBER_MAY | {A.CHANGE_MEETING},  # as the meeting's organizer
    "samordnare": COORDINATOR_MAY,
    "left": set(),
    "unit_coordinator": COORDINATOR_MAY - {A.RATE},
    "unit_manager": READER,
    "other_unit_coordinator": set(),
    "directory_admin": set(),
    "system_admin": set(),
    "stranger": set(),
}
AUDITED_ROLE = {
    "member": "kontaktperson",
    "samordnare": "samordnare",
    "unit_coordinator": "coordinator",
    "unit_manager": "unit_manager",
}


@dataclass
class World:
    ssd: SsdService
    meetings: MeetingService
    crisis: CrisisPlanService
    ids: dict[str, int]
    meeting_id: int
    item_id: int


async def _person(db: Database, name: str) -> int:
    identity = TeamsIdentity(f"29:{name}", f"aad-{name}", "tenant", name, "sv-SE")
    async with db.session() as session:
        return (await upsert_staff_user(session, identity, NOW)).id


@pytest.fixture
async def world(db: Database) -> World:
    ids = {name: await _person(db, name) for name in (*PEOPLE, "newcomer")}
    async with db.session() as session:
        agency = Agency(name="Örebro kommun", short_name="Örebro", kind="kommun")
        session.add(agency)
        await session.flush()
        unit, other = (
            Unit(agency_id=agency.id, name="Boendestöd"),
            Unit(agency_id=agency.id, name="Daglig verksamhet"),
        )
        session.add_all([unit, other])
        await session.flush()
        client = await ssd.create_client(session, code="K-1042", unit_id=unit.id, now=NOW)
        for name, role in (("member", "kontaktperson"), ("samordnare", "samordnare")):
            await ssd.add_care_team_member(
                session, client_id=client.id, staff_user_id=ids[name], role=role, now=NOW
            )
        await ssd.add_care_team_member(
            session, client_id=client.id, staff_user_id=ids["left"], role="kontaktperson", now=NOW
        )
        await ssd.remove_care_team_member(
            session, client_id=client.id, staff_user_id=ids["left"], now=NOW
        )
        for name, unit_id, role in (
            ("unit_coordinator", unit.id, "coordinator"),
            ("unit_manager", unit.id, "unit_manager"),
            ("other_unit_coordinator", other.id, "coordinator"),
        ):
            await ssd.add_unit_role(
                session, unit_id=unit_id, staff_user_id=ids[name], role=role, now=NOW
            )
        for name in ("directory_admin", "system_admin"):
            await directory_repo.grant_role(session, f"aad-{name}", name, NOW, "test")
        await ssd.create_target(
            session,
            client_id=client.id,
            spec=validate_target(
                name="ångest",
                low_anchor="ingen",
                high_anchor="mycket",
                better=rules.LOWER,
                frequency=rules.DAILY,
                scale=Scale(0, 10, 1),
            ),
            now=NOW,
        )
    clock = FrozenClock(NOW)
    meetings = MeetingService(db, clock)
    # The member books a meeting (the samordnare invited) and owns an action item.
    booked = await meetings.book(ids["member"], _draft(ids, days=3))
    async with db.session() as session:
        [item] = await meeting_repo.add_plan_items(
            session,
            client_id=client.id,
            client_code="K-1042",
            meeting_id=None,
            items=[PlanItemDraft(ACTION, "Ansöka om boende", "Member", ids["member"])],
            user_id=ids["member"],
            now=NOW,
        )
    return World(
        SsdService(db, clock),
        meetings,
        CrisisPlanService(db, clock),
        ids,
        booked.meeting.id,
        item.id,
    )


def _draft(ids: dict[str, int], days: int) -> MeetingDraft:
    return MeetingDraft(
        client_code="K-1042",
        start=datetime(2026, 11, 23, 13, 0, tzinfo=TZ) + timedelta(days=days),
        minutes=60,
        timezone="Europe/Stockholm",
        purpose="Uppföljning av SIP",
        participants=(
            ParticipantDraft(
                name="Samordnare",
                email=None,
                agency="",
                agency_kind="",
                source="staff",
                role=KALLAD,
                staff_user_id=ids["samordnare"],
            ),
        ),
    )


Step = Callable[[World, int], Awaitable[object]]
STEPS: dict[Action, tuple[str, Step]] = {
    A.READ: ("client.read", lambda w, u: w.ssd.client_summary(u, "K-1042")),
    A.EXPORT: ("export", lambda w, u: w.ssd.export_csv(u, "K-1042")),
    A.RATE: (
        "rating.write",
        lambda w, u: w.ssd.rate(
            u, "K-1042", [RatingInput("ångest", 4)], today=NOW.date(), local_hour=10
        ),
    ),
    A.PLAN: (
        "target.create",
        lambda w, u: w.ssd.create_target(
            u,
            "K-1042",
            validate_target(
                name="sömn",
                low_anchor="dålig",
                high_anchor="god",
                better=rules.HIGHER,
                frequency=rules.DAILY,
                scale=Scale(0, 10, 1),
            ),
        ),
    ),
    A.TEAM: (
        "team.add",
        lambda w, u: w.ssd.change_team(u, "K-1042", "29:newcomer", role="arbetsterapeut"),
    ),
    A.BOOK: ("meeting.book", lambda w, u: w.meetings.book(u, _draft(w.ids, days=8))),
    A.CONSENT: (
        "consent.write",
        lambda w, u: w.meetings.record_consent(u, "K-1042", "fk", state="given"),
    ),
    A.SEE_MEETING: ("meeting.read", lambda w, u: w.meetings.get(u, w.meeting_id)),
    A.CHANGE_MEETING: ("meeting.cancel", lambda w, u: w.meetings.cancel(u, w.meeting_id)),
    A.FINISH_ACTION: ("plan.done", lambda w, u: w.meetings.complete_action(u, w.item_id)),
    A.CRISIS_PLAN: (
        "crisis_plan.write",
        lambda w, u: w.crisis.save(
            u,
            "K-1042",
            CrisisPlanInput(
                ("Sover dåligt",),
                ("Ring samordnaren",),
                None,
                (ContactLine("Jouren", "112", frozenset({"night"})),),
            ),
        ),
    ),
}


async def _footprint(db: Database) -> tuple[int, ...]:
    """Rows any of the steps would add or change."""
    async with db.session() as session:
        return (
            await session.scalar(select(func.count()).select_from(Target)) or 0,
            await session.scalar(
                select(func.count())
                .select_from(CareTeamMember)
                .where(CareTeamMember.removed_at.is_(None))
            )
            or 0,
            await session.scalar(select(func.count()).select_from(Consent)) or 0,
            await session.scalar(
                select(func.count()).select_from(Meeting).where(Meeting.status == "booked")
            )
            or 0,
            await session.scalar(select(func.count()).select_from(Meeting)) or 0,
            await session.scalar(select(func.count()).select_from(CrisisPlan)) or 0,
        )


@pytest.mark.parametrize("action", list(Action), ids=[a.value for a in Action])
@pytest.mark.parametrize("person", PEOPLE)
async def test_each_role_may_exactly_its_steps(
    db: Database, world: World, person: str, action: Action
) -> None:
    user_id = world.ids[person]
    audit_action, step = STEPS[action]
    before = await _footprint(db)

    if action in EXPECTED[person]:
        await step(world, user_id)
        outcome = "ok"
    else:
        with pytest.raises(UserInputError):
            await step(world, user_id)
        assert await _footprint(db) == before  # a refusal changes nothing
        outcome = "refused"

    async with db.session() as session:
        events = await audit_events(session, user_id=user_id, action=audit_action)
    assert [(e.outcome, e.client_code) for e in events[:1]] == [(outcome, "K-1042")]
    if outcome == "ok" and person in AUDITED_ROLE:
        assert events[0].role == AUDITED_ROLE[person]


async def test_an_invited_colleague_outside_the_team_sees_the_meeting_only(
    db: Database, world: World
) -> None:
    """Someone from another agency is invited: sees the meeting, nothing else."""
    stranger = world.ids["stranger"]
    async with db.session() as session:
        await session.execute(
            MeetingParticipant.__table__.insert().values(
                meeting_id=world.meeting_id,
                name="Stranger",
                agency="Region",
                agency_kind="region",
                role="inbjuden",
                answer="pending",
                staff_user_id=stranger,
                source="staff",
                organizer=False,
                starts_at=NOW + timedelta(days=3),
                ends_at=NOW + timedelta(days=3, hours=1),
            )
        )
    seen = await world.meetings.get(stranger, world.meeting_id)
    assert seen.id == world.meeting_id
    with pytest.raises(UserInputError) as refused:
        await world.meetings.cancel(stranger, world.meeting_id)
    assert refused.value.key == "meeting.not_organizer"
    with pytest.raises(UserInputError) as refused:
        await world.ssd.client_summary(stranger, "K-1042")
    assert refused.value.key == "ssd.access.refused"
    async with db.session() as session:
        [read] = await audit_events(session, user_id=stranger, action="meeting.read")
    assert (read.outcome, read.role) == ("ok", "participant")


async def test_an_organizer_who_leaves_the_team_hands_the_meeting_over(
    db: Database, world: World
) -> None:
    member = world.ids["member"]
    async with db.session() as session:
        client = await ssd.get_client(session, "K-1042")
        assert client is not None
        await ssd.remove_care_team_member(
            session, client_id=client.id, staff_user_id=member, now=NOW
        )
    # Still invited (kallad as organizer): sees it; no longer changes it or reads the client.
    assert (await world.meetings.get(member, world.meeting_id)).id == world.meeting_id
    with pytest.raises(UserInputError) as refused:
        await world.meetings.cancel(member, world.meeting_id)
    assert refused.value.key == "meeting.not_organizer"
    with pytest.raises(UserInputError):
        await world.ssd.chart_series(member, "K-1042", None, NOW.date())
    # Whoever promised an action item may still mark it done.
    done = await world.meetings.complete_action(member, world.item_id)
    assert done.id == world.item_id
    # The unit's coordinator takes the meeting over.
    await world.meetings.cancel(world.ids["unit_coordinator"], world.meeting_id)


async def test_a_refusal_is_audited_with_the_role_the_user_had(db: Database, world: World) -> None:
    manager = world.ids["unit_manager"]
    with pytest.raises(UserInputError):
        await world.ssd.rate(
            manager, "K-1042", [RatingInput("ångest", 4)], today=NOW.date(), local_hour=10
        )
    async with db.session() as session:
        [event] = await audit_events(session, user_id=manager, action="rating.write")
    assert (event.outcome, event.role, event.detail) == (
        "refused",
        "unit_manager",
        "ssd.access.read_only",
    )


@pytest.mark.parametrize("person", PEOPLE)
async def test_reopening_follows_the_rule_for_closing(
    db: Database, world: World, person: str
) -> None:
    """Closing and reopening a follow-up (and a target) are both the plan step."""
    user_id = world.ids[person]
    allowed = A.PLAN in EXPECTED[person]
    closer = world.ids["unit_coordinator"]
    for target in (None, "ångest"):
        await world.ssd.close(closer, "K-1042", target)
        if allowed:
            assert await world.ssd.reopen(user_id, "K-1042", target) == (target or "K-1042")
            await world.ssd.close(user_id, "K-1042", target)
            await world.ssd.reopen(user_id, "K-1042", target)
        else:
            with pytest.raises(UserInputError):
                await world.ssd.reopen(user_id, "K-1042", target)
            with pytest.raises(UserInputError):
                await world.ssd.close(user_id, "K-1042", target)
            await world.ssd.reopen(closer, "K-1042", target)
    async with db.session() as session:
        reopened = await audit_events(session, user_id=user_id, action="client.reopen")
    assert {(e.outcome, e.client_code) for e in reopened} == {
        ("ok" if allowed else "refused", "K-1042")
    }
