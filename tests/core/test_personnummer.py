"""The personnummer guard: the forms Skatteverket issues (10 and 12 digits, "-",
"+", no separator, spaces), samordningsnummer, real dates only, the Luhn check
digit, and the everyday numbers that must pass (phones, dates, times, ids)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.personnummer import contains_personnummer, is_personnummer


def luhn_digit(nine: str) -> str:
    total = 0
    for index, char in enumerate(nine):
        product = int(char) * (2 if index % 2 == 0 else 1)
        total += product // 10 + product % 10
    return str((10 - total % 10) % 10)


@pytest.mark.parametrize(
    "text",
    [
        "19121212-1212",  # Skatteverket's test person
        "121212-1212",
        "1212121212",
        "191212121212",
        "121212+1212",  # a hundred years old
        "121212 - 1212",
        "19121212 1212",
        "850101-1236",
        "20000229-" + "000" + luhn_digit("000229000"),  # a leap day with its century
        "701063-2391",  # samordningsnummer: day 3 + 60
        "19701063-2391",
    ],
)
def test_personal_and_coordination_numbers_are_found(text: str) -> None:
    assert is_personnummer(text)
    assert contains_personnummer(f"ringde om {text} i dag")


@pytest.mark.parametrize(
    "text",
    [
        "850101-1234",  # wrong check digit
        "19121212-1213",
        "851301-1230",  # month 13
        "850132-1230",  # day 32
        "850100-1230",  # day 0
        "19000229-" + "000" + luhn_digit("000229000"),  # 1900 was no leap year
        "701093-2391",  # day 33 + 60: no such day
        "19121212+1212",  # "+" only in the 10-digit form
        "1191212121212",  # thirteen digits: part of a longer number
        "19:abc@thread.tacv2;messageid=1700000000000",
        "070-123 45 67",  # a mobile number
        "+46 19 588 231",
        "2026-11-20 13:30",
        "sov 22-06, vaknade 03",
        "00000000-0000",
        "skattning 7 av 10",
    ],
)
def test_everyday_numbers_pass(text: str) -> None:
    assert not contains_personnummer(text)


@given(
    st.dates(),
    st.integers(0, 999),
    st.booleans(),
    st.sampled_from(["-", "", " - ", " "]),
    st.text(alphabet=" abcåäö,.", max_size=8),
)
def test_every_valid_number_is_found_in_any_form(
    day: object, serial: int, coordination: bool, separator: str, around: str
) -> None:
    from datetime import date

    assert isinstance(day, date)
    dd = day.day + (60 if coordination else 0)
    short = f"{day.year % 100:02d}{day.month:02d}{dd:02d}"
    nine = short + f"{serial:03d}"
    number = f"{short}{separator}{serial:03d}{luhn_digit(nine)}"
    assert contains_personnummer(f"{around}{number}{around}")
    assert contains_personnummer(f"{around}{day.year // 100:02d}{number}{around}")
    wrong = str((int(luhn_digit(nine)) + 1) % 10)
    assert not contains_personnummer(f"{short}{separator}{serial:03d}{wrong}")
