"""`python -m bot run` as its own process, talking to a FakeDiscord, for tests of several bots.

    FAKE_DISCORD_API=http://127.0.0.1:PORT/api/v10 \\
    FAKE_DISCORD_GATEWAY=ws://127.0.0.1:PORT/gateway \\
        python -m tests.e2e.bot_process        # SIGNPOST_* settings from the environment

Run as a program, it points discord.py's API base and gateway URL at the fake, as the fixtures
do in-process (the bot has no switch for it), and skips the 5 s discord.py waits between two
shards' logins for Discord's identify limit, which the fake does not have. `start`, `ready` and
`stop` drive such processes from a test or a benchmark.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import discord
import yarl

from bot.__main__ import main
from bot.chat.client import SignpostBot
from bot.settings import PROJECT_ROOT
from tests.e2e.fake_discord import FakeDiscord

READY_LINE = "Connected to Discord"
_CLOSED = re.compile(r"Usage log closed: (\d+) events written, (\d+) dropped")


def start(fake: FakeDiscord, settings: dict[str, str], log: Path) -> subprocess.Popen[str]:
    """Start a bot process with these SIGNPOST_* settings on `fake`; its log goes to `log`."""
    env = (
        os.environ
        | settings
        | {
            "SIGNPOST_TOKEN": "fake-token",
            "SIGNPOST_LOG_LEVEL": "INFO",
            "FAKE_DISCORD_API": fake.api_base,
            "FAKE_DISCORD_GATEWAY": fake.gateway_url,
            "PYTHONPATH": str(PROJECT_ROOT),
        }
    )
    with log.open("w") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "tests.e2e.bot_process"],
            cwd=log.parent,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            text=True,
        )


async def ready(logs: Sequence[Path], timeout: float = 60) -> None:
    """Wait until every process logged that it is connected, with all its shards ready."""
    deadline = time.monotonic() + timeout
    while not all(READY_LINE in log.read_text() for log in logs):
        assert time.monotonic() < deadline, "a bot process never became ready"
        await asyncio.sleep(0.05)


def stop(processes: Sequence[subprocess.Popen[str]], logs: Sequence[Path]) -> list[tuple[int, int]]:
    """SIGTERM each process, wait for it, and return (written, dropped) from its closing line."""
    for process in processes:
        process.send_signal(signal.SIGTERM)
    for process in processes:
        process.wait(timeout=30)
    assert [process.returncode for process in processes] == [0] * len(processes)
    closed = [_CLOSED.findall(log.read_text()) for log in logs]
    assert all(len(lines) == 1 for lines in closed), closed
    return [(int(lines[0][0]), int(lines[0][1])) for lines in closed]


async def _identify_at_once(
    bot: SignpostBot, shard_id: int | None, *, initial: bool = False
) -> None:
    """No wait between shards' logins."""


if __name__ == "__main__":
    discord.http.Route.BASE = os.environ["FAKE_DISCORD_API"]
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(os.environ["FAKE_DISCORD_GATEWAY"])
    SignpostBot.before_identify_hook = _identify_at_once  # type: ignore[method-assign]
    sys.exit(main(["run"]))
