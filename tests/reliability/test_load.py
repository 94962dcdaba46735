"""Mixed traffic through the real bot: every interaction answered in time, memory flat.

The full run (10,000 interactions) is opt-in: `SIGNPOST_LOAD=1 .venv/bin/pytest -s -m load
tests/reliability/test_load.py`; the short run is part of every `pytest`. Figures print with -s.
"""

from __future__ import annotations

import gc
from collections import Counter

import pytest

from bot.chat.client import SignpostBot
from tests.e2e.fake_discord import FakeDiscord
from tests.reliability.traffic import Traffic, drive, stop_views

DISCORD_DEADLINE = 3.0
OBJECT_GROWTH = 1_000
"""Objects allowed to remain after warm-up once views are gone; a leak of one per interaction
passes it on either run."""
RSS_GROWTH_MIB = 64
"""Process memory may grow this much at most after warm-up, views (bounded by timeouts) included."""


async def live_objects() -> Counter[str]:
    """Objects the collector tracks, by type, once every View has stopped as its timeout would.

    discord.py's cooldown buckets are left out: one per member and command lives 30 s after the
    member's last command, and every interaction from the fake carries the same timestamp, so
    no bucket made during a run would expire.
    """
    await stop_views()
    gc.collect()
    live = Counter(type(thing).__name__ for thing in gc.get_objects())
    del live["Cooldown"]
    return live


async def load(fake: FakeDiscord, bot: SignpostBot, total: int) -> Traffic:
    await drive(fake, total // 5)
    before = await live_objects()
    traffic = await drive(fake, total, warmup=1)
    grown = +(await live_objects() - before)
    print(f"\nload: {traffic.summary()}; objects left once views stopped: {grown.most_common(5)}")
    assert traffic.unanswered == 0 and traffic.refused == 0
    assert len(traffic.latencies) == total
    assert max(traffic.latencies) < DISCORD_DEADLINE
    assert grown.total() < OBJECT_GROWTH, grown.most_common(10)
    assert (traffic.rss_end - traffic.rss_warm) / 2**20 < RSS_GROWTH_MIB
    assert bot.services.usage is not None and await bot.services.usage.flush()
    assert bot.services.usage.dropped == 0
    return traffic


async def test_short_mixed_traffic_is_all_answered_in_time(
    fake_discord: FakeDiscord, signpost: SignpostBot
) -> None:
    await load(fake_discord, signpost, 500)


@pytest.mark.load
async def test_ten_thousand_mixed_interactions_are_all_answered_in_time(
    fake_discord: FakeDiscord, signpost: SignpostBot
) -> None:
    await load(fake_discord, signpost, 10_000)
