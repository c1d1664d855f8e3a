"""After a resursgruppsmöte: its organizer is asked what it decided.

Every minute, meetings that ended (within the last two weeks, not cancelled, not
yet asked about) are claimed one by one, so that with several bot instances each
organizer is asked once, and the organizer gets a card with "Dokumentera" (which
starts `dokumentera <id>`, dialogs/follow_up_dialog.py). When the card does not
reach them for a passing reason (a network error, a throttled channel) the claim is
released and the next run tries again; when the chat is gone for good (403/404)
it is not, and they can still type `dokumentera`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.scheduler import add_interval_job
from storage.meeting_service import MeetingService

if TYPE_CHECKING:  # meeting_handlers registers this job
    from bot.meeting_handlers import MeetingNotifier

log = logging.getLogger("samverkan.meetings")

JOB_ID = "meetings.follow_up"


@dataclass
class FollowUpStats:
    asked: int = 0
    retry: int = 0
    unreachable: int = 0


class FollowUpAsker:
    def __init__(
        self,
        service: MeetingService,
        notifier: MeetingNotifier,
        *,
        only_user_id: int | None = None,  # `samverkan chat`: the terminal user's meetings
    ) -> None:
        self._service = service
        self._notifier = notifier
        self._only = only_user_id

    async def run_once(self) -> FollowUpStats:
        stats = FollowUpStats()
        for meeting, organizer in await self._service.claim_follow_ups(
            organizer_user_id=self._only
        ):
            outcome = await self._notifier.ask_follow_up(meeting, organizer)
            if outcome.delivered:
                stats.asked += 1
            elif outcome.permanent:
                stats.unreachable += 1
            else:
                await self._service.release_follow_up(meeting.id)
                stats.retry += 1
        return stats


def schedule(scheduler: AsyncIOScheduler, asker: FollowUpAsker, every_seconds: float = 60) -> None:
    add_interval_job(
        scheduler,
        JOB_ID,
        asker.run_once,
        every_seconds=every_seconds,
        worth_logging=lambda stats: bool(stats.asked or stats.retry or stats.unreachable),
        job_log=log,
    )
