"""Every access rule, for a user of each role (core/access.py).

The whole matrix is spelled out: a rule loosened or tightened by mistake changes
one cell and fails here. tests/storage/test_access_rules.py checks the same rules
through the services with real rows, including a member who left the team.
"""

from __future__ import annotations

import pytest

from core import access
from core.access import Action, ClientFacts, Role

A = Action
ALL = frozenset(Action)

MEMBER = ClientFacts(team_role="kontaktperson")
OWN_COORDINATOR = ClientFacts(team_role="samordnare")
UNIT_COORDINATOR = ClientFacts(unit_roles=frozenset({Role.COORDINATOR}))
UNIT_MANAGER = ClientFacts(unit_roles=frozenset({Role.UNIT_MANAGER}))
# What storage reads for these people about this client: nothing. A member who left
# has no current team row, an admin holds only global roles, a stranger nothing.
NOBODY = ClientFacts()

READER = {A.READ, A.SEE_MEETING}
MEMBER_MAY = READER | {A.EXPORT, A.RATE, A.BOOK, A.CONSENT, A.FINISH_ACTION}
COORDINATOR_MAY = MEMBER_MAY | {A.PLAN, A.TEAM, A.CHANGE_MEETING, A.CRISIS_PLAN}


@pytest.mark.parametrize(
    ("facts", "allowed"),
    [
        (MEMBER, MEMBER_MAY),
        (OWN_COORDINATOR, COORDINATOR_MAY),
        (UNIT_COORDINATOR, COORDINATOR_MAY - {A.RATE}),
        (UNIT_MANAGER, READER),
        (NOBODY, set()),
    ],
    ids=[
        "staff in the care team",
        "the client's own samordnare",
        "coordinator of the unit",
        "unit manager",
        "left the team / admin / stranger",
    ],
)
@pytest.mark.parametrize("action", list(Action), ids=[a.value for a in Action])
def test_each_role_may_exactly_its_actions(
    facts: ClientFacts, allowed: set[Action], action: Action
) -> None:
    assert access.may(action, facts) is (action in allowed)


@pytest.mark.parametrize(
    ("facts", "allowed"),
    [
        (MEMBER, READER | {A.EXPORT, A.CONSENT, A.FINISH_ACTION, A.BOOK}),
        (OWN_COORDINATOR, COORDINATOR_MAY - {A.RATE}),
        (UNIT_MANAGER, READER),
    ],
    ids=["staff in the care team", "the client's own samordnare", "unit manager"],
)
def test_ended_rating_stops_only_rating(facts: ClientFacts, allowed: set[Action]) -> None:
    # Coordination (meetings, the plan, consent) runs for about two years whatever
    # the SSD rating does: ending the rating stops rating, nothing else.
    closed = ClientFacts(team_role=facts.team_role, unit_roles=facts.unit_roles, active=False)

    assert {a for a in Action if access.may(a, closed)} == allowed


def test_an_invited_colleague_outside_the_team_sees_only_the_meeting() -> None:
    invited = ClientFacts(participant=True)

    assert {a for a in Action if access.may(a, invited)} == {A.SEE_MEETING}


def test_the_organizer_changes_their_meeting_while_in_the_team() -> None:
    organizer = ClientFacts(team_role="kontaktperson", organizer=True, participant=True)

    assert access.may(A.CHANGE_MEETING, organizer) is True


def test_an_organizer_who_left_the_team_sees_but_no_longer_changes_the_meeting() -> None:
    left = ClientFacts(organizer=True, participant=True)

    assert (access.may(A.SEE_MEETING, left), access.may(A.CHANGE_MEETING, left)) == (True, False)


def test_whoever_promised_an_action_may_mark_it_done_from_outside_the_team() -> None:
    owner = ClientFacts(owner=True)

    assert {a for a in Action if access.may(a, owner)} == {A.FINISH_ACTION}


def test_a_coordinator_role_written_in_any_case_coordinates() -> None:
    assert access.may(A.PLAN, ClientFacts(team_role="Samordnare")) is True
    assert access.may(A.PLAN, ClientFacts(team_role="sjuksköterska")) is False


@pytest.mark.parametrize(
    ("facts", "recorded"),
    [
        (MEMBER, "kontaktperson"),
        (UNIT_COORDINATOR, "coordinator"),
        (UNIT_MANAGER, "unit_manager"),
        (ClientFacts(unit_roles=frozenset(Role) & access.UNIT_ROLES), "coordinator"),
        (NOBODY, "none"),
    ],
)
def test_the_audit_records_the_role_that_gave_access(facts: ClientFacts, recorded: str) -> None:
    assert access.described_role(facts) == recorded


def test_clients_are_created_by_a_coordinator_of_the_unit_only() -> None:
    assert access.may_create_client({Role.COORDINATOR}) is True
    assert access.may_create_client({Role.UNIT_MANAGER}) is False
    assert access.may_create_client(set()) is False


@pytest.mark.parametrize(
    ("roles", "owns", "edits", "manages_roles"),
    [
        (set(), False, False, False),
        (set(), True, True, False),
        ({"directory_admin"}, False, True, False),
        ({"system_admin"}, False, True, True),
        ({"coordinator", "unit_manager"}, False, False, False),
    ],
    ids=["staff", "entry owner", "directory admin", "system admin", "unit roles"],
)
def test_directory_and_role_management(
    roles: set[str], owns: bool, edits: bool, manages_roles: bool
) -> None:
    assert access.may_edit_directory(roles, owns_entry=owns) is edits
    assert access.may_manage_roles(roles) is manages_roles


@pytest.mark.parametrize(
    ("typed", "role"),
    [
        ("samordnare", Role.COORDINATOR),
        ("Enhetschef", Role.UNIT_MANAGER),
        ("unit_manager", Role.UNIT_MANAGER),
        ("unit manager", Role.UNIT_MANAGER),
        ("katalogadmin", Role.DIRECTORY_ADMIN),
        ("system-admin", Role.SYSTEM_ADMIN),
        ("systemadministratör", Role.SYSTEM_ADMIN),
        ("kock", None),
        ("", None),
    ],
)
def test_roles_are_read_in_swedish_and_english(typed: str, role: Role | None) -> None:
    assert access.parse_role(typed) is role
