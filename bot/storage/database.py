"""The one database of a process: the engine its URL names, its failures and its recovery."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TypeVar

from bot.storage.backend import Backend, DatabaseUnavailable, is_postgres
from bot.storage.postgres import PostgresBackend
from bot.storage.sqlite import SqliteBackend

log = logging.getLogger(__name__)

T = TypeVar("T")


def backend_for(url: str, *, busy_timeout: float = 5.0) -> Backend:
    """The engine a URL names: `postgresql://...`, or else the path of a SQLite file."""
    if is_postgres(url):
        return PostgresBackend(url)
    return SqliteBackend(Path(url), busy_timeout=busy_timeout)


class Database:
    """One per process, shared by the usage log and the settings store.

    Every call goes through `run`, which connects when needed and, when the engine fails, lets
    it drop the connection (moving a corrupt SQLite file aside is the engine's one decision),
    warns once, and raises DatabaseUnavailable. Callers decide what to keep meanwhile.
    """

    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        self._is_degraded = False

    @classmethod
    async def open(cls, url: str, *, busy_timeout: float = 5.0) -> Database:
        """Connect and migrate; an unusable database gives a degraded one, never an error."""
        database = cls(backend_for(url, busy_timeout=busy_timeout))
        with contextlib.suppress(DatabaseUnavailable):  # warned once; every later call retries
            await database.run(lambda backend: backend.connect())
        return database

    @property
    def is_degraded(self) -> bool:
        """Whether the last call failed; the next one tries again."""
        return self._is_degraded

    def describe(self) -> str:
        """The file or server, for messages; never a password."""
        return self.backend.describe()

    async def run(self, operation: Callable[[Backend], Awaitable[T]]) -> T:
        """Run one operation on a connected engine; failures become DatabaseUnavailable.

        Every operation may run twice: after a lost connection it is tried once more on a
        fresh one, so operations are idempotent (a usage batch carries its id).
        """
        for attempt in (1, 2):
            try:
                await self.backend.connect()
                result = await operation(self.backend)
                break
            except DatabaseUnavailable as error:
                self._fail(error)
                raise
            except self.backend.failures() as error:
                if await self.backend.discard(error) and attempt == 1:
                    continue
                self._fail(error)
                raise DatabaseUnavailable(str(error) or type(error).__name__) from error
        if self._is_degraded:
            self._is_degraded = False
            log.info("Database %s works again", self.describe())
        return result

    async def close(self) -> None:
        """Close the engine's connections; safe to call twice."""
        await self.backend.close()

    def _fail(self, error: BaseException) -> None:
        if not self._is_degraded:
            log.warning(
                "Database %s cannot be used (%s); answers go on, usage waits in memory, retrying",
                self.describe(),
                error,
            )
        self._is_degraded = True
