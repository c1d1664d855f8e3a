"""A personnummer typed anywhere is refused and is found nowhere afterwards: not in
any column of any table (dialog state and audit included), not in a reply.

Over real HTTP with the demo data, through every way free text comes in: a plain
message, the reminder dialog and its quick form, a rating note, a new client's code,
a meeting's purpose, a consent scope, the follow-up's plan lines and a directory
entry. Then every text column of every table is read back.
"""

from __future__ import annotations

import re
import sqlite3
from contextlib import closing

from tests.e2e.conftest import BotService

PNR = "19121212-1212"  # Skatteverket's test number (valid Luhn)
SAMORDNING = "701063-2391"  # a samordningsnummer: day 63 = 3rd
# The digits in any spelling: with or without century, separator or spaces.
FOUND = re.compile(r"121212\s*[-+]?\s*1212|701063\s*[-+]?\s*2391")

TYPED = (
    f"hej {PNR}",
    f"påminn mig imorgon kl 9 att ringa om {PNR}",
    "påminn mig",
    f"ring handläggaren om {SAMORDNING}",
    "avbryt",
    f"skatta K-1001 ångest 4 sömn 6 anteckning: pratade om {PNR}",
    f"ny klient {PNR}",
    f"ny klient 19121212{PNR[-4:]}",
    f"boka K-1001 tisdag 13.30 om {PNR}",
    "boka K-1001",
    f"Uppföljning av {SAMORDNING}",
    "avbryt",
    f"samtycke K-1001 fk ja {PNR}",
    f"kontakt ny Anna Berg; {PNR}; Region Örebro län",
    f"vem {PNR}",
)


def _every_text(service: BotService) -> list[tuple[str, str, str]]:
    """(table, column, value) for every non-empty text-ish value in the database."""
    found = []
    with closing(sqlite3.connect(service.database_path)) as conn:
        tables = [
            r[0]
            for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if not r[0].startswith("sqlite_")
        ]
        for table in tables:
            columns = [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')]
            for row in conn.execute(f'SELECT * FROM "{table}"'):
                for column, value in zip(columns, row, strict=True):
                    if isinstance(value, bytes):
                        value = value.decode("utf-8", "replace")
                    if value is not None:
                        found.append((table, column, str(value)))
    return found


async def test_a_personnummer_is_refused_everywhere_and_stored_nowhere(
    service: BotService,
) -> None:
    await service.start(demo_data=True)
    await service.assert_answers_help()
    replies: list[str] = []

    for text in TYPED:
        result = await service.turn(service.activity(text=text))
        assert result.status == 200, text
        replies += [str(reply.body) for reply in result.replies]

    assert any("personnummer" in reply for reply in replies)  # it was explained
    echoed = [m.group() for reply in replies if (m := FOUND.search(reply))]
    assert echoed == []
    stored = [(table, column) for table, column, v in _every_text(service) if FOUND.search(v)]
    assert stored == []
    # The control: the same way in with a phone number instead is kept, and found.
    await service.turn(service.activity(text="påminn mig imorgon kl 9 att ringa 070-1234567"))
    assert [t for t, _, v in _every_text(service) if "070-1234567" in v] == ["reminders"]
