"""Interactions per second through the real discord.py client and the loopback fake.

Two set-ups. In one process (as the load test runs): bot, fake and driver share one core, so
the figures include the harness. Bot apart: the bot runs in a process of its own
(bot_process.py), so its CPU time per interaction is read on its own; that is what the bot
costs, and its inverse what one core of it sustains.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

import psutil

from tests.benchmarks import benchmark_settings
from tests.conftest import SHIPPED_DATA
from tests.e2e.fake_discord import FakeDiscord
from tests.reliability.traffic import Traffic, drive, signpost_on_fake

INTERACTIONS = 10_000
QUICK_INTERACTIONS = 1_000
CONCURRENCY = (8, 50)
"""Members waiting for an answer at any moment: a busy bot, and the issue 13 load run."""
TARGET_RATE = 500
TARGET_P99_MS = 50.0


async def _in_one_process(count: int, concurrency: int, folder: Path) -> Traffic:
    settings = benchmark_settings(str(folder / "signpost.db"))
    async with signpost_on_fake(settings, check_requests=False) as (fake, _):
        await drive(fake, count // 10, concurrency=concurrency)  # warm-up, not counted
        return await drive(fake, count, concurrency=concurrency, warmup=count + 1)


async def _bot_apart(count: int, concurrency: int, folder: Path) -> tuple[Traffic, float]:
    """Traffic as measured, and the bot process's CPU seconds per interaction."""
    async with FakeDiscord() as fake:
        fake._check = lambda request: None  # type: ignore[method-assign]
        child = await asyncio.create_subprocess_exec(
            *(sys.executable, "-m", "tests.benchmarks.bot_process", fake.api_base),
            *(fake.gateway_url, str(SHIPPED_DATA), str(folder / "apart.db")),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
        )
        assert child.stdin is not None and child.stdout is not None
        try:
            assert (await asyncio.wait_for(child.stdout.readline(), 30)).strip() == b"ready"
            await drive(fake, count // 10, concurrency=concurrency)
            process = psutil.Process(child.pid)
            before = sum(process.cpu_times()[:2])
            traffic = await drive(fake, count, concurrency=concurrency, warmup=count + 1)
            spent = sum(process.cpu_times()[:2]) - before
        finally:
            child.stdin.close()
            await asyncio.wait_for(child.wait(), 15)
    return traffic, spent / count


def _rows(label: str, traffic: Traffic, concurrency: int) -> list[dict[str, object]]:
    rate, p99 = traffic.rate, traffic.percentile(99) * 1000
    missed = traffic.unanswered + traffic.refused
    return [
        {
            "benchmark": f"e2e {label}, {concurrency} in flight",
            "value": round(rate),
            "unit": "/s",
            "target": f">= {TARGET_RATE}",
            "ok": rate >= TARGET_RATE,
            "note": f"p50 {traffic.percentile(50) * 1000:.1f} ms, {missed} unanswered or refused",
        },
        {
            "benchmark": f"e2e {label}, {concurrency} in flight, p99",
            "value": round(p99, 1),
            "unit": "ms",
            "target": f"<= {TARGET_P99_MS:.0f}",
            "ok": p99 <= TARGET_P99_MS and missed == 0,
        },
    ]


def run(quick: bool = False) -> list[dict[str, object]]:
    """Drive mixed traffic (ask, autocomplete, resources, stories, page clicks) and time answers."""
    count = QUICK_INTERACTIONS if quick else INTERACTIONS
    rows: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        for concurrency in CONCURRENCY:
            traffic = asyncio.run(_in_one_process(count, concurrency, folder))
            rows += _rows("in one process", traffic, concurrency)
        for concurrency in CONCURRENCY:
            traffic, cost = asyncio.run(_bot_apart(count, concurrency, folder))
            rows += _rows("bot apart", traffic, concurrency)
            rows.append(
                {
                    "benchmark": f"e2e bot CPU per interaction, {concurrency} in flight",
                    "value": round(cost * 1000, 3),
                    "unit": "ms",
                    "target": "",
                    "ok": True,
                    "note": f"one core sustains about {1 / cost:,.0f}/s",
                }
            )
    return rows
