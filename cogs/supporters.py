"""/support-a-friend: guidance for someone a survivor confided in, and lines for them."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.chat.client import SignpostBot
from bot.chat.cooldowns import member_cooldown
from bot.chat.embeds import supporter_pages
from bot.chat.respond import respond
from bot.chat.services import Services
from bot.chat.views import paged
from bot.engine.supporters import supporter_guide


class Supporters(commands.Cog):
    """For friends, partners and family: what helps, and support of their own."""

    def __init__(self, services: Services) -> None:
        self.services = services

    @app_commands.command(name="support-a-friend")
    @member_cooldown()
    async def support_a_friend(self, interaction: discord.Interaction[SignpostBot]) -> None:
        """Someone told you they were hurt? What to say, how to listen, and support for you."""
        engine = self.services.content.engine
        policy = self.services.policy(interaction)
        guide = supporter_guide(engine, policy.private_country_for(engine))
        reply = paged(supporter_pages(guide), interaction)
        await respond(interaction, reply, ephemeral=True)
        self.services.record(None, "support-a-friend", interaction)


async def setup(bot: SignpostBot) -> None:
    """Load the cog with the bot's services."""
    await bot.add_cog(Supporters(bot.services))
