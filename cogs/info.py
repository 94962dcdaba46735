"""/help, /about and /privacy: what Signpost does, what it keeps and never keeps, whose content."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.chat import books
from bot.chat.client import SignpostBot
from bot.chat.cooldowns import member_cooldown
from bot.chat.embeds import about_reply
from bot.chat.respond import respond
from bot.chat.services import Services
from bot.chat.views import Buttons, paged


class Info(commands.Cog):
    """Explains the bot to members, from the command tree and settings so nothing can drift."""

    def __init__(self, services: Services, buttons: Buttons) -> None:
        self.services = services
        self.buttons = buttons

    @app_commands.command(name="help")
    @member_cooldown()
    async def help(self, interaction: discord.Interaction[SignpostBot]) -> None:
        """See what Signpost can do for you, and how private your replies are."""
        shelf = self.services.shelf(interaction)
        reply = paged("help", "", books.help_book(shelf, ""), interaction.user.id, self.buttons)
        await respond(interaction, reply, ephemeral=shelf.is_private)
        self.services.record(None, "help", interaction)

    @app_commands.command(name="about")
    @member_cooldown()
    async def about(self, interaction: discord.Interaction[SignpostBot]) -> None:
        """Where Signpost's content comes from, and exactly what it stores and never stores."""
        snapshot = self.services.content.engine.snapshot
        reply = about_reply(snapshot, self.services.privacy(interaction))
        await respond(interaction, reply, ephemeral=self.services.policy(interaction).is_private)
        self.services.record(None, "about", interaction)

    @app_commands.command(name="privacy")
    @member_cooldown()
    async def privacy(self, interaction: discord.Interaction[SignpostBot]) -> None:
        """Exactly what Signpost stores, what it never stores, and this server's choices."""
        shelf = self.services.shelf(interaction)
        reply = paged("privacy", "", books.privacy(shelf, ""), interaction.user.id, self.buttons)
        await respond(interaction, reply, ephemeral=shelf.is_private)
        self.services.record(None, "privacy", interaction)


async def setup(bot: SignpostBot) -> None:
    """Load the cog with the bot's services and buttons."""
    await bot.add_cog(Info(bot.services, bot.buttons))
