"""Reading a database as an operator would, with a connection of its own, on either engine."""

from __future__ import annotations

import contextlib
import sqlite3
from typing import Any

import asyncpg

from bot.storage.backend import is_postgres


async def rows(url: str, sql: str) -> list[tuple[Any, ...]]:
    """Every row `sql` returns, read outside the bot's own connection."""
    if is_postgres(url):
        connection = await asyncpg.connect(url)
        try:
            return [tuple(record) for record in await connection.fetch(sql)]
        finally:
            await connection.close()
    with contextlib.closing(sqlite3.connect(url, isolation_level=None)) as raw:
        return list(raw.execute(sql))


async def count(url: str, table: str = "usage_events") -> int:
    """How many rows `table` holds."""
    return int((await rows(url, f"SELECT count(*) FROM {table}"))[0][0])


async def columns(url: str, table: str) -> set[str]:
    """The names of `table`'s columns, on either engine."""
    if is_postgres(url):
        sql = f"SELECT column_name FROM information_schema.columns WHERE table_name = '{table}'"
    else:
        sql = f"SELECT name FROM pragma_table_info('{table}')"
    return {name for (name,) in await rows(url, sql)}
