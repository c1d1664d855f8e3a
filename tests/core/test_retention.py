"""The retention policy read from the environment: documented defaults, whole days
only, and no period shorter than what would do harm."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from core.config import Config
from core.errors import ConfigError
from core.retention import RULES, RetentionPolicy, env_name


def test_the_defaults() -> None:
    assert RetentionPolicy.from_env({}) == RetentionPolicy()
    assert RetentionPolicy().items() == [
        ("closed_clients", 730),
        ("meeting_outsiders", 180),
        ("reminders", 90),
        ("rating_prompts", 90),
        ("audit", 1825),
        ("conversation_state", 30),
        ("import_drafts", 1),
        ("freshness_reminders", 365),
        ("inactive_staff", 730),
    ]


def test_every_kind_is_read_from_its_variable() -> None:
    env = {env_name(kind): str(rule.minimum + 11) for kind, rule in RULES.items()}
    policy = RetentionPolicy.from_env(env)
    assert policy.items() == [(kind, rule.minimum + 11) for kind, rule in RULES.items()]
    assert env_name("closed_clients") == "RETENTION_CLOSED_CLIENTS_DAYS"


def test_blank_means_the_default_and_spaces_are_ignored() -> None:
    policy = RetentionPolicy.from_env(
        {"RETENTION_AUDIT_DAYS": "  ", "RETENTION_REMINDERS_DAYS": " 30 "}
    )
    assert (policy.audit, policy.reminders) == (1825, 30)


@pytest.mark.parametrize("value", ["abc", "1.5", "-3", "+30", "1_000", "30 dagar", "3e2", "٣٠"])
def test_anything_but_a_whole_number_is_refused(value: str) -> None:
    with pytest.raises(ConfigError, match="RETENTION_REMINDERS_DAYS must be a whole number"):
        RetentionPolicy.from_env({"RETENTION_REMINDERS_DAYS": value})


@pytest.mark.parametrize(
    ("kind", "too_short"),
    [
        ("audit", 364),
        ("closed_clients", 89),
        ("meeting_outsiders", 29),
        ("rating_prompts", 6),
        ("reminders", 6),
        ("freshness_reminders", 61),
        ("inactive_staff", 179),
        ("conversation_state", 0),
        ("import_drafts", 0),
    ],
)
def test_a_period_shorter_than_its_minimum_is_refused(kind: str, too_short: int) -> None:
    variable = env_name(kind)
    with pytest.raises(ConfigError, match=f"{variable} must be at least {too_short + 1} days"):
        RetentionPolicy.from_env({variable: str(too_short)})
    assert RetentionPolicy.from_env({variable: str(too_short + 1)}).days(kind) == too_short + 1


def test_a_period_of_centuries_is_a_typing_mistake() -> None:
    with pytest.raises(ConfigError, match="at most 36500"):
        RetentionPolicy.from_env({"RETENTION_AUDIT_DAYS": "3650000"})


def test_built_in_code_gets_the_same_checks() -> None:
    with pytest.raises(ConfigError, match="RETENTION_AUDIT_DAYS must be at least 365"):
        RetentionPolicy(audit=30)


def test_the_cutoff_is_that_many_days_before_now() -> None:
    now = datetime(2026, 11, 22, 3, 17, tzinfo=UTC)
    assert RetentionPolicy(reminders=10).cutoff("reminders", now) == datetime(
        2026, 11, 12, 3, 17, tzinfo=UTC
    )


def test_the_service_configuration_carries_the_policy() -> None:
    assert Config.from_env({}).retention == RetentionPolicy()
    config = Config.from_env({"RETENTION_CLOSED_CLIENTS_DAYS": "3650"})
    assert config.retention.closed_clients == 3650
    with pytest.raises(ConfigError, match="RETENTION_AUDIT_DAYS"):
        Config.from_env({"RETENTION_AUDIT_DAYS": "ett år"})
