"""Consent as given, refused or withdrawn, to coordination and per party, with a
reference to the signed form.

`consents` stays append-only (the history: who recorded what, when). The boolean
`given` becomes `state`; `agency_kind` now names a party: "coordination" (consent
to coordination itself, samtycke till samordning / SIP), an agency kind, "school"
or "relatives". `form_ref` holds a short reference to the signed form.

How the old rows map, per client and agency kind in the order they were recorded:
- given = true                              -> "given"
- given = false right after a "given" row   -> "withdrawn" (a consent that was given
                                               is taken back)
- any other given = false (the first row, or after a refusal or withdrawal)
                                            -> "refused" (nothing given to withdraw:
                                               the old bot wrote "withdrawn" for a
                                               plain no)
- agency kinds are kept as they were ("other" stays "other": the old rows for school
  and relatives cannot be told apart from the rest); form_ref is "" and scope kept.

Downgrade: state "given" -> given = true, the rest false; rows for the new parties
are deleted (the old model has no place for them).

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-08
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

_NEW_PARTIES = ("coordination", "school", "relatives")


def _old_states(rows: list[sa.Row]) -> dict[str, list[int]]:
    """Rows (id, client_id, agency_kind, given) ordered by id → ids per new state."""
    states: dict[str, list[int]] = {"given": [], "refused": [], "withdrawn": []}
    last: dict[tuple[int, str], str] = {}
    for row_id, client_id, kind, given in rows:
        key = (client_id, kind)
        state = "given" if given else "withdrawn" if last.get(key) == "given" else "refused"
        last[key] = state
        states[state].append(row_id)
    return states


def upgrade() -> None:
    with op.batch_alter_table("consents") as batch:
        batch.add_column(sa.Column("state", sa.String(16), nullable=True))
        batch.add_column(sa.Column("form_ref", sa.String(120), nullable=False, server_default=""))
    consents = sa.table(
        "consents",
        sa.column("id", sa.Integer()),
        sa.column("client_id", sa.Integer()),
        sa.column("agency_kind", sa.String()),
        sa.column("given", sa.Boolean()),
        sa.column("state", sa.String()),
    )
    conn = op.get_bind()
    rows = conn.execute(
        sa.select(
            consents.c.id, consents.c.client_id, consents.c.agency_kind, consents.c.given
        ).order_by(consents.c.id)
    ).all()
    for state, ids in _old_states(rows).items():
        for start in range(0, len(ids), 500):
            conn.execute(
                consents.update()
                .where(consents.c.id.in_(ids[start : start + 500]))
                .values(state=state)
            )
    with op.batch_alter_table("consents") as batch:
        batch.alter_column("state", existing_type=sa.String(16), nullable=False)
        batch.drop_column("given")


def downgrade() -> None:
    consents = sa.table(
        "consents",
        sa.column("agency_kind", sa.String()),
        sa.column("given", sa.Boolean()),
        sa.column("state", sa.String()),
    )
    op.execute(consents.delete().where(consents.c.agency_kind.in_(_NEW_PARTIES)))
    with op.batch_alter_table("consents") as batch:
        batch.add_column(sa.Column("given", sa.Boolean(), nullable=True))
    op.execute(consents.update().values(given=consents.c.state == "given"))
    with op.batch_alter_table("consents") as batch:
        batch.alter_column("given", existing_type=sa.Boolean(), nullable=False)
        batch.drop_column("form_ref")
        batch.drop_column("state")
