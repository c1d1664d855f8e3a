"""For 100 random inputs holding a personnummer, in every command and at dialog
questions, no reply repeats the number (in any of its written forms)."""

from __future__ import annotations

import json
import random
import re
from datetime import date, timedelta

import pytest

from bot.services import Services
from core.personnummer import contains_personnummer
from tests.bot.conftest import Chat

# Where a client code, a number, a name or free text is expected. {p} is the number.
TEMPLATES = (
    "möte {p}",
    "samtycke {p}",
    "samtycke {p} fk ja",
    "uppföljning {p}",
    "boka {p}",
    "graf {p}",
    "exportera {p}",
    "klient {p}",
    "team {p}",
    "avsluta {p}",
    "skatta {p}",
    "skatta K-1001 ångest {p}",
    "skatta K-1001 {p} 6",
    "ny klient {p}",
    "vem {p}",
    "flytta {p}",
    "påminn mig imorgon kl 9 att ringa {p}",
    "påminn {p} imorgon kl 9",
    "{p}",
    "hjälp {p}",
)
# Dialog questions reached first, then the number typed as the answer.
QUESTIONS = (
    ["boka"],
    ["boka K-1001"],
    ["boka K-1001", "Planera"],
    ["påminn mig imorgon kl 9"],
    ["påminn mig att ringa FK"],
    ["inställningar"],
)


def _luhn_digit(nine: str) -> int:
    total = 0
    for i, ch in enumerate(nine):
        doubled = int(ch) * (2 if i % 2 == 0 else 1)
        total += doubled // 10 + doubled % 10
    return (10 - total % 10) % 10


def _personnummer(rng: random.Random) -> str:
    born = date(1930, 1, 1) + timedelta(days=rng.randrange(0, 365 * 90))
    day = born.day + (60 if rng.random() < 0.2 else 0)  # samordningsnummer
    nine = f"{born:%y%m}{day:02d}{rng.randrange(0, 1000):03d}"
    ten = nine + str(_luhn_digit(nine))
    style = rng.choice(("short-dash", "long-dash", "short", "long", "plus-space"))
    century = str(born.year)[:2]
    return {
        "short-dash": f"{ten[:6]}-{ten[6:]}",
        "long-dash": f"{century}{ten[:6]}-{ten[6:]}",
        "short": ten,
        "long": century + ten,
        "plus-space": f"{ten[:6]} {ten[6:]}",
    }[style]


def _cases() -> list[tuple[list[str], str]]:
    rng = random.Random(20261207)
    cases: list[tuple[list[str], str]] = []
    for _ in range(100):
        number = _personnummer(rng)
        if rng.random() < 0.7:
            cases.append(([], rng.choice(TEMPLATES).format(p=number)))
        else:
            cases.append((rng.choice(QUESTIONS), number))
    return cases


CASES = _cases()


def test_the_cases_hold_real_personnummer() -> None:
    assert len(CASES) == 100
    assert all(contains_personnummer(text) for _, text in CASES)


def _digits_shown(reply_text: str, typed: str) -> bool:
    """Whether the reply holds eight or more of the number's ten digits in a row, in
    any spacing: a whole or partial echo (the old rating card echoed part of one)."""
    digits = re.sub(r"\D", "", typed)[-10:]
    flat = re.sub(r"[\s\-+]", "", reply_text)
    return any(digits[i : i + 8] in flat for i in range(3))


@pytest.mark.parametrize(("before", "typed"), CASES, ids=[f"case{i}" for i in range(100)])
async def test_no_reply_repeats_a_personnummer(
    demo: Services, before: list[str], typed: str
) -> None:
    chat = Chat(demo, user_id="29:user-anna")
    await chat.send("hej")
    for step in before:
        await chat.send(step)
    replies = await chat.send(typed)
    assert replies, "the bot answered nothing"
    for reply in replies:
        shown = json.dumps(reply.serialize(), ensure_ascii=False)
        assert not _digits_shown(shown, typed), shown[:400]


# Card submits can be forged: every field of every action's value holds the number.
PNR = "19121212-1212"
SUBMITS = (
    [("ssd_action", a) for a in ("keep", "close_keep", "rate", "close", "new_target")]
    + [("ssd_action", "new_client")]
    + [
        ("meeting_action", a)
        for a in ("accept", "decline", "propose", "cancel", "cancel_confirmed", "ics")
    ]
    + [("meeting_action", "action_done")]
    + [
        ("directory_action", a)
        for a in ("confirm", "edit", "import", "keep", "more", "remove", "remove_confirmed")
    ]
    + [("directory_action", "save")]
    + [("reminder_action", a) for a in ("done", "snooze15", "snooze60", "tomorrow", "delete")]
)
FIELDS = (
    "client",
    "target",
    "code",
    "value",
    "note",
    "meeting_id",
    "item_id",
    "occurrence_id",
    "unit_id",
    "id",
    "ids",
    "draft",
    "name",
    "kind",
    "phase",
    "date",
    "reason",
)


@pytest.mark.parametrize(("key", "action"), SUBMITS, ids=[f"{k}:{a}" for k, a in SUBMITS])
async def test_a_forged_card_submit_never_repeats_a_personnummer(
    demo: Services, key: str, action: str
) -> None:
    from botbuilder.schema import Activity, ActivityTypes

    chat = Chat(demo, user_id="29:user-anna")
    await chat.send("hej")
    value: dict[str, object] = {field: PNR for field in FIELDS}
    value[key] = action
    replies = await chat.send(Activity(type=ActivityTypes.message, value=value))
    for reply in replies:
        shown = json.dumps(reply.serialize(), ensure_ascii=False)
        assert not _digits_shown(shown, PNR), shown[:400]
