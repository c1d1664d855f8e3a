"""Who may do what: the five roles and every access rule, in one place (pure code).

Roles
- staff: everyone who writes to the bot. Sees a client only while in its care team.
  The care-team role (kontaktperson, sjuksköterska, samordnare …) belongs to that one
  client; a member who leaves the team keeps their history but loses all access.
- coordinator (per unit): manages the unit's clients: creates them, changes their
  targets, phases, care teams and meetings, and reads all of them. Rates only where
  also in the care team (a rating is one's own observation).
- unit manager (enhetschef, per unit): reads everything about the unit's clients and
  changes nothing.
- directory admin: edits every entry of the directory and imports it. No client data.
- system admin: grants and revokes roles (in chat, and with `samverkan admin`). No
  client data either, unless also given a unit role: running the bot is not a
  reason to read about people.

The client's own samordnare (the care-team role) coordinates that one client as a
unit coordinator would; SIP names one person responsible per client.

storage/ reads the facts (`ClientFacts`) in one query and asks `may`; nothing else
decides access. tests/core/test_access.py checks each rule with a user of each role,
including one who left the care team.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    STAFF = "staff"
    COORDINATOR = "coordinator"
    UNIT_MANAGER = "unit_manager"
    DIRECTORY_ADMIN = "directory_admin"
    SYSTEM_ADMIN = "system_admin"


UNIT_ROLES = frozenset({Role.COORDINATOR, Role.UNIT_MANAGER})
GLOBAL_ROLES = frozenset({Role.DIRECTORY_ADMIN, Role.SYSTEM_ADMIN})
# Care-team roles that make a member the client's own coordinator.
TEAM_COORDINATOR_ROLES = frozenset({"samordnare", "coordinator"})


class Action(StrEnum):
    READ = "read"  # summary, charts, care team, meetings, consents
    EXPORT = "export"  # the ratings as a CSV file: a copy that leaves the bot
    RATE = "rate"
    PLAN = "plan"  # targets, phases, ending and restarting the rating or a target
    TEAM = "team"  # add or remove care-team members
    BOOK = "book"  # book a resource-group meeting about the client
    CONSENT = "consent"  # record consent given or withdrawn
    SEE_MEETING = "see_meeting"
    CHANGE_MEETING = "change_meeting"  # move, cancel, record the outcome
    FINISH_ACTION = "finish_action"  # mark an action item from a meeting done
    CRISIS_PLAN = "crisis_plan.write"  # write the crisis plan (reading it is READ)


@dataclass(frozen=True)
class ClientFacts:
    """What is true of one user and one client (and, for meeting actions, one meeting)."""

    team_role: str | None = None  # current care-team role; None: not in it, or left
    unit_roles: frozenset[Role] = frozenset()  # the user's roles in the client's unit
    # False once the SSD rating has ended (`avsluta K-1042`): that stops rating only.
    # Coordination (meetings, the plan, consent, reminders) runs for about two years
    # whatever the rating does.
    active: bool = True
    organizer: bool = False  # of the meeting asked about
    participant: bool = False  # invited to the meeting asked about
    owner: bool = False  # of the action item asked about

    @property
    def member(self) -> bool:
        return self.team_role is not None

    @property
    def coordinates(self) -> bool:
        """Manages this client: a coordinator of its unit, or its own samordnare."""
        return Role.COORDINATOR in self.unit_roles or (
            self.team_role is not None and self.team_role.casefold() in TEAM_COORDINATOR_ROLES
        )

    @property
    def reads(self) -> bool:
        return self.member or self.coordinates or Role.UNIT_MANAGER in self.unit_roles


_CLIENT_RULES: dict[Action, Callable[[ClientFacts], bool]] = {
    Action.READ: lambda f: f.reads,
    Action.EXPORT: lambda f: f.member or f.coordinates,
    Action.RATE: lambda f: f.member and f.active,
    Action.PLAN: lambda f: f.coordinates,
    Action.TEAM: lambda f: f.coordinates,
    Action.BOOK: lambda f: f.member or f.coordinates,
    Action.CONSENT: lambda f: f.member or f.coordinates,
    # Whoever is invited sees their meeting, even from another agency outside the team.
    Action.SEE_MEETING: lambda f: f.participant or f.organizer or f.reads,
    # An organizer who left the care team hands the meeting over to a coordinator.
    Action.CHANGE_MEETING: lambda f: (f.organizer and f.member) or f.coordinates,
    # Whoever promised it, even from another agency; else the team and coordinators.
    Action.FINISH_ACTION: lambda f: f.owner or f.member or f.coordinates,
    # The plan is read by all who read the client; its coordinators write it.
    Action.CRISIS_PLAN: lambda f: f.coordinates,
}


def may(action: Action, facts: ClientFacts) -> bool:
    """The one access decision for client data."""
    return _CLIENT_RULES[action](facts)


def described_role(facts: ClientFacts) -> str:
    """The role an audit row records: the care-team role, else the unit role that
    gave access, else "none" (a refusal)."""
    if facts.team_role is not None:
        return facts.team_role
    for role in (Role.COORDINATOR, Role.UNIT_MANAGER):
        if role in facts.unit_roles:
            return role.value
    return "none"


# -- unit and global actions ---------------------------------------------------------------
def may_create_client(unit_roles: Iterable[Role]) -> bool:
    """New clients are made by a coordinator of the unit they belong to."""
    return Role.COORDINATOR in set(unit_roles)


def may_edit_directory(global_roles: Iterable[str], owns_entry: bool = False) -> bool:
    """Directory entries: their owner, a directory admin or a system admin."""
    return owns_entry or bool(set(global_roles) & GLOBAL_ROLES)


def may_manage_roles(global_roles: Iterable[str]) -> bool:
    return Role.SYSTEM_ADMIN in set(global_roles)


def parse_role(text: str) -> Role | None:
    """A role from what an admin types, in English or Swedish."""
    key = " ".join(text.casefold().replace("_", " ").replace("-", " ").split())
    return _ROLE_WORDS.get(key)


_ROLE_WORDS: dict[str, Role] = {
    **{r.value.replace("_", " "): r for r in Role},
    "personal": Role.STAFF,
    "verksamhetssamordnare": Role.COORDINATOR,
    "unit coordinator": Role.COORDINATOR,
    "samordnare": Role.COORDINATOR,  # the older word, still understood
    "enhetschef": Role.UNIT_MANAGER,
    "chef": Role.UNIT_MANAGER,
    "manager": Role.UNIT_MANAGER,
    "katalogadmin": Role.DIRECTORY_ADMIN,
    "katalogadministratör": Role.DIRECTORY_ADMIN,
    "katalogansvarig": Role.DIRECTORY_ADMIN,
    "systemadmin": Role.SYSTEM_ADMIN,
    "systemadministratör": Role.SYSTEM_ADMIN,
    "admin": Role.SYSTEM_ADMIN,
}
