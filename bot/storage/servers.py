"""Per-server settings chosen by moderators: read from memory, shared through the database.

Every process keeps every server's settings in memory and a watcher keeps them equal to the
database's; a change is written one field at a time, so two moderators' changes both survive.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Annotated, Any, Literal, cast

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PositiveInt,
    StringConstraints,
    ValidationError,
    field_validator,
)
from pydantic.config import JsonDict

from bot.content.localised import LANGUAGES
from bot.storage.backend import DatabaseUnavailable, SettingRow, SettingsRead
from bot.storage.database import Database
from bot.storage.usage import Command, Slug, UsageLog

log = logging.getLogger(__name__)

SettingKind = Literal[
    "bool", "channel", "channels", "role", "country", "language", "commands", "topics"
]

WATCH_SECONDS = 5.0
"""Longest wait for a change notice before looking anyway; notices normally come within 0.1 s."""
RETRY_SECONDS = 1.0
"""While settings cannot be read, how often they are tried again."""
FAIL_CLOSED: dict[str, Any] = {
    "private_replies": True,
    "public_channels": frozenset(),
    "usage_logging": False,
    "unmatched_logging": False,
    "quiet_alerts": False,
}
"""The most private choices, applied to every server while its settings cannot be read."""


def _kind(kind: SettingKind) -> JsonDict:
    return {"kind": kind}


class ServerConfig(BaseModel):
    """One server's choices; a server that chose nothing gets the defaults."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    private_replies: bool = Field(
        default=True,
        description="Replies are seen only by the member who asked, except in public channels.",
        json_schema_extra=_kind("bool"),
    )
    public_channels: frozenset[PositiveInt] = Field(
        default=frozenset(),
        description="Channels where replies may be seen by everyone.",
        json_schema_extra=_kind("channels"),
    )
    country: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")] | None = Field(
        default=None,
        description="Country whose resources come first, as a code like GB.",
        json_schema_extra=_kind("country"),
    )
    language: str = Field(
        default="en",
        description="Language of replies everyone in a channel sees; private replies follow "
        "each member's own Discord language.",
        json_schema_extra=_kind("language"),
    )
    disabled_commands: frozenset[Command] = Field(
        default=frozenset(),
        description="Commands switched off in this server.",
        json_schema_extra=_kind("commands"),
    )
    disabled_topics: frozenset[Slug] = Field(
        default=frozenset(),
        description="Topics this server does not want answered.",
        json_schema_extra=_kind("topics"),
    )
    usage_logging: bool = Field(
        default=True,
        description="Count anonymous usage (no names, ids or text) for /stats. Off deletes it.",
        json_schema_extra=_kind("bool"),
    )
    unmatched_logging: bool = Field(
        default=False,
        description="Keep unanswered questions, stripped of numbers, links and mentions, "
        "so editors can add content.",
        json_schema_extra=_kind("bool"),
    )
    moderator_role: PositiveInt | None = Field(
        default=None,
        description="Role allowed to change these settings, besides Manage Server.",
        json_schema_extra=_kind("role"),
    )
    quiet_alerts: bool = Field(
        default=False,
        description="Post a quiet note to moderators when someone needs urgent help.",
        json_schema_extra=_kind("bool"),
    )
    quiet_alert_channel: PositiveInt | None = Field(
        default=None,
        description="Channel for quiet notes to moderators.",
        json_schema_extra=_kind("channel"),
    )

    @field_validator("language")
    @classmethod
    def _known_language(cls, value: str) -> str:
        if value not in LANGUAGES:
            raise ValueError(f"{value!r} is not one of {', '.join(LANGUAGES)}")
        return value


@dataclass(frozen=True)
class SettingInfo:
    """What the admin command needs to offer and check a setting."""

    name: str
    kind: SettingKind
    description: str


class SettingError(ValueError):
    """A setting name or value was refused; the message is written for moderators."""


class SettingsUnavailable(Exception):
    """Settings cannot be read or saved right now; nothing was changed."""


