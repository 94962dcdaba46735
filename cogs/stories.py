"""/stories: public statements people chose to make, short version first, account on request."""

from __future__ import annotations

from collections import Counter

import discord
from discord import app_commands
from discord.ext import commands

from bot.chat import books
from bot.chat.choices import narrowed
from bot.chat.client import SignpostBot
from bot.chat.cooldowns import member_cooldown
from bot.chat.embeds import slug_label
from bot.chat.respond import Reply, respond
from bot.chat.services import Services
from bot.chat.views import Buttons, paged
from bot.engine.text import normalise
from bot.language import N_, _

UNKNOWN_THEME = N_(
    "I don't have stories on that theme. Please pick one of the themes offered as you type."
)
NO_STORIES = N_("There are no stories to show yet.")


class Stories(commands.Cog):
    """Browse stories one at a time, with content notes before anything else."""

    def __init__(self, services: Services, buttons: Buttons) -> None:
        self.services = services
        self.buttons = buttons

    @app_commands.command(name="stories")
    @app_commands.describe(theme="Stories on one theme, e.g. 'speaking out'; leave empty for all")
    @member_cooldown()
    async def stories(
        self,
        interaction: discord.Interaction[SignpostBot],
        theme: app_commands.Range[str, 1, 100] | None = None,
    ) -> None:
        """Stories people shared publicly; content notes first, details only if you ask."""
        slug = normalise(theme).replace(" ", "-") if theme else ""
        pages = books.stories(self.services.shelf(interaction), slug)
        if not pages:
            await respond(
                interaction,
                Reply(content=_(UNKNOWN_THEME) if slug else _(NO_STORIES)),
                ephemeral=True,
            )
            return
        reply = paged("stories", slug, pages, interaction.user.id, self.buttons)
        await respond(interaction, reply, ephemeral=self.services.policy(interaction).is_private)
        self.services.record(None, "stories", interaction)

    @stories.autocomplete("theme")
    async def theme_autocomplete(
        self, interaction: discord.Interaction[SignpostBot], current: str
    ) -> list[app_commands.Choice[str]]:
        """Story themes for what has been typed, the largest first; typos are forgiven."""
        themes = Counter(
            t for story in self.services.content.engine.snapshot.stories for t in story.themes
        )
        return narrowed(
            [(f"{slug_label(t)} ({count})", t) for t, count in themes.most_common()], current
        )


async def setup(bot: SignpostBot) -> None:
    """Load the cog with the bot's services."""
    await bot.add_cog(Stories(bot.services, bot.buttons))
