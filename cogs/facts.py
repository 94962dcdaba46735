"""/facts and /timeline: sourced facts and the dated history of the #MeToo campaign."""

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

UNKNOWN_TAG = N_(
    "I don't have facts on that yet. Please pick one of the topics offered as you type."
)


class Facts(commands.Cog):
    """Checked facts by topic, and the campaign's timeline."""

    def __init__(self, services: Services, buttons: Buttons) -> None:
        self.services = services
        self.buttons = buttons

    @app_commands.command(name="facts")
    @app_commands.describe(
        topic="Narrow the facts down, e.g. 'origin'; leave empty for all of them"
    )
    @member_cooldown()
    async def facts(
        self,
        interaction: discord.Interaction[SignpostBot],
        topic: app_commands.Range[str, 1, 100] | None = None,
    ) -> None:
        """Facts about the #MeToo campaign, each with its source. Private by default."""
        tag = _slug(topic) if topic else ""
        pages = books.facts(self.services.shelf(interaction), tag)
        if not pages:
            await respond(interaction, Reply(content=_(UNKNOWN_TAG)), ephemeral=True)
            return
        reply = paged("facts", tag, pages, interaction.user.id, self.buttons)
        await respond(interaction, reply, ephemeral=self.services.policy(interaction).is_private)
        self.services.record(None, "facts", interaction)

    @facts.autocomplete("topic")
    async def topic_autocomplete(
        self, interaction: discord.Interaction[SignpostBot], current: str
    ) -> list[app_commands.Choice[str]]:
        """Fact topics for what has been typed, the largest first; typos are forgiven."""
        tags = Counter(
            tag for fact in self.services.content.engine.snapshot.facts for tag in fact.tags
        )
        return narrowed(
            [(f"{slug_label(tag)} ({count})", tag) for tag, count in tags.most_common()], current
        )

    @app_commands.command(name="timeline")
    @member_cooldown()
    async def timeline(self, interaction: discord.Interaction[SignpostBot]) -> None:
        """Browse the #MeToo campaign's history, date by date, with sources. Private by default."""
        pages = books.timeline(self.services.shelf(interaction), "")
        reply = paged("timeline", "", pages, interaction.user.id, self.buttons)
        await respond(interaction, reply, ephemeral=self.services.policy(interaction).is_private)
        self.services.record(None, "timeline", interaction)


def _slug(text: str) -> str:
    """Typed words as a tag slug: "Men and boys" finds "men-and-boys"."""
    return normalise(text).replace(" ", "-")


async def setup(bot: SignpostBot) -> None:
    """Load the cog with the bot's services."""
    await bot.add_cog(Facts(bot.services, bot.buttons))
