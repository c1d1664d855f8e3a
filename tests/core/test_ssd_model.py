"""SSD rules, pure: client codes, free text, scales, slots and phases (access: test_access.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from core import ssd_model as rules
from core.errors import UserInputError
from core.ssd_model import Scale

T0 = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("K-1042", "K-1042"),
        (" k-1042 ", "K-1042"),
        ("K–1042", "K-1042"),  # an en dash from a phone keyboard
        ("E-2001", "E-2001"),
        ("LSS-123", "LSS-123"),
        ("K1042", "K-1042"),  # typed on a phone without the dash
    ],
)
def test_client_codes_are_normalised(typed: str, expected: str) -> None:
    assert rules.normalise_client_code(typed) == expected


@pytest.mark.parametrize(
    "typed",
    [
        "850101-1234",  # personnummer
        "19850101-1234",
        "198501011234",
        "K-850101",  # six digits could be a birth date
        "K-12",
        "Anna",  # a name
        "Anna-1042",
        "ANNA-1042",
        "K-10a2",
        "",
    ],
)
def test_client_codes_that_could_identify_someone_are_refused(typed: str) -> None:
    # The refusal never carries the typed text: it may be a personnummer.
    with pytest.raises(UserInputError) as refused:
        rules.normalise_client_code(typed)

    assert refused.value.key == "ssd.code.invalid"
    assert refused.value.params == {}


@pytest.mark.parametrize("typed", ["K1042", "k1042", "K 1042", "k–1042", " K-1042 "])
def test_a_code_typed_on_a_phone_without_its_dash_is_understood(typed: str) -> None:
    assert rules.normalise_client_code(typed) == "K-1042"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("19850101-1236", True),
        ("pnr 850101-1236 i anteckningen", True),
        ("850101 1236", True),
        ("8501011236", True),
        ("850101-1234", False),  # wrong check digit: core/personnummer.py
        ("sov 22-06, vaknade 03", False),
        ("2026-11-20", False),
        ("skattning 7", False),
    ],
)
def test_looks_like_personnummer(text: str, expected: bool) -> None:
    assert rules.looks_like_personnummer(text) is expected


def test_a_note_is_trimmed_and_blank_means_none() -> None:
    assert (rules.validate_note("  lugn   kväll "), rules.validate_note("   ")) == (
        "lugn kväll",
        None,
    )


@pytest.mark.parametrize(
    ("note", "key"),
    [("x" * 501, "ssd.note.too_long"), ("ringde 850101-1236", "ssd.personnummer")],
)
def test_a_note_too_long_or_with_a_personnummer_is_refused(note: str, key: str) -> None:
    with pytest.raises(UserInputError) as refused:
        rules.validate_note(note)

    assert refused.value.key == key


def test_a_target_is_validated_with_the_default_scale() -> None:
    spec = rules.validate_target(
        name=" Ångest ", low_anchor="ingen", high_anchor="värsta", better=rules.LOWER
    )

    assert spec == rules.TargetSpec("Ångest", "ingen", "värsta", "lower", "daily", Scale(0, 10, 1))


@pytest.mark.parametrize(
    ("changes", "key"),
    [
        ({"name": " "}, "ssd.target.name.missing"),
        ({"better": "up"}, "ssd.target.better.invalid"),
        ({"frequency": "hourly"}, "ssd.target.frequency.invalid"),
        ({"scale": Scale(10, 0, 1)}, "ssd.scale.invalid"),
        ({"scale": Scale(0, 10, 3)}, "ssd.scale.invalid"),
        ({"scale": Scale(0, 1000, 1)}, "ssd.scale.too_many_points"),
        ({"high_anchor": ""}, "ssd.target.anchor.missing"),
    ],
)
def test_a_target_that_breaks_a_rule_is_refused(changes: dict, key: str) -> None:
    fields = {"name": "sömn", "low_anchor": "dålig", "high_anchor": "god", "better": "higher"}

    with pytest.raises(UserInputError) as refused:
        rules.validate_target(**{**fields, **changes})

    assert refused.value.key == key


@pytest.mark.parametrize(
    ("value", "scale", "ok"),
    [
        (0, Scale(), True),
        (10, Scale(), True),
        (6, Scale(), True),
        (11, Scale(), False),
        (-1, Scale(), False),
        (6.5, Scale(), False),
        (6.5, Scale(0, 10, 0.5), True),
        (0.3, Scale(0, 1, 0.1), True),  # no float surprise: 0.3 is on a 0.1 grid
        (3, Scale(1, 7, 2), True),
        (4, Scale(1, 7, 2), False),
    ],
)
def test_check_value_accepts_only_points_on_the_scale(value: float, scale: Scale, ok: bool) -> None:
    try:
        rules.check_value(value, scale, name="ångest")
        accepted = True
    except UserInputError as refused:
        assert refused.key == "ssd.value.out_of_scale"
        accepted = False

    assert accepted is ok


@pytest.mark.parametrize(
    ("frequency", "day", "expected"),
    [
        ("daily", date(2026, 11, 19), (date(2026, 11, 19), ("day",))),
        (
            "shift",
            date(2026, 11, 19),
            (date(2026, 11, 19), ("shift-day", "shift-evening", "shift-night")),
        ),
        ("weekly", date(2026, 11, 19), (date(2026, 11, 16), ("week",))),  # Thursday → Monday
        ("weekly", date(2026, 11, 16), (date(2026, 11, 16), ("week",))),
        ("monthly", date(2026, 11, 19), (date(2026, 11, 1), ("month",))),
    ],
)
def test_slots_on_a_day_by_frequency(
    frequency: str, day: date, expected: tuple[date, tuple[str, ...]]
) -> None:
    slots = rules.slots_on(frequency, day)

    assert ({d for d, _ in slots}.pop(), tuple(s for _, s in slots)) == expected


def test_slot_codes_sort_in_the_order_of_a_day() -> None:
    shifts = rules.SLOTS_BY_FREQUENCY[rules.SHIFT]

    assert sorted(shifts) == list(shifts)


@pytest.mark.parametrize(
    ("frequency", "slot_date", "slot", "key"),
    [
        ("daily", date(2026, 11, 19), "shift-day", "ssd.slot.invalid"),
        ("shift", date(2026, 11, 19), "day", "ssd.slot.invalid"),
        ("weekly", date(2026, 11, 19), "week", "ssd.slot.date_invalid"),
        ("monthly", date(2026, 11, 2), "month", "ssd.slot.date_invalid"),
    ],
)
def test_check_slot_refuses_a_slot_the_frequency_does_not_have(
    frequency: str, slot_date: date, slot: str, key: str
) -> None:
    with pytest.raises(UserInputError) as refused:
        rules.check_slot(frequency, slot_date, slot)

    assert refused.value.key == key


def test_phase_labels_follow_a_b_c() -> None:
    assert [
        rules.next_phase_label([]),
        rules.next_phase_label(["A"]),
        rules.next_phase_label(["A", "B"]),
        rules.next_phase_label(["B1", "A"]),
    ] == ["A", "B", "C", "C"]


def test_a_target_key_ignores_case_and_spacing() -> None:
    assert rules.target_key("  ÅNGEST  på  kvällen") == rules.target_key("ångest på kvällen")


def test_the_eight_quality_framework_areas_fit_as_target_names() -> None:
    names = rules.QUALITY_FRAMEWORK_AREAS

    assert (len(names), len(set(names))) == (8, 8)
    assert max(len(name) for name in names) <= rules.MAX_TARGET_NAME


def test_a_refused_value_is_not_carried_back_but_the_scale_is() -> None:
    """A long digit string in the value field may be a personnummer: the refusal names
    the target and the scale only."""
    for typed in (1212121212.0, None):
        with pytest.raises(UserInputError) as refused:
            rules.check_value(typed, Scale(0, 10, 1), name="ångest")
        assert refused.value.params == {"name": "ångest", "minimum": 0, "maximum": 10, "step": 1}


@pytest.mark.parametrize(
    "refuse",
    [
        lambda: rules.validate_phase_label("121212-1212"),
        lambda: rules.validate_target(
            name="ångest", low_anchor="a", high_anchor="b", better="121212-1212"
        ),
        lambda: rules.validate_target(
            name="ångest", low_anchor="a", high_anchor="b", better="lower", frequency="1212121212"
        ),
    ],
)
def test_refusals_carry_no_typed_text(refuse) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UserInputError) as refused:
        refuse()
    assert "1212" not in repr(refused.value.params)
