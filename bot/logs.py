"""Logging set-up, with a filter that keeps the token, ids and interaction tokens out of logs."""

from __future__ import annotations

import logging
import re

REDACTED = "[token redacted]"
ID_REDACTED = "[id]"
_DATE = "%Y-%m-%d %H:%M:%S"

LIBRARY_LOGGERS = ("discord", "aiohttp", "aiosqlite")
"""Libraries whose DEBUG lines print what passes through them: discord.py's gateway events and
HTTP bodies hold member ids, what members typed and interaction tokens. They stay at INFO even
when the bot runs at DEBUG; our own DEBUG lines carry decisions only."""
LIBRARY_LEVEL = logging.INFO

_SNOWFLAKE = re.compile(r"\d{15,}")
"""Discord ids are 17-20 digits; 15 also covers the oldest and leaves years and counts alone."""
_LONG_TOKEN = re.compile(r"[A-Za-z0-9_.\-]{60,}")
"""Interaction and webhook tokens are long URL-safe runs; no word or file path of ours is."""


class TokenFilter(logging.Filter):
    """Redacts the bot token, Discord ids and long tokens: message, arguments or traceback text.

    discord.py never logs the token on purpose, but an exception message or a repr of a request
    can carry it, and a request's URL carries an interaction's id and token; redacting at the
    handler is the one place that sees every line. A safety net: the library loggers are
    already held at LIBRARY_LEVEL, and our own lines never name anyone.
    """

    def __init__(self, secret: str | None = None) -> None:
        super().__init__()
        self._secret = secret or ""

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record in place; never drops a line."""
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        message = record.getMessage()
        redacted = self.redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.exc_info and record.exc_info[1] is not None:
            error = str(record.exc_info[1])
            if self.redact(error) != error:
                record.exc_info = None
        return True

    def redact(self, text: str) -> str:
        """`text` without the token, ids or long tokens."""
        if self._secret and self._secret in text:
            text = text.replace(self._secret, REDACTED)
        text = _LONG_TOKEN.sub(REDACTED, text)
        return _SNOWFLAKE.sub(ID_REDACTED, text)


def configure(level: str, secret: str | None) -> None:
    """Set up logging once for the process, at `level`, with the redacting filter on the handler."""
    handler = logging.StreamHandler()
    handler.setFormatter(
        logging.Formatter("[{asctime}] [{levelname:<8}] {name}: {message}", _DATE, style="{")
    )
    handler.addFilter(TokenFilter(secret))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(getattr(logging, level))
    for name in LIBRARY_LOGGERS:
        logging.getLogger(name).setLevel(max(root.level, LIBRARY_LEVEL))
