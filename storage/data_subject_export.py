"""Everything stored about one person, for a subject access request (GDPR art. 15).

`export_person` gathers, for the staff rows and e-mail addresses of a Person
(storage/data_subject.find_person): their staff_users rows, conversation
references, reminders (set by or for them) with occurrences, rating prompt
settings and prompts, care-team memberships, global roles (held, and granted by
them), meetings they organised or take part in (also as an outsider by e-mail),
plan items they own, consents they recorded, crisis plans they wrote or that name
them as a contact (client and when), ratings they made (client code,
target, day, value and role; not the note, which is about the client), directory
entries about them or owned by them, the directory's freshness reminders, contact
import drafts (name and size) and the audit events of their actions. A meeting's
purpose and questions are the client's, not theirs, and are left out. Values are
JSON-ready (ISO dates).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.data_subject import Person, crisis_contacts_naming, outsider_plan_items
from storage.models import (
    AuditEvent,
    CareTeamMember,
    Client,
    Consent,
    Contact,
    ContactFreshnessReminder,
    ContactImportDraft,
    ConversationReferenceRow,
    CrisisContact,
    CrisisPlan,
    Meeting,
    MeetingParticipant,
    PlanItem,
    Rating,
    RatingPrompt,
    RatingPromptSettings,
    Reminder,
    ReminderOccurrence,
    StaffRole,
    StaffUser,
    Target,
    Unit,
    UnitRole,
)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _dicts(rows: Any) -> list[dict[str, Any]]:
    return [{key: _plain(value) for key, value in row._mapping.items()} for row in rows]


async def export_person(session: AsyncSession, person: Person) -> dict[str, list[dict[str, Any]]]:
    """Every section, each a list of rows (empty when nothing is stored)."""
    ids, emails = person.user_ids, list(person.emails)
    run = session.execute
    staff = StaffUser.__table__.c
    sections: dict[str, list[dict[str, Any]]] = {
        "staff_users": _dicts(await run(select(StaffUser.__table__).where(staff.id.in_(ids)))),
        "conversations": _dicts(
            await run(
                select(
                    ConversationReferenceRow.conversation_id,
                    ConversationReferenceRow.conversation_type,
                    ConversationReferenceRow.channel_id,
                    ConversationReferenceRow.service_url,
                    ConversationReferenceRow.updated_at,
                ).where(ConversationReferenceRow.user_id.in_(ids))
            )
        ),
        "reminders": await _reminders(session, ids),
        "rating_prompt_settings": _dicts(
            await run(
                select(RatingPromptSettings.__table__).where(RatingPromptSettings.user_id.in_(ids))
            )
        ),
        "rating_prompts": _dicts(
            await run(
                select(
                    RatingPrompt.prompt_date,
                    RatingPrompt.kind,
                    RatingPrompt.status,
                    RatingPrompt.clients,
                    RatingPrompt.claimed_at,
                    RatingPrompt.sent_at,
                )
                .where(RatingPrompt.user_id.in_(ids))
                .order_by(RatingPrompt.prompt_date, RatingPrompt.id)
            )
        ),
        "care_teams": _dicts(
            await run(
                select(
                    Client.code.label("client"),
                    CareTeamMember.role,
                    CareTeamMember.added_at,
                    CareTeamMember.removed_at,
                )
                .join(Client, Client.id == CareTeamMember.client_id)
                .where(CareTeamMember.staff_user_id.in_(ids))
                .order_by(CareTeamMember.added_at, CareTeamMember.id)
            )
        ),
        "roles": _dicts(
            await run(
                select(
                    StaffRole.principal, StaffRole.role, StaffRole.granted_at, StaffRole.granted_by
                )
                .where(StaffRole.principal.in_(person.principals))
                .order_by(StaffRole.id)
            )
        ),
        "unit_roles": _dicts(
            await run(
                select(Unit.name.label("unit"), UnitRole.role, UnitRole.added_at, UnitRole.added_by)
                .join(Unit, Unit.id == UnitRole.unit_id)
                .where(UnitRole.staff_user_id.in_(ids))
                .order_by(Unit.name, UnitRole.role)
            )
        ),
        "roles_granted_by_them": _dicts(
            await run(
                select(StaffRole.principal, StaffRole.role, StaffRole.granted_at)
                .where(StaffRole.granted_by.in_(person.principals))
                .order_by(StaffRole.id)
            )
        ),
        "meetings": await _meetings(session, ids, emails),
        "plan_items": await _plan_items(session, ids, emails),
        "consents_recorded": _dicts(
            await run(
                select(
                    Client.code.label("client"),
                    Consent.agency_kind.label("party"),
                    Consent.state,
                    Consent.decided_on,
                    Consent.scope,
                    Consent.form_ref,
                    Consent.recorded_at,
                )
                .join(Client, Client.id == Consent.client_id)
                .where(Consent.recorded_by_user_id.in_(ids))
                .order_by(Consent.recorded_at, Consent.id)
            )
        ),
        "crisis_plans": await _crisis_plans(session, person),
        "ratings": _dicts(
            await run(
                select(
                    Client.code.label("client"),
                    Target.name.label("target"),
                    Rating.slot_date.label("date"),
                    Rating.slot,
                    Rating.value,
                    Rating.rater_role,
                    Rating.created_at,
                    Rating.updated_at,
                )
                .join(Target, Target.id == Rating.target_id)
                .join(Client, Client.id == Target.client_id)
                .where(Rating.rater_user_id.in_(ids))
                .order_by(Client.code, Rating.slot_date, Target.name, Rating.slot)
            )
        ),
        "directory_entries": await _contacts(session, emails),
        "freshness_reminders": _dicts(
            await run(
                select(
                    ContactFreshnessReminder.owner_email,
                    ContactFreshnessReminder.period,
                    ContactFreshnessReminder.status,
                    ContactFreshnessReminder.entries,
                    ContactFreshnessReminder.claimed_at,
                )
                .where(ContactFreshnessReminder.owner_email.in_(emails))
                .order_by(ContactFreshnessReminder.period)
            )
        ),
        "import_drafts": _dicts(
            await run(
                select(
                    ContactImportDraft.file_name,
                    func.length(ContactImportDraft.data).label("bytes"),
                    ContactImportDraft.created_at,
                ).where(ContactImportDraft.user_id.in_(ids))
            )
        ),
        "audit_events": _dicts(
            await run(
                select(
                    AuditEvent.at,
                    AuditEvent.role,
                    AuditEvent.action,
                    AuditEvent.client_code.label("client"),
                    AuditEvent.outcome,
                    AuditEvent.detail,
                )
                .where(AuditEvent.user_id.in_(ids))
                .order_by(AuditEvent.at, AuditEvent.id)
            )
        ),
    }
    return sections


async def _reminders(session: AsyncSession, ids: list[int]) -> list[dict[str, Any]]:
    reminders = _dicts(
        await session.execute(
            select(
                Reminder.id,
                Reminder.owner_user_id.in_(ids).label("set_by_them"),
                Reminder.text,
                Reminder.timezone,
                Reminder.rule,
                Reminder.dtstart_local,
                Reminder.kind,
                Reminder.status,
                Reminder.subject,
                Reminder.created_at,
                Reminder.updated_at,
            )
            .where(or_(Reminder.owner_user_id.in_(ids), Reminder.recipient_user_id.in_(ids)))
            .order_by(Reminder.id)
        )
    )
    occurrences = _dicts(
        await session.execute(
            select(
                ReminderOccurrence.reminder_id,
                ReminderOccurrence.due_at,
                ReminderOccurrence.state,
                ReminderOccurrence.attempts,
                ReminderOccurrence.late,
                ReminderOccurrence.sent_at,
            )
            .where(ReminderOccurrence.reminder_id.in_([r["id"] for r in reminders]))
            .order_by(ReminderOccurrence.due_at, ReminderOccurrence.id)
        )
    )
    for reminder in reminders:
        reminder["set_by_them"] = bool(reminder["set_by_them"])
        reminder["occurrences"] = [
            {k: v for k, v in o.items() if k != "reminder_id"}
            for o in occurrences
            if o["reminder_id"] == reminder["id"]
        ]
    return reminders


async def _meetings(
    session: AsyncSession, ids: list[int], emails: list[str]
) -> list[dict[str, Any]]:
    """Meetings they organised or were asked to, with their own participant row."""
    rows = await session.execute(
        select(
            Meeting.id.label("meeting_id"),
            Client.code.label("client"),
            Meeting.starts_at,
            Meeting.ends_at,
            Meeting.status,
            Meeting.organizer_user_id.in_(ids).label("organised_by_them"),
            MeetingParticipant.name,
            MeetingParticipant.email,
            MeetingParticipant.agency,
            MeetingParticipant.role,
            MeetingParticipant.answer,
            MeetingParticipant.answered_at,
            MeetingParticipant.proposed_start,
        )
        .join(Client, Client.id == Meeting.client_id)
        .outerjoin(
            MeetingParticipant,
            (MeetingParticipant.meeting_id == Meeting.id)
            & or_(MeetingParticipant.staff_user_id.in_(ids), MeetingParticipant.email.in_(emails)),
        )
        .where(
            or_(
                Meeting.organizer_user_id.in_(ids),
                MeetingParticipant.staff_user_id.in_(ids),
                MeetingParticipant.email.in_(emails),
            )
        )
        .order_by(Meeting.starts_at, Meeting.id, MeetingParticipant.id)
    )
    meetings = _dicts(rows)
    for meeting in meetings:
        meeting["organised_by_them"] = bool(meeting["organised_by_them"])
    return meetings


async def _plan_items(
    session: AsyncSession, ids: list[int], emails: list[str]
) -> list[dict[str, Any]]:
    by_name = await outsider_plan_items(session, emails)
    return _dicts(
        await session.execute(
            select(
                Client.code.label("client"),
                PlanItem.kind,
                PlanItem.text,
                PlanItem.owner_name,
                PlanItem.due_on,
                PlanItem.status,
                PlanItem.created_at,
                PlanItem.done_at,
            )
            .join(Client, Client.id == PlanItem.client_id)
            .where(or_(PlanItem.owner_user_id.in_(ids), PlanItem.id.in_(by_name)))
            .order_by(PlanItem.created_at, PlanItem.id)
        )
    )


async def _crisis_plans(session: AsyncSession, person: Person) -> list[dict[str, Any]]:
    """Crisis plans they last wrote or that name them as a contact: the client and
    when, not the plan (it is about the client)."""
    naming = await crisis_contacts_naming(session, {s.name for s in person.staff if s.name})
    named = (
        select(func.count(CrisisContact.id))
        .where(CrisisContact.plan_id == CrisisPlan.id, CrisisContact.id.in_(naming))
        .scalar_subquery()
    )
    rows = await session.execute(
        select(
            Client.code.label("client"),
            CrisisPlan.updated_at,
            CrisisPlan.updated_by_user_id.in_(person.user_ids).label("written_by_them"),
            named.label("contacts_naming_them"),
        )
        .join(Client, Client.id == CrisisPlan.client_id)
        .where(or_(CrisisPlan.updated_by_user_id.in_(person.user_ids), named > 0))
        .order_by(CrisisPlan.updated_at, CrisisPlan.id)
    )
    plans = _dicts(rows)
    for plan in plans:
        plan["written_by_them"] = bool(plan["written_by_them"])
    return plans


async def _contacts(session: AsyncSession, emails: list[str]) -> list[dict[str, Any]]:
    rows = await session.execute(
        select(
            Contact.id,
            (Contact.email.in_(emails) | Contact.teams_upn.in_(emails)).label("about_them"),
            Contact.owner_email.in_(emails).label("owned_by_them"),
            Contact.kind,
            Contact.name,
            Contact.title,
            Contact.agency,
            Contact.unit,
            Contact.municipality,
            Contact.areas,
            Contact.helps_with,
            Contact.phone,
            Contact.email,
            Contact.teams_upn,
            Contact.hours,
            Contact.owner_email,
            Contact.last_verified_at,
        )
        .where(
            or_(
                Contact.email.in_(emails),
                Contact.teams_upn.in_(emails),
                Contact.owner_email.in_(emails),
            )
        )
        .order_by(Contact.id)
    )
    entries = _dicts(rows)
    for entry in entries:
        entry["about_them"] = bool(entry["about_them"])
        entry["owned_by_them"] = bool(entry["owned_by_them"])
    return entries


def is_empty(sections: dict[str, list[dict[str, Any]]]) -> bool:
    return not any(sections.values())
