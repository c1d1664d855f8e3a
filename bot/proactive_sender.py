"""The proactive sender: one activity to a stored conversation, within Teams' limits.

Reminders and rating prompts are sent here, outside any user turn. This module
POSTs to the Bot Connector REST API itself instead of going through
`adapter.continue_conversation`, for two reasons found in botbuilder 4.17:

* an `on_turn_error` handler set on the adapter swallows exceptions raised while
  sending inside `continue_conversation`, so the caller never learns that a send
  failed, let alone whether it was a 429, a 403 or a 404;
* the connector client (msrest over `requests`) runs in a thread pool and
  retries 5xx on its own, with its own backoff and without honouring Retry-After,
  so neither the waits nor the number of attempts can be controlled or logged.

Here every attempt is paced by `core.rate_limit` (per conversation and per app and
tenant), logged, and classified into a `core.delivery.SendOutcome`: 429, 412, 502,
503, 504 and network errors are retried with jittered exponential backoff or the
channel's Retry-After; 403 and 404 are permanent; other statuses are not retried.
Activity text and tokens are never logged.
"""

from __future__ import annotations

import asyncio
import logging
import random as random_module
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Hashable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import aiohttp
from botframework.connector.auth import (
    AppCredentials,
    ManagedIdentityAppCredentials,
    MicrosoftAppCredentials,
)
from yarl import URL

from core.clock import Clock, SystemClock
from core.config import Config
from core.delivery import SendOutcome
from core.rate_limit import (
    PERMANENT_STATUSES,
    TEAMS_LIMITS,
    TRANSIENT_STATUSES,
    RetryPolicy,
    TeamsLimits,
    TeamsRateLimiter,
    conversation_key,
    parse_retry_after,
)

log = logging.getLogger("samverkan.sender")

TokenProvider = Callable[[], Awaitable[str]]
Sleep = Callable[[float], Awaitable[None]]


def token_provider_for(config: Config) -> TokenProvider | None:
    """Bearer tokens for the Bot Connector; None in local mode (no app id)."""
    if config.local_mode:
        return None
    credentials: AppCredentials
    if config.app_type == "UserAssignedMSI":
        credentials = ManagedIdentityAppCredentials(config.app_id)
    else:
        tenant = config.app_tenant_id if config.app_type == "SingleTenant" else None
        credentials = MicrosoftAppCredentials(
            config.app_id, config.app_password, channel_auth_tenant=tenant or None
        )

    async def token() -> str:
        # MSAL is synchronous and may call AAD; it caches the token between calls.
        return await asyncio.to_thread(credentials.get_access_token)

    return token


class _KeyedLocks:
    """One asyncio.Lock per key, dropped again when nobody holds or awaits it."""

    def __init__(self) -> None:
        self._locks: dict[Hashable, tuple[asyncio.Lock, int]] = {}

    def __len__(self) -> int:
        return len(self._locks)

    @asynccontextmanager
    async def hold(self, key: Hashable) -> AsyncIterator[None]:
        lock, users = self._locks.get(key, (asyncio.Lock(), 0))
        self._locks[key] = (lock, users + 1)
        try:
            async with lock:
                yield
        finally:
            lock, users = self._locks[key]
            if users == 1:
                del self._locks[key]
            else:
                self._locks[key] = (lock, users - 1)


@dataclass(frozen=True)
class _Answer:
    """What one attempt came to; status None for a network or token failure."""

    status: int | None
    activity_id: str | None = None
    retry_after: float | None = None
    error: str | None = None


