"""/support-a-friend: guidance for someone a survivor confided in, and lines for them."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.chat import books
from bot.chat.client import SignpostBot
from bot.chat.cooldowns import member_cooldown
from bot.chat.respond import respond
from bot.chat.services import Services
from bot.chat.views import Buttons, paged


class Supporters(commands.Cog):
    """For friends, partners and family: what helps, and support of their own."""

    def __init__(self, services: Services, buttons: Buttons) -> None:
        self.services = services
        self.buttons = buttons

    @app_commands.command(name="support-a-friend")
    @member_cooldown()
    async def support_a_friend(self, interaction: discord.Interaction[SignpostBot]) -> None:
        """Someone told you they were hurt? What to say, how to listen, and support for you."""
        engine = self.services.content.engine
        country = self.services.policy(interaction).private_country_for(engine)
        code = country.code if country else ""
        pages = books.supporters(self.services.shelf(interaction), code)
        reply = paged("supporters", code.casefold(), pages, interaction.user.id, self.buttons)
        await respond(interaction, reply, ephemeral=True)
        self.services.record(None, "support-a-friend", interaction)


async def setup(bot: SignpostBot) -> None:
    """Load the cog with the bot's services."""
    await bot.add_cog(Supporters(bot.services, bot.buttons))
