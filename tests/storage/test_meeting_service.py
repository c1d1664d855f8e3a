"""The meeting service on SQLite and PostgreSQL: booking with participants and
reminders in one transaction, clashes and free times, consent warnings, answers,
moving and cancelling, calendar files, the follow-up and its action reminders,
and access for the care team (and the invited) only, every step audited."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from sqlalchemy import func, select

from core.clock import FrozenClock
from core.consent_model import COORDINATION, GIVEN, REFUSED, RELATIVES, SCHOOL, WITHDRAWN
from core.contact_model import FK, KOMMUN
from core.errors import UserInputError
from core.meeting_model import ACCEPTED, DECLINED, INBJUDEN, KALLAD, PENDING, PROPOSED
from storage import ssd_repository as ssd
from storage.audit_repository import audit_events
from storage.db import Database
from storage.meeting_records import MeetingDraft, ParticipantDraft, PlanItemDraft
from storage.meeting_service import MeetingService
from storage.models import Agency, Meeting, MeetingParticipant, Reminder, Unit
from storage.records import TeamsIdentity
from storage.users_repository import save_conversation_reference, upsert_staff_user

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)  # a Sunday
TZ = ZoneInfo("Europe/Stockholm")
TUESDAY_1330 = datetime(2026, 11, 24, 13, 30, tzinfo=TZ)


@dataclass(frozen=True)
class World:
    service: MeetingService
    clock: FrozenClock
    organizer: int
    colleague: int  # in the care team, uses the bot
    outsider: int  # uses the bot, not in the care team


async def _user(db: Database, name: str, *, chat: bool = True) -> int:
    identity = TeamsIdentity(f"29:{name}", None, "tenant", name, "sv-SE")
    async with db.session() as session:
        user = await upsert_staff_user(session, identity, NOW)
        if chat:
            await save_conversation_reference(
                session,
                conversation_id=f"a:{name}",
                conversation_type="personal",
                user_id=user.id,
                tenant_id="tenant",
                service_url="https://smba.example/",
                channel_id="msteams",
                reference={"conversation": {"id": f"a:{name}"}},
                now=NOW,
            )
        return user.id


@pytest.fixture
async def world(db: Database) -> World:
    organizer, colleague, outsider = [await _user(db, n) for n in ("Anna", "Bertil", "Cecilia")]
    async with db.session() as session:
        agency = Agency(name="Örebro kommun", short_name="Örebro", kind="kommun")
        session.add(agency)
        await session.flush()
        unit = Unit(agency_id=agency.id, name="Boendestöd")
        session.add(unit)
        await session.flush()
        for code in ("K-1042", "K-2000"):
            client = await ssd.create_client(session, code=code, unit_id=unit.id, now=NOW)
            for member in (organizer, colleague):
                await ssd.add_care_team_member(
                    session, client_id=client.id, staff_user_id=member, role="samordnare", now=NOW
                )
    clock = FrozenClock(NOW)
    return World(MeetingService(db, clock), clock, organizer, colleague, outsider)


def _staff(user_id: int, name: str) -> ParticipantDraft:
    return ParticipantDraft(
        name=name, email=None, agency="", agency_kind="", source="staff", staff_user_id=user_id
    )


FK_PERSON = ParticipantDraft(
    name="Omar Said",
    email="omar.said@forsakringskassan.se",
    agency="Försäkringskassan",
    agency_kind=FK,
    role=INBJUDEN,
    source="typed",
)


def _draft(world: World, start: datetime = TUESDAY_1330, **changes: object) -> MeetingDraft:
    values: dict[str, object] = {
        "client_code": "K-1042",
        "start": start,
        "minutes": 60,
        "timezone": "Europe/Stockholm",
        "purpose": "Uppföljning av SIP",
        "questions": ("Boende", "Sysselsättning"),
        "place": "Kommunhuset, rum 3",
        "participants": (_staff(world.colleague, "Bertil"), FK_PERSON),
    }
    values.update(changes)
    return MeetingDraft(**values)  # type: ignore[arg-type]


async def _reminders(db: Database) -> list[tuple[int | None, datetime, str]]:
    """(recipient, due, status) of the reminders the bot made about meetings."""
    async with db.session() as session:
        rows = await session.execute(
            select(Reminder.recipient_user_id, Reminder.dtstart_local, Reminder.status)
            .where(Reminder.subject.is_not(None))
            .order_by(Reminder.recipient_user_id, Reminder.dtstart_local)
        )
        return [(r[0], datetime.fromisoformat(r[1]), r[2]) for r in rows]


async def test_booking_saves_participants_and_reminders(world: World, db: Database) -> None:
    change = await world.service.book(world.organizer, _draft(world))
    meeting = change.meeting
    assert meeting.client_code == "K-1042"
    assert meeting.sequence == 0
    assert meeting.starts_at == TUESDAY_1330.astimezone(UTC)
    assert meeting.minutes == 60
    assert [(p.name, p.role, p.answer, p.organizer) for p in meeting.participants] == [
        ("Anna", KALLAD, ACCEPTED, True),
        ("Bertil", KALLAD, PENDING, False),
        ("Omar Said", INBJUDEN, PENDING, False),
    ]
    # Only Bertil is told in Teams (Omar does not use the bot; Anna booked it).
    assert [r.participant.name for r in change.recipients] == ["Bertil"]
    assert change.organizer is not None and change.organizer.participant.name == "Anna"
    # A day and an hour before, to Anna and Bertil, on the Stockholm wall clock.
    local = TUESDAY_1330.replace(tzinfo=None)
    assert await _reminders(db) == [
        (world.organizer, local - timedelta(hours=24), "active"),
        (world.organizer, local - timedelta(hours=1), "active"),
        (world.colleague, local - timedelta(hours=24), "active"),
        (world.colleague, local - timedelta(hours=1), "active"),
    ]
    async with db.session() as session:
        events = await audit_events(session, client_code="K-1042")
    assert [e.action for e in events] == ["meeting.book"]


async def test_a_clash_offers_the_nearest_free_times(world: World) -> None:
    await world.service.book(world.organizer, _draft(world))
    # Another client, same colleague, overlapping by half an hour.
    later = _draft(
        world, TUESDAY_1330 + timedelta(minutes=30), client_code="K-2000", participants=()
    )
    check = await world.service.check(world.colleague, later)
    assert [(c.who, c.client_code) for c in check.clashes] == [("Bertil", "K-1042")]
    # Asked 14:00–15:00 against 13:30–14:30: 14:30 is 30 min away, 15:00 60, and
    # 12:30 and 15:30 are both 90 min away, where the later one wins.
    assert [s.start.astimezone(TZ).strftime("%a %H:%M") for s in check.suggestions] == [
        "Tue 14:30",
        "Tue 15:00",
        "Tue 15:30",
    ]
    # A time next to it (touching, not overlapping) is free.
    touching = _draft(world, TUESDAY_1330 + timedelta(hours=1), client_code="K-2000")
    assert (await world.service.check(world.colleague, touching)).clashes == ()


async def test_a_declined_meeting_does_not_block(world: World) -> None:
    first = await world.service.book(world.organizer, _draft(world))
    await world.service.answer(world.colleague, first.meeting.id, DECLINED)
    again = _draft(world, client_code="K-2000", participants=())
    check = await world.service.check(world.colleague, again)
    assert check.clashes == ()


async def test_missing_consent_names_coordination_first_then_the_agency(world: World) -> None:
    """Booking across agencies needs consent to coordination and to each agency."""
    check = await world.service.check(world.organizer, _draft(world))
    assert check.missing_consent == (COORDINATION, FK)
    await world.service.record_consent(world.organizer, "K-1042", FK, state=GIVEN)
    assert (await world.service.check(world.organizer, _draft(world))).missing_consent == (
        COORDINATION,
    )
    await world.service.record_consent(world.organizer, "K-1042", COORDINATION, state=GIVEN)
    assert (await world.service.check(world.organizer, _draft(world))).missing_consent == ()
    await world.service.record_consent(world.organizer, "K-1042", FK, state=WITHDRAWN)
    assert (await world.service.check(world.organizer, _draft(world))).missing_consent == (FK,)
    # Staff alone (no agency to tell) need nothing.
    alone = _draft(world, participants=(_staff(world.colleague, "Bertil"),))
    await world.service.record_consent(world.organizer, "K-1042", COORDINATION, state=WITHDRAWN)
    assert (await world.service.check(world.organizer, alone)).missing_consent == ()


async def test_only_a_given_consent_can_be_withdrawn(world: World) -> None:
    with pytest.raises(UserInputError) as refused:
        await world.service.record_consent(world.organizer, "K-1042", FK, state=WITHDRAWN)
    assert (refused.value.key, refused.value.params) == (
        "consent.withdraw.not_given",
        {"party": FK},
    )
    await world.service.record_consent(world.organizer, "K-1042", FK, state=REFUSED)
    with pytest.raises(UserInputError) as refused:
        await world.service.record_consent(world.organizer, "K-1042", FK, state=WITHDRAWN)
    assert refused.value.key == "consent.withdraw.not_given"
    # Nothing half-saved: the refusal is still the newest decision.
    view = await world.service.consents(world.organizer, "K-1042")
    assert [(r.party, r.state) for r in view.history] == [(FK, REFUSED)]


async def test_a_consent_withdrawn_at_once_by_two_is_withdrawn_once(world: World) -> None:
    """Each decision is checked against the one before it, also when they come
    together: of several withdrawals at once exactly one is saved."""
    await world.service.record_consent(world.organizer, "K-1042", FK, state=GIVEN)

    async def withdraw(user_id: int) -> str:
        try:
            await world.service.record_consent(user_id, "K-1042", FK, state=WITHDRAWN)
        except UserInputError as refused:
            return refused.key
        return "saved"

    results = await asyncio.gather(*(withdraw(u) for u in [world.organizer, world.colleague] * 3))
    assert sorted(results) == ["consent.withdraw.not_given"] * 5 + ["saved"]
    view = await world.service.consents(world.organizer, "K-1042")
    assert [r.state for r in view.history] == [WITHDRAWN, GIVEN]


async def test_a_refused_consent_can_be_given_and_then_withdrawn_with_history_kept(
    world: World, db: Database
) -> None:
    await world.service.record_consent(world.organizer, "K-1042", SCHOOL, state=REFUSED)
    world.clock.advance(timedelta(days=2))
    await world.service.record_consent(
        world.colleague, "K-1042", SCHOOL, state=GIVEN, form_ref=" blankett i  journal 2026-11-03 "
    )
    with pytest.raises(UserInputError) as refused:
        await world.service.record_consent(world.organizer, "K-1042", SCHOOL, state=REFUSED)
    assert refused.value.key == "consent.refuse.given"
    await world.service.record_consent(world.organizer, "K-1042", SCHOOL, state=WITHDRAWN)
    await world.service.record_consent(world.organizer, "K-1042", RELATIVES, state=GIVEN)

    view = await world.service.consents(world.organizer, "k-1042")
    assert view.client_code == "K-1042"
    assert view.states() == {SCHOOL: WITHDRAWN, RELATIVES: GIVEN}  # two parties, not one
    assert [(r.party, r.state, r.recorded_by, r.form_ref) for r in view.history] == [
        (RELATIVES, GIVEN, "Anna", ""),
        (SCHOOL, WITHDRAWN, "Anna", ""),
        (SCHOOL, GIVEN, "Bertil", "blankett i journal 2026-11-03"),
        (SCHOOL, REFUSED, "Anna", ""),
    ]
    assert view.history[2].decided_on == world.clock.now().date()
    async with db.session() as session:
        events = await audit_events(session, client_code="K-1042")  # newest first
    assert [(e.action, e.detail) for e in events if e.action.startswith("consent")] == [
        ("consent.read", None),
        ("consent.write", "relatives given"),
        ("consent.write", "school withdrawn"),
        ("consent.write", "consent.refuse.given"),  # refusals are audited too
        ("consent.write", "school given"),
        ("consent.write", "school refused"),
    ]


async def test_consent_input_is_checked(world: World) -> None:
    with pytest.raises(UserInputError) as refused:
        await world.service.record_consent(world.organizer, "K-1042", "skolan", state=GIVEN)
    assert refused.value.key == "consent.agency.unknown"
    with pytest.raises(UserInputError) as refused:
        await world.service.record_consent(world.organizer, "K-1042", KOMMUN, state="kanske")
    assert refused.value.key == "consent.answer.unknown"
    with pytest.raises(UserInputError) as refused:
        await world.service.record_consent(
            world.organizer, "K-1042", KOMMUN, state=GIVEN, form_ref="gäller 19121212-1212"
        )
    assert refused.value.key == "meeting.personnummer"
    with pytest.raises(UserInputError) as refused:
        await world.service.record_consent(
            world.organizer, "K-1042", KOMMUN, state=GIVEN, form_ref="x" * 121
        )
    assert refused.value.key == "consent.ref.too_long"
    with pytest.raises(UserInputError) as refused:
        await world.service.record_consent(world.outsider, "K-1042", KOMMUN, state=GIVEN)
    assert refused.value.key == "ssd.access.refused"
    assert (await world.service.consents(world.organizer, "K-1042")).history == ()


async def test_declining_stops_reminders_and_accepting_again_restores_them(
    world: World, db: Database
) -> None:
    booked = await world.service.book(world.organizer, _draft(world))
    change = await world.service.answer(world.colleague, booked.meeting.id, DECLINED)
    assert change.meeting.participant_for(world.colleague).answer == DECLINED  # type: ignore[union-attr]
    statuses = {(who, status) for who, _, status in await _reminders(db)}
    assert statuses == {(world.organizer, "active"), (world.colleague, "cancelled")}
    await world.service.answer(world.colleague, booked.meeting.id, ACCEPTED)
    active = [r for r in await _reminders(db) if r[0] == world.colleague and r[2] == "active"]
    assert len(active) == 2


async def test_only_the_invited_answer(world: World) -> None:
    booked = await world.service.book(world.organizer, _draft(world))
    # Not invited looks exactly like no such meeting: ids are sequential.
    for meeting_id in (booked.meeting.id, booked.meeting.id + 99):
        with pytest.raises(UserInputError) as refused:
            await world.service.answer(world.outsider, meeting_id, ACCEPTED)
        assert (refused.value.key, refused.value.params) == ("meeting.gone", {})
    with pytest.raises(UserInputError) as refused:
        await world.service.answer(world.colleague, booked.meeting.id, PROPOSED)
    assert refused.value.key == "meeting.answer.unknown"  # a proposal needs a time
    proposal = TUESDAY_1330 + timedelta(days=2)
    change = await world.service.answer(world.colleague, booked.meeting.id, PROPOSED, proposal)
    mine = change.meeting.participant_for(world.colleague)
    assert mine is not None and mine.proposed_start == proposal.astimezone(UTC)


async def test_moving_raises_the_sequence_and_asks_again(world: World, db: Database) -> None:
    booked = await world.service.book(world.organizer, _draft(world))
    await world.service.answer(world.colleague, booked.meeting.id, ACCEPTED)
    new_start = TUESDAY_1330 + timedelta(days=1)
    with pytest.raises(UserInputError) as refused:
        await world.service.reschedule(world.outsider, booked.meeting.id, new_start)
    assert refused.value.key == "meeting.gone"  # not told that the meeting exists
    moved = await world.service.reschedule(world.organizer, booked.meeting.id, new_start, 90)
    assert moved.meeting.sequence == 1
    assert moved.meeting.starts_at == new_start.astimezone(UTC)
    assert moved.meeting.minutes == 90
    assert [p.answer for p in moved.meeting.participants] == [ACCEPTED, PENDING, PENDING]
    active = sorted(d for _, d, s in await _reminders(db) if s == "active")
    local = new_start.replace(tzinfo=None)
    assert active == sorted([local - timedelta(hours=24), local - timedelta(hours=1)] * 2)


async def test_cancelling_tells_everyone_and_cancels_reminders(world: World, db: Database) -> None:
    booked = await world.service.book(world.organizer, _draft(world))
    cancelled = await world.service.cancel(world.organizer, booked.meeting.id)
    assert cancelled.meeting.status == "cancelled"
    assert cancelled.meeting.sequence == 1
    assert [r.participant.name for r in cancelled.recipients] == ["Bertil"]
    assert {s for _, _, s in await _reminders(db)} == {"cancelled"}
    with pytest.raises(UserInputError) as refused:
        await world.service.cancel(world.organizer, booked.meeting.id)
    assert refused.value.key == "meeting.cancelled_already"
    assert await world.service.upcoming(world.colleague) == []


async def test_outsiders_are_refused_and_nothing_is_saved(world: World, db: Database) -> None:
    with pytest.raises(UserInputError) as refused:
        await world.service.book(world.outsider, _draft(world))
    assert refused.value.key == "ssd.access.refused"
    with pytest.raises(UserInputError) as refused:
        await world.service.book(world.organizer, _draft(world, purpose="pnr 19121212-1212"))
    assert refused.value.key == "meeting.personnummer"
    with pytest.raises(UserInputError) as refused:
        await world.service.book(world.organizer, _draft(world, NOW - timedelta(hours=1)))
    assert refused.value.key == "meeting.in_past"
    async with db.session() as session:
        assert await session.scalar(select(func.count()).select_from(Meeting)) == 0
        assert await session.scalar(select(func.count()).select_from(MeetingParticipant)) == 0
        events = await audit_events(session, client_code="K-1042")
    assert [(e.action, e.outcome) for e in events] == [("meeting.book", "refused")]


async def test_the_calendar_file_parses_back(world: World) -> None:
    booked = await world.service.book(world.organizer, _draft(world))
    file = await world.service.calendar(world.colleague, booked.meeting.id, "sv")
    assert file.name == "resursgruppsmote-K-1042-2026-11-24.ics"
    calendar = icalendar.Calendar.from_ical(file.content)
    event = next(iter(calendar.walk("VEVENT")))
    assert str(event["UID"]) == booked.meeting.uid
    assert event.decoded("DTSTART") == TUESDAY_1330
    # Bertil's e-mail is not known to the bot, so only Omar is an ATTENDEE (one
    # property comes back alone, not in a list).
    assert str(event["ATTENDEE"]) == "mailto:omar.said@forsakringskassan.se"
    assert event["ATTENDEE"].params["ROLE"] == "OPT-PARTICIPANT"
    with pytest.raises(UserInputError):
        await world.service.calendar(world.outsider, booked.meeting.id, "sv")


async def test_after_the_meeting_the_organizer_is_asked_once(world: World, db: Database) -> None:
    booked = await world.service.book(world.organizer, _draft(world))
    assert await world.service.claim_follow_ups() == []
    world.clock.set(TUESDAY_1330 + timedelta(hours=1, minutes=5))
    claimed = await world.service.claim_follow_ups()
    assert [(m.id, r.participant.staff_user_id) for m, r in claimed] == [
        (booked.meeting.id, world.organizer)
    ]
    assert await world.service.claim_follow_ups() == []
    items = [
        PlanItemDraft("decision", "Ansöka om boendestöd"),
        PlanItemDraft("goal", "Sova hela nätter"),
        PlanItemDraft(
            "action",
            "Skicka ansökan",
            owner_name="Bertil",
            owner_user_id=world.colleague,
            due_on=date(2026, 12, 1),
        ),
        PlanItemDraft("action", "Boka läkartid", owner_name="Omar Said", due_on=date(2026, 12, 2)),
    ]
    saved = await world.service.record_outcome(world.organizer, booked.meeting.id, items)
    assert [i.kind for i in saved] == ["decision", "goal", "action", "action"]
    due = [(who, d) for who, d, s in await _reminders(db) if s == "active" and d.hour == 8]
    # Bertil is reminded of his own; Anna of Omar's (Omar does not use the bot).
    assert sorted(due) == sorted(
        [
            (world.colleague, datetime(2026, 12, 1, 8, 0)),
            (world.organizer, datetime(2026, 12, 2, 8, 0)),
        ]
    )
    overview = await world.service.client_meetings(world.colleague, "K-1042")
    assert [a.text for a in overview.open_actions] == ["Skicka ansökan", "Boka läkartid"]
    assert [g.text for g in overview.goals] == ["Sova hela nätter"]
    assert [m.id for m in overview.past] == [booked.meeting.id]
    done = await world.service.complete_action(world.colleague, saved[2].id)
    assert done.text == "Skicka ansökan"
    overview = await world.service.client_meetings(world.colleague, "K-1042")
    assert [a.text for a in overview.open_actions] == ["Boka läkartid"]
    assert (world.colleague, datetime(2026, 12, 1, 8, 0), "cancelled") in await _reminders(db)


async def test_which_meeting_a_follow_up_is_for_and_who_may_write_it(
    world: World, db: Database
) -> None:
    invited = _staff(world.outsider, "Cecilia")
    booked = await world.service.book(
        world.organizer, _draft(world, participants=(_staff(world.colleague, "Bertil"), invited))
    )
    meeting_id = booked.meeting.id
    with pytest.raises(UserInputError) as refused:
        await world.service.follow_up_meeting(world.organizer, str(meeting_id))
    assert refused.value.key == "plan.not_held"
    with pytest.raises(UserInputError) as refused:
        await world.service.follow_up_meeting(world.organizer)
    assert refused.value.key == "plan.no_meeting"
    with pytest.raises(UserInputError) as refused:
        await world.service.record_outcome(
            world.organizer, meeting_id, [PlanItemDraft("decision", "För tidigt")]
        )
    assert refused.value.key == "plan.not_held"
    world.clock.set(TUESDAY_1330 + timedelta(minutes=30))  # started: may be written during it
    assert (await world.service.follow_up_meeting(world.organizer)).id == meeting_id
    assert (await world.service.follow_up_meeting(world.colleague, "k-1042")).id == meeting_id
    # Invited, but neither organizer nor coordinator of the client: no.
    with pytest.raises(UserInputError) as refused:
        await world.service.follow_up_meeting(world.outsider, str(meeting_id))
    assert refused.value.key == "meeting.not_organizer"
    # Not even invited: the meeting does not exist for them.
    stranger = await _user(db, "Doris")
    with pytest.raises(UserInputError) as refused:
        await world.service.follow_up_meeting(stranger, str(meeting_id))
    assert refused.value.key == "meeting.gone"
    await world.service.record_outcome(
        world.organizer, meeting_id, [PlanItemDraft("decision", "Fortsätt som nu")]
    )
    with pytest.raises(UserInputError):  # nothing left to record without a number
        await world.service.follow_up_meeting(world.organizer)
    await world.service.cancel(world.organizer, meeting_id)
    with pytest.raises(UserInputError) as refused:
        await world.service.follow_up_meeting(world.organizer, str(meeting_id))
    assert refused.value.key == "meeting.cancelled_already"
    async with db.session() as session:
        actions = [e.action for e in await audit_events(session) if e.action.startswith("plan.")]
    assert actions.count("plan.open") >= 3 and "plan.write" in actions


async def test_follow_ups_are_claimed_once_across_instances_and_released_on_failure(
    world: World, db: Database
) -> None:
    booked = await world.service.book(world.organizer, _draft(world))
    other_instance = MeetingService(db, world.clock)
    world.clock.set(TUESDAY_1330 + timedelta(hours=2))
    first, second = await asyncio.gather(
        world.service.claim_follow_ups(), other_instance.claim_follow_ups()
    )
    assert sorted(len(claimed) for claimed in (first, second)) == [0, 1]
    await world.service.release_follow_up(booked.meeting.id)
    assert [m.id for m, _ in await other_instance.claim_follow_ups()] == [booked.meeting.id]
    # Only the organizer's own, when asked for one organizer (`samverkan chat`).
    await world.service.release_follow_up(booked.meeting.id)
    assert await world.service.claim_follow_ups(organizer_user_id=world.colleague) == []
    # A meeting that ended more than two weeks ago is not asked about.
    world.clock.set(TUESDAY_1330 + timedelta(days=15))
    assert await world.service.claim_follow_ups() == []


async def test_a_move_is_checked_against_the_others_meetings_not_itself(world: World) -> None:
    booked = await world.service.book(world.organizer, _draft(world))
    later = await world.service.book(
        world.organizer, _draft(world, TUESDAY_1330 + timedelta(hours=2))
    )
    half_hour_later = TUESDAY_1330 + timedelta(minutes=30)
    itself = await world.service.check_move(world.organizer, booked.meeting.id, half_hour_later)
    assert itself.clashes == ()
    onto = await world.service.check_move(world.organizer, later.meeting.id, half_hour_later)
    assert {c.who for c in onto.clashes} == {"Anna", "Bertil", "Omar Said"}
    assert len(onto.suggestions) == 3
    with pytest.raises(UserInputError):
        await world.service.check_move(world.outsider, booked.meeting.id, half_hour_later)


async def test_my_meetings_lists_what_i_am_asked_to(world: World) -> None:
    booked = await world.service.book(world.organizer, _draft(world))
    second = await world.service.book(
        world.organizer, _draft(world, TUESDAY_1330 + timedelta(days=7), client_code="K-2000")
    )
    mine = await world.service.upcoming(world.colleague)
    assert [m.id for m in mine] == [booked.meeting.id, second.meeting.id]
    await world.service.answer(world.colleague, booked.meeting.id, DECLINED)
    assert [m.id for m in await world.service.upcoming(world.colleague)] == [second.meeting.id]
    assert await world.service.upcoming(world.outsider) == []


async def test_listings_say_which_meetings_each_person_may_change(
    world: World, db: Database
) -> None:
    invited = (_staff(world.colleague, "Bertil"), _staff(world.outsider, "Cecilia"))
    booked = await world.service.book(world.organizer, _draft(world, participants=invited))
    other = await world.service.book(
        world.organizer, _draft(world, client_code="K-2000", participants=invited)
    )
    ids = frozenset({booked.meeting.id})
    assert (await world.service.my_meetings(world.organizer)).changeable >= ids
    assert (await world.service.my_meetings(world.colleague)).changeable >= ids  # samordnare
    # Cecilia is invited from outside the care team: she sees it, and may not change it.
    theirs = await world.service.my_meetings(world.outsider)
    assert {m.id for m in theirs.meetings} == {booked.meeting.id, other.meeting.id}
    assert theirs.changeable == frozenset()
    # In K-2000's team as kontaktperson she reads the client, and still may not.
    async with db.session() as session:
        client = await ssd.get_client(session, "K-2000")
        assert client is not None
        await ssd.add_care_team_member(
            session,
            client_id=client.id,
            staff_user_id=world.outsider,
            role="kontaktperson",
            now=NOW,
        )
    overview = await world.service.client_meetings(world.outsider, "K-2000")
    assert [m.id for m in overview.upcoming] == [other.meeting.id]
    assert overview.changeable == frozenset()
    organizers = await world.service.client_meetings(world.organizer, "K-2000")
    assert organizers.changeable == frozenset({other.meeting.id})


async def test_an_action_item_is_gone_to_whoever_may_not_see_it(world: World, db: Database) -> None:
    """Marking someone else's action item done by its id answered with the client's
    code ("Jag hittar ingen K-1042 …"): an id led to a client. Now an item
    the user may not see answers as one that does not exist, and stays open."""
    booked = await world.service.book(world.organizer, _draft(world))
    world.clock.set(TUESDAY_1330 + timedelta(hours=1, minutes=5))
    [item] = await world.service.record_outcome(
        world.organizer, booked.meeting.id, [PlanItemDraft("action", "Skicka ansökan")]
    )

    for item_id in (item.id, item.id + 99):
        with pytest.raises(UserInputError) as refused:
            await world.service.complete_action(world.outsider, item_id)
        assert (refused.value.key, refused.value.params) == ("plan.gone", {})
    overview = await world.service.client_meetings(world.colleague, "K-1042")
    assert [a.text for a in overview.open_actions] == ["Skicka ansökan"]
    async with db.session() as session:
        events = await audit_events(session, user_id=world.outsider, action="plan.done")
    assert sorted((e.outcome, e.client_code or "") for e in events) == [
        ("refused", ""),
        ("refused", "K-1042"),  # the audit still tells the two apart
    ]
