"""An index on contacts.email.

Booking a meeting looks up each staff participant's agency by e-mail in the
directory; without an index that scanned every entry (a 100,000-entry directory
made the booking check 90 ms, 59 of them this lookup). Found by bench/meetings.py.
Addresses are stored lower-cased (core.contacts_csv), so a plain index serves the
exact lookups.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-22
"""

from __future__ import annotations

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_contacts_email", "contacts", ["email"])


def downgrade() -> None:
    op.drop_index("ix_contacts_email", table_name="contacts")
