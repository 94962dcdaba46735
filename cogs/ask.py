"""/ask: a question in the member's own words, answered only from checked content."""

from __future__ import annotations

import logging

import discord
from discord import app_commands
from discord.ext import commands

from bot.chat.client import SignpostBot
from bot.chat.cooldowns import member_cooldown
from bot.chat.embeds import answer_reply
from bot.chat.limits import fit
from bot.chat.respond import respond
from bot.chat.services import Services
from bot.chat.views import Buttons, with_buttons
from bot.language import speaking

log = logging.getLogger(__name__)

QUESTION_LIMIT = 6000
"""Discord's own limit for an option: no length limit of ours stands before crisis reading."""


class Ask(commands.Cog):
    """Free questions, with suggestions while the member types."""

    def __init__(self, services: Services, buttons: Buttons) -> None:
        self.services = services
        self.buttons = buttons

    @app_commands.command(name="ask")
    @app_commands.describe(
        question="Your question in your own words, e.g. 'how do I help a friend'"
    )
    @member_cooldown()
    async def ask(
        self,
        interaction: discord.Interaction[SignpostBot],
        question: app_commands.Range[str, 1, QUESTION_LIMIT],
    ) -> None:
        """Ask anything about support, the #MeToo campaign or stories. Private by default."""
        engine = self.services.content.engine
        policy = self.services.policy(interaction)
        picked = engine.entry(question)
        # The member's own locale is safe to follow: only campaign history is ever answered
        # publicly, and it names no country.
        if picked is not None:
            answer = engine.answer_entry(picked, country=policy.private_country_for(engine))
        else:
            answer = engine.ask(question, locale=policy.locale, server_country=policy.country)
        answer = policy.apply(answer, engine)
        # Anything but the campaign's history stays private: it would tell the channel what was
        # asked, and an abuser may be reading.
        private = policy.is_private or answer.is_sensitive
        with speaking(policy.language_for(private=private)):
            reply = with_buttons(
                answer_reply(answer, at=self.services.clock()),
                answer,
                self.buttons,
                can_share=policy.may_post_publicly,
            )
        await respond(interaction, reply, ephemeral=private)
        self.services.record(answer, "ask", interaction, question=question)

    @ask.autocomplete("question")
    async def ask_autocomplete(
        self, interaction: discord.Interaction[SignpostBot], current: str
    ) -> list[app_commands.Choice[str]]:
        """Closest entries to what has been typed so far; picking one opens it directly."""
        engine = self.services.content.engine
        suggestions = self.services.policy(interaction).allows(engine.suggest(current), engine)
        return [app_commands.Choice(name=fit(s.title, 100), value=s.id) for s in suggestions]


async def setup(bot: SignpostBot) -> None:
    """Load the cog with the bot's services."""
    await bot.add_cog(Ask(bot.services, bot.buttons))
