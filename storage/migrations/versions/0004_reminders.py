"""Reminders and their occurrences; staff users who cannot be reached.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.models import UTCDateTime

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("staff_users") as batch:
        batch.add_column(sa.Column("unreachable_since", UTCDateTime(), nullable=True))
    op.create_table(
        "reminders",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "owner_user_id",
            sa.Integer(),
            sa.ForeignKey("staff_users.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column(
            "recipient_user_id",
            sa.Integer(),
            sa.ForeignKey("staff_users.id", ondelete="CASCADE"),
            nullable=True,
        ),
        sa.Column("conversation_id", sa.String(512), nullable=True),
        sa.Column("text", sa.String(500), nullable=False),
        sa.Column("timezone", sa.String(64), nullable=False),
        sa.Column("rule", sa.String(500), nullable=True),
        sa.Column("dtstart_local", sa.String(32), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_reminders_owner_user_id", "reminders", ["owner_user_id"])
    op.create_index("ix_reminders_recipient_user_id", "reminders", ["recipient_user_id"])
    op.create_table(
        "reminder_occurrences",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "reminder_id",
            sa.Integer(),
            sa.ForeignKey("reminders.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("due_at", UTCDateTime(), nullable=False),
        sa.Column("idempotency_key", sa.String(128), nullable=False, unique=True),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("claimed_by", sa.String(128), nullable=True),
        sa.Column("claim_expires_at", UTCDateTime(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", UTCDateTime(), nullable=False),
        sa.Column("late", sa.Boolean(), nullable=False),
        sa.Column("sent_at", UTCDateTime(), nullable=True),
        sa.Column("activity_id", sa.String(255), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_reminder_occurrences_reminder_id", "reminder_occurrences", ["reminder_id"])
    op.create_index(
        "ix_reminder_occurrences_state_next_attempt_at",
        "reminder_occurrences",
        ["state", "next_attempt_at"],
    )


def downgrade() -> None:
    op.drop_index(
        "ix_reminder_occurrences_state_next_attempt_at", table_name="reminder_occurrences"
    )
    op.drop_index("ix_reminder_occurrences_reminder_id", table_name="reminder_occurrences")
    op.drop_table("reminder_occurrences")
    op.drop_index("ix_reminders_recipient_user_id", table_name="reminders")
    op.drop_index("ix_reminders_owner_user_id", table_name="reminders")
    op.drop_table("reminders")
    with op.batch_alter_table("staff_users") as batch:
        batch.drop_column("unreachable_since")
