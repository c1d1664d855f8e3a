"""The who-does-what directory service on SQLite and PostgreSQL: all-or-nothing CSV
imports that update by e-mail or by name and agency, changes for directory admins
(and owners, for their own entry) with every change and refusal audited, input
rules, search after edits, paging, freshness, export and chat import drafts."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterable
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from core.clock import FrozenClock
from core.contact_model import ContactDraft, Problem
from core.contacts_csv import (
    LineProblem,
    describe_problem,
    export_contacts_csv,
    parse_contacts_csv,
)
from core.directory_search import Vocabulary
from storage.audit_repository import audit_events
from storage.db import Database
from storage.directory_repository import UpsertCounts, draft_of
from storage.directory_service import (
    CANDIDATE_LIMIT,
    COMMAND_LINE,
    DIRECTORY_ADMIN,
    PAGE_SIZE,
    Actor,
    DirectoryInputError,
    DirectoryRefused,
    DirectoryService,
)
from storage.models import Contact, ContactImportDraft
from storage.records import AuditEventRecord, TeamsIdentity
from storage.users_repository import upsert_staff_user

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "directory_test.csv"
FIXTURE_ROWS = 81
STALE_DAYS = 183


def _fixture_drafts() -> list[ContactDraft]:
    parsed = parse_contacts_csv(FIXTURE.read_bytes())
    assert parsed.problems == ()
    return [draft for _, draft in parsed.drafts]


def _csv(drafts: list[ContactDraft]) -> bytes:
    return export_contacts_csv(drafts)


def _draft(name: str = "Gunilla Nyberg", **fields: object) -> ContactDraft:
    values: dict[str, object] = {
        "title": "Kurator",
        "agency": "Ljusnarsbergs kommun",
        "unit": "Individ- och familjeomsorgen",
        "municipality": "Ljusnarsberg",
        "areas": ("hundterapi", "samtalsstöd"),
        "helps_with": "Samtal för vuxna",
        "phone": "0580-805 00",
        "email": "gunilla.nyberg@ljusnarsberg.se",
        "teams_upn": "gunilla.nyberg@ljusnarsberg.se",
        "hours": "mån–fre 08–16",
    }
    values.update(fields)
    return ContactDraft(name=name, **values)  # type: ignore[arg-type]


async def _user(db: Database, name: str, clock: FrozenClock) -> int:
    identity = TeamsIdentity(f"29:{name}", f"aad-{name}", "tenant", name, "sv-SE")
    async with db.session() as session:
        return (await upsert_staff_user(session, identity, clock.now())).id


async def _count(db: Database) -> int:
    async with db.session() as session:
        return int((await session.execute(select(func.count(Contact.id)))).scalar_one())


async def _audit(db: Database, action: str) -> list[AuditEventRecord]:
    """The events of one action, oldest first."""
    async with db.session() as session:
        return list(reversed(await audit_events(session, action=action)))


def _trail(events: list[AuditEventRecord]) -> list[tuple[str, str, int | None, str | None]]:
    return [(e.action, e.outcome, e.user_id, e.detail) for e in events]


@pytest.fixture
def service(db: Database, clock: FrozenClock) -> DirectoryService:
    return DirectoryService(db, clock)


@pytest.fixture
async def filled(service: DirectoryService) -> DirectoryService:
    """The service over the 81 entries of tests/fixtures/directory_test.csv."""
    report = await service.import_csv(COMMAND_LINE, FIXTURE.read_bytes(), dry_run=False)
    assert report.counts == UpsertCounts(FIXTURE_ROWS, 0, 0)
    return service


# -- import: all or nothing, updates by key ------------------------------------------------


async def test_a_file_with_one_bad_row_imports_nothing_and_names_its_line(
    service: DirectoryService, db: Database
) -> None:
    drafts = _fixture_drafts()[:6]
    drafts[2] = replace(drafts[2], email="inte-en-adress")  # header is line 1: this is line 4

    report = await service.import_csv(COMMAND_LINE, _csv(drafts), dry_run=False)

    assert report.counts is None
    assert report.parsed.ok is False
    assert report.parsed.problems == (LineProblem(4, "contact.email.invalid", {"field": "email"}),)
    assert describe_problem(report.parsed.problems[0], "sv") == (
        "Rad 4: e-post är inte en giltig e-postadress."
    )
    assert await _count(db) == 0
    assert await _audit(db, "contact.import") == []


async def test_a_good_file_imports_and_importing_it_again_changes_nothing(
    service: DirectoryService, db: Database
) -> None:
    data = FIXTURE.read_bytes()

    first = await service.import_csv(COMMAND_LINE, data, dry_run=False)
    again = await service.import_csv(COMMAND_LINE, data, dry_run=False)

    assert first.counts == UpsertCounts(created=FIXTURE_ROWS, updated=0, unchanged=0)
    assert again.counts == UpsertCounts(created=0, updated=0, unchanged=FIXTURE_ROWS)
    assert await _count(db) == FIXTURE_ROWS
    assert _trail(await _audit(db, "contact.import")) == [
        ("contact.import", "ok", None, f"created {FIXTURE_ROWS}, updated 0, unchanged 0"),
        ("contact.import", "ok", None, f"created 0, updated 0, unchanged {FIXTURE_ROWS}"),
    ]


async def test_an_imported_entry_reads_back_as_written_with_the_import_time(
    service: DirectoryService, db: Database, clock: FrozenClock
) -> None:
    # PostgreSQL imports new rows by COPY, not INSERT: the same values must arrive.
    draft = _draft(
        "Åsa Öberg", areas=("LSS", "boendestöd"), hours="mån–fre 08–16", owner_email="chef@nora.se"
    )
    await service.import_csv(COMMAND_LINE, _csv([draft]), dry_run=False)

    async with db.session() as session:
        contact_id = (await session.execute(select(Contact.id))).scalar_one()
    record = await service.get(contact_id)
    assert record is not None
    assert draft_of(record) == draft
    assert (record.last_verified_at, record.updated_at) == (clock.now(), clock.now())
    assert [hit.id for hit in (await service.search("boendestöd Öberg")).hits] == [contact_id]


async def test_a_dry_run_checks_without_importing(service: DirectoryService, db: Database) -> None:
    report = await service.import_csv(COMMAND_LINE, FIXTURE.read_bytes(), dry_run=True)

    assert (report.counts, report.dry_run, len(report.parsed.drafts)) == (None, True, 81)
    assert await _count(db) == 0


async def test_a_changed_phone_updates_only_that_entry(filled: DirectoryService) -> None:
    drafts = _fixture_drafts()
    index = next(i for i, d in enumerate(drafts) if d.name == "Johanna Pettersson")
    before = (await filled.search("Johanna Pettersson")).hits[0]
    drafts[index] = replace(drafts[index], phone="019-58 82 99")

    report = await filled.import_csv(COMMAND_LINE, _csv(drafts), dry_run=False)

    assert report.counts == UpsertCounts(created=0, updated=1, unchanged=FIXTURE_ROWS - 1)
    after = await filled.get(before.id)
    assert after is not None
    assert (after.phone, after.email) == ("019-58 82 99", before.email)


async def test_a_function_without_email_is_matched_by_name_and_agency(
    filled: DirectoryService, db: Database
) -> None:
    drafts = _fixture_drafts()
    index = next(i for i, d in enumerate(drafts) if d.name == "Vårdcentralen Nora")
    assert drafts[index].email == ""
    before = (await filled.search("Vårdcentralen Nora")).hits[0]
    # Typed differently (case, spaces): still the same entry.
    drafts[index] = replace(
        drafts[index], name="VÅRDCENTRALEN  nora", phone="0587-850 10", hours="dygnet runt"
    )

    report = await filled.import_csv(COMMAND_LINE, _csv(drafts), dry_run=False)

    assert report.counts == UpsertCounts(created=0, updated=1, unchanged=FIXTURE_ROWS - 1)
    assert await _count(db) == FIXTURE_ROWS
    after = await filled.get(before.id)
    assert after is not None
    assert (after.name, after.phone, after.hours) == (
        "VÅRDCENTRALEN nora",
        "0587-850 10",
        "dygnet runt",
    )


async def test_the_excel_variant_imports_the_same(
    service: DirectoryService, db: Database, clock: FrozenClock
) -> None:
    # Windows-1252 has å, ä, ö but not ž or ć: leave out the one name it cannot hold.
    drafts = [d for d in _fixture_drafts() if d.name != "Aida Hodžić"]
    data = export_contacts_csv(drafts, excel=True)
    parsed = parse_contacts_csv(data)
    assert (parsed.encoding, parsed.delimiter) == ("cp1252", ";")
    assert [d for _, d in parsed.drafts] == drafts

    report = await service.import_csv(COMMAND_LINE, data, dry_run=False)
    again = await service.import_csv(COMMAND_LINE, _csv(drafts), dry_run=False)

    assert report.counts == UpsertCounts(created=len(drafts), updated=0, unchanged=0)
    assert again.counts == UpsertCounts(created=0, updated=0, unchanged=len(drafts))
    exported, rows = await service.export_csv(COMMAND_LINE)
    assert rows == len(drafts)
    assert [d for _, d in parse_contacts_csv(exported).drafts] == drafts


# -- who may change what ------------------------------------------------------------------


async def test_a_user_without_a_role_is_refused_and_audited_until_granted(
    service: DirectoryService, db: Database, clock: FrozenClock
) -> None:
    anna_id = await _user(db, "anna", clock)
    anna = Actor(anna_id, ("aad-anna", f"staff:{anna_id}"))
    existing = await service.create(COMMAND_LINE, _draft("Bo Ek", email="bo.ek@nora.se"))

    with pytest.raises(DirectoryRefused):
        await service.create(anna, _draft())
    with pytest.raises(DirectoryRefused):
        await service.delete(anna, existing.id)
    with pytest.raises(DirectoryRefused):
        await service.import_csv(anna, FIXTURE.read_bytes(), dry_run=False)
    with pytest.raises(DirectoryRefused):
        await service.import_csv(anna, FIXTURE.read_bytes(), dry_run=True)
    with pytest.raises(DirectoryRefused):
        await service.export_csv(anna)

    assert await _count(db) == 1
    assert [
        _trail(await _audit(db, action))
        for action in ("contact.create", "contact.delete", "contact.import", "contact.export")
    ] == [
        [
            ("contact.create", "ok", None, f"contact {existing.id}"),
            ("contact.create", "refused", anna_id, "not_admin"),
        ],
        [("contact.delete", "refused", anna_id, "not_admin")],
        [
            ("contact.import", "refused", anna_id, "not_admin"),
            ("contact.import", "refused", anna_id, "not_admin"),
        ],
        [("contact.export", "refused", anna_id, "not_admin")],
    ]
    assert await service.is_admin(anna) is False

    assert await service.grant("AAD-Anna", DIRECTORY_ADMIN, granted_by="test") is True
    assert await service.grant("aad-anna", DIRECTORY_ADMIN) is False  # already granted

    assert await service.is_admin(anna) is True
    created = await service.create(anna, _draft())
    removed = await service.delete(anna, existing.id)
    report = await service.import_csv(anna, FIXTURE.read_bytes(), dry_run=False)

    assert (created.name, removed.id) == ("Gunilla Nyberg", existing.id)
    assert report.counts == UpsertCounts(FIXTURE_ROWS, 0, 0)
    assert await service.get(existing.id) is None
    assert await _count(db) == FIXTURE_ROWS + 1
    assert _trail(await _audit(db, "role.grant")) == [
        ("role.grant", "ok", None, DIRECTORY_ADMIN),
        ("role.grant", "ok", None, DIRECTORY_ADMIN),
    ]
    assert [(e.outcome, e.role) for e in (await _audit(db, "contact.create"))[-1:]] == [
        ("ok", DIRECTORY_ADMIN)
    ]

    assert await service.revoke("aad-anna", DIRECTORY_ADMIN) is True
    with pytest.raises(DirectoryRefused):
        await service.delete(anna, created.id)
    assert await service.get(created.id) is not None


async def test_the_owner_may_update_their_entry_but_not_delete_it_or_touch_others(
    service: DirectoryService, db: Database, clock: FrozenClock
) -> None:
    owner_id = await _user(db, "gunilla", clock)
    owner = Actor(owner_id, ("aad-gunilla", "Gunilla.Nyberg@Ljusnarsberg.se"))
    own = await service.create(COMMAND_LINE, _draft())
    other = await service.create(COMMAND_LINE, _draft("Bo Ek", email="bo.ek@nora.se"))
    assert own.owner_email == "gunilla.nyberg@ljusnarsberg.se"  # the e-mail, when none given

    updated = await service.update(owner, own.id, _draft(phone="0580-805 99"))

    assert (updated.id, updated.phone) == (own.id, "0580-805 99")
    assert await service.may_edit(owner, own) is True
    assert await service.may_edit(owner, other) is False
    with pytest.raises(DirectoryRefused):
        await service.delete(owner, own.id)
    with pytest.raises(DirectoryRefused):
        await service.update(
            owner, other.id, _draft("Bo Ek", email="bo.ek@nora.se", phone="0587-111 11")
        )
    with pytest.raises(DirectoryRefused):
        await service.create(owner, _draft("Ny Person", email="ny.person@nora.se"))

    assert await service.get(own.id) is not None
    still = await service.get(other.id)
    assert still is not None and still.phone == other.phone
    assert _trail(await _audit(db, "contact.update")) == [
        ("contact.update", "ok", owner_id, f"contact {own.id}"),
        ("contact.update", "refused", owner_id, "not_admin"),
    ]
    # The owner changed their entry as its owner, not as a directory admin.
    assert [e.role for e in await _audit(db, "contact.update")] == ["owner", None]
    assert _trail(await _audit(db, "contact.delete")) == [
        ("contact.delete", "refused", owner_id, "not_admin")
    ]


async def test_every_change_has_one_ok_audit_row_without_personal_text(
    service: DirectoryService, db: Database, clock: FrozenClock
) -> None:
    admin_id = await _user(db, "admin", clock)
    admin = Actor(admin_id, ("aad-admin",))
    await service.grant("aad-admin", DIRECTORY_ADMIN)

    created = await service.create(admin, _draft())
    await service.update(admin, created.id, _draft(title="Socialsekreterare"))
    await service.delete(admin, created.id)
    await service.import_csv(admin, FIXTURE.read_bytes(), dry_run=False)
    await service.export_csv(admin)

    async with db.session() as session:
        events = list(reversed(await audit_events(session, user_id=admin_id)))
    assert _trail(events) == [
        ("contact.create", "ok", admin_id, f"contact {created.id}"),
        ("contact.update", "ok", admin_id, f"contact {created.id}"),
        ("contact.delete", "ok", admin_id, f"contact {created.id}"),
        ("contact.import", "ok", admin_id, f"created {FIXTURE_ROWS}, updated 0, unchanged 0"),
        ("contact.export", "ok", admin_id, f"{FIXTURE_ROWS} entries"),
    ]
    personal = ("gunilla", "nyberg", "0580", "@", "kurator", "ljusnarsberg")
    assert [
        e.detail for e in events if any(p in (e.detail or "").casefold() for p in personal)
    ] == []


# -- input rules ----------------------------------------------------------------------------


async def test_a_personnummer_in_a_field_is_refused_and_nothing_saved(
    service: DirectoryService, db: Database
) -> None:
    with pytest.raises(DirectoryInputError) as refused:
        await service.create(COMMAND_LINE, _draft(helps_with="Har hand om 19121212-1212"))

    assert refused.value.problems == (
        Problem("helps_with", "contact.personnummer", {"field": "helps_with"}),
    )
    assert await _count(db) == 0
    assert await _audit(db, "contact.create") == []


async def test_a_second_entry_with_the_same_email_is_refused(
    service: DirectoryService, db: Database
) -> None:
    first = await service.create(COMMAND_LINE, _draft())
    other = await service.create(COMMAND_LINE, _draft("Bo Ek", email="bo.ek@nora.se"))

    with pytest.raises(DirectoryInputError) as created:
        await service.create(
            COMMAND_LINE, _draft("Gunilla N", email="GUNILLA.NYBERG@ljusnarsberg.se")
        )
    with pytest.raises(DirectoryInputError) as updated:
        await service.update(COMMAND_LINE, other.id, _draft("Bo Ek"))  # Gunilla's e-mail

    assert [p.key for p in created.value.problems] == ["contact.duplicate"]
    assert [p.key for p in updated.value.problems] == ["contact.duplicate"]
    assert await _count(db) == 2
    kept = await service.get(other.id)
    assert kept is not None and kept.email == "bo.ek@nora.se"
    # A refused change writes no audit row either: only the two creates are there.
    assert _trail(await _audit(db, "contact.create")) == [
        ("contact.create", "ok", None, f"contact {first.id}"),
        ("contact.create", "ok", None, f"contact {other.id}"),
    ]
    assert await _audit(db, "contact.update") == []


async def test_changing_or_removing_a_missing_entry_says_so(service: DirectoryService) -> None:
    with pytest.raises(DirectoryInputError) as updated:
        await service.update(COMMAND_LINE, 999, _draft())
    with pytest.raises(DirectoryInputError) as deleted:
        await service.delete(COMMAND_LINE, 999)

    assert [p.key for p in updated.value.problems] == ["contact.missing"]
    assert [p.key for p in deleted.value.problems] == ["contact.missing"]


# -- search after changes, paging, freshness ----------------------------------------------


async def _names(service: DirectoryService, query: str) -> list[str]:
    return [hit.name for hit in (await service.search(query, page_size=100)).hits]


async def test_search_follows_create_update_and_delete(service: DirectoryService) -> None:
    await service.create(COMMAND_LINE, _draft("Bo Ek", email="bo.ek@nora.se", areas=("LSS",)))
    assert await _names(service, "hundterapi") == []  # caches the vocabulary

    created = await service.create(COMMAND_LINE, _draft())
    assert await _names(service, "hundterapi") == ["Gunilla Nyberg"]
    assert await _names(service, "hästterapi") == []

    await service.update(COMMAND_LINE, created.id, _draft(areas=("hästterapi",)))
    assert await _names(service, "hundterapi") == []
    assert await _names(service, "hästterapi") == ["Gunilla Nyberg"]
    assert await _names(service, "hastterapi ljusnarsberg") == ["Gunilla Nyberg"]

    await service.delete(COMMAND_LINE, created.id)
    assert await _names(service, "hästterapi") == []
    assert await _names(service, "Gunilla") == []
    assert await _names(service, "LSS") == ["Bo Ek"]


class _HeldBuild:
    """Vocabulary.build that waits in its worker thread until released."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.started, self.release = threading.Event(), threading.Event()
        build = Vocabulary.build

        def held(entries: Iterable[tuple[str, str, str]]) -> Vocabulary:
            self.started.set()
            assert self.release.wait(10)
            return build(entries)

        monkeypatch.setattr(Vocabulary, "build", staticmethod(held))


