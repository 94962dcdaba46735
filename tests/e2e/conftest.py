"""Fixtures that run a discord.py client against the loopback FakeDiscord."""

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager
from functools import partial

import discord
import pytest
import yarl

from tests.e2e.fake_discord import FakeDiscord
from tests.e2e.fake_discord import run_bot as _run_bot


@pytest.fixture
async def fake_discord(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FakeDiscord]:
    """A started FakeDiscord that discord.py talks to; fails the test if a violation is left."""
    async with FakeDiscord() as fake:
        monkeypatch.setattr(discord.http.Route, "BASE", fake.api_base)
        monkeypatch.setattr(
            discord.gateway.DiscordWebSocket, "DEFAULT_GATEWAY", yarl.URL(fake.gateway_url)
        )
        yield fake
    assert not fake.violations, "Discord would refuse:\n" + "\n".join(fake.violations)


@pytest.fixture
def run_bot(
    fake_discord: FakeDiscord,
) -> Callable[[discord.Client], AbstractAsyncContextManager[discord.Client]]:
    """`async with run_bot(bot):` runs any Client or Bot against the fake until the block ends."""
    return partial(_run_bot, fake_discord)
