"""Per-server settings chosen by moderators: read from memory, written through to SQLite."""

from __future__ import annotations

import asyncio
import json
import logging
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal, cast

from pydantic import BaseModel, ConfigDict, Field, PositiveInt, StringConstraints, ValidationError
from pydantic.config import JsonDict

from bot.storage.database import Database, DatabaseUnavailable
from bot.storage.usage import Command, Slug, UsageLog

log = logging.getLogger(__name__)

SettingKind = Literal["bool", "channel", "channels", "role", "country", "commands", "topics"]

LOAD_SQL = "SELECT server_id, name, value FROM server_settings"
DELETE_SERVER_SQL = "DELETE FROM server_settings WHERE server_id = :server_id"
INSERT_SETTING_SQL = """
    INSERT INTO server_settings (server_id, name, value) VALUES (:server_id, :name, :value)
"""


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


@dataclass(frozen=True)
class SettingInfo:
    """What the admin command needs to offer and check a setting."""

    name: str
    kind: SettingKind
    description: str


class SettingError(ValueError):
    """A setting name or value was refused; the message is written for moderators."""


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
    """All servers' settings in a dict, so answers read them without touching the disk."""

    def __init__(
        self, database: Database, *, defaults: ServerConfig, usage: UsageLog | None
    ) -> None:
        self._database = database
        self._defaults = defaults
        self._usage = usage
        self._chosen: dict[int, dict[str, object]] = {}
        self._configs: dict[int, ServerConfig] = {}
        self._unsaved: set[int] = set()
        self._lock = asyncio.Lock()
        self._is_degraded = False

    @classmethod
    async def open(
        cls,
        path: Path,
        *,
        defaults: ServerConfig | None = None,
        usage: UsageLog | None = None,
        busy_timeout: float = 5.0,
    ) -> ServerConfigStore:
        """Load every server's settings; an unusable file leaves settings in memory only."""
        store = cls(
            Database(path, busy_timeout=busy_timeout),
            defaults=defaults or ServerConfig(),
            usage=usage,
        )
        try:
            connection = await store._database.connect()
            rows = await connection.execute_fetchall(LOAD_SQL)
        except (DatabaseUnavailable, sqlite3.Error) as error:
            store._enter_degraded(error)
            return store
        for server_id, name, value in rows:
            store._load_row(server_id, name, value)
        for server_id in store._chosen:
            store._rebuild(server_id)
        log.info("Server settings loaded for %d servers", len(store._configs))
        return store

    @property
    def is_degraded(self) -> bool:
        """Whether the last write failed, so some settings live only in memory."""
        return self._is_degraded

    def get(self, server_id: int | None) -> ServerConfig:
        """Return a server's settings without waiting on disk; the defaults in direct messages."""
        if server_id is None:
            return self._defaults
        return self._configs.get(server_id, self._defaults)

    async def set(self, server_id: int, name: str, value: object) -> ServerConfig:
        """Change one setting and save it; raises SettingError for an unknown name or bad value."""
        _check_name(name)
        async with self._lock:
            chosen = {**self._chosen.get(server_id, {}), name: value}
            return await self._change(server_id, name, chosen)

    async def reset(self, server_id: int, name: str) -> ServerConfig:
        """Return one setting to the default; raises SettingError for an unknown name."""
        _check_name(name)
        async with self._lock:
            chosen = {key: v for key, v in self._chosen.get(server_id, {}).items() if key != name}
            return await self._change(server_id, name, chosen)

    async def close(self) -> None:
        """Close the database connection."""
        await self._database.close()

    def _validated(self, chosen: dict[str, object]) -> ServerConfig:
        try:
            return ServerConfig.model_validate({**self._defaults.model_dump(), **chosen})
        except ValidationError as error:
            problem = error.errors(include_url=False, include_input=False)[0]
            raise SettingError(f"{problem['loc'][0]}: {problem['msg']}") from None

    async def _change(self, server_id: int, name: str, chosen: dict[str, object]) -> ServerConfig:
        config = self._validated(chosen)
        if name in chosen:
            chosen[name] = getattr(config, name)
        # Memory first, one assignment each, so readers see the old or the new config, never half.
        self._chosen[server_id] = chosen
        self._configs[server_id] = config
        self._tell_usage(server_id, config)
        self._unsaved.add(server_id)
        await self._save_unsaved()
        if name == "usage_logging" and not config.usage_logging and self._usage is not None:
            server_hash = self._usage.server_hash(server_id)
            if server_hash is not None:
                await self._usage.delete_server(server_hash)
        return config

    async def _save_unsaved(self) -> None:
        """Write every server changed since the last good write, so an outage heals itself."""
        try:
            connection = await self._database.connect()
            try:
                for server_id in self._unsaved:
                    await connection.execute(DELETE_SERVER_SQL, {"server_id": server_id})
                    await connection.executemany(
                        INSERT_SETTING_SQL,
                        [
                            {"server_id": server_id, "name": name, "value": _encode(value)}
                            for name, value in self._chosen.get(server_id, {}).items()
                        ],
                    )
                await connection.commit()
            except sqlite3.Error as error:
                await self._database.discard(error)
                raise
        except (DatabaseUnavailable, sqlite3.Error) as error:
            self._enter_degraded(error)
            return
        self._unsaved.clear()
        if self._is_degraded:
            self._is_degraded = False
            log.info("Server settings are being saved again")

    def _load_row(self, server_id: int, name: str, value: str) -> None:
        if name not in ServerConfig.model_fields:
            log.debug("Ignoring stored server setting %r: no longer exists", name)
            return
        try:
            decoded = json.loads(value)
            config = ServerConfig.model_validate({**self._defaults.model_dump(), name: decoded})
        except (ValueError, ValidationError):
            log.warning("Ignoring a stored value of server setting %r: no longer valid", name)
            return
        self._chosen.setdefault(server_id, {})[name] = getattr(config, name)

    def _rebuild(self, server_id: int) -> None:
        config = ServerConfig.model_validate(
            {**self._defaults.model_dump(), **self._chosen[server_id]}
        )
        self._configs[server_id] = config
        self._tell_usage(server_id, config)

    def _tell_usage(self, server_id: int, config: ServerConfig) -> None:
        if self._usage is None:
            return
        server_hash = self._usage.server_hash(server_id)
        if server_hash is not None:
            self._usage.set_server_choices(
                server_hash,
                usage_logging=config.usage_logging,
                unmatched_logging=config.unmatched_logging,
            )

    def _enter_degraded(self, error: BaseException) -> None:
        if not self._is_degraded:
            log.warning(
                "Server settings cannot be saved to %s (%s); changes are kept in memory only",
                self._database.path,
                error,
            )
        self._is_degraded = True


def _check_name(name: str) -> None:
    if name not in ServerConfig.model_fields:
        raise SettingError(f"There is no setting called {name!r}.")


def _encode(value: object) -> str:
    if isinstance(value, frozenset):
        return json.dumps(sorted(value))
    return json.dumps(value)
