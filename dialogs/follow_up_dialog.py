"""dokumentera: after a resursgruppsmöte, record what it decided, and book the next.

`dokumentera 12` (the button on the card the organizer gets when meeting 12 is
over), `dokumentera K-1042` (the client's latest held meeting) or `dokumentera`
(my latest held meeting with nothing recorded yet). The organizer fills in three
boxes (or types with headings): shared decisions, SIP goals (delmål) and who does
what by when; lines the bot cannot read are shown with what is missing and the card
comes back filled in as written. A summary says who will be reminded in Teams and
for whom the organizer is reminded instead; saving sets those reminders. Last, the
next meeting can be booked with the same participants (the booking dialog, with
this meeting as the previous one).
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from botbuilder.core import MessageFactory, TurnContext
from botbuilder.dialogs import ComponentDialog, DialogTurnResult, WaterfallDialog
from botbuilder.dialogs import WaterfallStepContext as Step
from botbuilder.dialogs.prompts import PromptOptions, PromptValidatorContext, TextPrompt

from core.clock import Clock
from core.commands import fold
from core.errors import UserInputError
from core.i18n import t, t_count
from core.meeting_model import ACTION, DECISION, GOAL, MAX_PLAN_ITEMS
from core.meeting_plan import Outcome, PlanLine, PlanPerson, read_outcome, split_typed_outcome
from core.meeting_text import describe_slot
from dialogs.book_meeting_dialog import BookMeetingDialog
from dialogs.cards import plan as cards
from dialogs.cards.common import card_activity
from dialogs.cards.meeting import DIALOG_INPUT
from dialogs.turn_info import lang_of, turn_info
from storage.meeting_service import MeetingService

OUTCOME, CONFIRM, NEXT = "plan.outcome", "plan.confirm", "plan.next"
LOOP, STEPS = "plan.loop", "plan.steps"
LATER_WORDS = frozenset(map(fold, ("nej", "inte nu", "senare", "no", "not now", "later")))


class FollowUpDialog(ComponentDialog):
    def __init__(self, service: MeetingService, book: BookMeetingDialog, clock: Clock) -> None:
        super().__init__(FollowUpDialog.__name__)
        self._service = service
        self._clock = clock
        self._book_id = book.id
        self.add_dialog(TextPrompt(OUTCOME, self._valid_outcome))
        self.add_dialog(TextPrompt(CONFIRM, _valid_choice(cards.CONFIRM, _confirm_choice)))
        self.add_dialog(TextPrompt(NEXT, _valid_choice(cards.NEXT, _next_choice)))
        self.add_dialog(book)
        # The outcome and its summary loop until saved or cancelled; the loop ends
        # with the lines to save, or None.
        self.add_dialog(WaterfallDialog(LOOP, [self.ask_outcome, self.show_summary, self.decide]))
        self.add_dialog(
            WaterfallDialog(STEPS, [self.find_meeting, self.save, self.offer_next, self.book_next])
        )
        self.initial_dialog_id = STEPS

    # -- the steps -------------------------------------------------------------------------
    async def find_meeting(self, step: Step) -> DialogTurnResult:
        lang = lang_of(step.context)
        user = turn_info(step.context).user
        if user is None:
            await step.context.send_activity(t("meeting.unknown_user", lang))
            return await step.end_dialog()
        try:
            meeting = await self._service.follow_up_meeting(user.id, str(step.options or ""))
        except UserInputError as error:
            await step.context.send_activity(t(error.key, lang, **error.params))
            return await step.end_dialog()
        me = meeting.participant_for(user.id)
        others = [p for p in meeting.participants if p.staff_user_id != user.id]
        step.values.update(
            meeting_id=meeting.id,
            code=meeting.client_code,
            again=[p.as_draft().to_state() for p in others if not p.organizer],
        )
        when = describe_slot(meeting.interval, ZoneInfo(meeting.timezone), lang)
        return await step.begin_dialog(
            LOOP,
            {
                "code": meeting.client_code,
                "when": when,
                "names": [p.name for p in meeting.participants],
                "people": [[p.name, p.staff_user_id] for p in others],
                "me": [me.name if me else user.name or "?", user.id],
                "typed": {},
            },
        )

    async def ask_outcome(self, step: Step) -> DialogTurnResult:
        options = step.options
        step.values["options"] = options
        lang = lang_of(step.context)
        await step.context.send_activity(_outcome_card(options, lang))
        example = options["people"][0][0] if options["people"] else options["me"][0]
        return await step.prompt(
            OUTCOME,
            PromptOptions(
                prompt=MessageFactory.text(t("plan.ask_outcome", lang, name=example)),
                retry_prompt=MessageFactory.text(t("plan.retry_outcome", lang)),
                validations=options,
            ),
        )

    async def show_summary(self, step: Step) -> DialogTurnResult:
        lang = lang_of(step.context)
        step.values.update(lines=step.result["lines"], typed=step.result["typed"])
        lines = [_line_from_state(line) for line in step.result["lines"]]
        card = cards.plan_summary_card(step.values["options"]["code"], lines, lang)
        return await step.prompt(
            CONFIRM,
            PromptOptions(
                prompt=card_activity(card, card["fallbackText"]),
                retry_prompt=MessageFactory.text(t("plan.summary.reply", lang)),
            ),
        )

    async def decide(self, step: Step) -> DialogTurnResult:
        if step.result == "change":
            return await step.replace_dialog(
                LOOP, {**step.values["options"], "typed": step.values["typed"]}
            )
        if step.result == "save":
            return await step.end_dialog(step.values["lines"])
        return await step.end_dialog(None)

    async def save(self, step: Step) -> DialogTurnResult:
        lang = lang_of(step.context)
        if step.result is None:
            await step.context.send_activity(t("cancel.done", lang))
            return await step.end_dialog()
        lines = [_line_from_state(line) for line in step.result]
        user = turn_info(step.context).user
        assert user is not None
        try:
            await self._service.record_outcome(user.id, step.values["meeting_id"], lines)
        except UserInputError as error:
            await step.context.send_activity(t(error.key, lang, **error.params))
            return await step.end_dialog()
        count = Counter(line.kind for line in lines)
        await step.context.send_activity(
            t(
                "plan.saved",
                lang,
                code=step.values["code"],
                decisions=t_count("plan.saved.decisions", lang, count[DECISION]),
                goals=t_count("plan.saved.goals", lang, count[GOAL]),
                actions=t_count("plan.saved.actions", lang, count[ACTION]),
            )
        )
        return await step.next(None)

    async def offer_next(self, step: Step) -> DialogTurnResult:
        lang = lang_of(step.context)
        card = cards.next_meeting_card(lang)
        return await step.prompt(
            NEXT,
            PromptOptions(
                prompt=card_activity(card, card["fallbackText"]),
                retry_prompt=MessageFactory.text(t("plan.next.question", lang)),
            ),
        )

    async def book_next(self, step: Step) -> DialogTurnResult:
        if step.result != "book":
            code = step.values["code"]
            await step.context.send_activity(
                t("plan.next.later_said", lang_of(step.context), code=code)
            )
            return await step.end_dialog()
        return await step.begin_dialog(
            self._book_id,
            {
                "code": step.values["code"],
                "previous": step.values["meeting_id"],
                "people": step.values["again"],
            },
        )

    # -- reading the answers ----------------------------------------------------------------
    async def _valid_outcome(self, prompt: PromptValidatorContext) -> bool:
        context = prompt.context
        lang = lang_of(context)
        options = prompt.options.validations
        outcome = self._read(context, prompt.recognized.value or "", options)
        if outcome.ok:
            prompt.recognized.value = {
                "lines": [_line_to_state(line) for line in outcome.lines],
                "typed": {kind: list(rows) for kind, rows in outcome.typed.items()},
            }
            return True
        # (The prompt's retry text is not sent when the validator has answered.)
        if not outcome.problems:
            await context.send_activity(t("plan.nothing", lang))
            return False
        said = [t("plan.problems", lang)]
        for problem in outcome.problems:
            what = t(problem.key, lang, names=", ".join(problem.names), limit=MAX_PLAN_ITEMS)
            said.append(
                t("plan.problem_line", lang, line=problem.line, problem=what)
                if problem.line
                else f"- {what}"
            )
        # A blank line before the last sentence, or Teams runs it into the list.
        await context.send_activity("\n".join(said) + "\n\n" + t("plan.retry_outcome", lang))
        await context.send_activity(_outcome_card({**options, "typed": outcome.typed}, lang))
        return False

    def _read(self, context: TurnContext, text: str, options: dict[str, Any]) -> Outcome:
        value = context.activity.value if isinstance(context.activity.value, dict) else {}
        if value.get(DIALOG_INPUT) == cards.OUTCOME:
            sections: dict[str, Any] = cards.typed_boxes(value)
        else:
            sections = split_typed_outcome(text)
        people = [PlanPerson(name, user_id) for name, user_id in options["people"]]
        me = PlanPerson(*options["me"])
        tz = ZoneInfo(turn_info(context).timezone)
        return read_outcome(sections, people=people, me=me, now=self._clock.now(), tz=tz)


def _outcome_card(options: dict[str, Any], lang: str) -> Any:
    card = cards.outcome_card(
        options["code"], options["when"], options["names"], lang, options.get("typed")
    )
    return card_activity(card, card["fallbackText"])


def _confirm_choice(text: str, lang: str) -> str | None:
    if text in map(fold, t("plan.save_words", lang).split("|")):
        return "save"
    if text in map(fold, t("plan.change_words", lang).split("|")):
        return "change"
    return None


def _next_choice(text: str, lang: str) -> str | None:
    if text in map(fold, t("plan.next.words", lang).split("|")):
        return "book"
    return "later" if text in LATER_WORDS else None


def _valid_choice(card_input: str, words: Any) -> Any:
    """A prompt validator for a card's buttons ({"choice": …}) or the same in words."""

    async def validate(prompt: PromptValidatorContext) -> bool:
        value = prompt.context.activity.value
        if isinstance(value, dict) and value.get(DIALOG_INPUT) == card_input:
            choice = value.get("choice")
        else:
            choice = words(
                fold(" ".join((prompt.recognized.value or "").split())), lang_of(prompt.context)
            )
        if not isinstance(choice, str):
            return False
        prompt.recognized.value = choice
        return True

    return validate


# Dialog state is stored between turns as JSON: plan lines travel as plain dicts.
def _line_to_state(line: PlanLine) -> dict[str, Any]:
    return {
        "kind": line.kind,
        "text": line.text,
        "owner_name": line.owner_name,
        "owner_user_id": line.owner_user_id,
        "due_on": line.due_on.isoformat() if line.due_on else None,
    }


def _line_from_state(data: dict[str, Any]) -> PlanLine:
    due = data.get("due_on")
    return PlanLine(
        kind=data["kind"],
        text=data["text"],
        owner_name=data.get("owner_name"),
        owner_user_id=data.get("owner_user_id"),
        due_on=date.fromisoformat(due) if due else None,
    )
