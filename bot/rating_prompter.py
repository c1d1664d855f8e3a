"""The daily rating prompt: one message per user and day gathering every client
with targets still to rate, and one nudge later if some are still open.

Runs every minute. For each member of an active client's care team it asks
core.rating_prompt_plan what is due now in the user's own zone, claims the
(user, day, kind) row (so several instances never prompt twice), looks up what is
still due, and sends through the same sender as reminders (Teams' rate limits,
retries, 403/404 mark the user unreachable until they write again). Nothing due,
or no 1:1 chat with the bot yet: recorded, nothing sent. A claim is at most once:
an instance that dies between claiming and sending loses that day's prompt
rather than risking two. Each user's prompt is claimed, sent and recorded on its
own, side by side with the others' (a slot for its first seconds, as reminders
have), so one hung or throttled chat holds up nobody else's prompt.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.scheduler import add_interval_job
from core.clock import Clock
from core.commands import SETTINGS
from core.delivery import Sender, SendSlots
from core.i18n import language_for, t
from core.preferences import known_timezone
from core.rating_prompt_plan import NUDGE, PROMPT, what_is_due
from core.ssd_commands import RATE
from dialogs.cards.common import adaptive_card, command_button
from dialogs.cards.reminder import card_message
from storage import rating_prompt_repository as repo
from storage.audit_repository import append_audit_event
from storage.db import Database
from storage.reminders_repository import mark_unreachable
from storage.users_repository import personal_conversation_for

log = logging.getLogger("samverkan.prompts")

JOB_ID = "rating_prompts.dispatch"
MAX_BUTTONS = 5


@dataclass
class PromptStats:
    users: int = 0
    sent: int = 0
    nudged: int = 0
    nothing_due: int = 0
    failed: int = 0


def prompt_activity(clients: list[tuple[str, int]], lang: str, *, nudge: bool) -> dict[str, Any]:
    """ "Dags att skatta" with one line and one button per client."""
    title = t("prompt.nudge_title" if nudge else "prompt.title", lang)
    lines = [t("prompt.client_line", lang, code=code, due=due) for code, due in clients]
    rate = RATE.word(lang)
    settings = SETTINGS.word(lang)
    footer = t("prompt.footer", lang, command=f"{settings} {t('prompt.settings_word', lang)}")
    body: list[dict[str, Any]] = [
        {"type": "TextBlock", "text": title, "weight": "Bolder", "size": "Medium", "wrap": True},
        *({"type": "TextBlock", "text": line, "wrap": True, "spacing": "Small"} for line in lines),
        {"type": "TextBlock", "text": footer, "isSubtle": True, "size": "Small", "wrap": True},
    ]
    actions = [
        command_button(f"{rate.capitalize()} {code}", f"{rate} {code}")
        for code, _due in clients[:MAX_BUTTONS]
    ]
    return card_message(adaptive_card(body, actions, "\n".join([title, *lines, footer])), title)


class RatingPrompter:
    def __init__(
        self,
        db: Database,
        sender: Sender,
        clock: Clock,
        *,
        default_timezone: str,
        only_user_id: int | None = None,  # the terminal chat prompts its own user only
        concurrency: int = 16,
        slow_after: float = 1.0,
        send_timeout: float = 60.0,
    ) -> None:
        self._only_user_id = only_user_id
        self._slots = SendSlots(concurrency, slow_after)
        self._send_timeout = send_timeout
        self._db = db
        self._sender = sender
        self._clock = clock
        self._default_zone = default_timezone

    async def run_once(self) -> PromptStats:
        now = self._clock.now()
        async with self._db.session() as session:
            found = await repo.candidates(session, self._only_user_id)
            sent = await repo.prompts_since(session, (now - timedelta(days=2)).date())
        stats = PromptStats(users=len(found))
        sends = []
        for candidate, settings in found:
            if not candidate.reachable:
                continue
            zone = ZoneInfo(known_timezone(candidate.timezone) or self._default_zone)
            local = now.astimezone(zone)
            today = sent.get((candidate.user_id, local.date()), {})
            prompt = today.get(PROMPT)
            prompted_at = (
                prompt.sent_at.astimezone(zone)
                if prompt is not None and prompt.status == "sent" and prompt.sent_at
                else None
            )
            due = what_is_due(
                settings,
                local,
                around_the_clock=candidate.around_the_clock,
                prompted_at=prompted_at,
                nudged=NUDGE in today,
            )
            if due is None or (due.kind == PROMPT and prompt is not None):
                continue
            lang = language_for(candidate.locale, candidate.language)
            sends.append(self._send(candidate, due.kind, local.date(), lang, now, stats))
        await asyncio.gather(*sends)
        return stats

    async def _send(
        self,
        candidate: repo.PromptCandidate,
        kind: str,
        day: Any,
        lang: str,
        now: datetime,
        stats: PromptStats,
    ) -> None:
        async with self._db.session() as session:
            prompt_id = await repo.claim(session, candidate.user_id, day, kind, now)
            if prompt_id is None:
                return  # another instance has it
            clients = await repo.due_clients(session, candidate.user_id, day)
            chat = await personal_conversation_for(session, candidate.user_id)
            if not clients or chat is None:
                status = "nothing_due" if not clients else "no_chat"
                await repo.finish(session, prompt_id, status=status, clients=0, sent_at=None)
                stats.nothing_due += 1
                return
        activity = prompt_activity(clients, lang, nudge=kind == NUDGE)
        try:
            outcome = await self._slots.run(
                asyncio.wait_for(
                    self._sender.send(chat.reference, activity, tenant_id=candidate.tenant_id),
                    self._send_timeout,
                )
            )
            delivered, permanent, error = outcome.delivered, outcome.permanent, outcome.error
        except Exception as exc:  # logged; the day's prompt is not retried
            log.exception("rating %s for user %s: the sender raised", kind, candidate.user_id)
            delivered, permanent, error = False, False, f"{type(exc).__name__}: {exc}"
        at = self._clock.now()
        async with self._db.session() as session:
            await repo.finish(
                session,
                prompt_id,
                status="sent" if delivered else "failed",
                clients=len(clients),
                sent_at=at if delivered else None,
                error=None if delivered else (error or "not delivered")[:500],
            )
            if permanent:
                await mark_unreachable(session, candidate.user_id, at)
            await append_audit_event(
                session,
                at=at,
                action=f"rating.{kind}",
                outcome="ok" if delivered else "error",
                user_id=candidate.user_id,
                detail=f"{len(clients)} clients",
            )
        log.info(
            "rating %s for user %s: %d clients, delivered=%s",
            kind,
            candidate.user_id,
            len(clients),
            delivered,
        )
        if not delivered:
            stats.failed += 1
        elif kind == NUDGE:
            stats.nudged += 1
        else:
            stats.sent += 1


def schedule(
    scheduler: AsyncIOScheduler, prompter: RatingPrompter, every_seconds: float = 60
) -> None:
    add_interval_job(
        scheduler,
        JOB_ID,
        prompter.run_once,
        every_seconds=every_seconds,
        worth_logging=lambda stats: bool(stats.sent or stats.nudged or stats.failed),
        job_log=log,
    )
