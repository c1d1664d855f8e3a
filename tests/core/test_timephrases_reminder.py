"""parse_reminder: who, when and what from the words after "påminn"/"remind"."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from core.timephrases import (
    Ambiguous,
    NotUnderstood,
    OneTime,
    ParsedWhen,
    Recurring,
    ReminderRequest,
    parse_reminder,
)

STOCKHOLM = ZoneInfo("Europe/Stockholm")
SUNDAY = datetime(2026, 11, 22, 9, 0, tzinfo=STOCKHOLM)

TOMORROW_9 = "2026-11-23T09:00+01:00"


def _when(parsed: ParsedWhen) -> str:
    if isinstance(parsed, OneTime):
        return parsed.at.isoformat(timespec="minutes")
    if isinstance(parsed, Recurring):
        return f"{parsed.rule} from {parsed.first.isoformat(timespec='minutes')}"
    if isinstance(parsed, Ambiguous):
        return "amb " + " | ".join(at.isoformat(timespec="minutes") for at in parsed.candidates)
    return f"no {parsed.reason}"


@pytest.mark.parametrize(
    ("args", "target", "when", "what"),
    [
        ("mig imorgon kl 9 att ringa FK om K-1042", "me", TOMORROW_9, "ringa FK om K-1042"),
        ("mig att ringa FK imorgon kl 9", "me", TOMORROW_9, "ringa FK"),
        ("mig att ringa FK om K-1042 imorgon kl 9", "me", TOMORROW_9, "ringa FK om K-1042"),
        ("Mig imorgon kl 9: ringa FK", "me", TOMORROW_9, "ringa FK"),
        ("imorgon kl 9 att ringa FK", "me", TOMORROW_9, "ringa FK"),
        ("mig om mötet imorgon kl 9", "me", TOMORROW_9, "mötet"),
        ("mig om 2 timmar att ta rast", "me", "2026-11-22T11:00+01:00", "ta rast"),
        ("mig om 1,5 timme att ta rast", "me", "2026-11-22T10:30+01:00", "ta rast"),
        (
            "mig att ta 1,5 tabletter om 2 timmar",
            "me",
            "2026-11-22T11:00+01:00",
            "ta 1,5 tabletter",
        ),
        ("mig att ta 2 tabletter imorgon", "me", "2026-11-23T08:00+01:00", "ta 2 tabletter"),
        (
            "teamet på fredag kl 10 att lämna rapporten",
            "team",
            "2026-11-27T10:00+01:00",
            "lämna rapporten",
        ),
        (
            "@Anna Berg nästa tisdag 9.30 att boka tolk",
            "Anna Berg",
            "2026-11-24T09:30+01:00",
            "boka tolk",
        ),
        (
            "@Anna Berg att boka tolk nästa tisdag 9.30",
            "Anna Berg",
            "2026-11-24T09:30+01:00",
            "boka tolk",
        ),
        ("@Anna: imorgon kl 9 att ringa", "Anna", TOMORROW_9, "ringa"),
        ("me tomorrow at 9 to call FK", "me", TOMORROW_9, "call FK"),
        (
            "mig den 24/12 kl 10 att köpa julklappar",
            "me",
            "2026-12-24T10:00+01:00",
            "köpa julklappar",
        ),
        ("me to call FK tomorrow at 9", "me", TOMORROW_9, "call FK"),
        ("me to talk to Anna in 2 hours", "me", "2026-11-22T11:00+01:00", "talk to Anna"),
        (
            "the team on friday at 10 to send the report",
            "team",
            "2026-11-27T10:00+01:00",
            "send the report",
        ),
        (
            "mig varje vardag kl 8 att skatta K-1042",
            "me",
            "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=8;BYMINUTE=0;BYSECOND=0"
            " from 2026-11-23T08:00+01:00",
            "skatta K-1042",
        ),
        # A time that reads as one but cannot be: kept, so the bot can say why
        ("mig idag kl 7 att ringa", "me", "no when.in_past", "ringa"),
        ("mig 30 februari att ringa", "me", "no when.no_such_date", "ringa"),
        ("mig imorgon kl 25 att ringa", "me", "no when.bad_clock", "ringa"),
        ("mig nästa vecka att ringa FK", "me", "2026-11-23T08:00+01:00", "ringa FK"),
        ("mig att ringa FK nästa vecka", "me", "2026-11-23T08:00+01:00", "ringa FK"),
        ("mig att ringa imorgon kl 10:75", "me", "no when.bad_clock", "ringa"),
        (
            "mig kl 3 att ringa",
            "me",
            "amb 2026-11-23T03:00+01:00 | 2026-11-22T15:00+01:00",
            "ringa",
        ),
    ],
)
def test_who_when_and_what(args: str, target: str, when: str, what: str) -> None:
    parsed = parse_reminder(args, now=SUNDAY, tz=STOCKHOLM)

    assert isinstance(parsed, ReminderRequest)
    assert (parsed.target, _when(parsed.when), parsed.what) == (target, when, what)


@pytest.mark.parametrize(
    "args",
    [
        "Anna nästa tisdag 9.30 att boka tolk",
        "Anna Berg nästa tisdag 9.30 att boka tolk",
        "Anna att boka tolk nästa tisdag",
        "Anna, imorgon kl 9: boka tolk",
        "Anna imorgon kl 9",
        "Anna om mötet imorgon",
        "anna imorgon kl 9 att boka tolk",
        "anna att boka tolk",
        "Anna-Karin Lind om 2 timmar att ringa",
        "Anna tomorrow at 9 to book an interpreter",
    ],
)
def test_a_name_without_an_at_mention_addresses_nobody(args: str) -> None:
    """Only a real @mention names someone else; a plain name is "" (the bot explains)."""
    assert parse_reminder(args, now=SUNDAY, tz=STOCKHOLM).target == ""


@pytest.mark.parametrize(
    ("args", "what"),
    [
        ("mig imorgon att ringa Anna", "ringa Anna"),
        ("imorgon kl 9 att ringa Anna", "ringa Anna"),
        ("att ringa Anna imorgon kl 9", "ringa Anna"),
        ("om mötet med Anna imorgon kl 9", "mötet med Anna"),
        ("ringa FK imorgon kl 9", "ringa FK"),
        ("Ringa FK imorgon kl 9", "Ringa FK"),
        ("handledning imorgon kl 9", "handledning"),
        ("handledning om 2 timmar", "handledning"),
        ("Imorgon kl 9 att ringa Anna", "ringa Anna"),
        ("K-1042 skattning imorgon kl 9", "K-1042 skattning"),
        ("me tomorrow at 9 to call Anna", "call Anna"),
    ],
)
def test_a_name_in_the_text_is_fine(args: str, what: str) -> None:
    parsed = parse_reminder(args, now=SUNDAY, tz=STOCKHOLM)

    assert (parsed.target, parsed.what) == ("me", what)


@pytest.mark.parametrize(
    ("args", "target", "has_time", "what"),
    [
        ("mig imorgon kl 9", "me", True, ""),
        ("mig imorgon kl 9 att", "me", True, ""),
        ("mig", "me", False, ""),
        ("", "me", False, ""),
        ("mig att ringa FK", "me", False, "ringa FK"),
        ("mig att ringa FK imorgn", "me", False, "ringa FK imorgn"),
        ("mig att ringa anknytning 9", "me", False, "ringa anknytning 9"),
        ("teamet att lämna rapporten", "team", False, "lämna rapporten"),
        ("me to call FK", "me", False, "call FK"),
    ],
)
def test_missing_text_or_time_is_marked_and_the_rest_kept(
    args: str, target: str, has_time: bool, what: str
) -> None:
    parsed = parse_reminder(args, now=SUNDAY, tz=STOCKHOLM)

    assert (parsed.target, parsed.what) == (target, what)
    if has_time:
        assert isinstance(parsed.when, OneTime)
    else:
        assert parsed.when == NotUnderstood("reminder.no_time")
