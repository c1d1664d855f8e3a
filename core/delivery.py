"""What sending a proactive message can come to, and how many sends run at once
(shared by the sender, the reminder dispatcher and the rating prompter; no
botbuilder import)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class SendOutcome:
    delivered: bool
    activity_id: str | None = None
    status: int | None = None  # the last HTTP status, None for a network failure
    permanent: bool = (
        False  # 403/404: the bot cannot reach this conversation until it hears from it
    )
    retry_after: float | None = None  # seconds, when the channel said when to try again
    attempts: int = 1
    error: str | None = None


class Sender(Protocol):
    async def send(
        self, reference: dict[str, Any], activity: dict[str, Any], *, tenant_id: str | None
    ) -> SendOutcome:
        """Send one activity to the conversation in the stored reference."""
        ...


class SendSlots:
    """At most `size` sends at once, except that a send slower than `slow_after`
    seconds gives its slot back and goes on outside the count: a hung or throttled
    conversation costs a socket and a coroutine, and must not take the slots the
    healthy conversations need. Whoever starts sends bounds how many are in flight."""

    def __init__(self, size: int, slow_after: float) -> None:
        self._slots = asyncio.Semaphore(size)
        self._slow_after = slow_after

    async def run(self, send: Awaitable[T]) -> T:
        async with self._slots:
            sending = asyncio.ensure_future(send)
            try:
                await asyncio.wait({sending}, timeout=self._slow_after)
            except asyncio.CancelledError:
                sending.cancel()
                raise
        return await sending
