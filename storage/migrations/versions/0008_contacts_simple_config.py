"""The PostgreSQL search vector with the 'simple' configuration instead of 'swedish'.

The index columns already hold Snowball Swedish stems, made in Python for both
databases so they agree. The 'swedish' configuration then stemmed those stems again
and, worse, dropped Swedish stop words from queries: "demens" stems to "dem", a stop
word, so `vem demens` found nothing on PostgreSQL while SQLite found it, and in a
longer query the word silently vanished. 'simple' only lower-cases, like SQLite's
FTS5 table. Found by bench/directory.py.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-22
"""

from __future__ import annotations

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def _search_vector(config: str) -> None:
    def vector(expression: str, weight: str) -> str:
        return f"setweight(to_tsvector('{config}'::regconfig, {expression}), '{weight}')"

    op.execute("DROP INDEX IF EXISTS ix_contacts_search_vector")
    op.execute("ALTER TABLE contacts DROP COLUMN IF EXISTS search_vector")
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


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _search_vector("simple")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _search_vector("swedish")
