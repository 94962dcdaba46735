"""Logging set-up, with a filter that keeps the bot token out of every log line."""

from __future__ import annotations

import logging

REDACTED = "[token redacted]"
_DATE = "%Y-%m-%d %H:%M:%S"


class TokenFilter(logging.Filter):
    """Replaces the token wherever it would appear: message, arguments or traceback text.

    discord.py never logs the token on purpose, but an exception message or a repr of a request
    can carry it; redacting at the handler is the one place that sees every line.
    """

    def __init__(self, secret: str) -> None:
        super().__init__()
        self._secret = secret

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record in place; never drops a line."""
        if not self._secret:
            return True
        message = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if self._secret in message:
            record.msg, record.args = message.replace(self._secret, REDACTED), None
        if record.exc_text and self._secret in record.exc_text:
            record.exc_text = record.exc_text.replace(self._secret, REDACTED)
        if (
            record.exc_info
            and record.exc_info[1] is not None
            and self._secret in str(record.exc_info[1])
        ):
            record.exc_info = None
        return True


def configure(level: str, secret: str | None) -> None:
    """Set up logging once for the process, at `level`, with the token filter on every handler."""
    handler = logging.StreamHandler()
    handler.setFormatter(
        logging.Formatter("[{asctime}] [{levelname:<8}] {name}: {message}", _DATE, style="{")
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(getattr(logging, level))
    if secret:
        handler.addFilter(TokenFilter(secret))
