"""Two bot processes, shards 0-1 and 2-3 of 4, share one PostgreSQL through the loopback fake.

Each is `python -m bot run` in a process of its own (tests/e2e/bot_process.py). A setting
changed through one is honoured by the other within a second; `python -m bot stats` counts the
usage of both; every answered interaction is one row, and each process's closing log line adds
up to them with nothing dropped.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from pathlib import Path
from typing import Any

from bot.chat.copy import COMMAND_OFF
from tests.conftest import FIXTURE_DATA
from tests.e2e import bot_process
from tests.e2e.fake_discord import FakeDiscord, Request
from tests.e2e.fake_world import Person
from tests.e2e.signpost import text_of
from tests.storage.tables import count
from tests.test_stats_cli import cli

SHARDS = ((0, 1), (2, 3))
SHARD_COUNT = 4
ASKS = 20
"""Questions sent through each process."""
KEY = "two-processes-share-this-key"
REACHES_OTHERS_WITHIN = 1.0
_MEMBERS = itertools.count(7_000_000_000_000_000_000)


def settings(url: str, shards: tuple[int, ...]) -> dict[str, str]:
    """One process's settings: the shared database and key, and its own shards."""
    return {
        "SIGNPOST_DATABASE_URL": url,
        "SIGNPOST_USAGE_HASH_KEY": KEY,
        "SIGNPOST_DATA_DIR": str(FIXTURE_DATA),
    } | (
        {"SIGNPOST_SHARD_COUNT": str(SHARD_COUNT), "SIGNPOST_SHARD_IDS": json.dumps(shards)}
        if shards
        else {}
    )


async def command(
    fake: FakeDiscord, shard: int, name: str, options: dict[str, Any] | None = None, **where: Any
) -> Request:
    """Run a command through one shard's connection; the answer, the followup if deferred."""
    where.setdefault("user", Person(next(_MEMBERS), "member"))
    handle = await fake.interact(fake.slash(name, options, **where), shard=shard)
    first = await handle.response(timeout=5)
    return await handle.followup(timeout=10) if first.json["type"] == 5 else first


async def test_two_processes_share_settings_and_usage_through_postgresql(
    fake_discord: FakeDiscord, postgres_url: str, tmp_path: Path
) -> None:
    fake_discord.require_no_mentions = True
    logs = [tmp_path / f"shards-{shards[0]}-{shards[-1]}.log" for shards in SHARDS]
    processes = [
        bot_process.start(fake_discord, settings(postgres_url, shards), log)
        for shards, log in zip(SHARDS, logs, strict=True)
    ]
    try:
        await bot_process.ready(logs)
        first, other = SHARDS[0][0], SHARDS[1][0]

        changed = await command(
            fake_discord,
            first,
            "admin",
            {"name": "disabled_commands", "value": "stories"},
            subcommand="set",
            user=fake_discord.moderator,
        )
        assert "**disabled_commands** is now" in text_of(changed)
        changed_at, stories_served = time.monotonic(), 0
        while COMMAND_OFF.format(name="stories") not in text_of(
            await command(fake_discord, other, "stories")
        ):
            stories_served += 1  # answered (and counted) before the change arrived
        assert time.monotonic() - changed_at < REACHES_OTHERS_WITHIN

        answers = await asyncio.gather(
            *(
                command(fake_discord, shard, "ask", {"question": "samaritans"}, locale="en-GB")
                for shard in (first, other)
                for _ in range(ASKS)
            )
        )
        assert all("Samaritans helpline" in text_of(answer) for answer in answers)
    finally:
        closed = bot_process.stop(processes, logs)
    expected = 2 * ASKS + stories_served
    assert [dropped for _, dropped in closed] == [0, 0]
    assert sum(written for written, _ in closed) == expected == await count(postgres_url)

    stats = await asyncio.to_thread(cli, postgres_url, tmp_path, "--days", "1", "--format", "json")
    assert stats.returncode == 0, stats.stderr
    assert json.loads(stats.stdout)["total"] == {"text": f"{expected:,}", "value": expected}
