"""What the bot and the command line do with the who-does-what directory.

Searching is open to every staff user (the directory holds work contacts, no client
data). Changing it is for directory admins: every change, and every refused
attempt, appends an audit event in the same transaction. Imports are
all-or-nothing: a file with one bad row imports nothing and reports every bad row
by its line.

The vocabulary (the directory's words, for typo correction and suggestions) is
built once, then checked in the background every `vocabulary_ttl` seconds and
rebuilt in a worker thread when the directory has changed, so a search on one
instance sees another instance's edits within that time plus the rebuild, and no
search waits for a rebuild. This instance's own edits are searchable at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import NoReturn, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from core import access
from core.clock import Clock
from core.contact_model import ContactDraft, Problem, entry_key, validate_draft
from core.contacts_csv import CsvParseResult, export_contacts_csv, parse_contacts_csv
from core.directory_search import ParsedQuery, Vocabulary, parse_query, rank
from storage import directory_repository as repo
from storage.audit_repository import append_audit_event, append_refusal
from storage.db import Database
from storage.directory_repository import UpsertCounts
from storage.records import ContactRecord

T = TypeVar("T")
logger = logging.getLogger(__name__)
DIRECTORY_ADMIN, SYSTEM_ADMIN = "directory_admin", "system_admin"
ROLES = (DIRECTORY_ADMIN, SYSTEM_ADMIN)
STALE_AFTER = timedelta(days=183)  # six months
PAGE_SIZE = 5
IMPORT_DRAFT_TTL = timedelta(hours=1)
CANDIDATE_LIMIT = 50  # candidates ranked per search; more is "fler än 50"


class DirectoryInputError(ValueError):
    """A change the rules refuse: problems to show, each a translation key."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__(", ".join(p.key for p in problems))
        self.problems = tuple(problems)


class DirectoryRefused(PermissionError):
    """The user is not a directory admin."""


@dataclass(frozen=True)
class Actor:
    """Who asks for a change: a staff user (by id and the principals roles are
    granted to: Entra object id, e-mail), or the command line (COMMAND_LINE)."""

    user_id: int | None
    principals: tuple[str, ...] = ()
    is_command_line: bool = False


# `samverkan import-contacts` and friends: whoever can run them can reach the database.
COMMAND_LINE = Actor(None, (), is_command_line=True)


@dataclass(frozen=True)
class SearchResult:
    query: ParsedQuery
    hits: tuple[ContactRecord, ...] = ()  # this page
    offset: int = 0
    total: int = 0  # matches found (at most CANDIDATE_LIMIT)
    capped: bool = False  # the database had more than CANDIDATE_LIMIT
    stale_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def more(self) -> bool:
        return self.offset + len(self.hits) < self.total


@dataclass(frozen=True)
class ImportReport:
    parsed: CsvParseResult
    counts: UpsertCounts | None  # None: nothing imported (problems, or a dry run)
    dry_run: bool


