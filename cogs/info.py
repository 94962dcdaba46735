"""/help, /about and /privacy: what Signpost does, what it keeps and never keeps, whose content."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.chat.client import SignpostBot
from bot.chat.cooldowns import member_cooldown
from bot.chat.embeds import PrivacyFacts, about_reply, help_reply, privacy_reply
from bot.chat.respond import respond
from bot.chat.services import Services
from bot.chat.translations import command_wording
from bot.language import current_language


class Info(commands.Cog):
    """Explains the bot to members, reading commands from the tree so the list cannot drift."""

    def __init__(self, services: Services, tree: app_commands.CommandTree[Any]) -> None:
        self.services = services
        self.tree = tree

    @app_commands.command(name="help")
    @member_cooldown()
    async def help(self, interaction: discord.Interaction[SignpostBot]) -> None:
        """See what Signpost can do for you, and how private your replies are."""
        is_private = self.services.policy(interaction).is_private
        await respond(
            interaction,
            help_reply(self._member_commands(), is_private=is_private),
            ephemeral=is_private,
        )
        self.services.record(None, "help", interaction)

    @app_commands.command(name="about")
    @member_cooldown()
    async def about(self, interaction: discord.Interaction[SignpostBot]) -> None:
        """Where Signpost's content comes from, and exactly what it stores and never stores."""
        reply = about_reply(self.services.content.engine.snapshot, self._privacy(interaction))
        await respond(interaction, reply, ephemeral=self.services.policy(interaction).is_private)
        self.services.record(None, "about", interaction)

    @app_commands.command(name="privacy")
    @member_cooldown()
    async def privacy(self, interaction: discord.Interaction[SignpostBot]) -> None:
        """Exactly what Signpost stores, what it never stores, and this server's choices."""
        reply = privacy_reply(self._privacy(interaction))
        await respond(interaction, reply, ephemeral=self.services.policy(interaction).is_private)
        self.services.record(None, "privacy", interaction)

    def _privacy(self, interaction: discord.Interaction[SignpostBot]) -> PrivacyFacts:
        """Read from settings and the server's config, so the wording cannot drift from them."""
        settings = self.services.settings
        server = self.services.config(interaction) if interaction.guild_id else None
        return PrivacyFacts(settings.suppression_threshold, settings.retention_days, server)

    def _member_commands(self) -> list[tuple[str, str]]:
        """Every command a member may run: those needing a permission are for moderators."""
        language = current_language()
        return [
            command_wording(command.qualified_name, command.description, language)
            for command in self.tree.walk_commands()
            if isinstance(command, app_commands.Command)
            and (command.root_parent or command).default_permissions is None
        ]


async def setup(bot: SignpostBot) -> None:
    """Load the cog with the bot's services and command tree."""
    await bot.add_cog(Info(bot.services, bot.tree))
