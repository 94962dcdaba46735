"""/resources: support lines for a topic and country, local and 24/7 lines first."""

from __future__ import annotations

from typing import cast

import discord
from discord import app_commands
from discord.app_commands import locale_str
from discord.ext import commands

from bot.chat.choices import CHOICES_LIMIT, narrowed
from bot.chat.client import SignpostBot
from bot.chat.cooldowns import member_cooldown
from bot.chat.embeds import answer_reply, narrowed_reply
from bot.chat.limits import fit
from bot.chat.respond import Reply, respond
from bot.chat.services import Services
from bot.chat.views import Buttons, with_buttons
from bot.engine.answers import Answer
from bot.engine.lines import Way, narrow
from bot.language import N_, _

UNKNOWN_TOPIC = N_("I don't have that topic. Please pick one of the suggestions as you type.")
TOPIC_OFF = N_(
    "This server's moderators have switched that topic off here. "
    "/urgent still lists emergency numbers."
)
UNKNOWN_COUNTRY = N_(
    "I don't have lines for {country} yet, so here are international directories "
    "that cover most countries."
)
WAY_CHOICES = [
    app_commands.Choice(name=locale_str("Call (phone or textphone)"), value="call"),
    app_commands.Choice(
        name=locale_str("Text (SMS or WhatsApp), no speaking needed"), value="text"
    ),
    app_commands.Choice(name=locale_str("Online chat"), value="chat"),
    app_commands.Choice(name=locale_str("Website or email"), value="web"),
]
"""How a member can get in touch; the names are translated in bot/chat/translations.py."""


class Resources(commands.Cog):
    """Browse support lines by topic and country."""

    def __init__(self, services: Services, buttons: Buttons) -> None:
        self.services = services
        self.buttons = buttons

    @app_commands.command(name="resources")
    @app_commands.describe(
        topic="What you'd like support with",
        country="Where you are; by default, the country of your Discord language",
        contact="Only lines you can reach this way, e.g. text if you can't speak aloud",
        open_now="Only lines open right now, by their published hours",
    )
    @app_commands.choices(contact=WAY_CHOICES)
    @member_cooldown()
    async def resources(
        self,
        interaction: discord.Interaction[SignpostBot],
        topic: app_commands.Range[str, 1, 100],
        country: app_commands.Range[str, 1, 100] | None = None,
        contact: app_commands.Choice[str] | None = None,
        open_now: bool = False,
    ) -> None:
        """Support lines for a topic, your country and 24/7 lines first. Private by default."""
        engine = self.services.content.engine
        policy = self.services.policy(interaction)
        chosen = engine.find_topic(topic)
        if chosen is None or policy.is_withheld(chosen, engine):
            message = _(UNKNOWN_TOPIC) if chosen is None else _(TOPIC_OFF)
            await respond(interaction, Reply(content=message), ephemeral=True)
            return
        where = engine.find_country(country) if country else policy.private_country_for(engine)
        answer = policy.apply(engine.answer_entry(chosen, country=where), engine)
        reply = self._lines_reply(
            answer, contact, open_now=open_now, can_share=policy.may_post_publicly
        )
        if country and where is None:
            reply.content = _(UNKNOWN_COUNTRY).format(
                country=discord.utils.escape_markdown(fit(country, 60))
            )
        # Looking for support lines says something about the member: never shown to the channel.
        await respond(interaction, reply, ephemeral=True)
        self.services.record(answer, "resources", interaction)

    def _lines_reply(
        self,
        answer: Answer,
        contact: app_commands.Choice[str] | None,
        *,
        open_now: bool,
        can_share: bool,
    ) -> Reply:
        """Every line for the topic, or only those reachable the chosen way and open now."""
        now = self.services.clock()
        if contact is None and not open_now:
            reply = answer_reply(answer, at=now)
            return with_buttons(reply, answer, self.buttons, can_share=can_share)
        way = cast(Way, contact.value) if contact else None
        narrowed = narrow(answer.lines, way=way, open_at=now if open_now else None)
        return narrowed_reply(answer, narrowed, at=now)

    @resources.autocomplete("topic")
    async def topic_autocomplete(
        self, interaction: discord.Interaction[SignpostBot], current: str
    ) -> list[app_commands.Choice[str]]:
        """Topics for what has been typed, narrowing as it grows; typos are forgiven."""
        engine = self.services.content.engine
        policy = self.services.policy(interaction)
        topics = [t for t in engine.snapshot.topics if not policy.is_withheld(t, engine)]
        return narrowed([(t.name, t.id) for t in topics], current)

    @resources.autocomplete("country")
    async def country_autocomplete(
        self, interaction: discord.Interaction[SignpostBot], current: str
    ) -> list[app_commands.Choice[str]]:
        """Countries with lines for what has been typed ("uk" finds the United Kingdom)."""
        engine = self.services.content.engine
        countries = sorted(engine.snapshot.countries, key=lambda c: c.name)
        found = engine.find_country(current) if current.strip() else None
        options = [(c.name, c.code) for c in countries if c is not found]
        first = [(found.name, found.code)] if found else []
        return [*narrowed(first, ""), *narrowed(options, current)][:CHOICES_LIMIT]


async def setup(bot: SignpostBot) -> None:
    """Load the cog with the bot's services."""
    await bot.add_cog(Resources(bot.services, bot.buttons))
