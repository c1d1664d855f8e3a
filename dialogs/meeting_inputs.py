"""What the booking dialog reads from the user, turned into participants and times:
names matched against the care team, then the who-does-what directory, then
taken as typed (name and e-mail); card submits (date and time pickers, team
toggles, role choices) read back. No SQL here: the services do the looking up.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from core.commands import fold
from core.meeting_model import FROM_DIRECTORY, FROM_TYPED, default_role
from core.meeting_request import (
    agency_kind_for_email,
    parse_person,
    picked_datetime,
    split_names,
)
from storage.directory_service import DirectoryService
from storage.meeting_records import MeetingDraft, ParticipantDraft


async def resolve_names(
    names: Sequence[str],
    team: Sequence[ParticipantDraft],
    directory: DirectoryService | None,
) -> list[ParticipantDraft]:
    """Each name as a participant; raises UserInputError for a bad e-mail or a
    personnummer. A name that matches a care-team member is that member; else the
    directory's best hit when its name is the one typed; else the typed person."""
    people: list[ParticipantDraft] = []
    for name in names:
        person = parse_person(name)
        wanted = fold(person.name)
        member = next(
            (
                m
                for m in team
                if fold(m.name) == wanted or (person.email and m.email == person.email)
            ),
            None,
        )
        if member is None and person.email is None:
            member = next((m for m in team if fold(m.name).startswith(wanted + " ")), None)
        if member is not None:
            people.append(member)
            continue
        if directory is not None and person.email is None:
            found = await directory.search(person.name, page_size=3)
            hit = next((h for h in found.hits if fold(h.name) == wanted and h.email), None)
            if hit is not None:
                people.append(
                    ParticipantDraft(
                        name=hit.name,
                        email=hit.email.lower(),
                        agency=hit.agency,
                        agency_kind=hit.agency_kind,
                        role=default_role(hit.agency_kind),
                        source=FROM_DIRECTORY,
                    )
                )
                continue
        kind = agency_kind_for_email(person.email)
        people.append(
            ParticipantDraft(
                name=person.name,
                email=person.email,
                agency="",
                agency_kind=kind,
                role=default_role(kind),
                source=FROM_TYPED,
            )
        )
    return unique(people)


def unique(people: Sequence[ParticipantDraft]) -> list[ParticipantDraft]:
    seen: set[str] = set()
    kept = []
    for person in people:
        if person.key not in seen:
            seen.add(person.key)
            kept.append(person)
    return kept


def picked_team(value: dict[str, Any], team: Sequence[ParticipantDraft]) -> list[ParticipantDraft]:
    """The care-team members ticked in the participants card."""
    return [m for i, m in enumerate(team) if str(value.get(f"p{i}", "")).lower() == "true"]


def typed_names(value: dict[str, Any]) -> tuple[str, ...]:
    others = value.get("others")
    return split_names(others[:2000]) if isinstance(others, str) else ()


def picked_slot(value: Mapping[str, Any]) -> datetime | None:
    """The free time pressed on a clash card ({"choice": "slot", "start": ISO time with
    its offset}), or None when the submit carries no such time (forged or broken)."""
    start = value.get("start")
    if not isinstance(start, str):
        return None
    try:
        picked = datetime.fromisoformat(start)
    except ValueError:
        return None
    return picked if picked.tzinfo is not None else None


def typed_clash_answer(
    text: str,
    suggestions: Sequence[str],
    yes_words: str,
    read_time: Callable[[str], datetime | str],
) -> tuple[str, datetime | None]:
    """A typed answer to a card that showed clashes and numbered free times:
    ("retime", start) for a suggestion's number or a readable time, ("yes", None)
    for one of the "|"-separated yes words, ("again", None) for anything else."""
    text = " ".join(text.split())
    if text.isdigit() and 1 <= int(text) <= len(suggestions):
        return "retime", datetime.fromisoformat(suggestions[int(text) - 1])
    if said(text, yes_words):
        return "yes", None
    answer = read_time(text)
    return ("retime", answer) if isinstance(answer, datetime) else ("again", None)


def said(text: str, words: str) -> bool:
    """Whether the text is one of the "|"-separated words, whatever its case,
    accents, dashes and commas ("Samtycke finns – boka" = "samtycke finns boka")."""

    def plain(phrase: str) -> str:
        return " ".join(fold(phrase).replace("–", " ").replace("-", " ").replace(",", " ").split())

    return plain(text) in [plain(word) for word in words.split("|")]


def typed_summary_answer(
    text: str,
    suggestions: Sequence[str],
    words: Mapping[str, str],
    read_time: Callable[[str], datetime | str],
) -> tuple[str, datetime | None]:
    """A typed answer to the booking summary. Each phrase confirms one thing:
    ("clash", None) for words["clash"] (book over the clash), ("consent", None)
    for words["consent"] (consent exists), ("book", None) for a plain yes in
    words["book"]; else a free time or another time ("retime", start), or
    ("again", None)."""
    for choice in ("clash", "consent"):
        if said(text, words[choice]):
            return choice, None
    choice, start = typed_clash_answer(text, suggestions, words["book"], read_time)
    return ("book" if choice == "yes" else choice), start


def picked_time(value: dict[str, Any], tz: ZoneInfo) -> datetime | None:
    """The when card's date and time pickers, as an aware local time."""
    return picked_datetime(value.get("meeting_date"), value.get("meeting_time"), tz)


def with_roles(draft: MeetingDraft, value: dict[str, Any]) -> MeetingDraft:
    """The summary card's kallad/inbjuden choices applied to the participants."""
    people = tuple(
        ParticipantDraft(**{**p.to_state(), "role": value.get(f"role{i}", p.role)})
        if value.get(f"role{i}") in ("kallad", "inbjuden")
        else p
        for i, p in enumerate(draft.participants)
    )
    return MeetingDraft(**{**draft.__dict__, "participants": people})


# Dialog state is stored between turns as JSON: drafts travel as plain dicts.
def draft_to_state(draft: MeetingDraft) -> dict[str, Any]:
    return {
        **{k: v for k, v in draft.__dict__.items() if k not in ("start", "participants")},
        "start": draft.start.isoformat(),
        "questions": list(draft.questions),
        "participants": [p.to_state() for p in draft.participants],
    }


def draft_from_state(data: dict[str, Any]) -> MeetingDraft:
    return MeetingDraft(
        **{
            **data,
            "start": datetime.fromisoformat(data["start"]),
            "questions": tuple(data.get("questions") or ()),
            "participants": tuple(ParticipantDraft.from_state(p) for p in data["participants"]),
        }
    )
