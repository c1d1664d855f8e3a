"""Meetings in one turn: `möten`, `möte K-1042`, `samtycke K-1042 …`, and the
buttons on meeting cards (answers, cancel, calendar file, action item done).

Invitations, updates and the organizer's status card go out through a
MeetingNotifier, which sends proactively to each participant's 1:1 chat with the
bot (people outside the bot get the calendar file from the organizer instead).
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from botbuilder.core import MessageFactory, TurnContext
from botbuilder.schema.teams import FileConsentCardResponse

from bot.file_transfer import offer_file, upload_consented
from bot.follow_up_job import FollowUpAsker
from bot.follow_up_job import schedule as schedule_follow_ups
from bot.router import Router
from core.consent_model import PARTIES, PARTY_WORDS, STATE_WORDS, STATES
from core.delivery import SendOutcome
from core.errors import UserInputError
from core.i18n import t, t_count
from core.inbound import record_id
from core.meeting_commands import BOOK, CONSENT, FOLLOW_UP, MEETING, MEETINGS, MOVE
from core.meeting_model import ACCEPTED, DECLINED, PROPOSED, Interval
from core.meeting_request import picked_datetime
from core.meeting_text import describe_slot
from core.ssd_model import normalise_client_code
from dialogs import book_meeting_dialog as book_dialog
from dialogs import follow_up_dialog
from dialogs.book_meeting_dialog import BookMeetingDialog
from dialogs.cards import meeting as cards
from dialogs.cards import plan as plan_cards
from dialogs.cards.common import card_activity
from dialogs.cards.reminder import card_message
from dialogs.follow_up_dialog import FollowUpDialog
from dialogs.move_meeting_dialog import MoveMeetingDialog
from dialogs.turn_info import lang_of, turn_info
from storage.meeting_records import ConsentView, MeetingRecord
from storage.meeting_service import MeetingChange, MeetingService, Recipient

if TYPE_CHECKING:
    from bot.features import Deps

log = logging.getLogger("samverkan.meetings")


class _NoSender:
    async def send(
        self, reference: dict[str, Any], activity: dict[str, Any], *, tenant_id: str | None
    ) -> SendOutcome:
        return SendOutcome(delivered=False, attempts=0, error="no sender attached")

    async def update(
        self,
        reference: dict[str, Any],
        activity_id: str,
        activity: dict[str, Any],
        *,
        tenant_id: str | None,
    ) -> SendOutcome:
        return SendOutcome(delivered=False, attempts=0, error="no sender attached")


class MeetingNotifier:
    """Sends meeting cards to participants' chats. The sender is attached once the
    app has one (create_app, `samverkan chat`, a test's fake connector)."""

    def __init__(self) -> None:
        self._sender: Any = _NoSender()

    def attach(self, sender: Any) -> None:
        self._sender = sender

    async def _send(self, recipient: Recipient, card: dict[str, Any], summary: str) -> SendOutcome:
        chat = recipient.conversation
        outcome = await self._sender.send(
            chat.reference, card_message(card, summary), tenant_id=chat.tenant_id
        )
        if not outcome.delivered:
            log.info("meeting card not delivered to user %s", recipient.participant.staff_user_id)
        return outcome

    async def invite(self, change: MeetingChange, *, moved: bool = False) -> int:
        """An invitation card to everyone in the change; how many got it."""
        organizer = change.meeting.organizer
        name = organizer.name if organizer else "?"
        sent = await asyncio.gather(
            *(
                self._send(
                    r,
                    cards.invitation_card(change.meeting, r.participant, name, r.lang, moved=moved),
                    t("meeting.summary.title", r.lang, code=change.meeting.client_code),
                )
                for r in change.recipients
                if not r.participant.organizer
            )
        )
        return sum(outcome.delivered for outcome in sent)

    async def cancelled(self, change: MeetingChange) -> int:
        sent = await asyncio.gather(
            *(
                self._send(
                    r,
                    cards.cancelled_card(change.meeting, r.lang),
                    t("meeting.summary.title", r.lang, code=change.meeting.client_code),
                )
                for r in change.recipients
            )
        )
        return sum(outcome.delivered for outcome in sent)

    async def refresh_status(self, meeting: MeetingRecord, organizer: Recipient | None) -> None:
        """Update the organizer's status card in place (when the bot knows where it is)."""
        if organizer is None or not meeting.status_card_activity_id:
            return
        chat = organizer.conversation
        if chat.conversation_id != meeting.status_card_conversation_id:
            return
        card = cards.status_card(meeting, organizer.lang)
        title = t("meeting.summary.title", organizer.lang, code=meeting.client_code)
        await self._sender.update(
            chat.reference,
            meeting.status_card_activity_id,
            card_message(card, title),
            tenant_id=chat.tenant_id,
        )

    async def ask_follow_up(self, meeting: MeetingRecord, organizer: Recipient) -> SendOutcome:
        """The meeting is over: ask its organizer what it decided."""
        lang = organizer.lang
        card = plan_cards.follow_up_card(meeting, lang)
        return await self._send(
            organizer, card, t("plan.ask.title", lang, code=meeting.client_code)
        )


class MeetingHandlers:
    def __init__(self, service: MeetingService, notifier: MeetingNotifier) -> None:
        self._service = service
        self._notifier = notifier

    async def _refuse(self, context: TurnContext, error: UserInputError) -> None:
        await context.send_activity(t(error.key, lang_of(context), **error.params))

    def _user(self, context: TurnContext) -> int | None:
        user = turn_info(context).user
        return user.id if user is not None else None

    # -- commands -------------------------------------------------------------------------
    async def meetings(self, context: TurnContext, args: str) -> None:
        """`möten`: my coming meetings; `möte K-1042`: the client's meetings and actions."""
        lang = lang_of(context)
        user_id = self._user(context)
        if user_id is None:
            await context.send_activity(t("meeting.unknown_user", lang))
            return
        try:
            if args.strip():
                overview = await self._service.client_meetings(user_id, args.split()[0])
                tz = ZoneInfo(turn_info(context).timezone)
                card = cards.client_meetings_card(overview, tz, lang)
                title = t("meetings.client.title", lang, code=overview.client_code)
                await context.send_activity(card_activity(card, title))
                return
            mine = await self._service.my_meetings(user_id)
        except UserInputError as error:
            await self._refuse(context, error)
            return
        if not mine.meetings:
            await context.send_activity(t("meetings.none", lang))
            return
        card = cards.meetings_card(mine, user_id, lang)
        await context.send_activity(card_activity(card, t("meetings.title", lang)))

    async def consent(self, context: TurnContext, args: str) -> None:
        """`samtycke K-1042` shows; `samtycke K-1042 fk ja [blankett …]`, `… nej` and
        `… återkalla` record (core/consent_model.py has the words)."""
        lang = lang_of(context)
        user_id = self._user(context)
        words = args.split()
        if user_id is None:
            await context.send_activity(t("meeting.unknown_user", lang))
            return
        if not words:
            await context.send_activity(t("consent.needs_code", lang))
            return
        try:
            # The code is read before anything else is answered, so that no refusal
            # can carry what was typed in its place (it may be a personnummer).
            code = normalise_client_code(words[0])
            if len(words) == 1:
                view = await self._service.consents(user_id, code)
            else:
                party = PARTY_WORDS.get(words[1].casefold())
                if party is None:
                    raise UserInputError("consent.agency.unknown")
                state = STATE_WORDS.get(words[2].casefold()) if len(words) > 2 else None
                if state is None:
                    raise UserInputError("consent.answer.unknown", code=code)
                view = await self._record_consent(
                    context, user_id, code, party, state, " ".join(words[3:])
                )
        except UserInputError as error:
            await self._refuse_consent(context, error)
            return
        await self._show_consent(context, view)

    async def on_consent_submit(self, context: TurnContext, value: dict[str, Any]) -> None:
        """The consent card's form: a party, a decision and the form's reference."""
        lang = lang_of(context)
        user_id = self._user(context)
        if user_id is None:
            await context.send_activity(t("meeting.unknown_user", lang))
            return
        party, state = value.get("consent_party"), value.get("consent_state")
        ref = value.get("consent_ref")
        try:
            code = normalise_client_code(str(value.get("code") or ""))
            if party not in PARTIES or state not in STATES:
                raise UserInputError("consent.card.choose")
            view = await self._record_consent(
                context, user_id, code, party, state, ref if isinstance(ref, str) else ""
            )
        except UserInputError as error:
            await self._refuse_consent(context, error)
            return
        await self._show_consent(context, view)

    async def _record_consent(
        self, context: TurnContext, user_id: int, code: str, party: str, state: str, ref: str
    ) -> ConsentView:
        lang = lang_of(context)
        view = await self._service.record_consent(user_id, code, party, state=state, form_ref=ref)
        await context.send_activity(
            t(
                "consent.saved",
                lang,
                party=t(f"consent.party.{party}", lang),
                answer=t(f"consent.state.{state}", lang),
            )
        )
        return view

    async def _refuse_consent(self, context: TurnContext, error: UserInputError) -> None:
        """A refusal that names a party names it in words, not by its key."""
        lang = lang_of(context)
        params = dict(error.params)
        if params.get("party") in PARTIES:
            params["party"] = t(f"consent.party.{params['party']}", lang)
        await context.send_activity(t(error.key, lang, **params))

    async def _show_consent(self, context: TurnContext, view: ConsentView) -> None:
        lang = lang_of(context)
        card = cards.consent_card(view, ZoneInfo(turn_info(context).timezone), lang)
        title = t("consent.title", lang, code=view.client_code)
        await context.send_activity(card_activity(card, title))

    # -- buttons ----------------------------------------------------------------------------
    async def on_submit(self, context: TurnContext, value: dict[str, Any]) -> None:
        lang = lang_of(context)
        user_id = self._user(context)
        action = value.get(cards.ACTION)
        meeting_id, item_id = record_id(value.get("meeting_id")), record_id(value.get("item_id"))
        if user_id is None:
            await context.send_activity(t("meeting.unknown_user", lang))
            return
        try:
            if action == "action_done" and item_id is not None:
                item = await self._service.complete_action(user_id, item_id)
                await context.send_activity(t("plan.done", lang, text=item.text))
                return
            if meeting_id is None:
                raise UserInputError("meeting.answer.unknown")
            if action in ("accept", "decline", "propose"):
                await self._answer(context, user_id, meeting_id, action, value)
            elif action == "cancel":
                meeting = await self._service.get(user_id, meeting_id)
                card = cards.cancel_question_card(meeting, lang)
                await context.send_activity(card_activity(card, card["fallbackText"]))
            elif action == "cancel_confirmed":
                await self._cancel(context, user_id, meeting_id)
            elif action == "ics":
                await self.offer_calendar(context, user_id, meeting_id)
            else:
                raise UserInputError("meeting.answer.unknown")
        except UserInputError as error:
            await self._refuse(context, error)

    async def _answer(
        self, context: TurnContext, user_id: int, meeting_id: int, action: str, value: dict
    ) -> None:
        lang = lang_of(context)
        proposed: datetime | None = None
        answer = {"accept": ACCEPTED, "decline": DECLINED, "propose": PROPOSED}[action]
        if answer == PROPOSED:
            tz = ZoneInfo(turn_info(context).timezone)
            proposed = picked_datetime(value.get("propose_date"), value.get("propose_time"), tz)
            if proposed is None:
                raise UserInputError("meeting.answer.unknown")
        change = await self._service.answer(user_id, meeting_id, answer, proposed)
        meeting = change.meeting
        shown = meeting.interval
        if proposed is not None:
            shown = Interval(proposed, proposed + (meeting.ends_at - meeting.starts_at))
        when = describe_slot(shown, ZoneInfo(meeting.timezone), lang)
        await context.send_activity(
            t(f"meeting.answer.saved.{answer}", lang, code=meeting.client_code, when=when)
        )
        await self._notifier.refresh_status(meeting, change.organizer)

    async def _cancel(self, context: TurnContext, user_id: int, meeting_id: int) -> None:
        change = await self._service.cancel(user_id, meeting_id)
        told = await self._notifier.cancelled(change)
        await self._tell_organizer(context, user_id, change, told, "meeting.cancel.done")

    async def move(
        self, context: TurnContext, user_id: int, meeting_id: int, start: datetime
    ) -> None:
        """Move a meeting and tell everyone (also used by the move dialog)."""
        change = await self._service.reschedule(user_id, meeting_id, start)
        told = await self._notifier.invite(change, moved=True)
        await self._tell_organizer(context, user_id, change, told, "meeting.move.done")

    async def _tell_organizer(
        self, context: TurnContext, user_id: int, change: MeetingChange, told: int, key: str
    ) -> None:
        """After a move or a cancel: the status card refreshed, what happened and how
        many were told in Teams, and the new calendar file for everyone else."""
        lang = lang_of(context)
        meeting = change.meeting
        await self._notifier.refresh_status(meeting, change.organizer)
        when = describe_slot(meeting.interval, ZoneInfo(meeting.timezone), lang)
        told_text = t_count("meeting.told", lang, told)
        await context.send_activity(
            t(key, lang, code=meeting.client_code, when=when, told=told_text)
        )
        await self.offer_calendar(context, user_id, meeting_id=meeting.id)

    async def invite(self, change: MeetingChange) -> int:
        """A booked meeting's invitations (for the booking dialog)."""
        return await self._notifier.invite(change)

    # -- calendar files -----------------------------------------------------------------------
    async def offer_calendar(self, context: TurnContext, user_id: int, meeting_id: int) -> None:
        """The meeting's .ics: a file consent card in Teams, inline elsewhere."""
        lang = lang_of(context)
        file = await self._service.calendar(user_id, meeting_id, lang)
        await offer_file(
            context,
            filename=file.name,
            content=file.content,
            consent_text=t("meeting.ics.consent", lang, code=file.client_code),
            consent_context={"meeting_ics": meeting_id},
            sent_text=t("meeting.ics.sent", lang),
            content_type="text/calendar",
        )

    async def on_file_consent(
        self, context: TurnContext, response: FileConsentCardResponse, accepted: bool
    ) -> None:
        lang = lang_of(context)
        if not accepted:
            await context.send_activity(t("meeting.ics.declined", lang))
            return
        user_id = self._user(context)
        meeting_id = record_id((response.context or {}).get("meeting_ics"))
        if user_id is None or meeting_id is None:
            await context.send_activity(t("meeting.answer.unknown", lang))
            return
        try:
            content = (await self._service.calendar(user_id, meeting_id, lang)).content
        except UserInputError as error:
            await self._refuse(context, error)
            return
        info = await upload_consented(response, content, f"calendar of meeting {meeting_id}")
        if info is None:
            await context.send_activity(t("ssd.export.upload_failed", lang))
            return
        await context.send_activity(MessageFactory.attachment(info))


def register(router: Router, deps: Deps) -> None:
    """Resursgruppsmöten: book, list, move, document, consent; the buttons on meeting
    cards; the calendar file's consent; asking organizers what a meeting decided."""
    handlers = MeetingHandlers(deps.meetings, deps.notifier)
    book = BookMeetingDialog(deps.meetings, handlers, deps.clock, deps.directory)
    # The follow-up books the next meeting with a booking dialog of its own.
    next_booking = BookMeetingDialog(deps.meetings, handlers, deps.clock, deps.directory)
    router.command(BOOK, dialog=book)
    router.command(MEETINGS, handlers.meetings)
    router.command(MEETING, handlers.meetings)
    router.command(MOVE, dialog=MoveMeetingDialog(deps.meetings, handlers, deps.clock))
    router.command(FOLLOW_UP, dialog=FollowUpDialog(deps.meetings, next_booking, deps.clock))
    router.command(CONSENT, handlers.consent)
    router.submit(cards.CONSENT_ACTION, handlers.on_consent_submit)
    # "boka" answers booking's summary and the follow-up's "book the next meeting?".
    router.answer(book_dialog.CONFIRM, BOOK)
    router.answer(follow_up_dialog.NEXT, BOOK)
    router.submit(cards.ACTION, handlers.on_submit)
    router.consent("meeting_ics", handlers.on_file_consent)

    def start(scheduler: Any, sender: Any) -> FollowUpAsker:
        asker = FollowUpAsker(deps.meetings, deps.notifier)
        schedule_follow_ups(scheduler, asker)
        return asker

    router.job("meetings.follow_up", start)
