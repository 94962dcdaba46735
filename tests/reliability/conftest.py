"""The real SignpostBot on the loopback fake, for fault, attack and load tests."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager

import pytest

from bot.chat.client import SignpostBot
from bot.settings import Settings
from tests.e2e import conftest as e2e
from tests.e2e.fake_discord import FakeDiscord
from tests.e2e.signpost import Runner, started

fake_discord = e2e.fake_discord  # the e2e fixtures, shared
run_bot = e2e.run_bot


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The full load run is opt-in: SIGNPOST_LOAD=1 or `-m load` runs it."""
    if os.environ.get("SIGNPOST_LOAD") == "1" or "load" in (config.option.markexpr or ""):
        return
    skip = pytest.mark.skip(reason="full load run: set SIGNPOST_LOAD=1 (see docs/operations.md)")
    for item in items:
        if "load" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def start(
    fake_discord: FakeDiscord, settings: Settings, run_bot: Runner
) -> Callable[..., AbstractAsyncContextManager[SignpostBot]]:
    """`async with start() as bot:` after preparing the database or content a test breaks."""
    fake_discord.require_no_mentions = True
    return lambda changed=settings: started(changed, run_bot)


@pytest.fixture
async def signpost(
    start: Callable[[], AbstractAsyncContextManager[SignpostBot]],
) -> AsyncIterator[SignpostBot]:
    """SignpostBot on a fresh database in tmp_path, with the fixture content."""
    async with start() as client:
        yield client
