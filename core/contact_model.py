"""The who-does-what directory's entries and their rules (pure, no I/O).

An entry is a person ("Anna Berg, kurator") or a function ("Mottagning psykiatri
öppenvård, Lindesberg"). `ContactDraft` is what an import row, an admin's card or
the demo generator produces; `validate_draft` turns it into a clean draft or a list
of problems, each a translation key with parameters so the import report and the
chat answer say the same thing in Swedish or English.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from core.commands import fold
from core.ssd_model import looks_like_personnummer

PERSON, FUNCTION = "person", "function"
KINDS = (PERSON, FUNCTION)

# Agency kinds, for the `org:` filter and the card's badge.
REGION, KOMMUN, FK, AF, FINSAM, OTHER = (
    "region",
    "kommun",
    "fk",
    "af",
    "samordningsforbund",
    "other",
)
AGENCY_KINDS = (REGION, KOMMUN, FK, AF, FINSAM, OTHER)

MAX_NAME = 200
MAX_FIELD = 200
MAX_HELPS_WITH = 500
MAX_AREA = 60
MAX_AREAS = 20
MAX_HOURS = 100
MAX_EMAIL = 254

_EMAIL = re.compile(r"^[^@\s;,<>\"]+@[^@\s;,<>\"]+\.[a-z]{2,}$")
_PHONE_CHARS = re.compile(r"^\+?[\d\s\-()/.]+$")


@dataclass(frozen=True)
class ContactDraft:
    """One directory entry as typed or imported, before it has an id."""

    name: str
    title: str = ""
    agency: str = ""
    unit: str = ""
    municipality: str = ""
    areas: tuple[str, ...] = ()
    helps_with: str = ""
    phone: str = ""
    email: str = ""
    teams_upn: str = ""
    hours: str = ""
    owner_email: str = ""
    kind: str = PERSON


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a draft: the field, a translation key and its parameters."""

    field: str
    key: str
    params: dict[str, Any] = field(default_factory=dict)


def agency_kind(agency: str) -> str:
    """Which kind of organisation a name belongs to: 'Region Örebro län' -> 'region'."""
    folded = fold(agency)
    if "forsakringskassan" in folded:
        return FK
    if "arbetsformedlingen" in folded:
        return AF
    if "samordningsforbund" in folded or "finsam" in folded:
        return FINSAM
    if folded.startswith("region") or " region" in folded or "landsting" in folded:
        return REGION
    if "kommun" in folded:
        return KOMMUN
    return OTHER


def entry_key(draft: ContactDraft) -> str:
    """What makes a re-imported row the same entry: its e-mail, or for an entry
    without one (a function) its name and agency."""
    if draft.email:
        return "email:" + draft.email.casefold()
    return "name:" + " ".join(fold(draft.name).split()) + "|" + " ".join(fold(draft.agency).split())


def tel_uri(phone: str) -> str | None:
    """A `tel:` URI for a Swedish or international number: '019-602 10 00' ->
    'tel:+46196021000'. None when the text is not a phone number."""
    if not phone or not _PHONE_CHARS.match(phone.strip()):
        return None
    digits = re.sub(r"\D", "", phone)
    if phone.strip().startswith("+"):
        number = "+" + digits
    elif digits.startswith("00"):
        number = "+" + digits[2:]
    elif digits.startswith("0"):
        number = "+46" + digits[1:]
    else:
        return None
    if not 8 <= len(number) - 1 <= 15:
        return None
    return "tel:" + number


# Areas come from a short list of tags repeated over thousands of entries: an import
# of 100,000 rows folded the same few hundred words 700,000 times.
_area_key = lru_cache(maxsize=4096)(fold)


def split_areas(text: str) -> tuple[str, ...]:
    """'LSS; boendestöd ;lss' -> ('LSS', 'boendestöd'): trimmed, no blanks, no repeats."""
    seen: set[str] = set()
    areas: list[str] = []
    for part in text.split(";"):
        area = " ".join(part.split())
        key = _area_key(area)
        if area and key not in seen:
            seen.add(key)
            areas.append(area)
    return tuple(areas)


def _clean(text: str) -> str:
    return " ".join((text or "").split())


def validate_draft(draft: ContactDraft) -> tuple[ContactDraft, list[Problem]]:
    """The draft with whitespace tidied and e-mails lower-cased, and every problem.

    The draft is only usable when the list is empty. Every free-text field is
    refused if it holds what looks like a personnummer (the phone is checked as a
    phone number instead: a 10-digit Swedish number would look like one).
    """
    problems: list[Problem] = []
    areas = tuple(_clean(a) for a in draft.areas if _clean(a))
    clean = replace(
        draft,
        name=_clean(draft.name),
        title=_clean(draft.title),
        agency=_clean(draft.agency),
        unit=_clean(draft.unit),
        municipality=_clean(draft.municipality),
        areas=split_areas(";".join(areas)),
        helps_with=_clean(draft.helps_with),
        phone=_clean(draft.phone),
        email=_clean(draft.email).casefold(),
        teams_upn=_clean(draft.teams_upn).casefold(),
        hours=_clean(draft.hours),
        owner_email=_clean(draft.owner_email).casefold(),
        kind=_clean(draft.kind).casefold() or PERSON,
    )
    if not clean.name:
        problems.append(Problem("name", "contact.name.missing"))
    if not clean.agency:
        problems.append(Problem("agency", "contact.agency.missing"))
    limits = {
        "name": MAX_NAME,
        "title": MAX_FIELD,
        "agency": MAX_FIELD,
        "unit": MAX_FIELD,
        "municipality": MAX_FIELD,
        "helps_with": MAX_HELPS_WITH,
        "hours": MAX_HOURS,
    }
    for name, limit in limits.items():
        value = getattr(clean, name)
        if len(value) > limit:
            problems.append(Problem(name, "contact.too_long", {"field": name, "limit": limit}))
        elif looks_like_personnummer(value):
            problems.append(Problem(name, "contact.personnummer", {"field": name}))
    if len(clean.areas) > MAX_AREAS:
        problems.append(Problem("areas", "contact.areas.too_many", {"limit": MAX_AREAS}))
    for area in clean.areas:
        if len(area) > MAX_AREA:
            problems.append(Problem("areas", "contact.area.too_long", {"limit": MAX_AREA}))
            break
        if looks_like_personnummer(area):
            problems.append(Problem("areas", "contact.personnummer", {"field": "areas"}))
            break
    for name in ("email", "teams_upn", "owner_email"):
        value = getattr(clean, name)
        if value and (len(value) > MAX_EMAIL or not _EMAIL.match(value)):
            problems.append(Problem(name, "contact.email.invalid", {"field": name}))
    if clean.phone and tel_uri(clean.phone) is None:
        problems.append(Problem("phone", "contact.phone.invalid"))
    if not (clean.phone or clean.email or clean.teams_upn):
        problems.append(Problem("phone", "contact.unreachable"))
    if clean.kind not in KINDS:
        problems.append(Problem("kind", "contact.kind.invalid"))
    if not clean.owner_email and clean.email:
        clean = replace(clean, owner_email=clean.email)
    return clean, problems
