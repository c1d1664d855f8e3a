"""How long each kind of data is kept: the retention policy (pure, no database).

Every period is a whole number of days, read from `RETENTION_<KIND>_DAYS`. The
nightly job (storage/retention.py, scheduled in bot/scheduler.py) deletes or
anonymises what is older. Set the periods to what your organisation's records
management plan (dokumenthanteringsplan, gallringsbeslut) says: a public authority
may only delete public records it has decided to delete.

Kind (env var), default days, minimum: what happens, and why.

- closed_clients (RETENTION_CLOSED_CLIENTS_DAYS), 730, at least 90: a closed client
  and everything about it (targets, phases, ratings, plan items, consents, meetings,
  care team) is deleted once it has been closed this long. Two years leaves room for
  final evaluations and for a client who comes back; the official record is the
  journal system, not the bot. Sooner would lose follow-ups still being reported on.
- meeting_outsiders (RETENTION_MEETING_OUTSIDERS_DAYS), 180, at least 30: name and
  e-mail of meeting participants who do not use the bot are anonymised this long
  after the meeting ended (agency, role and answer stay). Half a year covers "boka
  nästa möte" and the next SIP review; the follow-up card (14 days) needs the names.
- reminders (RETENTION_REMINDERS_DAYS), 90, at least 7: finished (done or cancelled)
  reminders with their occurrences, and the finished occurrences of reminders that go
  on, are deleted. Cards with Klar and Snooza stay usable for a week at least.
- rating_prompts (RETENTION_RATING_PROMPTS_DAYS), 90, at least 7: the daily rating
  prompt rows (one per user, day and kind) are deleted. The prompter reads the last
  two days' rows to prompt once a day: deleting those would prompt twice.
- audit (RETENTION_AUDIT_DAYS), 1825, at least 365: audit events are deleted. Access
  logs in Swedish care are commonly kept for five years, as an investigation of who
  read a client's data can come long after; at least a year in any case.
- conversation_state (RETENTION_CONVERSATION_STATE_DAYS), 30, at least 1:
  conversation and user state (a dialog left half-way) untouched this long is
  deleted; the dialog simply starts over.
- import_drafts (RETENTION_IMPORT_DRAFTS_DAYS), 1, at least 1: CSV files sent in chat
  for import (confirmable for an hour) are deleted.
- freshness_reminders (RETENTION_FRESHNESS_REMINDERS_DAYS), 365, at least 62: the
  directory's monthly "are your entries still right?" claims are deleted. A month's
  claim must outlive its month, or the owner is reminded twice.
- inactive_staff (RETENTION_INACTIVE_STAFF_DAYS), 730, at least 180: staff who have
  not written to the bot this long, are in no current care team, own no active
  reminder and took part in no meeting since, are anonymised as an erasure does
  (storage/data_subject.py); their row keeps its id for ratings and the audit trail.
  Two years is longer than a parental leave; sooner would strip colleagues on leave.

Values are whole numbers of days, at most 36,500; a blank variable means the default.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import datetime, timedelta

from core.errors import ConfigError

MAX_DAYS = 36_500  # a hundred years: anything longer is a typing mistake
_WHOLE = re.compile(r"[0-9]+")


@dataclass(frozen=True)
class Rule:
    default: int
    minimum: int
    why_minimum: str


RULES: dict[str, Rule] = {
    "closed_clients": Rule(730, 90, "final evaluations still need the follow-up"),
    "meeting_outsiders": Rule(180, 30, "follow-up and the next booking need the names"),
    "reminders": Rule(90, 7, "reminder cards stay usable for a week"),
    "rating_prompts": Rule(90, 7, "shorter would prompt people twice a day"),
    "audit": Rule(1825, 365, "the audit trail must outlive an investigation"),
    "conversation_state": Rule(30, 1, "a dialog needs its state while it runs"),
    "import_drafts": Rule(1, 1, "an import is confirmed within the hour"),
    "freshness_reminders": Rule(365, 62, "shorter would remind owners twice a month"),
    "inactive_staff": Rule(730, 180, "shorter would strip colleagues on a long leave"),
}


def env_name(kind: str) -> str:
    return f"RETENTION_{kind.upper()}_DAYS"


@dataclass(frozen=True)
class RetentionPolicy:
    """Days each kind of data is kept (see the module docstring for each kind)."""

    closed_clients: int = RULES["closed_clients"].default
    meeting_outsiders: int = RULES["meeting_outsiders"].default
    reminders: int = RULES["reminders"].default
    rating_prompts: int = RULES["rating_prompts"].default
    audit: int = RULES["audit"].default
    conversation_state: int = RULES["conversation_state"].default
    import_drafts: int = RULES["import_drafts"].default
    freshness_reminders: int = RULES["freshness_reminders"].default
    inactive_staff: int = RULES["inactive_staff"].default

    def __post_init__(self) -> None:
        for kind, days in self.items():
            rule = RULES[kind]
            if isinstance(days, bool) or not isinstance(days, int):
                raise ConfigError(f"{env_name(kind)} must be a whole number of days")
            if days > MAX_DAYS:
                raise ConfigError(f"{env_name(kind)} must be at most {MAX_DAYS} days, got {days}")
            if days < rule.minimum:
                raise ConfigError(
                    f"{env_name(kind)} must be at least {rule.minimum} days, got {days}: "
                    f"{rule.why_minimum}"
                )

    def items(self) -> list[tuple[str, int]]:
        return [(f.name, getattr(self, f.name)) for f in fields(self)]

    def days(self, kind: str) -> int:
        return int(getattr(self, kind))

    def cutoff(self, kind: str, now: datetime) -> datetime:
        """Data of this kind older than this goes."""
        return now - timedelta(days=self.days(kind))

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> RetentionPolicy:
        """Each RETENTION_<KIND>_DAYS that is set and not blank; the default otherwise."""
        values: dict[str, int] = {}
        for kind in RULES:
            raw = (env.get(env_name(kind)) or "").strip()
            if not raw:
                continue
            if not _WHOLE.fullmatch(raw):
                raise ConfigError(f"{env_name(kind)} must be a whole number of days, got {raw!r}")
            values[kind] = int(raw)
        return cls(**values)
