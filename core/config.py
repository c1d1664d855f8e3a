"""Service configuration read from the environment (no botbuilder import)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from core.errors import ConfigError
from core.rate_limit import Window
from core.retention import RetentionPolicy

DEFAULT_DATA_DIR = Path("data")
DEFAULT_SQLITE_URL = f"sqlite:///{DEFAULT_DATA_DIR / 'samverkan.sqlite3'}"
DEFAULT_TURNS_PER_MINUTE = 30


def _flag(value: str | None, default: bool = False) -> bool:
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on", "ja"}


@dataclass(frozen=True)
class Config:
    port: int = 3978
    host: str = "127.0.0.1"
    database_url: str = DEFAULT_SQLITE_URL
    app_id: str = ""
    app_password: str = ""
    app_type: str = "MultiTenant"
    app_tenant_id: str = ""
    allowed_tenants: frozenset[str] = field(default_factory=frozenset)
    timezone: str = "Europe/Stockholm"
    demo_data: bool = False
    max_body_bytes: int = 256 * 1024
    max_message_chars: int = 4000
    instances: int = 1  # processes sending for this app: they share Teams' rate limits
    log_level: str = "INFO"
    # Turns one user may start per minute (and a third of it per 10 s); 0 turns it off.
    # None: 30 in production, off in local mode (one developer on loopback, scripted
    # chats and tests that type faster than any person).
    turns_per_minute: int | None = None
    retention: RetentionPolicy = field(default_factory=RetentionPolicy)  # RETENTION_*_DAYS

    def __post_init__(self) -> None:
        # With authentication on, any organisation that installs the app could talk
        # to the bot (and read the staff directory) unless the tenants are listed.
        if not self.local_mode and not self.allowed_tenants:
            raise ConfigError(
                "ALLOWED_TENANTS must list your AAD tenant id(s) when MicrosoftAppId is set"
            )

    @property
    def local_mode(self) -> bool:
        """No MicrosoftAppId: authentication off, for the Playground and the Emulator."""
        return not self.app_id

    @property
    def turn_windows(self) -> tuple[Window, ...]:
        """The per-user turn limit's windows; empty when it is off."""
        per_minute = self.turns_per_minute
        if per_minute is None:
            per_minute = 0 if self.local_mode else DEFAULT_TURNS_PER_MINUTE
        if per_minute <= 0:
            return ()
        return (Window(max(1, per_minute // 3), 10.0), Window(per_minute, 60.0))

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Config:
        env = os.environ if env is None else env
        try:
            port = int(env.get("PORT", "3978"))
        except ValueError as exc:
            raise ConfigError(f"PORT must be a number, got {env.get('PORT')!r}") from exc
        timezone = env.get("BOT_TIMEZONE", "Europe/Stockholm") or "Europe/Stockholm"
        try:
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError, OSError) as exc:  # "Europe": a directory
            raise ConfigError(f"BOT_TIMEZONE {timezone!r} is not a known time zone") from exc
        tenants = frozenset(
            t.strip().lower() for t in env.get("ALLOWED_TENANTS", "").split(",") if t.strip()
        )
        app_id = env.get("MicrosoftAppId", "").strip()
        app_type = env.get("MicrosoftAppType", "") or "MultiTenant"
        if app_type not in {"MultiTenant", "SingleTenant", "UserAssignedMSI"}:
            raise ConfigError(
                "MicrosoftAppType must be MultiTenant, SingleTenant or UserAssignedMSI"
            )
        try:
            instances = int(env.get("BOT_INSTANCES", "1") or "1")
        except ValueError as exc:
            raise ConfigError("BOT_INSTANCES must be a whole number") from exc
        if instances < 1:
            raise ConfigError("BOT_INSTANCES must be at least 1")
        raw_turns = env.get("TURNS_PER_MINUTE", "").strip()
        try:
            turns = int(raw_turns) if raw_turns else None
        except ValueError as exc:
            raise ConfigError("TURNS_PER_MINUTE must be a whole number (0: no limit)") from exc
        if turns is not None and turns < 0:
            raise ConfigError("TURNS_PER_MINUTE must be 0 (no limit) or more")
        return cls(
            turns_per_minute=turns,
            instances=instances,
            port=port,
            # Local mode (no app id, so no authentication) listens on loopback only.
            host=env.get("HOST", "0.0.0.0" if app_id else "127.0.0.1"),
            database_url=normalise_database_url(env.get("DATABASE_URL") or DEFAULT_SQLITE_URL),
            app_id=app_id,
            app_password=env.get("MicrosoftAppPassword", ""),
            app_type=app_type,
            app_tenant_id=env.get("MicrosoftAppTenantId", "").strip(),
            allowed_tenants=tenants,
            timezone=timezone,
            demo_data=_flag(env.get("DEMO_DATA")),
            log_level=env.get("LOG_LEVEL", "INFO").upper(),
            retention=RetentionPolicy.from_env(env),
        )


def normalise_database_url(url: str) -> str:
    """Accept the URLs operators write and pick the drivers this service ships.

    postgres:// and postgresql:// become psycopg 3; sqlite:// stays as is.
    """
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url
