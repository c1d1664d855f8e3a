"""Search quality: a table of Swedish queries (tests/fixtures/directory_queries.py,
written apart from the search) run over a fixed directory on every database; the
first hit must be the expected entry, and a no-match row must find nothing."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from core.clock import FrozenClock
from core.contact_model import ContactDraft
from storage.db import Database
from storage.directory_service import COMMAND_LINE, DirectoryService
from tests.fixtures.directory_queries import MIN_QUERIES, QUERIES

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "directory_test.csv"


@pytest.fixture
async def directory(db: Database, clock: FrozenClock) -> AsyncIterator[DirectoryService]:
    service = DirectoryService(db, clock)
    report = await service.import_csv(COMMAND_LINE, FIXTURE.read_bytes(), dry_run=False)
    assert report.parsed.problems == ()
    yield service


def test_the_table_is_big_enough() -> None:
    assert len(QUERIES) >= MIN_QUERIES


async def test_every_query_finds_its_expected_first_hit(directory: DirectoryService) -> None:
    wrong = []
    for query, expected, category in QUERIES:
        result = await directory.search(query)
        first = result.hits[0].name if result.hits else None
        if first != expected:
            wrong.append((category, query, expected, first))
    assert wrong == []


async def test_words_whose_stem_is_a_swedish_stop_word_are_still_found(
    directory: DirectoryService,
) -> None:
    """'demens' stems to 'dem', which PostgreSQL's 'swedish' configuration drops as a
    stop word; the search must find it on every database, alone and with a place."""
    created = await directory.create(
        COMMAND_LINE,
        ContactDraft(
            name="Demensteamet Askersund",
            agency="Askersunds kommun",
            municipality="Askersund",
            areas=("demens", "anhörigstöd"),
            phone="0583-810 00",
            kind="function",
        ),
    )

    for query in ("demens", "demens Askersund", "sina demens"):
        result = await directory.search(query)
        assert [hit.id for hit in result.hits] == [created.id], query
