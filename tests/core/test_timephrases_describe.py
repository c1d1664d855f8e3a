"""describe_when, examples, and the texts behind every reason key."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.i18n import CATALOG, SUPPORTED, t
from core.timephrases import (
    Ambiguous,
    NotUnderstood,
    OneTime,
    Recurring,
    describe_when,
    examples,
    parse_when,
)

STOCKHOLM = ZoneInfo("Europe/Stockholm")
HELSINKI = ZoneInfo("Europe/Helsinki")
SUNDAY = datetime(2026, 11, 22, 9, 0, tzinfo=STOCKHOLM)


def _parsed(phrase: str) -> OneTime | Recurring:
    parsed = parse_when(phrase, now=SUNDAY, tz=STOCKHOLM)
    assert isinstance(parsed, OneTime | Recurring), parsed
    return parsed


@pytest.mark.parametrize(
    ("phrase", "sv", "en"),
    [
        (
            "imorgon kl 9",
            "måndag 2026-11-23 kl 09:00 (Europe/Stockholm)",
            "Monday 2026-11-23 at 09:00 (Europe/Stockholm)",
        ),
        (  # the daytime reading of "halv tre" shows on the 24-hour clock
            "halv tre",
            "söndag 2026-11-22 kl 14:30 (Europe/Stockholm)",
            "Sunday 2026-11-22 at 14:30 (Europe/Stockholm)",
        ),
        (
            "varje vardag 07.45",
            "varje vardag kl 07:45, första gången måndag 2026-11-23 kl 07:45 (Europe/Stockholm)",
            "every weekday at 07:45, first on Monday 2026-11-23 at 07:45 (Europe/Stockholm)",
        ),
        (
            "varannan tisdag 10",
            "varannan tisdag kl 10:00, första gången tisdag 2026-11-24 kl 10:00 (Europe/Stockholm)",
            "every other Tuesday at 10:00, first on Tuesday 2026-11-24 at 10:00 (Europe/Stockholm)",
        ),
        (
            "första måndagen i månaden kl 9",
            "första måndagen i månaden kl 09:00, första gången måndag 2026-12-07 kl 09:00 "
            "(Europe/Stockholm)",
            "the first Monday of the month at 09:00, first on Monday 2026-12-07 at 09:00 "
            "(Europe/Stockholm)",
        ),
        (
            "sista fredagen i månaden",
            "sista fredagen i månaden kl 08:00, första gången fredag 2026-11-27 kl 08:00 "
            "(Europe/Stockholm)",
            "the last Friday of the month at 08:00, first on Friday 2026-11-27 at 08:00 "
            "(Europe/Stockholm)",
        ),
        (
            "den 1:a varje månad",
            "den 1:a varje månad kl 08:00, första gången tisdag 2026-12-01 kl 08:00 "
            "(Europe/Stockholm)",
            "on the 1st of every month at 08:00, first on Tuesday 2026-12-01 at 08:00 "
            "(Europe/Stockholm)",
        ),
        (
            "varje måndag, onsdag och fredag kl 10",
            "varje måndag, onsdag och fredag kl 10:00, första gången måndag 2026-11-23 kl 10:00 "
            "(Europe/Stockholm)",
            "every Monday, Wednesday and Friday at 10:00, first on Monday 2026-11-23 at 10:00 "
            "(Europe/Stockholm)",
        ),
        (
            "varje dag kl 8",
            "varje dag kl 08:00, första gången måndag 2026-11-23 kl 08:00 (Europe/Stockholm)",
            "every day at 08:00, first on Monday 2026-11-23 at 08:00 (Europe/Stockholm)",
        ),
        (
            "sista dagen i månaden",
            "sista dagen i månaden kl 08:00, första gången måndag 2026-11-30 kl 08:00 "
            "(Europe/Stockholm)",
            "on the last day of the month at 08:00, first on Monday 2026-11-30 at 08:00 "
            "(Europe/Stockholm)",
        ),
    ],
)
def test_describe_in_swedish_and_english(phrase: str, sv: str, en: str) -> None:
    parsed = _parsed(phrase)

    assert describe_when(parsed, tz=STOCKHOLM, lang="sv") == sv
    assert describe_when(parsed, tz=STOCKHOLM, lang="en") == en


def test_describe_shows_the_time_in_the_zone_it_is_given() -> None:
    at = OneTime(datetime(2026, 11, 23, 8, 0, tzinfo=UTC))

    assert (
        describe_when(at, tz=HELSINKI, lang="sv") == "måndag 2026-11-23 kl 10:00 (Europe/Helsinki)"
    )


@pytest.mark.parametrize(
    ("monthday", "sv", "en"),
    [(2, "2:a", "2nd"), (3, "3:e", "3rd"), (11, "11:e", "11th"), (12, "12:e", "12th"),
     (21, "21:a", "21st"), (22, "22:a", "22nd"), (23, "23:e", "23rd"), (31, "31:a", "31st")],
)  # fmt: skip
def test_day_of_month_ordinals(monthday: int, sv: str, en: str) -> None:
    rule = f"FREQ=MONTHLY;BYMONTHDAY={monthday};BYHOUR=8;BYMINUTE=0;BYSECOND=0"
    first = datetime(2026, 12, monthday, 8, 0, tzinfo=STOCKHOLM)
    recurring = Recurring(rule, datetime(2026, 11, 22, 8, 0), first)

    assert describe_when(recurring, tz=STOCKHOLM, lang="sv").startswith(f"den {sv} varje månad")
    assert describe_when(recurring, tz=STOCKHOLM, lang="en").startswith(f"on the {en} of every")


def test_a_rule_it_has_no_words_for_is_shown_as_it_is() -> None:
    rule = "FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=6;BYHOUR=8;BYMINUTE=0;BYSECOND=0"
    first = datetime(2027, 6, 6, 8, 0, tzinfo=STOCKHOLM)

    described = describe_when(
        Recurring(rule, datetime(2026, 11, 22, 8, 0), first), tz=STOCKHOLM, lang="sv"
    )

    assert described == (
        f"enligt regeln {rule} kl 08:00, första gången söndag 2027-06-06 kl 08:00 "
        "(Europe/Stockholm)"
    )


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize(
    "now", [SUNDAY, datetime(2026, 12, 30, 23, 30, tzinfo=STOCKHOLM)], ids=["sunday", "new-year"]
)
def test_every_example_parses(lang: str, now: datetime) -> None:
    parsed = [parse_when(phrase, now=now, tz=STOCKHOLM) for phrase in examples(lang)]

    assert len(parsed) >= 4
    assert [type(item) in (OneTime, Recurring) for item in parsed] == [True] * len(parsed)


def test_examples_fall_back_to_swedish() -> None:
    assert examples("de") == examples("sv")
    assert examples("sv") != examples("en")


def test_the_ask_back_message() -> None:
    ask = (
        t("when.unknown", "sv") + " " + t("when.ask_back", "sv", examples=", ".join(examples("sv")))
    )

    assert ask == (
        "Jag förstod inte när. Skriv t.ex. imorgon kl 9, på fredag kl 14, om 2 timmar, "
        "3/12 kl 13, varje vardag kl 8."
    )


REASONS = [
    "when.unknown",
    "when.in_past",
    "when.no_such_date",
    "when.bad_clock",
    "when.need_time",
    "when.weekday_mismatch",
    "when.ambiguous_hour",
    "reminder.no_text",
    "reminder.no_time",
]


@pytest.mark.parametrize("reason", REASONS)
def test_every_reason_has_a_text_in_both_languages(reason: str) -> None:
    assert sorted(CATALOG[reason]) == sorted(SUPPORTED)
    assert t(reason, "sv") != t(reason, "en")


# Phrases built from time words in any order: whatever comes back must be well formed.
_WORDS = st.sampled_from([
    "imorgon", "idag", "kl", "klockan", "3", "9", "14", "15:00", "2.30", "03:00", "halv",
    "kvart", "över", "i", "om", "två", "en", "20", "min", "timmar", "dagar", "vecka", "fredag",
    "nästa", "tisdag", "v", "49", "december", "3/12", "den", "1:a", "31/4", "varje", "vardag",
    "varannan", "måndag", "och", "första", "sista", "månaden", "natt", "ikväll", "morgon",
    "tomorrow", "at", "pm", "in", "every", "other", "of", "the", "month", "2026-12-03",
    "2026-01-01", "29", "februari",
])  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(words=st.lists(_WORDS, min_size=1, max_size=6), minutes=st.integers(0, 60 * 24 * 365))
def test_any_phrase_gives_a_well_formed_answer(words: list[str], minutes: int) -> None:
    now = datetime(2026, 1, 1, tzinfo=STOCKHOLM) + timedelta(minutes=minutes)
    parsed = parse_when(" ".join(words), now=now, tz=STOCKHOLM)

    if isinstance(parsed, OneTime):
        assert (parsed.at > now, parsed.at.tzinfo) == (True, STOCKHOLM)
    elif isinstance(parsed, Recurring):
        assert (parsed.first > now, parsed.dtstart_local.tzinfo) == (True, None)
    elif isinstance(parsed, Ambiguous):
        assert [at > now for at in parsed.candidates] == [True, True]
    else:
        assert isinstance(parsed, NotUnderstood)
        assert parsed.reason in CATALOG
