"""Nothing secret or identifying reaches a log line, whoever wrote the line.

Our own log calls name no secrets and no user text, but libraries (msal, aiohttp,
botbuilder at DEBUG) and exception messages can. A filter on every log handler
rewrites each record before it is written:
- the app password and the database password from the configuration;
- bearer tokens and anything shaped like a JWT;
- Swedish personal identity numbers (core.personnummer), which must never be
  logged even when a user typed one into text that ended up in an exception.
Tracebacks are formatted and cleaned the same way.
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from core.config import Config
from core.personnummer import find_personnummer

REDACTED = "[redacted]"
_BEARER = re.compile(r"(?i)\b(bearer)\s+[A-Za-z0-9\-._~+/]+=*")
_JWT = re.compile(r"\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*")
_FORMATTER = logging.Formatter()


def secrets_of(app_password: str, database_url: str) -> tuple[str, ...]:
    """The configured secrets worth hiding (empty ones and very short ones left out:
    replacing "x" everywhere would make every log unreadable)."""
    found = [app_password]
    with contextlib.suppress(ValueError):  # a malformed URL has no password to hide
        found.append(urlsplit(database_url).password or "")
    return tuple(s for s in found if len(s) >= 4)


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    for secret in secrets:
        text = text.replace(secret, REDACTED)
    text = _BEARER.sub(lambda m: f"{m.group(1)} {REDACTED}", text)
    text = _JWT.sub(REDACTED, text)
    for start, end in reversed(find_personnummer(text)):
        text = text[:start] + "[personnummer]" + text[end:]
    return text


class RedactingFilter(logging.Filter):
    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self._secrets = tuple(secrets)

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: keep the raw template
            message = str(record.msg)
        record.msg, record.args = redact(message, self._secrets), None
        if record.exc_info and not record.exc_text:
            record.exc_text = _FORMATTER.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text, self._secrets)
        if record.stack_info:
            record.stack_info = redact(record.stack_info, self._secrets)
        return True


def install(secrets: Iterable[str] = (), logger: logging.Logger | None = None) -> RedactingFilter:
    """Put the filter on every handler of the (root) logger; returns it."""
    target = logger or logging.getLogger()
    chosen = RedactingFilter(secrets)
    for handler in target.handlers:
        for old in [f for f in handler.filters if isinstance(f, RedactingFilter)]:
            handler.removeFilter(old)
        handler.addFilter(chosen)
    return chosen


def configure(config: Config) -> None:
    """The service's logging: one format, the configured level, and the filter on
    every handler (`samverkan serve`, `python app.py`, the other commands)."""
    logging.basicConfig(
        level=config.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    if config.log_level != "DEBUG":
        logging.getLogger("alembic").setLevel(logging.WARNING)
    install(secrets_of(config.app_password, config.database_url))
