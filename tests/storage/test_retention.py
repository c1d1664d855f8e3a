"""The retention policy applied on SQLite and PostgreSQL: each kind's expired rows
go and fresh ones stay, a closed client goes whole and leaves no orphans, a dry
run changes nothing, two runs at once do the work once, a failing kind leaves the
others done, and every run is in the audit trail."""

from __future__ import annotations

import asyncio
import dataclasses
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import String, cast, delete, func, literal, select, update
from sqlalchemy.exc import DBAPIError

from core.retention import RetentionPolicy
from storage import retention as job
from storage import ssd_repository as ssd
from storage.data_subject import ANONYMISED
from storage.db import Database
from storage.models import (
    AuditEvent,
    Base,
    CareTeamMember,
    Client,
    Consent,
    ContactFreshnessReminder,
    ContactImportDraft,
    ConversationReferenceRow,
    CrisisContact,
    CrisisPlan,
    Meeting,
    MeetingParticipant,
    Phase,
    PlanItem,
    Rating,
    RatingPrompt,
    RatingPromptSettings,
    Reminder,
    ReminderOccurrence,
    StaffUser,
    StateDocument,
    Target,
)
from tests.support import rows

NOW = datetime(2030, 6, 1, 1, 17, tzinfo=UTC)
POLICY = RetentionPolicy()


def old(kind: str) -> datetime:
    """A day past the kind's period: expired."""
    return POLICY.cutoff(kind, NOW) - timedelta(days=1)


def fresh(kind: str) -> datetime:
    """A day inside the kind's period: kept."""
    return POLICY.cutoff(kind, NOW) + timedelta(days=1)


async def _ids(db: Database, column: Any, *where: Any) -> list[Any]:
    async with db.session() as session:
        return sorted(await session.scalars(select(column).where(*where)))


