"""Phone first: every command's first message fits one phone screen, on the shipped content.

Runs the sweep tests/benchmarks/screens.py reports (locales in turn, so it stays quick) through
the real bot and the fake; `pytest -s` prints the table of each command's longest first screen.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.chat.client import SignpostBot
from bot.chat.limits import FIRST_SCREEN
from bot.settings import Settings
from tests.benchmarks.screens import COMMANDS, measure, table
from tests.conftest import SHIPPED_DATA
from tests.e2e.fake_discord import FakeDiscord


@pytest.fixture
def settings(settings: Settings, tmp_path: Path) -> Settings:
    return settings.model_copy(update={"data_dir": SHIPPED_DATA})


async def test_every_commands_first_screen_fits_a_phone(
    fake_discord: FakeDiscord, bot: SignpostBot
) -> None:
    screens = await measure(fake_discord, bot, quick=True)
    print("\n" + table(screens))
    assert [screen.command for screen in screens] == list(COMMANDS)
    assert [screen for screen in screens if screen.chars >= FIRST_SCREEN] == []
