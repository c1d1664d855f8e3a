"""Errors shared across core/ that belong to no single module there."""

from __future__ import annotations


class ConfigError(ValueError):
    """The environment holds a value the service cannot run with."""
