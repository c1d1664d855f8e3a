"""One row per conversation the bot has welcomed.

Teams sends installationUpdate and conversationUpdate at the same moment on
install; an INSERT that only one of them can win makes the welcome card appear
once, across instances too, and survives a reset of the conversation state.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.models import UTCDateTime

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "conversation_welcomes",
        sa.Column("conversation_id", sa.String(512), primary_key=True),
        sa.Column("welcomed_at", UTCDateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("conversation_welcomes")
