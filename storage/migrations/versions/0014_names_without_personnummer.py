"""Display names stored before the edge took personnummer out of them lose it now.

Since issue 17 a personnummer in a Teams display name ("Olle 19121212-1212") is
taken out before anything is stored (core/inbound.py). Rows written before that
may hold one: the staff table's names, participants' and action owners' names
taken from @mentions, the stored conversation references and the bot's state
documents (JSON). Each is rewritten the same way the edge does it, with
core.inbound.without_personnummer; in JSON only the values of keys that name
someone ("name", "owner_name" …) change, never an id that happens to look like
a number. Rows without one are left untouched. Nothing to undo.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from alembic import op

from core.inbound import without_personnummer
from core.personnummer import contains_personnummer

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

# (table, key column, text column, is JSON)
_COLUMNS = (
    ("staff_users", "id", "name", False),
    ("meeting_participants", "id", "name", False),
    ("plan_items", "id", "owner_name", False),
    ("conversation_references", "id", "reference_json", True),
    ("state_documents", "key", "document", True),
)


def _clean_json(value: Any, key: str = "") -> Any:
    if isinstance(value, str):
        if key.lower().endswith("name") and contains_personnummer(value):
            return without_personnummer(value) or ""
        return value
    if isinstance(value, list):
        return [_clean_json(item, key) for item in value]
    if isinstance(value, dict):
        return {k: _clean_json(item, str(k)) for k, item in value.items()}
    return value


def _cleaned(text: str, is_json: bool) -> str | None:
    """The text to store instead, or None to leave the row as it is."""
    if not is_json:
        return without_personnummer(text) or ""
    try:
        document = json.loads(text)
    except ValueError:
        return None  # not JSON after all: the edge rewrites it on its next write
    cleaned = _clean_json(document)
    return None if cleaned == document else json.dumps(cleaned, ensure_ascii=False)


def upgrade() -> None:
    bind = op.get_bind()
    for table, key, column, is_json in _COLUMNS:
        rows = bind.execute(
            sa.text(f"SELECT {key}, {column} FROM {table} WHERE {column} IS NOT NULL")
        ).all()
        for row_key, value in rows:
            if not contains_personnummer(value):
                continue
            cleaned = _cleaned(value, is_json)
            if cleaned is not None:
                bind.execute(
                    sa.text(f"UPDATE {table} SET {column} = :value WHERE {key} = :key"),
                    {"value": cleaned, "key": row_key},
                )


def downgrade() -> None:
    """The numbers are gone on purpose; nothing to restore."""
