"""The CloudAdapter, configured for local mode or for Azure Bot Service."""

from __future__ import annotations

from dataclasses import dataclass

from botbuilder.integration.aiohttp import (
    CloudAdapter,
    ConfigurationBotFrameworkAuthentication,
)

from core.config import Config


@dataclass(frozen=True)
class _AuthSettings:
    """The attribute names botbuilder's configuration classes read."""

    APP_ID: str
    APP_PASSWORD: str
    APP_TYPE: str
    APP_TENANTID: str


def create_adapter(config: Config) -> CloudAdapter:
    """With no MicrosoftAppId, authentication is off (Playground, Emulator)."""
    settings = _AuthSettings(
        APP_ID=config.app_id,
        APP_PASSWORD=config.app_password,
        APP_TYPE=config.app_type,
        APP_TENANTID=config.app_tenant_id,
    )
    return CloudAdapter(ConfigurationBotFrameworkAuthentication(settings))
