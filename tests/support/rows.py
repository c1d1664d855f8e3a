"""Rows written straight through the models, for tests that need data of every kind
at chosen times (retention, data-subject requests) without going through the
services that would stamp them with the clock."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import inspect
from sqlalchemy.ext.asyncio import AsyncSession

from core.contact_model import ContactDraft
from storage.directory_repository import insert_contact
from storage.models import (
    Agency,
    AuditEvent,
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
    StaffRole,
    StaffUser,
    StateDocument,
    Target,
    Unit,
)

T0 = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


async def add(session: AsyncSession, row: Any) -> Any:
    """Insert one model row; its primary key (a tuple for composite keys)."""
    session.add(row)
    await session.flush()
    key = inspect(row).identity
    return key[0] if key and len(key) == 1 else key


async def staff(
    session: AsyncSession,
    teams_id: str,
    *,
    name: str | None = None,
    email: str | None = None,
    aad: str | None = None,
    seen: datetime = T0,
) -> int:
    return await add(
        session,
        StaffUser(
            teams_user_id=teams_id,
            aad_object_id=aad,
            email=email,
            tenant_id="tenant",
            name=name,
            locale="sv-SE",
            timezone="Europe/Stockholm",
            created_at=seen - timedelta(days=30),
            last_seen_at=seen,
        ),
    )


async def unit(session: AsyncSession, name: str = "Boendestöd Kumla") -> int:
    agency = await add(
        session, Agency(name=f"Kumla kommun {name}", short_name="Kumla", kind="kommun")
    )
    return await add(session, Unit(agency_id=agency, name=name, municipality="Kumla"))


async def client(
    session: AsyncSession, unit_id: int, code: str, *, status: str = "active", at: datetime = T0
) -> int:
    return await add(
        session, Client(code=code, kind="person", unit_id=unit_id, status=status, created_at=at)
    )


async def target(
    session: AsyncSession, client_id: int, name: str = "ångest", at: datetime = T0
) -> int:
    return await add(
        session,
        Target(
            client_id=client_id,
            name=name,
            name_key=name.casefold(),
            low_anchor="ingen",
            high_anchor="värsta tänkbara",
            scale_min=0,
            scale_max=10,
            step=1,
            better="lower",
            frequency="daily",
            active=True,
            created_at=at,
        ),
    )


async def rating(
    session: AsyncSession, target_id: int, day: date, rater: int | None, *, value: float = 5
) -> int:
    at = datetime.combine(day, datetime.min.time(), tzinfo=UTC) + timedelta(hours=20)
    return await add(
        session,
        Rating(
            target_id=target_id,
            slot_date=day,
            slot="day",
            value=value,
            note="sov dåligt",
            rater_user_id=rater,
            rater_role="kontaktperson",
            created_at=at,
            updated_at=at,
        ),
    )


async def phase(session: AsyncSession, client_id: int, start: date, label: str = "A") -> int:
    at = datetime.combine(start, datetime.min.time(), tzinfo=UTC)
    return await add(
        session, Phase(client_id=client_id, label=label, start_date=start, created_at=at)
    )


async def member(
    session: AsyncSession,
    client_id: int,
    user_id: int,
    *,
    role: str = "kontaktperson",
    added: datetime = T0,
    removed: datetime | None = None,
) -> int:
    return await add(
        session,
        CareTeamMember(
            client_id=client_id,
            staff_user_id=user_id,
            role=role,
            added_at=added,
            removed_at=removed,
        ),
    )


async def consent(session: AsyncSession, client_id: int, by: int | None, at: datetime = T0) -> int:
    return await add(
        session,
        Consent(
            client_id=client_id,
            agency_kind="fk",
            state="given",
            decided_on=at.date(),
            scope="samordning",
            recorded_by_user_id=by,
            recorded_at=at,
        ),
    )


async def crisis_plan(
    session: AsyncSession,
    client_id: int,
    by: int | None,
    at: datetime = T0,
    *,
    contact: str = "Jouren",
) -> int:
    """A crisis plan with one typed contact."""
    plan = await add(
        session,
        CrisisPlan(
            client_id=client_id,
            early_signs="Sover dåligt",
            steps="Ring samordnaren",
            own_words=None,
            updated_by_user_id=by,
            updated_at=at,
        ),
    )
    await add(
        session,
        CrisisContact(plan_id=plan, position=0, name=contact, phone="112", reach="night"),
    )
    return plan


async def meeting(
    session: AsyncSession, client_id: int, organizer: int | None, starts: datetime
) -> int:
    return await add(
        session,
        Meeting(
            uid=f"{client_id}-{starts:%Y%m%d%H%M}@test",
            sequence=0,
            client_id=client_id,
            organizer_user_id=organizer,
            starts_at=starts,
            ends_at=starts + timedelta(hours=1),
            timezone="Europe/Stockholm",
            purpose="Samordning",
            questions="Boende",
            status="booked",
            follow_up="due",
            created_at=starts - timedelta(days=7),
            updated_at=starts - timedelta(days=7),
        ),
    )


async def participant(
    session: AsyncSession,
    meeting_id: int,
    starts: datetime,
    *,
    name: str,
    email: str | None = None,
    staff_user_id: int | None = None,
    organizer: bool = False,
) -> int:
    return await add(
        session,
        MeetingParticipant(
            meeting_id=meeting_id,
            staff_user_id=staff_user_id,
            name=name,
            email=email,
            agency="Försäkringskassan" if staff_user_id is None else "Kumla kommun",
            agency_kind="fk" if staff_user_id is None else "kommun",
            role="inbjuden" if staff_user_id is None else "kallad",
            source="typed" if staff_user_id is None else "team",
            organizer=organizer,
            answer="accepted" if organizer else "pending",
            starts_at=starts,
            ends_at=starts + timedelta(hours=1),
        ),
    )


async def plan_item(
    session: AsyncSession,
    client_id: int,
    meeting_id: int | None,
    text: str,
    *,
    owner_name: str | None,
    owner: int | None = None,
    at: datetime = T0,
) -> int:
    return await add(
        session,
        PlanItem(
            client_id=client_id,
            meeting_id=meeting_id,
            kind="action",
            text=text,
            owner_name=owner_name,
            owner_user_id=owner,
            due_on=at.date() + timedelta(days=14),
            status="open",
            created_at=at,
        ),
    )


async def reminder(
    session: AsyncSession,
    owner: int,
    *,
    text: str = "Ring FK",
    status: str = "active",
    at: datetime = T0,
    recipient: int | None = None,
    subject: str | None = None,
) -> int:
    return await add(
        session,
        Reminder(
            owner_user_id=owner,
            recipient_user_id=owner if recipient is None else recipient,
            text=text,
            timezone="Europe/Stockholm",
            rule=None,
            dtstart_local=at.replace(tzinfo=None).isoformat(timespec="seconds"),
            kind="personal",
            status=status,
            created_at=at,
            updated_at=at,
            subject=subject,
        ),
    )


async def occurrence(
    session: AsyncSession, reminder_id: int, due: datetime, state: str = "sent"
) -> int:
    return await add(
        session,
        ReminderOccurrence(
            reminder_id=reminder_id,
            due_at=due,
            idempotency_key=f"{reminder_id}:{due:%Y%m%dT%H%M%SZ}",
            state=state,
            attempts=1,
            next_attempt_at=due,
            late=False,
            sent_at=due if state == "sent" else None,
            created_at=due,
        ),
    )


async def prompt(session: AsyncSession, user_id: int, day: date, kind: str = "prompt") -> int:
    at = datetime.combine(day, datetime.min.time(), tzinfo=UTC) + timedelta(hours=7)
    return await add(
        session,
        RatingPrompt(
            user_id=user_id,
            prompt_date=day,
            kind=kind,
            status="sent",
            clients=1,
            claimed_at=at,
            sent_at=at,
        ),
    )


async def prompt_settings(session: AsyncSession, user_id: int, at: datetime = T0) -> int:
    return await add(
        session,
        RatingPromptSettings(
            user_id=user_id,
            enabled=True,
            at="07:45",
            days="weekdays",
            nudge_hours=2,
            updated_at=at,
        ),
    )


async def state_document(
    session: AsyncSession, key: str, at: datetime, document: object = None
) -> str:
    return await add(
        session,
        StateDocument(key=key, document=json.dumps(document or {}), etag="e1", updated_at=at),
    )


async def import_draft(session: AsyncSession, user_id: int, at: datetime) -> int:
    return await add(
        session,
        ContactImportDraft(
            user_id=user_id, file_name="kontakter.csv", data=b"name,email\n", created_at=at
        ),
    )


async def freshness(session: AsyncSession, owner_email: str, at: datetime) -> int:
    return await add(
        session,
        ContactFreshnessReminder(
            owner_email=owner_email,
            period=f"{at:%Y-%m}",
            status="sent",
            entries=2,
            claimed_at=at,
        ),
    )


async def contact(
    session: AsyncSession,
    name: str,
    *,
    email: str = "",
    owner_email: str = "",
    kind: str = "person",
    at: datetime = T0,
) -> int:
    draft = ContactDraft(
        name=name,
        title="Samordnare",
        agency="Kumla kommun",
        unit="Boendestöd",
        municipality="Kumla",
        areas=("boendestöd",),
        email=email,
        owner_email=owner_email,
        kind=kind,
    )
    return await insert_contact(session, draft, at)


async def role(
    session: AsyncSession, principal: str, name: str, granted_by: str | None = None
) -> int:
    return await add(
        session,
        StaffRole(principal=principal, role=name, granted_at=T0, granted_by=granted_by),
    )


async def conversation(
    session: AsyncSession,
    conversation_id: str,
    *,
    user_id: int | None,
    sender: dict[str, str],
    kind: str = "personal",
    at: datetime = T0,
) -> int:
    reference = {
        "bot": {"id": "28:bot", "name": "Samverkansboten"},
        "channelId": "msteams",
        "conversation": {"id": conversation_id, "conversationType": kind},
        "serviceUrl": "https://smba.trafficmanager.net/emea/",
        "user": sender,
    }
    return await add(
        session,
        ConversationReferenceRow(
            conversation_id=conversation_id,
            conversation_type=kind,
            user_id=user_id,
            tenant_id="tenant",
            service_url=reference["serviceUrl"],
            channel_id="msteams",
            reference_json=json.dumps(reference, ensure_ascii=False, sort_keys=True),
            updated_at=at,
        ),
    )


async def audit(
    session: AsyncSession,
    at: datetime,
    *,
    user_id: int | None = None,
    action: str = "rating.write",
    client_code: str | None = None,
) -> int:
    return await add(
        session,
        AuditEvent(
            at=at,
            user_id=user_id,
            role="kontaktperson",
            action=action,
            client_code=client_code,
            outcome="ok",
        ),
    )
