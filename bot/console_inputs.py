"""A card's Input.* elements in `samverkan chat`: asked one at a time, answers checked.

A choice whose options are numbers (a rating scale: "0 – ingen ångest", "1", … "10")
is answered with the value itself, so typing 6 means 6, never the sixth option;
options that are words are numbered. Values are sent back as strings, as Teams
sends Adaptive Card inputs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from core.i18n import DEFAULT_LANGUAGE, t

_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})$")
_LEADING_NUMBER = re.compile(r"^(-?\d+(?:[.,]\d+)?)(?=\s|$)")


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

    @property
    def scale(self) -> tuple[str, ...] | None:
        """The number each option's title starts with, when every one does (a scale)."""
        numbers = tuple(leading_number(title) for title, _value in self.choices)
        if not numbers or None in numbers or len({_number(n) for n in numbers}) < len(numbers):
            return None
        return numbers  # type: ignore[return-value]


def leading_number(title: str) -> str | None:
    """'10 – värsta tänkbara ångest' -> '10'; '7/12' and 'lör 5/12' -> None."""
    match = _LEADING_NUMBER.match(title.strip())
    return match[1] if match else None


def _number(text: str) -> float | None:
    try:
        return float(text.replace(",", "."))
    except ValueError:
        return None


def card_input(element: dict[str, Any], label: str) -> CardInput:
    kind = element["type"].removeprefix("Input.")
    choices = tuple(
        (str(c.get("title", "")), str(c.get("value", ""))) for c in element.get("choices", [])
    )
    return CardInput(
        id=element["id"],
        kind=kind,
        label=label,
        default="" if element.get("value") is None else str(element["value"]),
        required=bool(element.get("isRequired")),
        choices=choices,
        multi=bool(element.get("isMultiSelect")),
        low=element.get("min") if kind == "Number" else None,
        high=element.get("max") if kind == "Number" else None,
        on_off=(str(element.get("valueOn", "true")), str(element.get("valueOff", "false"))),
        error=element.get("errorMessage"),
    )


def question(f: CardInput, lang: str = DEFAULT_LANGUAGE) -> str:
    """The prompt for one input; a ChoiceSet's label and options come first (option_lines)."""
    shown = shown_default(f, lang)
    default = f" [{shown}]" if shown else ""
    scale = f.scale if f.kind == "ChoiceSet" else None
    if scale is not None:
        span = f"{scale[0]}–{scale[-1]}"
        example = f"{scale[0]},{scale[-1]}"
        ask = (
            t("console.ask.values", lang, span=span, example=example)
            if f.multi
            else t("console.ask.value", lang, span=span)
        )
        return f"{ask}{default}: "
    if f.kind == "ChoiceSet":
        span = f"1–{len(f.choices)}"
        ask = t("console.ask.choose_many" if f.multi else "console.ask.choose", lang, span=span)
        return f"{ask}{default}: "
    hint = {
        "Number": _range_hint(f, t("console.hint.number", lang) + " "),
        "Date": t("console.hint.date", lang),
        "Time": t("console.hint.time", lang),
        "Toggle": t("console.hint.toggle", lang),
    }
    hinted = f" ({hint[f.kind]})" if f.kind in hint else ""
    return f"{f.label}{hinted}{default}: "


def shown_default(f: CardInput, lang: str = DEFAULT_LANGUAGE) -> str:
    """The default as the person sees it: a choice's title (or its number on a scale),
    yes/no for a toggle; never a value meant for the bot such as 'lower' or 'true'."""
    if not f.default:
        return ""
    if f.kind == "Toggle":
        on, off = t("console.toggle.on", lang), t("console.toggle.off", lang)
        return {f.on_off[0]: on, f.on_off[1]: off}.get(f.default, "")
    if f.kind != "ChoiceSet":
        return f.default
    scale = f.scale
    titles = {value: scale[i] if scale else title for i, (title, value) in enumerate(f.choices)}
    values = f.default.split(",") if f.multi else [f.default]
    chosen = [titles.get(value) for value in values]
    return "" if None in chosen else ", ".join(c for c in chosen if c)