async def test_another_instances_edit_is_learned_in_the_background_without_a_wait(
    db: Database, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    here, there = DirectoryService(db, clock, vocabulary_ttl=0), DirectoryService(db, clock)
    await there.create(COMMAND_LINE, _draft("Bo Ek", email="bo.ek@nora.se"))
    assert await _names(here, "hundterapi") == ["Bo Ek"]  # builds the vocabulary
    await there.create(COMMAND_LINE, _draft("Siv Ek", email="siv@nora.se", areas=("hästterapi",)))
    held = _HeldBuild(monkeypatch)

    # The rebuild is held in its thread; the search answers from the words it has.
    before = await asyncio.wait_for(here.search("hästterapi"), 5)
    assert await asyncio.to_thread(held.started.wait, 5)
    held.release.set()
    await here.settle()

    assert [hit.name for hit in before.hits] == []
    assert await _names(here, "hästterapi") == ["Siv Ek"]
    await here.close()


async def test_an_entry_saved_during_a_rebuild_is_not_forgotten_when_it_ends(
    db: Database, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    service, other = DirectoryService(db, clock, vocabulary_ttl=0), DirectoryService(db, clock)
    await service.create(COMMAND_LINE, _draft("Bo Ek", email="bo.ek@nora.se"))
    await service.search("Bo")  # builds the vocabulary
    await other.create(COMMAND_LINE, _draft("Al Ek", email="al.ek@nora.se"))
    held = _HeldBuild(monkeypatch)
    await service.search("Bo")  # sees the change: rebuilds in the background
    assert await asyncio.to_thread(held.started.wait, 5)

    await service.create(COMMAND_LINE, _draft("Siv Ek", email="siv@nora.se", areas=("ridterapi",)))
    assert await _names(service, "ridterapi") == ["Siv Ek"]  # learned at once
    held.release.set()
    await service.settle()

    assert await _names(service, "ridterapi") == ["Siv Ek"]  # and still known after
    await service.close()


async def test_pages_of_five_until_there_are_no_more(filled: DirectoryService) -> None:
    everything = await filled.search("äldreomsorg", page_size=100)
    assert everything.total == 11
    names = [hit.name for hit in everything.hits]

    pages = [await filled.search("äldreomsorg", offset=offset) for offset in (0, 5, 10)]

    assert [[hit.name for hit in page.hits] for page in pages] == [
        names[0:5],
        names[5:10],
        names[10:11],
    ]
    assert [(page.offset, page.total, page.more) for page in pages] == [
        (0, 11, True),
        (5, 11, True),
        (10, 11, False),
    ]
    assert PAGE_SIZE == 5
    beyond = await filled.search("äldreomsorg", offset=50)
    assert (beyond.hits, beyond.more) == ((), False)


# -- broad queries: the database is asked in tiers, the best first -----------------------


def _many(n: int, **fields: object) -> list[ContactDraft]:
    return [
        _draft(f"Person {i:03d}", email=f"person.{i}@nora.se", teams_upn="", **fields)
        for i in range(n)
    ]


async def test_a_name_match_is_found_among_more_matches_than_are_ranked(
    service: DirectoryService,
) -> None:
    # 150 kuratorer by title, then (last, so the highest id) one entry named for the
    # word: taking the first CANDIDATE_LIMIT matches in index order would never see it.
    drafts = [*_many(150, title="Kurator"), _draft("Kuratorn Nora", email="kuratorn@nora.se")]
    await service.import_csv(COMMAND_LINE, _csv(drafts), dry_run=False)

    found = await service.search("kurator")

    assert (found.capped, found.total) == (True, CANDIDATE_LIMIT)
    assert found.hits[0].name == "Kuratorn Nora"


async def test_a_title_match_is_found_among_more_help_text_matches_than_are_ranked(
    service: DirectoryService,
) -> None:
    helpers = _many(150, title="Sjuksköterska", helps_with="Vet vem som är kurator")
    drafts = [*helpers, _draft("Siv Ström", title="Kurator", email="siv.strom@nora.se")]
    await service.import_csv(COMMAND_LINE, _csv(drafts), dry_run=False)

    found = await service.search("kurator", page_size=100)

    assert found.hits[0].name == "Siv Ström"
    assert len({hit.id for hit in found.hits}) == len(found.hits) == CANDIDATE_LIMIT


async def test_only_prefix_matches_come_from_the_last_tier_in_name_order(
    service: DirectoryService,
) -> None:
    # "kurat" is no entry's whole word here: only the prefix tier finds them.
    drafts = _many(7, title="Kuratorsassistent", areas=("kuratorsfrågor",))
    await service.import_csv(COMMAND_LINE, _csv(drafts), dry_run=False)

    found = await service.search("kurat", page_size=100)

    assert [hit.name for hit in found.hits] == [f"Person {i:03d}" for i in range(7)]
    assert (found.capped, found.total) == (False, 7)


async def test_a_filter_without_words_lists_the_first_candidates_by_name(
    service: DirectoryService,
) -> None:
    drafts = [
        *_many(120, municipality="Nora", agency="Nora kommun"),
        _draft("Anna Nora", email="anna@nora.se", municipality="Nora", agency="Nora kommun"),
        _draft("Anna Kumla", email="anna@kumla.se", municipality="Kumla", agency="Kumla kommun"),
    ]
    await service.import_csv(COMMAND_LINE, _csv(drafts), dry_run=False)

    found = await service.search("kommun:Nora")

    assert found.capped
    assert [hit.name for hit in found.hits] == [
        "Anna Nora",
        "Person 000",
        "Person 001",
        "Person 002",
        "Person 003",
    ]


async def test_entries_older_than_six_months_are_stale_until_their_owner_confirms(
    filled: DirectoryService, clock: FrozenClock, db: Database
) -> None:
    owner_id = await _user(db, "per", clock)
    query = "vårdcentralen"  # five owned by per.wahlund@…, one by someone else
    result = await filled.search(query, page_size=100)
    ids = [hit.id for hit in result.hits]
    pers = {hit.id for hit in result.hits if hit.owner_email == "per.wahlund@regionorebrolan.se"}
    assert (len(pers), len(ids)) == (5, 6)  # the sixth, Emma Lindqvist, owns her own
    assert result.stale_ids == frozenset()

    clock.advance(timedelta(days=STALE_DAYS))
    assert (await filled.search(query, page_size=100)).stale_ids == frozenset()
    clock.advance(timedelta(seconds=1))
    stale = await filled.search(query, page_size=100)
    assert stale.stale_ids == frozenset(ids)
    assert all(filled.is_stale(hit) for hit in stale.hits)

    confirmed = await filled.confirm("Per.Wahlund@RegionOrebroLan.se", ids, user_id=owner_id)

    assert confirmed == len(pers)
    after = await filled.search(query, page_size=100)
    assert after.stale_ids == frozenset(ids) - pers
    assert {hit.id for hit in after.hits if hit.last_verified_at == clock.now()} == pers
    assert _trail(await _audit(db, "contact.verify")) == [
        ("contact.verify", "ok", owner_id, f"{len(pers)} entries")
    ]
    assert await filled.confirm("nobody@nora.se", ids, user_id=owner_id) == 0
    assert (await filled.search(query, page_size=100)).stale_ids == frozenset(ids) - pers


async def test_an_edit_or_a_reimport_counts_as_confirmed(
    filled: DirectoryService, clock: FrozenClock
) -> None:
    clock.advance(timedelta(days=STALE_DAYS + 1))
    stale = await filled.search("äldreomsorg", page_size=100)
    assert len(stale.stale_ids) == 11
    edited = stale.hits[0]
    draft = _fixture_drafts()[[d.name for d in _fixture_drafts()].index(edited.name)]

    await filled.update(COMMAND_LINE, edited.id, replace(draft, hours="mån–sön 07–22"))

    after_edit = await filled.search("äldreomsorg", page_size=100)
    assert after_edit.stale_ids == stale.stale_ids - {edited.id}

    # An unchanged row of a re-import counts as confirmed too.
    report = await filled.import_csv(COMMAND_LINE, FIXTURE.read_bytes(), dry_run=False)

    assert report.counts == UpsertCounts(0, 1, FIXTURE_ROWS - 1)
    assert (await filled.search("äldreomsorg", page_size=100)).stale_ids == frozenset()


# -- export -----------------------------------------------------------------------------


async def test_the_export_reads_back_as_the_imported_drafts(
    filled: DirectoryService, db: Database
) -> None:
    data, rows = await filled.export_csv(COMMAND_LINE)

    parsed = parse_contacts_csv(data)
    assert rows == FIXTURE_ROWS
    assert parsed.problems == ()
    assert [draft for _, draft in parsed.drafts] == _fixture_drafts()
    assert _trail(await _audit(db, "contact.export")) == [
        ("contact.export", "ok", None, f"{FIXTURE_ROWS} entries")
    ]
    again = await filled.import_csv(COMMAND_LINE, data, dry_run=False)
    assert again.counts == UpsertCounts(0, 0, FIXTURE_ROWS)


# -- a file sent in chat, waiting for "Importera" ------------------------------------------


async def test_a_kept_import_is_taken_once_and_only_by_its_sender(
    service: DirectoryService, db: Database, clock: FrozenClock
) -> None:
    anna, bertil = await _user(db, "anna", clock), await _user(db, "bertil", clock)
    data = FIXTURE.read_bytes()
    draft_id = await service.keep_import(anna, "kontakter.csv", data)

    assert await service.take_import(draft_id, bertil) is None
    assert await service.take_import(draft_id, anna) == ("kontakter.csv", data)
    assert await service.take_import(draft_id, anna) is None
    async with db.session() as session:
        left = (await session.execute(select(func.count(ContactImportDraft.id)))).scalar_one()
    assert left == 0


async def test_a_kept_import_expires_after_an_hour(
    service: DirectoryService, db: Database, clock: FrozenClock
) -> None:
    anna = await _user(db, "anna", clock)
    on_time = await service.keep_import(anna, "a.csv", b"a")
    late = await service.keep_import(anna, "b.csv", b"b")

    clock.advance(timedelta(hours=1))
    assert await service.take_import(on_time, anna) == ("a.csv", b"a")
    clock.advance(timedelta(seconds=1))
    assert await service.take_import(late, anna) is None
