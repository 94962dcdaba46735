"""`/admin set` latency on SQLite and PostgreSQL: from the command's dispatch to its confirmation.

Through the real bot and discord.py against the loopback fake: the deferral, the one-field write
and the followup a moderator sees, one command at a time, once the content caches are warm. In
the first two seconds after a start or a /reload they fill in a background thread that holds the
interpreter, and a command then takes 100-250 ms (the startup benchmark times that warm-up).
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
from pathlib import Path

from tests import postgres
from tests.benchmarks import benchmark_settings
from tests.reliability.traffic import signpost_on_fake

SETS = 300
QUICK_SETS = 60
TARGET_P99_MS = 50.0
COUNTRIES = ("GB", "US", "IE")


async def _measure(url: str, count: int) -> list[float]:
    settings = benchmark_settings(url)
    latencies = []
    async with signpost_on_fake(settings, check_requests=False) as (fake, bot):
        await asyncio.to_thread(bot.services.content.warming.join)
        for number in range(count):
            options = {"name": "country", "value": COUNTRIES[number % len(COUNTRIES)]}
            payload = fake.slash("admin", options, subcommand="set", user=fake.moderator)
            handle = await fake.interact(payload)
            await handle.response()
            confirmed = await handle.followup()
            assert "**country** is now" in (confirmed.message or {}).get("content", "")
            latencies.append(confirmed.at - handle.dispatched_at)
            # The fake scans every request it keeps for each awaited reply; keep it to this one.
            fake.requests.clear()
            fake.messages.clear()
    return latencies


async def _on_postgres(server_url: str, count: int) -> list[float]:
    async with postgres.fresh_database(server_url) as url:
        return await _measure(url, count)


def _rows(engine: str, latencies: list[float]) -> list[dict[str, object]]:
    p50, p99 = (statistics.quantiles(latencies, n=100)[p - 1] * 1000 for p in (50, 99))
    return [
        {
            "benchmark": f"/admin set p99 ({engine})",
            "value": round(p99, 1),
            "unit": "ms",
            "target": f"<= {TARGET_P99_MS:.0f}",
            "ok": p99 <= TARGET_P99_MS,
            "note": f"p50 {p50:.1f} ms over {len(latencies)} changes, dispatch to confirmation",
        }
    ]


def run(quick: bool = False) -> list[dict[str, object]]:
    """Change a server's country SETS times on each engine; time each confirmation."""
    count = QUICK_SETS if quick else SETS
    with tempfile.TemporaryDirectory() as folder:
        sqlite = asyncio.run(_measure(str(Path(folder) / "signpost.db"), count))
    with postgres.server() as server_url:
        on_postgres = asyncio.run(_on_postgres(server_url, count))
    return _rows("SQLite", sqlite) + _rows("PostgreSQL", on_postgres)
