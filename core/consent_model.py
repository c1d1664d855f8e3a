"""Samtycke: the client's consent to coordination and to sharing with each party
(pure code, no I/O).

The client first consents to coordination itself (samtycke till vård- och
stödsamordning / SIP, seed 003), then to information being shared with each
party: region, kommun, Försäkringskassan, Arbetsförmedlingen, samordningsförbund,
school, närstående (two separate parties, not one) or someone else.

Each decision is a row kept for good (who recorded what, when): consent is given
(lämnat), refused (nekat) or withdrawn (återkallat). Only a consent that is given
can be withdrawn; a refused one can later be given; a given one is withdrawn, not
refused.
"""

from __future__ import annotations

from collections.abc import Sequence

from core.contact_model import AF, FINSAM, FK, KOMMUN, OTHER, REGION
from core.errors import UserInputError
from core.text import guarded_line

COORDINATION, SCHOOL, RELATIVES = "coordination", "school", "relatives"
# In the order the card shows them: coordination first, then who may be told.
PARTIES = (COORDINATION, REGION, KOMMUN, FK, AF, FINSAM, SCHOOL, RELATIVES, OTHER)
SHARING_PARTIES = PARTIES[1:]

GIVEN, REFUSED, WITHDRAWN = "given", "refused", "withdrawn"
STATES = (GIVEN, REFUSED, WITHDRAWN)

MAX_FORM_REF = 120  # "blankett i journal 2026-11-03", not a document
HISTORY_SHOWN = 10  # decisions listed under the current state

# What staff type after the client code (Swedish and English, folded to lower case).
PARTY_WORDS: dict[str, str] = {
    "samordning": COORDINATION,
    "samordningen": COORDINATION,
    "sip": COORDINATION,
    "coordination": COORDINATION,
    "region": REGION,
    "regionen": REGION,
    "kommun": KOMMUN,
    "kommunen": KOMMUN,
    "municipality": KOMMUN,
    "fk": FK,
    "försäkringskassan": FK,
    "af": AF,
    "arbetsförmedlingen": AF,
    "finsam": FINSAM,
    "samordningsförbundet": FINSAM,
    "skola": SCHOOL,
    "skolan": SCHOOL,
    "school": SCHOOL,
    "närstående": RELATIVES,
    "anhörig": RELATIVES,
    "anhöriga": RELATIVES,
    "relatives": RELATIVES,
    "family": RELATIVES,
    "övrigt": OTHER,
    "övriga": OTHER,
    "other": OTHER,
}
STATE_WORDS: dict[str, str] = {
    "ja": GIVEN,
    "lämnat": GIVEN,
    "lämna": GIVEN,
    "givet": GIVEN,
    "yes": GIVEN,
    "given": GIVEN,
    "give": GIVEN,
    "nej": REFUSED,
    "nekat": REFUSED,
    "neka": REFUSED,
    "no": REFUSED,
    "refused": REFUSED,
    "refuse": REFUSED,
    "återkalla": WITHDRAWN,
    "återkallat": WITHDRAWN,
    "withdraw": WITHDRAWN,
    "withdrawn": WITHDRAWN,
}


def check_change(current: str | None, wanted: str, party: str) -> None:
    """Refuse a decision the current state does not allow, with the reason (the
    party's key goes along for the answer): withdrawing what is not given (never
    given, refused, or withdrawn already), refusing what is given (that is a
    withdrawal). Giving is always allowed, also after a refusal."""
    if wanted == WITHDRAWN and current != GIVEN:
        raise UserInputError("consent.withdraw.not_given", party=party)
    if wanted == REFUSED and current == GIVEN:
        raise UserInputError("consent.refuse.given", party=party)


def clean_form_ref(text: str) -> str:
    """The reference to the signed form: one line, bounded, never a personnummer."""
    return guarded_line(
        text, MAX_FORM_REF, too_long="consent.ref.too_long", personnummer="meeting.personnummer"
    )


def missing_consent(current: dict[str, str], parties: Sequence[str]) -> tuple[str, ...]:
    """What stops sharing with `parties` (current: party → state): coordination
    first when it is not given, then each party whose own consent is not given.
    Nothing is missing when no one is to be told."""
    if not parties:
        return ()
    lacking = tuple(p for p in parties if p != COORDINATION and current.get(p) != GIVEN)
    return ((COORDINATION,) if current.get(COORDINATION) != GIVEN else ()) + lacking
