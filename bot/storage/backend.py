"""The small interface each database engine implements, and the values that cross it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

POSTGRES_SCHEMES = ("postgresql://", "postgres://")
SETTINGS_CHANNEL = "signpost_settings"
"""PostgreSQL notification channel on which every settings change is announced."""
KEPT_CHANGES = 1_000
"""Settings changes remembered for other processes to catch up on; one further behind reloads."""


def is_postgres(url: str) -> bool:
    """Whether a database URL names PostgreSQL; anything else is the path of a SQLite file."""
    return url.startswith(POSTGRES_SCHEMES)


class DatabaseUnavailable(Exception):
    """The database cannot be used right now; the message says why, never with a password."""


@dataclass(frozen=True)
class UsageBatch:
    """One transaction of usage writes.

    `id` is written with the rows, so a batch sent again after an unanswered commit (the
    connection dropped before the reply) is counted once. `events` are UsageEvent.model_dump()
    rows; deletions run before the inserts, since those events were queued after the deletion.
    `reports` are (day, line id) pairs: members telling editors a line's number is wrong.
    """

    id: str
    events: Sequence[Mapping[str, object]]
    questions: Sequence[tuple[dt.date, str]]
    deleted_servers: Sequence[str]
    expire_before: dt.date | None
    reports: Sequence[tuple[dt.date, str]] = ()


SettingRow = tuple[int, str, str]
"""(server id, setting name, JSON value) as stored."""
UsageCountRow = tuple[str, str, str | None, str | None, bool, bool, int]
"""(command, answer kind, entry id, country, matched, crisis, count) for one group of events."""
ReportCountRow = tuple[str, int, dt.date]
"""(line id, reports, the last day one was made) for one reported line."""


@dataclass(frozen=True)
class SettingsRead:
    """Settings rows read in one snapshot, with the number of the last change they include.

    `servers` names the servers the rows cover (every server when None): a listed server
    without rows is back to the defaults.
    """

    seq: int
    rows: Sequence[SettingRow]
    servers: frozenset[int] | None = None


class Backend(Protocol):
    """What the usage log and the settings store need from an engine; SQL stays behind it.

    Every method but `describe`, `failures` and `close` may raise one of `failures()` or
    DatabaseUnavailable; Database turns both into DatabaseUnavailable and decides what follows.
    """

    def describe(self) -> str:
        """Name the database for logs: a file, or a host and database, never a password."""
        ...

    def failures(self) -> tuple[type[BaseException], ...]:
        """The exception types that mean this engine failed (as opposed to a bug)."""
        ...

    async def connect(self) -> None:
        """Open the connection if none is open, and run any missing schema steps."""
        ...

    async def discard(self, error: BaseException) -> bool:
        """Forget a connection that failed with `error`, so the next call reconnects.

        Returns whether trying again at once is worthwhile: a connection lost to a server
        restart is, a busy or broken file is not.
        """
        ...

    async def close(self) -> None:
        """Close every connection; safe to call twice."""
        ...

    async def write_usage(self, batch: UsageBatch) -> None:
        """Apply one batch in one transaction, or not at all."""
        ...

    async def usage_counts(self, since: dt.date, server: str | None) -> list[UsageCountRow]:
        """Grouped counts of events from `since` on, for one server's hash or for all."""
        ...

    async def unmatched_counts(
        self, since: dt.date, min_count: int, limit: int
    ) -> list[tuple[str, int]]:
        """Questions asked at least `min_count` times since `since`, most asked first."""
        ...

    async def report_counts(self, since: dt.date) -> list[ReportCountRow]:
        """Wrong-number reports per line since `since`, most reported first."""
        ...

    async def read_settings(self) -> SettingsRead:
        """Every server's stored settings."""
        ...

    async def write_setting(self, server_id: int, name: str, value: str | None) -> SettingsRead:
        """Store one field (None deletes it), announce it, and return that server's rows."""
        ...

    async def setting_changes(self, after: int) -> SettingsRead | None:
        """Rows of the servers changed since change `after`; None if nothing changed."""
        ...

    async def wait_for_change(self, timeout: float) -> None:
        """Return when another process may have changed something, or after `timeout` seconds."""
        ...
