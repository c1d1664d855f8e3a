"""What the meeting dialogs ask of the rest of the bot once a meeting is booked or
moved: invitations to the participants' chats and the calendar file. The bot's
MeetingHandlers (bot/meeting_handlers.py) does both; the dialogs know only this."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from botbuilder.core import TurnContext

from storage.meeting_service import MeetingChange


class MeetingActions(Protocol):
    async def invite(self, change: MeetingChange) -> int:
        """Send the invitation to everyone who uses the bot; how many were told."""

    async def offer_calendar(self, context: TurnContext, user_id: int, meeting_id: int) -> None:
        """The meeting's .ics: a file consent card in Teams, inline elsewhere."""

    async def move(
        self, context: TurnContext, user_id: int, meeting_id: int, start: datetime
    ) -> None:
        """Move a meeting and tell everyone."""
