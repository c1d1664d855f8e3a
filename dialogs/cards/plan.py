"""Cards for after a resursgruppsmöte: the question to the organizer when the
meeting is over, the outcome card (decisions, SIP goals, who does what by when),
the summary to save, and the offer to book the next meeting.

The outcome card's boxes and buttons send {"dialog_input": …} to the running
follow-up dialog (dialogs/follow_up_dialog.py); every question can be answered in
words too, for the phone and for `samverkan chat`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
from zoneinfo import ZoneInfo

from core.i18n import t
from core.meeting_commands import FOLLOW_UP
from core.meeting_model import ACTION, DECISION, GOAL
from core.meeting_plan import PlanLine
from core.meeting_text import describe_day, describe_slot
from dialogs.cards.common import adaptive_card, command_button, submit_action, text_block
from dialogs.cards.meeting import DIALOG_INPUT
from storage.meeting_records import MeetingRecord

OUTCOME, CONFIRM, NEXT = "outcome", "plan_confirm", "plan_next"
BOXES = {DECISION: "decisions", GOAL: "goals", ACTION: "actions"}
MAX_BOX = 4000


def follow_up_card(meeting: MeetingRecord, lang: str) -> dict[str, Any]:
    """Sent to the organizer when the meeting is over."""
    title = t("plan.ask.title", lang, code=meeting.client_code)
    when = describe_slot(meeting.interval, ZoneInfo(meeting.timezone), lang)
    body = [text_block(title, weight="Bolder", size="Medium"), text_block(when, isSubtle=True)]
    body.append(text_block(t("plan.ask.body", lang)))
    actions = [command_button(t("plan.ask.button", lang), f"{FOLLOW_UP.word(lang)} {meeting.id}")]
    return adaptive_card(body, actions, title)


def outcome_card(
    code: str,
    when: str,
    names: Sequence[str],
    lang: str,
    typed: Mapping[str, Sequence[str]] | None = None,
) -> dict[str, Any]:
    """Three boxes, prefilled with what was written before when asked again."""
    typed = typed or {}
    title = t("plan.card.title", lang, code=code, when=when)
    body: list[dict[str, Any]] = [text_block(title, weight="Bolder", size="Medium")]
    if names:
        body.append(text_block(t("plan.card.people", lang, names=", ".join(names)), isSubtle=True))
    for kind, box in BOXES.items():
        field: dict[str, Any] = {
            "type": "Input.Text",
            "id": box,
            "label": t(f"plan.card.{box}", lang),
            "isMultiline": True,
            "maxLength": MAX_BOX,
            "value": "\n".join(typed.get(kind, ())),
        }
        if kind == ACTION:
            example = names[1] if len(names) > 1 else (names[0] if names else "Anna")
            field["placeholder"] = t("plan.card.actions_example", lang, name=example)
        body.append(field)
    actions = [submit_action(t("plan.card.ok", lang), {DIALOG_INPUT: OUTCOME}, "positive")]
    return adaptive_card(body, actions, title)


def typed_boxes(value: Mapping[str, Any]) -> dict[str, str]:
    """The outcome card's boxes, by kind (what is not a string is empty)."""
    return {
        kind: value[box][:MAX_BOX] if isinstance(value.get(box), str) else ""
        for kind, box in BOXES.items()
    }


def plan_summary_card(code: str, lines: Sequence[PlanLine], lang: str) -> dict[str, Any]:
    title = t("plan.summary.title", lang, code=code)
    body: list[dict[str, Any]] = [text_block(title, weight="Bolder", size="Medium")]
    for kind, heading in ((DECISION, "decisions"), (GOAL, "goals")):
        chosen = [line.text for line in lines if line.kind == kind]
        if chosen:
            body.append(text_block(t(f"plan.summary.{heading}", lang), weight="Bolder"))
            body.append(text_block("\n".join(f"- {text}" for text in chosen)))
    actions_found = [line for line in lines if line.kind == ACTION]
    if actions_found:
        body.append(text_block(t("plan.summary.actions", lang), weight="Bolder"))
    for line in actions_found:
        assert line.due_on is not None
        said = t(
            "plan.summary.action",
            lang,
            text=line.text,
            owner=line.owner_name or "–",
            due=describe_day(line.due_on, lang),
        )
        how = "plan.summary.uses_bot" if line.owner_user_id is not None else "plan.summary.for_you"
        body.append(text_block(f"- {said}"))
        body.append(text_block(t(how, lang), isSubtle=True, size="Small", spacing="None"))
    body.append(text_block(t("plan.summary.reply", lang), isSubtle=True, size="Small"))
    actions = [
        submit_action(
            t("plan.summary.save", lang), {DIALOG_INPUT: CONFIRM, "choice": "save"}, "positive"
        ),
        submit_action(t("plan.summary.change", lang), {DIALOG_INPUT: CONFIRM, "choice": "change"}),
        submit_action(t("plan.summary.cancel", lang), {DIALOG_INPUT: CONFIRM, "choice": "cancel"}),
    ]
    return adaptive_card(body, actions, title)


def next_meeting_card(lang: str) -> dict[str, Any]:
    question = t("plan.next.question", lang)
    actions = [
        submit_action(
            t("plan.next.book", lang), {DIALOG_INPUT: NEXT, "choice": "book"}, "positive"
        ),
        submit_action(t("plan.next.later", lang), {DIALOG_INPUT: NEXT, "choice": "later"}),
    ]
    return adaptive_card([text_block(question)], actions, question)
