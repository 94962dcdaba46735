"""/ask: a question in the member's own words, answered only from checked content."""

from __future__ import annotations

import logging

import discord
from discord import app_commands
from discord.ext import commands

from bot.chat.client import COOLDOWN_PER, COOLDOWN_RATE, Services, SignpostBot, member_key
from bot.chat.render import answer_reply, fit, respond
from bot.chat.views import with_buttons

log = logging.getLogger(__name__)

QUESTION_LIMIT = 1000
"""Discord accepts up to 6000; a long paste is still read for crisis words, then trimmed."""


class Ask(commands.Cog):
    """Free questions, with suggestions while the member types."""

    def __init__(self, services: Services) -> None:
        self.services = services

    @app_commands.command(name="ask")
    @app_commands.describe(
        question="Your question in your own words, e.g. 'how do I help a friend'"
    )
    @app_commands.checks.cooldown(COOLDOWN_RATE, COOLDOWN_PER, key=member_key)
    async def ask(
        self,
        interaction: discord.Interaction[SignpostBot],
        question: app_commands.Range[str, 1, QUESTION_LIMIT],
    ) -> None:
        """Ask anything about support, the #MeToo campaign or stories. Private by default."""
        engine = self.services.content.engine
        private = self.services.is_private(interaction)
        picked = engine.entry(question)
        if picked is not None:
            answer = engine.answer_entry(picked, country=self.services.reply_country(interaction))
        else:
            answer = engine.ask(
                question,
                locale=str(interaction.locale) if private else None,
                server_country=self.services.server_country(interaction),
            )
        answer = self.services.within_topics(answer, interaction)
        # Crisis help is never posted for everyone: it would tell the channel what was asked.
        reply = with_buttons(answer_reply(answer), answer)
        await respond(interaction, reply, ephemeral=private or answer.is_crisis)
        self.services.record(answer, "ask", interaction, question=question)

    @ask.autocomplete("question")
    async def ask_autocomplete(
        self, interaction: discord.Interaction[SignpostBot], current: str
    ) -> list[app_commands.Choice[str]]:
        """Closest entries to what has been typed so far; picking one opens it directly."""
        suggestions = self.services.content.engine.suggest(current)
        return [app_commands.Choice(name=fit(s.title, 100), value=s.id) for s in suggestions]


async def setup(bot: SignpostBot) -> None:
    """Load the cog with the bot's services."""
    await bot.add_cog(Ask(bot.services))
