"""Crisis plans per client (issue 18): early signs, what we do, the person's own
words and whom to call by day and at night (storage/models.py CrisisPlan,
CrisisContact). Deleting a client deletes its plan; a directory entry deleted from
under a plan leaves its row without name or number, so the plan shows the gap.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-08
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.models import UTCDateTime

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "crisis_plans",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "client_id",
            sa.Integer(),
            sa.ForeignKey("clients.id", ondelete="CASCADE"),
            nullable=False,
            unique=True,
        ),
        sa.Column("early_signs", sa.Text(), nullable=False),
        sa.Column("steps", sa.Text(), nullable=False),
        sa.Column("own_words", sa.String(500), nullable=True),
        sa.Column(
            "updated_by_user_id",
            sa.Integer(),
            sa.ForeignKey("staff_users.id", ondelete="SET NULL"),
            nullable=True,
        ),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "crisis_contacts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "plan_id",
            sa.Integer(),
            sa.ForeignKey("crisis_plans.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column(
            "directory_contact_id",
            sa.Integer(),
            sa.ForeignKey("contacts.id", ondelete="SET NULL"),
            nullable=True,
        ),
        sa.Column("name", sa.String(100), nullable=True),
        sa.Column("phone", sa.String(40), nullable=True),
        sa.Column("reach", sa.String(32), nullable=False),
    )
    op.create_index("ix_crisis_contacts_plan_id", "crisis_contacts", ["plan_id"])
    op.create_index(
        "ix_crisis_contacts_directory_contact_id", "crisis_contacts", ["directory_contact_id"]
    )


def downgrade() -> None:
    op.drop_table("crisis_contacts")
    op.drop_table("crisis_plans")
