"""boka: book a resursgruppsmöte, step by step or in one line.

`boka` asks for the client, purpose, time, length, place and participants, then
shows a summary to confirm. Started after a meeting's follow-up (options {"code",
"previous", "people"}), it knows the client and offers last time's participants.
`boka K-1042 tisdag 13.30 med Anna Berg, Omar Said`
fills what it says (purpose "Uppföljning av SIP", 60 minutes, no place) and goes
straight to the summary. The summary warns of clashes (with the three nearest
free times) and of agencies without consent.

The rule for warnings: each warning is answered by its own explicit choice, and
no single answer covers two of them. A clash is answered by a free time (the
first buttons, and the numbers typed: `1` is the first free time), another time,
or "Boka ändå trots krocken" (typed: `boka ändå`, `boka trots krocken`). Missing
consent is answered by "Samtycke finns – boka" (typed: `samtycke finns`). When
both apply, the card first asks about the clash; once the time is kept it comes
back asking only about consent, so a care worker on a phone reads one question
per card. A plain "boka" books only when nothing is left to confirm.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from botbuilder.core import MessageFactory
from botbuilder.dialogs import ComponentDialog, DialogTurnResult, WaterfallDialog
from botbuilder.dialogs import WaterfallStepContext as Step
from botbuilder.dialogs.prompts import PromptOptions, PromptValidatorContext, TextPrompt

from core.clock import Clock
from core.commands import fold
from core.errors import UserInputError
from core.i18n import t, t_count
from core.meeting_model import DEFAULT_MINUTES, MAX_PARTICIPANTS, MAX_PLACE, MAX_PURPOSE
from core.meeting_request import parse_minutes, parse_quick_form, read_meeting_time, split_names
from core.ssd_model import looks_like_personnummer, normalise_client_code
from dialogs import meeting_inputs as inputs
from dialogs.cards import meeting as cards
from dialogs.cards.common import card_activity
from dialogs.meeting_actions import MeetingActions
from dialogs.turn_info import lang_of, turn_info
from storage.directory_service import DirectoryService
from storage.meeting_records import MeetingDraft, ParticipantDraft
from storage.meeting_service import MeetingService

CLIENT, PURPOSE, WHEN, LENGTH, PLACE, PEOPLE, CONFIRM, SUMMARY = (
    f"book.{name}"
    for name in ("client", "purpose", "when", "length", "place", "people", "confirm", "summary")
)


class BookMeetingDialog(ComponentDialog):
    def __init__(
        self,
        service: MeetingService,
        actions: MeetingActions,
        clock: Clock,
        directory: DirectoryService | None = None,
    ) -> None:
        super().__init__(BookMeetingDialog.__name__)
        self._service = service
        self._actions = actions
        self._clock = clock
        self._directory = directory
        self.add_dialog(TextPrompt(CLIENT, _guarded(_valid_client)))
        self.add_dialog(TextPrompt(PURPOSE, _guarded(_valid_purpose)))
        self.add_dialog(TextPrompt(WHEN, _guarded(self._valid_when)))
        self.add_dialog(TextPrompt(LENGTH, _guarded(_valid_length)))
        self.add_dialog(TextPrompt(PLACE, _guarded(_valid_place)))
        self.add_dialog(TextPrompt(PEOPLE, _guarded(self._valid_people)))
        self.add_dialog(TextPrompt(CONFIRM, _guarded(_valid_confirm)))
        self.add_dialog(WaterfallDialog(SUMMARY, [self.show_summary, self.decide]))
        self.add_dialog(
            WaterfallDialog(
                "book.steps",
                [
                    self.understand_request,
                    self.ask_client,
                    self.ask_purpose,
                    self.ask_when,
                    self.ask_length,
                    self.ask_place,
                    self.ask_participants,
                    self.confirm,
                    self.book_and_invite,
                ],
            )
        )
        self.initial_dialog_id = "book.steps"

    # -- the steps -------------------------------------------------------------------------
    async def understand_request(self, step: Step) -> DialogTurnResult:
        lang = lang_of(step.context)
        if turn_info(step.context).user is None:
            await step.context.send_activity(t("meeting.unknown_user", lang))
            return await step.end_dialog()
        options = step.options if isinstance(step.options, dict) else {"text": step.options or ""}
        try:
            quick = parse_quick_form(str(options.get("text") or ""))
        except UserInputError as error:
            await step.context.send_activity(t(error.key, lang, **error.params))
            return await step.end_dialog()
        step.values.update(
            code=options.get("code") or quick.code,
            when=quick.when,
            names=list(quick.names),
            previous=options.get("previous"),
            again=options.get("people") or [],
            quick=bool(quick.code and quick.when and quick.names),
        )
        return await step.next(None)

    async def ask_client(self, step: Step) -> DialogTurnResult:
        if step.values["code"]:
            return await step.next(step.values["code"])
        return await self._ask(step, CLIENT, "meeting.ask_client", "meeting.retry_client")

    async def ask_purpose(self, step: Step) -> DialogTurnResult:
        lang = lang_of(step.context)
        step.values["code"] = normalise_client_code(step.result)
        try:  # the care team is both an access check and the participants card
            team = await self._service.team_candidates(self._user(step), step.values["code"])
        except UserInputError as error:
            await step.context.send_activity(t(error.key, lang, **error.params))
            return await step.end_dialog()
        # Booking the next meeting: last time's participants first, then the team.
        again = [ParticipantDraft.from_state(p) for p in step.values["again"]]
        step.values["team"] = [m.to_state() for m in inputs.unique([*again, *team])]
        if step.values["quick"]:
            return await step.next(t("meeting.default_purpose", lang))
        return await self._ask(step, PURPOSE, "meeting.ask_purpose", "meeting.retry_purpose")

    async def ask_when(self, step: Step) -> DialogTurnResult:
        lines = [" ".join(line.split()) for line in str(step.result).splitlines()]
        lines = [line.lstrip("-• ") for line in lines if line.strip("-• ")]
        standard = fold(lines[0]) in ("standard", "default")
        purpose = t("meeting.default_purpose", lang_of(step.context)) if standard else lines[0]
        step.values.update(purpose=purpose, questions=lines[1:11])
        if step.values["when"]:
            answer = self._read_when(step.context, step.values["when"])
            if isinstance(answer, datetime):
                return await step.next(answer.isoformat())
            await step.context.send_activity(answer)
        lang = lang_of(step.context)
        day = self._clock.now().astimezone(self._tz(step)).date() + timedelta(days=1)
        await step.context.send_activity(
            card_activity(cards.when_picker_card(lang, day), t("meeting.ask_when", lang))
        )
        return await self._ask(step, WHEN, "meeting.ask_when", "meeting.ask_when")

    async def ask_length(self, step: Step) -> DialogTurnResult:
        step.values["start"] = self._result_time(step)
        if step.values["quick"]:
            return await step.next("60")
        return await self._ask(step, LENGTH, "meeting.ask_length", "meeting.length.unknown")

    async def ask_place(self, step: Step) -> DialogTurnResult:
        step.values["minutes"] = _minutes(step.result, lang_of(step.context))
        if step.values["quick"]:
            return await step.next("-")
        return await self._ask(step, PLACE, "meeting.ask_place", "meeting.ask_place")

    async def ask_participants(self, step: Step) -> DialogTurnResult:
        place = " ".join(str(step.result).split())
        none = t("meeting.none_words", lang_of(step.context)).split("|")
        url = place if re.match(r"^https?://\S+$", place) else None
        step.values.update(place=None if url or fold(place) in none else place, url=url)
        team = [ParticipantDraft.from_state(m) for m in step.values["team"]]
        if step.values["names"]:
            people = await inputs.resolve_names(step.values["names"], team, self._directory)
            return await step.next([p.to_state() for p in people])
        lang = lang_of(step.context)
        await step.context.send_activity(
            card_activity(cards.participants_card(lang, team), t("meeting.ask_participants", lang))
        )
        return await self._ask(
            step,
            PEOPLE,
            "meeting.ask_participants",
            "meeting.ask_participants",
            validations={"team": step.values["team"]},
        )

    async def confirm(self, step: Step) -> DialogTurnResult:
        draft = MeetingDraft(
            client_code=step.values["code"],
            start=datetime.fromisoformat(step.values["start"]),
            minutes=step.values["minutes"],
            timezone=turn_info(step.context).timezone,
            purpose=step.values["purpose"],
            questions=tuple(step.values["questions"]),
            place=step.values["place"],
            online_url=step.values["url"],
            participants=tuple(ParticipantDraft.from_state(p) for p in step.result),
            previous_meeting_id=step.values.get("previous"),
        )
        return await step.begin_dialog(SUMMARY, {"draft": inputs.draft_to_state(draft)})

    # The summary loops on itself (a new time, a warning still to answer) until the
    # organizer books or cancels; it ends with the draft to book, or None. Its
    # options: the draft, and which warnings the organizer has already answered
    # ("over_clash": keep the time despite the clash; "consent": consent exists).
    async def show_summary(self, step: Step) -> DialogTurnResult:
        lang = lang_of(step.context)
        draft = inputs.draft_from_state(step.options["draft"])
        step.values.update(step.options)
        check = await self._service.check(self._user(step), draft)
        step.values["suggestions"] = [s.start.isoformat() for s in check.suggestions]
        step.values["clashes"] = bool(check.clashes)
        step.values["missing_consent"] = list(check.missing_consent)
        names = {k: t(f"agency.{k}", lang) for k in check.missing_consent}
        over_clash, consent = (
            bool(step.options.get("over_clash")),
            bool(step.options.get("consent")),
        )
        card = cards.summary_card(lang, draft, check, names, over_clash=over_clash, consent=consent)
        # The card is the question (it ends with how to answer in words too).
        return await step.prompt(
            CONFIRM,
            PromptOptions(
                prompt=card_activity(card, card["fallbackText"]),
                retry_prompt=MessageFactory.text(t(self._reply_key(step), lang)),
            ),
        )

    async def decide(self, step: Step) -> DialogTurnResult:
        lang = lang_of(step.context)
        value = step.context.activity.value if isinstance(step.context.activity.value, dict) else {}
        choice, start = self._decision(step, value)
        # The roles picked in the card are kept when the card is shown again.
        draft = inputs.draft_to_state(
            inputs.with_roles(inputs.draft_from_state(step.values["draft"]), value)
        )
        state = {
            "draft": draft,
            "over_clash": bool(step.values.get("over_clash")) or choice == "clash",
            "consent": bool(step.values.get("consent")) or choice == "consent",
        }
        if choice == "cancel":
            return await step.end_dialog(None)
        if choice == "again":
            await step.context.send_activity(t(self._reply_key(step), lang))
            return await step.replace_dialog(SUMMARY, state)
        if choice == "retime" and start is not None:
            # A new time has clashes of its own: the old answer about a clash is void.
            moved = {**draft, "start": start.isoformat()}
            return await step.replace_dialog(
                SUMMARY, {**state, "draft": moved, "over_clash": False}
            )
        if step.values["clashes"] and not state["over_clash"]:
            await step.context.send_activity(t("meeting.clash_confirm_needed", lang))
            return await step.replace_dialog(SUMMARY, state)
        if step.values["missing_consent"] and not state["consent"]:
            names = ", ".join(t(f"agency.{k}", lang) for k in step.values["missing_consent"])
            await step.context.send_activity(
                t("meeting.consent_confirm_needed", lang, agencies=names)
            )
            return await step.replace_dialog(SUMMARY, state)
        return await step.end_dialog(draft)

    async def book_and_invite(self, step: Step) -> DialogTurnResult:
        lang = lang_of(step.context)
        if step.result is None:
            await step.context.send_activity(t("cancel.done", lang))
            return await step.end_dialog()
        draft = inputs.draft_from_state(step.result)
        try:
            change = await self._service.book(self._user(step), draft)
        except UserInputError as error:
            await step.context.send_activity(t(error.key, lang, **error.params))
            return await step.end_dialog()
        meeting = change.meeting
        status = cards.status_card(meeting, lang)
        sent = await step.context.send_activity(card_activity(status, status["fallbackText"]))
        await self._service.record_status_card(
            meeting.id, sent.id if sent else None, step.context.activity.conversation.id
        )
        invited = await self._actions.invite(change)
        outside = sum(1 for p in meeting.participants if p.staff_user_id is None)
        # "Nobody got it in Teams" goes without saying when the next sentence says why.
        lines = [t_count("meeting.booked.outside", lang, outside)] if outside else []
        if invited or not outside:
            lines.insert(0, t_count("meeting.booked.invited", lang, invited))
        await step.context.send_activity(" ".join(lines))
        await self._actions.offer_calendar(step.context, self._user(step), meeting.id)
        return await step.end_dialog(meeting.id)

    # -- helpers -------------------------------------------------------------------------------
    async def _ask(
        self, step: Step, prompt_id: str, ask: str, retry: str, validations: Any = None
    ) -> DialogTurnResult:
        lang = lang_of(step.context)
        return await step.prompt(
            prompt_id,
            PromptOptions(
                prompt=MessageFactory.text(t(ask, lang)),
                retry_prompt=MessageFactory.text(t(retry, lang)),
                validations=validations,
            ),
        )

    def _user(self, step: Step) -> int:
        user = turn_info(step.context).user
        assert user is not None
        return user.id

    def _tz(self, step: Step) -> ZoneInfo:
        return ZoneInfo(turn_info(step.context).timezone)

    def _read_when(self, context: Any, text: str) -> datetime | str:
        """A time ahead, or the question to ask instead."""
        tz = ZoneInfo(turn_info(context).timezone)
        answer = read_meeting_time(text, now=self._clock.now(), tz=tz)
        return answer if isinstance(answer, datetime) else t(answer, lang_of(context))

    def _result_time(self, step: Step) -> str:
        if isinstance(step.result, str) and "T" in step.result and step.result[:4].isdigit():
            return step.result
        value = step.context.activity.value
        if isinstance(value, dict) and value.get(cards.DIALOG_INPUT) == "when":
            picked = inputs.picked_time(value, self._tz(step))
            assert picked is not None
            return picked.isoformat()
        answer = self._read_when(step.context, str(step.result))
        assert isinstance(answer, datetime)
        return answer.isoformat()

    def _decision(self, step: Step, value: dict[str, Any]) -> tuple[str, datetime | None]:
        """From the summary's answer: "book" (a plain yes), "clash" (book over the
        clash), "consent" (consent exists, book), "retime" with the new start,
        "cancel", or "again" (not understood)."""
        lang = lang_of(step.context)
        if value.get(cards.DIALOG_INPUT) == "confirm":
            choice = value.get("choice")
            if choice == "slot":
                start = inputs.picked_slot(value)
                return ("retime", start) if start is not None else ("again", None)
            if choice in ("cancel", "clash", "consent"):
                return choice, None
            # A card sent before the two questions were parted said so with a flag.
            return ("consent" if value.get("consent") is True else "book"), None
        words = {
            "book": t("meeting.book_words", lang),
            "clash": t("meeting.clash_words", lang),
            "consent": t("meeting.consent_words", lang),
        }
        # Anything but a yes is not a yes: the summary is asked again, nothing is booked.
        return inputs.typed_summary_answer(
            str(step.result or ""),
            step.values.get("suggestions") or [],
            words,
            lambda text: self._read_when(step.context, text),
        )

    def _reply_key(self, step: Step) -> str:
        """How to answer the summary in words: about the warning still open."""
        if step.values.get("clashes") and not step.values.get("over_clash"):
            return "meeting.summary.reply.clash"
        if step.values.get("missing_consent") and not step.values.get("consent"):
            return "meeting.summary.reply.consent"
        return "meeting.summary.reply"

    # -- validation -------------------------------------------------------------------------
    async def _valid_when(self, prompt: PromptValidatorContext, text: str, value: dict) -> bool:
        if value.get(cards.DIALOG_INPUT) == "when":
            picked = inputs.picked_time(value, ZoneInfo(turn_info(prompt.context).timezone))
            return picked is not None and picked > self._clock.now()
        answer = self._read_when(prompt.context, text)
        if isinstance(answer, str):
            await prompt.context.send_activity(answer)
            return False
        return True

    async def _valid_people(self, prompt: PromptValidatorContext, text: str, value: dict) -> bool:
        lang = lang_of(prompt.context)
        team_state = (prompt.options.validations or {}).get("team") or []
        team = [ParticipantDraft.from_state(m) for m in team_state]
        if value.get(cards.DIALOG_INPUT) == "participants":
            people = inputs.picked_team(value, team)
            names = inputs.typed_names(value)
        else:
            done = [fold(w) for w in t("meeting.done_words", lang).split("|")]
            # "klar" or "ok" with nobody chosen is not a person called Klar.
            people, names = [], [] if fold(text) in done else split_names(text)
        people = inputs.unique([*people, *await inputs.resolve_names(names, team, self._directory)])
        if not people:
            await prompt.context.send_activity(t("meeting.participants.none_yet", lang))
            return False
        if len(people) > MAX_PARTICIPANTS:
            raise UserInputError("meeting.participants.too_many", limit=MAX_PARTICIPANTS)
        prompt.recognized.value = [p.to_state() for p in people]
        return True


Validator = Callable[[PromptValidatorContext, str, dict], Awaitable[bool]]


def _guarded(check: Validator) -> Callable[[PromptValidatorContext], Awaitable[bool]]:
    """A prompt validator that sees the typed text and any card submit, and says
    why an answer was refused (a rule's message) before the retry question."""

    async def validate(prompt: PromptValidatorContext) -> bool:
        context = prompt.context
        value = context.activity.value if isinstance(context.activity.value, dict) else {}
        text = " ".join((prompt.recognized.value or "").split())
        try:
            return await check(prompt, text, value)
        except UserInputError as error:
            await context.send_activity(t(error.key, lang_of(context), **error.params))
            return False

    return validate


async def _valid_client(prompt: PromptValidatorContext, text: str, value: dict) -> bool:
    normalise_client_code(text)
    return True


async def _valid_purpose(prompt: PromptValidatorContext, text: str, value: dict) -> bool:
    return 0 < len(text) <= MAX_PURPOSE and not looks_like_personnummer(text)


async def _valid_length(prompt: PromptValidatorContext, text: str, value: dict) -> bool:
    _minutes(text, lang_of(prompt.context))
    return True


async def _valid_place(prompt: PromptValidatorContext, text: str, value: dict) -> bool:
    if len(text) > MAX_PLACE:
        raise UserInputError("meeting.place.too_long", limit=MAX_PLACE)
    if looks_like_personnummer(text):
        raise UserInputError("meeting.personnummer")
    return bool(text)


async def _valid_confirm(prompt: PromptValidatorContext, text: str, value: dict) -> bool:
    return value.get(cards.DIALOG_INPUT) == "confirm" or bool(text)


def _minutes(text: Any, lang: str) -> int:
    clean = " ".join(str(text or "").split())
    if not clean or fold(clean) in [fold(w) for w in t("meeting.ok_words", lang).split("|")]:
        return DEFAULT_MINUTES
    return parse_minutes(clean)
