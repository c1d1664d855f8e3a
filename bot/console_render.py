"""What `samverkan chat` prints: bot activities as plain text, cards as numbered choices.

Adaptive Cards become lines (TextBlocks as they are, FactSets as "title – value"),
their buttons become numbered choices, and their Input.* elements become fields
that the console asks one at a time (answer checks in check_answer). Values are
sent back as strings, as Teams sends Adaptive Card inputs.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from botbuilder.schema import Activity

from bot.file_transfer import FILE_CONSENT, FILE_INFO

ADAPTIVE = "application/vnd.microsoft.card.adaptive"
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})$")
Style = Callable[[str], str]


def plain(text: str) -> str:
    return text


def ansi_bold(text: str) -> str:
    return f"\x1b[1m{text}\x1b[0m"


@dataclass(frozen=True)
class CardInput:
    """One Input.* element of a card."""

    id: str
    kind: str  # Text, Number, Date, Time, Toggle, ChoiceSet
    label: str
    default: str = ""
    required: bool = False
    choices: tuple[tuple[str, str], ...] = ()  # (title, value)
    multi: bool = False
    low: float | None = None
    high: float | None = None
    on_off: tuple[str, str] = ("true", "false")
    error: str | None = None


@dataclass(frozen=True)
class Choice:
    """A button: sends text (imBack) or a value (Action.Submit), or opens a sub-card."""

    title: str
    text: str | None = None
    value: dict[str, Any] | None = None
    fields: tuple[CardInput, ...] = ()
    card: dict[str, Any] | None = None
    consent: dict[str, Any] | None = None  # a file-consent answer: sent as Teams' invoke


@dataclass
class Rendered:
    lines: list[str] = field(default_factory=list)
    choices: list[Choice] = field(default_factory=list)


def markdown(text: str, bold: Style = plain) -> str:
    return text if bold is plain else _BOLD.sub(lambda m: bold(m.group(1)), text)


def render_activity(activity: Activity, bold: Style = plain) -> Rendered:
    out = Rendered()
    if activity.text:
        out.lines.extend(markdown(activity.text, bold).splitlines())
    for attachment in activity.attachments or []:
        content = _as_dict(attachment.content)
        if attachment.content_type == ADAPTIVE:
            card = render_card(content, bold=bold)
        elif attachment.content_type == FILE_CONSENT:
            card = _render_file_consent(attachment.name or "", content)
        elif attachment.content_type == FILE_INFO:
            card = Rendered([f"[fil: {attachment.name} – {attachment.content_url}]"])
        elif "buttons" in content or "title" in content:  # hero and thumbnail cards
            card = _render_hero(content, bold)
        else:
            named = f": {attachment.name}" if attachment.name else ""
            card = Rendered([f"[{attachment.content_type}{named}]"])
        out.lines.extend(card.lines)
        out.choices.extend(card.choices)
    suggested = activity.suggested_actions.actions if activity.suggested_actions else []
    out.choices.extend(_card_action(_as_dict(action)) for action in suggested)
    return out


def render_card(
    card: dict[str, Any], *, bold: Style = plain, inherited: tuple[CardInput, ...] = ()
) -> Rendered:
    out = Rendered()
    fields = inherited + tuple(_collect_fields(card.get("body", [])))
    _render_elements(card.get("body", []), out, bold, fields)
    if fields and not inherited:
        labels = ", ".join(f.label for f in fields)
        out.lines.append(f"Formulär: {labels} – välj en knapp så frågar jag ett fält i taget.")
    _render_actions(card.get("actions", []), out, fields)
    return out


def _render_elements(elements: list[dict], out: Rendered, bold: Style, fields: tuple) -> None:
    for element in elements:
        kind = element.get("type", "")
        if kind == "TextBlock":
            text = markdown(str(element.get("text", "")), bold)
            out.lines.append(bold(text) if element.get("weight") == "Bolder" else text)
        elif kind == "RichTextBlock":
            runs = element.get("inlines", [])
            out.lines.append("".join(r if isinstance(r, str) else r.get("text", "") for r in runs))
        elif kind == "FactSet":
            out.lines.extend(
                f"{markdown(f.get('title', ''), bold)} – {markdown(f.get('value', ''), bold)}"
                for f in element.get("facts", [])
            )
        elif kind == "Image" and element.get("altText"):
            out.lines.append(f"[bild: {element['altText']}]")
        elif kind in ("Container", "Column"):
            _render_elements(element.get("items", []), out, bold, fields)
        elif kind == "ColumnSet":
            for column in element.get("columns", []):
                _render_elements(column.get("items", []), out, bold, fields)
        elif kind == "ActionSet":
            _render_actions(element.get("actions", []), out, fields)


def _collect_fields(elements: list[dict]) -> list[CardInput]:
    found: list[CardInput] = []
    for element in elements:
        kind = element.get("type", "")
        if kind.startswith("Input.") and element.get("id"):
            found.append(_field(element))
        for child in element.get("items", []):
            found.extend(_collect_fields([child]))
        for column in element.get("columns", []):
            found.extend(_collect_fields(column.get("items", [])))
    return found


def _field(element: dict[str, Any]) -> CardInput:
    kind = element["type"].removeprefix("Input.")
    label = element.get("label") or element.get("title") or element.get("placeholder")
    choices = tuple(
        (str(c.get("title", "")), str(c.get("value", ""))) for c in element.get("choices", [])
    )
    return CardInput(
        id=element["id"],
        kind=kind,
        label=str(label or element["id"]),
        default="" if element.get("value") is None else str(element["value"]),
        required=bool(element.get("isRequired")),
        choices=choices,
        multi=bool(element.get("isMultiSelect")),
        low=element.get("min") if kind == "Number" else None,
        high=element.get("max") if kind == "Number" else None,
        on_off=(str(element.get("valueOn", "true")), str(element.get("valueOff", "false"))),
        error=element.get("errorMessage"),
    )


def _render_actions(actions: list[dict], out: Rendered, fields: tuple[CardInput, ...]) -> None:
    for action in actions:
        kind, title = action.get("type"), str(action.get("title", ""))
        if kind == "Action.OpenUrl":
            out.lines.append(f"{title}: {action.get('url', '')}")
        elif kind == "Action.ShowCard":
            out.choices.append(Choice(title, card=action.get("card", {}), fields=fields))
        elif kind in ("Action.Submit", "Action.Execute"):
            out.choices.append(_submit(title, action, fields))


def _submit(title: str, action: dict[str, Any], fields: tuple[CardInput, ...]) -> Choice:
    data = action.get("data")
    if isinstance(data, str):
        return Choice(title, text=data)
    data = dict(data or {})
    teams = data.get("msteams") if isinstance(data.get("msteams"), dict) else {}
    if teams.get("type") == "imBack":
        return Choice(title, text=str(teams.get("value", title)))
    if teams.get("type") == "messageBack":
        return Choice(title, text=teams.get("text"), value=teams.get("value"))
    if action.get("verb"):
        data.setdefault("verb", action["verb"])
    asked = () if action.get("associatedInputs", "auto").lower() == "none" else fields
    return Choice(title, value=data, fields=asked)


def _render_file_consent(name: str, content: dict[str, Any]) -> Rendered:
    size = content.get("sizeInBytes")
    out = Rendered([f"Fil: {name} ({size} byte) – {content.get('description', '')}"])
    for title, action, key in (
        ("Tillåt", "accept", "acceptContext"),
        ("Avböj", "decline", "declineContext"),
    ):
        out.choices.append(
            Choice(title, consent={"action": action, "name": name, "context": content.get(key)})
        )
    return out


def _render_hero(card: dict[str, Any], bold: Style) -> Rendered:
    out = Rendered()
    for key in ("title", "subtitle", "text"):
        if card.get(key):
            text = markdown(str(card[key]), bold)
            out.lines.append(bold(text) if key == "title" else text)
    out.choices.extend(_card_action(button) for button in card.get("buttons", []))
    return out


def _card_action(action: dict[str, Any]) -> Choice:
    title = str(action.get("title") or action.get("value") or "")
    value = action.get("value")
    if action.get("type") == "messageBack":
        return Choice(title, text=action.get("text"), value=_as_dict(value) or None)
    return Choice(title, text=str(value if value is not None else title))


def _as_dict(content: Any) -> dict[str, Any]:
    if isinstance(content, dict):
        return content
    if hasattr(content, "serialize"):
        return content.serialize()
    return {}


def choices_line(choices: list[Choice], start: int = 1) -> str:
    return "  ".join(f"{n}) {c.title}" for n, c in enumerate(choices, start))


def question(f: CardInput) -> str:
    """The prompt for one input; a ChoiceSet's label and options come first (option_lines)."""
    default = f" [{f.default}]" if f.default else ""
    if f.kind == "ChoiceSet":
        span = f"1–{len(f.choices)}"
        ask = f"Välj en eller flera av {span}, t.ex. 1,2" if f.multi else f"Välj {span}"
        return f"{ask}{default}: "
    hint = {"Number": _range_hint(f, "tal "), "Date": "ÅÅÅÅ-MM-DD", "Time": "TT:MM"}
    hint["Toggle"] = "j/n"
    shown = f" ({hint[f.kind]})" if f.kind in hint else ""
    return f"{f.label}{shown}{default}: "


