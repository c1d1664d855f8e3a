"""core.inbound: bounded JSON, cleaned activities, ids from card submits."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import String

from core.inbound import (
    ACTIVITY,
    MAX_DEPTH,
    MAX_INT_DIGITS,
    MAX_RECORD_ID,
    MalformedInput,
    clean_activity,
    read_json,
    record_id,
    record_id_in_text,
    storable,
    whole_number,
    without_personnummer,
)
from storage.models import ConversationReferenceRow, StaffUser


def _activity(**fields: Any) -> dict[str, Any]:
    activity: dict[str, Any] = {
        "type": "message",
        "text": "hjälp",
        "serviceUrl": "https://smba.trafficmanager.net/emea/",
        "channelId": "msteams",
        "from": {"id": "29:anna", "name": "Anna Berg", "aadObjectId": "a11a"},
        "conversation": {"id": "a:conv", "conversationType": "personal"},
        "recipient": {"id": "28:bot", "name": "Samverkansboten"},
        "channelData": {"tenant": {"id": "72f988bf-86f1-41af-91ab-2d7cd011db47"}},
        "locale": "sv-SE",
    }
    activity.update(fields)
    return activity


# -- read_json --------------------------------------------------------------------------------
def test_a_normal_body_reads_as_json_loads_reads_it() -> None:
    raw = json.dumps(_activity(value={"n": [1, 2.5, -3, True, None]})).encode()

    assert read_json(raw) == json.loads(raw)


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param(b"[" * 20_000 + b"]" * 20_000, id="deep-lists"),
        pytest.param(b'{"a":' * 20_000 + b"1" + b"}" * 20_000, id="deep-objects"),
        pytest.param(b"[" * (MAX_DEPTH + 1) + b"]" * (MAX_DEPTH + 1), id="one-over"),
        pytest.param(b'{"n": ' + b"9" * 5_000 + b"}", id="5000-digits"),
        pytest.param(b'{"n": -' + b"9" * (MAX_INT_DIGITS + 1) + b"}", id="31-digits"),
        pytest.param(b'{"n": NaN}', id="nan"),
        pytest.param(b'{"n": -Infinity}', id="infinity"),
        pytest.param(b'{"n": 1e999}', id="overflowing-float"),
        pytest.param(b'{"a": ', id="cut-off"),
        pytest.param(b"\xff\xfe", id="not-utf8"),
    ],
)
def test_what_no_client_sends_is_malformed(raw: bytes) -> None:
    with pytest.raises(MalformedInput):
        read_json(raw)


def test_nesting_up_to_the_limit_and_brackets_inside_strings_are_fine() -> None:
    deep = b"[" * MAX_DEPTH + b"]" * MAX_DEPTH
    in_strings = json.dumps({"text": "[[[{{{" * 1_000, "escaped": '\\"[[[' * 100}).encode()
    digits = b'{"n": ' + b"9" * MAX_INT_DIGITS + b"}"

    assert read_json(deep) is not None
    assert read_json(in_strings) == json.loads(in_strings)
    assert read_json(digits) == {"n": int("9" * MAX_INT_DIGITS)}


@pytest.mark.parametrize(
    "decoy",
    ["]" * 100, '\\"]]]]' * 30, "\\" * 7 + "]" * 100, '\\\\"'],
    ids=["closers", "escaped-quotes", "backslashes", "escaped-backslash-then-quote"],
)
def test_strings_cannot_hide_deep_nesting(decoy: str) -> None:
    """Closing brackets inside strings do not make real nesting look shallower."""
    deep = "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1)
    raw = ('{"text": ' + json.dumps(decoy) + ', "value": ' + deep + "}").encode()
    assert json.loads(raw)  # valid JSON, only too deep

    with pytest.raises(MalformedInput, match="deep"):
        read_json(raw)


def test_many_shallow_brackets_are_not_deep() -> None:
    wide = json.dumps([[i] for i in range(5_000)]).encode()

    assert len(read_json(wide)) == 5_000


# -- clean_activity ----------------------------------------------------------------------------
def test_a_normal_activity_is_unchanged() -> None:
    activity = _activity(entities=[{"type": "clientInfo", "timezone": "Europe/Stockholm"}])

    assert clean_activity(json.loads(json.dumps(activity))) == activity


def test_nul_and_lone_surrogates_are_cleaned_everywhere() -> None:
    activity = _activity(
        text="a\x00b\ud800c", value={"k\x00": ["\udfff", {"x": "\x00"}]}, locale="sv\x00-SE"
    )

    cleaned = clean_activity(activity)

    assert cleaned["text"] == "ab\ufffdc"
    assert cleaned["value"] == {"k": ["\ufffd", {"x": ""}]}
    assert cleaned["locale"] == "sv-SE"
    assert storable("😀 ok") == "😀 ok"  # a real pair (joined by json.loads) stays
    # json.loads lets a surrogate encoded in UTF-8 through (surrogatepass): cleaned too.
    assert clean_activity(_activity(text=read_json(b'"a\xed\xa0\x80"')))["text"] == "a\ufffd"


def test_display_names_and_the_locale_are_cut_to_their_columns() -> None:
    activity = _activity(locale="sv-SE" + "x" * 100)
    activity["from"]["name"] = "N" * 1_000
    activity["conversation"]["name"] = "G" * 1_000

    cleaned = clean_activity(activity)

    assert cleaned["from"]["name"] == "N" * 255
    assert cleaned["conversation"]["name"] == "G" * 255
    assert cleaned["locale"] == ("sv-SE" + "x" * 100)[:32]


@pytest.mark.parametrize(
    ("path", "limit"),
    [
        (("from", "id"), 255),
        (("from", "aadObjectId"), 64),
        (("conversation", "id"), 512),
        (("conversation", "conversationType"), 32),
        (("channelData", "tenant", "id"), 64),
        (("serviceUrl",), 512),
        (("channelId",), 64),
    ],
)
def test_an_identifier_longer_than_its_column_is_refused_not_cut(
    path: tuple[str, ...], limit: int
) -> None:
    at_limit, over = _activity(), _activity()
    _put(at_limit, path, "i" * limit)
    _put(over, path, "i" * (limit + 1))

    assert _get(clean_activity(at_limit), path) == "i" * limit
    with pytest.raises(MalformedInput, match="too long"):
        clean_activity(over)


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("text",), 5),
        (("text",), {"a": 1}),
        (("name",), ["adaptiveCard/action"]),
        (("locale",), True),
        (("from", "name"), 5),
        (("from", "aadObjectId"), []),
        (("conversation", "tenantId"), 7),
        (("channelData",), "tenant"),
        (("channelData", "tenant"), [1]),
        (("channelData", "tenant", "id"), {"id": "x"}),
        (("entities",), {"type": "mention"}),
        (("entities", 0, "mentioned"), "29:olle"),
        (("membersAdded", 0, "id"), 5),
        (("entities",), [5]),
        (("attachments",), "file"),
        (("membersAdded",), [["29:a"]]),
    ],
)
def test_a_field_of_the_wrong_type_is_refused(path: tuple[str, ...], value: Any) -> None:
    activity = _activity(entities=[{"type": "mention"}], attachments=[], membersAdded=[{}])
    _put(activity, path, value)

    with pytest.raises(MalformedInput):
        clean_activity(activity)


def test_an_action_execute_whose_action_is_not_an_object_is_refused() -> None:
    for action in (5, "x", [], True):
        invoke = _activity(type="invoke", name="adaptiveCard/action", value={"action": action})
        with pytest.raises(MalformedInput):
            clean_activity(invoke)
    fine = _activity(type="invoke", name="adaptiveCard/action", value={"trigger": "manual"})
    assert clean_activity(fine)["value"] == {"trigger": "manual"}  # the SDK answers that one


def test_the_limits_are_the_columns_the_upsert_writes() -> None:
    user, reference = StaffUser.__table__.c, ConversationReferenceRow.__table__.c
    columns = {
        ("from", "id"): user.teams_user_id,
        ("from", "aadObjectId"): user.aad_object_id,
        ("from", "name"): user.name,
        ("locale",): user.locale,
        ("channelData", "tenant", "id"): user.tenant_id,
        ("conversation", "tenantId"): reference.tenant_id,
        ("conversation", "id"): reference.conversation_id,
        ("conversation", "conversationType"): reference.conversation_type,
        ("serviceUrl",): reference.service_url,
        ("channelId",): reference.channel_id,
    }
    for path, column in columns.items():
        assert isinstance(column.type, String)
        spec: Any = ACTIVITY
        for step in path:
            spec = spec[step]
        assert spec.limit == column.type.length, path


# -- personnummer in names --------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "stored"),
    [
        ("Olle 19121212-1212", "Olle"),
        ("Olle (121212-1212)", "Olle"),
        ("19121212-1212 Olle Ek", "Olle Ek"),
        ("Olle, 191212121212, Kumla", "Olle, Kumla"),
        ("19121212-1212", None),
        ("Olle 070-1234567", "Olle 070-1234567"),  # a phone number is not one
        ("Anna Berg", "Anna Berg"),
    ],
)
def test_a_personnummer_is_taken_out_of_a_name(name: str, stored: str | None) -> None:
    assert without_personnummer(name) == stored


def test_every_name_in_an_activity_loses_its_personnummer() -> None:
    activity = _activity(
        entities=[{"type": "mention", "mentioned": {"id": "29:olle", "name": "Olle 121212-1212"}}],
        membersAdded=[{"id": "29:olle", "name": "Olle 19121212-1212"}],
    )
    activity["from"]["name"] = "Olle 19121212-1212"
    activity["conversation"]["name"] = "Team 19121212-1212"

    cleaned = clean_activity(activity)

    assert "1212" not in json.dumps(cleaned)
    assert cleaned["from"]["name"] == "Olle"
    assert cleaned["entities"][0]["mentioned"]["name"] == "Olle"


def test_a_file_name_loses_its_personnummer_as_a_display_name_does() -> None:
    # A directory import keeps the sent file's name for an hour and names it back.
    activity = _activity(
        attachments=[{"contentType": "text/csv", "name": "Olle 19121212-1212.csv"}]
    )

    cleaned = clean_activity(activity)

    assert cleaned["attachments"][0]["name"] == "Olle .csv"


# -- ids --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1, 1),
        (4711, 4711),
        ("4711", None),  # the bot's cards send numbers
        (MAX_RECORD_ID, MAX_RECORD_ID),
        (MAX_RECORD_ID + 1, None),
        (99999999999999999999, None),
        (0, None),
        (-1, None),
        (1.0, None),
        (True, None),
        (None, None),
        ([1], None),
        ({"id": 1}, None),
    ],
)
def test_record_id_is_a_positive_integer_a_column_holds(value: Any, expected: int | None) -> None:
    assert record_id(value) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("4711", 4711),
        (str(MAX_RECORD_ID), MAX_RECORD_ID),
        (str(MAX_RECORD_ID + 1), None),
        ("99999999999999999999", None),
        ("0", None),
        ("-1", None),
        ("", None),
        ("１２", None),  # full-width digits: isdigit() says yes
        ("12a", None),
    ],
)
def test_record_id_in_text_reads_digits_only(text: str, expected: int | None) -> None:
    assert record_id_in_text(text) == expected


def test_whole_number_allows_zero() -> None:
    assert (whole_number(0), whole_number(-1), whole_number(False)) == (0, None, None)


def _put(tree: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    for step in path[:-1]:
        tree = tree[step]
    tree[path[-1]] = value


def _get(tree: dict[str, Any], path: tuple[str, ...]) -> Any:
    for step in path:
        tree = tree[step]
    return tree
