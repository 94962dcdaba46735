"""PostgreSQL through asyncpg: a small pool, schema steps, and LISTEN for other processes' changes.

For deployments past one machine: every process shares one database, so settings and usage
totals are the same everywhere.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from urllib.parse import urlsplit

import asyncpg
from asyncpg.pool import PoolConnectionProxy

from bot.storage.backend import (
    KEPT_CHANGES,
    SETTINGS_CHANNEL,
    DatabaseUnavailable,
    ReportCountRow,
    SettingsRead,
    UsageBatch,
    UsageCountRow,
)

log = logging.getLogger(__name__)

# Each step runs once, in order, in one transaction under an advisory lock, so processes starting
# together apply it once; signpost_schema records the steps applied.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE usage_events (
        day date NOT NULL,
        command text NOT NULL,
        answer_kind text NOT NULL,
        entry_id text,
        matched boolean NOT NULL,
        crisis boolean NOT NULL,
        country text,
        locale text,
        server text
    );
    CREATE INDEX usage_events_by_day ON usage_events (day);
    CREATE INDEX usage_events_by_server ON usage_events (server, day);
    CREATE TABLE unmatched_questions (
        day date NOT NULL,
        text text NOT NULL
    );
    CREATE INDEX unmatched_questions_by_day ON unmatched_questions (day);
    CREATE TABLE server_settings (
        server_id bigint NOT NULL,
        name text NOT NULL,
        value text NOT NULL,
        PRIMARY KEY (server_id, name)
    );
    CREATE TABLE setting_changes (
        seq bigserial PRIMARY KEY,
        server_id bigint NOT NULL
    );
    CREATE TABLE usage_batches (
        id text PRIMARY KEY,
        day date NOT NULL
    );
    """,
    """
    CREATE TABLE line_reports (
        day date NOT NULL,
        line_id text NOT NULL
    );
    CREATE INDEX line_reports_by_day ON line_reports (day);
    """,
)
MIGRATION_LOCK = 0x5167_6E70  # any constant shared by every Signpost process
SETTINGS_LOCK = MIGRATION_LOCK + 1
"""Held while a setting changes, so change numbers are committed in the order they are taken."""

SCHEMA_TABLE_SQL = "CREATE TABLE IF NOT EXISTS signpost_schema (version integer NOT NULL)"
SCHEMA_VERSION_SQL = "SELECT coalesce(max(version), 0) FROM signpost_schema"
RECORD_STEP_SQL = "INSERT INTO signpost_schema (version) VALUES ($1)"
LOCK_SQL = "SELECT pg_advisory_xact_lock($1)"
INSERT_BATCH_SQL = "INSERT INTO usage_batches (id, day) VALUES ($1, $2) ON CONFLICT DO NOTHING"
DELETE_SERVER_SQL = "DELETE FROM usage_events WHERE server = $1"
EXPIRE_SQL = (
    "DELETE FROM usage_events WHERE day < $1",
    "DELETE FROM unmatched_questions WHERE day < $1",
    "DELETE FROM usage_batches WHERE day < $1",
    "DELETE FROM line_reports WHERE day < $1",
)
COUNTS_ALL_SQL = """
    SELECT command, answer_kind, entry_id, country, matched, crisis, count(*)
    FROM usage_events WHERE day >= $1
    GROUP BY command, answer_kind, entry_id, country, matched, crisis
"""
COUNTS_SERVER_SQL = """
    SELECT command, answer_kind, entry_id, country, matched, crisis, count(*)
    FROM usage_events WHERE server = $2 AND day >= $1
    GROUP BY command, answer_kind, entry_id, country, matched, crisis
"""
UNMATCHED_SQL = """
    SELECT text, count(*) FROM unmatched_questions WHERE day >= $1
    GROUP BY text HAVING count(*) >= $2 ORDER BY count(*) DESC, text LIMIT $3
"""
REPORTS_SQL = """
    SELECT line_id, count(*), max(day) FROM line_reports WHERE day >= $1
    GROUP BY line_id ORDER BY count(*) DESC, line_id
"""
LAST_CHANGE_SQL = "SELECT coalesce(max(seq), 0) FROM setting_changes"
ALL_SETTINGS_SQL = "SELECT server_id, name, value FROM server_settings"
SERVER_SETTINGS_SQL = "SELECT server_id, name, value FROM server_settings WHERE server_id = $1"
UPSERT_SETTING_SQL = """
    INSERT INTO server_settings (server_id, name, value) VALUES ($1, $2, $3)
    ON CONFLICT (server_id, name) DO UPDATE SET value = excluded.value
"""
DELETE_SETTING_SQL = "DELETE FROM server_settings WHERE server_id = $1 AND name = $2"
INSERT_CHANGE_SQL = "INSERT INTO setting_changes (server_id) VALUES ($1) RETURNING seq"
PRUNE_CHANGES_SQL = "DELETE FROM setting_changes WHERE seq <= $1 - $2::bigint"
NOTIFY_SQL = "SELECT pg_notify($1, $2)"
CHANGES_SQL = "SELECT seq, server_id FROM setting_changes WHERE seq > $1"
OLDEST_CHANGE_SQL = "SELECT coalesce(min(seq), 0) FROM setting_changes"
CHANGED_SETTINGS_SQL = """
    SELECT server_id, name, value FROM server_settings
    WHERE server_id IN (SELECT server_id FROM setting_changes WHERE seq > $1)
"""

