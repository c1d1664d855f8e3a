"""SQLAlchemy 2 typed models. Nothing here imports botbuilder."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes on every database (SQLite has no time zones)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    pass


class StaffUser(Base):
    """A member of staff who has talked to the bot (Teams identity, preferences)."""

    __tablename__ = "staff_users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    teams_user_id: Mapped[str] = mapped_column(String(255), unique=True)
    aad_object_id: Mapped[str | None] = mapped_column(String(64), index=True)
    # E-mail (or UPN) as Teams' member API gives it: asked for by the directory's
    # freshness job, which matches entry owners to staff by it (migration 0007).
    email: Mapped[str | None] = mapped_column(String(254), index=True)
    tenant_id: Mapped[str | None] = mapped_column(String(64))
    name: Mapped[str | None] = mapped_column(String(255))
    locale: Mapped[str | None] = mapped_column(String(32))
    language: Mapped[str | None] = mapped_column(String(8))
    timezone: Mapped[str | None] = mapped_column(String(64))  # chosen in inställningar
    client_timezone: Mapped[str | None] = mapped_column(String(64))  # reported by Teams
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # A proactive send got 403/404: unreachable until they write again
    # (last_seen_at after this).
    unreachable_since: Mapped[datetime | None] = mapped_column(UTCDateTime())


class ConversationReferenceRow(Base):
    """Where the bot can write to proactively: one row per Teams conversation."""

    __tablename__ = "conversation_references"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    conversation_id: Mapped[str] = mapped_column(String(512), unique=True)
    conversation_type: Mapped[str] = mapped_column(String(32))
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_users.id", ondelete="CASCADE"), index=True
    )
    tenant_id: Mapped[str | None] = mapped_column(String(64))
    service_url: Mapped[str] = mapped_column(String(512))
    channel_id: Mapped[str] = mapped_column(String(64))
    reference_json: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class StateDocument(Base):
    """Bot conversation and user state as JSON documents with an eTag."""

    __tablename__ = "state_documents"

    key: Mapped[str] = mapped_column(String(1024), primary_key=True)
    document: Mapped[str] = mapped_column(Text)
    etag: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ConversationWelcome(Base):
    """The bot has said hello in this conversation (claimed once, atomically)."""

    __tablename__ = "conversation_welcomes"

    conversation_id: Mapped[str] = mapped_column(String(512), primary_key=True)
    welcomed_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Agency(Base):
    """A huvudman or authority: Region Örebro län, Örebro kommun, Försäkringskassan …"""

    __tablename__ = "agencies"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    short_name: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(32))


class Unit(Base):
    """An enhet within an agency, e.g. boendestöd Lindesberg or psykiatrisk öppenvård."""

    __tablename__ = "units"
    __table_args__ = (Index("ix_units_agency_name", "agency_id", "name", unique=True),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    municipality: Mapped[str | None] = mapped_column(String(100))
    around_the_clock: Mapped[bool] = mapped_column(Boolean, default=False)


class Reminder(Base):
    """What to remind of, whom, and when: one time (rule None) or an RFC 5545 rule.

    dtstart_local is the naive wall-clock start in `timezone`, stored as ISO text
    ("2026-11-23T09:00:00") so that no driver can mistake it for a UTC instant.
    The recipient is a user (mig, @kollega: recipient_user_id) or a channel or
    group chat (teamet: conversation_id, whose reference is in
    conversation_references).
    """

    __tablename__ = "reminders"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner_user_id: Mapped[int] = mapped_column(
        ForeignKey("staff_users.id", ondelete="CASCADE"), index=True
    )
    recipient_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_users.id", ondelete="CASCADE"), index=True
    )
    conversation_id: Mapped[str | None] = mapped_column(String(512))
    text: Mapped[str] = mapped_column(String(500))
    timezone: Mapped[str] = mapped_column(String(64))
    rule: Mapped[str | None] = mapped_column(String(500))
    dtstart_local: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # What the reminder is about when the bot made it ("meeting:42", "action:7"), so
    # a rescheduled meeting or a declined invitation can cancel it (migration 0010).
    subject: Mapped[str | None] = mapped_column(String(64), index=True)


class ReminderOccurrence(Base):
    """One delivery of a reminder, claimed atomically by one dispatcher.

    next_attempt_at is when the row may next be claimed: its due time (or retry
    time) while pending, the end of its lease while claimed. So the claim query
    is one range on (state, next_attempt_at), and a lease that ran out (its
    instance died) makes the row claimable again.
    """

    __tablename__ = "reminder_occurrences"
    __table_args__ = (
        Index("ix_reminder_occurrences_state_next_attempt_at", "state", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reminder_id: Mapped[int] = mapped_column(
        ForeignKey("reminders.id", ondelete="CASCADE"), index=True
    )
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    idempotency_key: Mapped[str] = mapped_column(String(128), unique=True)
    state: Mapped[str] = mapped_column(String(16))
    claimed_by: Mapped[str | None] = mapped_column(String(128))
    claim_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    attempts: Mapped[int] = mapped_column(Integer)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime())
    late: Mapped[bool] = mapped_column(Boolean)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    activity_id: Mapped[str | None] = mapped_column(String(255))
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


# SSD follow-up (issue 4). Rules and slot codes: core/ssd_model.py.


class Client(Base):
    """A client (kind "person") by pseudonymous code only, never a name or a
    personnummer; or a unit rating its own development areas (kind "unit").
    Both belong to a unit, whose manager may read them."""

    __tablename__ = "clients"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    status: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class CareTeamMember(Base):
    """Staff around one client (the resursgrupp): they read and rate. A member who
    leaves gets removed_at and keeps their history; at most one current row per
    member and client (a partial unique index), so leaving and rejoining adds a row."""

    __tablename__ = "care_team_members"
    __table_args__ = (
        Index(
            "ix_care_team_members_current",
            "client_id",
            "staff_user_id",
            unique=True,
            sqlite_where=text("removed_at IS NULL"),
            postgresql_where=text("removed_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    staff_user_id: Mapped[int] = mapped_column(
        ForeignKey("staff_users.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(String(64))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime())
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class UnitRole(Base):
    """A role someone holds in a unit: coordinator (manages its clients) or
    unit_manager (reads them). The rules are in core/access.py."""

    __tablename__ = "unit_roles"

    unit_id: Mapped[int] = mapped_column(
        ForeignKey("units.id", ondelete="CASCADE"), primary_key=True
    )
    staff_user_id: Mapped[int] = mapped_column(
        ForeignKey("staff_users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    role: Mapped[str] = mapped_column(String(32), primary_key=True)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime())
    added_by: Mapped[str | None] = mapped_column(String(254))


class Target(Base):
    """What is rated for a client (skattningsmål), on which scale, how often, and
    which direction is better. name_key is the casefolded name, unique per client."""

    __tablename__ = "targets"
    __table_args__ = (Index("ix_targets_client_id_name_key", "client_id", "name_key", unique=True),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(40))
    name_key: Mapped[str] = mapped_column(String(40))
    low_anchor: Mapped[str] = mapped_column(String(100))
    high_anchor: Mapped[str] = mapped_column(String(100))
    scale_min: Mapped[float] = mapped_column(Float)
    scale_max: Mapped[float] = mapped_column(Float)
    step: Mapped[float] = mapped_column(Float)
    better: Mapped[str] = mapped_column(String(8))
    frequency: Mapped[str] = mapped_column(String(16))
    active: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Phase(Base):
    """A phase of a client's follow-up (A baseline, B intervention, C …). Phases
    belong to the client, not to a target: the intervention concerns the person
    (or the unit), so every target of the client changes phase together. A phase
    lasts from its start date until the next phase starts."""

    __tablename__ = "phases"
    __table_args__ = (
        Index("ix_phases_client_id_label", "client_id", "label", unique=True),
        Index("ix_phases_client_id_start_date", "client_id", "start_date", unique=True),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"))
    label: Mapped[str] = mapped_column(String(4))
    start_date: Mapped[date] = mapped_column(Date)
    description: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Rating(Base):
    """One value per target per slot (core/ssd_model.py: slot_date and slot).
    The rater stays recorded by role even if their user row goes."""

    __tablename__ = "ratings"
    __table_args__ = (
        Index("ix_ratings_target_id_slot_date_slot", "target_id", "slot_date", "slot", unique=True),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("targets.id", ondelete="CASCADE"))
    slot_date: Mapped[date] = mapped_column(Date)
    slot: Mapped[str] = mapped_column(String(16))
    value: Mapped[float] = mapped_column(Float)
    note: Mapped[str | None] = mapped_column(String(500))
    rater_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_users.id", ondelete="SET NULL")
    )
    rater_role: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class AuditEvent(Base):
    """Who did what with which client's data, and how it went. Append-only; no
    foreign keys (user_id, client_code) so that the trail outlives what it names.
    detail is short and never holds text a user typed."""

    __tablename__ = "audit_events"
    __table_args__ = (
        Index("ix_audit_events_client_code_at", "client_code", "at"),
        Index("ix_audit_events_user_id_at", "user_id", "at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    user_id: Mapped[int | None] = mapped_column(Integer)
    role: Mapped[str | None] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64))
    client_code: Mapped[str | None] = mapped_column(String(16))
    outcome: Mapped[str] = mapped_column(String(16))
    detail: Mapped[str | None] = mapped_column(String(200))


class RatingPromptSettings(Base):
    """A user's daily rating prompt, as chosen in inställningar (no row: defaults)."""

    __tablename__ = "rating_prompt_settings"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("staff_users.id", ondelete="CASCADE"), primary_key=True
    )
    enabled: Mapped[bool] = mapped_column(Boolean)
    at: Mapped[str | None] = mapped_column(String(5))  # "HH:MM"; NULL: 08:00
    days: Mapped[str] = mapped_column(String(16))  # auto, every_day, weekdays
    quiet_start: Mapped[str | None] = mapped_column(String(5))
    quiet_end: Mapped[str | None] = mapped_column(String(5))
    paused_until: Mapped[date | None] = mapped_column(Date)
    nudge_hours: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class RatingPrompt(Base):
    """One prompt or nudge for one user and day. The unique key is the claim: the
    instance whose INSERT wins sends it, so several instances never send it twice."""

    __tablename__ = "rating_prompts"
    __table_args__ = (UniqueConstraint("user_id", "prompt_date", "kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id", ondelete="CASCADE"))
    prompt_date: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(8))  # prompt, nudge
    status: Mapped[str] = mapped_column(String(16))  # claimed, sent, nothing_due, failed
    clients: Mapped[int] = mapped_column(Integer)
    claimed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_error: Mapped[str | None] = mapped_column(Text)


