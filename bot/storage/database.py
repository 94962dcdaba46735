"""The one SQLite file: owner-only, WAL, schema steps by PRAGMA user_version, reopened if broken."""

from __future__ import annotations

import datetime as dt
import logging
import os
import sqlite3
from pathlib import Path

import aiosqlite

log = logging.getLogger(__name__)

# Each step runs once, in order; PRAGMA user_version records how many have run. Steps only add
# (IF NOT EXISTS), so a step repeated by a second opener racing the first is harmless.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE IF NOT EXISTS usage_events (
        day TEXT NOT NULL,
        command TEXT NOT NULL,
        answer_kind TEXT NOT NULL,
        entry_id TEXT,
        matched INTEGER NOT NULL,
        crisis INTEGER NOT NULL,
        country TEXT,
        locale TEXT,
        server TEXT
    );
    CREATE INDEX IF NOT EXISTS usage_events_by_day ON usage_events (day);
    CREATE INDEX IF NOT EXISTS usage_events_by_server ON usage_events (server, day);
    CREATE TABLE IF NOT EXISTS unmatched_questions (
        day TEXT NOT NULL,
        text TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS unmatched_questions_by_day ON unmatched_questions (day);
    """,
    """
    CREATE TABLE IF NOT EXISTS server_settings (
        server_id INTEGER NOT NULL,
        name TEXT NOT NULL,
        value TEXT NOT NULL,
        PRIMARY KEY (server_id, name)
    ) WITHOUT ROWID;
    """,
)

OWNER_ONLY = 0o600
SIDE_FILES = ("-wal", "-shm", "-journal")
# SQLite's result codes for a file that is not, or no longer, a readable database.
_CORRUPT_CODES = frozenset({sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB})


class DatabaseUnavailable(Exception):
    """The SQLite file cannot be opened or used right now; the message says why."""


def is_corrupt(error: BaseException) -> bool:
    """Whether SQLite reported the file itself as damaged, rather than busy, full or read-only."""
    return getattr(error, "sqlite_errorcode", None) in _CORRUPT_CODES


async def connect(path: Path, *, busy_timeout: float = 5.0) -> aiosqlite.Connection:
    """Open the file owner-only, move it aside if corrupt, enable WAL and run missing schema steps.

    Raises DatabaseUnavailable when the file cannot be used at all.
    """
    try:
        _create_owner_only(path)
        return await _open_migrated(path, busy_timeout)
    except sqlite3.Error as error:
        if not is_corrupt(error):
            raise DatabaseUnavailable(str(error)) from error
    except OSError as error:
        raise DatabaseUnavailable(f"{error.strerror}: {path}") from error
    moved = move_aside(path)
    log.warning("Database %s was corrupt; moved it to %s and started a new one", path, moved.name)
    try:
        _create_owner_only(path)
        return await _open_migrated(path, busy_timeout)
    except (sqlite3.Error, OSError) as error:
        raise DatabaseUnavailable(str(error)) from error


def move_aside(path: Path) -> Path:
    """Rename a damaged file (and its WAL) with a timestamp, keeping it for inspection."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    path.rename(target)
    for suffix in SIDE_FILES:
        side = path.with_name(path.name + suffix)
        if side.exists():
            side.rename(target.with_name(target.name + suffix))
    return target


def _create_owner_only(path: Path) -> None:
    # SQLite gives -wal and -shm the mode of the main file, so an owner-only main file created
    # before SQLite touches it keeps every file private, whatever the process umask.
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.close(os.open(path, os.O_RDWR | os.O_CREAT, OWNER_ONLY))
    for file in (path, *(path.with_name(path.name + suffix) for suffix in SIDE_FILES)):
        if file.exists() and file.stat().st_mode & 0o777 != OWNER_ONLY:
            file.chmod(OWNER_ONLY)


async def _open_migrated(path: Path, busy_timeout: float) -> aiosqlite.Connection:
    # sqlite3's timeout is SQLite's busy timeout: how long to wait for another writer's lock.
    connection = await aiosqlite.connect(path, timeout=busy_timeout)
    try:
        async with connection.execute("PRAGMA user_version") as cursor:
            row = await cursor.fetchone()
        version = row[0] if row else 0
        await connection.execute("PRAGMA journal_mode = WAL")
        await connection.execute("PRAGMA synchronous = NORMAL")
        for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
            await connection.executescript(
                f"BEGIN IMMEDIATE; {script}; PRAGMA user_version = {number}; COMMIT;"
            )
            log.info("Database %s: schema step %d applied", path.name, number)
    except BaseException:
        await connection.close()
        raise
    return connection


class Database:
    """One connection to the file, reopened when a failure or a vanished file calls for it."""

    def __init__(self, path: Path, *, busy_timeout: float = 5.0) -> None:
        self.path = path
        self._busy_timeout = busy_timeout
        self._connection: aiosqlite.Connection | None = None
        self._identity: tuple[int, int] | None = None
        self._is_damaged = False

    @property
    def connection(self) -> aiosqlite.Connection | None:
        """The open connection, or None while the database is unavailable."""
        return self._connection

    async def connect(self) -> aiosqlite.Connection:
        """Return a working connection, opening a new file if the old one was deleted or replaced.

        Raises DatabaseUnavailable when the file cannot be used.
        """
        if self._connection is not None and self._identity != _identity(self.path):
            # Writes to a deleted file succeed silently and vanish; start a new file instead.
            log.warning("Database %s was removed or replaced while open; starting anew", self.path)
            await self.close()
        if self._connection is None:
            if self._is_damaged and self.path.exists():
                moved = move_aside(self.path)
                log.warning("Database %s became corrupt; moved it to %s", self.path, moved.name)
            self._is_damaged = False
            self._connection = await connect(self.path, busy_timeout=self._busy_timeout)
            self._identity = _identity(self.path)
        return self._connection

    async def discard(self, error: BaseException) -> None:
        """Close after a failure so the next connect starts afresh (moving a corrupt file aside)."""
        self._is_damaged = is_corrupt(error)
        await self.close()

    async def close(self) -> None:
        """Close the connection; safe to call twice."""
        connection, self._connection = self._connection, None
        if connection is not None:
            try:
                await connection.close()
            except sqlite3.Error as error:
                log.warning("Database %s did not close cleanly: %s", self.path, error)


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        status = path.stat()
    except OSError:
        return None
    return status.st_dev, status.st_ino
