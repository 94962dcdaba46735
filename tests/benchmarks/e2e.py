"""Interactions per second through the real discord.py client and the loopback fake."""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

from bot.settings import Settings
from tests.conftest import SHIPPED_DATA
from tests.reliability.traffic import drive, signpost_on_fake

INTERACTIONS = 5_000
QUICK_INTERACTIONS = 1_000
CONCURRENCY = 8
"""Members waiting for an answer at any moment; more only queues them up in the one process."""
TARGET_RATE = 500
TARGET_P99_MS = 50.0


async def _measure(count: int, folder: Path) -> tuple[float, float, float, int, int]:
    settings = Settings(
        _env_file=None,
        data_dir=SHIPPED_DATA,
        database_url=str(folder / "signpost.db"),
        usage_hash_key="benchmark-key-0123456789",
    )
    async with signpost_on_fake(settings, check_requests=False) as (fake, _):
        await drive(fake, count // 10, concurrency=CONCURRENCY)  # warm-up, not counted
        traffic = await drive(fake, count, concurrency=CONCURRENCY)
    return (
        traffic.rate,
        traffic.percentile(50),
        traffic.percentile(99),
        traffic.unanswered,
        traffic.refused,
    )


def run(quick: bool = False) -> list[dict[str, object]]:
    """Drive mixed traffic (ask, autocomplete, resources, stories, page clicks) and time answers."""
    count = QUICK_INTERACTIONS if quick else INTERACTIONS
    with tempfile.TemporaryDirectory() as folder:
        rate, p50, p99, unanswered, refused = asyncio.run(_measure(count, Path(folder)))
    note = f"{count} interactions, {CONCURRENCY} in flight, shipped content, request checks off"
    return [
        {
            "benchmark": "e2e interactions",
            "value": round(rate),
            "unit": "/s",
            "target": f">= {TARGET_RATE}",
            "ok": rate >= TARGET_RATE,
            "note": note,
        },
        {
            "benchmark": "e2e initial response p50",
            "value": round(p50 * 1000, 1),
            "unit": "ms",
            "target": "",
            "ok": True,
        },
        {
            "benchmark": "e2e initial response p99",
            "value": round(p99 * 1000, 1),
            "unit": "ms",
            "target": f"<= {TARGET_P99_MS:.0f}",
            "ok": p99 * 1000 <= TARGET_P99_MS,
        },
        {
            "benchmark": "e2e unanswered or refused",
            "value": unanswered + refused,
            "unit": "",
            "target": "0",
            "ok": unanswered + refused == 0,
        },
    ]
