"""The anonymous usage log: events that cannot name anyone, a bounded buffer, one writer.

Members' reports of a wrong number go the same way: a line id and a day, nothing else.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import hashlib
import hmac
import logging
import re
import uuid
from collections import Counter, deque
from dataclasses import dataclass, field
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from bot.storage.backend import DatabaseUnavailable, UsageBatch
from bot.storage.database import Database

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
SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=64)]
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
_SLUG = re.compile(SLUG_PATTERN)


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
class LineReport:
    """How often members reported a line's number as wrong, and the last day one did."""

    line_id: str
    count: int
    last_day: dt.date


@dataclass(frozen=True)
class UnmatchedQuestion:
    """A scrubbed question that found no answer, and how many times it was asked."""

    text: str
    count: int


@dataclass
class _Unsent:
    """A batch taken from the queues, retried whole so its id, and so its count, stays one."""

    batch: UsageBatch
    deletes: dict[str, list[asyncio.Future[bool]]] = field(default_factory=dict)


class UsageLog:
    """Writes and reads the usage tables: handlers only enqueue; one task writes batches.

    Which servers count usage, or keep unanswered questions, is their settings' business: the
    caller decides whether to record. Every event queued is either written or counted dropped.
    """

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
        self._unmatched: deque[tuple[dt.date, str]] = deque()
        self._reports: deque[tuple[dt.date, str]] = deque()
        self._unsent: _Unsent | None = None
        self._deletes: dict[str, list[asyncio.Future[bool]]] = {}
        self._flush_waiters: list[asyncio.Future[bool]] = []
        self._wake = asyncio.Event()
        self._is_closing = False
        self._is_closed = False
        self._next_expiry = 0.0
        self._written = 0
        self._dropped = 0
        self._writer: asyncio.Task[None] | None = None

    @classmethod
    async def open(
        cls,
        database: Database,
        *,
        key: bytes,
        retention_days: int,
        max_buffer: int = 10_000,
        batch_size: int = 500,
        flush_interval: float = 0.5,
        retry_interval: float = 5.0,
    ) -> UsageLog:
        """Start the writer on `database`, which may be degraded: events wait in memory.

        The writer wakes early once `batch_size` events are queued and writes everything queued
        in one transaction.
        """
        usage = cls(
            database,
            key=key,
            retention_days=retention_days,
            max_buffer=max_buffer,
            batch_size=batch_size,
            flush_interval=flush_interval,
            retry_interval=retry_interval,
        )
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
        return self._database.is_degraded

    @property
    def pending(self) -> int:
        """Events, questions and reports waiting in memory for the writer."""
        queued = (self._events, self._unmatched, self._reports)
        unsent = self._unsent.batch if self._unsent else None
        in_flight = (unsent.events, unsent.questions, unsent.reports) if unsent else ()
        return sum(len(items) for items in (*queued, *in_flight))

    def server_hash(self, server_id: int | None) -> str | None:
        """Return the value UsageEvent.server takes for a server; None in direct messages."""
        return None if server_id is None else server_key(server_id, self._key)

    def record(self, event: UsageEvent) -> None:
        """Queue an event without waiting; past the buffer's bound it is dropped and counted."""
        unsent = len(self._unsent.batch.events) if self._unsent else 0
        if self._refuses(len(self._events) + unsent):
            return
        self._events.append(event)
        if len(self._events) >= self._batch_size:
            self._wake.set()

    def record_unmatched(self, text: str, *, server: str | None) -> None:
        """Queue a question that found no answer, already redacted; the caller checked the opt-in.

        `text` comes from engine.redact, in a worker thread: the log stores what it is given.
        `server` is never stored: no question can be tied to the server where it was asked.
        """
        unsent = len(self._unsent.batch.questions) if self._unsent else 0
        if not text or self._refuses(len(self._unmatched) + unsent):
            return
        self._unmatched.append((_today(), text))
        if len(self._unmatched) >= self._batch_size:
            self._wake.set()

    def record_report(self, line_id: str) -> None:
        """Queue a member's report that a line's number is wrong: the line's id and the day.

        Nothing of who reported, or where, reaches the log; `line_id` must be a content id.
        """
        if not _SLUG.match(line_id):
            raise ValueError("a report names a line by its content id")
        unsent = len(self._unsent.batch.reports) if self._unsent else 0
        if self._refuses(len(self._reports) + unsent):
            return
        self._reports.append((_today(), line_id))
        if len(self._reports) >= self._batch_size:
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
        since = _today() - dt.timedelta(days=days - 1)
        try:
            rows = await self._database.run(lambda backend: backend.usage_counts(since, server))
        except DatabaseUnavailable:
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
        since = _today() - dt.timedelta(days=window - 1)
        try:
            rows = await self._database.run(
                lambda backend: backend.unmatched_counts(since, min_count, limit)
            )
        except DatabaseUnavailable:
            return None
        return tuple(UnmatchedQuestion(text, count) for text, count in rows)

    async def line_reports(self, *, days: int | None = None) -> tuple[LineReport, ...] | None:
        """Lines reported in the last `days` days (all kept by default), most reported first.

        None if the database cannot be read. Line ids are content, never personal: no count is
        hidden here, unlike usage statistics.
        """
        since = _today() - dt.timedelta(days=(days or self._retention_days) - 1)
        try:
            rows = await self._database.run(lambda backend: backend.report_counts(since))
        except DatabaseUnavailable:
            return None
        return tuple(LineReport(line, count, day) for line, count, day in rows)

    async def close(self, timeout: float = 5.0) -> None:
        """Write what is queued within `timeout` seconds, then stop; the rest counts as dropped.

        The database stays open: it belongs to whoever opened it.
        """
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
        self._reports.clear()
        self._unsent = None
        self._is_closed = True
        _resolve(self._flush_waiters, unwritten == 0)
        for waiters in self._deletes.values():
            _resolve(waiters, False)
        log.info("Usage log closed: %d events written, %d dropped", self._written, self._dropped)

    def _refuses(self, waiting: int) -> bool:
        """Count an event as dropped if the log has closed or `waiting` is at the buffer's bound."""
        if self._is_closed:
            self._dropped += 1
            log.warning("Usage event after the log closed; %d dropped in all", self._dropped)
            return True
        if waiting >= self._max_buffer:
            self._dropped += 1
            return True
        return False

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
        with contextlib.suppress(TimeoutError):  # not wait_for: see PostgresBackend.wait_for_change
            async with asyncio.timeout(seconds):
                await self._wake.wait()

    def _has_work(self) -> bool:
        return bool(
            self._events or self._unmatched or self._reports or self._deletes or self._unsent
        )

    def _is_urgent(self) -> bool:
        return (
            len(self._events) >= self._batch_size
            or len(self._unmatched) >= self._batch_size
            or len(self._reports) >= self._batch_size
            or bool(self._deletes or self._flush_waiters)
            or (self._is_closing and self._has_work())
        )

    async def _write_batch(self) -> bool:
        """Write the unsent batch, or take a new one from the queues; False if it must wait."""
        loop = asyncio.get_running_loop()
        if self._unsent is None:
            self._unsent = self._take(is_expiry_due=loop.time() >= self._next_expiry)
        unsent = self._unsent
        try:
            await self._database.run(lambda backend: backend.write_usage(unsent.batch))
        except DatabaseUnavailable:
            return False
        self._unsent = None
        self._written += len(unsent.batch.events)
        if unsent.batch.expire_before is not None:
            self._next_expiry = loop.time() + RETENTION_EVERY
        for waiters in unsent.deletes.values():
            _resolve(waiters, True)
        if not self._has_work():
            _resolve(self._flush_waiters, True)
        return True

    def _take(self, *, is_expiry_due: bool) -> _Unsent:
        """Everything queued, as one batch; deletions first, as they were asked for earlier."""
        events = [event.model_dump() for event in self._events]
        self._events.clear()
        questions = list(self._unmatched)
        self._unmatched.clear()
        reports = list(self._reports)
        self._reports.clear()
        deletes, self._deletes = self._deletes, {}
        expiry = _today() - dt.timedelta(days=self._retention_days) if is_expiry_due else None
        batch = UsageBatch(uuid.uuid4().hex, events, questions, list(deletes), expiry, reports)
        return _Unsent(batch, deletes)


def _resolve(waiters: list[asyncio.Future[bool]], outcome: bool) -> None:
    for waiter in waiters:
        if not waiter.done():
            waiter.set_result(outcome)
    waiters.clear()
