"""/support-a-friend: guidance for someone a survivor confided in, and lines for them."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.chat.client import COOLDOWN_PER, COOLDOWN_RATE, Services, SignpostBot, member_key
from bot.chat.render import respond, supporter_pages
from bot.chat.views import paged
from bot.engine.supporters import supporter_guide


class Supporters(commands.Cog):
    """For friends, partners and family: what helps, and support of their own."""

    def __init__(self, services: Services) -> None:
        self.services = services

    @app_commands.command(name="support-a-friend")
    @app_commands.checks.cooldown(COOLDOWN_RATE, COOLDOWN_PER, key=member_key)
    async def support_a_friend(self, interaction: discord.Interaction[SignpostBot]) -> None:
        """Someone told you they were hurt? What to say, how to listen, and support for you."""
        guide = supporter_guide(
            self.services.content.engine, self.services.reply_country(interaction)
        )
        reply = paged(supporter_pages(guide), interaction)
        await respond(interaction, reply, ephemeral=self.services.is_private(interaction))
        self.services.record(None, "support-a-friend", interaction)


async def setup(bot: SignpostBot) -> None:
    """Load the cog with the bot's services."""
    await bot.add_cog(Supporters(bot.services))
