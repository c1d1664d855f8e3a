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
- `record_id`: a database id read from a card submit (`record_id_in_text` when it is
  written as digits), or None for anything no row can have (a string, a bool, a
  float, a negative, beyond the Integer columns' range): "not there".

The limits follow storage/models.py (tests/core/test_inbound.py checks them).
"""

from __future__ import annotations

import json
import math
import re
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
    bodies have fewer opening brackets than the limit and are done after two counts.
    Otherwise escaped backslashes and quotes are dropped, so every quote left opens or
    closes a string, and the pieces between string delimiters are the structure."""
    if raw.count(b"[") + raw.count(b"{") <= limit:
        return False
    unescaped = raw.replace(b"\\\\", b"").replace(b'\\"', b"")
    structure = b"".join(unescaped.split(b'"')[::2]).translate(None, _BRACKETS)
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
class Text:
    """A string field the bot reads: its column's length, and what happens to more."""

    limit: int | None = None
    identifier: bool = False  # longer than limit: refused (a cut id is someone else's)
    name: bool = False  # a display name: cut to limit, personnummer taken out


ID = Text(255, identifier=True)  # a Teams user id: staff_users.teams_user_id
NAME = Text(255, name=True)  # a display name: staff_users.name
# The fields the bot reads, as they nest: an object is a dict, a list of objects a
# one-item list. Fields not named here are left as they are (strings cleaned).
# Limits: storage/models.py (tests/core/test_inbound.py holds them to the columns).
ACTIVITY: dict[str, Any] = {
    "type": Text(),
    "name": Text(),
    "text": Text(),
    "id": Text(),
    "replyToId": Text(),
    "textFormat": Text(),
    "serviceUrl": Text(512, identifier=True),  # conversation_references.service_url
    "channelId": Text(64, identifier=True),  # conversation_references.channel_id
    "locale": Text(32),  # staff_users.locale
    "localTimezone": Text(64),  # an IANA zone name
    "from": {"id": ID, "name": NAME, "aadObjectId": Text(64, identifier=True)},
    "recipient": {"id": ID, "name": NAME},
    "conversation": {
        "id": Text(512, identifier=True),  # conversation_references.conversation_id
        "conversationType": Text(32, identifier=True),
        "tenantId": Text(64, identifier=True),
        "name": NAME,
    },
    "channelData": {"tenant": {"id": Text(64, identifier=True)}},  # staff_users.tenant_id
    "entities": [{"type": Text(), "timezone": Text(64), "mentioned": {"id": ID, "name": NAME}}],
    # A sent file's name: a directory import keeps it (contact_import_drafts.file_name)
    # and names it back, so it loses a personnummer as a display name does.
    "attachments": [{"contentType": Text(), "name": Text(255, name=True)}],
    "membersAdded": [{"id": ID, "name": NAME}],
    "membersRemoved": [{"id": ID, "name": NAME}],
}


def clean_activity(body: dict[str, Any]) -> dict[str, Any]:
    """The activity made safe to read and store (see the module's docstring), or
    MalformedInput naming the field that no Teams client would send that way."""
    activity = _storable_tree(body)
    _check(activity, ACTIVITY, "")
    _check_invoke(activity)
    return activity


def _check(holder: dict[str, Any], schema: dict[str, Any], where: str) -> None:
    for key, spec in schema.items():
        value = holder.get(key)
        if value is None:
            continue
        if isinstance(spec, Text):
            holder[key] = _checked_text(value, spec, where + key)
        elif isinstance(spec, dict):
            if not isinstance(value, dict):
                raise MalformedInput(f"'{where}{key}' must be an object")
            _check(value, spec, f"{where}{key}.")
        else:
            if not isinstance(value, list) or not all(isinstance(i, dict) for i in value):
                raise MalformedInput(f"'{where}{key}' must be a list of objects")
            for item in value:
                _check(item, spec[0], f"{where}{key}[].")


def _checked_text(value: object, spec: Text, where: str) -> str:
    if not isinstance(value, str):
        raise MalformedInput(f"'{where}' must be a string")
    if spec.limit is not None and len(value) > spec.limit:
        if spec.identifier:
            raise MalformedInput(f"'{where}' is too long")
        value = value[: spec.limit]
    if spec.name:
        return without_personnummer(value) or ""
    return value


def _check_invoke(activity: dict[str, Any]) -> None:
    """An Action.Execute carries its action as an object (the SDK calls .get on it)."""
    if activity.get("type") != "invoke" or activity.get("name") != "adaptiveCard/action":
        return
    value = activity.get("value")
    action = value.get("action") if isinstance(value, dict) else None
    if action is not None and not isinstance(action, dict):
        raise MalformedInput("the card action must be an object")


# -- ids from card submits and typed commands ----------------------------------------------
def record_id(value: object) -> int | None:
    """A database id from a card submit: a JSON number that is positive and fits the
    Integer columns (the bot's cards send ids as numbers), or None: an id no row can
    have (a string, a bool, a float, a negative, beyond the range) is simply not there."""
    return whole_number(value, minimum=1)


def record_id_in_text(text: str) -> int | None:
    """The id written as digits (a field name such as target_12), or None."""
    digits = text.strip()
    if not (digits.isascii() and digits.isdigit()) or len(digits) > len(str(MAX_RECORD_ID)):
        return None
    return record_id(int(digits))


def whole_number(value: object, *, minimum: int = 0, maximum: int = MAX_RECORD_ID) -> int | None:
    """value if it is an int (not a bool) between minimum and maximum, else None."""
    if not isinstance(value, int) or isinstance(value, bool):
        return None
    return value if minimum <= value <= maximum else None
