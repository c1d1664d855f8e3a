"""Resursgruppsmöten: the rules every part of booking shares (pure code).

A meeting belongs to one client (by code) and has an organizer and participants.
A participant is *kallad* (kommun and region staff, who are expected to attend)
or *inbjuden* (Försäkringskassan, Arbetsförmedlingen, school, relatives, who are
welcome but not summoned). Each answers accepted, declined or proposes another
time; until then the answer is pending.

Times are aware datetimes; the meeting's wall clock is Europe/Stockholm unless
the organizer's settings say otherwise. Lengths are whole minutes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from core.contact_model import KOMMUN, REGION

KALLAD, INBJUDEN = "kallad", "inbjuden"
PARTICIPANT_ROLES = (KALLAD, INBJUDEN)

PENDING, ACCEPTED, DECLINED, PROPOSED = "pending", "accepted", "declined", "proposed"
ANSWERS = (PENDING, ACCEPTED, DECLINED, PROPOSED)

# Where a participant comes from: staff who use the bot, the directory, or typed.
FROM_STAFF, FROM_DIRECTORY, FROM_TYPED = "staff", "directory", "typed"

BOOKED, CANCELLED = "booked", "cancelled"

# What a meeting leaves behind in the SIP plan: shared decisions, goals (delmål)
# and action items (what, who, by when).
DECISION, GOAL, ACTION = "decision", "goal", "action"
PLAN_KINDS = (DECISION, GOAL, ACTION)
MAX_PLAN_TEXT = 500
MAX_PLAN_ITEMS = 30

DEFAULT_MINUTES = 60
MIN_MINUTES = 15
MAX_MINUTES = 8 * 60
MAX_PARTICIPANTS = 30
MAX_PURPOSE = 500
MAX_PLACE = 300

WORKDAY_START = time(8, 0)
WORKDAY_END = time(17, 0)
SLOT_STEP = timedelta(minutes=30)  # suggested times start on the hour or half hour
SUGGESTIONS = 3
SEARCH_DAYS = 28  # how far ahead free times are looked for

# Meeting reminders: a day and an hour before the start.
REMINDER_LEADS = (timedelta(hours=24), timedelta(hours=1))

# Agency kinds (core.contact_model) whose staff are summoned rather than invited.
_KALLAD_KINDS = frozenset({REGION, KOMMUN})


def default_role(agency_kind: str | None) -> str:
    """Kommun and region staff are kallade; everyone else (FK, AF, school,
    relatives, unknown) is inbjuden. The organizer can change either."""
    return KALLAD if agency_kind in _KALLAD_KINDS else INBJUDEN


def participant_key(staff_user_id: int | None, email: str | None, name: str = "") -> str:
    """Who a participant is, for spotting the same person twice and for clashes:
    staff by their user id, everyone else by e-mail (by name when they have none)."""
    if staff_user_id is not None:
        return f"staff:{staff_user_id}"
    if email:
        return f"email:{email}"
    return f"name:{name.casefold()}"


@dataclass(frozen=True)
class Interval:
    """[start, end) in aware datetimes."""

    start: datetime
    end: datetime

    def __post_init__(self) -> None:
        if self.start.tzinfo is None or self.end.tzinfo is None:
            raise ValueError("an interval needs aware datetimes")
        if self.end <= self.start:
            raise ValueError("an interval ends after it starts")

    def overlaps(self, other: Interval) -> bool:
        return self.start < other.end and other.start < self.end

    @property
    def minutes(self) -> int:
        return int((self.end - self.start).total_seconds() // 60)