class Contact(Base):
    """One who-does-what entry: a person or a function (core/contact_model.py).

    The idx_* columns hold the entry's folded words, stems and compound parts per
    field (core/directory_text.index_tokens); the search index is built on them:
    an FTS5 table on SQLite, generated tsvectors with the 'simple' configuration
    on PostgreSQL (migrations 0007–0009; see SEARCH_INDEX_OBJECTS).

    A `vem kommun:Nora` or `vem org:fk` without words lists by name: the
    (filter, name) indexes give the first hundred without sorting thousands."""

    __tablename__ = "contacts"
    __table_args__ = (
        Index("ix_contacts_municipality_name", "municipality_key", "name"),
        Index("ix_contacts_agency_kind_name", "agency_kind", "name"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entry_key: Mapped[str] = mapped_column(String(500), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(200))
    agency: Mapped[str] = mapped_column(String(200))
    agency_kind: Mapped[str] = mapped_column(String(32))
    unit: Mapped[str] = mapped_column(String(200))
    municipality: Mapped[str] = mapped_column(String(200))
    municipality_key: Mapped[str] = mapped_column(String(200))
    areas: Mapped[str] = mapped_column(Text)  # ';'-separated, as written
    helps_with: Mapped[str] = mapped_column(String(500))
    phone: Mapped[str] = mapped_column(String(40))
    email: Mapped[str] = mapped_column(String(254), index=True)
    teams_upn: Mapped[str] = mapped_column(String(254))
    hours: Mapped[str] = mapped_column(String(100))
    owner_email: Mapped[str] = mapped_column(String(254), index=True)
    last_verified_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    idx_name: Mapped[str] = mapped_column(Text)
    idx_role: Mapped[str] = mapped_column(Text)
    idx_areas: Mapped[str] = mapped_column(Text)
    idx_place: Mapped[str] = mapped_column(Text)
    idx_help: Mapped[str] = mapped_column(Text)


class StaffRole(Base):
    """A role granted to a person by e-mail or Entra (AAD) object id, so it can be
    granted before they have ever written to the bot: directory_admin, system_admin."""

    __tablename__ = "staff_roles"
    __table_args__ = (UniqueConstraint("principal", "role"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    principal: Mapped[str] = mapped_column(String(254))  # lower-case e-mail or object id
    role: Mapped[str] = mapped_column(String(32))
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime())
    granted_by: Mapped[str | None] = mapped_column(String(254))


class ContactFreshnessReminder(Base):
    """One "are your entries still right?" message per owner and month; the unique
    key is the claim, so several instances never send it twice."""

    __tablename__ = "contact_freshness_reminders"
    __table_args__ = (UniqueConstraint("owner_email", "period"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner_email: Mapped[str] = mapped_column(String(254))
    period: Mapped[str] = mapped_column(String(7))  # YYYY-MM
    status: Mapped[str] = mapped_column(String(16))  # claimed, sent, unreachable, failed
    entries: Mapped[int] = mapped_column(Integer)
    claimed_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ContactImportDraft(Base):
    """A CSV file an admin sent in chat, kept until they confirm the import (or an
    hour passes): the file is checked first, imported only on "Importera"."""

    __tablename__ = "contact_import_drafts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id", ondelete="CASCADE"))
    file_name: Mapped[str] = mapped_column(String(255))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


# Resursgruppsmöten (issue 6). Rules: core/meeting_model.py.


class Meeting(Base):
    """A resource-group meeting about one client. uid and sequence are the calendar
    file's (RFC 5545): the uid never changes, the sequence grows with every
    reschedule or cancellation. The organizer's status card is updated in place, so
    its activity id and conversation are kept."""

    __tablename__ = "meetings"
    __table_args__ = (
        Index("ix_meetings_client_id_starts_at", "client_id", "starts_at"),
        Index("ix_meetings_status_starts_at", "status", "starts_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(128), unique=True)
    sequence: Mapped[int] = mapped_column(Integer)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"))
    organizer_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_users.id", ondelete="SET NULL"), index=True
    )
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    timezone: Mapped[str] = mapped_column(String(64))
    purpose: Mapped[str] = mapped_column(String(500))
    questions: Mapped[str] = mapped_column(Text)  # one per line
    place: Mapped[str | None] = mapped_column(String(300))
    online_url: Mapped[str | None] = mapped_column(String(500))
    status: Mapped[str] = mapped_column(String(16))  # booked, cancelled
    follow_up: Mapped[str] = mapped_column(String(16))  # due, asked, recorded
    previous_meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meetings.id", ondelete="SET NULL")
    )
    status_card_activity_id: Mapped[str | None] = mapped_column(String(255))
    status_card_conversation_id: Mapped[str | None] = mapped_column(String(512))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class MeetingParticipant(Base):
    """Someone asked to a meeting: a member of staff who uses the bot (staff_user_id),
    or a person from the directory or typed by name and e-mail, who gets only the
    calendar file. role is kallad or inbjuden; answer pending, accepted, declined or
    proposed (with proposed_start)."""

    __tablename__ = "meeting_participants"
    __table_args__ = (
        # Whose meetings are in a window (the clash check): migration 0012.
        Index("ix_meeting_participants_staff_user_id_starts_at", "staff_user_id", "starts_at"),
        Index("ix_meeting_participants_email_starts_at", "email", "starts_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    staff_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_users.id", ondelete="SET NULL")
    )
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254))  # lower case
    agency: Mapped[str] = mapped_column(String(200))
    agency_kind: Mapped[str] = mapped_column(String(32))
    role: Mapped[str] = mapped_column(String(16))
    source: Mapped[str] = mapped_column(String(16))
    organizer: Mapped[bool] = mapped_column(Boolean)
    answer: Mapped[str] = mapped_column(String(16))
    proposed_start: Mapped[datetime | None] = mapped_column(UTCDateTime())
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Copies of the meeting's times, kept with it (meeting_repository), so a person's
    # meetings in a window are one index range.
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Consent(Base):
    """Samtycke: the client's decision about coordination itself ("coordination")
    or about sharing with one party (an agency kind of core.contact_model, "school"
    or "relatives"; core/consent_model.py), given, refused or withdrawn.
    Append-only, the history: the newest row per client and party holds."""

    __tablename__ = "consents"
    __table_args__ = (Index("ix_consents_client_id_agency_kind", "client_id", "agency_kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"))
    agency_kind: Mapped[str] = mapped_column(String(32))  # the party
    state: Mapped[str] = mapped_column(String(16))  # given, refused, withdrawn
    decided_on: Mapped[date] = mapped_column(Date)
    scope: Mapped[str] = mapped_column(String(200))  # rows from before 0016; "" since
    form_ref: Mapped[str] = mapped_column(String(120), default="")  # the signed form
    recorded_by_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_users.id", ondelete="SET NULL")
    )
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())


