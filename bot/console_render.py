"""What `samverkan chat` prints: bot activities as plain text, cards as numbered choices.

Adaptive Cards become lines (TextBlocks as they are, FactSets as "title – value"),
their buttons become numbered choices (lettered where a typed number could mean
something else), and their Input.* elements become fields that the console asks
one at a time (bot.console_inputs).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from botbuilder.schema import Activity

from bot.console_inputs import CardInput, card_input, leading_number
from bot.file_transfer import FILE_CONSENT, FILE_INFO
from core.i18n import DEFAULT_LANGUAGE, t

ADAPTIVE = "application/vnd.microsoft.card.adaptive"
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_NUMBERED_ITEM = re.compile(r"^\s*\d+[.)]\s")
Style = Callable[[str], str]


def plain(text: str) -> str:
    return text


def ansi_bold(text: str) -> str:
    return f"\x1b[1m{text}\x1b[0m"


@dataclass(frozen=True)
class Choice:
    """A button: sends text (imBack) or a value (Action.Submit), or opens a sub-card."""

    title: str
    text: str | None = None
    value: dict[str, Any] | None = None
    fields: tuple[CardInput, ...] = ()
    card: dict[str, Any] | None = None
    consent: dict[str, Any] | None = None  # a file-consent answer: sent as Teams' invoke


@dataclass(frozen=True)
class Row:
    """Where a run of buttons shows: choices[start:end], indented inside a card section
    (each reminder's Klar / Snooza under that reminder)."""

    start: int
    end: int
    indent: str = ""


@dataclass
class Rendered:
    lines: list[str | Row] = field(default_factory=list)
    choices: list[Choice] = field(default_factory=list)

    def add_row(self, choices: list[Choice], indent: str = "") -> None:
        if choices:
            self.lines.append(Row(len(self.choices), len(self.choices) + len(choices), indent))
            self.choices.extend(choices)

    def extend(self, other: Rendered) -> None:
        shift = len(self.choices)
        for line in other.lines:
            if isinstance(line, Row):
                line = Row(line.start + shift, line.end + shift, line.indent)
            self.lines.append(line)
        self.choices.extend(other.choices)

    def text(self, keys: list[str] | None = None) -> list[str]:
        """The lines to print, each row of buttons with its keys (1, 2, 3 … by default)."""
        keys = keys or [str(n) for n in range(1, len(self.choices) + 1)]
        return [
            line
            if isinstance(line, str)
            else line.indent
            + choices_line(self.choices[line.start : line.end], keys[line.start : line.end])
            for line in self.lines
        ]


def markdown(text: str, bold: Style = plain) -> str:
    return text if bold is plain else _BOLD.sub(lambda m: bold(m.group(1)), text)


def render_activity(
    activity: Activity, bold: Style = plain, lang: str = DEFAULT_LANGUAGE
) -> Rendered:
    out = Rendered()
    if activity.text:
        out.lines.extend(markdown(activity.text, bold).splitlines())
    for attachment in activity.attachments or []:
        content = _as_dict(attachment.content)
        if attachment.content_type == ADAPTIVE:
            card = render_card(content, bold=bold, lang=lang)
        elif attachment.content_type == FILE_CONSENT:
            card = _render_file_consent(attachment.name or "", content, lang)
        elif attachment.content_type == FILE_INFO:
            name, url = attachment.name, attachment.content_url
            card = Rendered([t("console.file", lang, name=name, url=url)])
        elif "buttons" in content or "title" in content:  # hero and thumbnail cards
            card = _render_hero(content, bold)
        else:
            named = f": {attachment.name}" if attachment.name else ""
            card = Rendered([f"[{attachment.content_type}{named}]"])
        out.extend(card)
    suggested = activity.suggested_actions.actions if activity.suggested_actions else []
    out.add_row([_card_action(_as_dict(action)) for action in suggested])
    return out


def render_card(
    card: dict[str, Any],
    *,
    bold: Style = plain,
    inherited: tuple[CardInput, ...] = (),
    lang: str = DEFAULT_LANGUAGE,
) -> Rendered:
    out = Rendered()
    fields = inherited + tuple(_collect_fields(card.get("body", []), lang))
    _render_elements(card.get("body", []), out, _Look(bold, lang), fields)
    if fields and not inherited:
        labels = ", ".join(f.label for f in fields)
        out.lines.append(t("console.form", lang, labels=labels))
    _render_actions(card.get("actions", []), out, fields)
    return out


@dataclass(frozen=True)
class _Look:
    bold: Style
    lang: str


def _render_elements(
    elements: list[dict], out: Rendered, look: _Look, fields: tuple, indent: str = ""
) -> None:
    """The body in reading order; buttons inside a Container or Column are indented
    under that section's text, so it is clear what they act on."""
    inner, bold = indent + "  ", look.bold
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
            out.lines.append(t("console.image", look.lang, name=element["altText"]))
        elif kind in ("Container", "Column"):
            _render_elements(element.get("items", []), out, look, fields, inner)
        elif kind == "ColumnSet":
            for column in element.get("columns", []):
                _render_elements(column.get("items", []), out, look, fields, inner)
        elif kind == "ActionSet":
            _render_actions(element.get("actions", []), out, fields, indent)


def _collect_fields(elements: list[dict], lang: str) -> list[CardInput]:
    """Every input in reading order, each named for a person: its label, title or
    placeholder, or else the nearest text before it (a role picker beside a name)."""
    found: list[CardInput] = []
    before = ""
    for element in _reading_order(elements):
        kind = element.get("type", "")
        if kind == "TextBlock" and str(element.get("text", "")).strip():
            before = _BOLD.sub(r"\1", str(element["text"])).strip()
        elif kind.startswith("Input.") and element.get("id"):
            named = element.get("label") or element.get("title") or element.get("placeholder")
            found.append(card_input(element, str(named or before or t("console.field", lang))))
    return found


def _reading_order(elements: list[dict]) -> Iterator[dict]:
    for element in elements:
        yield element
        yield from _reading_order(element.get("items", []))
        for column in element.get("columns", []):
            yield from _reading_order(column.get("items", []))


def _render_actions(
    actions: list[dict], out: Rendered, fields: tuple[CardInput, ...], indent: str = ""
) -> None:
    row: list[Choice] = []
    for action in actions:
        kind, title = action.get("type"), str(action.get("title", ""))
        if kind == "Action.OpenUrl":
            out.lines.append(f"{indent}{title}: {action.get('url', '')}")
        elif kind == "Action.ShowCard":
            row.append(Choice(title, card=action.get("card", {}), fields=fields))
        elif kind in ("Action.Submit", "Action.Execute"):
            row.append(_submit(title, action, fields))
    out.add_row(row, indent)


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


def _render_file_consent(name: str, content: dict[str, Any], lang: str) -> Rendered:
    size, description = content.get("sizeInBytes"), content.get("description", "")
    out = Rendered([t("console.consent", lang, name=name, size=size, description=description)])
    out.add_row(
        [
            Choice(
                t(f"console.consent.{action}", lang),
                consent={"action": action, "name": name, "context": content.get(key)},
            )
            for action, key in (("accept", "acceptContext"), ("decline", "declineContext"))
        ]
    )
    return out


def _render_hero(card: dict[str, Any], bold: Style) -> Rendered:
    out = Rendered()
    for key in ("title", "subtitle", "text"):
        if card.get(key):
            text = markdown(str(card[key]), bold)
            out.lines.append(bold(text) if key == "title" else text)
    out.add_row([_card_action(button) for button in card.get("buttons", [])])
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


def choices_line(choices: list[Choice], keys: list[str]) -> str:
    return "  ".join(f"{key}) {c.title}" for key, c in zip(keys, choices, strict=True))


def numbers_are_ambiguous(rendered: Rendered) -> bool:
    """Would a typed number mean something besides a button? It would when a button's
    title is a number, or when the message lists numbered items of its own (the booking
    summary's "1. tisdag 14:30", answered with "the number of a suggested time")."""
    if any(leading_number(c.title) is not None for c in rendered.choices):
        return True
    return any(isinstance(line, str) and _NUMBERED_ITEM.match(line) for line in rendered.lines)


def choice_keys(count: int, *, after: int, letters: bool) -> list[str]:
    """Numbers 1, 2, 3 … or, where numbers are ambiguous, letters a, b, … z, aa, ab …"""
    if not letters:
        return [str(n) for n in range(after + 1, after + count + 1)]
    return [_letters(n) for n in range(after, after + count)]


def _letters(index: int) -> str:
    alphabet = "abcdefghijklmnopqrstuvwxyz"
    key = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, len(alphabet))
        key = alphabet[rest] + key
    return key
