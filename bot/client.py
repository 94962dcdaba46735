"""The Discord bot: construction, cog loading, replying, errors, and the run and sync entry points."""

from __future__ import annotations

import asyncio
import logging
import signal
from dataclasses import dataclass
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.answers import Answer
from bot.content.models import Country
from bot.render import Reply, respond
from bot.views import EntryButton, ShareButton
from bot.services import ContentHolder
from bot.settings import Settings

log = logging.getLogger(__name__)

COGS = (
    "cogs.ask",
    "cogs.resources",
)
"""Every feature module, loaded in this order by setup_hook."""

KIND_ERROR = (
    "Sorry, something went wrong on our side and this didn't work. Please try again in a moment. "
    "If you need help right now, /urgent lists emergency numbers."
)
SHUTDOWN_SECONDS = 5.0
COOLDOWN_RATE = 5
COOLDOWN_PER = 30.0
"""Each member may run 5 commands per 30 seconds: plenty for a person, a wall for a script."""


def member_key(interaction: discord.Interaction[Any]) -> int:
    """Cooldowns count per member; discord.py keeps them in memory only, never on disk."""
    return interaction.user.id


@dataclass
class Services:
    """What cogs are given instead of globals: the content engine, and the usage log if any."""

    settings: Settings
    content: ContentHolder

    def server_country(self, interaction: discord.Interaction[Any]) -> str | None:
        """The server's chosen default country, if it set one."""
        return None

    def country_for(self, interaction: discord.Interaction[Any]) -> Country | None:
        """The member's country: their Discord locale, then the server's default, then ours."""
        return self.content.engine.country_for(str(interaction.locale), self.server_country(interaction))

    def is_private(self, interaction: discord.Interaction[Any]) -> bool:
        """Replies are private unless the server opted out for this channel."""
        return self.settings.private_by_default or not self.may_post_publicly(interaction)

    def may_post_publicly(self, interaction: discord.Interaction[Any]) -> bool:
        """Whether a public post is allowed in this channel."""
        return interaction.guild is not None

    def record(self, answer: Answer, command: str, interaction: discord.Interaction[Any]) -> None:
        """Note anonymously that a command was answered; never waits, never fails the reply."""


class SignpostTree(app_commands.CommandTree["SignpostBot"]):
    """Owns the unexpected: logs the traceback and answers kindly, privately, once."""

    async def on_error(self, interaction: discord.Interaction[Any], error: app_commands.AppCommandError) -> None:
        """Reply to any failure without showing a stack trace to the member."""
        if isinstance(error, app_commands.CommandOnCooldown):
            message = f"You're going a little fast. Please try again in {error.retry_after:.0f} s."
        elif isinstance(error, app_commands.CheckFailure):
            message = str(error) or "This command isn't available here."
        else:
            command = interaction.command.qualified_name if interaction.command else "interaction"
            log.error("Unexpected error in %s", command, exc_info=error)
            message = KIND_ERROR
        await respond(interaction, Reply(content=message), ephemeral=True)


class SignpostBot(commands.Bot):
    """A slash-command-only bot; it reads no messages and pings no one."""

    def __init__(self, services: Services) -> None:
        settings = services.settings
        super().__init__(
            command_prefix=commands.when_mentioned,
            help_command=None,
            intents=discord.Intents(guilds=True),
            allowed_mentions=discord.AllowedMentions.none(),
            tree_cls=SignpostTree,
            shard_count=settings.shard_count,
            shard_ids=list(settings.shard_ids) if settings.shard_ids is not None else None,
        )
        self.services = services

    async def setup_hook(self) -> None:
        """Load every cog; commands are published only by `python -m bot sync`."""
        self.add_dynamic_items(EntryButton, ShareButton)
        for name in COGS:
            await self.load_extension(name)
        log.info("Loaded %d cogs and %d commands", len(COGS), len(self.tree.get_commands()))


def run_bot(settings: Settings) -> int:
    """Run the bot until SIGINT or SIGTERM, then stop cleanly within SHUTDOWN_SECONDS."""
    assert settings.token is not None
    token = settings.token.get_secret_value()

    async def main() -> None:
        services = Services(settings, ContentHolder(settings.data_dir, default_country=settings.default_country))
        bot = SignpostBot(services)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        loop.add_signal_handler(signal.SIGHUP, lambda: asyncio.ensure_future(services.content.reload()))
        async with bot:
            runner = asyncio.create_task(bot.start(token))
            stopper = asyncio.create_task(stop.wait())
            await asyncio.wait({runner, stopper}, return_when=asyncio.FIRST_COMPLETED)
            log.info("Stopping")
            await asyncio.wait_for(bot.close(), SHUTDOWN_SECONDS)
            if runner.done() and not runner.cancelled() and runner.exception():
                raise runner.exception()  # type: ignore[misc]
            runner.cancel()

    try:
        asyncio.run(main())
    except discord.LoginFailure:
        log.error("Discord refused the token; check SIGNPOST_TOKEN")
        return 1
    return 0


def sync_commands(settings: Settings, guild_id: int | None) -> int:
    """Publish the slash commands to one server (instant) or everywhere (slow to spread)."""
    if settings.token is None:
        log.error("Syncing needs SIGNPOST_TOKEN")
        return 2
    token = settings.token.get_secret_value()

    async def main() -> int:
        services = Services(settings, ContentHolder(settings.data_dir, default_country=settings.default_country))
        async with SignpostBot(services) as bot:
            await bot.login(token)
            guild = discord.Object(guild_id) if guild_id else None
            if guild is not None:
                bot.tree.copy_global_to(guild=guild)
            synced = await bot.tree.sync(guild=guild)
        log.warning("Synced %d commands %s", len(synced), f"to server {guild_id}" if guild_id else "globally")
        return 0

    return asyncio.run(main())
