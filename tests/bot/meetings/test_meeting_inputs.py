"""Typed answers to the booking summary: each phrase confirms one thing."""

from __future__ import annotations

from datetime import datetime

import pytest

from core.i18n import t
from dialogs.meeting_inputs import typed_summary_answer

FREE = ["2026-11-24T14:30:00+01:00"]


def _answer(text: str, lang: str = "sv") -> tuple[str, datetime | None]:
    words = {
        "book": t("meeting.book_words", lang),
        "clash": t("meeting.clash_words", lang),
        "consent": t("meeting.consent_words", lang),
    }
    return typed_summary_answer(text, FREE, words, lambda _text: "meeting.when.no_time")


@pytest.mark.parametrize(
    ("text", "choice"),
    [
        ("boka", "book"),
        ("Ja", "book"),
        ("boka ändå", "clash"),
        ("Boka ändå trots krocken", "clash"),
        ("samtycke finns", "consent"),
        ("Samtycke finns – boka", "consent"),
        ("hmm", "again"),
    ],
)
def test_each_phrase_confirms_one_thing(text: str, choice: str) -> None:
    assert _answer(text)[0] == choice


def test_a_number_is_a_free_time_not_a_yes() -> None:
    assert _answer("1") == ("retime", datetime.fromisoformat(FREE[0]))
    assert _answer("2") == ("again", None)


def test_english_words() -> None:
    assert _answer("book anyway", "en")[0] == "clash"
    assert _answer("consent exists", "en")[0] == "consent"
    assert _answer("book", "en")[0] == "book"
