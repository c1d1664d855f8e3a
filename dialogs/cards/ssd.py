"""SSD cards: the rating form, the replace question, the client chooser and the
new-target form (Adaptive Cards 1.5 with fallback text).

Card buttons are Action.Submit with data {"ssd_action": …, "client": code}; the
form's inputs come back beside them. Everything the handler needs is in the
submit, so a card answered after a restart, or on another instance, still works.
Input ids: "day", "shift", "note", and "t<target id>" per target.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from botbuilder.schema import Activity

from core import ssd_model as rules
from core.i18n import t
from core.ssd_commands import BACKFILL_DAYS, CLOSE, RATE
from core.ssd_reading import number
from dialogs.cards.common import adaptive_card, card_activity, command_button
from storage.records import RatingRecord
from storage.ssd_service import ClientOverview, Conflict, FormTarget, RatingForm

WEEKDAYS = {
    "sv": ("mån", "tis", "ons", "tor", "fre", "lör", "sön"),
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
}
TARGET_INPUT = "t"


def value_text(value: float, lang: str) -> str:
    """6 → "6", 6.5 → "6,5" in Swedish."""
    text = f"{value:g}"
    return text.replace(".", ",") if lang == "sv" else text


def short_day(day: date, lang: str) -> str:
    return f"{WEEKDAYS.get(lang, WEEKDAYS['sv'])[day.weekday()]} {day.day}/{day.month}"


def slot_text(slot_date: date, slot: str, lang: str) -> str:
    """ "2026-11-22", "2026-11-21 kvällspass", "veckan från 2026-11-16"."""
    if slot == rules.DAY:
        return slot_date.isoformat()
    if slot in (rules.WEEK, rules.MONTH):
        return f"{t(f'ssd.slot.{slot}', lang)} {slot_date.isoformat()}"
    return f"{slot_date.isoformat()} {t(f'ssd.slot.{slot}', lang)}"


def recent_text(recent: Sequence[RatingRecord], lang: str, *, newest_bold: bool = False) -> str:
    values = [value_text(r.value, lang) for r in recent]
    if newest_bold and values:
        values[-1] = f"**{values[-1]}**"
    return " · ".join(values)


def _choices(item: FormTarget, lang: str) -> list[dict[str, str]]:
    target = item.target
    choices = []
    steps = round((target.scale_max - target.scale_min) / target.step)
    for index in range(steps + 1):
        value = target.scale_min + index * target.step
        title = value_text(value, lang)
        if index == 0:
            title = f"{title} – {target.low_anchor}"
        elif index == steps:
            title = f"{title} – {target.high_anchor}"
        choices.append({"title": title, "value": f"{value:g}"})
    return choices


def rating_card(form: RatingForm, today: date, lang: str, *, shift: str | None) -> Activity:
    code = form.access.client.code
    title = t("ssd.card.title", lang, code=code)
    phase = (
        t("ssd.card.phase", lang, label=form.phase.label)
        + (f" – {form.phase.description}" if form.phase.description else "")
        if form.phase
        else t("ssd.card.no_phase", lang)
    )
    body: list[dict[str, Any]] = [
        {"type": "TextBlock", "text": title, "weight": "Bolder", "size": "Large", "wrap": True},
        {"type": "TextBlock", "text": phase, "isSubtle": True, "wrap": True, "spacing": "None"},
        {
            "type": "Input.ChoiceSet",
            "id": "day",
            "label": t("ssd.card.day", lang),
            "style": "compact",
            "value": today.isoformat(),
            "choices": _day_choices(today, lang),
        },
    ]
    fallback = [title, phase]
    if any(item.target.frequency == rules.SHIFT for item in form.targets):
        body.append(
            {
                "type": "Input.ChoiceSet",
                "id": "shift",
                "label": t("ssd.card.shift", lang),
                "style": "compact",
                "value": shift or rules.SHIFT_DAY,
                "choices": [
                    {"title": t(f"ssd.slot.{s}", lang), "value": s}
                    for s in rules.SLOTS_BY_FREQUENCY[rules.SHIFT]
                ],
            }
        )
    for item in form.targets:
        target = item.target
        rated = [s.rating for s in item.slots if s.rating is not None]
        status = (
            t("ssd.card.rated_today", lang, value=value_text(rated[-1].value, lang))
            if rated and target.frequency in (rules.DAILY, rules.SHIFT)
            else None
        )
        history = (
            t("ssd.card.recent", lang, values=recent_text(item.recent, lang))
            if item.recent
            else t("ssd.card.no_recent", lang)
        )
        label = f"{target.name} ({t(f'ssd.frequency.{target.frequency}', lang)})"
        body.append(
            {
                "type": "TextBlock",
                "text": f"**{label}**",
                "wrap": True,
                "spacing": "Large",
                "separator": True,
            }
        )
        body.append(
            {
                "type": "TextBlock",
                "text": " · ".join(x for x in (history, status) if x),
                "isSubtle": True,
                "wrap": True,
                "spacing": "None",
            }
        )
        body.append(
            {
                "type": "Input.ChoiceSet",
                "id": f"{TARGET_INPUT}{target.id}",
                "label": target.name,
                "style": "compact",
                "placeholder": t(
                    "ssd.card.choose",
                    lang,
                    low=value_text(target.scale_min, lang),
                    high=value_text(target.scale_max, lang),
                ),
                "choices": _choices(item, lang),
            }
        )
        fallback.append(f"{label}: {history}")
    body.append(
        {
            "type": "Input.Text",
            "id": "note",
            "label": t("ssd.card.note", lang),
            "maxLength": rules.MAX_NOTE,
            "isMultiline": True,
            "spacing": "Large",
        }
    )
    actions = [
        {
            "type": "Action.Submit",
            "title": t("ssd.card.save", lang),
            "style": "positive",
            "data": {"ssd_action": "rate", "client": code},
        }
    ]
    return card_activity(adaptive_card(body, actions, "\n".join(fallback)), title)


def _day_choices(today: date, lang: str) -> list[dict[str, str]]:
    choices = []
    for back in range(BACKFILL_DAYS + 1):
        day = today - timedelta(days=back)
        shown = short_day(day, lang)
        if back == 0:
            title = t("ssd.card.today", lang, date=shown)
        elif back == 1:
            title = t("ssd.card.yesterday", lang, date=shown)
        else:
            title = shown
        choices.append({"title": title, "value": day.isoformat()})
    return choices


def conflict_card(
    code: str, conflicts: Sequence[Conflict], submitted: dict[str, Any], lang: str
) -> Activity:
    """Ask before replacing: Ersätt resubmits the same values with replace=True."""
    title = t("ssd.rate.conflict.title", lang)
    lines = [
        t(
            "ssd.rate.conflict.line",
            lang,
            name=c.target.name,
            when=slot_text(c.slot_date, c.slot, lang),
            existing=value_text(c.existing, lang),
            new=value_text(c.new, lang),
        )
        for c in conflicts
    ]
    body: list[dict[str, Any]] = [
        {"type": "TextBlock", "text": f"{title}: {code}", "weight": "Bolder", "wrap": True},
        *({"type": "TextBlock", "text": line, "wrap": True} for line in lines),
    ]
    replace_data = {**submitted, "ssd_action": "rate", "client": code, "replace": True}
    actions = [
        {
            "type": "Action.Submit",
            "title": t("ssd.rate.conflict.replace", lang),
            "style": "destructive",
            "data": replace_data,
        },
        {
            "type": "Action.Submit",
            "title": t("ssd.rate.conflict.keep", lang),
            "data": {"ssd_action": "keep", "client": code},
        },
    ]
    return card_activity(adaptive_card(body, actions, "\n".join([title, *lines])), title)


def close_confirm_card(code: str, target: str | None, lang: str) -> Activity:
    """Ask before ending a follow-up or a target: Avsluta closes, Behåll keeps it.
    The target is its stored name, so the submit finds it exactly."""
    if target is None:
        title = t("ssd.close.confirm.client", lang, code=code)
        typed = f"{CLOSE.word(lang)} {code} {t('ssd.close.confirm.yes_word', lang)}"
    else:
        title = t("ssd.close.confirm.target", lang, name=target, code=code)
        typed = (
            f"{CLOSE.word(lang)} {t('ssd.close.confirm.target_word', lang)} {code} {target} "
            f"{t('ssd.close.confirm.yes_word', lang)}"
        )
    detail = t("ssd.close.confirm.detail", lang, typed=typed)
    body = [
        {"type": "TextBlock", "text": title, "weight": "Bolder", "wrap": True},
        {"type": "TextBlock", "text": detail, "isSubtle": True, "wrap": True},
    ]
    data = {"client": code, "target": target}
    actions = [
        {
            "type": "Action.Submit",
            "title": t("ssd.close.confirm.close", lang),
            "style": "destructive",
            "data": {"ssd_action": "close", **data},
        },
        {
            "type": "Action.Submit",
            "title": t("ssd.close.confirm.keep", lang),
            "data": {"ssd_action": "close_keep", **data},
        },
    ]
    return card_activity(adaptive_card(body, actions, f"{title}\n{detail}"), title)


def client_chooser(clients: Sequence[ClientOverview], lang: str) -> Activity:
    title = t("ssd.rate.choose_client", lang)
    rate = RATE.word(lang)
    actions = [
        command_button(
            t("ssd.rate.client_button", lang, code=c.client.code, due=c.due)
            if c.due
            else t("ssd.rate.client_button_done", lang, code=c.client.code),
            f"{rate} {c.client.code}",
        )
        for c in clients
    ]
    body = [{"type": "TextBlock", "text": title, "weight": "Bolder", "wrap": True}]
    fallback = "\n".join([title, *(a["title"] for a in actions)])
    return card_activity(adaptive_card(body, actions, fallback), title)


def unit_chooser(
    code: str, units: Sequence[tuple[int, str]], lang: str, *, kind: str = rules.PERSON
) -> Activity:
    # An organisational follow-up is not a client: its question is worded for a unit.
    key = "ssd.new.unit.which_unit" if kind == rules.UNIT else "ssd.new.client.which_unit"
    title = t(key, lang, code=code)
    actions = [
        {
            "type": "Action.Submit",
            "title": label,
            "data": {"ssd_action": "new_client", "client": code, "unit_id": unit_id, "kind": kind},
        }
        for unit_id, label in units
    ]
    body = [{"type": "TextBlock", "text": title, "weight": "Bolder", "wrap": True}]
    return card_activity(adaptive_card(body, actions, title), title)


def new_target_card(code: str, lang: str) -> Activity:
    title = t("ssd.new.target.title", lang, code=code)

    def text_input(input_id: str, key: str, limit: int) -> dict[str, Any]:
        return {
            "type": "Input.Text",
            "id": input_id,
            "label": t(key, lang),
            "maxLength": limit,
            "isRequired": True,
            "errorMessage": t(key, lang),
        }

    def number_input(input_id: str, key: str, value: float) -> dict[str, Any]:
        return {"type": "Input.Number", "id": input_id, "label": t(key, lang), "value": value}

    body: list[dict[str, Any]] = [
        {"type": "TextBlock", "text": title, "weight": "Bolder", "size": "Large", "wrap": True},
        text_input("name", "ssd.new.target.name", rules.MAX_TARGET_NAME),
        text_input("low", "ssd.new.target.low", rules.MAX_ANCHOR),
        text_input("high", "ssd.new.target.high", rules.MAX_ANCHOR),
        {
            "type": "Input.ChoiceSet",
            "id": "better",
            "label": t("ssd.new.target.better", lang),
            "style": "expanded",
            "value": rules.LOWER,
            "choices": [
                {"title": t(f"ssd.better.{d}", lang), "value": d} for d in rules.DIRECTIONS
            ],
        },
        {
            "type": "Input.ChoiceSet",
            "id": "frequency",
            "label": t("ssd.new.target.frequency", lang),
            "style": "compact",
            "value": rules.DAILY,
            "choices": [
                {"title": t(f"ssd.frequency.{f}", lang), "value": f} for f in rules.FREQUENCIES
            ],
        },
        {
            "type": "ColumnSet",
            "columns": [
                {"type": "Column", "items": [number_input("min", "ssd.new.target.min", 0)]},
                {"type": "Column", "items": [number_input("max", "ssd.new.target.max", 10)]},
                {"type": "Column", "items": [number_input("step", "ssd.new.target.step", 1)]},
            ],
        },
    ]
    actions = [
        {
            "type": "Action.Submit",
            "title": t("ssd.new.target.save", lang),
            "style": "positive",
            "data": {"ssd_action": "new_target", "client": code},
        }
    ]
    return card_activity(adaptive_card(body, actions, title), title)


def chart_card(
    *,
    heading: str,
    image_url: str | None,
    image_name: str,
    facts: Sequence[tuple[str, str]],
    reading: str,
    lang: str,
) -> Activity:
    """The chart (a data: URL, so it travels inside the message), the figures per
    phase and the reading. Without an image (too big) the figures still come."""
    body: list[dict[str, Any]] = [{"type": "TextBlock", "text": heading, "wrap": True}]
    if image_url is not None:
        body.append(
            {
                "type": "Image",
                "url": image_url,
                "altText": image_name,
                "size": "Stretch",
                "msteams": {"allowExpand": True},
            }
        )
    else:
        body.append({"type": "TextBlock", "text": t("ssd.chart.too_big", lang), "wrap": True})
    body.append({"type": "FactSet", "facts": [{"title": k, "value": v} for k, v in facts]})
    body.extend(
        {"type": "TextBlock", "text": paragraph, "wrap": True, "spacing": "Small"}
        for paragraph in reading.splitlines()
    )
    fallback = "\n".join([heading, *(f"{k}: {v}" for k, v in facts), reading])
    return card_activity(adaptive_card(body, [], fallback), heading.replace("**", ""))


def number_text(value: float | None, lang: str, digits: int = 2) -> str:
    return number(value, lang, digits)
