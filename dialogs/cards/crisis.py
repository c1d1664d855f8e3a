"""The crisis plan as an Adaptive Card: whom to call now first (by the reader's part
of the day), then the others, the early signs, what we do and the person's own
words. Numbers are `tel:` links, so a phone dials them."""

from __future__ import annotations

from typing import Any

from botbuilder.schema import Activity

from core.contact_model import tel_uri
from core.crisis_plan import REACHES, reachable_first
from core.i18n import t
from dialogs.cards.common import adaptive_card, card_activity, command_button, text_block
from storage.crisis_service import CrisisContactRecord, CrisisPlanView


def reach_words(reach: frozenset[str], lang: str) -> str:
    if set(REACHES) <= reach:
        return t("crisis.part.always", lang)
    return ", ".join(t(f"crisis.part.{r}", lang) for r in REACHES if r in reach)


def contact_line(contact: CrisisContactRecord, lang: str) -> str:
    if contact.name is None:
        return t("crisis.contact.removed", lang)
    parts = [f"**{contact.name}**"]
    if contact.phone:
        uri = tel_uri(contact.phone)
        parts.append(f"[{contact.phone}]({uri})" if uri else contact.phone)
    when = reach_words(contact.reach, lang)
    source = f" ({t('crisis.contact.directory', lang)})" if contact.from_directory else ""
    return " – ".join(parts) + f" · {when}{source}"


def _heading(text: str) -> dict[str, Any]:
    return text_block(text, weight="Bolder", spacing="Medium")


def crisis_plan_card(view: CrisisPlanView, part: str, lang: str, word: str) -> Activity:
    """`part`: the reader's part of the day now (core.crisis_plan.part_of_day);
    `word`: the command as the reader writes it, for the edit button."""
    title = t("crisis.title", lang, code=view.code)
    plan = view.plan
    edit = f"{word} {view.code} {'edit' if lang == 'en' else 'ändra'}"
    if plan is None:
        hint = t("crisis.none.write" if view.may_write else "crisis.none.ask", lang, code=view.code)
        lines = [t("crisis.none", lang, code=view.code), hint]
        body = [text_block(title, weight="Bolder", size="Large"), *map(text_block, lines)]
        actions = [command_button(t("crisis.edit", lang), edit)] if view.may_write else []
        return card_activity(adaptive_card(body, actions, "\n".join([title, *lines])), title)
    now, later = reachable_first(plan.contacts, [c.reach for c in plan.contacts], part)
    part_word = t(f"crisis.part.{part}", lang)
    sections: list[tuple[str, list[str]]] = [
        (
            t("crisis.section.call_now", lang, part=part_word),
            [contact_line(c, lang) for c in now]
            or [t("crisis.section.call_now.none", lang, part=part_word)],
        )
    ]
    if later:
        sections.append(
            (t("crisis.section.call_later", lang), [contact_line(c, lang) for c in later])
        )
    sections.append((t("crisis.section.signs", lang), [f"- {s}" for s in plan.early_signs]))
    sections.append(
        (t("crisis.section.steps", lang), [f"{n}. {s}" for n, s in enumerate(plan.steps, 1)])
    )
    if plan.own_words:
        sections.append((t("crisis.section.own_words", lang), [f"_{plan.own_words}_"]))
    day = plan.updated_at.date().isoformat()
    footer = (
        t("crisis.updated", lang, date=day, who=plan.updated_by)
        if plan.updated_by
        else t("crisis.updated.anonymous", lang, date=day)
    )
    body: list[dict[str, Any]] = [text_block(title, weight="Bolder", size="Large")]
    fallback = [title]
    for heading, lines in sections:
        body.append(_heading(heading))
        body.append(text_block("\n\n".join(lines)))
        fallback.extend([heading, *lines])
    body.append(text_block(footer, isSubtle=True, spacing="Medium"))
    fallback.append(footer)
    actions = [command_button(t("crisis.edit", lang), edit)] if view.may_write else []
    return card_activity(adaptive_card(body, actions, "\n".join(fallback)), title)
