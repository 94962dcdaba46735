"""/ask driven directly: privacy of replies, crisis first, no pings, autocomplete."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import discord
import pytest

from bot.chat.services import Services
from bot.chat.views import Buttons
from bot.services import ContentHolder
from bot.settings import Settings
from bot.storage.database import Database
from bot.storage.servers import ServerConfig, ServerConfigStore
from cogs.ask import Ask
from tests.conftest import FIXTURE_DATA
from tests.fakes import GUILD_ID, FakeInteraction


@pytest.fixture
async def public_services(settings: Settings, tmp_path: Path) -> AsyncIterator[Services]:
    """Services whose server (GUILD_ID) chose public replies."""
    database = await Database.open(str(tmp_path / "config.db"))
    servers = await ServerConfigStore.open(database, defaults=ServerConfig())
    await servers.set(GUILD_ID, "private_replies", False)
    content = ContentHolder(FIXTURE_DATA, default_country="US")
    yield Services(settings, content, servers=servers, database=database)
    await servers.close()
    await database.close()


async def test_ask_replies_privately_by_default_without_pings(services: Services) -> None:
    cog, interaction = Ask(services, Buttons.bound_to(services)), FakeInteraction()
    await cog.ask.callback(cog, interaction, "rainn")
    [call] = interaction.sent("send_message")
    assert call.is_ephemeral and call.mentions_none
    assert "800-656-4673" in call.text()


async def test_public_server_answers_campaign_history_publicly(
    public_services: Services,
) -> None:
    services = public_services
    cog = Ask(services, Buttons.bound_to(services))
    interaction = FakeInteraction(locale=discord.Locale.british_english)
    await cog.ask.callback(cog, interaction, "who started metoo")
    [call] = interaction.sent("send_message")
    assert not call.is_ephemeral and "Tarana Burke" in call.text()


async def test_public_server_keeps_support_answers_private(
    public_services: Services,
) -> None:
    services = public_services
    cog = Ask(services, Buttons.bound_to(services))
    interaction = FakeInteraction(locale=discord.Locale.british_english)
    await cog.ask.callback(cog, interaction, "domestic abuse")
    [call] = interaction.sent("send_message")
    assert call.is_ephemeral
    assert call.text().startswith("In danger right now? Call **999**.")


async def test_crisis_answer_is_never_public_even_where_replies_are(
    public_services: Services,
) -> None:
    services = public_services
    cog, interaction = (
        Ask(services, Buttons.bound_to(services)),
        FakeInteraction(locale=discord.Locale.british_english),
    )
    await cog.ask.callback(cog, interaction, "i want to die")
    [call] = interaction.sent("send_message")
    assert call.is_ephemeral
    assert call.embeds[0].title == "You deserve help right now"


async def test_picking_an_autocomplete_choice_opens_that_entry(services: Services) -> None:
    cog = Ask(services, Buttons.bound_to(services))
    choices = await cog.ask_autocomplete(FakeInteraction(), "samarit")  # type: ignore[arg-type]
    assert choices and all(len(choice.name) <= 100 for choice in choices)
    interaction = FakeInteraction(locale=discord.Locale.british_english)
    await cog.ask.callback(cog, interaction, choices[0].value)
    assert "116 123" in interaction.last.text()
