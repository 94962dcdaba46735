"""/resources: support lines for a topic and country, local and 24/7 lines first."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import COOLDOWN_PER, COOLDOWN_RATE, Services, SignpostBot, member_key
from bot.render import Reply, answer_reply, fit, respond
from bot.views import with_buttons

UNKNOWN_TOPIC = "I don't have that topic. Please pick one of the suggestions as you type."
UNKNOWN_COUNTRY = (
    "I don't have lines for {country} yet, so here are international directories that cover most countries."
)


class Resources(commands.Cog):
    """Browse support lines by topic and country."""

    def __init__(self, services: Services) -> None:
        self.services = services

    @app_commands.command(name="resources")
    @app_commands.describe(
        topic="What you'd like support with",
        country="Where you are; by default, the country of your Discord language",
    )
    @app_commands.checks.cooldown(COOLDOWN_RATE, COOLDOWN_PER, key=member_key)
    async def resources(
        self,
        interaction: discord.Interaction[SignpostBot],
        topic: app_commands.Range[str, 1, 100],
        country: app_commands.Range[str, 1, 100] | None = None,
    ) -> None:
        """Support lines for a topic, your country and 24/7 lines first. Private by default."""
        engine = self.services.content.engine
        chosen = engine.find_topic(topic)
        if chosen is None:
            await respond(interaction, Reply(content=UNKNOWN_TOPIC), ephemeral=True)
            return
        where = engine.find_country(country) if country else self.services.country_for(interaction)
        answer = engine.answer_entry(chosen, country=where)
        reply = with_buttons(answer_reply(answer), answer)
        if country and where is None:
            reply.content = UNKNOWN_COUNTRY.format(country=discord.utils.escape_markdown(fit(country, 60)))
        await respond(interaction, reply, ephemeral=self.services.is_private(interaction))
        self.services.record(answer, "resources", interaction)

    @resources.autocomplete("topic")
    async def topic_autocomplete(
        self, interaction: discord.Interaction[SignpostBot], current: str
    ) -> list[app_commands.Choice[str]]:
        """Topics closest to what has been typed."""
        engine = self.services.content.engine
        topics = engine.snapshot.topics
        if current.strip():
            found = engine.find_topic(current)
            topics = (found, *(t for t in topics if t is not found)) if found else topics
        return [app_commands.Choice(name=fit(t.name, 100), value=t.id) for t in topics[:25]]

    @resources.autocomplete("country")
    async def country_autocomplete(
        self, interaction: discord.Interaction[SignpostBot], current: str
    ) -> list[app_commands.Choice[str]]:
        """Countries with lines, the typed one first."""
        engine = self.services.content.engine
        countries = sorted(engine.snapshot.countries, key=lambda c: c.name)
        found = engine.find_country(current) if current.strip() else None
        if found is not None:
            countries = [found, *(c for c in countries if c is not found)]
        elif current.strip():
            typed = current.strip().casefold()
            countries = [c for c in countries if typed in c.name.casefold()] or countries
        return [app_commands.Choice(name=c.name, value=c.code) for c in countries[:25]]


async def setup(bot: SignpostBot) -> None:
    """Load the cog with the bot's services."""
    await bot.add_cog(Resources(bot.services))
