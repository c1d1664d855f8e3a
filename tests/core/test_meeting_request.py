"""What a care worker types when booking: the quick form, people typed by hand,
lengths, and meeting times that must name a time of day and lie ahead."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from core.contact_model import AF, FK, KOMMUN, OTHER, REGION
from core.errors import UserInputError
from core.meeting_request import (
    TypedPerson,
    agency_kind_for_email,
    parse_minutes,
    parse_person,
    parse_quick_form,
    picked_datetime,
    read_meeting_time,
    split_names,
)

TZ = ZoneInfo("Europe/Stockholm")
NOW = datetime(2026, 11, 22, 10, 0, tzinfo=TZ)  # a Sunday


def test_the_quick_form() -> None:
    quick = parse_quick_form("k-1042 tisdag 13.30 med Anna Berg, Omar Said och Lisa Ek")
    assert (quick.code, quick.when, quick.names) == (
        "K-1042",
        "tisdag 13.30",
        ("Anna Berg", "Omar Said", "Lisa Ek"),
    )
    assert parse_quick_form("tisdag 13.30").code is None
    # Too few digits is no code at all (the time phrase then fails and is asked
    # again); a code-shaped word the rules refuse is named.
    assert parse_quick_form("K-10 tisdag").code is None
    with pytest.raises(UserInputError) as refused:
        parse_quick_form("Å-1042 tisdag")
    assert refused.value.key == "meeting.code.invalid"
    with pytest.raises(UserInputError) as refused:
        parse_quick_form("19121212-1212 tisdag")
    assert refused.value.key == "meeting.personnummer"


def test_an_address_after_a_name_belongs_to_it() -> None:
    assert split_names("Lisa Ek, lisa.ek@skolan.se, Omar Said") == (
        "Lisa Ek <lisa.ek@skolan.se>",
        "Omar Said",
    )
    assert split_names("a@x.se, b@y.se") == ("a@x.se", "b@y.se")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Anna Berg <Anna.Berg@fk.se>", TypedPerson("Anna Berg", "anna.berg@fk.se")),
        ("Anna Berg anna.berg@fk.se", TypedPerson("Anna Berg", "anna.berg@fk.se")),
        ("omar.said@regionorebrolan.se", TypedPerson("Omar Said", "omar.said@regionorebrolan.se")),
        ("Mamma till K-1042", TypedPerson("Mamma till K-1042", None)),
    ],
)
def test_people_typed_by_hand(typed: str, expected: TypedPerson) -> None:
    assert parse_person(typed) == expected


@pytest.mark.parametrize(
    ("typed", "key"),
    [("Anna <inte-en-adress>", "meeting.person.bad_email"), ("", "meeting.person.empty")],
)
def test_bad_people_are_refused(typed: str, key: str) -> None:
    with pytest.raises(UserInputError) as refused:
        parse_person(typed)
    assert refused.value.key == key


def test_agency_from_the_address() -> None:
    assert [
        agency_kind_for_email(e)
        for e in (
            "a@forsakringskassan.se",
            "b@arbetsformedlingen.se",
            "c@regionorebrolan.se",
            "d@kumla.kommun.se",
            "e@gmail.com",
            None,
        )
    ] == [FK, AF, REGION, KOMMUN, OTHER, OTHER]


def test_the_short_government_domains_are_recognised() -> None:
    """Försäkringskassan and Arbetsförmedlingen also mail from fk.se and af.se;
    a domain that only ends in the same letters is not theirs."""
    assert [
        agency_kind_for_email(e)
        for e in ("omar.said@fk.se", "Maja.Holm@AF.SE", "x@lokal.fk.se", "y@gfk.se", "z@leaf.se")
    ] == [FK, AF, FK, OTHER, OTHER]


@pytest.mark.parametrize(
    ("typed", "minutes"),
    [("90", 90), ("45 min", 45), ("1,5 timme", 90), ("1 h 30 min", 90), ("en timme", 60)],
)
def test_lengths(typed: str, minutes: int) -> None:
    assert parse_minutes(typed) == minutes


@pytest.mark.parametrize(
    ("typed", "key"), [("5", "meeting.length.range"), ("länge", "meeting.length.unknown")]
)
def test_bad_lengths(typed: str, key: str) -> None:
    with pytest.raises(UserInputError) as refused:
        parse_minutes(typed)
    assert refused.value.key == key


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("tisdag 13.30", datetime(2026, 11, 24, 13, 30, tzinfo=TZ)),
        ("3/12 kl 10", datetime(2026, 12, 3, 10, 0, tzinfo=TZ)),
        ("tisdag", "meeting.when.no_time"),  # never the reminders' 08:00
        ("tisdag 3", "meeting.when.no_time"),  # 03:00 or 15:00: asked, not guessed
        ("varje tisdag 13", "meeting.when.recurring"),
        ("idag 09.00", "when.in_past"),
        ("blå", "when.unknown"),
    ],
)
def test_meeting_times(typed: str, expected: datetime | str) -> None:
    assert read_meeting_time(typed, now=NOW, tz=TZ) == expected


def test_card_pickers() -> None:
    assert picked_datetime("2026-11-26", "10:00", TZ) == datetime(2026, 11, 26, 10, 0, tzinfo=TZ)
    assert picked_datetime("", "10:00", TZ) is None
    assert picked_datetime("2026-11-26", "tio", TZ) is None
