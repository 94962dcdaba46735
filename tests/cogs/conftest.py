"""Services over the fixture content, as the bot builds them, for driving cogs directly."""

from __future__ import annotations

import pytest

from bot.chat.services import Services
from bot.services import ContentHolder
from bot.settings import Settings
from tests.conftest import FIXTURE_DATA


@pytest.fixture
def services(settings: Settings) -> Services:
    return Services(settings, ContentHolder(FIXTURE_DATA, default_country="US"))