def option_lines(f: CardInput) -> list[str]:
    if f.kind != "ChoiceSet":
        return []
    return [f.label, *(f"  {n}) {title}" for n, (title, _value) in enumerate(f.choices, 1))]


def _range_hint(f: CardInput, prefix: str = "") -> str:
    if f.low is None and f.high is None:
        return prefix.strip()
    low = "" if f.low is None else f"{f.low:g}"
    high = "" if f.high is None else f"{f.high:g}"
    return f"{prefix}{low}–{high}"


def check_answer(f: CardInput, typed: str) -> tuple[str | None, str | None]:
    """(value to send, None), or (None, what to tell the user). Empty and optional is ''."""
    text = typed.strip()
    if not text:
        if f.default or not f.required:
            return f.default, None
        return None, f.error or "Det här fältet måste fyllas i."
    if f.kind == "ChoiceSet":
        return _check_choice(f, text)
    if f.kind == "Toggle":
        return _check_toggle(f, text)
    if f.kind == "Number":
        return _check_number(f, text)
    if f.kind == "Date":
        return _check_date(f, text)
    if f.kind == "Time":
        return _check_time(f, text)
    return text, None


def _check_date(f: CardInput, text: str) -> tuple[str | None, str | None]:
    try:
        return date.fromisoformat(text).isoformat(), None
    except ValueError:
        return None, f.error or "Skriv datumet som ÅÅÅÅ-MM-DD, t.ex. 2026-12-03."


