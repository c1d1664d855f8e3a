"""The words for who does what: `vem` searches, `kontakt` keeps the directory."""

from __future__ import annotations

from core.commands import CommandSpec

WHO = CommandSpec("who", "vem", "who", ("vilka", "kontakter"))
CONTACT = CommandSpec("contact", "kontakt", "contact", ("katalog", "directory"))
