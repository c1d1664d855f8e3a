"""Errors shared across core/ that belong to no single module there."""

from __future__ import annotations

from typing import Any


class ConfigError(ValueError):
    """The environment holds a value the service cannot run with."""


class UserInputError(ValueError):
    """Input a rule refuses, in any feature: `key` and `params` are for the translation
    function (core.i18n.t). Params never carry the refused text itself: it may hold a
    personnummer (tests/bot/test_personnummer_never_echoed.py)."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params
