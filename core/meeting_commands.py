"""The words for resursgruppsmöten: book, list, move, document, consent.

Mid-dialog `boka`, `möte`, `samtycke` read as commands only with a client code, and
`flytta` with a meeting number, so that a purpose such as "boka tolk" stays an answer.
"""

from __future__ import annotations

from core.commands import CommandSpec, starts_with_client, starts_with_number

BOOK = CommandSpec("book", "boka", "book", reads=starts_with_client, takes_client=True)
MEETINGS = CommandSpec("meetings", "möten", "meetings", reads=starts_with_client)
MEETING = CommandSpec(
    "meeting", "möte", "meeting", reads=starts_with_client, takes_client=True, listed=False
)
MOVE = CommandSpec("move", "flytta", "move", ("omboka",), reads=starts_with_number)
# Recording a held meeting's outcome. Its word is "dokumentera", as the button on the
# card that asks for it says: "uppföljning" also names the default purpose ("Uppföljning
# av SIP", the sources' word for the follow-up meeting) and was used for ending SSD
# rating. The old words stay understood.
FOLLOW_UP = CommandSpec(
    "follow_up",
    "dokumentera",
    "record",
    ("utfall", "outcome", "uppföljning", "follow-up", "followup"),
    reads=lambda args: starts_with_number(args) or starts_with_client(args),
    # Bare `dokumentera` finds the person's latest held meeting itself: no picker.
)
CONSENT = CommandSpec(
    "consent", "samtycke", "consent", ("samtycken",), reads=starts_with_client, takes_client=True
)
