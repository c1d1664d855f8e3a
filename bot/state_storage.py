"""botbuilder Storage on the service's own database.

Conversation and user state (dialog stacks included) are kept as JSON documents
with eTags in the state_documents table, so a dialog in progress survives a
restart and several instances can share PostgreSQL. State holds botbuilder
objects (DialogState, DialogInstance, PromptOptions …), so documents are encoded
with jsonpickle, as botbuilder's own Azure storages do; on the way back only
classes from an allow-list of modules may be restored, so a tampered row cannot
make the bot import arbitrary code.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable
from typing import Any

import jsonpickle
from botbuilder.core import Storage, StoreItem
from jsonpickle.unpickler import loadclass

from core.clock import Clock
from storage.db import Database
from storage.state_repository import (
    EtagConflict,
    delete_documents,
    read_documents,
    write_document,
)

ALLOWED_MODULE_PREFIXES = (
    "botbuilder.",
    "botframework.",
    "datetime.",
    "decimal.",
    "collections.",
    "dialogs.",
    "core.",
)
# builtins holds eval, exec, getattr and __import__: only these plain types may be named.
ALLOWED_BUILTINS = frozenset(
    f"builtins.{name}"
    for name in (
        "bool",
        "bytearray",
        "bytes",
        "complex",
        "dict",
        "float",
        "frozenset",
        "int",
        "list",
        "NoneType",
        "object",
        "set",
        "str",
        "tuple",
    )
)
# Not classes, but known to be harmless: how jsonpickle restores a ZoneInfo.
ALLOWED_CALLABLES = frozenset({"zoneinfo.ZoneInfo", "zoneinfo.ZoneInfo._unpickle"})
_CLASS_TAGS = ("py/object", "py/type", "py/function")
_REFUSED_TAGS = ("py/repr", "py/mod")


class UnsafeStateDocument(ValueError):
    """A stored document names a class outside the allow-list."""


def _is_allowed(name: object) -> bool:
    """Only classes from the allow-list; never a function, a module or an unknown name.

    The name is resolved (importing only allow-listed modules) because a prefix alone
    lets through functions such as a module's own helpers, which py/reduce would call.
    """
    if not isinstance(name, str):
        return False
    if name in ALLOWED_CALLABLES or name in ALLOWED_BUILTINS:
        return True
    return name.startswith(ALLOWED_MODULE_PREFIXES) and _names_a_class(name)


@functools.lru_cache(maxsize=512)
def _names_a_class(name: str) -> bool:
    return isinstance(loadclass(name), type)


def _check_classes(node: Any) -> None:
    if isinstance(node, dict):
        for tag in _REFUSED_TAGS:
            if tag in node:
                raise UnsafeStateDocument(f"{tag} is never restored")
        for tag in _CLASS_TAGS:
            if tag in node and not _is_allowed(node[tag]):
                raise UnsafeStateDocument(f"{node[tag]!r} is not allowed in bot state")
        for value in node.values():
            _check_classes(value)
    elif isinstance(node, list):
        for value in node:
            _check_classes(value)


def encode_item(item: object) -> str:
    return jsonpickle.encode(item, unpicklable=True, make_refs=False)


def decode_item(document: str) -> Any:
    parsed = json.loads(document)
    _check_classes(parsed)
    return jsonpickle.Unpickler(safe=True).restore(parsed)


def _etag_of(item: object) -> str | None:
    if isinstance(item, dict):
        return item.get("e_tag")
    return getattr(item, "e_tag", None)


def _set_etag(item: Any, etag: str) -> None:
    if isinstance(item, dict):
        item["e_tag"] = etag
    elif isinstance(item, StoreItem) or hasattr(item, "e_tag"):
        item.e_tag = etag


class SqlStorage(Storage):
    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    async def read(self, keys: Iterable[str]) -> dict[str, Any]:
        if keys is None:
            raise Exception("Keys are required when reading")  # text fixed by botbuilder tests
        # One SELECT: on SQLite a read session takes no write lock (an ordinary
        # session's BEGIN IMMEDIATE + COMMIT cost ~3 ms of every turn).
        async with self._db.read_session() as session:
            found = await read_documents(session, keys)
        items: dict[str, Any] = {}
        for key, (document, etag) in found.items():
            item = decode_item(document)
            _set_etag(item, etag)
            items[key] = item
        return items

    async def write(self, changes: dict[str, Any]) -> None:
        if changes is None:
            raise Exception("Changes are required when writing")  # text fixed by botbuilder tests
        if not changes:
            return
        now = self._clock.now()
        new_etags: dict[str, str] = {}
        async with self._db.session() as session:  # all changes, or none on a conflict
            for key, item in changes.items():
                etag = _etag_of(item)
                if etag == "":
                    raise EtagConflict(key)
                expected = None if etag in (None, "*") else etag
                document = encode_item(_without_etag(item))
                new_etags[key] = await write_document(session, key, document, expected, now)
        for key, item in changes.items():  # only once committed
            _set_etag(item, new_etags[key])

    async def delete(self, keys: Iterable[str]) -> None:
        if keys is None:
            raise Exception("Keys are required when deleting")
        async with self._db.session() as session:
            await delete_documents(session, keys)


def _without_etag(item: Any) -> Any:
    if isinstance(item, dict):
        return {k: v for k, v in item.items() if k != "e_tag"}
    return item
