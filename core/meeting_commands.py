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
FOLLOW_UP = CommandSpec(
    "follow_up",
    "uppföljning",
    "follow-up",
    ("dokumentera", "followup"),
    reads=lambda args: starts_with_number(args) or starts_with_client(args),
    # Bare `uppföljning` finds the person's latest held meeting itself: no picker.
)
CONSENT = CommandSpec(
    "consent", "samtycke", "consent", ("samtycken",), reads=starts_with_client, takes_client=True
)
