"""The consent rules without a database: which decisions may follow which, what
stops sharing, and the words in Swedish and English."""

from __future__ import annotations

import pytest

from core.consent_model import (
    COORDINATION,
    GIVEN,
    PARTIES,
    PARTY_WORDS,
    REFUSED,
    RELATIVES,
    SCHOOL,
    STATE_WORDS,
    STATES,
    WITHDRAWN,
    check_change,
    missing_consent,
)
from core.contact_model import FK, KOMMUN
from core.errors import UserInputError


@pytest.mark.parametrize(
    ("current", "wanted", "refusal"),
    [
        (None, GIVEN, None),
        (None, REFUSED, None),
        (None, WITHDRAWN, "consent.withdraw.not_given"),
        (REFUSED, GIVEN, None),  # a refused consent can later be given
        (REFUSED, REFUSED, None),
        (REFUSED, WITHDRAWN, "consent.withdraw.not_given"),
        (GIVEN, GIVEN, None),  # renewed
        (GIVEN, REFUSED, "consent.refuse.given"),  # a given one is withdrawn, not refused
        (GIVEN, WITHDRAWN, None),
        (WITHDRAWN, GIVEN, None),
        (WITHDRAWN, REFUSED, None),
        (WITHDRAWN, WITHDRAWN, "consent.withdraw.not_given"),
    ],
)
def test_which_decision_may_follow_which(
    current: str | None, wanted: str, refusal: str | None
) -> None:
    if refusal is None:
        check_change(current, wanted, FK)
        return
    with pytest.raises(UserInputError) as refused:
        check_change(current, wanted, FK)
    assert (refused.value.key, refused.value.params) == (refusal, {"party": FK})


def test_coordination_comes_first_and_each_party_needs_its_own() -> None:
    assert missing_consent({}, []) == ()
    assert missing_consent({}, [FK, KOMMUN]) == (COORDINATION, FK, KOMMUN)
    assert missing_consent({FK: GIVEN}, [FK]) == (COORDINATION,)
    assert missing_consent({COORDINATION: GIVEN, FK: WITHDRAWN}, [FK]) == (FK,)
    assert missing_consent({COORDINATION: GIVEN, FK: GIVEN}, [FK]) == ()


def test_swedish_and_english_words_name_the_same_things() -> None:
    assert set(PARTY_WORDS.values()) == set(PARTIES)
    assert set(STATE_WORDS.values()) == set(STATES)
    pairs = [("skola", "school"), ("närstående", "relatives"), ("samordning", "coordination")]
    assert [(PARTY_WORDS[sv], PARTY_WORDS[en]) for sv, en in pairs] == [
        (SCHOOL, SCHOOL),
        (RELATIVES, RELATIVES),
        (COORDINATION, COORDINATION),
    ]
    assert [STATE_WORDS[w] for w in ("ja", "nej", "återkalla", "yes", "no", "withdraw")] == [
        GIVEN,
        REFUSED,
        WITHDRAWN,
        GIVEN,
        REFUSED,
        WITHDRAWN,
    ]
    assert all(word == word.casefold() for word in [*PARTY_WORDS, *STATE_WORDS])
