"""The words for reminders. Mid-dialog `påminn` reads as a command only when it says
whom (`mig`, `teamet` …), so a reminder text "påminn om mötet" stays an answer."""

from __future__ import annotations

from core.commands import CommandSpec, starts_with_one_of

REMIND = CommandSpec(
    "remind",
    "påminn",
    "remind",
    reads=starts_with_one_of("mig", "me", "teamet", "team", "oss", "us", "alla", "everyone"),
)
REMINDERS = CommandSpec("reminders", "påminnelser", "reminders")
