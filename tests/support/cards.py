"""Reading Adaptive Cards in tests: what the user reads, and the inputs they fill."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any


def card_nodes(card: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every element in the card's body, each before what it contains."""
    stack: list[Any] = [card.get("body", [])]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            yield node
            stack.extend(reversed(list(node.values())))
        elif isinstance(node, list):
            stack.extend(reversed(node))


def card_texts(card: dict[str, Any]) -> str:
    """Every text in a card, for asserting what the user reads."""
    return "\n".join(
        node[key]
        for node in card_nodes(card)
        for key in ("text", "title", "value")
        if isinstance(node.get(key), str)
    )


def inputs_of(card: dict[str, Any]) -> list[dict[str, Any]]:
    return [n for n in card_nodes(card) if str(n.get("type", "")).startswith("Input.")]
