"""No secret, token or personnummer reaches a log line (core/log_redaction.py)."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest

from core import log_redaction
from core.log_redaction import RedactingFilter, redact, secrets_of

PASSWORD = "Zq8~appSecret.value-123"
JWT = "eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJhcHAiLCJleHAiOjE3MDB9.c2lnbmF0dXJlLXZhbHVl"
PNR = "19121212-1212"  # Skatteverket's test number: passes the Luhn check


@pytest.fixture
def written() -> Iterator[tuple[logging.Logger, io.StringIO]]:
    """A logger writing to a string through a handler with the filter, as set up
    by `install` on the root logger's handlers."""
    stream = io.StringIO()
    logger = logging.getLogger("test.redaction")
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    logger.addHandler(handler)
    logger.propagate = False
    logger.setLevel(logging.DEBUG)
    log_redaction.install(secrets_of(PASSWORD, "postgresql://bot:dbPass99@db/samverkan"), logger)
    try:
        yield logger, stream
    finally:
        logger.removeHandler(handler)


def test_secrets_tokens_and_personnummer_are_replaced(
    written: tuple[logging.Logger, io.StringIO],
) -> None:
    logger, stream = written

    logger.debug("token request with client_secret=%s", PASSWORD)
    logger.info("Authorization: Bearer %s", JWT)
    logger.info("connecting to postgresql://bot:dbPass99@db/samverkan")
    logger.warning("could not parse %r", f"påminn mig om {PNR} imorgon")
    text = stream.getvalue()

    for leaked in (PASSWORD, JWT, "dbPass99", PNR, "1212-1212"):
        assert leaked not in text
    assert text.splitlines() == [
        "DEBUG token request with client_secret=[redacted]",
        "INFO Authorization: Bearer [redacted]",
        "INFO connecting to postgresql://bot:[redacted]@db/samverkan",
        "WARNING could not parse 'påminn mig om [personnummer] imorgon'",
    ]


def test_tracebacks_are_cleaned_too(written: tuple[logging.Logger, io.StringIO]) -> None:
    logger, stream = written
    try:
        raise ValueError(f"bad input {PNR} with {JWT}")
    except ValueError:
        logger.exception("turn failed")

    text = stream.getvalue()
    assert "Traceback" in text and "ValueError: bad input [personnummer] with [redacted]" in text
    assert PNR not in text and JWT not in text


def test_ordinary_lines_are_left_alone() -> None:
    line = "sent 3 reminders in 12 ms; meeting 42 at 2026-11-24 13:30, phone 070-123 45 67"
    assert redact(line, ("Zq8~appSecret",)) == line


@pytest.mark.parametrize(
    ("password", "url", "expected"),
    [
        (PASSWORD, "sqlite:///data/x.sqlite3", (PASSWORD,)),
        ("", "postgresql://u:longpass@h/db", ("longpass",)),
        ("x", "postgresql://u@h/db", ()),  # too short to hide without ruining every line
    ],
)
def test_the_secrets_come_from_the_configuration(
    password: str, url: str, expected: tuple[str, ...]
) -> None:
    assert secrets_of(password, url) == expected


def test_installing_twice_keeps_one_filter() -> None:
    logger = logging.getLogger("test.redaction.twice")
    handler = logging.StreamHandler(io.StringIO())
    logger.addHandler(handler)
    try:
        log_redaction.install(("first",), logger)
        log_redaction.install(("second",), logger)
        assert len([f for f in handler.filters if isinstance(f, RedactingFilter)]) == 1
    finally:
        logger.removeHandler(handler)