def _check_time(f: CardInput, text: str) -> tuple[str | None, str | None]:
    """'14:00', and the everyday '9.30', as HH:MM."""
    match = _TIME.match(text)
    if match and int(match[1]) < 24 and int(match[2]) < 60:
        return f"{int(match[1]):02d}:{match[2]}", None
    return None, f.error or "Skriv tiden som TT:MM, t.ex. 14:00."


def _check_choice(f: CardInput, text: str) -> tuple[str | None, str | None]:
    picked: list[str] = []
    for part in text.replace(" ", "").split(",") if f.multi else [text]:
        if not part.isdigit() or not 1 <= int(part) <= len(f.choices):
            return None, f"Välj ett nummer mellan 1 och {len(f.choices)}."
        picked.append(f.choices[int(part) - 1][1])
    return ",".join(picked), None


def _check_toggle(f: CardInput, text: str) -> tuple[str | None, str | None]:
    answer = text.lower()
    if answer in {"j", "ja", "y", "yes", f.on_off[0].lower()}:
        return f.on_off[0], None
    if answer in {"n", "nej", "no", f.on_off[1].lower()}:
        return f.on_off[1], None
    return None, "Svara j eller n."


def _check_number(f: CardInput, text: str) -> tuple[str | None, str | None]:
    normal = text.replace(",", ".")
    try:
        number = float(normal)
    except ValueError:
        return None, f.error or "Skriv ett tal."
    if (f.low is not None and number < f.low) or (f.high is not None and number > f.high):
        return None, f.error or f"Skriv ett tal i intervallet {_range_hint(f)}."
    return normal, None
