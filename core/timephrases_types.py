"""The answers of core.timephrases (re-exported there; import them from there)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class OneTime:
    at: datetime  # aware, in tz


@dataclass(frozen=True)
class Recurring:
    rule: str  # RRULE body without DTSTART
    dtstart_local: datetime  # naive local wall clock the rule is anchored at
    first: datetime  # aware: the first occurrence strictly after now


@dataclass(frozen=True)
class Ambiguous:
    candidates: tuple[datetime, ...]
    reason: str  # i18n key


@dataclass(frozen=True)
class NotUnderstood:
    reason: str  # i18n key


ParsedWhen = OneTime | Recurring | Ambiguous | NotUnderstood


@dataclass(frozen=True)
class ReminderRequest:
    target: str  # "me", "team", the mentioned name, or "" for a name with no @mention
    when: ParsedWhen
    what: str
