"""Resursgruppsmöten: meetings, participants, consent, SIP plan items, and what a
bot-made reminder is about (reminders.subject).

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.models import UTCDateTime

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def _staff(column: str) -> sa.Column:
    return sa.Column(column, sa.Integer(), sa.ForeignKey("staff_users.id", ondelete="SET NULL"))


def upgrade() -> None:
    with op.batch_alter_table("reminders") as batch:
        batch.add_column(sa.Column("subject", sa.String(64)))
    op.create_index("ix_reminders_subject", "reminders", ["subject"])

    op.create_table(
        "meetings",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("uid", sa.String(128), nullable=False, unique=True),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column(
            "client_id",
            sa.Integer(),
            sa.ForeignKey("clients.id", ondelete="CASCADE"),
            nullable=False,
        ),
        _staff("organizer_user_id"),
        sa.Column("starts_at", UTCDateTime(), nullable=False),
        sa.Column("ends_at", UTCDateTime(), nullable=False),
        sa.Column("timezone", sa.String(64), nullable=False),
        sa.Column("purpose", sa.String(500), nullable=False),
        sa.Column("questions", sa.Text(), nullable=False),
        sa.Column("place", sa.String(300)),
        sa.Column("online_url", sa.String(500)),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("follow_up", sa.String(16), nullable=False),
        sa.Column(
            "previous_meeting_id", sa.Integer(), sa.ForeignKey("meetings.id", ondelete="SET NULL")
        ),
        sa.Column("status_card_activity_id", sa.String(255)),
        sa.Column("status_card_conversation_id", sa.String(512)),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_meetings_organizer_user_id", "meetings", ["organizer_user_id"])
    op.create_index("ix_meetings_client_id_starts_at", "meetings", ["client_id", "starts_at"])
    op.create_index("ix_meetings_status_starts_at", "meetings", ["status", "starts_at"])

    op.create_table(
        "meeting_participants",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "meeting_id",
            sa.Integer(),
            sa.ForeignKey("meetings.id", ondelete="CASCADE"),
            nullable=False,
        ),
        _staff("staff_user_id"),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("email", sa.String(254)),
        sa.Column("agency", sa.String(200), nullable=False),
        sa.Column("agency_kind", sa.String(32), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("organizer", sa.Boolean(), nullable=False),
        sa.Column("answer", sa.String(16), nullable=False),
        sa.Column("proposed_start", UTCDateTime()),
        sa.Column("answered_at", UTCDateTime()),
    )
    op.create_index("ix_meeting_participants_meeting_id", "meeting_participants", ["meeting_id"])
    op.create_index(
        "ix_meeting_participants_staff_user_id", "meeting_participants", ["staff_user_id"]
    )
    op.create_index("ix_meeting_participants_email", "meeting_participants", ["email"])

    op.create_table(
        "consents",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "client_id",
            sa.Integer(),
            sa.ForeignKey("clients.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("agency_kind", sa.String(32), nullable=False),
        sa.Column("given", sa.Boolean(), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("scope", sa.String(200), nullable=False),
        _staff("recorded_by_user_id"),
        sa.Column("recorded_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_consents_client_id_agency_kind", "consents", ["client_id", "agency_kind"])

    op.create_table(
        "plan_items",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "client_id",
            sa.Integer(),
            sa.ForeignKey("clients.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("meeting_id", sa.Integer(), sa.ForeignKey("meetings.id", ondelete="SET NULL")),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("text", sa.String(500), nullable=False),
        sa.Column("owner_name", sa.String(200)),
        _staff("owner_user_id"),
        sa.Column("due_on", sa.Date()),
        sa.Column("status", sa.String(16), nullable=False),
        _staff("created_by_user_id"),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("done_at", UTCDateTime()),
    )
    op.create_index("ix_plan_items_meeting_id", "plan_items", ["meeting_id"])
    op.create_index("ix_plan_items_client_id_status", "plan_items", ["client_id", "status"])


def downgrade() -> None:
    op.drop_table("plan_items")
    op.drop_table("consents")
    op.drop_table("meeting_participants")
    op.drop_table("meetings")
    op.drop_index("ix_reminders_subject", table_name="reminders")
    with op.batch_alter_table("reminders") as batch:
        batch.drop_column("subject")