class ProactiveSender:
    """Implements `core.delivery.Sender` over HTTP; one aiohttp session, made lazily."""

    def __init__(
        self,
        *,
        token_provider: TokenProvider | None = None,
        limits: TeamsLimits = TEAMS_LIMITS,
        retry: RetryPolicy | None = None,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Sleep = asyncio.sleep,
        random: Callable[[], float] = random_module.random,
        wall_clock: Clock | None = None,
    ) -> None:
        self._token_provider = token_provider
        self._retry = retry or RetryPolicy()
        self._sleep = sleep
        self._random = random
        self._wall_clock = wall_clock or SystemClock()
        self._limiter = TeamsRateLimiter(monotonic, limits)
        self._conversation_locks = _KeyedLocks()
        self._tenant_locks = _KeyedLocks()
        self._session: aiohttp.ClientSession | None = None

    @classmethod
    def from_config(cls, config: Config, **kwargs: Any) -> ProactiveSender:
        kwargs.setdefault("limits", TEAMS_LIMITS.shared_by(config.instances))
        return cls(token_provider=token_provider_for(config), **kwargs)

    async def close(self) -> None:
        if self._session is not None:
            session, self._session = self._session, None
            await session.close()

    async def send(
        self, reference: dict[str, Any], activity: dict[str, Any], *, tenant_id: str | None
    ) -> SendOutcome:
        target = _target(reference)
        if isinstance(target, SendOutcome):
            return target
        service_url, conversation_id = target
        path = f"/v3/conversations/{quote(conversation_id, safe='')}/activities"
        return await self._deliver(
            "POST", service_url, path, conversation_id, _outgoing(reference, activity), tenant_id
        )

    async def update(
        self,
        reference: dict[str, Any],
        activity_id: str,
        activity: dict[str, Any],
        *,
        tenant_id: str | None,
    ) -> SendOutcome:
        """Replace a message the bot sent earlier (a card updated in place), paced and
        retried like a send: PUT …/activities/{activity_id}."""
        target = _target(reference)
        if isinstance(target, SendOutcome):
            return target
        if not activity_id:
            return SendOutcome(delivered=False, permanent=True, attempts=0, error="no activity id")
        service_url, conversation_id = target
        path = (
            f"/v3/conversations/{quote(conversation_id, safe='')}"
            f"/activities/{quote(activity_id, safe='')}"
        )
        body = _outgoing(reference, activity)
        body["id"] = activity_id
        return await self._deliver("PUT", service_url, path, conversation_id, body, tenant_id)

    async def _deliver(
        self,
        method: str,
        service_url: str,
        path: str,
        conversation_id: str,
        body: dict[str, Any],
        tenant_id: str | None,
    ) -> SendOutcome:
        url = URL(service_url.rstrip("/") + path, encoded=True)
        conversation = conversation_key(conversation_id)
        tenant = (tenant_id or "").lower()

        waited = 0.0
        attempt = 0
        while True:
            attempt += 1
            await self._pace(conversation, tenant)
            answer = await self._attempt(method, url, body)
            final = _final_outcome(answer, attempt)
            if final is not None:
                _log_attempt(conversation_id, attempt, answer, final)
                return final
            if answer.retry_after is not None:
                wait = answer.retry_after
            else:
                wait = self._retry.backoff(attempt, self._random)
            if attempt >= self._retry.max_attempts or waited + wait > self._retry.max_total_wait:
                suggested = (
                    answer.retry_after
                    if answer.retry_after is not None
                    else self._retry.backoff_ceiling(attempt)
                )
                outcome = SendOutcome(
                    delivered=False,
                    status=answer.status,
                    attempts=attempt,
                    retry_after=suggested,
                    error=answer.error,
                )
                _log_attempt(conversation_id, attempt, answer, outcome, wait=suggested)
                return outcome
            _log_attempt(conversation_id, attempt, answer, None, wait=wait)
            waited += wait
            await self._sleep(wait)

    async def member_email(self, reference: dict[str, Any], *, tenant_id: str | None) -> str | None:
        """The e-mail (or UPN) of the user in a stored 1:1 chat, from the Bot
        Connector's member API; None when it cannot tell (logged, not raised)."""
        service_url = str(reference.get("serviceUrl") or "")
        conversation_id = (reference.get("conversation") or {}).get("id")
        user_id = (reference.get("user") or {}).get("id")
        if (
            not service_url.startswith(("https://", "http://"))
            or not conversation_id
            or not user_id
        ):
            return None
        path = (
            f"/v3/conversations/{quote(conversation_id, safe='')}/members/{quote(user_id, safe='')}"
        )
        await self._pace(conversation_key(conversation_id), (tenant_id or "").lower())
        headers = {}
        if self._token_provider is not None:
            try:
                headers["Authorization"] = f"Bearer {await self._token_provider()}"
            except Exception as exc:  # MSAL and its HTTP client raise many kinds
                log.warning("member lookup: no token (%s)", type(exc).__name__)
                return None
        url = URL(service_url.rstrip("/") + path, encoded=True)
        try:
            async with self._client().get(url, headers=headers) as response:
                payload = await _json_or_none(response)
                if response.status != 200 or not isinstance(payload, dict):
                    log.info("member lookup answered %s", response.status)
                    return None
        except (aiohttp.ClientError, TimeoutError) as exc:
            log.info("member lookup failed: %s", type(exc).__name__)
            return None
        email = payload.get("email") or payload.get("userPrincipalName")
        return email if isinstance(email, str) and "@" in email else None

    async def _pace(self, conversation: Hashable, tenant: Hashable) -> None:
        """Wait for, and take, a send slot in the conversation and the tenant.

        One waiter per conversation (FIFO), so concurrent sends to a conversation
        queue instead of racing; the tenant lock is taken only once the
        conversation may send, so a busy conversation never holds up the others.
        """
        limiter = self._limiter
        async with self._conversation_locks.hold(conversation):
            while (wait := limiter.conversations.delay(conversation)) > 0:
                await self._sleep(wait)
            async with self._tenant_locks.hold(tenant):
                # Only time passes while we wait here, and nobody else can send to
                # this conversation, so its own delay stays zero.
                while (wait := limiter.try_acquire(conversation, tenant)) > 0:
                    await self._sleep(wait)

    async def _attempt(self, method: str, url: URL, body: dict[str, Any]) -> _Answer:
        headers = {"Content-Type": "application/json"}
        if self._token_provider is not None:
            try:
                token = await self._token_provider()
            except Exception as exc:  # MSAL and its HTTP client raise many kinds
                return _Answer(None, error=f"token: {type(exc).__name__}")
            headers["Authorization"] = f"Bearer {token}"
        try:
            request = self._client().request(method, url, json=body, headers=headers)
            async with request as response:
                status = response.status
                payload = await _json_or_none(response)
                if 200 <= status < 300:
                    activity_id = payload.get("id") if isinstance(payload, dict) else None
                    return _Answer(status, activity_id=activity_id)
                retry_after = parse_retry_after(
                    response.headers.get("Retry-After"), self._wall_clock.now()
                )
                return _Answer(status, retry_after=retry_after, error=_error_code(payload))
        except (aiohttp.ClientError, TimeoutError) as exc:
            return _Answer(None, error=type(exc).__name__)

    def _client(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            timeout = aiohttp.ClientTimeout(total=self._retry.request_timeout)
            # No pool limit (aiohttp's default is 100 per session, and every send goes
            # to the one Bot Connector host): hung sends would take all of it. The
            # callers bound how many sends are in flight (the dispatcher's max_claims).
            connector = aiohttp.TCPConnector(limit=0)
            self._session = aiohttp.ClientSession(timeout=timeout, connector=connector)
        return self._session


def _target(reference: dict[str, Any]) -> tuple[str, str] | SendOutcome:
    """(service URL, conversation id) from a stored reference, or the outcome that
    says why nothing can be sent there."""
    service_url = reference.get("serviceUrl")
    conversation_id = (reference.get("conversation") or {}).get("id")
    if not service_url or not conversation_id:
        log.warning("proactive send skipped: reference lacks serviceUrl or conversation id")
        return SendOutcome(
            delivered=False, permanent=True, attempts=0, error="incomplete reference"
        )
    if not str(service_url).startswith(("https://", "http://")):
        # e.g. console:// from `samverkan chat`: no Bot Connector will ever answer there.
        log.warning("proactive send skipped: serviceUrl is not HTTP")
        return SendOutcome(
            delivered=False, permanent=True, attempts=0, error="not an HTTP serviceUrl"
        )
    return str(service_url), str(conversation_id)


def _final_outcome(answer: _Answer, attempt: int) -> SendOutcome | None:
    """The outcome when this answer ends the send; None when it is worth retrying."""
    status = answer.status
    if status is None or status in TRANSIENT_STATUSES:
        return None
    if 200 <= status < 300:
        return SendOutcome(
            delivered=True, activity_id=answer.activity_id, status=status, attempts=attempt
        )
    return SendOutcome(
        delivered=False,
        status=status,
        permanent=status in PERMANENT_STATUSES,
        attempts=attempt,
        error=answer.error,
    )


def _log_attempt(
    conversation_id: str,
    attempt: int,
    answer: _Answer,
    outcome: SendOutcome | None,
    *,
    wait: float | None = None,
) -> None:
    """One line per attempt: where, which attempt, what came back, what happens next."""
    if outcome is not None and outcome.delivered:
        level, next_step = logging.INFO, "delivered"
    elif outcome is None:
        level, next_step = logging.WARNING, f"retrying in {wait:.2f}s"
    elif outcome.permanent:
        level, next_step = logging.WARNING, "permanent: conversation unreachable"
    elif outcome.retry_after is not None:
        level, next_step = logging.WARNING, f"giving up, try again in {wait:.2f}s"
    else:
        level, next_step = logging.WARNING, "not retried"
    log.log(
        level,
        "proactive send conversation=%s attempt=%d status=%s error=%s: %s",
        conversation_id,
        attempt,
        answer.status,
        answer.error,
        next_step,
    )


def _outgoing(reference: dict[str, Any], activity: dict[str, Any]) -> dict[str, Any]:
    """The activity addressed from the bot to the conversation in the reference."""
    body = dict(activity)
    body.setdefault("type", "message")
    body["from"] = reference.get("bot")
    body["conversation"] = reference.get("conversation")
    body["channelId"] = reference.get("channelId") or "msteams"
    body["serviceUrl"] = reference.get("serviceUrl")
    if reference.get("user"):
        body["recipient"] = reference["user"]
    if reference.get("locale"):
        body.setdefault("locale", reference["locale"])
    return body


async def _json_or_none(response: aiohttp.ClientResponse) -> Any:
    """The body as JSON, or None. A body that cannot be read does not undo a 2xx:
    the activity was delivered, and retrying would deliver it twice."""
    try:
        return await response.json(content_type=None)
    except (ValueError, aiohttp.ClientError):  # empty, not JSON, or cut off
        return None


def _error_code(payload: Any) -> str | None:
    """The connector's error code ("ConversationBlockedByUser" …), never a message."""
    if isinstance(payload, dict) and isinstance(payload.get("error"), dict):
        code = payload["error"].get("code")
        return str(code) if code is not None else None
    return None
