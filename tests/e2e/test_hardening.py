"""Hardening over real HTTP: a per-user turn limit with a friendly answer, no
internals shown when a turn fails, and no secret or personnummer in the logs."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from datetime import timedelta

import pytest

from bot.conversation import Conversation
from core import log_redaction
from core.clock import FrozenClock
from tests.e2e.conftest import BotService
from tests.support.activities import TENANT_ID

APP_PASSWORD = "Zq8~e2e-app-password-value"
PNR = "19121212-1212"


async def test_a_user_over_the_turn_limit_is_told_once_and_let_in_again(
    service: BotService,
) -> None:
    await service.start(turns_per_minute=6)  # and 2 per 10 seconds
    clock = service.clock
    assert isinstance(clock, FrozenClock)
    anna = [await service.turn(service.activity(text="hjälp")) for _ in range(5)]
    bo = await service.turn(service.activity(text="hjälp", user_id="29:user-bo"))

    assert [r.status for r in anna] == [200] * 5
    assert [len(r.replies) for r in anna[:2]] == [1, 1]  # the help card, twice
    assert anna[2].texts == [
        "Oj, det går fort! Jag hinner inte med så många meddelanden, så de närmaste tar jag "
        "inte emot. Vänta 10 sekunder och skriv sedan det senaste igen."
    ]
    assert [r.replies for r in anna[3:]] == [[], []]  # dropped without a word
    assert len(bo.replies) == 1  # others are not held up
    # Refused turns touched nothing: Anna was remembered by her first turns only.
    assert service.rows("SELECT count(*) AS n FROM staff_users") == [{"n": 2}]

    clock.advance(timedelta(seconds=10))
    await service.assert_answers_help()


async def test_an_invoke_over_the_limit_gets_429(service: BotService) -> None:
    await service.start(turns_per_minute=3)  # 1 per 10 seconds
    invoke = {"type": "invoke", "name": "adaptiveCard/action", "value": {"action": {}}}
    first = await service.turn(service.activity(**invoke))
    second = await service.turn(service.activity(**invoke))

    assert first.status != 429
    assert second.status == 429


async def test_a_failing_turn_shows_the_user_an_apology_and_nothing_inside(
    running: BotService, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(*_args: object) -> None:
        raise RuntimeError("SELECT * FROM clients WHERE id = 4711 at /srv/storage/db.py:88")

    monkeypatch.setattr(Conversation, "_help", broken)
    result = await running.turn(running.activity(text="hjälp"))

    assert result.status == 200
    assert result.texts == ["Oj, något gick fel hos mig. Jag har börjat om – försök gärna igen."]
    shown = str(result.body) + "".join(str(r.body) for r in result.replies)
    for inside in ("RuntimeError", "Traceback", "4711", "SELECT", "/srv/", "db.py"):
        assert inside not in shown


@pytest.fixture
def log_text() -> Iterator[io.StringIO]:
    """Everything logged at DEBUG, through a handler set up the way `samverkan serve`
    sets up its own (log_redaction.install on the root logger's handlers)."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(name)s %(message)s"))
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield stream
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)


async def test_secrets_and_personnummer_stay_out_of_the_logs(
    service: BotService, log_text: io.StringIO, monkeypatch: pytest.MonkeyPatch
) -> None:
    await service.start(
        app_id="00000000-0000-0000-0000-0000000000b0",
        app_password=APP_PASSWORD,
        allowed_tenants=frozenset({TENANT_ID}),
    )
    assert service.config is not None
    log_redaction.configure(service.config)  # what `samverkan serve` does at start
    forged = "Bearer eyJhbGciOiJIUzI1NiJ9.eyJhdWQiOiJ4In0.c2lnbmF0dXJlLWZvcmdlZA"

    refused = await service.turn(
        service.activity(text=f"påminn mig imorgon kl 9 om {PNR}"),
        headers={"Authorization": forged},
    )
    logging.getLogger("samverkan.test").error(
        "a library echoing its input: secret=%s text=%s", APP_PASSWORD, PNR
    )

    assert refused.status == 401
    text = log_text.getvalue()
    assert "a library echoing its input: secret=[redacted] text=[personnummer]" in text
    for leaked in (APP_PASSWORD, PNR, "c2lnbmF0dXJlLWZvcmdlZA"):
        assert leaked not in text
