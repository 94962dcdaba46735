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
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bot.chat.copy import COMMAND_OFF
from bot.settings import PROJECT_ROOT
from tests.conftest import FIXTURE_DATA
from tests.e2e.fake_discord import FakeDiscord, Request
from tests.e2e.fake_world import Person
from tests.e2e.signpost import text_of
from tests.storage.tables import count

SHARDS = ((0, 1), (2, 3))
SHARD_COUNT = 4
ASKS = 20
"""Questions sent through each process."""
KEY = "two-processes-share-this-key"
REACHES_OTHERS_WITHIN = 1.0
_CLOSED = re.compile(r"Usage log closed: (\d+) events written, (\d+) dropped")
_MEMBERS = itertools.count(7_000_000_000_000_000_000)


def launch(
    fake: FakeDiscord, url: str, shards: tuple[int, ...], log: Path
) -> subprocess.Popen[str]:
    env = os.environ | {
        "SIGNPOST_TOKEN": "fake-token",
        "SIGNPOST_DATABASE_URL": url,
        "SIGNPOST_USAGE_HASH_KEY": KEY,
        "SIGNPOST_SHARD_COUNT": str(SHARD_COUNT),
        "SIGNPOST_SHARD_IDS": json.dumps(list(shards)),
        "SIGNPOST_DATA_DIR": str(FIXTURE_DATA),
        "SIGNPOST_LOG_LEVEL": "INFO",
        "FAKE_DISCORD_API": fake.api_base,
        "FAKE_DISCORD_GATEWAY": fake.gateway_url,
        "PYTHONPATH": str(PROJECT_ROOT),
    }
    with log.open("w") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "tests.e2e.bot_process"],
            cwd=log.parent,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            text=True,
        )


async def until(check: Any, timeout: float) -> float:
    started = time.monotonic()
    while not check():
        assert time.monotonic() - started < timeout, "never happened"
        await asyncio.sleep(0.02)
    return time.monotonic() - started


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
    logs = [tmp_path / f"shards-{'-'.join(map(str, shards))}.log" for shards in SHARDS]
    processes = [
        launch(fake_discord, postgres_url, s, log) for s, log in zip(SHARDS, logs, strict=True)
    ]
    try:
        await until(lambda: all("Connected to Discord" in log.read_text() for log in logs), 60)
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
        for process in processes:
            process.send_signal(signal.SIGTERM)
        for process in processes:
            process.wait(timeout=30)
    assert [process.returncode for process in processes] == [0, 0]

    closed = [_CLOSED.findall(log.read_text()) for log in logs]
    assert all(len(lines) == 1 for lines in closed), closed
    written = sum(int(lines[0][0]) for lines in closed)
    assert [lines[0][1] for lines in closed] == ["0", "0"]
    expected = 2 * ASKS + stories_served
    assert written == expected == await count(postgres_url)

    env = os.environ | {
        "SIGNPOST_DATABASE_URL": postgres_url,
        "SIGNPOST_USAGE_HASH_KEY": KEY,
        "PYTHONPATH": str(PROJECT_ROOT),
    }
    stats = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "bot", "stats", "--days", "1", "--format", "json"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert json.loads(stats.stdout)["total"] == {"text": f"{expected:,}", "value": expected}
