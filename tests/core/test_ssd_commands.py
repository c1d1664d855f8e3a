"""What `skatta`, `graf`, `exportera` and `ny …` are read as."""

from __future__ import annotations

from datetime import date

import pytest

from core.errors import UserInputError
from core.ssd_commands import (
    ChartCommand,
    CloseCommand,
    RateCommand,
    RateEntry,
    parse_chart,
    parse_close,
    parse_code_only,
    parse_new,
    parse_phase_words,
    parse_rate,
    parse_rating_day,
    parse_reopen,
    shift_at,
)

TODAY = date(2026, 11, 22)  # a Sunday


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ("", RateCommand(code=None)),
        ("K-1042", RateCommand(code="K-1042")),
        ("k–1042", RateCommand(code="K-1042")),
        ("K-1042 ångest 6", RateCommand("K-1042", (RateEntry("ångest", 6.0),))),
        ("ångest 6", RateCommand(None, (RateEntry("ångest", 6.0),))),
        ("K-1042 ångest 6,5", RateCommand("K-1042", (RateEntry("ångest", 6.5),))),
        ("K-1042 ångest 6.5", RateCommand("K-1042", (RateEntry("ångest", 6.5),))),
        (
            "K-1042 ångest 6 sömn 4",
            RateCommand("K-1042", (RateEntry("ångest", 6.0), RateEntry("sömn", 4.0))),
        ),
        (
            "K-1042 ångest 6 igår",
            RateCommand("K-1042", (RateEntry("ångest", 6.0),), day=date(2026, 11, 21)),
        ),
        (
            "K-1042 ångest 6 i går",
            RateCommand("K-1042", (RateEntry("ångest", 6.0),), day=date(2026, 11, 21)),
        ),
        (
            "K-1042 ångest 6 i förrgår",
            RateCommand("K-1042", (RateEntry("ångest", 6.0),), day=date(2026, 11, 20)),
        ),
        (
            "K-1042 ångest 6 i dag",  # "dag" here is not the day shift
            RateCommand("K-1042", (RateEntry("ångest", 6.0),), day=TODAY),
        ),
        (
            "K-1042 sömn 4 igår kväll",
            RateCommand(
                "K-1042", (RateEntry("sömn", 4.0),), day=date(2026, 11, 21), shift="shift-evening"
            ),
        ),
        (
            "K-1042 sömn 4 natt fredag",
            RateCommand(
                "K-1042", (RateEntry("sömn", 4.0),), day=date(2026, 11, 20), shift="shift-night"
            ),
        ),
        (
            "E-2001 Vårdarbetet i praktiken 3 i går",
            RateCommand(
                "E-2001", (RateEntry("Vårdarbetet i praktiken", 3.0),), day=date(2026, 11, 21)
            ),
        ),
        (
            "K-1042 ångest 6 20/11",
            RateCommand("K-1042", (RateEntry("ångest", 6.0),), day=date(2026, 11, 20)),
        ),
        (
            "K-1042 ångest 6 2026-11-15",
            RateCommand("K-1042", (RateEntry("ångest", 6.0),), day=date(2026, 11, 15)),
        ),
        (
            "K-1042 anxiety 6 yesterday evening",
            RateCommand(
                "K-1042",
                (RateEntry("anxiety", 6.0),),
                day=date(2026, 11, 21),
                shift="shift-evening",
            ),
        ),
    ],
)
def test_rate_commands(args: str, expected: RateCommand) -> None:
    assert parse_rate(args, TODAY) == expected


@pytest.mark.parametrize(
    ("args", "key"),
    [
        ("K-1042 ångest", "ssd.rate.target_without_value"),
        ("K-1042 6", "ssd.rate.value_without_target"),
        ("K-1042 ångest 6 blaha", "ssd.rate.trailing_words"),
        ("K-1042 ångest 6 imorgon", "ssd.rate.day_future"),
        ("K-1042 ångest 6 i morgon", "ssd.rate.day_future"),
        ("K-1042 ångest 6 2026-11-14", "ssd.rate.day_too_old"),  # eight days back
        ("K-1042 ångest 6 2026-02-30", "ssd.rate.day_unknown"),
        ("K-10 ångest 6", "ssd.code.invalid"),
        ("K-123456 ångest 6", "ssd.code.invalid"),
    ],
)
def test_rate_mistakes_name_the_problem(args: str, key: str) -> None:
    with pytest.raises(UserInputError) as raised:
        parse_rate(args, TODAY)
    assert raised.value.key == key


@pytest.mark.parametrize(
    "args", ["19121212-1212 ångest 6", "K-1042 ångest 6 121212-1212", "K-1042 1212121212 6"]
)
def test_text_with_a_personnummer_is_refused_whole(args: str) -> None:
    with pytest.raises(UserInputError) as raised:
        parse_rate(args, TODAY)
    assert raised.value.key == "ssd.personnummer"
    with pytest.raises(UserInputError):
        parse_chart(args)


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (["idag"], TODAY),
        (["igår"], date(2026, 11, 21)),
        (["yesterday"], date(2026, 11, 21)),
        (["söndag"], TODAY),  # today is Sunday: the most recent Sunday is today
        (["måndag"], date(2026, 11, 16)),
        (["lördag"], date(2026, 11, 21)),
        (["15", "nov"], date(2026, 11, 15)),
        (["15/11"], date(2026, 11, 15)),
        (["ingenting"], None),
    ],
)
def test_rating_days_look_back_never_forward(words: list[str], expected: date | None) -> None:
    assert parse_rating_day(words, TODAY) == expected


