"""Staff users, conversation references, bot state, agencies and units.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.models import UTCDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "staff_users",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("teams_user_id", sa.String(255), nullable=False, unique=True),
        sa.Column("aad_object_id", sa.String(64), nullable=True),
        sa.Column("tenant_id", sa.String(64), nullable=True),
        sa.Column("name", sa.String(255), nullable=True),
        sa.Column("locale", sa.String(32), nullable=True),
        sa.Column("language", sa.String(8), nullable=True),
        sa.Column("timezone", sa.String(64), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("last_seen_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_staff_users_aad_object_id", "staff_users", ["aad_object_id"])
    op.create_table(
        "conversation_references",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("conversation_id", sa.String(512), nullable=False, unique=True),
        sa.Column("conversation_type", sa.String(32), nullable=False),
        sa.Column(
            "user_id",
            sa.Integer(),
            sa.ForeignKey("staff_users.id", ondelete="CASCADE"),
            nullable=True,
        ),
        sa.Column("tenant_id", sa.String(64), nullable=True),
        sa.Column("service_url", sa.String(512), nullable=False),
        sa.Column("channel_id", sa.String(64), nullable=False),
        sa.Column("reference_json", sa.Text(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_conversation_references_user_id", "conversation_references", ["user_id"])
    op.create_table(
        "state_documents",
        sa.Column("key", sa.String(1024), primary_key=True),
        sa.Column("document", sa.Text(), nullable=False),
        sa.Column("etag", sa.String(64), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "agencies",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
        sa.Column("short_name", sa.String(40), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
    )
    op.create_table(
        "units",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "agency_id",
            sa.Integer(),
            sa.ForeignKey("agencies.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("municipality", sa.String(100), nullable=True),
        sa.Column("around_the_clock", sa.Boolean(), nullable=False),
    )
    op.create_index("ix_units_agency_name", "units", ["agency_id", "name"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_units_agency_name", table_name="units")
    op.drop_table("units")
    op.drop_table("agencies")
    op.drop_table("state_documents")
    op.drop_index("ix_conversation_references_user_id", table_name="conversation_references")
    op.drop_table("conversation_references")
    op.drop_index("ix_staff_users_aad_object_id", table_name="staff_users")
    op.drop_table("staff_users")
