"""The one place where commands meet what answers them.

The words (Swedish and English) live in core/commands.py; this table says which
dialog each command starts. help and cancel are answered by the bot itself;
a command with no entry here answers honestly that it is coming.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from botbuilder.dialogs import Dialog

from dialogs.settings_dialog import PreferencesSaver, SettingsDialog

BUILT_IN = frozenset({"help", "cancel"})


@dataclass(frozen=True)
class DialogRegistry:
    dialogs: tuple[Dialog, ...]
    routes: Mapping[str, str]  # command key -> dialog id

    @property
    def available(self) -> frozenset[str]:
        return BUILT_IN | frozenset(self.routes)


def register_dialogs(*, preferences: PreferencesSaver) -> DialogRegistry:
    settings = SettingsDialog(preferences)
    return DialogRegistry(
        dialogs=(settings,),
        routes={"settings": settings.id},
    )
