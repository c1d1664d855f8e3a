"""SqlStorage: botbuilder's own storage contract, eTags, the class allow-list, restarts.

Runs on SQLite always and on PostgreSQL too when TEST_DATABASE_URL is set.
"""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from botbuilder.core import ConversationState, TurnContext
from botbuilder.core.adapters import TestAdapter
from botbuilder.dialogs import (
    DialogSet,
    DialogTurnResult,
    TextPrompt,
    WaterfallDialog,
    WaterfallStepContext,
)
from botbuilder.dialogs.prompts import PromptOptions
from botbuilder.schema import Activity
from botbuilder.testing.storage_base_tests import StorageBaseTests

from bot.state_storage import SqlStorage, UnsafeStateDocument
from core.clock import FrozenClock
from storage.db import Database
from storage.state_repository import EtagConflict, read_documents, write_document

CONTRACT = [
    "return_empty_object_when_reading_unknown_key",
    "handle_null_keys_when_reading",
    "handle_null_keys_when_writing",
    "does_not_raise_when_writing_no_items",
    "create_object",
    "handle_crazy_keys",
    "update_object",
    "delete_object",
    "delete_unknown_object",
    "perform_batch_operations",
    "proceeds_through_waterfall",
]


@pytest.fixture
def storage(db: Database, clock: FrozenClock) -> SqlStorage:
    return SqlStorage(db, clock)


@pytest.mark.parametrize("name", CONTRACT)
async def test_botbuilder_storage_contract(storage: SqlStorage, name: str) -> None:
    assert await getattr(StorageBaseTests, name)(storage)


async def _stored_row(db: Database, key: str) -> tuple[str, str]:
    async with db.session() as session:
        return (await read_documents(session, [key]))[key]


async def test_a_write_with_an_etag_creates_a_document_that_is_gone(
    storage: SqlStorage,
) -> None:
    """Like botbuilder's MemoryStorage: an eTag only guards a document that exists
    (state read before another turn deleted it must still save)."""
    await storage.write({"borta": {"steg": 3, "e_tag": "an-etag-from-before"}})

    assert (await storage.read(["borta"]))["borta"]["steg"] == 3


async def test_stale_etag_write_raises_and_leaves_the_document_unchanged(
    storage: SqlStorage, db: Database
) -> None:
    await storage.write({"konv": {"steg": 1, "e_tag": "*"}})
    first = (await storage.read(["konv"]))["konv"]
    stale = dict(first)
    first["steg"] = 2
    await storage.write({"konv": first})
    before = await _stored_row(db, "konv")

    stale["steg"] = 99
    stale_etag = stale["e_tag"]
    with pytest.raises(EtagConflict):
        await storage.write({"konv": stale})

    assert await _stored_row(db, "konv") == before
    assert (await storage.read(["konv"]))["konv"]["steg"] == 2
    assert stale["e_tag"] == stale_etag


async def test_a_conflict_in_a_batch_writes_nothing_and_keeps_the_callers_etags(
    storage: SqlStorage, db: Database
) -> None:
    await storage.write({"a": {"n": 1}, "b": {"n": 1}})
    loaded = await storage.read(["a", "b"])
    await storage.write({"b": {"n": 2, "e_tag": "*"}})  # someone else moves b on
    old_a_etag = loaded["a"]["e_tag"]
    loaded["a"]["n"] = 5
    loaded["b"]["n"] = 5

    with pytest.raises(EtagConflict):
        await storage.write({"a": loaded["a"], "b": loaded["b"]})

    after = await storage.read(["a", "b"])
    assert (after["a"]["n"], after["b"]["n"]) == (1, 2)
    assert loaded["a"]["e_tag"] == old_a_etag
    assert after["a"]["e_tag"] == old_a_etag


async def test_two_concurrent_writers_with_the_same_etag_exactly_one_wins(
    database_url: str, db: Database, clock: FrozenClock
) -> None:
    await SqlStorage(db, clock).write({"delad": {"vem": "ingen"}})
    etag = (await SqlStorage(db, clock).read(["delad"]))["delad"]["e_tag"]
    instances = [Database(database_url), Database(database_url)]  # two bot instances
    try:
        results = await asyncio.gather(
            *(
                SqlStorage(instance, clock).write({"delad": {"vem": who, "e_tag": etag}})
                for instance, who in zip(instances, ["anna", "bertil"], strict=True)
            ),
            return_exceptions=True,
        )
    finally:
        for instance in instances:
            await instance.dispose()

    winners = [who for who, r in zip(["anna", "bertil"], results, strict=True) if r is None]
    losers = [r for r in results if r is not None]
    assert len(winners) == 1
    assert [type(r) for r in losers] == [EtagConflict]
    assert (await SqlStorage(db, clock).read(["delad"]))["delad"]["vem"] == winners[0]


