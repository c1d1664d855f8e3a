"""Unit roles (coordinator, unit manager) replace unit_managers; audit_events is
append-only in the database itself.

Until now a unit manager both read and managed the unit's clients. Issue 7 splits
that into two roles: the coordinator manages, the unit manager reads. Each existing
manager gets both, so nobody loses a right they had; an admin revokes what is not
meant (`samverkan admin revoke … coordinator --unit …`).

Audit: an UPDATE of an audit row is refused by a trigger on both databases. On
PostgreSQL a DELETE is refused too, unless the transaction first says
`SET LOCAL samverkan.audit_purge = 'on'`, which only the retention job does for
rows past their retention period. (SQLite has no session settings to tell the
retention job apart, so there DELETE is left to the code.)

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.models import UTCDateTime

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

_PG_FUNCTION = """
CREATE OR REPLACE FUNCTION samverkan_audit_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('samverkan.audit_purge', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit_events is append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql
"""
_PG_TRIGGER = (
    "CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events "
    "FOR EACH ROW EXECUTE FUNCTION samverkan_audit_append_only()"
)
_SQLITE_TRIGGER = (
    "CREATE TRIGGER audit_events_append_only BEFORE UPDATE ON audit_events "
    "BEGIN SELECT RAISE(ABORT, 'audit_events is append-only (UPDATE refused)'); END"
)


def upgrade() -> None:
    op.create_table(
        "unit_roles",
        sa.Column(
            "unit_id",
            sa.Integer(),
            sa.ForeignKey("units.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column(
            "staff_user_id",
            sa.Integer(),
            sa.ForeignKey("staff_users.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("role", sa.String(32), primary_key=True),
        sa.Column("added_at", UTCDateTime(), nullable=False),
        sa.Column("added_by", sa.String(254), nullable=True),
    )
    op.create_index("ix_unit_roles_staff_user_id", "unit_roles", ["staff_user_id"])
    for role in ("unit_manager", "coordinator"):
        op.execute(
            "INSERT INTO unit_roles (unit_id, staff_user_id, role, added_at, added_by) "
            f"SELECT unit_id, staff_user_id, '{role}', added_at, 'migration 0013' "
            "FROM unit_managers"
        )
    op.drop_index("ix_unit_managers_staff_user_id", table_name="unit_managers")
    op.drop_table("unit_managers")
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_PG_FUNCTION)
        op.execute(_PG_TRIGGER)
    else:
        op.execute(_SQLITE_TRIGGER)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_events_append_only ON audit_events")
        op.execute("DROP FUNCTION IF EXISTS samverkan_audit_append_only()")
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_events_append_only")
    op.create_table(
        "unit_managers",
        sa.Column(
            "unit_id",
            sa.Integer(),
            sa.ForeignKey("units.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column(
            "staff_user_id",
            sa.Integer(),
            sa.ForeignKey("staff_users.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("added_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_unit_managers_staff_user_id", "unit_managers", ["staff_user_id"])
    op.execute(
        "INSERT INTO unit_managers (unit_id, staff_user_id, added_at) "
        "SELECT unit_id, staff_user_id, added_at FROM unit_roles WHERE role = 'unit_manager'"
    )
    op.drop_table("unit_roles")
