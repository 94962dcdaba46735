"""/ask driven directly: privacy of replies, crisis first, no pings, autocomplete."""

from __future__ import annotations

from pathlib import Path

import discord

from bot.chat.services import Services
from bot.chat.views import Buttons
from bot.services import ContentHolder
from bot.settings import Settings
from bot.storage.servers import ServerConfig, ServerConfigStore
from cogs.ask import Ask
from tests.conftest import FIXTURE_DATA
from tests.fakes import GUILD_ID, FakeInteraction


async def public_services(settings: Settings, tmp_path: Path) -> Services:
    servers = await ServerConfigStore.open(tmp_path / "config.db", defaults=ServerConfig())
    await servers.set(GUILD_ID, "private_replies", False)
    return Services(settings, ContentHolder(FIXTURE_DATA, default_country="US"), servers=servers)


async def test_ask_replies_privately_by_default_without_pings(services: Services) -> None:
    cog, interaction = Ask(services, Buttons.bound_to(services)), FakeInteraction()
    await cog.ask.callback(cog, interaction, "rainn")
    [call] = interaction.sent("send_message")
    assert call.is_ephemeral and call.mentions_none
    assert "800-656-4673" in call.text()


async def test_public_server_answers_campaign_history_publicly(
    settings: Settings, tmp_path: Path
) -> None:
    services = await public_services(settings, tmp_path)
    cog = Ask(services, Buttons.bound_to(services))
    interaction = FakeInteraction(locale=discord.Locale.british_english)
    await cog.ask.callback(cog, interaction, "who started metoo")
    [call] = interaction.sent("send_message")
    assert not call.is_ephemeral and "Tarana Burke" in call.text()
    assert services.servers is not None
    await services.servers.close()


async def test_public_server_keeps_support_answers_private(
    settings: Settings, tmp_path: Path
) -> None:
    services = await public_services(settings, tmp_path)
    cog = Ask(services, Buttons.bound_to(services))
    interaction = FakeInteraction(locale=discord.Locale.british_english)
    await cog.ask.callback(cog, interaction, "domestic abuse")
    [call] = interaction.sent("send_message")
    assert call.is_ephemeral
    assert call.text().startswith("In danger right now? Call **999**.")
    assert services.servers is not None
    await services.servers.close()


async def test_crisis_answer_is_never_public_even_where_replies_are(
    settings: Settings, tmp_path: Path
) -> None:
    services = await public_services(settings, tmp_path)
    cog, interaction = (
        Ask(services, Buttons.bound_to(services)),
        FakeInteraction(locale=discord.Locale.british_english),
    )
    await cog.ask.callback(cog, interaction, "i want to die")
    [call] = interaction.sent("send_message")
    assert call.is_ephemeral
    assert call.embeds[0].title == "You deserve help right now"
    assert services.servers is not None
    await services.servers.close()


async def test_picking_an_autocomplete_choice_opens_that_entry(services: Services) -> None:
    cog = Ask(services, Buttons.bound_to(services))
    choices = await cog.ask_autocomplete(FakeInteraction(), "samarit")  # type: ignore[arg-type]
    assert choices and all(len(choice.name) <= 100 for choice in choices)
    interaction = FakeInteraction(locale=discord.Locale.british_english)
    await cog.ask.callback(cog, interaction, choices[0].value)
    assert "116 123" in interaction.last.text()
