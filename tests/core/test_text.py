"""Cleaning Teams message text: mentions, markup and entities."""

from __future__ import annotations

import pytest

from core.text import clean_message_text, strip_mentions

BOT = {"Samverkansboten"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<at>Samverkansboten</at> hjälp", "hjälp"),
        ("<at>Samverkansboten</at>&nbsp;hjälp", "hjälp"),
        ("hjälp <at>Samverkansboten</at>", "hjälp"),
        ("<at>Samverkansboten</at> vem <at>Anna Berg</at>", "vem Anna Berg"),
        ("Hej <at>Anna Berg</at>, kan du ringa?", "Hej Anna Berg, kan du ringa?"),
        ('<at id="0">Samverkansboten</at> skatta K-1042 ångest 6', "skatta K-1042 ångest 6"),
        ("<p>hjälp</p>", "hjälp"),
        ("vem LSS&nbsp;Kumla", "vem LSS Kumla"),
        ("vem LSS\u00a0Kumla", "vem LSS Kumla"),
        ("Region &amp; kommun", "Region & kommun"),
        ("skatta K-1042 &lt;5", "skatta K-1042 <5"),
        ("  påminn   mig\n\nimorgon  ", "påminn mig imorgon"),
        ("", ""),
        (None, ""),
        ("<at>Samverkansboten</at>", ""),
        ("&nbsp;", ""),
    ],
)
def test_clean_message_text(text: str | None, expected: str) -> None:
    assert clean_message_text(text, BOT) == expected


def test_a_leading_mention_is_the_bot_even_under_another_name() -> None:
    # In a channel the message addressed to the bot starts with its mention,
    # whatever display name the team gave the app.
    assert clean_message_text("<at>Samverkan</at> hjälp", BOT) == "hjälp"


def test_mentions_of_other_people_keep_their_names() -> None:
    assert strip_mentions("ring <at>Anna Berg</at> och <at>Omar</at>", BOT) == (
        "ring Anna Berg och Omar"
    )


def test_bot_mention_in_the_middle_is_removed() -> None:
    assert clean_message_text("fråga <at>Samverkansboten</at> om hjälp", BOT) == "fråga om hjälp"


def test_without_bot_names_only_the_leading_mention_goes() -> None:
    assert clean_message_text("<at>Bot</at> vem <at>Bot</at>") == "vem Bot"
