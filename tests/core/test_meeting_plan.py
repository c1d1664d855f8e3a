"""Reading what a meeting decided: action lines (vad – vem – när), owners matched
to participants, deadline days, headings, and what is asked again."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from core.meeting_plan import (
    LineProblem,
    PlanLine,
    PlanPerson,
    match_owner,
    parse_action,
    parse_due,
    read_outcome,
    split_typed_outcome,
)

TZ = ZoneInfo("Europe/Stockholm")
NOW = datetime(2026, 11, 22, 15, 0, tzinfo=TZ)  # a Sunday
OMAR = PlanPerson("Omar Said", None)
BERTIL = PlanPerson("Bertil Ek", 7)
ANNA_B = PlanPerson("Anna Berg", 3)
ANNA_L = PlanPerson("Anna Lind", 9)
PEOPLE = [OMAR, BERTIL, ANNA_B, ANNA_L]
ME = PlanPerson("Karin Holm", 1)


def _action(line: str) -> PlanLine | LineProblem:
    return parse_action(line, people=PEOPLE, me=ME, now=NOW, tz=TZ)


@pytest.mark.parametrize(
    ("line", "what", "owner", "user", "due"),
    [
        (
            "Ansöka om boendestöd – Omar Said – 15/12",
            "Ansöka om boendestöd",
            OMAR.name,
            None,
            "2026-12-15",
        ),
        (
            "Ansöka om boendestöd - Omar - 2026-12-15",
            "Ansöka om boendestöd",
            OMAR.name,
            None,
            "2026-12-15",
        ),
        ("Kontakta skolan; Bertil; fredag", "Kontakta skolan", BERTIL.name, 7, "2026-11-27"),
        ("Kontakta skolan | bertil | 3 dec", "Kontakta skolan", BERTIL.name, 7, "2026-12-03"),
        ("Boka läkare, Bertil, 1/12", "Boka läkare", BERTIL.name, 7, "2026-12-01"),
        (
            "Boka läkare, tandläkare, Omar, 1/12",
            "Boka läkare, tandläkare",
            OMAR.name,
            None,
            "2026-12-01",
        ),
        ("Ringa FK – jag – i morgon", "Ringa FK", ME.name, 1, "2026-11-23"),
        ("Ringa FK – 2/12 – Bertil", "Ringa FK", BERTIL.name, 7, "2026-12-02"),
        ("Ringa FK – Bertil – senast v. 51", "Ringa FK", BERTIL.name, 7, "2026-12-18"),
        ("Ringa FK – Bertil – vecka 2", "Ringa FK", BERTIL.name, 7, "2027-01-15"),
        ("Ringa FK – Bertil – nästa vecka", "Ringa FK", BERTIL.name, 7, "2026-11-27"),
        ("Ringa FK – Bertil – om två veckor", "Ringa FK", BERTIL.name, 7, "2026-12-06"),
        ("Ringa FK – Bertil – tisdag v. 50", "Ringa FK", BERTIL.name, 7, "2026-12-08"),
        ("Ringa FK – Bertil Eck – 1/12", "Ringa FK", BERTIL.name, 7, "2026-12-01"),
        ("Ringa – mamma – 1/12", "Ringa", "mamma", None, "2026-12-01"),
        (
            "Omar ansöker om boendestöd senast 15/12",
            "Omar ansöker om boendestöd",
            OMAR.name,
            None,
            "2026-12-15",
        ),
        ("Jag ringer FK senast nästa vecka", "Jag ringer FK", ME.name, 1, "2026-11-27"),
        ("- Ringa FK – Bertil – 1/12", "Ringa FK", BERTIL.name, 7, "2026-12-01"),
        ("2. Ringa FK – Bertil – 1/12", "Ringa FK", BERTIL.name, 7, "2026-12-01"),
    ],
)
def test_action_lines_are_read(
    line: str, what: str, owner: str, user: int | None, due: str
) -> None:
    assert _action(line) == PlanLine("action", what, owner, user, date.fromisoformat(due))


@pytest.mark.parametrize(
    ("line", "key"),
    [
        ("Ringa FK – Bertil", "plan.action.no_due"),
        ("Ringa FK – 3/12", "plan.action.no_owner"),
        ("Ringa FK", "plan.action.no_owner"),
        ("Ringa FK – Bertil – snart", "plan.due.unknown"),
        ("Ringa FK – Bertil – 2025-01-01", "plan.due.past"),
        ("Ringa FK – Bertil – v. 47 2026", "plan.due.past"),
        ("Ringa FK – Anna – 3/12", "plan.owner.which"),
        (" – Bertil – 3/12", "plan.action.no_owner"),
    ],
)
def test_what_is_missing_is_said(line: str, key: str) -> None:
    problem = _action(line)
    assert isinstance(problem, LineProblem) and problem.key == key


def test_a_shared_first_name_names_the_candidates() -> None:
    problem = _action("Ringa FK – Anna – 3/12")
    assert isinstance(problem, LineProblem)
    assert problem.names == ("Anna Berg", "Anna Lind")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Omar Said", OMAR),
        ("omar", OMAR),
        ("SAID", OMAR),
        ("Omar Sayid", OMAR),
        ("jag", ME),
        ("Karin Holm", ME),
        ("Anna", None),  # two Annas
        ("Cecilia", None),
        ("", None),
    ],
)
def test_owners_are_matched_to_participants(typed: str, expected: PlanPerson | None) -> None:
    assert match_owner(typed, PEOPLE, ME) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("15/12", date(2026, 12, 15)),
        ("senast 15/12", date(2026, 12, 15)),
        ("till fredag", date(2026, 11, 27)),
        ("före 1 december", date(2026, 12, 1)),
        ("v 48", date(2026, 11, 27)),
        ("v. 47", date(2027, 11, 26)),  # week 47 has passed: next year's
        ("denna vecka", None),  # it is Sunday: this week's Friday has passed
        ("idag", date(2026, 11, 22)),
        ("i dag", date(2026, 11, 22)),
        # Next week is the calendar week after this one; on a Sunday it starts tomorrow.
        ("nästa vecka", date(2026, 11, 27)),
        ("2026-11-21", "plan.due.past"),
        ("Bertil", None),
        ("snart", None),
        ("varje måndag", None),
        ("v. 54", None),
    ],
)
def test_deadline_days(text: str, expected: object) -> None:
    assert parse_due(text, now=NOW, tz=TZ) == expected


DECEMBER_7 = datetime(2026, 12, 7, 10, 0, tzinfo=TZ)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A day and month that has passed this year is past, not next year's.
        ("15/11", "plan.due.past"),
        ("senast 6/12", "plan.due.past"),
        ("den 3 november", "plan.due.past"),
        ("15/6", "plan.due.past"),  # half a year back is still nearer than ahead
        # The turn of the year: a date early next year is next year's.
        ("15/1", date(2027, 1, 15)),
        ("senast 1 februari", date(2027, 2, 1)),
        ("15/5", date(2027, 5, 15)),  # next May is nearer than last May
        ("7/12", date(2026, 12, 7)),
        ("15/12", date(2026, 12, 15)),
        ("15/11/2027", date(2027, 11, 15)),
        ("29/2", date(2028, 2, 29)),
    ],
)
def test_a_date_without_a_year_is_read_in_the_nearest_year(text: str, expected: object) -> None:
    assert parse_due(text, now=DECEMBER_7, tz=TZ) == expected


def test_a_line_with_a_past_date_is_named_to_be_fixed() -> None:
    outcome = read_outcome(
        {"action": "Ansöka om boendestöd – Omar – 15/11\nRinga skolan – Bertil – 15/1"},
        people=PEOPLE,
        me=ME,
        now=DECEMBER_7,
        tz=TZ,
    )

    assert outcome.problems == (
        LineProblem("Ansöka om boendestöd – Omar – 15/11", "plan.due.past"),
    )
    assert [(line.text, line.due_on) for line in outcome.lines] == [
        ("Ringa skolan", date(2027, 1, 15))
    ]
    assert not outcome.ok


def test_headings_sort_typed_lines_and_unheaded_lines_are_placed() -> None:
    typed = (
        "Beslut:\n- Omar flyttar till träningslägenhet\nDelmål: Egen sysselsättning\n"
        "åtgärder:\n1. Ansöka om boendestöd – Omar – 15/12\n"
    )
    sections = split_typed_outcome(typed)
    assert sections == {
        "": [],
        "decision": ["Omar flyttar till träningslägenhet"],
        "goal": ["Egen sysselsättning"],
        "action": ["Ansöka om boendestöd – Omar – 15/12"],
    }
    unheaded = split_typed_outcome("Omar mår bättre\nRinga FK – Bertil – 3/12\nRinga – Bertil")
    outcome = read_outcome(unheaded, people=PEOPLE, me=ME, now=NOW, tz=TZ)
    assert [(line.kind, line.text) for line in outcome.lines] == [
        ("decision", "Omar mår bättre"),
        ("action", "Ringa FK"),
    ]
    # "Ringa – Bertil" names a participant after a separator: an action missing its day.
    assert [p.key for p in outcome.problems] == ["plan.action.no_due"]
    assert outcome.typed["action"] == ("Ringa FK – Bertil – 3/12", "Ringa – Bertil")
    assert not outcome.ok


def test_an_outcome_checks_every_line_and_never_keeps_a_personnummer() -> None:
    outcome = read_outcome(
        {
            "decision": "Fortsatt boendestöd\n\n",
            "goal": ["Sova hela nätter", "x" * 501],
            "action": "Ringa FK – Bertil – 3/12\nRinga 19121212-1212 – Bertil – 3/12",
        },
        people=PEOPLE,
        me=ME,
        now=NOW,
        tz=TZ,
    )
    assert [p.key for p in outcome.problems] == ["plan.text.invalid", "plan.personnummer"]
    assert outcome.problems[1].line == ""  # not echoed
    assert "19121212-1212" not in str(outcome.typed)
    assert outcome.count("action") == 1 and outcome.count("decision") == 1
    empty = read_outcome({"decision": " \n"}, people=PEOPLE, me=ME, now=NOW, tz=TZ)
    assert (empty.lines, empty.problems, empty.ok) == ((), (), False)


def test_too_many_lines_are_refused() -> None:
    outcome = read_outcome(
        {"decision": "\n".join(f"Beslut {n}" for n in range(31))},
        people=PEOPLE,
        me=ME,
        now=NOW,
        tz=TZ,
    )
    assert outcome.problems[0].key == "plan.count"
