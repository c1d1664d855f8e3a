"""User-facing texts about times and recurrence (merged into core.i18n.CATALOG)."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {}
