"""Bot Framework tokens signed with a key the app trusts (in place of the channel's
published keys, which the offline suite cannot fetch): a good token gets the turn
answered, and an expired one, one for another bot, one for another serviceUrl and
one signed by a stranger's key with the trusted key id all get 401, with nothing
stored and nothing sent. The good token is the control: without it, a refusal could
come from a broken set-up rather than from the check."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import jwt
import pytest
from botframework.connector.auth import MicrosoftAppCredentials, jwt_token_extractor
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from tests.e2e.conftest import BotService
from tests.support.activities import TENANT_ID

APP_ID = "5f0c3c5e-9a1b-4d6e-8f2a-3b4c5d6e7f80"
ISSUER = "https://api.botframework.com"
KEY_ID = "samverkan-test-key"
TRUSTED = rsa.generate_private_key(public_exponent=65537, key_size=2048)
STRANGER = rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture
def trusted_keys(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The channel's signing keys are ours; the bot's own outgoing token is a stub."""
    jwk = json.loads(RSAAlgorithm.to_jwk(TRUSTED.public_key()))
    jwk.update(kid=KEY_ID, endorsements=["msteams"])

    async def refresh(metadata: Any) -> None:
        metadata.keys = [jwk]
        metadata.last_updated = datetime.now()

    monkeypatch.setattr(jwt_token_extractor._OpenIdMetadata, "_refresh", refresh)
    monkeypatch.setattr(
        MicrosoftAppCredentials, "get_access_token", lambda self, force_refresh=False: "outgoing"
    )
    yield


@pytest.fixture
async def secured(service: BotService, trusted_keys: None) -> BotService:
    await service.start(app_id=APP_ID, app_password="x", allowed_tenants=frozenset({TENANT_ID}))
    return service


def _token(service: BotService, *, key: Any = TRUSTED, **changes: Any) -> str:
    now = int(time.time())
    claims = {
        "iss": ISSUER,
        "aud": APP_ID,
        "serviceurl": service.connector.url,
        "nbf": now - 60,
        "exp": now + 3600,
        **changes,
    }
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": KEY_ID})


async def _post(service: BotService, token: str) -> int:
    activity = service.activity(text="hjälp")
    status, _ = await service.post(
        json.dumps(activity), headers={"Authorization": f"Bearer {token}"}
    )
    return status


async def test_a_good_token_gets_the_turn_answered(secured: BotService) -> None:
    assert await _post(secured, _token(secured)) == 200
    [reply] = secured.connector.received
    assert reply.headers["Authorization"] == "Bearer outgoing"
    assert reply.body["attachments"][0]["content"]["fallbackText"].startswith("Det här kan jag")


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param({"exp": int(time.time()) - 3600}, id="expired"),
        pytest.param({"aud": "00000000-0000-0000-0000-000000000000"}, id="another-bot"),
        pytest.param({"serviceurl": "https://smba.trafficmanager.net/emea/"}, id="other-url"),
        pytest.param({"key": STRANGER}, id="stranger-signed"),
        pytest.param({"iss": "https://sts.windows.net/evil/"}, id="other-issuer"),
    ],
)
async def test_a_bad_token_is_refused_and_nothing_happens(
    secured: BotService, changes: dict[str, Any]
) -> None:
    status = await _post(secured, _token(secured, **changes))

    assert status == 401
    assert secured.connector.received == []
    assert secured.rows("SELECT COUNT(*) AS n FROM staff_users") == [{"n": 0}]
