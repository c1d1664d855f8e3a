"""What a Teams client sends, bounded and cleaned in one place before anything reads it
(pure code, no botbuilder).

- `read_json`: a request body as JSON, refusing nesting deeper than MAX_DEPTH before
  the decoder recurses, integers of more than MAX_INT_DIGITS digits before Python
  converts them, and NaN/Infinity, which JSON does not have.
- `clean_activity`: every string in the activity without NUL (PostgreSQL cannot
  store it) and without lone surrogates (no database can encode them; each becomes
  U+FFFD); the fields the bot reads checked for their type; identifiers (user,
  conversation, tenant, serviceUrl …) refused when longer than the column they go
  to, since a cut identifier would be somebody else's; display names and the locale
  cut to their columns, and a personnummer taken out of every name, so it is stored
  nowhere (staff table, conversation reference, bot state).
- `record_id`: a database id read from a card submit or a typed command, or None for
  anything no row can have (a bool, a float, a negative, beyond the column's range).

The limits follow storage/models.py (tests/core/test_inbound.py checks them).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import accumulate
from typing import Any

from core.personnummer import find_personnummer

MAX_DEPTH = 64  # a Teams activity, cards included, nests about 15 deep
MAX_INT_DIGITS = 30  # ids are at most 19; a longer number is no number the bot reads
MAX_RECORD_ID = 2**31 - 1  # every primary key is an Integer column (int4 on PostgreSQL)


class MalformedInput(ValueError):
    """A request body or activity the bot cannot read; str(error) says why (no input)."""


# -- reading JSON --------------------------------------------------------------------------
_JSON_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_STEP = [0] * 256
_STEP[ord("[")] = _STEP[ord("{")] = 1
_STEP[ord("]")] = _STEP[ord("}")] = -1
_BRACKETS = bytes(range(256)).translate(None, b"[]{}")  # every byte but the brackets


def read_json(raw: bytes) -> Any:
    """The JSON value of a request body; MalformedInput for anything unreadable."""
    if _nesting_exceeds(raw, MAX_DEPTH):
        raise MalformedInput("JSON nested too deep")
    try:
        return json.loads(
            raw,
            parse_int=_bounded_int,
            parse_float=_finite_float,
            parse_constant=_no_constant,
        )
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise MalformedInput("malformed JSON") from error
    except RecursionError as error:  # cannot happen below MAX_DEPTH; kept as a backstop
        raise MalformedInput("JSON nested too deep") from error


def _nesting_exceeds(raw: bytes, limit: int) -> bool:
    """Whether brackets outside strings nest deeper than limit, in C-speed steps: most
    bodies have fewer opening brackets than the limit and are done after two counts."""
    if raw.count(b"[") + raw.count(b"{") <= limit:
        return False
    structure = _JSON_STRING.sub(b"", raw).translate(None, _BRACKETS)
    return max(accumulate(map(_STEP.__getitem__, structure)), default=0) > limit


def _bounded_int(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_INT_DIGITS:
        raise MalformedInput("a number is too long")
    return int(digits)


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise MalformedInput("a number is out of range")
    return value


def _no_constant(name: str) -> Any:
    raise MalformedInput(f"{name} is not JSON")


# -- cleaning an activity ------------------------------------------------------------------
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def storable(text: str) -> str:
    """text without NUL and with each lone surrogate replaced by U+FFFD (json.loads
    joins valid surrogate pairs, so any left are lone)."""
    if _UNSTORABLE.search(text) is None:
        return text
    return _SURROGATE.sub("\ufffd", text.replace("\x00", ""))


def _storable_tree(value: Any) -> Any:
    """Every string (keys included) made storable. The depth is bounded by read_json."""
    if isinstance(value, str):
        return storable(value)
    if isinstance(value, dict):
        return {storable(k): _storable_tree(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_storable_tree(item) for item in value]
    return value


_EDGES = re.compile(r"^[\s,;:()\[\]/–-]+|[\s,;:(\[/–-]+$")
_EMPTY_BRACKETS = re.compile(r"\(\s*\)|\[\s*\]")
_REPEATED_SEPARATORS = re.compile(r"\s*([,;/])(?:\s*[,;/])+")
_SPACES = re.compile(r"\s+")


def without_personnummer(name: str) -> str | None:
    """A display name with any personnummer taken out ("Olle 19121212-1212" -> "Olle");
    None when nothing else was in it."""
    spans = find_personnummer(name)
    if not spans:
        return name
    for start, end in reversed(spans):
        name = name[:start] + " " + name[end:]
    name = _EMPTY_BRACKETS.sub(" ", name)
    name = _REPEATED_SEPARATORS.sub(r"\1", _SPACES.sub(" ", name))
    name = _EDGES.sub("", name.strip())
    return name or None


@dataclass(frozen=True)
class _Text:
    """A string field the bot reads: its column's length, and what happens to more."""

    limit: int | None = None
    identifier: bool = False  # longer than limit: refused (a cut id is someone else's)
    name: bool = False  # a display name: cut to limit, personnummer taken out