def test_day_month_at_new_year_means_last_year() -> None:
    assert parse_rating_day(["31/12"], date(2027, 1, 3)) == date(2026, 12, 31)


@pytest.mark.parametrize(
    ("hour", "expected"),
    [
        (7, ("shift-day", 0)),
        (14, ("shift-day", 0)),
        (15, ("shift-evening", 0)),
        (21, ("shift-evening", 0)),
        (22, ("shift-night", 0)),
        (3, ("shift-night", 1)),  # the night shift began yesterday
    ],
)
def test_shift_at(hour: int, expected: tuple[str, int]) -> None:
    assert shift_at(hour) == expected


def test_chart_and_export_arguments() -> None:
    assert parse_chart("") == ChartCommand(code=None)
    assert parse_chart("k-1042 ångest") == ChartCommand("K-1042", "ångest")
    assert parse_chart("K-1042 Vårdarbetet i praktiken") == ChartCommand(
        "K-1042", "Vårdarbetet i praktiken"
    )
    assert parse_code_only(" K-1042 ") == "K-1042"
    assert parse_code_only("") is None
    with pytest.raises(UserInputError):
        parse_chart("Kalle")
    with pytest.raises(UserInputError):
        parse_code_only("<script>")


def test_new_commands() -> None:
    assert parse_new("klient K-1042").kind == "client"
    assert parse_new("mål K-1042").code == "K-1042"
    command = parse_new("fas K-1042 B 2026-11-01 DBT-färdighetsträning i grupp")
    assert (command.kind, command.code) == ("phase", "K-1042")
    phase = parse_phase_words(command.rest, TODAY)
    assert (phase.label, phase.start, phase.description) == (
        "B",
        date(2026, 11, 1),
        "DBT-färdighetsträning i grupp",
    )
    with pytest.raises(UserInputError) as raised:
        parse_new("möte K-1042")
    assert raised.value.key == "ssd.new.what"


def test_phase_words() -> None:
    phase = parse_phase_words(("DBT",), TODAY)
    assert (phase.label, phase.start, phase.description) == (None, TODAY, "DBT")
    assert parse_phase_words(("imorgon",), TODAY).start == date(2026, 11, 23)
    # "i" is a word, not phase I
    assert parse_phase_words(("i", "grupp"), TODAY).description == "i grupp"
    with pytest.raises(UserInputError) as raised:
        parse_phase_words(("2027-03-01",), TODAY)
    assert raised.value.key == "ssd.phase.starts_too_late"
    with pytest.raises(UserInputError) as raised:
        parse_phase_words(("C", "ring", "19121212-1212"), TODAY)
    assert raised.value.key == "ssd.personnummer"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ("K-1042", CloseCommand("K-1042", None, None)),  # ask first
        ("k-1042 ja", CloseCommand("K-1042", None, True)),
        ("K-1042 Ja!", CloseCommand("K-1042", None, True)),
        ("K-1042 yes", CloseCommand("K-1042", None, True)),
        ("K-1042 nej", CloseCommand("K-1042", None, False)),
        ("K-1042 kanske sen", CloseCommand("K-1042", None, False)),  # anything else keeps it
        ("mål K-1042 ångest", CloseCommand("K-1042", "ångest", None)),
        ("mål K-1042 ångest ja", CloseCommand("K-1042", "ångest", True)),
        ("mål K-1042 ångest nej", CloseCommand("K-1042", "ångest", False)),
        ("mål K-1042 ja", CloseCommand("K-1042", "ja", None)),  # a target may be called ja
        (
            "mål K-1042 Samverkan och kommunikation",
            CloseCommand("K-1042", "Samverkan och kommunikation", None),
        ),
        ("mål K-1042", None),
        ("", None),
    ],
)
def test_closing_is_asked_then_confirmed(args: str, expected: CloseCommand | None) -> None:
    assert parse_close(args) == expected


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ("K-1042", CloseCommand("K-1042", None)),
        ("mål K-1042 ångest", CloseCommand("K-1042", "ångest")),
        ("K-1042 ångest", None),
        ("", None),
    ],
)
def test_reopen_commands(args: str, expected: CloseCommand | None) -> None:
    assert parse_reopen(args) == expected


@pytest.mark.parametrize(
    "args",
    [
        "K-1042 1212121213",  # a value without a target
        "K-1042 ångest",
        "K-1042 850101-123X",  # a target without a value, or a personnummer mistyped
        "K-1042 ångest 6 850101-123X",  # words after the value
        "K-1042 ångest 6 1212121213",
    ],
)
def test_rate_refusals_do_not_carry_what_was_typed(args: str) -> None:
    with pytest.raises(UserInputError) as raised:
        parse_rate(args, TODAY)
    assert not any(word in repr(raised.value.params) for word in ("1212", "850101", "ångest"))