class DirectoryService:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        *,
        stale_after: timedelta = STALE_AFTER,
        vocabulary_ttl: float = 30.0,
    ) -> None:
        self._db = db
        self._clock = clock
        self._stale_after = stale_after
        self._vocabulary_ttl = vocabulary_ttl
        self._vocabulary: Vocabulary | None = None
        self._vocabulary_version: tuple[int, datetime | None] | None = None
        self._vocabulary_checked = 0.0
        self._vocabulary_lock = asyncio.Lock()
        self._refresh_task: asyncio.Task[None] | None = None
        self._learned: list[tuple[str, str, str]] = []  # saved here since the last read

    @property
    def stale_before(self) -> datetime:
        return self._clock.now() - self._stale_after

    # -- searching ------------------------------------------------------------------------
    async def vocabulary(self) -> Vocabulary:
        """The directory's words. The first call builds them (seconds at 100,000
        entries); after that a search never waits: every `vocabulary_ttl` seconds a
        background task checks whether the directory changed (on any instance) and
        rebuilds, while searches go on with the words they have. This instance's own
        changes are learned at once (_learn)."""
        if self._vocabulary is None:
            async with self._vocabulary_lock:
                if self._vocabulary is None:
                    await self._rebuild()
        elif (
            time.monotonic() - self._vocabulary_checked >= self._vocabulary_ttl
            and self._refresh_task is None
        ):
            self._vocabulary_checked = time.monotonic()
            self._refresh_task = asyncio.create_task(self._refresh())
        assert self._vocabulary is not None
        return self._vocabulary

    async def _refresh(self) -> None:
        try:
            async with self._vocabulary_lock:
                async with self._db.read_session() as session:
                    version = await repo.directory_version(session)
                if version != self._vocabulary_version:
                    await self._rebuild()
        except Exception:
            # The words searches have are still good; the next check tries again.
            logger.exception("rebuilding the directory vocabulary failed")
        finally:
            self._refresh_task = None

    async def _rebuild(self) -> None:
        """Read and build the vocabulary (under the lock). Entries this instance saved
        while it was being built are added to it, so none is forgotten."""
        learned_before = len(self._learned)
        async with self._db.session() as session:
            version = await repo.directory_version(session)
            source = await repo.vocabulary_source(session)
        vocabulary = await asyncio.to_thread(Vocabulary.build, source)
        if len(self._learned) > learned_before:
            vocabulary = vocabulary.with_entries(self._learned[learned_before:])
        self._learned = self._learned[learned_before:]  # the rest were in what was read
        self._vocabulary, self._vocabulary_version = vocabulary, version
        self._vocabulary_checked = time.monotonic()

    def _learn(self, records: Sequence[ContactRecord]) -> None:
        """A saved entry's words are searchable at once on this instance. (A removed
        entry's words stay until the next rebuild: they then match nothing.)"""
        entries = [repo.vocabulary_entry(record) for record in records]
        self._learned += entries
        if self._vocabulary is not None:
            self._vocabulary = self._vocabulary.with_entries(entries)

    async def settle(self) -> None:
        """Wait for a background vocabulary rebuild, if one runs."""
        task = self._refresh_task
        if task is not None:
            await asyncio.shield(task)

    async def close(self) -> None:
        """Stop a background vocabulary rebuild (at shutdown)."""
        task = self._refresh_task
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def search(
        self, text: str, *, offset: int = 0, page_size: int = PAGE_SIZE
    ) -> SearchResult:
        """One page of the entries that match `text` (a `vem` query), best first."""
        query = parse_query(text, await self.vocabulary())
        if not query.searchable:
            return SearchResult(query)
        stale_before = self.stale_before
        async with self._db.read_session() as session:
            found = await repo.search_candidates(session, query, limit=CANDIDATE_LIMIT + 1)
        candidates = found.candidates(stale_before)
        capped = len(candidates) > CANDIDATE_LIMIT
        ranked = rank(query, candidates[:CANDIDATE_LIMIT])
        offset = max(0, min(offset, len(ranked)))
        page = ranked[offset : offset + page_size]
        return SearchResult(
            query,
            hits=tuple(found.records(c.id for c in page)),
            offset=offset,
            total=len(ranked),
            capped=capped,
            stale_ids=frozenset(c.id for c in page if c.stale),
        )

    async def get(self, contact_id: int) -> ContactRecord | None:
        async with self._db.session() as session:
            return await repo.get_contact(session, contact_id)

    def is_stale(self, record: ContactRecord) -> bool:
        return record.last_verified_at < self.stale_before

    # -- roles ----------------------------------------------------------------------------
    async def roles(self, principals: Sequence[str]) -> set[str]:
        async with self._db.session() as session:
            return await repo.roles_of(session, principals)

    async def is_admin(self, actor: Actor) -> bool:
        if actor.is_command_line:
            return True
        return access.may_edit_directory(await self.roles(actor.principals))

    async def grant(self, principal: str, role: str, *, granted_by: str | None = None) -> bool:
        if role not in ROLES:
            raise ValueError(f"unknown role {role!r}; one of {', '.join(ROLES)}")
        async with self._db.session() as session:
            granted = await repo.grant_role(session, principal, role, self._clock.now(), granted_by)
            await append_audit_event(
                session, at=self._clock.now(), action="role.grant", detail=role
            )
            return granted

    async def revoke(self, principal: str, role: str) -> bool:
        async with self._db.session() as session:
            revoked = await repo.revoke_role(session, principal, role)
            await append_audit_event(
                session, at=self._clock.now(), action="role.revoke", detail=role
            )
            return revoked

    # -- changing -------------------------------------------------------------------------
    async def _change(
        self,
        actor: Actor,
        action: str,
        work: Callable[[AsyncSession], Awaitable[T]],
        detail_of: Callable[[T], str],
        *,
        owned: int | None = None,
    ) -> T:
        """Run `work(session)` for a directory admin (or, for `owned`, the entry's
        owner), audited in the same transaction; a refusal is audited on its own
        and raises DirectoryRefused."""
        async with self._db.session() as session:
            role = "cli" if actor.is_command_line else None
            if role is None and access.may_edit_directory(
                await repo.roles_of(session, actor.principals)
            ):
                role = DIRECTORY_ADMIN
            if role is None and owned is not None:
                record = await repo.get_contact(session, owned)
                owners = {p.casefold() for p in actor.principals}
                if record is not None and record.owner_email in owners:
                    role = "owner"
            if role is not None:
                result = await work(session)
                await append_audit_event(
                    session,
                    at=self._clock.now(),
                    action=action,
                    user_id=actor.user_id,
                    role=role,
                    detail=detail_of(result),
                )
        if role is None:
            await self._refuse(actor, action)
        return result

    async def _refuse(self, actor: Actor, action: str) -> NoReturn:
        """Audit a refused attempt in a transaction of its own, then raise."""
        await append_refusal(
            self._db, at=self._clock.now(), action=action, user_id=actor.user_id, detail="not_admin"
        )
        raise DirectoryRefused(action)

    @staticmethod
    def _validated(draft: ContactDraft) -> ContactDraft:
        clean, problems = validate_draft(draft)
        if problems:
            raise DirectoryInputError(problems)
        return clean

    async def create(self, actor: Actor, draft: ContactDraft) -> ContactRecord:
        clean = self._validated(draft)

        async def work(session: AsyncSession) -> ContactRecord:
            if await repo.find_by_key(session, entry_key(clean)) is not None:
                raise DirectoryInputError([Problem("email", "contact.duplicate")])
            new_id = await repo.insert_contact(session, clean, self._clock.now())
            record = await repo.get_contact(session, new_id)
            assert record is not None
            return record

        record = await self._change(actor, "contact.create", work, lambda r: f"contact {r.id}")
        self._learn([record])
        return record

    async def update(self, actor: Actor, contact_id: int, draft: ContactDraft) -> ContactRecord:
        clean = self._validated(draft)

        async def work(session: AsyncSession) -> ContactRecord:
            if await repo.get_contact(session, contact_id) is None:
                raise DirectoryInputError([Problem("id", "contact.missing")])
            other = await repo.find_by_key(session, entry_key(clean))
            if other is not None and other.id != contact_id:
                raise DirectoryInputError([Problem("email", "contact.duplicate")])
            await repo.update_contact(session, contact_id, clean, self._clock.now())
            record = await repo.get_contact(session, contact_id)
            assert record is not None
            return record

        record = await self._change(
            actor, "contact.update", work, lambda r: f"contact {r.id}", owned=contact_id
        )
        self._learn([record])
        return record

    async def delete(self, actor: Actor, contact_id: int) -> ContactRecord:
        async def work(session: AsyncSession) -> ContactRecord:
            record = await repo.get_contact(session, contact_id)
            if record is None:
                raise DirectoryInputError([Problem("id", "contact.missing")])
            await repo.delete_contact(session, contact_id)
            return record

        return await self._change(actor, "contact.delete", work, lambda r: f"contact {r.id}")

    async def confirm(self, owner_email: str, ids: Sequence[int], *, user_id: int) -> int:
        """The owner says their entries are still right ("stämmer fortfarande").
        Only entries they own are touched; returns how many."""
        async with self._db.session() as session:
            owned = [
                r.id
                for r in await repo.contacts_by_ids(session, ids)
                if r.owner_email and r.owner_email == owner_email.casefold()
            ]
            count = await repo.mark_verified(session, owned, self._clock.now())
            await append_audit_event(
                session,
                at=self._clock.now(),
                action="contact.verify",
                user_id=user_id,
                role="owner",
                detail=f"{count} entries",
            )
        return count

    async def import_csv(self, actor: Actor, data: bytes, *, dry_run: bool) -> ImportReport:
        """Check a CSV file and, unless `dry_run` or it has any problem, import all of it."""
        parsed = await asyncio.to_thread(parse_contacts_csv, data)
        if not parsed.ok or dry_run:
            if not await self.is_admin(actor):
                await self._refuse(actor, "contact.import")
            return ImportReport(parsed, None, dry_run)
        drafts = [draft for _, draft in parsed.drafts]

        async def work(session: AsyncSession) -> UpsertCounts:
            return await repo.upsert_contacts(session, drafts, self._clock.now())

        counts = await self._change(
            actor,
            "contact.import",
            work,
            lambda c: f"created {c.created}, updated {c.updated}, unchanged {c.unchanged}",
        )
        if self._vocabulary is not None and (counts.created or counts.updated):
            # Many entries at once: read the words again now, so that whoever
            # imported finds them at once (the import already took its time).
            async with self._vocabulary_lock:
                await self._rebuild()
        return ImportReport(parsed, counts, dry_run)

    async def may_edit(self, actor: Actor, contact: ContactRecord) -> bool:
        owners = {p.casefold() for p in actor.principals}
        return contact.owner_email in owners or await self.is_admin(actor)

    async def keep_import(self, user_id: int, file_name: str, data: bytes) -> int:
        """Keep a checked file until its admin presses Importera (at most an hour)."""
        async with self._db.session() as session:
            return await repo.save_import_draft(
                session, user_id, file_name, data, self._clock.now()
            )

    async def take_import(self, draft_id: int, user_id: int) -> tuple[str, bytes] | None:
        async with self._db.session() as session:
            return await repo.take_import_draft(
                session, draft_id, user_id, self._clock.now() - IMPORT_DRAFT_TTL
            )

    async def count_existing(self, parsed: CsvParseResult) -> int:
        async with self._db.session() as session:
            return await repo.existing_keys(
                session, [entry_key(draft) for _, draft in parsed.drafts]
            )

    async def export_csv(self, actor: Actor, *, excel: bool = False) -> tuple[bytes, int]:
        """The whole directory as CSV (the import's format), and how many entries."""

        async def work(session: AsyncSession) -> list[ContactDraft]:
            return [repo.draft_of(r) async for r in repo.stream_contacts(session)]

        drafts = await self._change(actor, "contact.export", work, lambda d: f"{len(d)} entries")
        return export_contacts_csv(drafts, excel=excel), len(drafts)

    # -- freshness ------------------------------------------------------------------------
    async def stale_by_owner(self) -> dict[str, list[int]]:
        async with self._db.session() as session:
            return await repo.stale_by_owner(session, self.stale_before)

    async def claim_freshness(self, owner_email: str, period: str, entries: int) -> bool:
        async with self._db.session() as session:
            return await repo.claim_freshness_reminder(
                session, owner_email, period, entries, self._clock.now()
            )

    async def freshness_done(self, owner_email: str, period: str, status: str) -> None:
        async with self._db.session() as session:
            await repo.set_freshness_status(session, owner_email, period, status)

    async def contacts(self, ids: Sequence[int]) -> list[ContactRecord]:
        async with self._db.session() as session:
            return await repo.contacts_by_ids(session, ids)
