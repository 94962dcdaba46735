"""Usage log throughput on SQLite and PostgreSQL in the same run: events per second, events lost.

PostgreSQL is the server in SIGNPOST_TEST_POSTGRES_URL, or a throwaway one started for the run
(tests/postgres.py, with fsync on, as a real server has it).
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from pathlib import Path

from bot.storage.database import Database
from bot.storage.usage import UsageEvent, UsageLog
from tests import postgres

EVENTS = 200_000
QUICK_EVENTS = 20_000
TARGETS = {"SQLite": 50_000, "PostgreSQL": 20_000}
"""Events a second each engine must take through the real writer (issue 18 sets PostgreSQL's)."""
KEY = b"benchmark-key-0123456789"


def _events(count: int) -> list[UsageEvent]:
    """A realistic mix, built before timing: validation is the caller's cost, not the log's."""
    kinds = [
        UsageEvent(
            command="ask",
            answer_kind="resource",
            entry_id="rainn-hotline",
            matched=True,
            country="US",
            locale="en",
            server="0" * 32,
        ),
        UsageEvent(command="ask", answer_kind="none", matched=False, locale="de"),
        UsageEvent(
            command="resources",
            answer_kind="topic",
            entry_id="domestic-violence",
            matched=True,
            country="GB",
            locale="en",
            server="1" * 32,
        ),
        UsageEvent(
            command="urgent", answer_kind="emergency", matched=True, crisis=True, country="AU"
        ),
    ]
    return [kinds[n % len(kinds)] for n in range(count)]


async def _measure(count: int, url: str) -> dict[str, float]:
    events = _events(count)
    database = await Database.open(url)
    usage = await UsageLog.open(database, key=KEY, retention_days=90, max_buffer=count)
    started = time.perf_counter()
    for start in range(0, count, 1000):
        for event in events[start : start + 1000]:
            usage.record(event)
        await asyncio.sleep(0)  # handlers record between awaits; let the writer run as it would
    await usage.close(timeout=60)
    seconds = time.perf_counter() - started
    await database.close()
    return {"events": count, "seconds": seconds, "written": usage.written, "lost": usage.dropped}


async def _on_postgres(count: int, server_url: str) -> dict[str, float]:
    async with postgres.fresh_database(server_url) as url:
        return await _measure(count, url)


def _rows(engine: str, result: dict[str, float]) -> list[dict[str, object]]:
    rate = result["written"] / result["seconds"]
    return [
        {
            "benchmark": f"usage log write ({engine})",
            "value": round(rate),
            "unit": "events/s",
            "target": f">= {TARGETS[engine]}",
            "ok": rate >= TARGETS[engine],
            "note": f"{result['events']:.0f} events in {result['seconds']:.2f} s, batched",
        },
        {
            "benchmark": f"usage events lost on close ({engine})",
            "value": int(result["lost"]),
            "unit": "events",
            "target": "0",
            "ok": result["lost"] == 0 and result["written"] == result["events"],
        },
    ]


def run(quick: bool = False) -> list[dict[str, object]]:
    """Record EVENTS events as fast as handlers could on each engine; count what was written."""
    count = QUICK_EVENTS if quick else EVENTS
    with tempfile.TemporaryDirectory() as folder:
        sqlite = asyncio.run(_measure(count, str(Path(folder) / "usage.db")))
    with postgres.server() as server_url:
        on_postgres = asyncio.run(_on_postgres(count, server_url))
    return _rows("SQLite", sqlite) + _rows("PostgreSQL", on_postgres)
