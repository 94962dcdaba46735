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
BUSY_TIMEOUT = 0.05
"""Seconds to wait for another connection's lock: a locked-file test fails fast."""

OpenLog = Callable[..., Awaitable[UsageLog]]
OpenStore = Callable[..., Awaitable[ServerConfigStore]]


@pytest.fixture
async def databases() -> AsyncIterator[Callable[..., Awaitable[Database]]]:
    """`await databases(url)` opens a Database (one per process, as the bot does); all close.

    Given a Database instead, it returns that one, so a test can share one between owners.
    """
    opened: list[Database] = []

    async def open_database(where: str | Database) -> Database:
        if isinstance(where, Database):
            return where
        database = await Database.open(where, busy_timeout=BUSY_TIMEOUT)
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
        database = await databases(where)
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
        store = await ServerConfigStore.open(await databases(where), **options)
        stores.append(store)
        return store

    yield open_settings
    for store in stores:
        await store.close()
