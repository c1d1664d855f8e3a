"""Directory cards: search results, one contact (for the messaging extension), the
admin form, the remove question and the freshness reminder (Adaptive Cards 1.5).

Contact buttons open URLs: `tel:` to call (Teams on a phone hands it to the
dialler), `mailto:` and a Teams deep link to a 1:1 chat. Buttons that change
something are Action.Submit with {"directory_action": …}; everything the handler
needs travels in the submit, so a card answered after a restart still works.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from botbuilder.core import CardFactory
from botbuilder.schema import Activity, ThumbnailCard
from botbuilder.schema.teams import MessagingExtensionAttachment

from core.contact_model import FUNCTION, tel_uri
from core.directory_commands import WHO
from core.i18n import t
from core.texts_contacts import FIELD_LABELS
from dialogs.cards.common import adaptive_card, card_activity, command_button, submit_action
from storage.directory_service import SearchResult
from storage.records import ContactRecord

ACTION = "directory_action"
FORM_FIELDS = (
    "name",
    "title",
    "agency",
    "unit",
    "municipality",
    "areas",
    "helps_with",
    "phone",
    "email",
    "teams_upn",
    "hours",
    "owner_email",
)


def teams_chat_url(upn: str) -> str:
    return "https://teams.microsoft.com/l/chat/0/0?users=" + quote(upn, safe="@.")


def _contact_lines(contact: ContactRecord) -> list[str]:
    role = " · ".join(p for p in (contact.title, contact.unit) if p)
    place = " · ".join(p for p in (contact.agency, contact.municipality) if p)
    return [line for line in (role, place) if line]


def contact_body(
    contact: ContactRecord,
    lang: str,
    *,
    stale: bool,
    admin: bool = False,
    separator: bool = False,
) -> dict[str, Any]:
    """One entry as a Container: who, where, what they help with, how to reach them."""
    heading = contact.name
    if contact.kind == FUNCTION:
        heading += f" · {t('directory.function', lang)}"
    if admin:
        heading += f"  (nr {contact.id})"
    items: list[dict[str, Any]] = [
        {"type": "TextBlock", "text": heading, "weight": "Bolder", "wrap": True}
    ]
    items += [
        {"type": "TextBlock", "text": line, "isSubtle": True, "spacing": "None", "wrap": True}
        for line in _contact_lines(contact)
    ]
    if contact.helps_with:
        items.append(
            {
                "type": "TextBlock",
                "text": t("directory.helps_with", lang, text=contact.helps_with),
                "wrap": True,
                "maxLines": 3,
            }
        )
    if contact.areas:
        items.append(
            {"type": "TextBlock", "text": " · ".join(contact.areas), "wrap": True, "size": "Small"}
        )
    reach = [p for p in (contact.phone, contact.email) if p]
    if contact.hours:
        reach.append(t("directory.reachable", lang, hours=contact.hours))
    if reach:
        items.append({"type": "TextBlock", "text": " · ".join(reach), "wrap": True})
    if stale:
        items.append(
            {
                "type": "TextBlock",
                "text": t(
                    "directory.stale", lang, date=contact.last_verified_at.date().isoformat()
                ),
                "color": "Attention",
                "wrap": True,
                "size": "Small",
            }
        )
    actions = reach_actions(contact, lang)
    if admin:
        actions.append(submit_action(t("directory.edit", lang), {ACTION: "edit", "id": contact.id}))
        actions.append(
            submit_action(t("directory.remove", lang), {ACTION: "remove", "id": contact.id})
        )
    if actions:
        items.append({"type": "ActionSet", "actions": actions})
    return {"type": "Container", "items": items, "separator": separator, "spacing": "Medium"}


def reach_actions(contact: ContactRecord, lang: str) -> list[dict[str, Any]]:
    actions = []
    phone = tel_uri(contact.phone)
    if phone:
        actions.append({"type": "Action.OpenUrl", "title": t("directory.call", lang), "url": phone})
    if contact.email:
        actions.append(
            {
                "type": "Action.OpenUrl",
                "title": t("directory.mail", lang),
                "url": "mailto:" + contact.email,
            }
        )
    if contact.teams_upn:
        actions.append(
            {
                "type": "Action.OpenUrl",
                "title": t("directory.chat", lang),
                "url": teams_chat_url(contact.teams_upn),
            }
        )
    return actions


def contact_fallback(contact: ContactRecord) -> str:
    parts = [contact.name, *_contact_lines(contact), contact.phone, contact.email]
    return " – ".join(p for p in parts if p)


def results_card(result: SearchResult, lang: str, *, admin: bool) -> Activity:
    query = result.query.text.strip()
    title = t("directory.results.title", lang, query=query)
    first, last = result.offset + 1, result.offset + len(result.hits)
    key = "directory.results.range_capped" if result.capped else "directory.results.range"
    body: list[dict[str, Any]] = [
        {"type": "TextBlock", "text": title, "weight": "Bolder", "size": "Medium", "wrap": True},
        {
            "type": "TextBlock",
            "text": t(key, lang, first=first, last=last, total=result.total),
            "isSubtle": True,
            "spacing": "None",
        },
    ]
    corrections = result.query.corrections
    if corrections:
        body.append(
            {
                "type": "TextBlock",
                "text": t(
                    "directory.corrected",
                    lang,
                    words=", ".join(new for _, new in corrections),
                ),
                "wrap": True,
            }
        )
    for contact in result.hits:
        body.append(
            contact_body(
                contact, lang, stale=contact.id in result.stale_ids, admin=admin, separator=True
            )
        )
    actions = []
    if result.more:
        actions.append(
            submit_action(
                t("directory.more", lang),
                {ACTION: "more", "q": query, "offset": last},
            )
        )
    fallback = "\n".join([title, *(contact_fallback(c) for c in result.hits)])
    return card_activity(adaptive_card(body, actions, fallback), title)


def no_match_card(result: SearchResult, lang: str) -> Activity:
    query = result.query
    if query.unknown:
        text = t("directory.none.unknown", lang, words=" ".join(query.unknown))
    else:
        text = t("directory.none", lang, query=query.text.strip())
    body: list[dict[str, Any]] = [{"type": "TextBlock", "text": text, "wrap": True}]
    actions = []
    if query.suggestions:
        body.append({"type": "TextBlock", "text": t("directory.did_you_mean", lang)})
        who = WHO.word(lang)
        known = [
            w
            for w in query.text.split()
            if w.casefold() not in {u.casefold() for u in query.unknown}
        ]
        for suggestion in query.suggestions[:3]:
            words = " ".join([*known, suggestion])
            actions.append(command_button(suggestion, f"{who} {words}"))
    body.append(
        {
            "type": "TextBlock",
            "text": t("directory.none.hint", lang),
            "wrap": True,
            "isSubtle": True,
        }
    )
    fallback = "\n".join(b["text"] for b in body)
    return card_activity(adaptive_card(body, actions, fallback), text)


def extension_attachment(
    contact: ContactRecord, lang: str, *, stale: bool
) -> MessagingExtensionAttachment:
    """A messaging-extension result: the contact card to insert, with a short preview.

    A MessagingExtensionAttachment, not a plain Attachment: only its serialiser
    knows `preview`, which a plain one silently leaves out of the response (and
    Teams' result list shows the previews)."""
    card = adaptive_card([contact_body(contact, lang, stale=stale)], [], contact_fallback(contact))
    attachment = CardFactory.adaptive_card(card)
    # Short lines: a result list is narrow (a phone, the compose box's pop-up), and a
    # subtitle that wraps runs into the text below it.
    lines = _contact_lines(contact)
    preview = CardFactory.thumbnail_card(
        ThumbnailCard(
            title=contact.name,
            subtitle=lines[0] if lines else "",
            text=" · ".join(p for p in (contact.agency, contact.phone) if p),
        )
    )
    return MessagingExtensionAttachment(
        content_type=attachment.content_type, content=attachment.content, preview=preview
    )


def contact_form(
    lang: str, contact: ContactRecord | None = None, values: dict[str, Any] | None = None
) -> Activity:
    """The admin's form for a new entry or an edit; `values` refills it after a problem."""
    current: dict[str, str] = {}
    if contact is not None:
        current = {name: str(getattr(contact, name)) for name in FORM_FIELDS if name != "areas"}
        current["areas"] = "; ".join(contact.areas)
        current["kind"] = contact.kind
    for name, value in (values or {}).items():
        if isinstance(value, str):
            current[name] = value
    if contact is None:
        title = t("directory.admin.new_title", lang)
    else:
        title = t("directory.admin.edit_title", lang, id=contact.id)
    body: list[dict[str, Any]] = [
        {"type": "TextBlock", "text": title, "weight": "Bolder", "size": "Medium"},
        {
            "type": "Input.ChoiceSet",
            "id": "kind",
            "label": FIELD_LABELS["kind"][lang],
            "value": current.get("kind", "person"),
            "choices": [
                {"title": t("directory.admin.kind.person", lang), "value": "person"},
                {"title": t("directory.admin.kind.function", lang), "value": "function"},
            ],
        },
    ]
    for name in FORM_FIELDS:
        field: dict[str, Any] = {
            "type": "Input.Text",
            "id": name,
            "label": FIELD_LABELS[name][lang],
            "value": current.get(name, ""),
            "maxLength": 500 if name == "helps_with" else 200,
        }
        if name in ("name", "agency"):
            field["isRequired"] = True
            field["errorMessage"] = t(f"contact.{name}.missing", lang)
        if name == "areas":
            field["placeholder"] = t("directory.admin.areas_hint", lang)
        if name == "helps_with":
            field["isMultiline"] = True
        body.append(field)
    data = {ACTION: "save", "id": contact.id if contact is not None else None}
    actions = [submit_action(t("directory.admin.save", lang), data)]
    return card_activity(adaptive_card(body, actions, title), title)


def remove_question(contact: ContactRecord, lang: str) -> Activity:
    text = t("directory.admin.remove_confirm", lang, name=contact.name, agency=contact.agency)
    actions = [
        submit_action(t("directory.remove", lang), {ACTION: "remove_confirmed", "id": contact.id}),
        submit_action(t("directory.admin.keep", lang), {ACTION: "keep"}),
    ]
    body = [{"type": "TextBlock", "text": text, "wrap": True}]
    return card_activity(adaptive_card(body, actions, text), text)


def import_ready_card(
    file_name: str, rows: int, new: int, existing: int, draft_id: int, lang: str
) -> Activity:
    text = t("directory.import.ready", lang, file=file_name, rows=rows, new=new, existing=existing)
    actions = [submit_action(t("directory.import.go", lang), {ACTION: "import", "draft": draft_id})]
    return card_activity(
        adaptive_card([{"type": "TextBlock", "text": text, "wrap": True}], actions, text), text
    )


def freshness_card(contacts: Sequence[ContactRecord], lang: str) -> Activity:
    title = t("directory.fresh.title", lang)
    body: list[dict[str, Any]] = [
        {"type": "TextBlock", "text": title, "weight": "Bolder", "wrap": True},
        {"type": "TextBlock", "text": t("directory.fresh.body", lang), "wrap": True},
    ]
    for contact in contacts:
        lines = [contact.name, *_contact_lines(contact), contact.phone, contact.email]
        body.append(
            {
                "type": "Container",
                "separator": True,
                "items": [
                    {"type": "TextBlock", "text": " · ".join(p for p in lines if p), "wrap": True},
                    {
                        "type": "ActionSet",
                        "actions": [
                            submit_action(
                                t("directory.fresh.change", lang),
                                {ACTION: "edit", "id": contact.id},
                            )
                        ],
                    },
                ],
            }
        )
    actions = [
        submit_action(
            t("directory.fresh.still_right", lang),
            {ACTION: "confirm", "ids": [c.id for c in contacts]},
        )
    ]
    fallback = "\n".join([title, *(contact_fallback(c) for c in contacts)])
    return card_activity(adaptive_card(body, actions, fallback), title)
