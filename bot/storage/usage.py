"""The anonymous usage log: events that cannot name anyone, a bounded buffer, one writer."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import hashlib
import hmac
import logging
import re
import sqlite3
from collections import Counter, deque
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from bot.storage.database import Database, DatabaseUnavailable

log = logging.getLogger(__name__)

Command = Literal[
    "ask",
    "resources",
    "facts",
    "timeline",
    "stories",
    "urgent",
    "help",
    "about",
    "privacy",
    "support-a-friend",
    "reach-out",
    "console",
]
AnswerKind = Literal["resource", "topic", "faq", "fact", "event", "story", "emergency", "none"]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=64)]
ServerHash = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{32}$")]

NEVER_STORED: tuple[str, ...] = (
    "Who you are: no user, member, channel or message ids, and no names.",
    "What you typed: your questions and search words are not part of the usage log.",
    "Your language beyond its first part: 'en' is kept, never 'en-GB'.",
    "When exactly: only the day is kept, never the time.",
)
"""What the usage log never holds, in members' words, for the /privacy text."""

UNMATCHED_NOTICE = (
    "If a server's moderators turn it on, questions that found no answer are kept as their "
    "common words only: never names, places, numbers, links, emails or mentions, with no note of "
    "who asked or where, and editors see one only after many people asked the same thing."
)
"""The opt-in exception to NEVER_STORED, for the /privacy text."""

SERVER_HASH_CHARS = 32
RETENTION_EVERY = 3600.0  # seconds between sweeps of expired rows; retention is counted in days
MIN_UNMATCHED_COUNT = 5  # below this an editor could read one person's words (issue 13)

INSERT_EVENT_SQL = """
    INSERT INTO usage_events
        (day, command, answer_kind, entry_id, matched, crisis, country, locale, server)
    VALUES
        (:day, :command, :answer_kind, :entry_id, :matched, :crisis, :country, :locale, :server)
"""
INSERT_UNMATCHED_SQL = "INSERT INTO unmatched_questions (day, text) VALUES (:day, :text)"
DELETE_SERVER_SQL = "DELETE FROM usage_events WHERE server = :server"
EXPIRE_EVENTS_SQL = "DELETE FROM usage_events WHERE day < :cutoff"
EXPIRE_UNMATCHED_SQL = "DELETE FROM unmatched_questions WHERE day < :cutoff"
SUMMARY_ALL_SQL = """
    SELECT command, answer_kind, entry_id, country, matched, crisis, count(*)
    FROM usage_events WHERE day >= :since
    GROUP BY command, answer_kind, entry_id, country, matched, crisis
"""
SUMMARY_SERVER_SQL = """
    SELECT command, answer_kind, entry_id, country, matched, crisis, count(*)
    FROM usage_events WHERE server = :server AND day >= :since
    GROUP BY command, answer_kind, entry_id, country, matched, crisis
"""
UNMATCHED_SQL = """
    SELECT text, count(*) AS asked FROM unmatched_questions WHERE day >= :since
    GROUP BY text HAVING asked >= :min_count ORDER BY asked DESC, text LIMIT :limit
"""


def _today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


class UsageEvent(BaseModel):
    """One answered command, reduced to what cannot identify a person or repeat their words."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    command: Command = Field(description="Which command was used, such as /ask.")
    answer_kind: AnswerKind = Field(
        description="What kind of answer was shown: a resource, a fact, a story, crisis help, "
        "or nothing."
    )
    entry_id: Slug | None = Field(
        default=None,
        description="Which piece of our own content was shown, by its short name (like "
        "'rainn-hotline'), if any.",
    )
    matched: bool = Field(description="Whether we found an answer.")
    crisis: bool = Field(default=False, description="Whether crisis help was shown first.")
    country: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")] | None = Field(
        default=None, description="The country whose resources were shown, like GB."
    )
    locale: Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}$")] | None = Field(
        default=None, description="The first part of your Discord language setting, like 'en'."
    )
    day: dt.date = Field(default_factory=_today, description="The day (UTC), never the time.")
    server: ServerHash | None = Field(
        default=None,
        description="A scrambled code standing for the server (not its id), so moderators can "
        "see their own server's totals; empty in direct messages.",
    )

    @field_validator("locale", mode="before")
    @classmethod
    def _language_only(cls, value: object) -> object:
        # Discord sends 'en-GB' or 'pt-BR'; the region narrows down who asked, so it is cut here.
        if isinstance(value, str):
            return re.split(r"[-_]", value, maxsplit=1)[0].lower()
        return value

    @field_validator("country", mode="before")
    @classmethod
    def _upper_country(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value


def stored_fields() -> tuple[tuple[str, str], ...]:
    """Each stored field's name and plain description, so /privacy cannot drift from the type."""
    return tuple((name, field.description or "") for name, field in UsageEvent.model_fields.items())


