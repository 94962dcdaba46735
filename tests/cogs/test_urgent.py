"""/urgent: emergency numbers for the member's country, at once."""

import discord

from bot.chat.services import Services
from bot.chat.views import Buttons
from cogs.urgent import Urgent
from tests.fakes import FakeInteraction


async def test_urgent_shows_the_members_emergency_numbers_and_24_7_lines(
    services: Services,
) -> None:
    cog, interaction = (
        Urgent(services, Buttons.bound_to(services)),
        FakeInteraction(locale=discord.Locale.british_english),
    )
    await cog.urgent.callback(cog, interaction)
    [call] = interaction.sent("send_message")
    assert call.is_ephemeral and call.mentions_none
    shown = call.text()
    assert "Emergency in United Kingdom: `999`" in shown
    assert "Samaritans helpline" in shown and "`116 123`" in shown
    assert "988" not in shown


async def test_urgent_falls_back_to_the_operators_default_country(services: Services) -> None:
    cog, interaction = (
        Urgent(services, Buttons.bound_to(services)),
        FakeInteraction(guild_id=None, locale=discord.Locale.japanese),
    )
    await cog.urgent.callback(cog, interaction)
    assert "Emergency in United States: `911`" in interaction.last.text()
    assert interaction.last.is_ephemeral


def test_urgent_has_no_cooldown_so_a_person_in_crisis_is_never_told_to_wait(
    services: Services,
) -> None:
    assert Urgent(services, Buttons.bound_to(services)).urgent.checks == []


async def test_urgent_with_no_country_known_asks_where_the_member_is(services: Services) -> None:
    services.content.engine.default_country = None
    cog = Urgent(services, Buttons.bound_to(services))
    interaction = FakeInteraction(guild_id=None, locale=discord.Locale.japanese)
    await cog.urgent.callback(cog, interaction)
    shown = interaction.last.text()
    assert "Call your local emergency number" in shown and "United States" not in shown
    view = interaction.last.view
    assert view is not None
    assert [item.custom_id for item in view.children] == ["signpost:country:urgent"]
