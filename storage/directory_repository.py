"""SQL for the who-does-what directory. Functions take an open session; the
service (storage/directory_service.py) owns transactions and audit.

The search asks the database for the entries where every query term matches (FTS5 on
SQLite, a tsvector on PostgreSQL, over Swedish stems made in Python for both), tier by
tier (core.directory_search.TIERS), and returns them as
core.directory_search.Candidate for the final, database-independent order.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import bindparam, delete, func, insert, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.selectable import TextualSelect

from core.contact_model import ContactDraft, agency_kind, entry_key, fold
from core.directory_search import (
    FIELDS,
    STRONG_FIELDS,
    TIERS,
    Candidate,
    ParsedQuery,
    field_text,
    fts5_tier_matches,
    tsquery,
)
from core.directory_text import index_tokens
from storage.models import (
    SEARCH_INDEX_COLUMN,
    SEARCH_TIER_COLUMNS,
    Contact,
    ContactFreshnessReminder,
    ContactImportDraft,
    StaffRole,
)
from storage.records import ContactRecord
from storage.upsert import insert_for

_BATCH = 1000
_INDEX_COLUMNS = (
    Contact.idx_name,
    Contact.idx_role,
    Contact.idx_areas,
    Contact.idx_place,
    Contact.idx_help,
)


def contact_record(row: Any) -> ContactRecord:
    return ContactRecord(
        id=row.id,
        kind=row.kind,
        name=row.name,
        title=row.title,
        agency=row.agency,
        agency_kind=row.agency_kind,
        unit=row.unit,
        municipality=row.municipality,
        areas=tuple(a for a in row.areas.split(";") if a),
        helps_with=row.helps_with,
        phone=row.phone,
        email=row.email,
        teams_upn=row.teams_upn,
        hours=row.hours,
        owner_email=row.owner_email,
        last_verified_at=row.last_verified_at,
        updated_at=row.updated_at,
    )


def draft_of(record: ContactRecord) -> ContactDraft:
    return ContactDraft(
        name=record.name,
        title=record.title,
        agency=record.agency,
        unit=record.unit,
        municipality=record.municipality,
        areas=record.areas,
        helps_with=record.helps_with,
        phone=record.phone,
        email=record.email,
        teams_upn=record.teams_upn,
        hours=record.hours,
        owner_email=record.owner_email,
        kind=record.kind,
    )


def _tokens(*texts: str) -> str:
    return " ".join(index_tokens(" ".join(texts)))


def row_values(draft: ContactDraft) -> dict[str, Any]:
    """The stored columns of a validated draft, index columns included."""
    return {
        "entry_key": entry_key(draft),
        "kind": draft.kind,
        "name": draft.name,
        "title": draft.title,
        "agency": draft.agency,
        "agency_kind": agency_kind(draft.agency),
        "unit": draft.unit,
        "municipality": draft.municipality,
        "municipality_key": fold(draft.municipality),
        "areas": ";".join(draft.areas),
        "helps_with": draft.helps_with,
        "phone": draft.phone,
        "email": draft.email,
        "teams_upn": draft.teams_upn,
        "hours": draft.hours,
        "owner_email": draft.owner_email,
        "idx_name": _tokens(draft.name),
        "idx_role": _tokens(draft.title, draft.unit),
        "idx_areas": _tokens(*draft.areas),
        "idx_place": _tokens(draft.municipality, draft.agency),
        "idx_help": _tokens(draft.helps_with),
    }


# Everything stored from a draft except the key: what "unchanged" compares.
_CONTENT = tuple(c for c in row_values(ContactDraft(name="x")) if c != "entry_key")


# -- reading ------------------------------------------------------------------------------
async def get_contact(session: AsyncSession, contact_id: int) -> ContactRecord | None:
    row = (
        await session.execute(select(Contact.__table__).where(Contact.id == contact_id))
    ).one_or_none()
    return None if row is None else contact_record(row)


async def contacts_by_ids(session: AsyncSession, ids: Sequence[int]) -> list[ContactRecord]:
    """The entries in the order of `ids` (missing ones left out)."""
    if not ids:
        return []
    rows = (await session.execute(select(Contact.__table__).where(Contact.id.in_(ids)))).all()
    by_id = {row.id: contact_record(row) for row in rows}
    return [by_id[i] for i in ids if i in by_id]


async def find_by_key(session: AsyncSession, key: str) -> ContactRecord | None:
    row = (
        await session.execute(select(Contact.__table__).where(Contact.entry_key == key))
    ).one_or_none()
    return None if row is None else contact_record(row)


async def stream_contacts(session: AsyncSession) -> AsyncIterator[ContactRecord]:
    """Every entry by id, fetched in batches (an export of 100,000 holds few at a time)."""
    last = 0
    while True:
        rows = (
            await session.execute(
                select(Contact.__table__)
                .where(Contact.id > last)
                .order_by(Contact.id)
                .limit(_BATCH)
            )
        ).all()
        if not rows:
            return
        for row in rows:
            yield contact_record(row)
        last = rows[-1].id


# What the vocabulary reads of an entry: its searchable fields as written ("areas"
# as stored, ';'-separated: a separator like any other to the word splitter).
_VOCABULARY_FIELDS = (
    Contact.name,
    Contact.title,
    Contact.agency,
    Contact.unit,
    Contact.municipality,
    Contact.areas,
    Contact.helps_with,
)


_VOCABULARY_COLUMNS = tuple(c.key for c in (*_VOCABULARY_FIELDS, *_INDEX_COLUMNS))
_TEXT_END = len(_VOCABULARY_FIELDS)
_MUNICIPALITY = _VOCABULARY_COLUMNS.index("municipality")


def _vocabulary_entry(values: Sequence[str]) -> tuple[str, str, str]:
    """(searchable text, municipality, index tokens) from the values of
    _VOCABULARY_COLUMNS in order. By position: naming columns per row (a mapping
    lookup, an ORM attribute's .name) made reading 100,000 entries take 15 s, not 2."""
    return (
        " ".join(values[:_TEXT_END]),
        values[_MUNICIPALITY],
        " ".join(values[_TEXT_END:]),
    )


def vocabulary_entry(record: ContactRecord) -> tuple[str, str, str]:
    """One saved entry as vocabulary_source gives it."""
    values = row_values(draft_of(record))
    return _vocabulary_entry([values[name] for name in _VOCABULARY_COLUMNS])


async def vocabulary_source(session: AsyncSession) -> list[tuple[str, str, str]]:
    """(searchable text, municipality, stored index tokens) per entry, for
    core.directory_search.Vocabulary: the tokens are read, not made again."""
    rows = await session.execute(select(*_VOCABULARY_FIELDS, *_INDEX_COLUMNS))
    return [_vocabulary_entry(row) for row in rows]


async def directory_version(session: AsyncSession) -> tuple[int, datetime | None]:
    """Changes when any entry is added, changed or removed: (count, last update)."""
    row = (
        await session.execute(select(func.count(Contact.id), func.max(Contact.updated_at)))
    ).one()
    return int(row[0]), row[1]


# -- searching ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Found:
    """What the tiers found, in the order found (at most the limit asked for)."""

    rows: dict[int, Any]  # id -> row of every contacts column

    def candidates(self, stale_before: datetime) -> list[Candidate]:
        return [_candidate(row, stale_before) for row in self.rows.values()]

    def records(self, ids: Iterable[int]) -> list[ContactRecord]:
        return [contact_record(self.rows[i]) for i in ids]


def _candidate(row: Any, stale_before: datetime) -> Candidate:
    # By position: a Row's attribute lookup by name is the slow part for 100 rows.
    values = row._tuple()
    return Candidate(
        id=values[_AT["id"]],
        name=values[_AT["name"]],
        stale=values[_AT["last_verified_at"]] < stale_before,
        fields={field: field_text(values[_AT["idx_" + field]]) for field in FIELDS},
    )


# Every mapped column (the generated tsvectors are not mapped), typed for the result.
_COLUMNS = tuple(Contact.__table__.columns)
_AT = {column.name: n for n, column in enumerate(_COLUMNS)}
_SELECT = "SELECT " + ", ".join(f"c.{column.name}" for column in _COLUMNS) + " FROM contacts c"
# PostgreSQL's column per tier (fields -> generated tsvector, migrations 0008–0009).
_PG_VECTOR = {
    ("name",): SEARCH_TIER_COLUMNS["name"],
    STRONG_FIELDS: SEARCH_TIER_COLUMNS["strong"],
    None: SEARCH_INDEX_COLUMN,
}


def _filters(query: ParsedQuery) -> tuple[list[str], dict[str, Any]]:
    conditions: list[str] = []
    params: dict[str, Any] = {}
    if query.municipality is not None:
        conditions.append("c.municipality_key = :municipality")
        params["municipality"] = fold(query.municipality)
    if query.agency_kind is not None:
        conditions.append("c.agency_kind = :agency_kind")
        params["agency_kind"] = query.agency_kind
    return conditions, params


@lru_cache(maxsize=64)
def _statement(sql: str) -> TextualSelect:
    """The typed statement for some SQL text, made once: building one costs more than
    running a tier's query (SQLAlchemy derives a cache key from each of its columns)."""
    return text(sql).columns(*_COLUMNS)


def _tiers_sql(dialect: str, conditions: list[str]) -> str:
    """Every tier's first `limit` rows, tier by tier, the first `limit` of them.

    One statement, not one per tier: a statement costs ~1 ms of round trips through
    the async driver, more than most tiers take. Both databases run the arms of a
    UNION ALL under a LIMIT lazily, so a tier after the limit is reached never runs
    (the prefix tier is the expensive one). The tiers are disjoint (each leaves out
    the one before it), so the rows are distinct.
    """
    arms = []
    for n, tier in enumerate(TIERS):
        if dialect == "postgresql":
            match = [f"c.{_PG_VECTOR[tier.fields]} @@ to_tsquery('simple'::regconfig, :q{n})"]
            if n:
                before = TIERS[n - 1].fields
                match.append(
                    f"NOT c.{_PG_VECTOR[before]} @@ to_tsquery('simple'::regconfig, :q{n - 1})"
                )
            where = " AND ".join([*match, *conditions])
            # No ORDER BY: sorting would read every match, which is what tiers avoid.
            arms.append(f"({_SELECT} WHERE {where} LIMIT :limit)")
        else:
            where = " AND ".join([f"contacts_fts MATCH :q{n}", *conditions])
            # FTS5 yields rows in rowid order: this ORDER BY costs nothing, stops early.
            arms.append(
                f"SELECT * FROM ({_SELECT} JOIN contacts_fts ON contacts_fts.rowid = c.id "
                f"WHERE {where} ORDER BY contacts_fts.rowid LIMIT :limit)"
            )
    return "SELECT * FROM (" + " UNION ALL ".join(arms) + ") AS tiers LIMIT :limit"


async def search_candidates(session: AsyncSession, query: ParsedQuery, *, limit: int) -> Found:
    """At most `limit` entries matching every term and filter, tier by tier
    (core.directory_search.TIERS) until `limit` are found.

    Written as SQL: neither an FTS5 MATCH nor a tsquery has an SQLAlchemy construct,
    and every value goes in as a bound parameter.
    """
    conditions, params = _filters(query)
    params["limit"] = limit
    if not query.terms:
        where = " AND ".join(conditions) or "1 = 1"
        sql = f"{_SELECT} WHERE {where} ORDER BY c.name, c.id LIMIT :limit"
    else:
        dialect = session.bind.dialect.name
        if dialect == "postgresql":
            matches: Sequence[str] = [tsquery(query, tier) for tier in TIERS]
        else:
            matches = fts5_tier_matches(query)
        params |= {f"q{n}": match for n, match in enumerate(matches)}
        sql = _tiers_sql(dialect, conditions)
    result = await session.execute(_statement(sql), params)
    return Found({row.id: row for row in result})


# -- writing ------------------------------------------------------------------------------
@dataclass(frozen=True)
class UpsertCounts:
    created: int
    updated: int
    unchanged: int


async def insert_contact(session: AsyncSession, draft: ContactDraft, now: datetime) -> int:
    values = row_values(draft) | {"last_verified_at": now, "created_at": now, "updated_at": now}
    result = await session.execute(insert(Contact).values(**values).returning(Contact.id))
    return int(result.scalar_one())


async def update_contact(
    session: AsyncSession, contact_id: int, draft: ContactDraft, now: datetime
) -> None:
    values = row_values(draft) | {"last_verified_at": now, "updated_at": now}
    await session.execute(update(Contact).where(Contact.id == contact_id).values(**values))


async def delete_contact(session: AsyncSession, contact_id: int) -> bool:
    result = await session.execute(delete(Contact).where(Contact.id == contact_id))
    return bool(result.rowcount)


async def mark_verified(session: AsyncSession, ids: Iterable[int], now: datetime) -> int:
    ids = list(ids)
    if not ids:
        return 0
    result = await session.execute(
        update(Contact).where(Contact.id.in_(ids)).values(last_verified_at=now)
    )
    return int(result.rowcount or 0)


async def upsert_contacts(
    session: AsyncSession, drafts: Sequence[ContactDraft], now: datetime
) -> UpsertCounts:
    """Insert new entries and update existing ones (same entry key) in batches.

    A row whose stored content is already the same is left alone, so re-importing
    an unchanged file does not rewrite the search index; every imported row counts
    as confirmed now.
    """
    created = updated = unchanged = 0
    if session.bind.dialect.name == "postgresql":
        # The key lookup below runs once per 1,000 rows; psycopg prepares it after five
        # runs and PostgreSQL then keeps a generic plan made for a table it has never
        # analysed, a sequential scan: a 100,000-row import went from 16 ms to 3 s per
        # batch. Plan each lookup for its own keys (bench/directory.py found this).
        await session.execute(text("SET LOCAL plan_cache_mode = force_custom_plan"))
    content = _CONTENT
    for start in range(0, len(drafts), _BATCH):
        batch = [row_values(d) for d in drafts[start : start + _BATCH]]
        keys = [v["entry_key"] for v in batch]
        existing = {
            row.entry_key: row
            for row in (
                await session.execute(
                    select(
                        Contact.id, Contact.entry_key, *(Contact.__table__.c[c] for c in content)
                    ).where(Contact.entry_key.in_(keys))
                )
            ).all()
        }
        new_rows = []
        changed_rows = []
        same_ids = []
        for values in batch:
            row = existing.get(values["entry_key"])
            if row is None:
                new_rows.append(
                    values | {"last_verified_at": now, "created_at": now, "updated_at": now}
                )
            elif any(getattr(row, c) != values[c] for c in content):
                changed_rows.append(
                    {"b_id": row.id, **values, "last_verified_at": now, "updated_at": now}
                )
            else:
                same_ids.append(row.id)
        if new_rows:
            await _insert_contacts(session, new_rows)
        if changed_rows:
            table = Contact.__table__
            await session.execute(
                table.update()
                .where(table.c.id == bindparam("b_id"))
                .values({c: bindparam(c) for c in changed_rows[0] if c != "b_id"}),
                changed_rows,
            )
        if same_ids:
            await mark_verified(session, same_ids, now)
        created += len(new_rows)
        updated += len(changed_rows)
        unchanged += len(same_ids)
    return UpsertCounts(created, updated, unchanged)


async def _insert_contacts(session: AsyncSession, rows: list[dict[str, Any]]) -> None:
    """Insert new entries. On PostgreSQL by COPY in the session's transaction: an
    executemany of INSERTs took 25 s of a 100,000-row import, COPY half that."""
    if session.bind.dialect.name != "postgresql":
        await session.execute(insert(Contact), rows)
        return
    table = Contact.__table__
    columns = list(rows[0])
    dialect = session.bind.dialect
    # The columns' own bind processing (UTCDateTime stores naive UTC), as INSERT does.
    processors = [table.c[c].type.bind_processor(dialect) for c in columns]
    connection = await session.connection()
    driver = (await connection.get_raw_connection()).driver_connection
    statement = f"COPY {table.name} ({', '.join(columns)}) FROM STDIN"
    async with driver.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            await copy.write_row(
                [
                    row[c] if p is None else p(row[c])
                    for c, p in zip(columns, processors, strict=True)
                ]
            )


# -- freshness ----------------------------------------------------------------------------
async def stale_by_owner(session: AsyncSession, stale_before: datetime) -> dict[str, list[int]]:
    """Entry ids not confirmed since `stale_before`, per owner e-mail."""
    rows = (
        await session.execute(
            select(Contact.owner_email, Contact.id)
            .where(Contact.last_verified_at < stale_before, Contact.owner_email != "")
            .order_by(Contact.owner_email, Contact.id)
        )
    ).all()
    owners: dict[str, list[int]] = {}
    for row in rows:
        owners.setdefault(row.owner_email, []).append(row.id)
    return owners


async def claim_freshness_reminder(
    session: AsyncSession, owner_email: str, period: str, entries: int, now: datetime
) -> bool:
    """Claim this month's reminder for an owner; False when it is already claimed
    (the unique key decides, so two instances racing get one True between them)."""
    result = await session.execute(
        insert_for(session, ContactFreshnessReminder)
        .values(
            owner_email=owner_email,
            period=period,
            status="claimed",
            entries=entries,
            claimed_at=now,
        )
        .on_conflict_do_nothing(index_elements=["owner_email", "period"])
        .returning(ContactFreshnessReminder.id)
    )
    return result.scalar_one_or_none() is not None


async def set_freshness_status(
    session: AsyncSession, owner_email: str, period: str, status: str
) -> None:
    await session.execute(
        update(ContactFreshnessReminder)
        .where(
            ContactFreshnessReminder.owner_email == owner_email,
            ContactFreshnessReminder.period == period,
        )
        .values(status=status)
    )


# -- roles --------------------------------------------------------------------------------
async def roles_of(session: AsyncSession, principals: Iterable[str]) -> set[str]:
    keys = [p.casefold() for p in principals if p]
    if not keys:
        return set()
    rows = (
        await session.execute(select(StaffRole.role).where(StaffRole.principal.in_(keys)))
    ).all()
    return {row.role for row in rows}


async def grant_role(
    session: AsyncSession, principal: str, role: str, now: datetime, granted_by: str | None
) -> bool:
    """Grant a role; False when the principal already had it."""
    result = await session.execute(
        insert_for(session, StaffRole)
        .values(
            principal=principal.strip().casefold(),
            role=role,
            granted_at=now,
            granted_by=granted_by,
        )
        .on_conflict_do_nothing(index_elements=["principal", "role"])
        .returning(StaffRole.id)
    )
    return result.scalar_one_or_none() is not None


async def revoke_role(session: AsyncSession, principal: str, role: str) -> bool:
    result = await session.execute(
        delete(StaffRole).where(
            StaffRole.principal == principal.strip().casefold(), StaffRole.role == role
        )
    )
    return bool(result.rowcount)


# -- chat imports waiting for "Importera" -----------------------------------------------
async def save_import_draft(
    session: AsyncSession, user_id: int, file_name: str, data: bytes, now: datetime
) -> int:
    result = await session.execute(
        insert(ContactImportDraft)
        .values(user_id=user_id, file_name=file_name[:255], data=data, created_at=now)
        .returning(ContactImportDraft.id)
    )
    return int(result.scalar_one())


async def take_import_draft(
    session: AsyncSession, draft_id: int, user_id: int, not_before: datetime
) -> tuple[str, bytes] | None:
    """The user's own pending file, removed as it is taken; None if gone or too old."""
    row = (
        await session.execute(
            select(
                ContactImportDraft.file_name, ContactImportDraft.data, ContactImportDraft.created_at
            ).where(ContactImportDraft.id == draft_id, ContactImportDraft.user_id == user_id)
        )
    ).one_or_none()
    # Only the sender's own draft goes (and any expired one): another user's take
    # of a guessed id must not throw away a file its sender is about to import.
    mine = (ContactImportDraft.id == draft_id) & (ContactImportDraft.user_id == user_id)
    await session.execute(
        delete(ContactImportDraft).where(mine | (ContactImportDraft.created_at < not_before))
    )
    if row is None or row.created_at < not_before:
        return None
    return row.file_name, bytes(row.data)


async def existing_keys(session: AsyncSession, keys: Sequence[str]) -> int:
    """How many of these entry keys the directory already has."""
    found = 0
    for start in range(0, len(keys), _BATCH):
        batch = list(keys[start : start + _BATCH])
        found += int(
            (
                await session.execute(
                    select(func.count(Contact.id)).where(Contact.entry_key.in_(batch))
                )
            ).scalar_one()
        )
    return found
