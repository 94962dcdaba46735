"""/urgent: emergency numbers and round-the-clock lines for the member's country, at once."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.chat import books
from bot.chat.client import SignpostBot
from bot.chat.respond import respond
from bot.chat.services import Services
from bot.chat.views import Buttons, paged


class Urgent(commands.Cog):
    """Help right now, with no questions asked."""

    def __init__(self, services: Services, buttons: Buttons) -> None:
        self.services = services
        self.buttons = buttons

    # No cooldown: someone in crisis pressing /urgent again must get the numbers again.
    @app_commands.command(name="urgent")
    async def urgent(self, interaction: discord.Interaction[SignpostBot]) -> None:
        """Emergency numbers and 24/7 support lines where you are, straight away."""
        engine = self.services.content.engine
        country = self.services.policy(interaction).private_country_for(engine)
        code = country.code.casefold() if country else ""
        pages = books.urgent(self.services.shelf(interaction), code)
        reply = paged("urgent", code, pages, interaction.user.id, self.buttons)
        if country is None:
            reply = self.buttons.choose_country(reply)
        await respond(interaction, reply, ephemeral=True)
        self.services.record(None, "urgent", interaction)


async def setup(bot: SignpostBot) -> None:
    """Load the cog with the bot's services."""
    await bot.add_cog(Urgent(bot.services, bot.buttons))
