"""Reading who wrote, and from where, off a Teams activity."""

from __future__ import annotations

import pytest
from botbuilder.schema import Activity, ChannelAccount, ConversationAccount, Entity

from dialogs.identity import client_timezone_of, identity_of, reference_dict, tenant_id_of


def _activity(**fields: object) -> Activity:
    fields.setdefault("id", "incoming-1")
    return Activity(
        type="message",
        channel_id="msteams",
        service_url="https://smba.trafficmanager.net/emea/",
        from_property=ChannelAccount(id="29:anna", name="Anna Berg", aad_object_id="aad-1"),
        recipient=ChannelAccount(id="28:bot", name="Samverkansboten"),
        conversation=ConversationAccount(id="a:conv", conversation_type="personal"),
        **fields,
    )


def _client_info(timezone: object) -> Entity:
    return Entity().deserialize({"type": "clientInfo", "locale": "sv-SE", "timezone": timezone})


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"local_timezone": "Europe/Stockholm"}, "Europe/Stockholm"),
        ({"entities": [_client_info("Europe/Helsinki")]}, "Europe/Helsinki"),
        (
            {"local_timezone": "Europe/Oslo", "entities": [_client_info("Europe/Helsinki")]},
            "Europe/Oslo",
        ),
        (
            {"local_timezone": "Mars/Olympus", "entities": [_client_info("Europe/Riga")]},
            "Europe/Riga",
        ),
        ({"local_timezone": "Not/AZone"}, None),
        ({"entities": [_client_info(42)]}, None),
        ({}, None),
    ],
)
def test_client_timezone(fields: dict, expected: str | None) -> None:
    assert client_timezone_of(_activity(**fields)) == expected


def test_identity_carries_tenant_locale_and_zone() -> None:
    activity = _activity(
        locale="sv-SE",
        local_timezone="Europe/Stockholm",
        channel_data={"tenant": {"id": "ABC-Tenant"}},
    )

    identity = identity_of(activity)

    assert identity is not None
    assert (identity.teams_user_id, identity.aad_object_id, identity.tenant_id) == (
        "29:anna",
        "aad-1",
        "abc-tenant",
    )
    assert (identity.locale, identity.client_timezone) == ("sv-SE", "Europe/Stockholm")
    assert tenant_id_of(_activity()) is None


def test_the_stored_reference_leaves_out_the_incoming_activity_id() -> None:
    first = reference_dict(_activity())
    second = reference_dict(_activity(id="incoming-2"))

    assert first == second
    assert "activityId" not in first
    assert first["conversation"]["id"] == "a:conv"