def setting_names() -> tuple[str, ...]:
    """Every setting a moderator can change, for autocomplete."""
    return tuple(ServerConfig.model_fields)


def settings_info() -> tuple[SettingInfo, ...]:
    """Name, kind and description of every setting, read from ServerConfig itself."""
    return tuple(
        SettingInfo(name, _field_kind(name), field.description or "")
        for name, field in ServerConfig.model_fields.items()
    )


def _field_kind(name: str) -> SettingKind:
    extra = cast(dict[str, SettingKind], ServerConfig.model_fields[name].json_schema_extra)
    return extra["kind"]


class ServerConfigStore:
    """All servers' settings in memory, so answers read them without touching the disk.

    Until they have been read once, every server gets the most private choices (FAIL_CLOSED)
    and no change is accepted, so stored choices are never replaced by defaults. A watcher reads
    them again once the database heals, and applies other processes' changes within a second.
    Switching usage logging off, here or in another process, deletes the server's events.
    """

    def __init__(
        self, database: Database, *, defaults: ServerConfig, usage: UsageLog | None
    ) -> None:
        self._database = database
        self._defaults = defaults
        self._private = defaults.model_copy(update=FAIL_CLOSED)
        self._usage = usage
        self._configs: dict[int, ServerConfig] = {}
        self._read_at: dict[int, int] = {}
        self._loaded_at = 0
        self._seen = 0
        self._is_loaded = False
        self._lock = asyncio.Lock()
        self._watcher: asyncio.Task[None] | None = None

    @classmethod
    async def open(
        cls,
        database: Database,
        *,
        defaults: ServerConfig | None = None,
        usage: UsageLog | None = None,
    ) -> ServerConfigStore:
        """Read every server's settings and start watching for changes; never raises."""
        store = cls(database, defaults=defaults or ServerConfig(), usage=usage)
        with contextlib.suppress(DatabaseUnavailable):
            await store._load()
        store._watcher = asyncio.create_task(store._watch(), name="server-settings-watcher")
        return store

    @property
    def is_loaded(self) -> bool:
        """Whether the settings have been read; until then every server gets FAIL_CLOSED."""
        return self._is_loaded

    def get(self, server_id: int | None) -> ServerConfig:
        """Return a server's settings without waiting on disk; the defaults in direct messages."""
        if server_id is None:
            return self._defaults
        if not self._is_loaded:
            return self._private
        return self._configs.get(server_id, self._defaults)

    async def set(self, server_id: int, name: str, value: object) -> ServerConfig:
        """Change one setting and save it.

        Raises SettingError for an unknown name or bad value, SettingsUnavailable if it could not
        be saved (then nothing changed).
        """
        _check_name(name)
        try:
            config = ServerConfig.model_validate({**self._defaults.model_dump(), name: value})
        except ValidationError as error:
            problem = error.errors(include_url=False, include_input=False)[0]
            raise SettingError(f"{problem['loc'][0]}: {problem['msg']}") from None
        return await self._write(server_id, name, _encode(getattr(config, name)))

    async def reset(self, server_id: int, name: str) -> ServerConfig:
        """Return one setting to the default; SettingError or SettingsUnavailable as for set."""
        _check_name(name)
        return await self._write(server_id, name, None)

    async def close(self) -> None:
        """Stop watching for changes; the database belongs to whoever opened it."""
        if self._watcher is not None:
            self._watcher.cancel()
            await asyncio.gather(self._watcher, return_exceptions=True)

    async def _write(self, server_id: int, name: str, value: str | None) -> ServerConfig:
        try:
            if not self._is_loaded:
                await self._load()
            read = await self._database.run(
                lambda backend: backend.write_setting(server_id, name, value)
            )
        except DatabaseUnavailable as error:
            raise SettingsUnavailable(str(error)) from error
        await self._apply(read)
        return self.get(server_id)

    async def _watch(self) -> None:
        """Read the settings until they can be, then apply every change another process makes."""
        while True:
            try:
                if not self._is_loaded:
                    await self._load()
                    continue
                await self._database.run(lambda backend: backend.wait_for_change(WATCH_SECONDS))
                await self._catch_up()
            except DatabaseUnavailable:
                await asyncio.sleep(RETRY_SECONDS)

    async def _catch_up(self) -> None:
        """Apply the changes made since the last one seen, by any process."""
        seen = self._seen
        read = await self._database.run(lambda backend: backend.setting_changes(seen))
        if read is not None:
            await (self._replace(read) if read.servers is None else self._apply(read))
            self._seen = max(self._seen, read.seq)

    async def _load(self) -> None:
        read = await self._database.run(lambda backend: backend.read_settings())
        was_loaded = self._is_loaded
        await self._replace(read)
        self._seen = read.seq
        if not was_loaded:
            log.info("Server settings loaded for %d servers", len(self._configs))

    async def _replace(self, read: SettingsRead) -> None:
        """Take a read of every server as the whole truth, but for servers read since."""
        async with self._lock:
            before = {server: self.get(server) for server in self._configs}
            unread = self._defaults if self._is_loaded else self._private
            newer = {server: seq for server, seq in self._read_at.items() if seq > read.seq}
            self._configs = {
                server: self._config(rows)
                for server, rows in _by_server(read.rows).items()
                if server not in newer
            } | {server: before[server] for server in newer if server in before}
            self._read_at, self._loaded_at = newer, read.seq
            self._is_loaded = True
            changes = [
                (server, before.get(server, unread), self.get(server))
                for server in before.keys() | self._configs.keys()
            ]
        await self._follow(changes)

    async def _apply(self, read: SettingsRead) -> None:
        """Take the servers a read covers, unless a later read of one was applied already.

        Reads may finish out of order (a moderator's change here, the watcher's catch-up); the
        change number each carries keeps an older one from undoing a newer one.
        """
        assert read.servers is not None
        rows = _by_server(read.rows)
        changes = []
        async with self._lock:
            for server in read.servers:
                if self._read_at.get(server, self._loaded_at) > read.seq:
                    continue
                old = self.get(server)
                if server in rows:
                    self._configs[server] = self._config(rows[server])
                else:
                    self._configs.pop(server, None)
                self._read_at[server] = read.seq
                changes.append((server, old, self.get(server)))
        await self._follow(changes)

    async def _follow(self, changes: Iterable[tuple[int, ServerConfig, ServerConfig]]) -> None:
        """Delete a server's usage once it switched counting off, wherever it was switched."""
        for server, old, new in changes:
            if old.usage_logging and not new.usage_logging and self._usage is not None:
                server_hash = self._usage.server_hash(server)
                if server_hash is not None:
                    await self._usage.delete_server(server_hash)

    def _config(self, rows: list[SettingRow]) -> ServerConfig:
        chosen: dict[str, object] = {}
        for _, name, value in rows:
            if name not in ServerConfig.model_fields:
                log.debug("Ignoring stored server setting %r: no longer exists", name)
                continue
            try:
                config = ServerConfig.model_validate(
                    {**self._defaults.model_dump(), name: json.loads(value)}
                )
            except (ValueError, ValidationError):
                log.warning("Ignoring a stored value of server setting %r: no longer valid", name)
                continue
            chosen[name] = getattr(config, name)
        return self._defaults.model_copy(update=chosen)


def _by_server(rows: Iterable[SettingRow]) -> dict[int, list[SettingRow]]:
    grouped: defaultdict[int, list[SettingRow]] = defaultdict(list)
    for row in rows:
        grouped[row[0]].append(row)
    return grouped


def _check_name(name: str) -> None:
    if name not in ServerConfig.model_fields:
        raise SettingError(f"There is no setting called {name!r}.")


def _encode(value: object) -> str:
    if isinstance(value, frozenset):
        return json.dumps(sorted(value))
    return json.dumps(value)
