"""User-facing texts about reminders and their delivery (merged into core.i18n.CATALOG)."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {}
