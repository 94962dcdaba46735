"""Usage log throughput: events per second through the real UsageLog writer, and events lost."""

from __future__ import annotations

import asyncio
import tempfile
import time
from pathlib import Path

from bot.storage.usage import UsageEvent, UsageLog

EVENTS = 200_000
QUICK_EVENTS = 20_000
TARGET_PER_SECOND = 50_000
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


async def _measure(count: int, folder: Path) -> dict[str, float]:
    events = _events(count)
    usage = await UsageLog.open(folder / "usage.db", key=KEY, retention_days=90, max_buffer=count)
    started = time.perf_counter()
    for start in range(0, count, 1000):
        for event in events[start : start + 1000]:
            usage.record(event)
        await asyncio.sleep(0)  # handlers record between awaits; let the writer run as it would
    await usage.close(timeout=60)
    seconds = time.perf_counter() - started
    return {"events": count, "seconds": seconds, "written": usage.written, "lost": usage.dropped}


def run(quick: bool = False) -> list[dict[str, object]]:
    """Record EVENTS events as fast as handlers could, close gracefully, count what was written."""
    with tempfile.TemporaryDirectory() as folder:
        result = asyncio.run(_measure(QUICK_EVENTS if quick else EVENTS, Path(folder)))
    rate = result["written"] / result["seconds"]
    return [
        {
            "benchmark": "usage log write",
            "value": round(rate),
            "unit": "events/s",
            "target": f">= {TARGET_PER_SECOND}",
            "ok": rate >= TARGET_PER_SECOND,
            "note": f"{result['events']:.0f} events in {result['seconds']:.2f} s",
        },
        {
            "benchmark": "usage events lost on close",
            "value": int(result["lost"]),
            "unit": "events",
            "target": "0",
            "ok": result["lost"] == 0 and result["written"] == result["events"],
        },
    ]
