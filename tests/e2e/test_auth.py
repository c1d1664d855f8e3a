"""With a MicrosoftAppId, requests without a valid Bot Framework token get 401, offline."""

from __future__ import annotations

import json
from collections.abc import Iterator

import jwt
import pytest
from botframework.connector.auth import jwt_token_extractor

from tests.e2e.conftest import BotService
from tests.support.activities import TENANT_ID

APP_ID = "5f0c3c5e-9a1b-4d6e-8f2a-3b4c5d6e7f80"


@pytest.fixture
def metadata_fetches(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every attempt botbuilder makes to fetch OpenID metadata (refused, as if offline)."""
    fetched: list[str] = []

    async def refresh(metadata: object) -> None:
        fetched.append(str(getattr(metadata, "url", "?")))
        raise ConnectionError("OpenID metadata is unreachable in the e2e tests")

    monkeypatch.setattr(jwt_token_extractor._OpenIdMetadata, "_refresh", refresh)
    yield fetched


@pytest.fixture
async def secured(service: BotService) -> BotService:
    await service.start(app_id=APP_ID, app_password="x", allowed_tenants=frozenset({TENANT_ID}))
    return service


def _token(issuer: str) -> str:
    claims = {"iss": issuer, "aud": APP_ID, "serviceurl": "http://127.0.0.1/"}
    return jwt.encode(claims, "not-the-real-key-but-long-enough-for-hs256", headers={"kid": "k1"})


@pytest.mark.parametrize(
    "authorization",
    [
        pytest.param(None, id="no-header"),
        pytest.param("", id="empty-header"),
        pytest.param("Bearer garbage", id="garbage-bearer"),
        pytest.param("Bearer a.b.c", id="three-garbage-parts"),
        pytest.param("Basic dXNlcjpwYXNz", id="basic"),
        pytest.param("Bearer", id="bearer-without-token"),
        pytest.param("Bearer " + _token("https://evil.example"), id="unknown-issuer"),
    ],
)
async def test_requests_without_a_valid_token_get_401_without_the_network(
    secured: BotService, metadata_fetches: list[str], authorization: str | None
) -> None:
    headers = {} if authorization is None else {"Authorization": authorization}

    status, body = await secured.post(json.dumps(secured.activity(text="hjälp")), headers=headers)

    assert (status, body) == (401, {"error": "unauthorized"})
    assert metadata_fetches == []
    assert secured.connector.received == []
    assert secured.rows("SELECT COUNT(*) AS n FROM staff_users") == [{"n": 0}]


async def test_a_forged_token_with_a_bot_framework_issuer_is_refused(
    secured: BotService, metadata_fetches: list[str]
) -> None:
    """Such a token passes botbuilder's issuer check, so botbuilder fetches the signing
    keys before it can refuse it; with the keys out of reach it is still a 401."""
    headers = {"Authorization": "Bearer " + _token("https://api.botframework.com")}

    status, _ = await secured.post(json.dumps(secured.activity(text="hjälp")), headers=headers)

    assert status == 401
    assert metadata_fetches == ["https://login.botframework.com/v1/.well-known/openidconfiguration"]
    assert secured.connector.received == []


async def test_an_invoke_without_a_token_is_401_too(secured: BotService) -> None:
    activity = secured.activity(type="invoke", name="composeExtension/query", value={})

    status, _ = await secured.post(json.dumps(activity))

    assert status == 401


async def test_readiness_reports_bot_framework_auth(secured: BotService) -> None:
    status, body = await secured.get("/readyz")

    assert (status, body["auth"]) == (200, "bot-framework")
