"""SIGTERM and SIGINT stop `serve` within 5 s, with every recorded usage event in the database."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import time

import pytest
from pydantic import SecretStr

from bot.chat.client import serve
from bot.chat.services import SHUTDOWN_SECONDS
from bot.settings import Settings
from tests.e2e.fake_discord import FakeDiscord
from tests.e2e.signpost import text_of
from tests.reliability.traffic import ask, stored_events

QUESTIONS = 25


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
async def test_signal_flushes_usage_and_closes_within_five_seconds(
    fake_discord: FakeDiscord, settings: Settings, signum: signal.Signals
) -> None:
    settings = settings.model_copy(update={"token": SecretStr("any-token-at-all")})
    server = asyncio.create_task(serve(settings))
    async with asyncio.timeout(10):
        while not fake_discord.identify_count:
            await asyncio.sleep(0.01)
    replies = await asyncio.gather(*(ask(fake_discord, locale="en-GB") for _ in range(QUESTIONS)))
    assert all("Samaritans helpline" in text_of(reply) for reply in replies)
    stopping = time.monotonic()
    os.kill(os.getpid(), signum)
    await asyncio.wait_for(server, SHUTDOWN_SECONDS)
    assert time.monotonic() - stopping < SHUTDOWN_SECONDS
    assert stored_events(settings.database_url) == QUESTIONS
    assert not fake_discord._sockets  # the gateway connection was closed
    assert not asyncio.get_running_loop().remove_signal_handler(signum)  # serve removed its own


async def test_sigterm_mid_traffic_counts_every_answered_interaction(
    fake_discord: FakeDiscord, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    """Issue 13 #10: interactions answered while the bot stops are counted, and the log's totals
    equal the rows. Discord has each answer (the fake accepted it) while the bot still waits for
    the reply, so a stop that closed storage first lost the event and logged "0 dropped"."""
    settings = settings.model_copy(update={"token": SecretStr("any-token-at-all")})
    server = asyncio.create_task(serve(settings))
    async with asyncio.timeout(10):
        while not fake_discord.identify_count:
            await asyncio.sleep(0.01)
    fake_discord.delay_next(r"/callback$", 0.5, times=QUESTIONS)
    with caplog.at_level(logging.INFO, logger="bot.storage.usage"):
        asking = asyncio.gather(*(ask(fake_discord, locale="en-GB") for _ in range(QUESTIONS)))
        replies = await asking  # every answer has reached Discord; the bot awaits the replies
        os.kill(os.getpid(), signal.SIGTERM)
        await asyncio.wait_for(server, SHUTDOWN_SECONDS)
    assert all("Samaritans helpline" in text_of(reply) for reply in replies)
    assert stored_events(settings.database_url) == QUESTIONS
    [closed] = [r.getMessage() for r in caplog.records if "Usage log closed" in r.getMessage()]
    assert closed == f"Usage log closed: {QUESTIONS} events written, 0 dropped"
