"""Reminders in `samverkan chat`: the terminal user's reminders come to the terminal.

The chat runs its own dispatcher, narrowed to the terminal user, with a sender
that prints instead of calling a Bot Connector (there is none on console://).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from botbuilder.schema import Activity

from bot.reminder_dispatcher import ReminderDispatcher
from core.delivery import SendOutcome

log = logging.getLogger("samverkan.console")

CONSOLE_SCHEME = "console://"


class ConsoleSender:
    """core.delivery.Sender that shows the activity in this terminal."""

    def __init__(self, show: Callable[[Activity], None]) -> None:
        self._show = show

    async def send(
        self, reference: dict[str, Any], activity: dict[str, Any], *, tenant_id: str | None
    ) -> SendOutcome:
        if not str(reference.get("serviceUrl", "")).startswith(CONSOLE_SCHEME):
            # Not this terminal's conversation: leave it for a server's dispatcher.
            return SendOutcome(delivered=False, attempts=0, retry_after=60, error="not console")
        self._show(Activity().deserialize(activity))
        return SendOutcome(delivered=True, activity_id=f"console-{uuid.uuid4().hex}", status=200)

    async def update(
        self,
        reference: dict[str, Any],
        activity_id: str,
        activity: dict[str, Any],
        *,
        tenant_id: str | None,
    ) -> SendOutcome:
        """A terminal cannot change what it printed: the updated card is shown again."""
        return await self.send(reference, activity, tenant_id=tenant_id)


async def deliver_reminders(
    dispatcher: ReminderDispatcher,
    *,
    every: float,
    stop: asyncio.Event,
    also: Callable[[], Awaitable[object]] | None = None,
) -> None:
    """Run the dispatcher (and `also`, the rating prompts) every `every` seconds
    until stop is set."""
    while not stop.is_set():
        try:
            await dispatcher.drain()
            if also is not None:
                await also()
        except Exception:  # one failed round must not end the chat
            log.exception("reminder delivery in the terminal failed")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), every)
