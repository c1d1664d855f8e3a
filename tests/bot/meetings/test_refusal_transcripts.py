"""A personnummer typed where a client code or a meeting number belongs is refused
without being repeated: no reply of `möte`, `samtycke`, `uppföljning`, `flytta` or
the booking dialog's client question carries the digits back."""

from __future__ import annotations

import pytest

from tests.bot.conftest import Chat
from tests.support.cards import card_texts

DIGITS = ("121212", "1212121212", "19121212")


def _shown(replies: list) -> str:
    """Everything the replies show: texts and card texts."""
    parts = []
    for reply in replies:
        parts.append(reply.text or "")
        for attachment in reply.attachments or []:
            if isinstance(attachment.content, dict):
                parts.append(card_texts(attachment.content))
    return "\n".join(parts)


@pytest.mark.parametrize(
    "message",
    [
        "möte 121212-1212",
        "möte 19121212-1212",
        "möten 121212-1212",
        "samtycke 121212-1212",
        "samtycke 19121212-1212 fk ja",
        "samtycke 19121212-1212 fk kanske",
        "samtycke 19121212-1212 skolan ja",
        "uppföljning 121212-1212",
        "uppföljning 191212121212",
        "flytta 191212121212",
        "boka 121212-1212",
        "boka K-12121212 tisdag 13.30",
    ],
)
async def test_a_personnummer_is_never_repeated(chat: Chat, message: str) -> None:
    await chat.send("hej")
    replies = await chat.send(message)
    shown = _shown(replies)
    assert replies and shown.strip()
    assert not any(digits in shown for digits in DIGITS), shown


async def test_booking_refuses_a_personnummer_as_the_client(chat: Chat) -> None:
    await chat.send("hej")
    await chat.send("boka")
    replies = await chat.send("121212-1212")
    shown = _shown(replies)
    assert shown.strip()
    assert not any(digits in shown for digits in DIGITS), shown


async def test_a_wrong_consent_answer_names_the_code_not_what_was_typed(chat: Chat) -> None:
    await chat.send("hej")
    assert await chat.texts("samtycke k1001 fk kanske") == [
        "Skriv **ja**, **nej** eller **återkalla** efter parten, t.ex. samtycke K-1001 fk ja."
    ]
