"""SSD follow-up rules, pure: client codes, targets and their scales, rating slots,
and who may read or rate a client.

Slots: a rating belongs to (slot_date, slot). Codes are ASCII and sort in the
order the slots happen on a day:
- daily targets:   (the day, "day")
- per shift:       (the day, "shift-day" | "shift-evening" | "shift-night"); a
                   night shift belongs to the date on which it starts
- weekly targets:  (Monday of the ISO week, "week")
- monthly targets: (first of the month, "month")

Who may read, rate or change a client is decided in core/access.py.

Validation errors are `UserInputError` with a message key and parameters for the
translation function (bot/ turns them into Swedish or English). Parameters never
hold what the user typed and was refused: only stored names, limits and scales.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from core.errors import UserInputError
from core.personnummer import contains_personnummer
from core.text import guarded_line

PERSON, UNIT = "person", "unit"
CLIENT_KINDS = (PERSON, UNIT)
ACTIVE, CLOSED = "active", "closed"
CLIENT_STATUSES = (ACTIVE, CLOSED)
HIGHER, LOWER = "higher", "lower"
DIRECTIONS = (HIGHER, LOWER)
DAILY, SHIFT, WEEKLY, MONTHLY = "daily", "shift", "weekly", "monthly"
FREQUENCIES = (DAILY, SHIFT, WEEKLY, MONTHLY)
DAY, SHIFT_DAY, SHIFT_EVENING, SHIFT_NIGHT = "day", "shift-day", "shift-evening", "shift-night"
WEEK, MONTH = "week", "month"
SLOTS_BY_FREQUENCY: dict[str, tuple[str, ...]] = {
    DAILY: (DAY,),
    SHIFT: (SHIFT_DAY, SHIFT_EVENING, SHIFT_NIGHT),
    WEEKLY: (WEEK,),
    MONTHLY: (MONTH,),
}
SLOT_LABELS_SV = {
    DAY: "dag",
    SHIFT_DAY: "dag",
    SHIFT_EVENING: "kväll",
    SHIFT_NIGHT: "natt",
    WEEK: "vecka",
    MONTH: "månad",
}
MAX_NOTE = 500
MAX_TARGET_NAME = 40
MAX_ANCHOR = 100
MAX_PHASE_DESCRIPTION = 200
MAX_SCALE_POINTS = 101

# The eight areas of the research-based quality framework (seed 000), as an
# organisational SSD rates them monthly: short target names, at most 40 characters.
QUALITY_FRAMEWORK_AREAS: tuple[str, ...] = (
    "Organisation, vision och mål",
    "Rutiner och implementering",
    "Ledning och kompetens",
    "Kartläggning av risk och behov",
    "Metoder och behandlingsprogram",
    "Vårdarbetet i praktiken",
    "Samverkan och kommunikation",
    "Arbetsmiljö och uppföljning",
)

# 1–3 letters, a dash, 3–5 digits: too short for a name, too few digits for a
# personnummer or a birth date (YYMMDD).
_CODE = re.compile(r"^([A-Z]{1,3})-(\d{3,5})$")
_DASHES = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-"})
# YYMMDD-NNNN, YYMMDD+NNNN, YYYYMMDD-NNNN, YYYYMMDDNNNN, YYMMDDNNNN (with or without space).
_PHASE_LABEL = re.compile(r"^[A-Z][1-9]?$")


def normalise_client_code(text: str) -> str:
    """`k-1042`, ` K–1042 `, `k1042`, `K 1042` → `K-1042`; anything else raises
    UserInputError, which never carries the refused text (it may be a personnummer)."""
    code = loose_client_code(text)
    if code is None:
        raise UserInputError("ssd.code.invalid")
    return code


_LOOSE_CODE = re.compile(r"^([A-Z]{1,3})\s*[-\s]?\s*(\d{3,5})$")


def loose_client_code(text: str) -> str | None:
    """The client code a word means, typed on a phone without its dash (`k1042`,
    `K 1042`) or with another dash; None when it is not one."""
    found = _LOOSE_CODE.match(text.strip().translate(_DASHES).upper())
    return f"{found.group(1)}-{found.group(2)}" if found else None


def looks_like_personnummer(text: str) -> bool:
    """A valid personnummer or samordningsnummer anywhere in the text
    (core.personnummer: the date, the +60 day, the Luhn digit)."""
    return contains_personnummer(text)


def _free_text(text: str | None, limit: int, key: str) -> str | None:
    """Trimmed short text without a personnummer; None for blank."""
    if text is None or not text.strip():
        return None
    return guarded_line(text, limit, too_long=f"{key}.too_long", personnummer="ssd.personnummer")


def validate_note(text: str | None) -> str | None:
    return _free_text(text, MAX_NOTE, "ssd.note")


def validate_phase_description(text: str | None) -> str | None:
    return _free_text(text, MAX_PHASE_DESCRIPTION, "ssd.phase.description")


def target_key(name: str) -> str:
    """What makes two target names the same: case and spacing do not count
    (casefold, so Ångest = ångest, which SQLite's lower() would miss)."""
    return " ".join(name.casefold().split())


@dataclass(frozen=True)
class Scale:
    minimum: float = 0
    maximum: float = 10
    step: float = 1

    def points(self) -> int:
        return round((self.maximum - self.minimum) / self.step) + 1


@dataclass(frozen=True)
class TargetSpec:
    """A target as a coordinator describes it, validated and normalised."""

    name: str
    low_anchor: str
    high_anchor: str
    better: str
    frequency: str = DAILY
    scale: Scale = field(default_factory=Scale)


def validate_target(
    *,
    name: str,
    low_anchor: str,
    high_anchor: str,
    better: str,
    frequency: str = DAILY,
    scale: Scale | None = None,
) -> TargetSpec:
    scale = scale or Scale()
    clean_name = _free_text(name, MAX_TARGET_NAME, "ssd.target.name")
    if clean_name is None:
        raise UserInputError("ssd.target.name.missing")
    low = _free_text(low_anchor, MAX_ANCHOR, "ssd.target.anchor")
    high = _free_text(high_anchor, MAX_ANCHOR, "ssd.target.anchor")
    if low is None or high is None:
        raise UserInputError("ssd.target.anchor.missing")
    if better not in DIRECTIONS:
        raise UserInputError("ssd.target.better.invalid")
    if frequency not in FREQUENCIES:
        raise UserInputError("ssd.target.frequency.invalid")
    validate_scale(scale)
    return TargetSpec(clean_name, low, high, better, frequency, scale)


def validate_scale(scale: Scale) -> None:
    if not scale.step > 0 or not scale.maximum > scale.minimum:
        raise UserInputError("ssd.scale.invalid")
    if not _on_grid(scale.maximum, scale.minimum, scale.step):
        raise UserInputError("ssd.scale.invalid")
    if scale.points() > MAX_SCALE_POINTS:
        raise UserInputError("ssd.scale.too_many_points", limit=MAX_SCALE_POINTS)


def _on_grid(value: float, start: float, step: float) -> bool:
    try:
        steps = (Decimal(str(value)) - Decimal(str(start))) / Decimal(str(step))
    except InvalidOperation:
        return False
    return steps == steps.to_integral_value()


def check_value(value: float | None, scale: Scale, *, name: str) -> float:
    """The value if it lies on the scale (within its ends, on a step); None is what
    was typed where a number should be. The refusal names the target (its stored
    name) and the scale, never the value: a long digit string may be a personnummer."""
    if (
        value is None
        or not scale.minimum <= value <= scale.maximum
        or not _on_grid(value, scale.minimum, scale.step)
    ):
        raise UserInputError(
            "ssd.value.out_of_scale",
            name=name,
            minimum=scale.minimum,
            maximum=scale.maximum,
            step=scale.step,
        )
    return float(value)


def slot_date_for(frequency: str, day: date) -> date:
    """The date that names the slot containing `day`."""
    if frequency == WEEKLY:
        return day - timedelta(days=day.weekday())
    if frequency == MONTHLY:
        return day.replace(day=1)
    if frequency in (DAILY, SHIFT):
        return day
    raise UserInputError("ssd.target.frequency.invalid", frequency=frequency)


def slots_on(frequency: str, day: date) -> tuple[tuple[date, str], ...]:
    """Every (slot_date, slot) of a target of this frequency that contains `day`."""
    slot_date = slot_date_for(frequency, day)
    return tuple((slot_date, slot) for slot in SLOTS_BY_FREQUENCY[frequency])


def check_slot(frequency: str, slot_date: date, slot: str) -> None:
    if slot not in SLOTS_BY_FREQUENCY.get(frequency, ()):
        raise UserInputError("ssd.slot.invalid", slot=slot, frequency=frequency)
    if slot_date_for(frequency, slot_date) != slot_date:
        raise UserInputError("ssd.slot.date_invalid", slot=slot, date=slot_date.isoformat())


def next_phase_label(existing: Iterable[str]) -> str:
    """A, then B, C …: the letter after the highest one used."""
    letters = [label[0] for label in existing if label]
    if not letters:
        return "A"
    highest = max(letters)
    if highest == "Z":
        raise UserInputError("ssd.phase.too_many")
    return chr(ord(highest) + 1)


def validate_phase_label(label: str) -> str:
    clean = label.strip().upper()
    if not _PHASE_LABEL.match(clean):
        raise UserInputError("ssd.phase.label.invalid")
    return clean
