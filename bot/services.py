"""What the bot and console share: the engine for the current content, swapped whole on reload."""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import logging
import re
import threading
from collections.abc import AsyncIterator, Callable
from pathlib import Path

from bot.content.loader import ContentError, load_snapshot
from bot.engine.answers import Answer
from bot.engine.matching import Engine
from bot.engine.redact import Redactor
from bot.memory import collector_paused
from bot.settings import Settings
from bot.storage.database import Database
from bot.storage.usage import Command, UsageEvent, UsageLog
from bot.vocabulary import common_words, personal_names

log = logging.getLogger(__name__)

_LANGUAGE = re.compile(r"^[a-z]{2,3}$")
EXIT_WAIT = 5.0
"""Seconds an exiting process waits for its warming thread to reach its next word."""


class ContentHolder:
    """Holds the Engine serving the current Snapshot.

    Handlers read `engine` once per interaction, so a reload in the middle of one never mixes
    two snapshots: the new Engine is built and validated completely, then one reference changes.
    """

    def __init__(self, data_dir: Path, *, default_country: str | None) -> None:
        self.data_dir = data_dir
        self.default_country = default_country
        self.engine = Engine(load_snapshot(data_dir), default_country=default_country)
        self.warming = _warm_in_background(self.engine)
        self._reloading = asyncio.Lock()
        self._redactor: tuple[Engine, Redactor] | None = None

    async def reload(self) -> tuple[str, ...]:
        """Re-read the content folder; keep the old content and return the errors if it fails."""
        async with self._reloading:
            try:
                engine = await asyncio.to_thread(self._build)
            except ContentError as error:
                log.warning(
                    "Reload refused, %d content error(s); old content kept", len(error.errors)
                )
                return error.errors
            self.engine = engine
            self.warming = _warm_in_background(engine)
            log.info("Reloaded content %s", engine.snapshot.version)
            return ()

    def redact(self, question: str) -> str:
        """The words of `question` the unmatched log may keep, for the current content.

        Blocking (the first call reads the word lists): run it in a worker thread. Two threads
        may build the same Redactor once each; either result is right.
        """
        engine = self.engine
        if self._redactor is None or self._redactor[0] is not engine:
            redactor = Redactor(
                engine.vocabulary,
                common_words(),
                names=personal_names() | engine.proper_names,
                english=common_words(("en_US",)),
            )
            self._redactor = (engine, redactor)
        return self._redactor[1].redact(question)

    def _build(self) -> Engine:
        with collector_paused():
            return Engine(load_snapshot(self.data_dir), default_country=self.default_country)


def _warm_in_background(engine: Engine) -> threading.Thread:
    """Fill an engine's caches in a worker thread, so new content serves at once.

    At start the bot connects meanwhile, and after a /reload members keep asking; a question
    asked before the caches are full gets the same answer and fills them itself (cold start
    2.0 → 0.6 s; docs/quality.md, round 10). A process that exits first, as a one-question
    console run does, stops the warming and waits for it (Engine.stop_warming says why).
    """

    def stop_at_exit() -> None:
        engine.stop_warming()
        warming.join(timeout=EXIT_WAIT)

    def warm() -> None:
        try:
            engine.warm()
        finally:
            atexit.unregister(stop_at_exit)

    warming = threading.Thread(target=warm, name="warm-content", daemon=True)
    atexit.register(stop_at_exit)
    warming.start()
    return warming


async def open_usage(settings: Settings, database: Database) -> UsageLog:
    """Open the anonymous usage log; a database that cannot be used degrades, never fails."""
    return await UsageLog.open(
        database,
        key=settings.usage_hash_key.get_secret_value().encode(),
        retention_days=settings.retention_days,
    )


@contextlib.asynccontextmanager
async def usage_only(settings: Settings) -> AsyncIterator[UsageLog]:
    """The database and usage log alone, for the console and `stats`; closed in that order."""
    database = await Database.open(settings.database_url)
    try:
        usage = await open_usage(settings, database)
        try:
            yield usage
        finally:
            await usage.close()
    finally:
        await database.close()


def usage_event(
    answer: Answer | None, command: Command, *, locale: str | None, server: str | None
) -> UsageEvent:
    """Reduce an answer to the anonymous event the log keeps: our content's ids, never the question.

    `answer` is None for commands that list rather than answer (/help, /timeline): only that the
    command was used is kept.
    """
    language = (locale or "").partition("-")[0].lower()
    return UsageEvent(
        command=command,
        answer_kind=answer.kind if answer else "none",
        entry_id=answer.entry.id if answer and answer.entry else None,
        matched=answer is None or answer.entry is not None,
        crisis=answer is not None and answer.is_crisis,
        country=answer.country.code if answer and answer.country else None,
        locale=language if _LANGUAGE.match(language) else None,
        server=server,
    )


def recorder(usage: UsageLog | None, *, command: Command) -> Callable[[Answer, str | None], None]:
    """A console recorder: logs answers like Discord ones, with no server."""
    if usage is None:
        return lambda answer, locale: None
    return lambda answer, locale: usage.record(
        usage_event(answer, command, locale=locale, server=None)
    )
