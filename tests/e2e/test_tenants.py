"""ALLOWED_TENANTS: other organisations get a polite refusal and leave no trace."""

from __future__ import annotations

import pytest

from core.i18n import t
from tests.e2e.conftest import BotService, card_of

REFUSAL = t("tenant.refused", "sv")


@pytest.fixture
async def guarded(service: BotService) -> BotService:
    await service.start(allowed_tenants=frozenset({"tenant-a"}))
    return service


async def test_another_tenant_is_refused_and_not_stored(guarded: BotService) -> None:
    result = await guarded.turn(guarded.activity(text="hjälp", tenant_id="tenant-b"))

    assert result.status == 200
    assert result.texts == [REFUSAL]
    assert guarded.rows("SELECT COUNT(*) AS n FROM staff_users") == [{"n": 0}]
    assert guarded.rows("SELECT COUNT(*) AS n FROM conversation_references") == [{"n": 0}]


async def test_an_activity_without_a_tenant_is_refused(guarded: BotService) -> None:
    activity = guarded.activity(text="hjälp")
    del activity["channelData"]
    del activity["conversation"]["tenantId"]

    result = await guarded.turn(activity)

    assert result.texts == [REFUSAL]
    assert guarded.rows("SELECT COUNT(*) AS n FROM staff_users") == [{"n": 0}]


async def test_an_invoke_from_another_tenant_gets_403(guarded: BotService) -> None:
    activity = guarded.activity(
        type="invoke", name="composeExtension/query", value={}, tenant_id="tenant-b"
    )

    status, body, replies = await guarded.turn(activity)

    assert (status, body, replies) == (403, None, [])


async def test_the_allowed_tenant_is_answered_and_stored(guarded: BotService) -> None:
    result = await guarded.turn(guarded.activity(text="hjälp", tenant_id="tenant-a"))

    assert result.status == 200
    assert card_of(result.replies[0])["body"][0]["text"] == t("help.title", "sv")
    assert guarded.rows("SELECT teams_user_id, tenant_id FROM staff_users") == [
        {"teams_user_id": "29:user-anna", "tenant_id": "tenant-a"}
    ]