# Paths into the activity; "*" is every item of a list. Limits: storage/models.py.
TEXT_FIELDS: dict[tuple[str, ...], _Text] = {
    ("type",): _Text(),
    ("name",): _Text(),
    ("text",): _Text(),
    ("id",): _Text(),
    ("replyToId",): _Text(),
    ("textFormat",): _Text(),
    ("serviceUrl",): _Text(512, identifier=True),  # conversation_references.service_url
    ("channelId",): _Text(64, identifier=True),  # conversation_references.channel_id
    ("locale",): _Text(32),  # staff_users.locale
    ("localTimezone",): _Text(64),  # an IANA zone name
    ("from", "id"): _Text(255, identifier=True),  # staff_users.teams_user_id
    ("from", "aadObjectId"): _Text(64, identifier=True),  # staff_users.aad_object_id
    ("from", "name"): _Text(255, name=True),  # staff_users.name
    ("recipient", "id"): _Text(255, identifier=True),
    ("recipient", "name"): _Text(255, name=True),
    ("conversation", "id"): _Text(512, identifier=True),  # conversation_references
    ("conversation", "conversationType"): _Text(32, identifier=True),
    ("conversation", "tenantId"): _Text(64, identifier=True),
    ("conversation", "name"): _Text(255, name=True),
    ("channelData", "tenant", "id"): _Text(64, identifier=True),  # staff_users.tenant_id
    ("entities", "*", "type"): _Text(),
    ("entities", "*", "timezone"): _Text(64),
    ("entities", "*", "mentioned", "id"): _Text(255, identifier=True),
    ("entities", "*", "mentioned", "name"): _Text(255, name=True),
    ("attachments", "*", "contentType"): _Text(),
    ("attachments", "*", "name"): _Text(255),
    ("membersAdded", "*", "id"): _Text(255, identifier=True),
    ("membersAdded", "*", "name"): _Text(255, name=True),
    ("membersRemoved", "*", "id"): _Text(255, identifier=True),
    ("membersRemoved", "*", "name"): _Text(255, name=True),
}
OBJECTS = (
    ("from",), ("recipient",), ("conversation",), ("channelData",),
    ("channelData", "tenant"), ("entities", "*"), ("entities", "*", "mentioned"),
    ("attachments", "*"), ("membersAdded", "*"), ("membersRemoved", "*"),
)  # fmt: skip
LISTS = (("entities",), ("attachments",), ("membersAdded",), ("membersRemoved",))


def clean_activity(body: dict[str, Any]) -> dict[str, Any]:
    """The activity made safe to read and store (see the module's docstring), or
    MalformedInput naming the field that no Teams client would send that way."""
    activity = _storable_tree(body)
    for path in LISTS:
        for holder, key in _places(activity, path):
            if holder[key] is not None and not isinstance(holder[key], list):
                raise MalformedInput(f"'{_dotted(path)}' must be a list")
    for path in OBJECTS:
        for holder, key in _places(activity, path):
            if holder[key] is not None and not isinstance(holder[key], dict):
                raise MalformedInput(f"'{_dotted(path)}' must be an object")
    for path, spec in TEXT_FIELDS.items():
        for holder, key in _places(activity, path):
            holder[key] = _checked_text(holder[key], spec, path)
    _check_invoke(activity)
    return activity


def _checked_text(value: Any, spec: _Text, path: tuple[str, ...]) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise MalformedInput(f"'{_dotted(path)}' must be a string")
    if spec.limit is not None and len(value) > spec.limit:
        if spec.identifier:
            raise MalformedInput(f"'{_dotted(path)}' is too long")
        value = value[: spec.limit]
    return without_personnummer(value) if spec.name else value


def _check_invoke(activity: dict[str, Any]) -> None:
    """An Action.Execute carries its action as an object (the SDK calls .get on it)."""
    if activity.get("type") != "invoke" or activity.get("name") != "adaptiveCard/action":
        return
    value = activity.get("value")
    action = value.get("action") if isinstance(value, dict) else None
    if action is not None and not isinstance(action, dict):
        raise MalformedInput("the card action must be an object")


def _places(tree: Any, path: tuple[str, ...]) -> Iterator[tuple[Any, Any]]:
    """(the object or list holding it, its key or index) for every place path names that
    exists; a step through something that is neither an object nor a list is skipped
    (its own type is checked by OBJECTS and LISTS)."""
    if not path:
        return
    step, rest = path[0], path[1:]
    if step == "*":
        items = tree if isinstance(tree, list) else []
        for index, item in enumerate(items):
            if rest:
                yield from _places(item, rest)
            else:
                yield items, index
        return
    if not isinstance(tree, dict):
        return
    if not rest:
        if step in tree:
            yield tree, step
        return
    yield from _places(tree.get(step), rest)


def _dotted(path: tuple[str, ...]) -> str:
    return ".".join(path)


# -- ids from card submits and typed commands ----------------------------------------------
def record_id(value: object) -> int | None:
    """A database id (a positive whole number within the Integer columns' range, as a
    JSON number or as digits), or None: what no row can have is simply not there."""
    return whole_number(value, minimum=1)


def whole_number(value: object, *, minimum: int = 0, maximum: int = MAX_RECORD_ID) -> int | None:
    """value as an int between minimum and maximum, or None (bools and floats too)."""
    if isinstance(value, str):
        text = value.strip()
        if not (text.isascii() and text.isdigit()) or len(text) > len(str(maximum)):
            return None
        value = int(text)
    if not isinstance(value, int) or isinstance(value, bool):
        return None
    return value if minimum <= value <= maximum else None
