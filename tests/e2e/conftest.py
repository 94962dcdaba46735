"""Fixtures that run a discord.py client, or the real SignpostBot, against the loopback fake."""

import logging
from collections.abc import AsyncIterator
from functools import partial

import discord
import pytest
import yarl

from bot.chat.client import SignpostBot
from bot.settings import Settings
from tests.e2e.fake_discord import FakeDiscord
from tests.e2e.fake_discord import run_bot as _run_bot
from tests.e2e.signpost import Runner, started


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
def run_bot(fake_discord: FakeDiscord) -> Runner:
    """`async with run_bot(bot):` runs any Client or Bot against the fake until the block ends."""
    return partial(_run_bot, fake_discord)


@pytest.fixture
async def bot(
    fake_discord: FakeDiscord, settings: Settings, run_bot: Runner, caplog: pytest.LogCaptureFixture
) -> AsyncIterator[SignpostBot]:
    """The real bot with real services; fails the test if a message mentioned anyone or anything
    logged an error (a test expecting one clears `caplog`)."""
    fake_discord.require_no_mentions = True
    async with started(settings, run_bot) as client:
        yield client
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []
