"""Reminder cards and the one summary of missed reminders, as activity dicts for the
proactive sender (core.delivery.Sender).

Buttons are Action.Submit with data {"reminder_action": …, "occurrence_id": N};
whoever handles the submit looks the occurrence up and acts on it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from core.i18n import t
from dialogs.cards.common import adaptive_card
from storage.records import ReminderRecord

ADAPTIVE_CARD = "application/vnd.microsoft.card.adaptive"
ACTIONS = ("done", "snooze15", "snooze60", "tomorrow", "delete")
MAX_LISTED = 10
MAX_TEXT_IN_SUMMARY = 80


def _date(at: datetime) -> str:
    return at.strftime("%Y-%m-%d")


def _time(at: datetime) -> str:
    return at.strftime("%H:%M")


def card_message(card: dict, summary: str) -> dict[str, Any]:
    """A proactive message (an activity dict for core.delivery.Sender) with one card."""
    return {
        "type": "message",
        "summary": summary,
        "attachments": [{"contentType": ADAPTIVE_CARD, "content": card}],
    }


def reminder_actions(occurrence_id: int, lang: str) -> list[dict[str, Any]]:
    """Klar / Snooza 15 min / Snooza 1 h / Imorgon 08:00 / Ta bort."""
    return [
        {
            "type": "Action.Submit",
            "title": t(f"reminder.action.{action}", lang),
            "data": {"reminder_action": action, "occurrence_id": occurrence_id},
        }
        for action in ACTIONS
    ]


def reminder_activity(
    *,
    occurrence_id: int,
    text: str,
    lang: str,
    due_at: datetime,
    now: datetime,
    tz: ZoneInfo,
    late: bool,
    recurring: bool = False,
    from_name: str | None = None,
) -> dict[str, Any]:
    """The delivered reminder; a late one says when it should have come."""
    title = (
        t("reminder.card.title_from", lang, name=from_name)
        if from_name
        else t("reminder.card.title", lang)
    )
    body: list[dict[str, Any]] = [
        {"type": "TextBlock", "text": title, "weight": "Bolder", "size": "Medium", "wrap": True},
        {"type": "TextBlock", "text": text, "wrap": True},
    ]
    fallback = [title, text]
    notes: list[str] = []
    if late:
        due_local = due_at.astimezone(tz)
        if due_local.date() == now.astimezone(tz).date():
            notes.append(t("reminder.card.late", lang, time=_time(due_local)))
        else:
            notes.append(
                t(
                    "reminder.card.late_other_day",
                    lang,
                    date=_date(due_local),
                    time=_time(due_local),
                )
            )
    if recurring:
        notes.append(t("reminder.card.recurring", lang))
    for note in notes:
        body.append({"type": "TextBlock", "text": note, "wrap": True, "isSubtle": True})
    fallback.extend(notes)
    card = adaptive_card(body, reminder_actions(occurrence_id, lang), "\n".join(fallback))
    return card_message(card, title)


@dataclass(frozen=True)
class MissedItem:
    text: str
    due_at: datetime
    tz: ZoneInfo
    skipped: int = 0  # later occurrences of the same rule, missed too


def _shorten(text: str, limit: int = MAX_TEXT_IN_SUMMARY) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def missed_summary_activity(
    items: Sequence[MissedItem], lang: str, *, team: bool = False
) -> dict[str, Any]:
    """One message for everything missed, however much that was."""
    count = sum(1 + item.skipped for item in items)
    suffix = "_team" if team else ""
    if count == 1:
        heading = t(f"reminder.missed.one{suffix}", lang)
    else:
        heading = t(f"reminder.missed.many{suffix}", lang, count=count)
    lines = [heading, ""]
    ordered = sorted(items, key=lambda item: item.due_at)
    for item in ordered[:MAX_LISTED]:
        local = item.due_at.astimezone(item.tz)
        values = {"date": _date(local), "time": _time(local), "text": _shorten(item.text)}
        if item.skipped:
            line = t("reminder.missed.item_repeated", lang, more=item.skipped, **values)
        else:
            line = t("reminder.missed.item", lang, **values)
        lines.append(f"- {line}")
    if len(ordered) > MAX_LISTED:
        lines.append(t("reminder.missed.more", lang, count=len(ordered) - MAX_LISTED))
    lines.extend(["", t("reminder.missed.footer", lang)])
    return {
        "type": "message",
        "textFormat": "markdown",
        "summary": heading,
        "text": "\n".join(lines),
    }


def reminders_list_activity(
    reminders: Sequence[ReminderRecord], lang: str, tz: ZoneInfo
) -> dict[str, Any]:
    """`påminnelser`: each reminder with when it comes next and the same buttons."""
    title = t("reminder.list.title", lang)
    if not reminders:
        empty = t("reminder.list.empty", lang)
        body = [{"type": "TextBlock", "text": empty, "wrap": True}]
        return card_message(adaptive_card(body, [], empty), title)
    body: list[dict[str, Any]] = [
        {"type": "TextBlock", "text": title, "weight": "Bolder", "size": "Medium", "wrap": True}
    ]
    fallback = [title]
    for reminder in reminders:
        if reminder.next_due_at is not None:
            local = reminder.next_due_at.astimezone(tz)
            when = t("reminder.list.next", lang, date=_date(local), time=_time(local))
        else:
            when = t("reminder.list.nothing_planned", lang)
        if reminder.recurring:
            when = f"{when} · {t('reminder.card.recurring', lang)}"
        item: list[dict[str, Any]] = [
            {"type": "TextBlock", "text": reminder.text, "wrap": True, "weight": "Bolder"},
            {"type": "TextBlock", "text": when, "wrap": True, "isSubtle": True, "spacing": "None"},
        ]
        if reminder.next_occurrence_id is not None:
            item.append(
                {
                    "type": "ActionSet",
                    "actions": reminder_actions(reminder.next_occurrence_id, lang),
                }
            )
        body.append({"type": "Container", "separator": True, "items": item})
        fallback.append(f"- {reminder.text} ({when})")
    return card_message(adaptive_card(body, [], "\n".join(fallback)), title)
