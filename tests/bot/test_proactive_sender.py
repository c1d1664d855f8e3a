"""The proactive sender against the fake Bot Connector on loopback.

Time is fake: the sender's sleep moves a fake monotonic clock instead of waiting,
so retries and rate limits cost nothing and the waits can be read back exactly.
"""

from __future__ import annotations

import asyncio
import logging
import random
import socket
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import closing
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any

import pytest

from bot.proactive_sender import ProactiveSender, token_provider_for
from core.clock import FrozenClock
from core.config import Config
from core.delivery import SendOutcome
from core.rate_limit import RetryPolicy, TeamsLimits, Window
from tests.support.activities import BOT_ID, TENANT_ID
from tests.support.fake_connector import HANG, FakeConnector

THREAD = "19:c1f0b6d4e5@thread.tacv2;messageid=1700000000000"
HELLO = {"type": "message", "text": "Dags att ringa FK om K-1042"}


class FakeTime:
    """A monotonic clock that moves only when someone sleeps on it: a sleeper wakes
    with the clock at least at the time it asked to wake at, at once."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        wake_at = self.now + seconds
        await asyncio.sleep(0)
        self.now = max(self.now, wake_at)


def reference(service_url: str, conversation_id: str = "a:conv-anna") -> dict[str, Any]:
    """A conversation reference as dialogs/identity.py reference_dict() stores it."""
    return {
        "user": {"id": "29:user-anna", "name": "Anna Berg", "aadObjectId": "aad-anna"},
        "bot": {"id": BOT_ID, "name": "Samverkansboten"},
        "conversation": {
            "conversationType": "personal",
            "id": conversation_id,
            "tenantID": TENANT_ID,
        },
        "channelId": "msteams",
        "locale": "sv-SE",
        "serviceUrl": service_url,
    }


def most_in_any_window(stamps: Sequence[float], seconds: float) -> int:
    ordered = sorted(stamps)
    return max(sum(1 for other in ordered if start <= other < start + seconds) for start in ordered)


def closed_port() -> int:
    """A loopback port nothing listens on: connecting to it is refused."""
    with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


@pytest.fixture
async def connector(fake_time: FakeTime) -> AsyncIterator[FakeConnector]:
    fake = FakeConnector(clock=fake_time)
    await fake.start()
    try:
        yield fake
    finally:
        await fake.stop()


@pytest.fixture
async def make_sender(fake_time: FakeTime) -> AsyncIterator[Callable[..., ProactiveSender]]:
    made: list[ProactiveSender] = []

    def _make(**kwargs: Any) -> ProactiveSender:
        kwargs.setdefault("monotonic", fake_time)
        kwargs.setdefault("sleep", fake_time.sleep)
        kwargs.setdefault("random", random.Random(1042).random)
        sender = ProactiveSender(**kwargs)
        made.append(sender)
        return sender

    yield _make
    for sender in made:
        await sender.close()


async def send(sender: ProactiveSender, connector: FakeConnector, **kwargs: Any) -> SendOutcome:
    return await sender.send(reference(connector.url, **kwargs), HELLO, tenant_id=TENANT_ID)


# -- delivering -----------------------------------------------------------------------


async def test_an_activity_is_posted_to_the_conversation_in_the_reference(
    connector: FakeConnector, make_sender: Callable[..., ProactiveSender]
) -> None:
    outcome = await send(make_sender(), connector, conversation_id=THREAD)

    assert outcome == SendOutcome(delivered=True, activity_id="activity-1", status=200)
    [received] = connector.received
    assert (received.method, received.path, received.conversation_id) == (
        "POST",
        f"/v3/conversations/{THREAD}/activities",
        THREAD,
    )
    assert received.body == {
        "type": "message",
        "text": HELLO["text"],
        "from": {"id": BOT_ID, "name": "Samverkansboten"},
        "recipient": {"id": "29:user-anna", "name": "Anna Berg", "aadObjectId": "aad-anna"},
        "conversation": reference(connector.url, THREAD)["conversation"],
        "channelId": "msteams",
        "serviceUrl": connector.url,
        "locale": "sv-SE",
    }


async def test_a_card_is_updated_in_place_with_a_put(
    connector: FakeConnector, make_sender: Callable[..., ProactiveSender]
) -> None:
    sender = make_sender()
    outcome = await sender.update(
        reference(connector.url, THREAD), "activity-7", HELLO, tenant_id=TENANT_ID
    )

    assert outcome.delivered and outcome.status == 200
    [received] = connector.received
    assert (received.method, received.path) == (
        "PUT",
        f"/v3/conversations/{THREAD}/activities/activity-7",
    )
    assert (received.body["id"], received.body["text"]) == ("activity-7", HELLO["text"])
    # Nothing to update without the message's id, and nothing goes out.
    missing = await sender.update(reference(connector.url), "", HELLO, tenant_id=TENANT_ID)
    assert (missing.delivered, missing.permanent, missing.attempts) == (False, True, 0)
    assert len(connector.received) == 1


async def test_local_mode_sends_no_token(
    connector: FakeConnector, make_sender: Callable[..., ProactiveSender]
) -> None:
    await send(make_sender(), connector)

    assert "Authorization" not in connector.received[0].headers
    assert token_provider_for(Config()) is None


async def test_a_bearer_token_is_sent_when_the_app_has_one(
    connector: FakeConnector, make_sender: Callable[..., ProactiveSender]
) -> None:
    async def token() -> str:
        return "token-from-aad"

    await send(make_sender(token_provider=token), connector)

    assert connector.received[0].headers["Authorization"] == "Bearer token-from-aad"


def test_an_app_id_gives_a_token_provider_without_calling_aad() -> None:
    config = Config(
        app_id="00000000-0000-0000-0000-0000000000b0",
        app_password="not-a-real-secret",
        app_type="SingleTenant",
        app_tenant_id=TENANT_ID,
        allowed_tenants=frozenset({TENANT_ID}),
    )

    assert callable(token_provider_for(config))


async def test_a_201_is_delivered_with_the_id_from_its_body(
    connector: FakeConnector, make_sender: Callable[..., ProactiveSender]
) -> None:
    connector.failures.append((201, {}, {"id": "1700000000001"}))

    outcome = await send(make_sender(), connector)

    assert outcome == SendOutcome(delivered=True, activity_id="1700000000001", status=201)


async def test_an_incomplete_reference_is_not_sent(
    connector: FakeConnector, make_sender: Callable[..., ProactiveSender]
) -> None:
    broken = reference(connector.url)
    del broken["serviceUrl"]

    outcome = await make_sender().send(broken, HELLO, tenant_id=TENANT_ID)

    assert (outcome.delivered, outcome.permanent, outcome.attempts) == (False, True, 0)
    assert connector.answered == []


async def test_a_console_reference_is_unreachable_at_once(
    connector: FakeConnector, make_sender: Callable[..., ProactiveSender]
) -> None:
    console = {**reference(connector.url), "serviceUrl": "console://local/"}

    outcome = await make_sender().send(console, HELLO, tenant_id=TENANT_ID)

    assert (outcome.delivered, outcome.permanent, outcome.attempts) == (False, True, 0)
    assert outcome.error == "not an HTTP serviceUrl"


# -- retrying -------------------------------------------------------------------------


async def test_a_429_waits_as_long_as_retry_after_says(
    connector: FakeConnector, make_sender: Callable[..., ProactiveSender], fake_time: FakeTime
) -> None:
    connector.failures.append((429, {"Retry-After": "2"}, None))

    outcome = await send(make_sender(), connector)

    assert outcome == SendOutcome(delivered=True, activity_id="activity-1", status=200, attempts=2)
    assert (fake_time.sleeps, connector.answered) == ([2.0], [429, 200])


async def test_retry_after_may_be_an_http_date(
    connector: FakeConnector, make_sender: Callable[..., ProactiveSender], fake_time: FakeTime
) -> None:
    wall = FrozenClock(datetime(2026, 11, 22, 9, 0, tzinfo=UTC))
    when = format_datetime(wall.now() + timedelta(seconds=5), usegmt=True)
    connector.failures.append((503, {"Retry-After": when}, None))

    outcome = await send(make_sender(wall_clock=wall), connector)

    assert (outcome.delivered, fake_time.sleeps) == (True, [5.0])


async def test_503_twice_backs_off_within_the_jitter_bounds(
    connector: FakeConnector, make_sender: Callable[..., ProactiveSender], fake_time: FakeTime
) -> None:
    connector.failures += [(503, {}, None), (503, {}, None)]

    outcome = await send(make_sender(retry=RetryPolicy(base_delay=1.0)), connector)

    assert (outcome.delivered, outcome.attempts, connector.answered) == (True, 3, [503, 503, 200])
    first, second = fake_time.sleeps
    assert (0.0 <= first <= 1.0, 0.0 <= second <= 2.0) == (True, True)


@pytest.mark.parametrize("status", [412, 429, 502, 503, 504])
async def test_transient_statuses_are_retried_with_growing_backoff(
    status: int,
    connector: FakeConnector,
    make_sender: Callable[..., ProactiveSender],
    fake_time: FakeTime,
) -> None:
    connector.failures += [(status, {}, None)] * 3
    sender = make_sender(random=lambda: 0.5, retry=RetryPolicy(base_delay=1.0))

    outcome = await send(sender, connector)

    assert (outcome.delivered, outcome.attempts) == (True, 4)
    assert fake_time.sleeps == [0.5, 1.0, 2.0]


@pytest.mark.parametrize("status", [403, 404])
async def test_403_and_404_are_permanent_and_not_retried(
    status: int,
    connector: FakeConnector,
    make_sender: Callable[..., ProactiveSender],
    fake_time: FakeTime,
) -> None:
    connector.failures.append((status, {}, {"error": {"code": "ConversationBlockedByUser"}}))

    outcome = await send(make_sender(), connector)

    assert outcome == SendOutcome(
        delivered=False, status=status, permanent=True, error="ConversationBlockedByUser"
    )
    assert (connector.answered, fake_time.sleeps) == ([status], [])


@pytest.mark.parametrize("status", [400, 401, 413, 500])
async def test_other_failures_are_not_retried(
    status: int, connector: FakeConnector, make_sender: Callable[..., ProactiveSender]
) -> None:
    connector.failures.append((status, {}, None))

    outcome = await send(make_sender(), connector)

    assert outcome == SendOutcome(delivered=False, status=status, error=str(status))
    assert connector.answered == [status]


async def test_a_refused_connection_is_retried_then_handed_back(
    make_sender: Callable[..., ProactiveSender], fake_time: FakeTime
) -> None:
    sender = make_sender(retry=RetryPolicy(max_attempts=4, base_delay=1.0))

    outcome = await sender.send(
        reference(f"http://127.0.0.1:{closed_port()}/"), HELLO, tenant_id=TENANT_ID
    )

    assert outcome == SendOutcome(
        delivered=False,
        status=None,
        attempts=4,
        retry_after=8.0,
        error="ClientConnectorError",
    )
    assert len(fake_time.sleeps) == 3


async def test_attempts_are_bounded(
    connector: FakeConnector, make_sender: Callable[..., ProactiveSender]
) -> None:
    connector.failures += [(503, {}, None)] * 10

    outcome = await send(make_sender(retry=RetryPolicy(max_attempts=4)), connector)

    assert (outcome.delivered, outcome.attempts, outcome.status) == (False, 4, 503)
    assert connector.answered == [503] * 4


async def test_a_wait_past_the_budget_is_handed_back_to_the_caller(
    connector: FakeConnector, make_sender: Callable[..., ProactiveSender], fake_time: FakeTime
) -> None:
    connector.failures += [(429, {"Retry-After": "20"}, None)] * 2

    outcome = await send(make_sender(retry=RetryPolicy(max_total_wait=30.0)), connector)

    assert (outcome.delivered, outcome.attempts, outcome.retry_after) == (False, 2, 20.0)
    assert fake_time.sleeps == [20.0]


async def test_a_failing_token_is_retried_and_never_sent_half_made(
    connector: FakeConnector, make_sender: Callable[..., ProactiveSender]
) -> None:
    answers = iter([PermissionError("AADSTS7000215"), "fresh-token"])

    async def token() -> str:
        answer = next(answers)
        if isinstance(answer, Exception):
            raise answer
        return answer

    outcome = await send(make_sender(token_provider=token), connector)

    assert (outcome.delivered, outcome.attempts) == (True, 2)
    assert [r.headers["Authorization"] for r in connector.received] == ["Bearer fresh-token"]


async def test_every_attempt_is_logged_without_text_or_token(
    connector: FakeConnector,
    make_sender: Callable[..., ProactiveSender],
    caplog: pytest.LogCaptureFixture,
) -> None:
    async def token() -> str:
        return "token-from-aad"

    connector.failures.append((429, {"Retry-After": "2"}, None))
    with caplog.at_level(logging.INFO, logger="samverkan.sender"):
        await send(make_sender(token_provider=token), connector)

    logged = [(r.levelname, r.getMessage()) for r in caplog.records]
    assert logged == [
        (
            "WARNING",
            "proactive send conversation=a:conv-anna attempt=1 status=429 error=429: "
            "retrying in 2.00s",
        ),
        (
            "INFO",
            "proactive send conversation=a:conv-anna attempt=2 status=200 error=None: delivered",
        ),
    ]
    assert not any("K-1042" in m or "token-from-aad" in m for _, m in logged)


# -- rate limits ----------------------------------------------------------------------


async def test_twenty_sends_to_one_conversation_keep_to_seven_per_second(
    connector: FakeConnector, make_sender: Callable[..., ProactiveSender]
) -> None:
    sender = make_sender()

    outcomes = [await send(sender, connector) for _ in range(20)]

    assert [o.delivered for o in outcomes] == [True] * 20
    arrived = [r.at for r in connector.received]
    assert (most_in_any_window(arrived, 1.0), arrived[-1]) == (7, 2.0)


async def test_concurrent_sends_to_one_conversation_do_not_overshoot(
    connector: FakeConnector, make_sender: Callable[..., ProactiveSender], fake_time: FakeTime
) -> None:
    """The token provider is asked right after a slot is taken, with no await between,
    so the times it is asked at are the times the sends were allowed."""
    allowed_at: list[float] = []

    async def token() -> str:
        allowed_at.append(fake_time.now)
        return "token"

    sender = make_sender(token_provider=token)

    outcomes = await asyncio.gather(*(send(sender, connector) for _ in range(30)))

    assert len({o.activity_id for o in outcomes if o.delivered}) == 30
    assert (most_in_any_window(allowed_at, 1.0), max(allowed_at)) == (7, 4.0)


async def test_many_conversations_of_one_tenant_keep_to_fifty_per_second(
    connector: FakeConnector, make_sender: Callable[..., ProactiveSender], fake_time: FakeTime
) -> None:
    allowed_at: list[float] = []

    async def token() -> str:
        allowed_at.append(fake_time.now)
        return "token"

    sender = make_sender(token_provider=token)

    outcomes = await asyncio.gather(
        *(send(sender, connector, conversation_id=f"a:conv-{n % 30}") for n in range(120))
    )

    assert [o.delivered for o in outcomes] == [True] * 120
    assert (most_in_any_window(allowed_at, 1.0), max(allowed_at)) == (50, 2.0)
    # No lock outlives its last waiter.
    assert (len(sender._conversation_locks), len(sender._tenant_locks)) == (0, 0)


async def test_the_limits_can_be_lifted(
    connector: FakeConnector, make_sender: Callable[..., ProactiveSender], fake_time: FakeTime
) -> None:
    lifted = TeamsLimits(per_conversation=(Window(1000, 1.0),), per_tenant=(Window(1000, 1.0),))
    sender = make_sender(limits=lifted)

    await asyncio.gather(*(send(sender, connector) for _ in range(30)))

    assert (len(connector.received), fake_time.sleeps) == (30, [])


def test_from_config_takes_this_instances_share_of_the_limits() -> None:
    sender = ProactiveSender.from_config(Config(instances=2))

    assert sender._limiter.tenants._windows == (Window(25, 1.0),)


async def test_a_hundred_hung_conversations_leave_the_others_a_connection(
    connector: FakeConnector, make_sender: Callable[..., ProactiveSender]
) -> None:
    """aiohttp's default pool is 100 connections per session, all to one host (the
    Bot Connector): 100 hung sends used to take every one of them."""
    sender = make_sender(limits=TeamsLimits(per_tenant=(Window(10_000, 1.0),)))
    hung = [f"a:conv-hung-{n}" for n in range(100)]
    connector.faults = {conversation: [HANG] for conversation in hung}
    hanging = [asyncio.create_task(send(sender, connector, conversation_id=c)) for c in hung]
    for _ in range(500):
        if connector.hung == len(hung):
            break
        await asyncio.sleep(0.01)
    assert connector.hung == len(hung)

    healthy = asyncio.create_task(send(sender, connector, conversation_id="a:conv-healthy"))
    done, _ = await asyncio.wait({healthy}, timeout=10)

    connector.release_hung()
    await asyncio.gather(*hanging)
    assert healthy in done and healthy.result().delivered