@pytest.mark.parametrize(
    "document",
    [
        {"py/object": "os.system"},
        {"py/repr": "os/os.system"},
        {"py/mod": "os"},
        {"py/type": "subprocess.Popen"},
        {"py/reduce": [{"py/type": "builtins.eval"}, {"py/tuple": ["1 + 1"]}]},
        {"py/reduce": [{"py/function": "builtins.exec"}, {"py/tuple": ["x = 1"]}]},
        {"py/reduce": [{"py/function": "core.clock.SystemClock.now"}, {"py/tuple": [None]}]},
        {"py/object": ["os", "system"]},
        {"dialogState": {"nested": [{"py/object": "storage.db.Database"}]}},
    ],
    ids=repr,
)
async def test_a_document_naming_a_class_outside_the_allow_list_is_refused(
    storage: SqlStorage, db: Database, clock: FrozenClock, document: dict
) -> None:
    async with db.session() as session:
        await write_document(session, "manipulerad", json.dumps(document), None, clock.now())

    with pytest.raises(UnsafeStateDocument):
        await storage.read(["manipulerad"])


async def test_allowed_values_round_trip(storage: SqlStorage) -> None:
    value = {
        "möte": datetime(2026, 12, 3, 14, 0, tzinfo=ZoneInfo("Europe/Stockholm")),
        "skapad": datetime(2026, 11, 22, 9, 0, tzinfo=UTC),
        "dag": date(2026, 12, 3),
        "skattning": Decimal("7.5"),
        "faser": {"A", "B"},
        "par": (1, "två"),
        "fråga": PromptOptions(prompt=Activity(type="message", text="Vad heter du?")),
    }
    await storage.write({"värden": dict(value)})

    restored = (await storage.read(["värden"]))["värden"]

    assert restored["fråga"].prompt.text == "Vad heter du?"
    restored.pop("e_tag")
    restored["fråga"] = value["fråga"]
    assert restored == value


class _RestartableBot:
    """A two-question waterfall whose state lives only in the given storage."""

    def __init__(self, storage: SqlStorage) -> None:
        self.state = ConversationState(storage)
        self.dialogs = DialogSet(self.state.create_property("DialogState"))
        self.dialogs.add(TextPrompt("text"))
        self.dialogs.add(
            WaterfallDialog("kontakt", [self.ask_name, self.ask_municipality, self.confirm])
        )
        self.adapter = TestAdapter(self.on_turn)

    async def on_turn(self, turn_context: TurnContext) -> None:
        dialog_context = await self.dialogs.create_context(turn_context)
        await dialog_context.continue_dialog()
        if not turn_context.responded:
            await dialog_context.begin_dialog("kontakt")
        await self.state.save_changes(turn_context)

    async def ask_name(self, step: WaterfallStepContext) -> DialogTurnResult:
        return await step.prompt("text", PromptOptions(prompt=_text("Vad heter du?")))

    async def ask_municipality(self, step: WaterfallStepContext) -> DialogTurnResult:
        step.values["namn"] = step.result
        return await step.prompt("text", PromptOptions(prompt=_text("Vilken kommun?")))

    async def confirm(self, step: WaterfallStepContext) -> DialogTurnResult:
        await step.context.send_activity(f"{step.values['namn']} i {step.result}, tack!")
        return await step.end_dialog()


def _text(text: str) -> Activity:
    return Activity(type="message", text=text)


@pytest.mark.usefixtures("db")
async def test_dialog_state_survives_a_restart(database_url: str, clock: FrozenClock) -> None:
    async def one_turn(said: str) -> list[str]:
        """A new Database and SqlStorage for every turn, as after a restart."""
        database = Database(database_url)
        try:
            bot = _RestartableBot(SqlStorage(database, clock))
            await bot.adapter.send(said)
            return [activity.text for activity in bot.adapter.activity_buffer]
        finally:
            await database.dispose()

    assert await one_turn("hej") == ["Vad heter du?"]
    assert await one_turn("Anna") == ["Vilken kommun?"]
    assert await one_turn("Kumla") == ["Anna i Kumla, tack!"]
    assert await one_turn("hej igen") == ["Vad heter du?"]
