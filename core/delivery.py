"""What sending a proactive message can come to (shared by the sender and the
reminder dispatcher; no botbuilder import)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol


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
