"""The translation catalog and choosing a language."""

from __future__ import annotations

import string

import pytest

from core.i18n import (
    CATALOG,
    DEFAULT_LANGUAGE,
    SUPPORTED,
    language_for,
    normalise_language,
    t,
    t_count,
)
from core.texts_meetings import TEXTS as MEETING_TEXTS
from core.texts_plan import TEXTS as PLAN_TEXTS


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_swedish_is_the_default() -> None:
    assert (DEFAULT_LANGUAGE, SUPPORTED) == ("sv", ("sv", "en"))


def test_every_key_has_a_non_empty_swedish_and_english_text() -> None:
    incomplete = sorted(
        key
        for key, entry in CATALOG.items()
        if set(entry) != set(SUPPORTED) or not all(text.strip() for text in entry.values())
    )
    assert incomplete == []


def test_both_languages_use_the_same_placeholders() -> None:
    mismatched = sorted(
        key
        for key, entry in CATALOG.items()
        if _placeholders(entry["sv"]) != _placeholders(entry["en"])
    )
    assert mismatched == []


def test_t_translates_then_formats() -> None:
    assert t("unknown.suggest", "sv", command="hjälp") == (
        "Jag förstod inte riktigt. Menade du **hjälp**? Skriv **hjälp** så ser du alla kommandon."
    )
    assert t("unknown.suggest", "en", command="help") == (
        "I didn't quite get that. Did you mean **help**? Type **help** for all commands."
    )


def test_values_are_not_formatted_twice() -> None:
    # A value that looks like a placeholder stays as typed.
    assert t("settings.saved", "en", language="{timezone}", timezone="UTC") == (
        "Saved. Language: {timezone}. Time zone: UTC."
    )


def test_t_without_values_returns_the_template() -> None:
    assert t("cancel.nothing", "sv") == "Det finns inget att avbryta just nu."
    assert t("cancel.nothing") == "Det finns inget att avbryta just nu."


def test_unsupported_language_falls_back_to_swedish() -> None:
    assert t("help.title", "de") == "Det här kan jag"


def test_missing_key_raises() -> None:
    with pytest.raises(KeyError, match=r"no\.such\.key"):
        t("no.such.key", "sv")


def test_missing_value_raises() -> None:
    with pytest.raises(KeyError):
        t("message.too_long", "sv", length=5000)


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("sv-SE", "sv"),
        ("sv", "sv"),
        ("en-US", "en"),
        ("en-GB", "en"),
        ("EN_gb", "en"),
        ("en", "en"),
        ("fi-FI", "sv"),
        ("de-DE", "sv"),
        ("", "sv"),
        (None, "sv"),
    ],
)
def test_normalise_language(locale: str | None, expected: str) -> None:
    assert normalise_language(locale) == expected


@pytest.mark.parametrize(
    ("locale", "preference", "expected"),
    [
        ("sv-SE", "en", "en"),
        ("en-US", "sv", "sv"),
        ("en-US", None, "en"),
        ("sv-SE", None, "sv"),
        (None, "en", "en"),
        ("en-US", "fr", "en"),
        ("en-US", "", "en"),
    ],
)
def test_language_for_lets_the_preference_win(
    locale: str | None, preference: str | None, expected: str
) -> None:
    assert language_for(locale, preference) == expected


@pytest.mark.parametrize(
    ("count", "sv", "en"),
    [
        (1, "1 åtgärd", "1 action item"),
        (2, "2 åtgärder", "2 action items"),
        (0, "0 åtgärder", "0 action items"),
    ],
)
def test_t_count_picks_the_form_the_number_needs(count: int, sv: str, en: str) -> None:
    assert t_count("plan.saved.actions", "sv", count) == sv
    assert t_count("plan.saved.actions", "en", count) == en


def test_t_count_says_nobody_where_the_catalog_has_a_zero_form() -> None:
    assert t_count("meeting.told", "sv", 0).startswith("Ingen har fått besked i Teams")
    assert t_count("meeting.told", "en", 1).startswith("1 participant was told")


def test_no_meeting_or_plan_text_counts_with_a_bare_number() -> None:
    """Every {count} in the meeting and plan texts sits in a .one/.other pair."""
    for key, entry in {**MEETING_TEXTS, **PLAN_TEXTS}.items():
        if "{count}" in entry["sv"] and key != "meeting.status.outside":
            assert key.rsplit(".", 1)[-1] in ("other", "zero"), key
            assert f"{key.rsplit('.', 1)[0]}.one" in CATALOG, key


def test_replies_say_klient_and_brukare_only_in_the_care_sense() -> None:
    """The rule at the top of core/texts_ssd_chat.py: `klient`, the command word, for
    the person as the bot knows them; "brukare" only for the person in care."""
    from core.i18n import CATALOG

    care_sense = {"welcome.body", "welcome.privacy", "meeting.summary.consent"}
    said = {key for key, entry in CATALOG.items() if "brukar" in entry.get("sv", "").casefold()}
    assert said <= care_sense


def test_samordnare_is_the_care_coordinator_and_the_unit_role_has_its_own_word() -> None:
    """`samordnare` / "care coordinator" is the client's own coordinator in the care
    team; the unit role is "verksamhetssamordnare" / "unit coordinator". No text mixes
    them up by calling the unit role a plain samordnare, or the other way round."""
    from core.i18n import CATALOG

    unit_role_as_samordnare = (
        "enhetens samordnare",
        "samordnare för enhet",
        "klientens samordnare",
    )
    mixed = {
        key
        for key, entry in CATALOG.items()
        if any(phrase in entry.get("sv", "").casefold() for phrase in unit_role_as_samordnare)
        or any(
            phrase in entry.get("en", "").casefold()
            for phrase in ("unit's coordinator", "client's coordinator", "coordinate several")
        )
    }
    assert mixed == set()
    assert CATALOG["role.coordinator"] == {"sv": "verksamhetssamordnare", "en": "unit coordinator"}