class PlanItem(Base):
    """What a meeting decided for the client's SIP: a decision, a goal (delmål), or
    an action item (åtgärd: what, who, by when), open until marked done."""

    __tablename__ = "plan_items"
    __table_args__ = (Index("ix_plan_items_client_id_status", "client_id", "status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"))
    meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meetings.id", ondelete="SET NULL"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))  # decision, goal, action
    text: Mapped[str] = mapped_column(String(500))
    owner_name: Mapped[str | None] = mapped_column(String(200))
    owner_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_users.id", ondelete="SET NULL")
    )
    due_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16))  # open, done
    created_by_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_users.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class CrisisPlan(Base):
    """A client's crisis plan (core/crisis_plan.py): early signs and the steps, one
    per line, and the person's own words. One per client; rewritten whole."""

    __tablename__ = "crisis_plans"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[int] = mapped_column(
        ForeignKey("clients.id", ondelete="CASCADE"), unique=True
    )
    early_signs: Mapped[str] = mapped_column(Text)
    steps: Mapped[str] = mapped_column(Text)
    own_words: Mapped[str | None] = mapped_column(String(500))
    updated_by_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_users.id", ondelete="SET NULL")
    )
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class CrisisContact(Base):
    """Whom to call in a crisis, in the plan's order: a directory entry (its name and
    number shown as they are now) or a name and number typed; `reach` is when they
    answer ("day,evening,night"). An entry removed from the directory leaves the row
    with neither, so the plan shows that someone is missing."""

    __tablename__ = "crisis_contacts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(
        ForeignKey("crisis_plans.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    directory_contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contacts.id", ondelete="SET NULL"), index=True
    )
    name: Mapped[str | None] = mapped_column(String(100))
    phone: Mapped[str | None] = mapped_column(String(40))
    reach: Mapped[str] = mapped_column(String(32))


