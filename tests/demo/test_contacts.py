"""The fictitious who-does-what directory: the demo and the benchmark generator."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from dataclasses import fields

import pytest

from core.contact_model import (
    AF,
    FINSAM,
    FK,
    FUNCTION,
    KOMMUN,
    PERSON,
    REGION,
    ContactDraft,
    agency_kind,
    entry_key,
    tel_uri,
    validate_draft,
)
from core.ssd_model import looks_like_personnummer
from demo.contacts import MUNICIPALITIES, demo_directory, generate_contacts

LANDLINE_CODES = {"019", "0580", "0581", "0582", "0583", "0584", "0585", "0586", "0587", "0591"}
MOBILE_CODES = {"070", "072", "073", "076"}
PERSON_EMAIL = re.compile(r"^[a-z-]+\.[a-z-]+\d*@[a-z-]+(\.[a-z-]+)*\.se$")


@pytest.fixture(scope="module")
def directory() -> list[ContactDraft]:
    return demo_directory()


def _flagged_fields(draft: ContactDraft) -> list[str]:
    """Every field but the phone that holds something looking like a personnummer."""
    flagged = []
    for field in fields(ContactDraft):
        if field.name == "phone":
            continue
        value = getattr(draft, field.name)
        texts = value if isinstance(value, tuple) else (value,)
        if any(looks_like_personnummer(text) for text in texts):
            flagged.append(field.name)
    return flagged


def test_the_demo_has_at_least_320_entries(directory: list[ContactDraft]) -> None:
    assert len(directory) >= 320


def test_every_municipality_of_orebro_lan_is_there(directory: list[ContactDraft]) -> None:
    assert len(MUNICIPALITIES) == 12
    assert {draft.municipality for draft in directory} == set(MUNICIPALITIES)


def test_every_kommun_has_its_own_agency(directory: list[ContactDraft]) -> None:
    kommuner = {draft.agency for draft in directory if agency_kind(draft.agency) == KOMMUN}
    assert len(kommuner) == 12
    assert {"Kumla kommun", "Örebro kommun", "Hällefors kommun", "Lindesbergs kommun"} <= kommuner


def test_every_kind_of_agency_is_there(directory: list[ContactDraft]) -> None:
    kinds = {agency_kind(draft.agency) for draft in directory}
    assert kinds == {REGION, KOMMUN, FK, AF, FINSAM}


def test_between_15_and_25_percent_are_functions(directory: list[ContactDraft]) -> None:
    share = sum(draft.kind == FUNCTION for draft in directory) / len(directory)
    assert 0.15 <= share <= 0.25
    assert {draft.kind for draft in directory} == {PERSON, FUNCTION}


def test_every_entry_is_valid_and_already_clean(directory: list[ContactDraft]) -> None:
    for draft in directory:
        clean, problems = validate_draft(draft)
        assert problems == [], (draft, problems)
        assert clean == draft


def test_entry_keys_are_unique(directory: list[ContactDraft]) -> None:
    keys = [entry_key(draft) for draft in directory]
    assert len(set(keys)) == len(keys)


def test_the_demo_is_the_same_on_every_call(directory: list[ContactDraft]) -> None:
    assert demo_directory() == directory


def test_no_field_but_the_phone_looks_like_a_personnummer(
    directory: list[ContactDraft],
) -> None:
    assert [(draft, _flagged_fields(draft)) for draft in directory if _flagged_fields(draft)] == []


def test_every_entry_has_two_to_six_areas(directory: list[ContactDraft]) -> None:
    assert all(2 <= len(draft.areas) <= 6 for draft in directory)


def test_phones_are_swedish_with_the_right_codes(directory: list[ContactDraft]) -> None:
    for draft in directory:
        assert tel_uri(draft.phone) is not None, draft.phone
        code = draft.phone.split("-")[0]
        assert code in LANDLINE_CODES | MOBILE_CODES, draft.phone
    assert any(d.phone.startswith("0581-") for d in directory if d.municipality == "Lindesberg")
    functions = [draft for draft in directory if draft.kind == FUNCTION]
    assert all(draft.phone.split("-")[0] in LANDLINE_CODES for draft in functions)


def test_people_have_a_folded_name_address_of_their_own(directory: list[ContactDraft]) -> None:
    people = [draft for draft in directory if draft.kind == PERSON]
    for person in people:
        assert PERSON_EMAIL.match(person.email), person.email
        assert person.owner_email == person.email
    assert any(re.search(r"\d@", person.email) for person in people)  # a collision got a digit


def test_region_and_kommun_staff_chat_in_teams_the_state_agencies_do_not(
    directory: list[ContactDraft],
) -> None:
    for person in (draft for draft in directory if draft.kind == PERSON):
        if agency_kind(person.agency) in (REGION, KOMMUN):
            assert person.teams_upn == person.email
        elif agency_kind(person.agency) in (FK, AF):
            assert person.teams_upn == ""


def test_a_function_is_owned_by_a_chief_in_its_unit(directory: list[ContactDraft]) -> None:
    chiefs = {
        (draft.agency, draft.unit, draft.email)
        for draft in directory
        if draft.kind == PERSON and draft.title.endswith("chef")
    }
    for function in (draft for draft in directory if draft.kind == FUNCTION):
        assert function.phone
        assert (function.agency, function.unit, function.owner_email) in chiefs, function


def test_some_well_known_functions_are_there(directory: list[ContactDraft]) -> None:
    names = {(draft.name, draft.agency) for draft in directory if draft.kind == FUNCTION}
    assert ("Mottagning psykiatri öppenvård, Lindesberg", "Region Örebro län") in names
    assert ("Växel Kumla kommun", "Kumla kommun") in names
    assert ("Mottagningsgrupp IFO Örebro", "Örebro kommun") in names
    assert ("Jourhavande socialsekreterare (socialjour)", "Örebro kommun") in names
    hours = {draft.hours for draft in directory if draft.kind == FUNCTION}
    assert {"dygnet runt", "mån–fre 08–16"} <= hours


def test_generate_contacts_is_a_lazy_iterator() -> None:
    contacts = generate_contacts(10**12)
    assert isinstance(contacts, Iterator)
    assert isinstance(next(contacts), ContactDraft)


def test_generate_contacts_gives_exactly_n() -> None:
    assert list(generate_contacts(0)) == []
    assert sum(1 for _ in generate_contacts(1234)) == 1234
    with pytest.raises(ValueError):
        generate_contacts(-1)


def test_generated_keys_are_unique_and_a_sample_is_valid() -> None:
    contacts = list(generate_contacts(5000))
    keys = {entry_key(draft) for draft in contacts}
    assert len(keys) == 5000
    for draft in random.Random(1).sample(contacts, 500):
        clean, problems = validate_draft(draft)
        assert problems == [], (draft, problems)
        assert clean == draft
        assert _flagged_fields(draft) == []


def test_generated_contacts_mix_like_the_demo() -> None:
    contacts = list(generate_contacts(5000, seed=11))
    share = sum(draft.kind == FUNCTION for draft in contacts) / len(contacts)
    assert 0.15 <= share <= 0.25
    assert {draft.municipality for draft in contacts} == set(MUNICIPALITIES)
    assert {agency_kind(draft.agency) for draft in contacts} == {REGION, KOMMUN, FK, AF, FINSAM}


def test_generated_contacts_depend_only_on_the_seed() -> None:
    assert list(generate_contacts(300, seed=3)) == list(generate_contacts(300, seed=3))
    assert list(generate_contacts(300, seed=3)) != list(generate_contacts(300, seed=4))
