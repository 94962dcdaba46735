"""Opening the usage log and settings store on a database of either engine, closed after."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest

from bot.storage.database import Database
from bot.storage.servers import ServerConfigStore
from bot.storage.usage import UsageLog

KEY = b"test-key-not-secret"
FAST = {"flush_interval": 0.01, "retry_interval": 0.02}

OpenLog = Callable[..., Awaitable[UsageLog]]
OpenStore = Callable[..., Awaitable[ServerConfigStore]]


@pytest.fixture
async def databases() -> AsyncIterator[Callable[..., Awaitable[Database]]]:
    """`await databases(url)` opens a Database (one per process, as the bot does); all close."""
    opened: list[Database] = []

    async def open_database(url: str, *, busy_timeout: float = 0.05) -> Database:
        database = await Database.open(url, busy_timeout=busy_timeout)
        opened.append(database)
        return database

    yield open_database
    for database in opened:
        await database.close()


@pytest.fixture
async def open_log(databases: Callable[..., Awaitable[Database]]) -> AsyncIterator[OpenLog]:
    """`await open_log(url_or_database, **options)`: a fast-writing usage log, closed after."""
    logs: list[UsageLog] = []

    async def open_usage(where: str | Database, **options: Any) -> UsageLog:
        busy = options.pop("busy_timeout", 0.05)
        database = (
            where if isinstance(where, Database) else await databases(where, busy_timeout=busy)
        )
        usage = await UsageLog.open(database, key=KEY, retention_days=90, **(FAST | options))
        logs.append(usage)
        return usage

    yield open_usage
    for usage in logs:
        await usage.close(timeout=1)


@pytest.fixture
async def open_store(databases: Callable[..., Awaitable[Database]]) -> AsyncIterator[OpenStore]:
    """`await open_store(url_or_database, **options)`: a settings store, stopped after the test."""
    stores: list[ServerConfigStore] = []

    async def open_settings(where: str | Database, **options: Any) -> ServerConfigStore:
        busy = options.pop("busy_timeout", 0.05)
        database = (
            where if isinstance(where, Database) else await databases(where, busy_timeout=busy)
        )
        store = await ServerConfigStore.open(database, **options)
        stores.append(store)
        return store

    yield open_settings
    for store in stores:
        await store.close()
