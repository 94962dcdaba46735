"""A process started with SIGNPOST_SHARD_IDS identifies with exactly those shards of the total."""

from __future__ import annotations

import asyncio
from typing import Any

from bot.chat.client import SignpostBot
from bot.chat.services import Services
from bot.services import ContentHolder
from bot.settings import Settings, load_settings
from tests.e2e.fake_discord import FakeDiscord


async def no_wait(shard_id: int | None, *, initial: bool = False) -> None:
    """discord.py waits 5 s between shard logins for Discord's identify limit; the fake has none."""


async def test_bot_identifies_with_the_shards_it_was_given(
    fake_discord: FakeDiscord, settings: Settings, monkeypatch: Any
) -> None:
    identified: list[list[int] | None] = []
    identify = fake_discord._identify

    async def recording(ws: Any, data: dict[str, Any]) -> None:
        identified.append(data.get("shard"))
        await identify(ws, data)

    monkeypatch.setattr(fake_discord, "_identify", recording)
    sharded = settings.model_copy(update={"shard_count": 4, "shard_ids": (2, 3)})
    bot = SignpostBot(Services(sharded, ContentHolder(sharded.data_dir, default_country="US")))
    monkeypatch.setattr(bot, "before_identify_hook", no_wait)
    # Only the IDENTIFY frames are checked: the fake serves one gateway socket at a time, so a
    # second shard takes the connection over and the bot as a whole never reports ready.
    await bot.login("fake-token")
    connection = asyncio.create_task(bot.connect())
    try:
        async with asyncio.timeout(10):
            while len(identified) < 2:
                await asyncio.sleep(0.01)
    finally:
        await bot.close()
        await asyncio.wait_for(connection, 10)
    assert sorted(identified) == [[2, 4], [3, 4]]
    assert bot.shard_count == 4 and bot.shard_ids == [2, 3]


def test_shard_settings_are_read_from_the_environment(monkeypatch: Any) -> None:
    monkeypatch.setenv("SIGNPOST_SHARD_COUNT", "4")
    monkeypatch.setenv("SIGNPOST_SHARD_IDS", "[2, 3]")
    settings = load_settings(_env_file=None)
    assert (settings.shard_count, settings.shard_ids) == (4, (2, 3))


def test_a_process_without_shard_settings_lets_discord_py_ask_for_the_count(
    settings: Settings,
) -> None:
    bot = SignpostBot(Services(settings, ContentHolder(settings.data_dir, default_country="US")))
    assert bot.shard_count is None and bot.shard_ids is None
