"""Configuration read from an environment mapping."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

from core.config import DEFAULT_SQLITE_URL, Config, normalise_database_url
from core.errors import ConfigError

# Authentication on: an app id and the tenants it serves.
PRODUCTION = {"MicrosoftAppId": "app", "ALLOWED_TENANTS": "tenant-a"}


def test_defaults_from_an_empty_environment() -> None:
    assert Config.from_env({}) == Config(
        port=3978,
        host="127.0.0.1",
        database_url=DEFAULT_SQLITE_URL,
        app_id="",
        app_password="",
        app_type="MultiTenant",
        app_tenant_id="",
        allowed_tenants=frozenset(),
        timezone="Europe/Stockholm",
        demo_data=False,
        log_level="INFO",
    )


def test_defaults_run_locally_on_loopback() -> None:
    config = Config.from_env({})
    assert (config.local_mode, config.host, config.tz) == (
        True,
        "127.0.0.1",
        ZoneInfo("Europe/Stockholm"),
    )


def test_values_are_read() -> None:
    config = Config.from_env(
        {
            "PORT": "8080",
            "HOST": "10.0.0.5",
            "MicrosoftAppId": " 11111111-2222-3333-4444-555555555555 ",
            "MicrosoftAppPassword": "secret",
            "MicrosoftAppType": "SingleTenant",
            "MicrosoftAppTenantId": " tenant-a ",
            "BOT_TIMEZONE": "Europe/Helsinki",
            "DEMO_DATA": "ja",
            "LOG_LEVEL": "debug",
            "ALLOWED_TENANTS": "tenant-a",
        }
    )
    assert (
        config.port,
        config.host,
        config.app_id,
        config.app_password,
        config.app_type,
        config.app_tenant_id,
        config.timezone,
        config.demo_data,
        config.log_level,
        config.local_mode,
    ) == (
        8080,
        "10.0.0.5",
        "11111111-2222-3333-4444-555555555555",
        "secret",
        "SingleTenant",
        "tenant-a",
        "Europe/Helsinki",
        True,
        "DEBUG",
        False,
    )


def test_with_an_app_id_it_listens_on_all_interfaces() -> None:
    assert Config.from_env(PRODUCTION).host == "0.0.0.0"


def test_a_blank_app_id_is_local_mode_and_stays_on_loopback() -> None:
    config = Config.from_env({"MicrosoftAppId": "   "})
    assert (config.local_mode, config.host) == (True, "127.0.0.1")


@pytest.mark.parametrize("port", ["abc", "", "39 78", "3978.5"])
def test_port_not_a_number_is_an_error(port: str) -> None:
    with pytest.raises(ConfigError, match="PORT must be a number"):
        Config.from_env({"PORT": port})


@pytest.mark.parametrize(
    "zone", ["Mars/Olympus", "Europe/Stockholmm", "../../etc/passwd", "Europe", "zone.tab"]
)
def test_unknown_timezone_is_an_error(zone: str) -> None:
    with pytest.raises(ConfigError, match="BOT_TIMEZONE"):
        Config.from_env({"BOT_TIMEZONE": zone})


def test_empty_timezone_means_stockholm() -> None:
    assert Config.from_env({"BOT_TIMEZONE": ""}).timezone == "Europe/Stockholm"


def test_unknown_app_type_is_an_error() -> None:
    with pytest.raises(ConfigError, match="MicrosoftAppType"):
        Config.from_env({"MicrosoftAppType": "Anyone"})


def test_allowed_tenants_are_split_trimmed_and_lowercased() -> None:
    config = Config.from_env({"ALLOWED_TENANTS": " AAAA-1111 ,bbbb-2222,, ,AAAA-1111"})
    assert config.allowed_tenants == frozenset({"aaaa-1111", "bbbb-2222"})


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1", True),
        ("true", True),
        ("Yes", True),
        ("on", True),
        ("JA", True),
        ("0", False),
        ("false", False),
        ("nej", False),
        ("", False),
    ],
)
def test_demo_data_flag(value: str, expected: bool) -> None:
    assert Config.from_env({"DEMO_DATA": value}).demo_data is expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgres://u:p@db:5432/samverkan", "postgresql+psycopg://u:p@db:5432/samverkan"),
        ("postgresql://u:p@db/samverkan", "postgresql+psycopg://u:p@db/samverkan"),
        ("postgresql+psycopg://u@db/s", "postgresql+psycopg://u@db/s"),
        ("sqlite:///data/samverkan.sqlite3", "sqlite:///data/samverkan.sqlite3"),
    ],
)
def test_database_urls_are_normalised(url: str, expected: str) -> None:
    assert normalise_database_url(url) == expected


def test_database_url_from_the_environment_is_normalised() -> None:
    config = Config.from_env({"DATABASE_URL": "postgres://u:p@db/samverkan"})
    assert config.database_url == "postgresql+psycopg://u:p@db/samverkan"


def test_empty_database_url_means_the_default_sqlite_file() -> None:
    assert Config.from_env({"DATABASE_URL": ""}).database_url == DEFAULT_SQLITE_URL


def test_bot_instances() -> None:
    assert Config.from_env({}).instances == 1
    assert Config.from_env({"BOT_INSTANCES": "3"}).instances == 3
    for bad in ("0", "two"):
        with pytest.raises(ConfigError):
            Config.from_env({"BOT_INSTANCES": bad})


@pytest.mark.parametrize(
    ("env", "windows"),
    [
        ({}, ()),  # local mode: off
        ({**PRODUCTION}, ((10, 10.0), (30, 60.0))),
        ({**PRODUCTION, "TURNS_PER_MINUTE": "60"}, ((20, 10.0), (60, 60.0))),
        ({**PRODUCTION, "TURNS_PER_MINUTE": "0"}, ()),
        ({"TURNS_PER_MINUTE": "2"}, ((1, 10.0), (2, 60.0))),
    ],
)
def test_the_turn_limit_is_on_in_production_and_configurable(
    env: dict[str, str], windows: tuple[tuple[int, float], ...]
) -> None:
    config = Config.from_env(env)
    assert tuple((w.limit, w.seconds) for w in config.turn_windows) == windows


@pytest.mark.parametrize("value", ["many", "-1", "1.5"])
def test_a_bad_turn_limit_is_refused(value: str) -> None:
    with pytest.raises(ConfigError, match="TURNS_PER_MINUTE"):
        Config.from_env({"TURNS_PER_MINUTE": value})


def test_with_an_app_id_allowed_tenants_are_required() -> None:
    """Authentication on and no tenant list would let anyone who installs the app in
    their own tenant read the staff directory: the service refuses to start."""
    with pytest.raises(ConfigError, match="ALLOWED_TENANTS"):
        Config.from_env({"MicrosoftAppId": "app"})
    with pytest.raises(ConfigError, match="ALLOWED_TENANTS"):
        Config.from_env({"MicrosoftAppId": "app", "ALLOWED_TENANTS": " , "})
    with pytest.raises(ConfigError, match="ALLOWED_TENANTS"):
        Config(app_id="app")


def test_local_mode_needs_no_allowed_tenants() -> None:
    assert Config.from_env({}).allowed_tenants == frozenset()
    assert Config(app_id="app", allowed_tenants=frozenset({"t"})).local_mode is False
