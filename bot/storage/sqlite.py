"""SQLite: one owner-only file in WAL mode, its schema steps, and moving it aside when corrupt.

The file is only ever opened through SQLite. Opening and closing it any other way (os.open) while
a connection is open drops every POSIX lock this process holds on it; another connection may
then delete the live write-ahead log under it, losing rows and corrupting indexes.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import fcntl
import logging
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import aiosqlite

from bot.storage.backend import (
    KEPT_CHANGES,
    DatabaseUnavailable,
    ReportCountRow,
    SettingsRead,
    UsageBatch,
    UsageCountRow,
)

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
    """
    CREATE TABLE IF NOT EXISTS setting_changes (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        server_id INTEGER NOT NULL
    );
    CREATE TABLE IF NOT EXISTS usage_batches (
        id TEXT PRIMARY KEY,
        day TEXT NOT NULL
    ) WITHOUT ROWID;
    """,
    """
    CREATE TABLE IF NOT EXISTS line_reports (
        day TEXT NOT NULL,
        line_id TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS line_reports_by_day ON line_reports (day);
    """,
)

INSERT_BATCH_SQL = "INSERT INTO usage_batches (id, day) VALUES (:id, :day) ON CONFLICT DO NOTHING"
INSERT_EVENT_SQL = """
    INSERT INTO usage_events
        (day, command, answer_kind, entry_id, matched, crisis, country, locale, server)
    VALUES
        (:day, :command, :answer_kind, :entry_id, :matched, :crisis, :country, :locale, :server)
"""
INSERT_UNMATCHED_SQL = "INSERT INTO unmatched_questions (day, text) VALUES (?, ?)"
INSERT_REPORT_SQL = "INSERT INTO line_reports (day, line_id) VALUES (?, ?)"
DELETE_SERVER_SQL = "DELETE FROM usage_events WHERE server = :server"
EXPIRE_SQL = (
    "DELETE FROM usage_events WHERE day < :cutoff",
    "DELETE FROM unmatched_questions WHERE day < :cutoff",
    "DELETE FROM usage_batches WHERE day < :cutoff",
    "DELETE FROM line_reports WHERE day < :cutoff",
)
COUNTS_ALL_SQL = """
    SELECT command, answer_kind, entry_id, country, matched, crisis, count(*)
    FROM usage_events WHERE day >= :since
    GROUP BY command, answer_kind, entry_id, country, matched, crisis
"""
COUNTS_SERVER_SQL = """
    SELECT command, answer_kind, entry_id, country, matched, crisis, count(*)
    FROM usage_events WHERE server = :server AND day >= :since
    GROUP BY command, answer_kind, entry_id, country, matched, crisis
"""
UNMATCHED_SQL = """
    SELECT text, count(*) FROM unmatched_questions WHERE day >= :since
    GROUP BY text HAVING count(*) >= :min_count ORDER BY count(*) DESC, text LIMIT :limit
"""
REPORTS_SQL = """
    SELECT line_id, count(*), max(day) FROM line_reports WHERE day >= :since
    GROUP BY line_id ORDER BY count(*) DESC, line_id
"""
LAST_CHANGE_SQL = "SELECT coalesce(max(seq), 0) FROM setting_changes"
ALL_SETTINGS_SQL = "SELECT server_id, name, value FROM server_settings"
SERVER_SETTINGS_SQL = "SELECT server_id, name, value FROM server_settings WHERE server_id = :id"
UPSERT_SETTING_SQL = """
    INSERT INTO server_settings (server_id, name, value) VALUES (:id, :name, :value)
    ON CONFLICT (server_id, name) DO UPDATE SET value = excluded.value
"""
DELETE_SETTING_SQL = "DELETE FROM server_settings WHERE server_id = :id AND name = :name"
INSERT_CHANGE_SQL = "INSERT INTO setting_changes (server_id) VALUES (:id)"
PRUNE_CHANGES_SQL = "DELETE FROM setting_changes WHERE seq <= :seq - :kept"
CHANGES_SQL = "SELECT seq, server_id FROM setting_changes WHERE seq > :after"
OLDEST_CHANGE_SQL = "SELECT coalesce(min(seq), 0) FROM setting_changes"
CHANGED_SETTINGS_SQL = """
    SELECT server_id, name, value FROM server_settings
    WHERE server_id IN (SELECT server_id FROM setting_changes WHERE seq > :after)
"""

OWNER_ONLY = 0o600
SIDE_FILES = ("-wal", "-shm", "-journal")
POLL_SECONDS = 0.25
"""How often PRAGMA data_version is read to notice another process's commit; well under 1 s."""
# SQLite's result codes for a file that is not, or no longer, a readable database.
_CORRUPT_CODES = frozenset({sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB})

# The documented replacement for the date adapter Python 3.12 deprecates: days as ISO text.
sqlite3.register_adapter(dt.date, dt.date.isoformat)

Identity = tuple[int, int]


def is_corrupt(error: BaseException) -> bool:
    """Whether SQLite reported the file itself as damaged, rather than busy, full or read-only."""
    return getattr(error, "sqlite_errorcode", None) in _CORRUPT_CODES


def identity(path: Path) -> Identity | None:
    """The file now at `path` (device, inode), or None if there is none; a path-only look."""
    try:
        status = path.stat()
    except OSError:
        return None
    return status.st_dev, status.st_ino


def quarantine(path: Path, judged: Identity) -> Path | None:
    """Move the file judged corrupt (and its WAL) aside, unless another file has replaced it.

    The check and the rename happen under a lock beside the database, so of several processes
    that found the same file corrupt exactly one moves it, and none moves the new file that
    took its place: one decision per file.
    """
    lock = path.with_name(path.name + ".lock")
    with open(lock, "a") as held:  # a file of its own, never the database itself
        lock.chmod(OWNER_ONLY)
        fcntl.flock(held, fcntl.LOCK_EX)
        if identity(path) != judged:
            return None
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
        target = path.with_name(f"{path.name}.corrupt-{stamp}")
        path.rename(target)
        for suffix in SIDE_FILES:
            side = path.with_name(path.name + suffix)
            if side.exists():
                side.rename(target.with_name(target.name + suffix))
    return target


class SqliteBackend:
    """One connection to the file, shared by the usage log and the settings store.

    A lock keeps each transaction whole on the shared connection. The file is reopened when it
    was deleted or replaced, and moved aside (once) when SQLite reports it corrupt.
    """

    def __init__(self, path: Path, *, busy_timeout: float = 5.0) -> None:
        self.path = path
        self._busy_timeout = busy_timeout
        self._connection: aiosqlite.Connection | None = None
        self._identity: Identity | None = None
        self._judged_corrupt: Identity | None = None
        self._data_version: int | None = None
        self._lock = asyncio.Lock()

    @property
    def connection(self) -> aiosqlite.Connection | None:
        """The open connection, or None while the file is unavailable."""
        return self._connection

    def describe(self) -> str:
        """The file's path."""
        return str(self.path)

    def failures(self) -> tuple[type[BaseException], ...]:
        """SQLite's errors and the file system's; aiosqlite raises ValueError once closed."""
        return sqlite3.Error, OSError, ValueError

    async def connect(self) -> None:
        """Open the file if needed, starting anew if it was deleted, replaced or judged corrupt."""
        async with self._lock:
            if self._connection is not None and self._identity == identity(self.path):
                return
            if self._connection is not None:
                # Writes to a deleted file succeed silently and vanish; start a new file instead.
                log.warning(
                    "Database %s was removed or replaced while open; starting anew", self.path
                )
                await self._close()
            if self._judged_corrupt is not None:
                self._move_aside(self._judged_corrupt, "became corrupt")
                self._judged_corrupt = None
            try:
                await self._open()
            except sqlite3.Error as error:
                if not is_corrupt(error) or self._identity is None:
                    raise
                self._move_aside(self._identity, "was corrupt")
                await self._open()

    async def discard(self, error: BaseException) -> bool:
        """Close after a failure; a corrupt file is moved aside by the next connect.

        Never worth an immediate retry: a busy file has already been waited for.
        """
        async with self._lock:
            if is_corrupt(error) and self._identity is not None:
                self._judged_corrupt = self._identity
            await self._close()
        return False

    async def close(self) -> None:
        """Close the connection; safe to call twice."""
        async with self._lock:
            await self._close()

    async def write_usage(self, batch: UsageBatch) -> None:
        """Insert a batch once, after its deletions, with expiry of old rows when due."""
        async with self._transaction(write=True) as connection:
            day = dt.datetime.now(dt.UTC).date()
            cursor = await connection.execute(INSERT_BATCH_SQL, {"id": batch.id, "day": day})
            if cursor.rowcount == 0:
                return  # written before; only the reply to that commit was lost
            for server in batch.deleted_servers:
                await connection.execute(DELETE_SERVER_SQL, {"server": server})
            if batch.events:
                await connection.executemany(INSERT_EVENT_SQL, batch.events)
            if batch.questions:
                await connection.executemany(INSERT_UNMATCHED_SQL, batch.questions)
            if batch.reports:
                await connection.executemany(INSERT_REPORT_SQL, batch.reports)
            if batch.expire_before is not None:
                for sql in EXPIRE_SQL:
                    await connection.execute(sql, {"cutoff": batch.expire_before})

    async def usage_counts(self, since: dt.date, server: str | None) -> list[UsageCountRow]:
        """Grouped event counts; SQLite's 0 and 1 become booleans."""
        sql = COUNTS_ALL_SQL if server is None else COUNTS_SERVER_SQL  # each with its index
        async with self._transaction(write=False) as connection:
            rows = await connection.execute_fetchall(sql, {"since": since, "server": server})
        return [(c, k, e, co, bool(m), bool(cr), n) for c, k, e, co, m, cr, n in rows]

    async def unmatched_counts(
        self, since: dt.date, min_count: int, limit: int
    ) -> list[tuple[str, int]]:
        """Questions asked often enough, most asked first."""
        parameters = {"since": since, "min_count": min_count, "limit": limit}
        async with self._transaction(write=False) as connection:
            rows = await connection.execute_fetchall(UNMATCHED_SQL, parameters)
        return [(text, count) for text, count in rows]

    async def report_counts(self, since: dt.date) -> list[ReportCountRow]:
        """Reports per line, most reported first; days come back as ISO text."""
        async with self._transaction(write=False) as connection:
            rows = await connection.execute_fetchall(REPORTS_SQL, {"since": since})
        return [(line, count, dt.date.fromisoformat(day)) for line, count, day in rows]

    async def read_settings(self) -> SettingsRead:
        """Every stored setting and the last change number, in one snapshot."""
        async with self._transaction(write=False) as connection:
            seq = await _scalar(connection, LAST_CHANGE_SQL, {})
            rows = await connection.execute_fetchall(ALL_SETTINGS_SQL)
        return SettingsRead(seq, [(s, n, v) for s, n, v in rows])

    async def write_setting(self, server_id: int, name: str, value: str | None) -> SettingsRead:
        """Change one field and log the change, in one transaction; returns the server's rows."""
        parameters = {"id": server_id, "name": name, "value": value}
        async with self._transaction(write=True) as connection:
            sql = DELETE_SETTING_SQL if value is None else UPSERT_SETTING_SQL
            await connection.execute(sql, parameters)
            cursor = await connection.execute(INSERT_CHANGE_SQL, parameters)
            seq = int(cursor.lastrowid or 0)
            await connection.execute(PRUNE_CHANGES_SQL, {"seq": seq, "kept": KEPT_CHANGES})
            rows = await connection.execute_fetchall(SERVER_SETTINGS_SQL, parameters)
        return SettingsRead(seq, [(s, n, v) for s, n, v in rows], frozenset({server_id}))

    async def setting_changes(self, after: int) -> SettingsRead | None:
        """The servers changed since `after`, or every server if those changes were pruned."""
        async with self._transaction(write=False) as connection:
            changes = await connection.execute_fetchall(CHANGES_SQL, {"after": after})
            if not changes:
                return None
            seq = max(seq for seq, _ in changes)
            if await _scalar(connection, OLDEST_CHANGE_SQL, {}) > after + 1:
                rows = await connection.execute_fetchall(ALL_SETTINGS_SQL)
                return SettingsRead(seq, [(s, n, v) for s, n, v in rows])
            rows = await connection.execute_fetchall(CHANGED_SETTINGS_SQL, {"after": after})
        servers = frozenset(server for _, server in changes)
        return SettingsRead(seq, [(s, n, v) for s, n, v in rows], servers)

    async def wait_for_change(self, timeout: float) -> None:
        """Poll PRAGMA data_version, which moves when another connection commits to the file."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            async with self._lock:
                version = await _scalar(self._require(), "PRAGMA data_version", {})
            seen, self._data_version = self._data_version, version
            if seen is not None and seen != version:
                return
            remaining = deadline - loop.time()
            if remaining <= 0:
                return
            await asyncio.sleep(min(POLL_SECONDS, remaining))

    @contextlib.asynccontextmanager
    async def _transaction(self, *, write: bool) -> AsyncIterator[aiosqlite.Connection]:
        """One transaction on the shared connection; BEGIN IMMEDIATE takes the write lock first."""
        async with self._lock:
            connection = self._require()
            await connection.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            try:
                yield connection
            except BaseException:
                with contextlib.suppress(sqlite3.Error, ValueError):
                    await connection.rollback()
                raise
            await connection.commit()

    def _require(self) -> aiosqlite.Connection:
        if self._connection is None:
            raise DatabaseUnavailable(f"{self.path} is not open")
        return self._connection

    async def _open(self) -> None:
        # sqlite3's timeout is SQLite's busy timeout: how long to wait for another writer's lock.
        self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if self.path.is_dir():
            raise DatabaseUnavailable(f"{self.path} is a folder, not a database file")
        # isolation_level None: transactions are begun and ended here, explicitly.
        connection = await aiosqlite.connect(
            self.path, timeout=self._busy_timeout, isolation_level=None
        )
        self._identity = identity(self.path)
        try:
            # SQLite gives -wal and -shm the main file's mode when it makes them, which happens
            # below, so tightening the main file now keeps all three private, whatever the umask.
            _owner_only(self.path)
            version = await _scalar(connection, "PRAGMA user_version", {})
            await connection.execute("PRAGMA journal_mode = WAL")
            await connection.execute("PRAGMA synchronous = NORMAL")
            for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
                await connection.executescript(
                    f"BEGIN IMMEDIATE; {script}; PRAGMA user_version = {number}; COMMIT;"
                )
                log.info("Database %s: schema step %d applied", self.path.name, number)
        except BaseException:
            await connection.close()
            raise
        self._connection = connection
        self._data_version = None

    async def _close(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            try:
                await connection.close()
            except sqlite3.Error as error:
                log.warning("Database %s did not close cleanly: %s", self.path, error)

    def _move_aside(self, judged: Identity, how: str) -> None:
        moved = quarantine(self.path, judged)
        if moved is not None:
            log.warning("Database %s %s; moved it to %s", self.path, how, moved.name)
            self._identity = None


def _owner_only(path: Path) -> None:
    """Tighten the database and its side files by path (chmod opens no descriptor)."""
    for file in (path, *(path.with_name(path.name + suffix) for suffix in SIDE_FILES)):
        if file.exists() and file.stat().st_mode & 0o777 != OWNER_ONLY:
            file.chmod(OWNER_ONLY)


async def _scalar(connection: aiosqlite.Connection, sql: str, parameters: dict[str, object]) -> int:
    async with connection.execute(sql, parameters) as cursor:
        row = await cursor.fetchone()
    return int(row[0]) if row else 0
