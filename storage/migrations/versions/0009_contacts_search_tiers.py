"""Search tiers on PostgreSQL, and (filter, name) indexes for filter-only searches.

A broad `vem` query ("psykiatri": 14,000 of 100,000 entries) cost 20–40 ms when the
database ranked every match (ts_rank over each row's vector). The search now asks in
tiers that each stop at the first hundred (core.directory_search.TIERS): every word
in the name, then in name, title/unit, areas or place, then anywhere. SQLite
restricts an FTS5 query to columns with a column filter; PostgreSQL can restrict a
tsquery to weights, but a GIN index does not store weights, so that means
rechecking every matching row (44 ms). So each tier gets a generated tsvector and
GIN index of its own.

`vem kommun:Nora` (no words) lists the municipality's entries by name: with an
index on the municipality alone that sorted all 8,000 of them for the first
hundred (9 ms); (municipality_key, name) and (agency_kind, name) replace the
single-column indexes. Both found by bench/directory.py.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-22
"""

from __future__ import annotations

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

# Written out rather than imported: a migration keeps the names it was written with.
_COLUMNS = {
    "name_vector": "idx_name",
    "strong_vector": "idx_name || ' ' || idx_role || ' ' || idx_areas || ' ' || idx_place",
}


_REPLACED = {  # new index: (columns, the single-column index it replaces)
    "ix_contacts_municipality_name": (["municipality_key", "name"], "municipality_key"),
    "ix_contacts_agency_kind_name": (["agency_kind", "name"], "agency_kind"),
}


def upgrade() -> None:
    for name, (columns, old) in _REPLACED.items():
        op.create_index(name, "contacts", columns)
        op.drop_index(f"ix_contacts_{old}", table_name="contacts")
    if op.get_bind().dialect.name != "postgresql":
        return
    for column, expression in _COLUMNS.items():
        op.execute(
            f"ALTER TABLE contacts ADD COLUMN {column} tsvector GENERATED ALWAYS AS "
            f"(to_tsvector('simple'::regconfig, {expression})) STORED"
        )
        op.execute(f"CREATE INDEX ix_contacts_{column} ON contacts USING gin ({column})")


def downgrade() -> None:
    for name, (_columns, old) in _REPLACED.items():
        op.create_index(f"ix_contacts_{old}", "contacts", [old])
        op.drop_index(name, table_name="contacts")
    if op.get_bind().dialect.name != "postgresql":
        return
    for column in _COLUMNS:
        op.execute(f"DROP INDEX IF EXISTS ix_contacts_{column}")
        op.execute(f"ALTER TABLE contacts DROP COLUMN IF EXISTS {column}")
