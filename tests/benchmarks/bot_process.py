"""The real SignpostBot in a process of its own, logged in to a FakeDiscord another process runs.

    python -m tests.benchmarks.bot_process API_BASE GATEWAY_URL DATA_DIR DATABASE

The e2e benchmark starts it so that the bot's CPU time is measured apart from the fake's and the
driver's, and so that the two do not share one core. It prints "ready" once connected and runs
until its standard input closes.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import discord
import yarl

from bot.chat.client import SignpostBot
from bot.chat.services import open_services
from bot.settings import Settings
from tests.e2e.fake_discord import READY_WAIT


async def serve(api_base: str, gateway_url: str, data_dir: Path, database: Path) -> None:
    discord.http.Route.BASE = api_base
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway_url)
    settings = Settings(
        _env_file=None,
        data_dir=data_dir,
        database_path=database,
        usage_hash_key="benchmark-key-0123456789",
    )
    services = await open_services(settings)
    bot = SignpostBot(services)
    bot._connection.guild_ready_timeout = READY_WAIT
    try:
        await bot.login("fake-token")
        connection = asyncio.create_task(bot.connect())
        await asyncio.wait_for(bot.wait_until_ready(), 10)
        print("ready", flush=True)
        await asyncio.to_thread(sys.stdin.read)
        await bot.close()
        await connection
    finally:
        await services.close()


if __name__ == "__main__":
    api, gateway, data, db = sys.argv[1:5]
    asyncio.run(serve(api, gateway, Path(data), Path(db)))
