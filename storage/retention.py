"""The retention policy applied: what has been kept long enough is deleted or
anonymised (core/retention.py says how long, and why).

Each kind runs in transactions of its own, so one that fails leaves the others
done. Within a kind, rows go in bounded chunks, so a first run on a big table holds
no huge transaction. A chunk picks its rows with `FOR UPDATE SKIP LOCKED` on
PostgreSQL, so two instances running at once take different rows; on SQLite every
transaction begins with BEGIN IMMEDIATE (storage/db.py), so they take turns. The
delete or update repeats the condition, so a row that changed since it was picked
stays: running again, or twice at once, removes nothing more.

A closed client is one whose status is closed; there is no closed-at column, so it
counts as closed since the newest of its "client.close" audit event and every
write to its record (ratings, targets, phases, care team, consents, crisis plan,
plan items, meetings, and the client row's creation). Deleting it relies on the
foreign keys' ON DELETE CASCADE (targets and their ratings, phases, care team,
meetings with participants, consents, the crisis plan with its contacts, plan
items; SQLite has foreign keys on, storage/db.py). The
reminders the bot made about its meetings and action items (subject "meeting:<id>",
"action:<id>") have no foreign key and are deleted with it. Its audit events stay
(they hold the code only) until the audit period ends.

Audit events are deleted in transactions that first run `SET LOCAL
samverkan.audit_purge = 'on'` on PostgreSQL, without which the append-only trigger
refuses the delete.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import String, and_, delete, exists, func, literal, or_, select, text, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from core import ssd_model as rules
from core.retention import RetentionPolicy
from storage import reminders_repository as reminders
from storage.audit_repository import ERROR, OK, append_audit_event
from storage.data_subject import ANONYMISED, ANONYMISED_PREFIX, anonymise_staff
from storage.db import Database
from storage.models import (
    AuditEvent,
    CareTeamMember,
    Client,
    Consent,
    ContactFreshnessReminder,
    ContactImportDraft,
    CrisisPlan,
    Meeting,
    MeetingParticipant,
    Phase,
    PlanItem,
    Rating,
    RatingPrompt,
    Reminder,
    ReminderOccurrence,
    StaffUser,
    StateDocument,
    Target,
    UnitRole,
)

log = logging.getLogger("samverkan.retention")

Condition = Any  # a SQL boolean expression
Apply = Callable[[AsyncSession, list[Any], Condition, datetime], Awaitable[int]]


@dataclass(frozen=True)
class RetentionReport:
    """Rows deleted or anonymised per step (what would be, in a dry run)."""

    counts: dict[str, int]
    failed: tuple[str, ...] = ()
    dry_run: bool = False

    def summary(self) -> str:
        """Counts only, short enough for an audit detail and a log line."""
        parts = [f"{SHORT[name]}={n}" for name, n in self.counts.items()]
        if self.failed:
            parts.append("failed=" + ",".join(SHORT[name] for name in self.failed))
        return " ".join(parts)[:200]


@dataclass(frozen=True)
class Step:
    name: str  # in the report
    kind: str  # the policy's kind
    table: Any
    key: Any  # the column rows are picked by
    condition: Callable[[datetime], Condition]  # expired, given the cutoff
    apply: Apply
    chunk: int = 1000
    audit_purge: bool = False


def _deleting(step_table: Any, key: Any) -> Apply:
    async def apply(session: AsyncSession, keys: list[Any], condition: Condition, _n: Any) -> int:
        result = await session.execute(delete(step_table).where(key.in_(keys), condition))
        return int(result.rowcount or 0)

    return apply


# -- closed clients ---------------------------------------------------------------------
CLIENT_CLOSE = "client.close"


def _closed_client_expired(cutoff: datetime) -> Condition:
    since = [
        exists().where(
            AuditEvent.client_code == Client.code,
            AuditEvent.action == CLIENT_CLOSE,
            AuditEvent.at >= cutoff,
        ),
        exists().where(Target.client_id == Client.id, Target.created_at >= cutoff),
        exists().where(
            Rating.target_id == Target.id,
            Target.client_id == Client.id,
            Rating.updated_at >= cutoff,
        ),
        exists().where(Phase.client_id == Client.id, Phase.created_at >= cutoff),
        exists().where(
            CareTeamMember.client_id == Client.id,
            or_(CareTeamMember.added_at >= cutoff, CareTeamMember.removed_at >= cutoff),
        ),
        exists().where(Consent.client_id == Client.id, Consent.recorded_at >= cutoff),
        exists().where(CrisisPlan.client_id == Client.id, CrisisPlan.updated_at >= cutoff),
        exists().where(
            PlanItem.client_id == Client.id,
            or_(PlanItem.created_at >= cutoff, PlanItem.done_at >= cutoff),
        ),
        exists().where(
            Meeting.client_id == Client.id,
            or_(Meeting.ends_at >= cutoff, Meeting.updated_at >= cutoff),
        ),
    ]
    return and_(Client.status == rules.CLOSED, Client.created_at < cutoff, *[~s for s in since])


async def _delete_clients(
    session: AsyncSession, ids: list[Any], condition: Condition, _now: datetime
) -> int:
    gone = list(await session.scalars(select(Client.id).where(Client.id.in_(ids), condition)))
    if not gone:
        return 0
    meetings = select(literal("meeting:") + Meeting.id.cast(String)).where(
        Meeting.client_id.in_(gone)
    )
    actions = select(literal("action:") + PlanItem.id.cast(String)).where(
        PlanItem.client_id.in_(gone)
    )
    await session.execute(
        delete(Reminder).where(or_(Reminder.subject.in_(meetings), Reminder.subject.in_(actions)))
    )
    result = await session.execute(delete(Client).where(Client.id.in_(gone)))
    return int(result.rowcount or 0)


# -- outsiders in ended meetings ---------------------------------------------------------
def _outsider_expired(cutoff: datetime) -> Condition:
    return and_(
        MeetingParticipant.staff_user_id.is_(None),
        MeetingParticipant.ends_at < cutoff,
        or_(MeetingParticipant.name != ANONYMISED, MeetingParticipant.email.is_not(None)),
    )


async def _anonymise_outsiders(
    session: AsyncSession, ids: list[Any], condition: Condition, _now: datetime
) -> int:
    result = await session.execute(
        update(MeetingParticipant)
        .where(MeetingParticipant.id.in_(ids), condition)
        .values(name=ANONYMISED, email=None)
    )
    return int(result.rowcount or 0)


# -- inactive staff ----------------------------------------------------------------------
def _inactive_staff(cutoff: datetime) -> Condition:
    return and_(
        StaffUser.last_seen_at < cutoff,
        ~StaffUser.teams_user_id.startswith(ANONYMISED_PREFIX, autoescape=True),
        ~exists().where(
            CareTeamMember.staff_user_id == StaffUser.id, CareTeamMember.removed_at.is_(None)
        ),
        ~exists().where(UnitRole.staff_user_id == StaffUser.id),  # holds a role: keep
        ~exists().where(
            Reminder.owner_user_id == StaffUser.id, Reminder.status == reminders.ACTIVE
        ),
        ~exists().where(
            MeetingParticipant.staff_user_id == StaffUser.id, MeetingParticipant.ends_at >= cutoff
        ),
    )


async def _anonymise_inactive(
    session: AsyncSession, ids: list[Any], condition: Condition, _now: datetime
) -> int:
    still = list(
        await session.scalars(select(StaffUser.id).where(StaffUser.id.in_(ids), condition))
    )
    return (await anonymise_staff(session, still))["staff_users"]


def _finished_reminder(cutoff: datetime) -> Condition:
    return and_(
        Reminder.status.in_((reminders.DONE, reminders.CANCELLED)), Reminder.updated_at < cutoff
    )


def _finished_occurrence(cutoff: datetime) -> Condition:
    """Past deliveries of reminders that go on (a finished reminder's go with it)."""
    return and_(
        ReminderOccurrence.state.not_in(reminders.OPEN_STATES),
        ReminderOccurrence.due_at < cutoff,
        exists().where(
            Reminder.id == ReminderOccurrence.reminder_id, Reminder.status == reminders.ACTIVE
        ),
    )


def _older(column: Any) -> Callable[[datetime], Condition]:
    return lambda cutoff: column < cutoff


def _deleting_step(name: str, kind: str, table: Any, key: Any, column: Any, **kw: Any) -> Step:
    return Step(name, kind, table, key, _older(column), _deleting(table, key), **kw)


STEPS: tuple[Step, ...] = (
    Step(
        "closed_clients",
        "closed_clients",
        Client,
        Client.id,
        _closed_client_expired,
        _delete_clients,
        chunk=20,
    ),
    Step(
        "meeting_outsiders",
        "meeting_outsiders",
        MeetingParticipant,
        MeetingParticipant.id,
        _outsider_expired,
        _anonymise_outsiders,
    ),
    Step(
        "reminders",
        "reminders",
        Reminder,
        Reminder.id,
        _finished_reminder,
        _deleting(Reminder, Reminder.id),
    ),
    Step(
        "reminder_occurrences",
        "reminders",
        ReminderOccurrence,
        ReminderOccurrence.id,
        _finished_occurrence,
        _deleting(ReminderOccurrence, ReminderOccurrence.id),
    ),
    Step(
        "rating_prompts",
        "rating_prompts",
        RatingPrompt,
        RatingPrompt.id,
        lambda cutoff: RatingPrompt.prompt_date < cutoff.date(),
        _deleting(RatingPrompt, RatingPrompt.id),
    ),
    _deleting_step(
        "conversation_state",
        "conversation_state",
        StateDocument,
        StateDocument.key,
        StateDocument.updated_at,
        chunk=500,
    ),
    _deleting_step(
        "import_drafts",
        "import_drafts",
        ContactImportDraft,
        ContactImportDraft.id,
        ContactImportDraft.created_at,
        chunk=50,
    ),
    _deleting_step(
        "freshness_reminders",
        "freshness_reminders",
        ContactFreshnessReminder,
        ContactFreshnessReminder.id,
        ContactFreshnessReminder.claimed_at,
    ),
    Step(
        "inactive_staff",
        "inactive_staff",
        StaffUser,
        StaffUser.id,
        _inactive_staff,
        _anonymise_inactive,
        chunk=100,
    ),
    _deleting_step(
        "audit_events", "audit", AuditEvent, AuditEvent.id, AuditEvent.at, audit_purge=True
    ),
)

# Names in the audit detail and the log line (which must stay short).
SHORT = {
    "closed_clients": "clients",
    "meeting_outsiders": "outsiders",
    "reminders": "reminders",
    "reminder_occurrences": "occurrences",
    "rating_prompts": "prompts",
    "conversation_state": "state",
    "import_drafts": "drafts",
    "freshness_reminders": "freshness",
    "inactive_staff": "staff",
    "audit_events": "audit",
}


async def allow_audit_purge(session: AsyncSession) -> None:
    """On PostgreSQL the audit trail refuses deletes unless the transaction says
    this first (migration 0013); SQLite has no such trigger."""
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(text("SET LOCAL samverkan.audit_purge = 'on'"))


async def _run_step(
    db: Database, step: Step, cutoff: datetime, now: datetime, counts: dict[str, int]
) -> None:
    """Chunk after chunk, each its own transaction, counted as it commits (so a
    failure half-way still reports what was done)."""
    condition = step.condition(cutoff)
    pick = (
        select(step.key)
        .where(condition)
        .order_by(step.key)
        .limit(step.chunk)
        .with_for_update(skip_locked=True, of=step.table)
    )
    while True:
        async with db.session() as session:
            if step.audit_purge:
                await allow_audit_purge(session)
            keys = list(await session.scalars(pick))
            done = await step.apply(session, keys, condition, now) if keys else 0
        counts[step.name] += done
        if len(keys) < step.chunk or done == 0:
            return


async def _count_step(db: Database, step: Step, cutoff: datetime) -> int:
    async with db.read_session() as session:
        found = await session.scalar(
            select(func.count()).select_from(step.table).where(step.condition(cutoff))
        )
    return int(found or 0)


async def apply_retention(
    db: Database,
    policy: RetentionPolicy,
    now: datetime,
    *,
    dry_run: bool = False,
    role: str = "job",
    steps: tuple[Step, ...] = STEPS,
) -> RetentionReport:
    """Delete or anonymise what has expired, and record the run in one audit event
    ("retention.run", the counts as detail). A dry run counts and changes nothing."""
    counts: dict[str, int] = {}
    failed: list[str] = []
    for step in steps:
        cutoff = policy.cutoff(step.kind, now)
        counts[step.name] = 0
        try:
            if dry_run:
                counts[step.name] = await _count_step(db, step, cutoff)
            else:
                await _run_step(db, step, cutoff, now, counts)
        except DBAPIError as error:
            # Not the message: it quotes the statement's parameters (e-mails, names).
            log.error(
                "retention step %s failed: %s (%s)",
                step.name,
                type(error).__name__,
                type(error.orig).__name__,
            )
            failed.append(step.name)
        except Exception:
            log.exception("retention step %s failed", step.name)
            failed.append(step.name)
    report = RetentionReport(counts, tuple(failed), dry_run)
    if not dry_run:
        async with db.session() as session:
            await append_audit_event(
                session,
                at=now,
                action="retention.run",
                outcome=ERROR if failed else OK,
                role=role,
                detail=report.summary(),
            )
    return report
