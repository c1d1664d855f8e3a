"""A data subject's requests (GDPR art. 15 and 17): find a person by e-mail, Entra
object id or Teams user id, and erase them. The export is in
storage/data_subject_export.py. `anonymise_staff` is shared with the retention of
inactive staff (storage/retention.py).

Erasing a person, in the caller's one transaction:
- deleted: their reminders (set by or for them) with their occurrences, rating
  prompt settings and prompts, conversation references and welcomes, conversation
  state (theirs, and any document that names them), contact import drafts,
  directory entries about them (by e-mail or Teams UPN), the directory's freshness
  reminders to them, their global roles (staff_roles by e-mail or object id);
- ended: their current care-team memberships (removed_at set; the history stays);
- anonymised: the staff_users row (name, e-mail, object id, tenant and preferences
  cleared, teams_user_id replaced by "anonymised:<id>", so the id stays for what
  points at it), their meeting-participant rows (as staff or by e-mail), the owner
  name of plan items they own, entries they own (owner_email cleared), roles they
  granted (granted_by cleared), their name in other people's reminder texts, the
  crisis-plan contacts typed with their name (name and number cleared, so the plan
  shows someone is missing), and the "user" of shared conversation references;
- kept, GDPR art. 17(3)(b) (a legal obligation) and the client's record: ratings
  they made (the client's record, kept with the rater's role; the user id points at
  the anonymised row), audit events (the trail of who read and wrote client data,
  kept by law; they hold only the user id), and the consents, crisis plans, plan
  items and meetings they recorded, wrote or organised (the client's record, linked by id only).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import String, cast, delete, func, literal, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    AuditEvent,
    CareTeamMember,
    Contact,
    ContactFreshnessReminder,
    ContactImportDraft,
    ConversationReferenceRow,
    ConversationWelcome,
    CrisisContact,
    MeetingParticipant,
    PlanItem,
    Rating,
    RatingPrompt,
    RatingPromptSettings,
    Reminder,
    ReminderOccurrence,
    StaffRole,
    StaffUser,
    StateDocument,
    UnitRole,
)

ANONYMISED = "–"  # the name left on participant rows and plan items
ANONYMISED_PREFIX = "anonymised:"  # teams_user_id of an anonymised staff row


@dataclass(frozen=True)
class StaffRef:
    id: int
    teams_user_id: str
    name: str | None
    email: str | None
    aad_object_id: str | None


@dataclass(frozen=True)
class Person:
    """Who a request is about: their staff rows (none for an outsider), e-mail
    addresses and Entra object ids."""

    given: str
    staff: tuple[StaffRef, ...]
    emails: tuple[str, ...]
    object_ids: tuple[str, ...]

    @property
    def user_ids(self) -> list[int]:
        return [s.id for s in self.staff]

    @property
    def principals(self) -> list[str]:
        """How staff_roles names them."""
        return [*self.emails, *self.object_ids]


async def find_person(session: AsyncSession, given: str) -> Person:
    """The staff rows matching an e-mail, object id or Teams id (anonymised rows
    never match), with every e-mail and object id known for them."""
    wanted = given.strip()
    rows = (
        await session.execute(
            select(
                StaffUser.id,
                StaffUser.teams_user_id,
                StaffUser.name,
                StaffUser.email,
                StaffUser.aad_object_id,
            )
            .where(
                or_(
                    StaffUser.email == wanted.casefold(),
                    StaffUser.aad_object_id == wanted.lower(),
                    StaffUser.teams_user_id == wanted,
                ),
                ~StaffUser.teams_user_id.startswith(ANONYMISED_PREFIX, autoescape=True),
            )
            .order_by(StaffUser.id)
        )
    ).all()
    staff = tuple(StaffRef(*row) for row in rows)
    emails = {s.email for s in staff if s.email}
    object_ids = {s.aad_object_id.lower() for s in staff if s.aad_object_id}
    if "@" in wanted:
        emails.add(wanted.casefold())
    elif not staff:
        object_ids.add(wanted.lower())  # perhaps a role granted before they wrote
    return Person(wanted, staff, tuple(sorted(emails)), tuple(sorted(object_ids)))


def _texts_naming(staff: StaffRef) -> list[str]:
    """What identifies them in free text: ids, e-mail, and a full name (a single
    first name would match strangers). Names also as JSON escapes them."""
    found = [staff.teams_user_id, staff.email, staff.aad_object_id]
    if staff.name and len(staff.name.split()) >= 2:
        found += [staff.name, json.dumps(staff.name)[1:-1]]
    return sorted({text for text in found if text})


async def _count(session: AsyncSession, statement: Any) -> int:
    return int(await session.scalar(statement) or 0)


async def _rows(session: AsyncSession, statement: Any) -> int:
    return int((await session.execute(statement)).rowcount or 0)


async def anonymise_staff(session: AsyncSession, user_ids: Iterable[int]) -> Counter[str]:
    """Delete what belongs to these members of staff alone and anonymise their rows
    (see the module docstring); counts per kind of row."""
    ids = sorted(set(user_ids))
    counts: Counter[str] = Counter()
    if not ids:
        return counts
    staff = [
        StaffRef(*row)
        for row in await session.execute(
            select(
                StaffUser.id,
                StaffUser.teams_user_id,
                StaffUser.name,
                StaffUser.email,
                StaffUser.aad_object_id,
            ).where(StaffUser.id.in_(ids))
        )
    ]
    personal = (
        await session.execute(
            select(
                ConversationReferenceRow.channel_id, ConversationReferenceRow.conversation_id
            ).where(ConversationReferenceRow.user_id.in_(ids))
        )
    ).all()
    naming = [StateDocument.key.in_([f"{c}/conversations/{i}" for c, i in personal])]
    for person in staff:
        naming.append(StateDocument.key.endswith(f"/users/{person.teams_user_id}", autoescape=True))
        naming += [
            StateDocument.document.contains(t, autoescape=True) for t in _texts_naming(person)
        ]
    counts["state_documents"] = await _rows(session, delete(StateDocument).where(or_(*naming)))
    counts["conversation_references"] = await _unname_shared_references(session, staff)
    counts["conversation_references"] += await _rows(
        session,
        delete(ConversationReferenceRow).where(ConversationReferenceRow.user_id.in_(ids)),
    )
    await session.execute(
        delete(ConversationWelcome).where(
            ConversationWelcome.conversation_id.in_([i for _c, i in personal])
        )
    )
    theirs = or_(Reminder.owner_user_id.in_(ids), Reminder.recipient_user_id.in_(ids))
    counts["reminder_occurrences"] = await _count(
        session,
        select(func.count(ReminderOccurrence.id))
        .join(Reminder, Reminder.id == ReminderOccurrence.reminder_id)
        .where(theirs),
    )
    counts["reminders"] = await _rows(session, delete(Reminder).where(theirs))
    counts["rating_prompt_settings"] = await _rows(
        session, delete(RatingPromptSettings).where(RatingPromptSettings.user_id.in_(ids))
    )
    counts["rating_prompts"] = await _rows(
        session, delete(RatingPrompt).where(RatingPrompt.user_id.in_(ids))
    )
    counts["import_drafts"] = await _rows(
        session, delete(ContactImportDraft).where(ContactImportDraft.user_id.in_(ids))
    )
    counts["meeting_participants"] = await _anonymise_participants(
        session, MeetingParticipant.staff_user_id.in_(ids)
    )
    counts["plan_items"] = await _rows(
        session,
        update(PlanItem)
        .where(PlanItem.owner_user_id.in_(ids), PlanItem.owner_name != ANONYMISED)
        .values(owner_name=ANONYMISED),
    )
    counts["staff_users"] = await _rows(
        session,
        update(StaffUser)
        .where(StaffUser.id.in_(ids))
        .values(
            teams_user_id=literal(ANONYMISED_PREFIX) + cast(StaffUser.id, String),
            aad_object_id=None,
            email=None,
            name=None,
            tenant_id=None,
            locale=None,
            language=None,
            timezone=None,
            client_timezone=None,
            unreachable_since=None,
        ),
    )
    return counts


async def _anonymise_participants(session: AsyncSession, whose: Any) -> int:
    return await _rows(
        session,
        update(MeetingParticipant)
        .where(
            whose,
            or_(MeetingParticipant.name != ANONYMISED, MeetingParticipant.email.is_not(None)),
        )
        .values(name=ANONYMISED, email=None),
    )


async def _unname_shared_references(session: AsyncSession, staff: Sequence[StaffRef]) -> int:
    """A channel's or group chat's reference names whoever wrote there last: drop
    that "user" (proactive messages to a shared conversation do not need it)."""
    changed = 0
    for person in staff:
        rows = (
            await session.execute(
                select(ConversationReferenceRow.id, ConversationReferenceRow.reference_json).where(
                    ConversationReferenceRow.user_id.is_(None),
                    ConversationReferenceRow.reference_json.contains(
                        person.teams_user_id, autoescape=True
                    ),
                )
            )
        ).all()
        for row in rows:
            reference = json.loads(row.reference_json)
            if (reference.get("user") or {}).get("id") != person.teams_user_id:
                continue
            reference.pop("user")
            await session.execute(
                update(ConversationReferenceRow)
                .where(ConversationReferenceRow.id == row.id)
                .values(reference_json=json.dumps(reference, ensure_ascii=False, sort_keys=True))
            )
            changed += 1
    return changed


async def outsider_plan_items(session: AsyncSession, emails: Sequence[str]) -> list[int]:
    """Plan items owned by someone outside the bot, found by their name in meetings
    where they took part by e-mail (such items name their owner, nothing more)."""
    if not emails:
        return []
    rows = (
        await session.execute(
            select(MeetingParticipant.meeting_id, MeetingParticipant.name).where(
                MeetingParticipant.email.in_(emails)
            )
        )
    ).all()
    names: dict[int, set[str]] = {}
    for row in rows:
        if row.name != ANONYMISED:
            names.setdefault(row.meeting_id, set()).add(row.name.casefold())
    if not names:
        return []
    items = await session.execute(
        select(PlanItem.id, PlanItem.meeting_id, PlanItem.owner_name).where(
            PlanItem.meeting_id.in_(list(names)),
            PlanItem.owner_user_id.is_(None),
            PlanItem.owner_name.is_not(None),
        )
    )
    return sorted(
        item.id
        for item in items
        if (item.owner_name or "").casefold() in names.get(item.meeting_id, set())
    )


async def crisis_contacts_naming(session: AsyncSession, names: Iterable[str]) -> list[int]:
    """The crisis-plan contacts typed with one of these names (case aside; SQLite's
    lower() folds ASCII only, so the exact name is matched as well)."""
    wanted = {name for name in names if name}
    if not wanted:
        return []
    return list(
        await session.scalars(
            select(CrisisContact.id).where(
                or_(
                    CrisisContact.name.in_(wanted),
                    func.lower(CrisisContact.name).in_({name.lower() for name in wanted}),
                )
            )
        )
    )


async def erase_person(session: AsyncSession, person: Person, now: datetime) -> Counter[str]:
    """Erase what is stored about a person (module docstring), in the caller's
    transaction; counts per kind, "ratings_kept" and "audit_events_kept" included."""
    ids = person.user_ids
    emails = list(person.emails)
    names = {s.name for s in person.staff if s.name}
    counts: Counter[str] = Counter()
    if ids:
        counts["care_teams_ended"] = await _rows(
            session,
            update(CareTeamMember)
            .where(CareTeamMember.staff_user_id.in_(ids), CareTeamMember.removed_at.is_(None))
            .values(removed_at=now),
        )
        counts["unit_roles"] = await _rows(
            session, delete(UnitRole).where(UnitRole.staff_user_id.in_(ids))
        )
    if person.principals:
        counts["roles"] = await _rows(
            session, delete(StaffRole).where(StaffRole.principal.in_(person.principals))
        )
        counts["roles_granted"] = await _rows(
            session,
            update(StaffRole)
            .where(StaffRole.granted_by.in_(person.principals))
            .values(granted_by=None),
        )
    if emails:
        counts["directory_entries"] = await _rows(
            session,
            delete(Contact).where(or_(Contact.email.in_(emails), Contact.teams_upn.in_(emails))),
        )
        counts["directory_entries_unowned"] = await _rows(
            session, update(Contact).where(Contact.owner_email.in_(emails)).values(owner_email="")
        )
        counts["freshness_reminders"] = await _rows(
            session,
            delete(ContactFreshnessReminder).where(
                ContactFreshnessReminder.owner_email.in_(emails)
            ),
        )
        items = await outsider_plan_items(session, emails)
        names |= {
            row.name
            for row in await session.execute(
                select(MeetingParticipant.name).where(MeetingParticipant.email.in_(emails))
            )
        }
        counts["plan_items"] += await _rows(
            session, update(PlanItem).where(PlanItem.id.in_(items)).values(owner_name=ANONYMISED)
        )
        counts["meeting_participants"] += await _anonymise_participants(
            session, MeetingParticipant.email.in_(emails)
        )
    counts.update(await anonymise_staff(session, ids))
    counts["reminder_texts"] = await _unname_reminders(session, names - {ANONYMISED})
    counts["crisis_contacts"] = await _rows(
        session,
        update(CrisisContact)
        .where(CrisisContact.id.in_(await crisis_contacts_naming(session, names - {ANONYMISED})))
        .values(name=ANONYMISED, phone=None),
    )
    if ids:
        counts["ratings_kept"] = await _count(
            session, select(func.count(Rating.id)).where(Rating.rater_user_id.in_(ids))
        )
        counts["audit_events_kept"] = await _count(
            session, select(func.count(AuditEvent.id)).where(AuditEvent.user_id.in_(ids))
        )
    return counts


async def _unname_reminders(session: AsyncSession, names: Iterable[str]) -> int:
    """Other people's reminders that name them in full ("ring Omar Said"): the name
    becomes ANONYMISED, the reminder stays."""
    changed: set[int] = set()
    for name in sorted(n for n in names if len(n.split()) >= 2):
        rows = (
            await session.execute(
                select(Reminder.id, Reminder.text).where(
                    Reminder.text.contains(name, autoescape=True)
                )
            )
        ).all()
        for row in rows:
            if name not in row.text:  # LIKE ignores case on SQLite; replace() does not
                continue
            await session.execute(
                update(Reminder)
                .where(Reminder.id == row.id)
                .values(text=row.text.replace(name, ANONYMISED))
            )
            changed.add(row.id)
    return len(changed)


def is_empty(counts: Counter[str]) -> bool:
    """Nothing to erase (what is kept does not count)."""
    return not any(n for kind, n in counts.items() if not kind.endswith("_kept"))
