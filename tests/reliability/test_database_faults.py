"""The real bot keeps answering whatever happens to its SQLite file; events catch up once it heals.

Answers never wait on the database: the usage log only queues, and its writer retries. Each
test breaks the file, sends interactions through the fake, and checks every one was answered.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.chat.client import SignpostBot
from bot.services import usage_event
from bot.settings import Settings
from bot.storage.usage import UsageLog
from tests.e2e.fake_discord import FakeDiscord
from tests.e2e.signpost import text_of
from tests.reliability.traffic import ask, stored_events
from tests.storage.test_usage_log import set_read_only

QUESTIONS = 10
PADDING = 9_000  # below the usage log's 10,000-event bound, so none is dropped
_LOCKER = """
import sqlite3, sys, time
connection = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=60)
connection.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
time.sleep(60)
"""


@contextlib.asynccontextmanager
async def locked_by_another_process(path: Path) -> AsyncIterator[None]:
    """Hold an exclusive lock on the database from a second process for the block.

    The lock may have to wait for a write of the bot's own to finish, which needs the event
    loop: the locker's word is awaited in a thread, so the loop keeps running meanwhile (read on
    the loop, it blocked the loop past the locker's patience on a busy machine).
    """
    locker = subprocess.Popen(
        [sys.executable, "-c", _LOCKER, str(path)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert locker.stdout is not None
        assert (await asyncio.to_thread(locker.stdout.readline)).strip() == "locked"
        yield
    finally:
        locker.kill()
        locker.wait()


async def answers_all(fake: FakeDiscord, count: int = QUESTIONS) -> None:
    replies = await asyncio.gather(*(ask(fake, "samaritans", locale="en-GB") for _ in range(count)))
    assert all("Samaritans helpline" in text_of(reply) for reply in replies)


async def flushed(usage: UsageLog) -> bool:
    """Flush, waking the writer every half second: a write that failed waits 5 s otherwise."""
    for _ in range(20):
        if await usage.flush(timeout=0.5):
            return True
    return False


async def test_database_locked_by_another_process(
    fake_discord: FakeDiscord, signpost: SignpostBot, settings: Settings
) -> None:
    usage = signpost.services.usage
    assert usage is not None
    async with locked_by_another_process(Path(settings.database_url)):
        await answers_all(fake_discord)
        assert not await usage.flush(timeout=0.3)
    assert await usage.flush(timeout=10)
    assert stored_events(Path(settings.database_url)) == QUESTIONS and usage.dropped == 0


async def test_read_only_database_at_start(
    fake_discord: FakeDiscord, start, settings: Settings
) -> None:
    async with start():
        pass  # creates the file with its schema
    set_read_only(Path(settings.database_url), True)
    try:
        async with start() as bot:
            await answers_all(fake_discord)
            usage = bot.services.usage
            assert usage is not None and not await usage.flush(timeout=0.3) and usage.is_degraded
            set_read_only(Path(settings.database_url), False)
            assert await usage.flush(timeout=10)
    finally:
        set_read_only(Path(settings.database_url), False)
    assert stored_events(Path(settings.database_url)) == QUESTIONS


async def test_full_disk(
    fake_discord: FakeDiscord,
    signpost: SignpostBot,
    settings: Settings,
    caplog: pytest.LogCaptureFixture,
) -> None:
    usage = signpost.services.usage
    connection = signpost.services.database.backend.connection  # reconnecting lifts the cap
    assert usage is not None and connection is not None
    pages = (await (await connection.execute("PRAGMA page_count")).fetchone())[0]
    await connection.execute(f"PRAGMA max_page_count = {pages}")
    for _ in range(PADDING):  # more rows than any free pages hold, without a round trip each
        usage.record(usage_event(None, "help", locale="en", server=None))
    with caplog.at_level(logging.WARNING):
        await answers_all(fake_discord)
        assert await flushed(usage)  # the retry reconnects, which lifts the cap
    assert "full" in caplog.text
    assert stored_events(Path(settings.database_url)) == PADDING + QUESTIONS and usage.dropped == 0


async def test_corrupt_database_at_start_is_moved_aside(
    fake_discord: FakeDiscord, start, settings: Settings
) -> None:
    Path(settings.database_url).parent.mkdir(parents=True, exist_ok=True)
    Path(settings.database_url).write_bytes(b"this is not a database, it was overwritten" * 200)
    async with start() as bot:
        await answers_all(fake_discord)
        assert bot.services.usage is not None and await bot.services.usage.flush()
    moved = list(
        Path(settings.database_url).parent.glob(f"{Path(settings.database_url).name}.corrupt-*")
    )
    assert len(moved) == 1 and moved[0].read_bytes().startswith(b"this is not a database")
    assert stored_events(Path(settings.database_url)) == QUESTIONS


async def test_database_deleted_while_running(
    fake_discord: FakeDiscord, signpost: SignpostBot, settings: Settings
) -> None:
    usage = signpost.services.usage
    assert usage is not None
    await answers_all(fake_discord)
    assert await usage.flush()
    for file in Path(settings.database_url).parent.glob(Path(settings.database_url).name + "*"):
        file.unlink()
    await answers_all(fake_discord)
    assert await usage.flush()
    assert stored_events(Path(settings.database_url)) == QUESTIONS
    assert os.stat(Path(settings.database_url)).st_mode & 0o777 == 0o600


async def test_full_buffer_drops_are_counted_and_answers_go_on(
    fake_discord: FakeDiscord, signpost: SignpostBot, settings: Settings
) -> None:
    usage = signpost.services.usage
    assert usage is not None
    usage._max_buffer = (
        5  # the bound is 10,000 in production; a small one is reached in 10 questions
    )
    async with locked_by_another_process(Path(settings.database_url)):
        await answers_all(fake_discord)
    assert await usage.flush(timeout=10)
    assert usage.dropped == QUESTIONS - 5
    assert stored_events(Path(settings.database_url)) == 5


async def test_admin_set_is_answered_while_the_database_is_busy_longer_than_discord_waits(
    fake_discord: FakeDiscord, signpost: SignpostBot, settings: Settings
) -> None:
    """Issue 13 #9: /admin defers before touching storage, so a file locked for longer than
    Discord's 3 s does not lose the command; the change is saved once the lock goes."""
    async with locked_by_another_process(Path(settings.database_url)):
        handle = await fake_discord.interact(
            fake_discord.slash(
                "admin",
                {"name": "country", "value": "GB"},
                subcommand="set",
                user=fake_discord.moderator,
            )
        )
        first = await handle.response(timeout=2)
        assert first.json["type"] == 5 and first.is_ephemeral  # deferred, privately
        await asyncio.sleep(fake_discord.callback_deadline + 0.5)
    answer = await handle.followup(timeout=10)
    assert "**country** is now" in text_of(answer) and answer.is_ephemeral
    assert signpost.services.servers.get(fake_discord.guild.id).country == "GB"