def option_lines(f: CardInput) -> list[str]:
    """The label, then the options: numbered when they are words, as they are on a scale
    (plain numbers side by side, a number with words on its own line)."""
    if f.kind != "ChoiceSet":
        return []
    if f.scale is None:
        return [f.label, *(f"  {n}) {title}" for n, (title, _value) in enumerate(f.choices, 1))]
    lines, plain_numbers = [f.label], []
    for title, _value in f.choices:
        if leading_number(title) == title.strip():
            plain_numbers.append(title.strip())
            continue
        if plain_numbers:
            lines.append("  " + "  ".join(plain_numbers))
            plain_numbers = []
        lines.append(f"  {title}")
    if plain_numbers:
        lines.append("  " + "  ".join(plain_numbers))
    return lines


def _range_hint(f: CardInput, prefix: str = "") -> str:
    if f.low is None and f.high is None:
        return prefix.strip()
    low = "" if f.low is None else f"{f.low:g}"
    high = "" if f.high is None else f"{f.high:g}"
    return f"{prefix}{low}–{high}"


def check_answer(
    f: CardInput, typed: str, lang: str = DEFAULT_LANGUAGE
) -> tuple[str | None, str | None]:
    """(value to send, None), or (None, what to tell the user). Empty and optional is ''."""
    text = typed.strip()
    if not text:
        if f.default or not f.required:
            return f.default, None
        return None, f.error or t("console.error.required", lang)
    checks = {
        "ChoiceSet": _check_choice,
        "Toggle": _check_toggle,
        "Number": _check_number,
        "Date": _check_date,
        "Time": _check_time,
    }
    if f.kind in checks:
        return checks[f.kind](f, text, lang)
    return text, None


def _check_date(f: CardInput, text: str, lang: str) -> tuple[str | None, str | None]:
    try:
        return date.fromisoformat(text).isoformat(), None
    except ValueError:
        return None, f.error or t("console.error.date", lang)


def _check_time(f: CardInput, text: str, lang: str) -> tuple[str | None, str | None]:
    """'14:00', and the everyday '9.30', as HH:MM."""
    match = _TIME.match(text)
    if match and int(match[1]) < 24 and int(match[2]) < 60:
        return f"{int(match[1]):02d}:{match[2]}", None
    return None, f.error or t("console.error.time", lang)


def _check_choice(f: CardInput, text: str, lang: str) -> tuple[str | None, str | None]:
    scale = f.scale
    if scale is not None:
        return _check_scale(f, scale, text, lang)
    parts = text.replace(" ", "").split(",") if f.multi else [text]
    titled = [value for title, value in f.choices if title.casefold() == text.casefold()]
    if titled and not f.multi:
        return titled[0], None
    picked: list[str] = []
    for part in parts:
        if not part.isdigit() or not 1 <= int(part) <= len(f.choices):
            return None, t("console.error.choice", lang, count=len(f.choices))
        picked.append(f.choices[int(part) - 1][1])
    return ",".join(picked), None


def _check_scale(
    f: CardInput, scale: tuple[str, ...], text: str, lang: str
) -> tuple[str | None, str | None]:
    """The typed numbers are the values on the scale ('6' is 6; '2,5' is 2.5 when single)."""
    by_number = {_number(n): value for n, (_title, value) in zip(scale, f.choices, strict=True)}
    parts = text.replace(" ", ",").split(",") if f.multi else [text]
    picked = [by_number.get(_number(part)) for part in parts if part]
    if not picked or None in picked:
        return None, t("console.error.value", lang, values=", ".join(scale))
    return ",".join(p for p in picked if p is not None), None


def _check_toggle(f: CardInput, text: str, lang: str) -> tuple[str | None, str | None]:
    answer = text.lower()
    if answer in {"j", "ja", "y", "yes", f.on_off[0].lower()}:
        return f.on_off[0], None
    if answer in {"n", "nej", "no", f.on_off[1].lower()}:
        return f.on_off[1], None
    return None, t("console.error.toggle", lang)


def _check_number(f: CardInput, text: str, lang: str) -> tuple[str | None, str | None]:
    normal = text.replace(",", ".")
    try:
        number = float(normal)
    except ValueError:
        return None, f.error or t("console.error.number", lang)
    if (f.low is not None and number < f.low) or (f.high is not None and number > f.high):
        return None, f.error or t("console.error.range", lang, span=_range_hint(f))
    return normal, None
