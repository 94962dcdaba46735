"""`python -m bot run` as its own process, talking to a FakeDiscord, for tests of several bots.

    FAKE_DISCORD_API=http://127.0.0.1:PORT/api/v10 \\
    FAKE_DISCORD_GATEWAY=ws://127.0.0.1:PORT/gateway \\
        python -m tests.e2e.bot_process        # SIGNPOST_* settings from the environment

Points discord.py's API base and gateway URL at the fake, as the fixtures do in-process (the bot
has no switch for it), and skips the 5 s discord.py waits between two shards' logins for
Discord's identify limit, which the fake does not have.
"""

from __future__ import annotations

import os
import sys

import discord
import yarl

from bot.__main__ import main
from bot.chat.client import SignpostBot


async def _identify_at_once(
    bot: SignpostBot, shard_id: int | None, *, initial: bool = False
) -> None:
    """No wait between shards' logins."""


if __name__ == "__main__":
    discord.http.Route.BASE = os.environ["FAKE_DISCORD_API"]
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(os.environ["FAKE_DISCORD_GATEWAY"])
    SignpostBot.before_identify_hook = _identify_at_once  # type: ignore[method-assign]
    sys.exit(main(["run"]))