LOST_CONNECTION = (
    asyncpg.exceptions.AdminShutdownError,
    asyncpg.exceptions.CrashShutdownError,
    asyncpg.exceptions.CannotConnectNowError,
    asyncpg.exceptions.PostgresConnectionError,
)
"""Server errors that end a connection (a restart or shutdown), rather than refuse a query."""
POOL_SIZE = 4
"""Connections per process: the usage writer, settings, stats; more would only queue on locks."""
CONNECT_TIMEOUT = 5.0
COMMAND_TIMEOUT = 10.0
CLOSE_TIMEOUT = 5.0


def _rows(records: list[asyncpg.Record]) -> list[tuple[int, str, str]]:
    return [(int(r[0]), str(r[1]), str(r[2])) for r in records]


class PostgresBackend:
    """A connection pool for queries and writes, and one more connection that LISTENs.

    asyncpg's pool replaces a broken connection on the next acquire, so after a restart of the
    server the next call simply works; the listener is reopened by wait_for_change.
    """

    def __init__(self, url: str) -> None:
        self._url = url
        self._pool: asyncpg.Pool | None = None
        self._listener: asyncpg.Connection | None = None
        self._changed = asyncio.Event()
        self._lock = asyncio.Lock()

    def describe(self) -> str:
        """Host, port and database; the URL's password is left out."""
        parts = urlsplit(self._url)
        return f"PostgreSQL {parts.hostname or 'localhost'}:{parts.port or 5432}{parts.path}"

    def failures(self) -> tuple[type[BaseException], ...]:
        """Server errors, a lost or refused connection, and timeouts.

        asyncpg reports a connection lost mid-operation as InternalClientError, outside its
        InterfaceError family.
        """
        return (
            asyncpg.PostgresError,
            asyncpg.InterfaceError,
            asyncpg.InternalClientError,
            OSError,
            TimeoutError,
        )

    async def connect(self) -> None:
        """Create the pool and apply missing schema steps, once."""
        async with self._lock:
            if self._pool is not None:
                return
            pool = await asyncpg.create_pool(
                self._url,
                min_size=0,  # no floor to restore in the background while the server is away
                max_size=POOL_SIZE,
                timeout=CONNECT_TIMEOUT,
                command_timeout=COMMAND_TIMEOUT,
            )
            try:
                async with pool.acquire() as connection:
                    await _migrate(connection, self.describe())
            except BaseException:
                await pool.close()
                raise
            self._pool = pool

    async def discard(self, error: BaseException) -> bool:
        """After a lost connection, replace every pooled one: they all went with the server.

        Worth one immediate retry then, since the server may well be back (a restart).
        """
        if self._pool is None or (
            isinstance(error, asyncpg.PostgresError) and not isinstance(error, LOST_CONNECTION)
        ):
            return False
        await self._pool.expire_connections()
        return True

    async def close(self) -> None:
        """Close the listener and the pool; safe to call twice."""
        async with self._lock:
            listener, self._listener = self._listener, None
            pool, self._pool = self._pool, None
            if listener is not None:
                with contextlib.suppress(*self.failures()):
                    await asyncio.wait_for(listener.close(), CLOSE_TIMEOUT)
            if pool is not None:
                slow_or_failed: tuple[type[BaseException], ...] = (TimeoutError, *self.failures())
                try:
                    await asyncio.wait_for(pool.close(), CLOSE_TIMEOUT)
                except slow_or_failed:
                    pool.terminate()

    async def write_usage(self, batch: UsageBatch) -> None:
        """Insert a batch once with COPY, after its deletions, with expiry when due."""
        async with self._require().acquire() as connection, connection.transaction():
            day = dt.datetime.now(dt.UTC).date()
            if await connection.execute(INSERT_BATCH_SQL, batch.id, day) == "INSERT 0 0":
                return  # written before; only the reply to that commit was lost
            for server in batch.deleted_servers:
                await connection.execute(DELETE_SERVER_SQL, server)
            if batch.events:
                await connection.copy_records_to_table(
                    "usage_events",
                    records=[tuple(event.values()) for event in batch.events],
                    columns=list(batch.events[0]),
                )
            if batch.questions:
                await connection.copy_records_to_table(
                    "unmatched_questions", records=batch.questions, columns=("day", "text")
                )
            if batch.reports:
                await connection.copy_records_to_table(
                    "line_reports", records=batch.reports, columns=("day", "line_id")
                )
            if batch.expire_before is not None:
                for sql in EXPIRE_SQL:
                    await connection.execute(sql, batch.expire_before)

    async def usage_counts(self, since: dt.date, server: str | None) -> list[UsageCountRow]:
        """Grouped event counts."""
        async with self._require().acquire() as connection:
            if server is None:  # two statements, so each uses its own index
                records = await connection.fetch(COUNTS_ALL_SQL, since)
            else:
                records = await connection.fetch(COUNTS_SERVER_SQL, since, server)
        return [(r[0], r[1], r[2], r[3], r[4], r[5], r[6]) for r in records]

    async def unmatched_counts(
        self, since: dt.date, min_count: int, limit: int
    ) -> list[tuple[str, int]]:
        """Questions asked often enough, most asked first."""
        async with self._require().acquire() as connection:
            records = await connection.fetch(UNMATCHED_SQL, since, min_count, limit)
        return [(r[0], r[1]) for r in records]

    async def report_counts(self, since: dt.date) -> list[ReportCountRow]:
        """Reports per line, most reported first."""
        async with self._require().acquire() as connection:
            records = await connection.fetch(REPORTS_SQL, since)
        return [(r[0], r[1], r[2]) for r in records]

    async def read_settings(self) -> SettingsRead:
        """Every stored setting and the last change number, in one snapshot."""
        async with (
            self._require().acquire() as connection,
            connection.transaction(isolation="repeatable_read", readonly=True),
        ):
            seq = await connection.fetchval(LAST_CHANGE_SQL)
            rows = await connection.fetch(ALL_SETTINGS_SQL)
        return SettingsRead(int(seq), _rows(rows))

    async def write_setting(self, server_id: int, name: str, value: str | None) -> SettingsRead:
        """Change one field, log and announce the change; returns the server's rows."""
        async with self._require().acquire() as connection, connection.transaction():
            await connection.execute(LOCK_SQL, SETTINGS_LOCK)
            if value is None:
                await connection.execute(DELETE_SETTING_SQL, server_id, name)
            else:
                await connection.execute(UPSERT_SETTING_SQL, server_id, name, value)
            seq = int(await connection.fetchval(INSERT_CHANGE_SQL, server_id))
            await connection.execute(PRUNE_CHANGES_SQL, seq, KEPT_CHANGES)
            await connection.execute(NOTIFY_SQL, SETTINGS_CHANNEL, str(seq))
            rows = await connection.fetch(SERVER_SETTINGS_SQL, server_id)
        return SettingsRead(seq, _rows(rows), frozenset({server_id}))

    async def setting_changes(self, after: int) -> SettingsRead | None:
        """The servers changed since `after`, or every server if those changes were pruned."""
        async with (
            self._require().acquire() as connection,
            connection.transaction(isolation="repeatable_read", readonly=True),
        ):
            changes = await connection.fetch(CHANGES_SQL, after)
            if not changes:
                return None
            seq = max(int(change[0]) for change in changes)
            if await connection.fetchval(OLDEST_CHANGE_SQL) > after + 1:
                return SettingsRead(seq, _rows(await connection.fetch(ALL_SETTINGS_SQL)))
            rows = await connection.fetch(CHANGED_SETTINGS_SQL, after)
        servers = frozenset(int(change[1]) for change in changes)
        return SettingsRead(seq, _rows(rows), servers)

    async def wait_for_change(self, timeout: float) -> None:
        """Wait for a NOTIFY from another process; (re)opening the listener counts as one.

        Notifications sent while the listener was down are lost, so a new listener returns at
        once and the caller reads the changes it missed.
        """
        if self._listener is None or self._listener.is_closed():
            self._listener = await asyncpg.connect(self._url, timeout=CONNECT_TIMEOUT)
            await self._listener.add_listener(SETTINGS_CHANNEL, self._wake)
            # A listener that dies (the server restarted) wakes the caller, which reopens it.
            self._listener.add_termination_listener(self._wake)
            return
        # asyncio.timeout, not wait_for: on Python 3.11 wait_for can swallow a cancellation that
        # arrives as its timeout fires, and the settings watcher then never stopped (a test hung
        # in ServerSettings.close, once in four runs on a busy machine).
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(timeout):
                await self._changed.wait()
        self._changed.clear()

    def _wake(self, *_: object) -> None:
        self._changed.set()

    def _require(self) -> asyncpg.Pool:
        if self._pool is None:
            raise DatabaseUnavailable(f"{self.describe()} is not connected")
        return self._pool


async def _migrate(connection: PoolConnectionProxy[asyncpg.Record], name: str) -> None:
    async with connection.transaction():
        await connection.execute(LOCK_SQL, MIGRATION_LOCK)
        await connection.execute(SCHEMA_TABLE_SQL)
        version = int(await connection.fetchval(SCHEMA_VERSION_SQL))
        for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
            await connection.execute(script)
            await connection.execute(RECORD_STEP_SQL, number)
            log.info("Database %s: schema step %d applied", name, number)
