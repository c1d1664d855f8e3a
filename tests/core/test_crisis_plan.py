"""Reading a crisis plan as typed, and whom to call now (pure code)."""

from __future__ import annotations

from datetime import time

import pytest

from core.commands import CommandIndex
from core.crisis_commands import CRISIS_PLAN, plan_args, wants_edit
from core.crisis_plan import (
    DAY,
    EVENING,
    MAX_ITEM,
    MAX_SIGNS,
    NIGHT,
    REACHES,
    ContactLine,
    part_of_day,
    reach_key,
    reach_of,
    reachable_first,
    read_contacts,
    read_own_words,
    read_reach,
    read_signs,
)
from core.errors import UserInputError

PNR = "19121212-1212"


def test_items_one_per_line_or_split_with_semicolons() -> None:
    assert read_signs("Sover dåligt\n- Slutar svara\n\n• Drar sig undan") == (
        "Sover dåligt",
        "Slutar svara",
        "Drar sig undan",
    )
    assert read_signs("Sover dåligt; slutar svara ;") == ("Sover dåligt", "slutar svara")


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("", "crisis.signs.missing"),
        ("\n".join(f"tecken {n}" for n in range(MAX_SIGNS + 1)), "crisis.signs.too_many"),
        ("x" * (MAX_ITEM + 1), "crisis.item.too_long"),
        (f"Ring mamma, hennes pnr är {PNR}", "crisis.personnummer"),
    ],
)
def test_a_list_is_refused_without_its_text(text: str, key: str) -> None:
    with pytest.raises(UserInputError) as refused:
        read_signs(text)
    assert refused.value.key == key
    assert PNR not in repr(refused.value.params)


def test_own_words_are_optional_and_guarded() -> None:
    assert read_own_words("-") is None
    assert read_own_words("  Prata  lugnt ") == "Prata lugnt"
    with pytest.raises(UserInputError) as refused:
        read_own_words(f"Jag heter {PNR}")
    assert refused.value.key == "crisis.personnummer"


@pytest.mark.parametrize(
    ("text", "reach"),
    [
        ("dag", {DAY}),
        ("Kväll och natt", {EVENING, NIGHT}),
        ("dygnet runt", set(REACHES)),
        ("24/7", set(REACHES)),
        ("day, evening", {DAY, EVENING}),
        ("around the clock", set(REACHES)),
        ("ibland", None),
    ],
)
def test_when_a_contact_answers(text: str, reach: set[str] | None) -> None:
    assert read_reach(text) == (frozenset(reach) if reach is not None else None)


def test_contacts_typed_or_from_the_directory() -> None:
    assert read_contacts(
        "Psykiatriakuten, 019-602 00 00, dygnet runt\nMobila teamet, natt\n"
        "Mamma Eva, +46 70 123 45 67, kväll"
    ) == (
        ContactLine("Psykiatriakuten", "019-602 00 00", frozenset(REACHES)),
        ContactLine("Mobila teamet", None, frozenset({NIGHT})),
        ContactLine("Mamma Eva", "+46 70 123 45 67", frozenset({EVENING})),
    )


@pytest.mark.parametrize(
    ("text", "key", "line"),
    [
        ("Mamma Eva", "crisis.contact.shape", 1),
        ("Jouren, 112, dygnet runt\nMamma Eva, 070-1234567, ibland", "crisis.contact.when", 2),
        (f"Mamma {PNR}, 070-1234567, dag", "crisis.personnummer", None),
    ],
)
def test_a_contact_line_is_refused_with_its_number(text: str, key: str, line: int | None) -> None:
    with pytest.raises(UserInputError) as refused:
        read_contacts(text)
    assert (refused.value.key, refused.value.params.get("line")) == (key, line)


@pytest.mark.parametrize(
    ("at", "part"),
    [
        (time(7, 59), NIGHT),
        (time(8), DAY),
        (time(16, 59), DAY),
        (time(17), EVENING),
        (time(22), NIGHT),
    ],
)
def test_parts_of_the_day(at: time, part: str) -> None:
    assert part_of_day(at) == part


def test_those_reachable_now_come_first_in_the_plans_order() -> None:
    names = ["a", "b", "c", "d"]
    reach = [frozenset({DAY}), frozenset(REACHES), frozenset({NIGHT}), frozenset({EVENING, NIGHT})]
    assert reachable_first(names, reach, NIGHT) == (["b", "c", "d"], ["a"])
    assert reachable_first(names, reach, DAY) == (["a", "b"], ["c", "d"])


def test_reach_is_stored_in_a_fixed_order() -> None:
    assert reach_key({NIGHT, DAY}) == "day,night"
    assert reach_of("day,night") == frozenset({DAY, NIGHT})


@pytest.mark.parametrize(
    ("text", "key", "args"),
    [
        ("krisplan K-1042", "crisis_plan", "K-1042"),
        ("crisis plan K-1042 edit", "crisis_plan", "plan K-1042 edit"),
        ("Crisisplan k1042", "crisis_plan", "k1042"),
    ],
)
def test_the_words(text: str, key: str, args: str) -> None:
    match = CommandIndex([CRISIS_PLAN]).match(text)
    assert (match.key, match.args) == (key, args)


def test_arguments_and_mid_dialog_reading() -> None:
    assert plan_args("plan K-1042 edit") == ("K-1042", "edit")
    assert plan_args("k 1042 ändra") == ("K-1042", "ändra")
    assert plan_args("när det blir kris") is None
    assert wants_edit("Ändra") and not wants_edit("visa allt")
    assert CRISIS_PLAN.reads_as_command("K-1042")
    assert not CRISIS_PLAN.reads_as_command("när det blir svårt ring mamma")