async def _count(db: Database, model: Any) -> int:
    async with db.session() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def _snapshot(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    async with db.session() as session:
        return {
            table.name: sorted(
                (tuple(row) for row in await session.execute(select(table))), key=repr
            )
            for table in Base.metadata.sorted_tables
        }


async def _run(db: Database, **kw: Any) -> job.RetentionReport:
    return await job.apply_retention(db, POLICY, NOW, **kw)


# -- closed clients -------------------------------------------------------------------------
async def _client_with_record(
    db: Database, code: str, *, status: str, written: datetime, closed: datetime | None
) -> dict[str, int]:
    """A client with one of everything, all written at `written`; the close audited
    at `closed` (None: no close event, as after the audit trail was purged)."""
    async with db.session() as session:
        unit = await rows.unit(session, f"Enhet {code}")
        user = await rows.staff(session, f"29:{code}", name="Kim Lund", seen=NOW)
        client = await rows.client(session, unit, code, status=status, at=written)
        target = await rows.target(session, client, at=written)
        await rows.rating(session, target, written.date(), user)
        await rows.phase(session, client, written.date())
        await rows.member(session, client, user, added=written)
        await rows.consent(session, client, user, at=written)
        await rows.crisis_plan(session, client, user, at=written)
        meeting = await rows.meeting(session, client, user, written - timedelta(hours=2))
        await rows.participant(session, meeting, written, name="Kim Lund", staff_user_id=user)
        item = await rows.plan_item(session, client, meeting, "Söka boende", owner_name="Kim")
        await rows.reminder(session, user, status="done", at=NOW, subject=f"meeting:{meeting}")
        await rows.reminder(session, user, status="active", at=NOW, subject=f"action:{item}")
        if closed is not None:
            await rows.audit(session, closed, action="client.close", client_code=code)
    return {"client": client, "meeting": meeting, "item": item}


async def _orphans(db: Database) -> dict[str, int]:
    """Rows pointing at a client, target or meeting that is gone (must be none)."""
    checks = {
        "targets": select(func.count())
        .select_from(Target)
        .where(~Target.client_id.in_(select(Client.id))),
        "phases": select(func.count())
        .select_from(Phase)
        .where(~Phase.client_id.in_(select(Client.id))),
        "care_team": select(func.count())
        .select_from(CareTeamMember)
        .where(~CareTeamMember.client_id.in_(select(Client.id))),
        "consents": select(func.count())
        .select_from(Consent)
        .where(~Consent.client_id.in_(select(Client.id))),
        "meetings": select(func.count())
        .select_from(Meeting)
        .where(~Meeting.client_id.in_(select(Client.id))),
        "crisis_plans": select(func.count())
        .select_from(CrisisPlan)
        .where(~CrisisPlan.client_id.in_(select(Client.id))),
        "crisis_contacts": select(func.count())
        .select_from(CrisisContact)
        .where(~CrisisContact.plan_id.in_(select(CrisisPlan.id))),
        "plan_items": select(func.count())
        .select_from(PlanItem)
        .where(~PlanItem.client_id.in_(select(Client.id))),
        "ratings": select(func.count())
        .select_from(Rating)
        .where(~Rating.target_id.in_(select(Target.id))),
        "participants": select(func.count())
        .select_from(MeetingParticipant)
        .where(~MeetingParticipant.meeting_id.in_(select(Meeting.id))),
        "reminders about them": select(func.count())
        .select_from(Reminder)
        .where(
            Reminder.subject.is_not(None),
            ~Reminder.subject.in_(
                select(literal("meeting:") + cast(Meeting.id, String)).union(
                    select(literal("action:") + cast(PlanItem.id, String))
                )
            ),
        ),
    }
    async with db.session() as session:
        return {name: int(await session.scalar(query) or 0) for name, query in checks.items()}


async def test_a_closed_client_goes_whole_once_its_period_is_over(db: Database) -> None:
    long_ago = old("closed_clients") - timedelta(days=400)
    gone = await _client_with_record(
        db, "K-1001", status="closed", written=long_ago, closed=old("closed_clients")
    )
    # No close event left (the trail was purged): its newest write counts.
    gone_too = await _client_with_record(
        db, "K-1002", status="closed", written=old("closed_clients"), closed=None
    )
    closed_lately = await _client_with_record(
        db, "K-1003", status="closed", written=long_ago, closed=fresh("closed_clients")
    )
    written_lately = await _client_with_record(
        db, "K-1004", status="closed", written=fresh("closed_clients"), closed=None
    )
    active = await _client_with_record(db, "K-1005", status="active", written=long_ago, closed=None)

    report = await _run(db)

    assert report.counts["closed_clients"] == 2
    kept = [closed_lately["client"], written_lately["client"], active["client"]]
    assert await _ids(db, Client.id) == sorted(kept)
    assert await _orphans(db) == dict.fromkeys(await _orphans(db), 0)
    for record in (closed_lately, written_lately, active):
        assert await _ids(db, Target.id, Target.client_id == record["client"]) != []
        assert await _ids(db, Rating.id) != []
        assert await _ids(db, Meeting.id, Meeting.id == record["meeting"]) == [record["meeting"]]
    subjects = await _ids(db, Reminder.subject)
    for record in (gone, gone_too):
        assert f"meeting:{record['meeting']}" not in subjects
        assert f"action:{record['item']}" not in subjects
    assert f"action:{active['item']}" in subjects
    # The trail outlives the client: its events hold the code only.
    assert await _ids(db, AuditEvent.client_code, AuditEvent.action == "client.close") == [
        "K-1001",
        "K-1003",
    ]


async def test_a_closed_client_with_a_meeting_still_to_come_stays(db: Database) -> None:
    record = await _client_with_record(
        db, "K-1010", status="closed", written=old("closed_clients"), closed=None
    )
    async with db.session() as session:
        await rows.meeting(session, record["client"], None, NOW + timedelta(days=3))

    assert (await _run(db)).counts["closed_clients"] == 0
    assert await _ids(db, Client.id) == [record["client"]]


async def test_a_closed_client_whose_crisis_plan_changed_lately_stays(db: Database) -> None:
    """Writing the crisis plan is a write to the client's record, like any other."""
    record = await _client_with_record(
        db, "K-1011", status="closed", written=old("closed_clients"), closed=None
    )
    async with db.session() as session:
        await session.execute(
            update(CrisisPlan)
            .where(CrisisPlan.client_id == record["client"])
            .values(updated_at=fresh("closed_clients"))
        )

    assert (await _run(db)).counts["closed_clients"] == 0
    assert await _ids(db, Client.id) == [record["client"]]
    assert len(await _ids(db, CrisisContact.id)) == 1


# -- the other kinds --------------------------------------------------------------------------
async def test_outsiders_in_ended_meetings_are_anonymised_staff_and_recent_ones_are_not(
    db: Database,
) -> None:
    async with db.session() as session:
        unit = await rows.unit(session)
        user = await rows.staff(session, "29:kim", name="Kim Lund", seen=NOW)
        client = await rows.client(session, unit, "K-1042", at=old("closed_clients"))
        long_ago = old("meeting_outsiders") - timedelta(hours=1)
        recent = fresh("meeting_outsiders")
        past = await rows.meeting(session, client, user, long_ago)
        lately = await rows.meeting(session, client, user, recent)
        outsider = await rows.participant(
            session, past, long_ago, name="Omar Said", email="omar.said@fk.se"
        )
        colleague = await rows.participant(
            session, past, long_ago, name="Kim Lund", email="kim@kumla.se", staff_user_id=user
        )
        recent_outsider = await rows.participant(
            session, lately, recent, name="Omar Said", email="omar.said@fk.se"
        )

    assert (await _run(db)).counts["meeting_outsiders"] == 1
    async with db.session() as session:
        found = {
            row.id: (row.name, row.email, row.agency, row.answer)
            for row in await session.scalars(select(MeetingParticipant))
        }
    assert found == {
        outsider: (ANONYMISED, None, "Försäkringskassan", "pending"),
        colleague: ("Kim Lund", "kim@kumla.se", "Kumla kommun", "pending"),
        recent_outsider: ("Omar Said", "omar.said@fk.se", "Försäkringskassan", "pending"),
    }
    # Idempotent: nothing is anonymised twice.
    assert (await _run(db)).counts["meeting_outsiders"] == 0


async def test_finished_reminders_and_old_deliveries_go_active_and_recent_ones_stay(
    db: Database,
) -> None:
    expired, recent = old("reminders"), fresh("reminders")
    async with db.session() as session:
        user = await rows.staff(session, "29:kim", seen=NOW)
        done = await rows.reminder(session, user, status="done", at=expired)
        await rows.occurrence(session, done, expired)
        cancelled = await rows.reminder(session, user, status="cancelled", at=expired)
        done_lately = await rows.reminder(session, user, status="done", at=recent)
        active = await rows.reminder(session, user, status="active", at=expired)
        old_sent = await rows.occurrence(session, active, expired)
        old_missed = await rows.occurrence(session, active, expired - timedelta(days=1), "missed")
        still_pending = await rows.occurrence(
            session, active, expired + timedelta(hours=1), "pending"
        )
        recent_sent = await rows.occurrence(session, active, recent)

    report = await _run(db)

    assert (report.counts["reminders"], report.counts["reminder_occurrences"]) == (2, 2)
    assert await _ids(db, Reminder.id) == sorted([done_lately, active])
    assert await _ids(db, ReminderOccurrence.id) == sorted([still_pending, recent_sent])
    assert old_sent not in await _ids(db, ReminderOccurrence.id)
    assert old_missed not in await _ids(db, ReminderOccurrence.id)
    assert cancelled not in await _ids(db, Reminder.id)


async def test_old_prompts_state_drafts_and_freshness_claims_go_fresh_ones_stay(
    db: Database,
) -> None:
    async with db.session() as session:
        user = await rows.staff(session, "29:kim", seen=NOW)
        await rows.prompt(session, user, old("rating_prompts").date())
        kept_prompt = await rows.prompt(session, user, fresh("rating_prompts").date())
        await rows.state_document(session, "msteams/conversations/a", old("conversation_state"))
        await rows.state_document(session, "msteams/conversations/b", fresh("conversation_state"))
        await rows.import_draft(session, user, old("import_drafts"))
        kept_draft = await rows.import_draft(session, user, NOW - timedelta(hours=1))
        await rows.freshness(session, "anna@kumla.se", old("freshness_reminders"))
        kept_claim = await rows.freshness(session, "anna@kumla.se", NOW - timedelta(days=3))

    report = await _run(db)

    assert [
        report.counts[k]
        for k in ("rating_prompts", "conversation_state", "import_drafts", "freshness_reminders")
    ] == [1, 1, 1, 1]
    assert await _ids(db, RatingPrompt.id) == [kept_prompt]
    assert await _ids(db, StateDocument.key) == ["msteams/conversations/b"]
    assert await _ids(db, ContactImportDraft.id) == [kept_draft]
    assert await _ids(db, ContactFreshnessReminder.id) == [kept_claim]


async def test_inactive_staff_are_anonymised_unless_still_in_a_team_or_busy(
    db: Database,
) -> None:
    idle = old("inactive_staff")
    async with db.session() as session:
        unit = await rows.unit(session)
        client = await rows.client(session, unit, "K-1042", at=idle)
        target = await rows.target(session, client, at=idle)
        gone = await rows.staff(
            session, "29:gone", name="Gun Berg", email="gun@kumla.se", aad="aad-gun", seen=idle
        )
        await rows.member(session, client, gone, added=idle, removed=idle)  # left the team
        await rows.rating(session, target, idle.date(), gone)
        await rows.prompt_settings(session, gone)
        await rows.conversation(
            session, "a:gun", user_id=gone, sender={"id": "29:gone", "name": "Gun Berg"}
        )
        in_team = await rows.staff(session, "29:team", name="Tor Ek", seen=idle)
        await rows.member(session, client, in_team, added=idle)
        busy = await rows.staff(session, "29:busy", name="Bo Ek", seen=idle)
        await rows.reminder(session, busy, status="active", at=idle)
        recent = await rows.staff(session, "29:recent", name="Ida Ek", seen=fresh("inactive_staff"))
        manager = await rows.staff(session, "29:chef", name="Eva Chef", seen=idle)
        await ssd.add_unit_role(
            session, unit_id=unit, staff_user_id=manager, role="unit_manager", now=idle
        )

    report = await _run(db)

    assert report.counts["inactive_staff"] == 1
    async with db.session() as session:
        people = {
            row.id: (row.teams_user_id, row.name, row.email, row.aad_object_id)
            for row in await session.scalars(select(StaffUser))
        }
        rated_by = await session.scalar(select(Rating.rater_user_id))
    assert people == {
        gone: (f"anonymised:{gone}", None, None, None),
        in_team: ("29:team", "Tor Ek", None, None),
        busy: ("29:busy", "Bo Ek", None, None),
        recent: ("29:recent", "Ida Ek", None, None),
        manager: ("29:chef", "Eva Chef", None, None),  # holds a unit role: kept
    }
    assert rated_by == gone  # the rating stays, pointing at the anonymised row
    assert await _ids(db, RatingPromptSettings.user_id) == []
    assert await _ids(db, ConversationReferenceRow.id) == []
    assert (await _run(db)).counts["inactive_staff"] == 0


async def test_audit_events_past_their_period_go(db: Database) -> None:
    async with db.session() as session:
        await rows.audit(session, old("audit"), user_id=1, client_code="K-1042")
        kept = await rows.audit(session, fresh("audit"), user_id=1, client_code="K-1042")

    assert (await _run(db)).counts["audit_events"] == 1
    events = await _ids(db, AuditEvent.id, AuditEvent.action != "retention.run")
    assert events == [kept]


async def test_the_audit_trail_refuses_a_delete_that_did_not_ask_first(db: Database) -> None:
    """PostgreSQL: the append-only trigger (migration 0013) lets the retention job
    through only because it says so first; a plain DELETE is refused."""
    if db.is_sqlite:
        pytest.skip("SQLite has no session setting; there the code alone deletes")
    async with db.session() as session:
        await rows.audit(session, old("audit"))
    with pytest.raises(DBAPIError, match="append-only"):
        async with db.session() as session:
            await session.execute(delete(AuditEvent))
    async with db.session() as session:
        await job.allow_audit_purge(session)
        await session.execute(delete(AuditEvent))
    assert await _count(db, AuditEvent) == 0


# -- the run as a whole ------------------------------------------------------------------------
async def _one_of_each_expired(db: Database) -> None:
    await _client_with_record(
        db, "K-2001", status="closed", written=old("closed_clients"), closed=None
    )
    async with db.session() as session:
        user = await rows.staff(session, "29:idle", name="Gun Berg", seen=old("inactive_staff"))
        reminder = await rows.reminder(session, user, status="done", at=old("reminders"))
        await rows.occurrence(session, reminder, old("reminders"))
        await rows.prompt(session, user, old("rating_prompts").date())
        await rows.state_document(session, "msteams/users/29:idle", old("conversation_state"))
        await rows.import_draft(session, user, old("import_drafts"))
        await rows.freshness(session, "gun@kumla.se", old("freshness_reminders"))
        await rows.audit(session, old("audit"), user_id=user)
        kim = await rows.staff(session, "29:kim", name="Kim Lund", seen=NOW)
        ongoing = await rows.reminder(session, kim, status="active", at=old("reminders"))
        await rows.occurrence(session, ongoing, old("reminders"))
        client = await rows.client(session, await rows.unit(session), "K-2002")
        when = old("meeting_outsiders")
        meeting = await rows.meeting(session, client, kim, when)
        await rows.participant(session, meeting, when, name="Omar Said", email="omar@fk.se")


async def test_a_dry_run_counts_and_changes_nothing(db: Database) -> None:
    await _one_of_each_expired(db)
    before = await _snapshot(db)

    dry = await _run(db, dry_run=True)

    assert await _snapshot(db) == before  # not even an audit event
    assert dry.dry_run and dry.failed == ()
    real = await _run(db)
    assert dry.counts == real.counts
    assert all(real.counts.values()), real.counts  # one of each kind


async def test_the_run_is_audited_with_counts_and_no_user_text(db: Database) -> None:
    await _one_of_each_expired(db)

    report = await _run(db, role="cli")

    async with db.session() as session:
        runs = (
            await session.execute(
                select(AuditEvent.role, AuditEvent.outcome, AuditEvent.detail, AuditEvent.at).where(
                    AuditEvent.action == "retention.run"
                )
            )
        ).all()
    assert [(r.role, r.outcome, r.at) for r in runs] == [("cli", "ok", NOW)]
    assert runs[0].detail == report.summary()
    assert runs[0].detail.startswith("clients=1 outsiders=1 reminders=1 occurrences=1 prompts=1")
    assert "Gun" not in runs[0].detail and "Kim" not in runs[0].detail


async def test_a_failing_kind_leaves_the_others_done_and_is_audited_as_an_error(
    db: Database,
) -> None:
    await _one_of_each_expired(db)

    async def broken(*_args: Any) -> int:
        await asyncio.sleep(0)
        raise RuntimeError("disk on fire")

    steps = tuple(
        dataclasses.replace(step, apply=broken) if step.name == "freshness_reminders" else step
        for step in job.STEPS
    )
    report = await _run(db, steps=steps)

    assert report.failed == ("freshness_reminders",)
    assert report.counts["closed_clients"] == 1 and report.counts["audit_events"] == 1
    assert report.counts["rating_prompts"] == 1 and report.counts["reminders"] == 1
    assert await _count(db, ContactFreshnessReminder) == 1
    assert await _ids(db, Client.code) == ["K-2002"]  # the active one
    async with db.session() as session:
        outcome = await session.scalar(
            select(AuditEvent.outcome).where(AuditEvent.action == "retention.run")
        )
    assert outcome == "error"


async def test_two_runs_at_once_do_the_work_once(db: Database, database_url: str) -> None:
    """Two instances (two engines, as two processes would have), small chunks so
    they interleave: every expired row goes, exactly once between them."""
    async with db.session() as session:
        user = await rows.staff(session, "29:kim", seen=NOW)
        for n in range(60):
            reminder = await rows.reminder(session, user, status="done", at=old("reminders"))
            await rows.occurrence(session, reminder, old("reminders") - timedelta(minutes=n))
            await rows.audit(session, old("audit"), user_id=user)
            await rows.state_document(
                session, f"msteams/conversations/{n}", old("conversation_state")
            )
        kept = await rows.reminder(session, user, status="done", at=fresh("reminders"))
    for n in range(12):
        await _client_with_record(
            db, f"K-{3000 + n}", status="closed", written=old("closed_clients"), closed=None
        )
    steps = tuple(dataclasses.replace(step, chunk=7) for step in job.STEPS)
    other = Database(database_url)
    try:
        first, second = await asyncio.gather(
            job.apply_retention(db, POLICY, NOW, steps=steps),
            job.apply_retention(other, POLICY, NOW, steps=steps),
        )
    finally:
        await other.dispose()

    assert first.failed == second.failed == ()
    together = {k: first.counts[k] + second.counts[k] for k in first.counts}
    assert (
        together["reminders"],
        together["audit_events"],
        together["conversation_state"],
        together["closed_clients"],
    ) == (60, 60, 60, 12)
    assert await _ids(db, Reminder.id) == [kept]
    assert await _count(db, StateDocument) == 0
    assert await _count(db, Client) == 0
    assert await _orphans(db) == dict.fromkeys(await _orphans(db), 0)
    assert await _ids(db, AuditEvent.action) == ["retention.run", "retention.run"]
