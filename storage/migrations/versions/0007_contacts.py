"""The who-does-what directory: contacts with a search index, staff roles,
freshness reminders, pending chat imports, and staff e-mail (to find an entry's owner).

SQLite gets an FTS5 table over the contacts' idx_* columns, kept in step by
triggers; PostgreSQL a generated tsvector with the 'swedish' configuration
(weights A–D by field) and a GIN index. Neither has an SQLAlchemy type, so they
are made here with SQL and left out of schema comparisons (storage.models.
SEARCH_INDEX_OBJECTS).

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.models import UTCDateTime

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_IDX = ("idx_name", "idx_role", "idx_areas", "idx_place", "idx_help")


def upgrade() -> None:
    op.create_table(
        "contacts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("entry_key", sa.String(500), nullable=False, unique=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("agency", sa.String(200), nullable=False),
        sa.Column("agency_kind", sa.String(32), nullable=False),
        sa.Column("unit", sa.String(200), nullable=False),
        sa.Column("municipality", sa.String(200), nullable=False),
        sa.Column("municipality_key", sa.String(200), nullable=False),
        sa.Column("areas", sa.Text(), nullable=False),
        sa.Column("helps_with", sa.String(500), nullable=False),
        sa.Column("phone", sa.String(40), nullable=False),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("teams_upn", sa.String(254), nullable=False),
        sa.Column("hours", sa.String(100), nullable=False),
        sa.Column("owner_email", sa.String(254), nullable=False),
        sa.Column("last_verified_at", UTCDateTime(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        *(sa.Column(name, sa.Text(), nullable=False) for name in _IDX),
    )
    op.create_index("ix_contacts_agency_kind", "contacts", ["agency_kind"])
    op.create_index("ix_contacts_municipality_key", "contacts", ["municipality_key"])
    op.create_index("ix_contacts_owner_email", "contacts", ["owner_email"])
    op.create_index("ix_contacts_last_verified_at", "contacts", ["last_verified_at"])
    op.create_table(
        "staff_roles",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("principal", sa.String(254), nullable=False),
        sa.Column("role", sa.String(32), nullable=False),
        sa.Column("granted_at", UTCDateTime(), nullable=False),
        sa.Column("granted_by", sa.String(254)),
        sa.UniqueConstraint("principal", "role"),
    )
    op.create_table(
        "contact_freshness_reminders",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("owner_email", sa.String(254), nullable=False),
        sa.Column("period", sa.String(7), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("entries", sa.Integer(), nullable=False),
        sa.Column("claimed_at", UTCDateTime(), nullable=False),
        sa.UniqueConstraint("owner_email", "period"),
    )
    op.create_table(
        "contact_import_drafts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "user_id",
            sa.Integer(),
            sa.ForeignKey("staff_users.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("file_name", sa.String(255), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    with op.batch_alter_table("staff_users") as batch:
        batch.add_column(sa.Column("email", sa.String(254)))
        batch.create_index("ix_staff_users_email", ["email"])
    if op.get_bind().dialect.name == "postgresql":
        _postgresql_index()
    else:
        _sqlite_index()


def _sqlite_index() -> None:
    columns = ", ".join(_IDX)
    new = ", ".join(f"new.{c}" for c in _IDX)
    old = ", ".join(f"old.{c}" for c in _IDX)
    op.execute(
        f"CREATE VIRTUAL TABLE contacts_fts USING fts5({columns}, content='contacts', "
        "content_rowid='id', tokenize='unicode61', prefix='3 4')"
    )
    op.execute(
        "CREATE TRIGGER contacts_fts_insert AFTER INSERT ON contacts BEGIN "
        f"INSERT INTO contacts_fts(rowid, {columns}) VALUES (new.id, {new}); END"
    )
    op.execute(
        "CREATE TRIGGER contacts_fts_delete AFTER DELETE ON contacts BEGIN "
        f"INSERT INTO contacts_fts(contacts_fts, rowid, {columns}) "
        f"VALUES ('delete', old.id, {old}); END"
    )
    op.execute(
        f"CREATE TRIGGER contacts_fts_update AFTER UPDATE OF {columns} ON contacts BEGIN "
        f"INSERT INTO contacts_fts(contacts_fts, rowid, {columns}) "
        f"VALUES ('delete', old.id, {old}); "
        f"INSERT INTO contacts_fts(rowid, {columns}) VALUES (new.id, {new}); END"
    )


def _postgresql_index() -> None:
    def vector(expression: str, weight: str) -> str:
        return f"setweight(to_tsvector('swedish'::regconfig, {expression}), '{weight}')"

    op.execute(
        "ALTER TABLE contacts ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
        + " || ".join(
            (
                vector("idx_name", "A"),
                vector("idx_role || ' ' || idx_areas", "B"),
                vector("idx_place", "C"),
                vector("idx_help", "D"),
            )
        )
        + ") STORED"
    )
    op.execute("CREATE INDEX ix_contacts_search_vector ON contacts USING gin (search_vector)")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        for trigger in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS contacts_fts_{trigger}")
        op.execute("DROP TABLE IF EXISTS contacts_fts")
    with op.batch_alter_table("staff_users") as batch:
        batch.drop_index("ix_staff_users_email")
        batch.drop_column("email")
    op.drop_table("contact_import_drafts")
    op.drop_table("contact_freshness_reminders")
    op.drop_table("staff_roles")
    op.drop_table("contacts")