# The search index lives beside the models but outside them: SQLAlchemy has no type
# for an FTS5 table or a generated tsvector, so migrations 0007–0009 make them with SQL
# and schema comparisons leave these names alone.
SEARCH_INDEX_TABLE = "contacts_fts"
SEARCH_INDEX_COLUMN = "search_vector"
# PostgreSQL's columns for the first two search tiers (core.directory_search.TIERS;
# migration 0009): SQLite reaches the same fields with an FTS5 column filter.
SEARCH_TIER_COLUMNS = {"name": "name_vector", "strong": "strong_vector"}
SEARCH_INDEX_OBJECTS = frozenset(
    {
        *SEARCH_TIER_COLUMNS.values(),
        *(f"ix_contacts_{column}" for column in SEARCH_TIER_COLUMNS.values()),
        SEARCH_INDEX_TABLE,
        *(
            f"{SEARCH_INDEX_TABLE}_{shadow}"
            for shadow in ("data", "idx", "docsize", "config", "content")
        ),
        SEARCH_INDEX_COLUMN,
        "ix_contacts_search_vector",
    }
)


def is_search_index(name: str | None) -> bool:
    return name in SEARCH_INDEX_OBJECTS


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """Alembic's include_name hook: schema comparison leaves the search index alone."""
    return not is_search_index(name)