def server_key(server_id: int, key: bytes) -> str:
    """Keyed hash of a server id: stable for per-server stats, useless without the key."""
    digest = hmac.new(key, str(server_id).encode(), hashlib.sha256).hexdigest()
    return digest[:SERVER_HASH_CHARS]


Counts = tuple[tuple[str | None, int], ...]
"""(label, count) pairs, largest first; a None label means no entry or no country."""


@dataclass(frozen=True)
class UsageSummary:
    """Raw aggregate counts; show them only through storage.stats, which suppresses small ones."""

    days: int
    is_one_server: bool
    total: int
    unmatched: int
    crisis: int
    by_command: Counts
    by_answer_kind: Counts
    by_entry: Counts
    by_country: Counts


@dataclass(frozen=True)
class UnmatchedQuestion:
    """A scrubbed question that found no answer, and how many times it was asked."""

    text: str
    count: int


class UsageLog:
    """Owns the usage tables and their writer: handlers only enqueue; one task writes batches."""

    def __init__(
        self,
        database: Database,
        *,
        key: bytes,
        retention_days: int,
        max_buffer: int,
        batch_size: int,
        flush_interval: float,
        retry_interval: float,
    ) -> None:
        self._database = database
        self._key = key
        self._retention_days = retention_days
        self._max_buffer = max_buffer
        self._batch_size = batch_size
        self._flush_interval = flush_interval
        self._retry_interval = retry_interval
        self._events: deque[UsageEvent] = deque()
        self._unmatched: deque[dict[str, str]] = deque()
        self._events_in_flight = 0
        self._unmatched_in_flight = 0
        self._deletes: dict[str, list[asyncio.Future[bool]]] = {}
        self._flush_waiters: list[asyncio.Future[bool]] = []
        self._silenced: set[str] = set()
        self._unmatched_servers: set[str] = set()
        self._wake = asyncio.Event()
        self._is_closing = False
        self._is_degraded = False
        self._next_expiry = 0.0
        self._written = 0
        self._dropped = 0
        self._writer: asyncio.Task[None] | None = None

    @classmethod
    async def open(
        cls,
        path: Path,
        *,
        key: bytes,
        retention_days: int,
        max_buffer: int = 10_000,
        batch_size: int = 500,
        flush_interval: float = 0.5,
        retry_interval: float = 5.0,
        busy_timeout: float = 5.0,
    ) -> UsageLog:
        """Open the log and start its writer; an unusable file gives a degraded log, no error.

        The writer wakes early once `batch_size` events are queued and writes everything queued
        in one transaction.
        """
        usage = cls(
            Database(path, busy_timeout=busy_timeout),
            key=key,
            retention_days=retention_days,
            max_buffer=max_buffer,
            batch_size=batch_size,
            flush_interval=flush_interval,
            retry_interval=retry_interval,
        )
        try:
            await usage._database.connect()
        except DatabaseUnavailable as error:
            usage._enter_degraded(error)
        usage._writer = asyncio.create_task(usage._run(), name="usage-log-writer")
        return usage

    @property
    def written(self) -> int:
        """Events written to the database since opening."""
        return self._written

    @property
    def dropped(self) -> int:
        """Events and questions lost because the buffer was full or the log had closed."""
        return self._dropped

    @property
    def is_degraded(self) -> bool:
        """Whether the last attempt to use the database failed; events wait in memory meanwhile."""
        return self._is_degraded

    @property
    def pending(self) -> int:
        """Events and questions waiting in memory for the writer."""
        return (
            len(self._events)
            + len(self._unmatched)
            + self._events_in_flight
            + self._unmatched_in_flight
        )

    def server_hash(self, server_id: int | None) -> str | None:
        """Return the value UsageEvent.server takes for a server; None in direct messages."""
        return None if server_id is None else server_key(server_id, self._key)

    def set_server_choices(
        self, server_hash: str, *, usage_logging: bool, unmatched_logging: bool
    ) -> None:
        """Apply a server's logging choices, so no handler has to remember them."""
        if usage_logging:
            self._silenced.discard(server_hash)
        else:
            self._silenced.add(server_hash)
        if unmatched_logging:
            self._unmatched_servers.add(server_hash)
        else:
            self._unmatched_servers.discard(server_hash)

    def record(self, event: UsageEvent) -> None:
        """Queue an event without waiting; past the buffer's bound it is dropped and counted."""
        if event.server is not None and event.server in self._silenced:
            return
        if self._is_closing or len(self._events) + self._events_in_flight >= self._max_buffer:
            self._dropped += 1
            return
        self._events.append(event)
        if len(self._events) >= self._batch_size:
            self._wake.set()

    def keeps_unmatched(self, server: str | None) -> bool:
        """Whether a server opted in to the unmatched log, so callers redact only for those."""
        return server in self._unmatched_servers

    def record_unmatched(self, text: str, *, server: str | None) -> None:
        """Queue a question that found no answer, already redacted, if its server opted in.

        `text` comes from engine.redact, in a worker thread: the log stores what it is given.
        """
        if server not in self._unmatched_servers or not text:
            return
        if self._is_closing or len(self._unmatched) + self._unmatched_in_flight >= self._max_buffer:
            self._dropped += 1
            return
        self._unmatched.append({"day": _today().isoformat(), "text": text})
        if len(self._unmatched) >= self._batch_size:
            self._wake.set()

    async def flush(self, timeout: float = 5.0) -> bool:
        """Wait until everything queued is written; False if the database would not take it."""
        if self.pending == 0 or self._writer is None or self._writer.done():
            return self.pending == 0
        waiter: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        self._flush_waiters.append(waiter)
        self._wake.set()
        try:
            return await asyncio.wait_for(asyncio.shield(waiter), timeout)
        except TimeoutError:
            return False

    async def delete_server(self, server_hash: str, timeout: float = 5.0) -> bool:
        """Remove a server's events, queued and stored; False if the database must catch up later.

        Called when a server switches usage logging off.
        """
        self._events = deque(event for event in self._events if event.server != server_hash)
        if self._writer is None or self._writer.done():
            return False
        waiter: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        self._deletes.setdefault(server_hash, []).append(waiter)
        self._wake.set()
        try:
            return await asyncio.wait_for(asyncio.shield(waiter), timeout)
        except TimeoutError:
            return False

    async def summary(self, *, days: int, server: str | None = None) -> UsageSummary | None:
        """Count the last `days` days for one server (by hash) or all; None if unavailable.

        Events still in the buffer are not counted; call flush() first when that matters.
        """
        since = (_today() - dt.timedelta(days=days - 1)).isoformat()
        if server is None:
            rows = await self._fetch(SUMMARY_ALL_SQL, {"since": since})
        else:
            rows = await self._fetch(SUMMARY_SERVER_SQL, {"since": since, "server": server})
        if rows is None:
            return None
        commands: Counter[str | None] = Counter()
        kinds: Counter[str | None] = Counter()
        entries: Counter[str | None] = Counter()
        countries: Counter[str | None] = Counter()
        unmatched = crisis = 0
        for command, kind, entry_id, country, matched, is_crisis, count in rows:
            commands[command] += count
            kinds[kind] += count
            entries[entry_id] += count
            countries[country] += count
            unmatched += 0 if matched else count
            crisis += count if is_crisis else 0
        return UsageSummary(
            days=days,
            is_one_server=server is not None,
            total=commands.total(),
            unmatched=unmatched,
            crisis=crisis,
            by_command=tuple(commands.most_common()),
            by_answer_kind=tuple(kinds.most_common()),
            by_entry=tuple(entries.most_common()),
            by_country=tuple(countries.most_common()),
        )

    async def unmatched_questions(
        self, min_count: int, *, days: int | None = None, limit: int = 50
    ) -> tuple[UnmatchedQuestion, ...] | None:
        """Return questions asked `min_count` times or more (at least five); None if unavailable."""
        if min_count < MIN_UNMATCHED_COUNT:
            raise ValueError(f"min_count must be at least {MIN_UNMATCHED_COUNT}")
        window = self._retention_days if days is None else days
        since = (_today() - dt.timedelta(days=window - 1)).isoformat()
        rows = await self._fetch(
            UNMATCHED_SQL, {"since": since, "min_count": min_count, "limit": limit}
        )
        if rows is None:
            return None
        return tuple(UnmatchedQuestion(text, count) for text, count in rows)

    async def close(self, timeout: float = 5.0) -> None:
        """Write what is queued within `timeout` seconds, then close; the rest counts as dropped."""
        if self._is_closing:
            return
        self._is_closing = True
        self._wake.set()
        if self._writer is not None:
            try:
                await asyncio.wait_for(asyncio.shield(self._writer), timeout)
            except TimeoutError:
                self._writer.cancel()
                await asyncio.gather(self._writer, return_exceptions=True)
        unwritten = self.pending
        if unwritten:
            self._dropped += unwritten
            log.warning("Usage log closed with %d events unwritten", unwritten)
        self._events.clear()
        self._unmatched.clear()
        self._events_in_flight = self._unmatched_in_flight = 0
        await self._database.close()
        _resolve(self._flush_waiters, unwritten == 0)
        for waiters in self._deletes.values():
            _resolve(waiters, False)
        log.info("Usage log closed: %d events written, %d dropped", self._written, self._dropped)

    async def _fetch(self, sql: str, parameters: dict[str, object]) -> list[tuple[Any, ...]] | None:
        # Reads borrow the writer's connection but never reopen it; only the writer does that.
        connection = self._database.connection
        if connection is None:
            return None
        try:
            rows = await connection.execute_fetchall(sql, parameters)
        except (sqlite3.Error, ValueError) as error:
            log.warning("Usage stats unavailable: %s", error)
            return None
        return [tuple(row) for row in rows]

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            if not self._is_urgent():
                if self._is_closing:
                    return
                await self._sleep(self._flush_interval)
            if not (self._has_work() or loop.time() >= self._next_expiry):
                _resolve(self._flush_waiters, True)
                continue
            if await self._write_batch():
                continue
            if self._is_closing:
                return
            await self._sleep(self._retry_interval)

    async def _sleep(self, seconds: float) -> None:
        """Wait `seconds`, or less if record, flush, delete_server or close asks for the writer."""
        self._wake.clear()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), seconds)

    def _has_work(self) -> bool:
        return bool(self._events or self._unmatched or self._deletes)

    def _is_urgent(self) -> bool:
        return (
            len(self._events) >= self._batch_size
            or len(self._unmatched) >= self._batch_size
            or bool(self._deletes or self._flush_waiters)
            or (self._is_closing and self._has_work())
        )

    async def _write_batch(self) -> bool:
        """Write one batch, pending deletions and due expiry in one transaction."""
        loop = asyncio.get_running_loop()
        events = list(self._events)
        self._events.clear()
        questions = list(self._unmatched)
        self._unmatched.clear()
        deletes = dict(self._deletes)
        self._deletes.clear()
        self._events_in_flight, self._unmatched_in_flight = len(events), len(questions)
        is_expiry_due = loop.time() >= self._next_expiry
        try:
            await self._write(events, questions, deletes, is_expiry_due=is_expiry_due)
        except (sqlite3.Error, DatabaseUnavailable) as error:
            self._events_in_flight = self._unmatched_in_flight = 0
            for server, waiters in deletes.items():
                self._deletes.setdefault(server, []).extend(waiters)
            # A server may have switched logging off while this batch was in flight.
            self._events.extendleft(
                event for event in reversed(events) if event.server not in self._deletes
            )
            self._unmatched.extendleft(reversed(questions))
            self._enter_degraded(error)
            return False
        self._events_in_flight = self._unmatched_in_flight = 0
        self._written += len(events)
        if is_expiry_due:
            self._next_expiry = loop.time() + RETENTION_EVERY
        for waiters in deletes.values():
            _resolve(waiters, True)
        if self._is_degraded:
            self._is_degraded = False
            log.info("Usage log is writing to %s again", self._database.path)
        if not self._has_work():
            _resolve(self._flush_waiters, True)
        return True

    async def _write(
        self,
        events: list[UsageEvent],
        questions: list[dict[str, str]],
        deletes: dict[str, list[asyncio.Future[bool]]],
        *,
        is_expiry_due: bool,
    ) -> None:
        connection = await self._database.connect()
        try:
            # Deletions go first: events in this batch were queued after delete_server ran.
            for server in deletes:
                await connection.execute(DELETE_SERVER_SQL, {"server": server})
            if events:
                # A lazy map: rows are built in the database thread, not on the event loop.
                await connection.executemany(INSERT_EVENT_SQL, map(_row, events))
            if questions:
                await connection.executemany(INSERT_UNMATCHED_SQL, questions)
            if is_expiry_due:
                cutoff = (_today() - dt.timedelta(days=self._retention_days)).isoformat()
                await connection.execute(EXPIRE_EVENTS_SQL, {"cutoff": cutoff})
                await connection.execute(EXPIRE_UNMATCHED_SQL, {"cutoff": cutoff})
            await connection.commit()
        except sqlite3.Error as error:
            # Closing without commit rolls the transaction back; the next batch reconnects.
            await self._database.discard(error)
            raise

    def _enter_degraded(self, error: BaseException) -> None:
        if not self._is_degraded:
            log.warning(
                "Usage log cannot write to %s (%s); keeping up to %d events in memory and retrying",
                self._database.path,
                error,
                self._max_buffer,
            )
        self._is_degraded = True


def _resolve(waiters: list[asyncio.Future[bool]], outcome: bool) -> None:
    for waiter in waiters:
        if not waiter.done():
            waiter.set_result(outcome)
    waiters.clear()


def _row(event: UsageEvent) -> dict[str, object]:
    return {
        "day": event.day.isoformat(),
        "command": event.command,
        "answer_kind": event.answer_kind,
        "entry_id": event.entry_id,
        "matched": event.matched,
        "crisis": event.crisis,
        "country": event.country,
        "locale": event.locale,
        "server": event.server,
    }
