"""The Discord bot: services, construction, cog loading, errors, and the run and sync commands."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import signal
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.chat.render import Reply, respond
from bot.chat.translations import Translations
from bot.chat.views import DeleteButton, EntryButton, ShareButton
from bot.content.loader import Entry
from bot.content.models import Country, FaqEntry, Resource, Topic
from bot.engine.answers import Answer, Outcome
from bot.services import ContentHolder, open_usage, usage_event
from bot.settings import Settings
from bot.storage.servers import ServerConfig, ServerConfigStore
from bot.storage.usage import Command, UsageLog

log = logging.getLogger(__name__)

COGS = (
    "cogs.ask",
    "cogs.resources",
    "cogs.facts",
    "cogs.stories",
    "cogs.urgent",
    "cogs.info",
    "cogs.editors",
    "cogs.supporters",
    "cogs.reach_out",
    "cogs.admin",
)
"""Every feature module, loaded in this order by setup_hook."""

COMMAND_OFF = (
    "This server's moderators have switched /{name} off here. "
    "If you need help right now, /urgent lists emergency numbers."
)
KIND_ERROR = (
    "Sorry, something went wrong on our side and this didn't work. Please try again in a moment. "
    "If you need help right now, /urgent lists emergency numbers."
)
SHUTDOWN_SECONDS = 5.0
COOLDOWN_RATE = 5
COOLDOWN_PER = 30.0
"""Each member may run 5 commands per 30 seconds: plenty for a person, a wall for a script."""


def utc_now() -> dt.datetime:
    """Tell the real time in UTC; tests give Services a fixed clock instead."""
    return dt.datetime.now(dt.UTC)


def member_key(interaction: discord.Interaction[Any]) -> int:
    """Cooldowns count per member; discord.py keeps them in memory only, never on disk."""
    return interaction.user.id


@dataclass
class Services:
    """What cogs are given instead of globals: content, anonymous usage and server settings.

    `usage` and `servers` are None only where a caller chose to run without a database.
    `clock` tells the time for "open now" and quiet-alert cooldowns.
    """

    settings: Settings
    content: ContentHolder
    usage: UsageLog | None = None
    servers: ServerConfigStore | None = None
    clock: Callable[[], dt.datetime] = field(default=utc_now)

    def config(self, interaction: discord.Interaction[Any]) -> ServerConfig:
        """The server's settings, read from memory; defaults in DMs."""
        if self.servers is None:
            return ServerConfig(private_replies=self.settings.private_by_default)
        return self.servers.get(interaction.guild_id)

    def server_country(self, interaction: discord.Interaction[Any]) -> str | None:
        """The server's chosen default country, if it set one."""
        return self.config(interaction).country if interaction.guild_id else None

    def country_for(self, interaction: discord.Interaction[Any]) -> Country | None:
        """The member's country: their Discord locale, then the server's default, then ours."""
        return self.content.engine.country_for(
            str(interaction.locale), self.server_country(interaction)
        )

    def reply_country(self, interaction: discord.Interaction[Any]) -> Country | None:
        """Pick a reply's country: the member's when private, the server's when everyone sees it.

        A public reply never follows the member's Discord language, so it says nothing about them.
        """
        if self.is_private(interaction):
            return self.country_for(interaction)
        return self.content.engine.country_for(None, self.server_country(interaction))

    def is_private(self, interaction: discord.Interaction[Any]) -> bool:
        """Replies are private unless the server opted out, in a channel it allows."""
        return self.config(interaction).private_replies or not self.may_post_publicly(interaction)

    def may_post_publicly(self, interaction: discord.Interaction[Any]) -> bool:
        """Whether anything may be posted for everyone here: servers only, in allowed channels."""
        if interaction.guild_id is None:
            return False
        channels = self.config(interaction).public_channels
        return not channels or interaction.channel_id in channels

    def is_withheld(self, entry: Entry, interaction: discord.Interaction[Any]) -> bool:
        """Whether the server switched off a topic this entry is, or is filed under."""
        return not self.config(interaction).disabled_topics.isdisjoint(_filed_under(entry))

    def within_topics(self, answer: Answer, interaction: discord.Interaction[Any]) -> Answer:
        """The answer without the entry, lines and suggestions of topics the server switched off.

        Emergency help is never withheld: no server choice stands between a member and crisis lines.
        """
        if not self.config(interaction).disabled_topics:
            return answer
        engine = self.content.engine
        entry = answer.entry
        if entry is not None and self.is_withheld(entry, interaction):
            entry = None
        suggestions = tuple(
            s
            for s in answer.suggestions
            if (found := engine.entry(s.id)) is None or not self.is_withheld(found, interaction)
        )
        outcome = answer.outcome
        if entry is None and answer.entry is not None and answer.emergency is None:
            outcome = Outcome.SUGGESTIONS if suggestions else Outcome.NO_MATCH
        return replace(
            answer,
            entry=entry,
            outcome=outcome,
            score=answer.score if entry else 0.0,
            suggestions=suggestions,
            lines=tuple(
                line for line in answer.lines if entry and not self.is_withheld(line, interaction)
            ),
        )

    def record(
        self,
        answer: Answer | None,
        command: Command,
        interaction: discord.Interaction[Any],
        *,
        question: str | None = None,
    ) -> None:
        """Note anonymously that a command was answered; never waits, never fails the reply.

        `question` is offered only for unanswered /ask questions; the usage log keeps a scrubbed
        copy solely for servers that opted in.
        """
        if self.usage is None:
            return
        server = self.usage.server_hash(interaction.guild_id)
        self.usage.record(
            usage_event(answer, command, locale=str(interaction.locale), server=server)
        )
        if (
            question is not None
            and answer is not None
            and answer.entry is None
            and not answer.is_crisis
        ):
            self.usage.record_unmatched(question, server=server)

    async def close(self) -> None:
        """Flush queued usage events and close the database."""
        if self.usage is not None:
            await self.usage.close(timeout=SHUTDOWN_SECONDS - 2)
        if self.servers is not None:
            await self.servers.close()


async def open_services(settings: Settings) -> Services:
    """Load content and open the database; a database problem degrades usage, never answers."""
    content = ContentHolder(settings.data_dir, default_country=settings.default_country)
    if settings.usage_hash_key.get_secret_value() == "change-me":
        log.warning("SIGNPOST_USAGE_HASH_KEY is not set; server ids are hashed with a default key")
    usage = await open_usage(settings)
    servers = await ServerConfigStore.open(
        settings.database_path,
        defaults=ServerConfig(private_replies=settings.private_by_default),
        usage=usage,
    )
    return Services(settings, content, usage, servers)


def _filed_under(entry: Entry) -> frozenset[str]:
    """The topics an entry belongs to: itself if a topic, else those it is filed under."""
    if isinstance(entry, Topic):
        return frozenset({entry.id})
    if isinstance(entry, Resource):
        return frozenset(entry.topics)
    if isinstance(entry, FaqEntry):
        return frozenset((*entry.topics, *entry.related))
    return frozenset()


class SignpostTree(app_commands.CommandTree["SignpostBot"]):
    """Owns the unexpected: logs the traceback and answers kindly, privately, once."""

    async def interaction_check(self, interaction: discord.Interaction[Any]) -> bool:
        """Refuse, kindly, a command the server switched off; typing suggestions stay harmless."""
        command = interaction.command
        if command is None or interaction.type is not discord.InteractionType.application_command:
            return True
        name = command.qualified_name.split()[0]
        if name in self.client.services.config(interaction).disabled_commands:
            raise app_commands.CheckFailure(COMMAND_OFF.format(name=name))
        return True

    async def on_error(
        self, interaction: discord.Interaction[Any], error: app_commands.AppCommandError
    ) -> None:
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


class SignpostBot(commands.AutoShardedBot):
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
            # None means every shard of shard_count; discord.py's typed options leave None out.
            shard_ids=list(settings.shard_ids) if settings.shard_ids is not None else None,  # type: ignore[arg-type]
        )
        self.services = services

    async def close(self) -> None:
        """Close the gateway first, so no new interaction arrives, then flush and close storage."""
        await super().close()
        await self.services.close()

    async def setup_hook(self) -> None:
        """Load every cog; commands are published only by `python -m bot sync`."""
        self.add_dynamic_items(EntryButton, ShareButton, DeleteButton)
        for name in COGS:
            await self.load_extension(name)
        await self.tree.set_translator(Translations(self.tree))
        log.info("Loaded %d cogs and %d commands", len(COGS), len(self.tree.get_commands()))

    async def on_ready(self) -> None:
        """Log the lifecycle without naming servers or people."""
        log.info("Connected to Discord in %d servers", len(self.guilds))


async def serve(settings: Settings) -> None:
    """Run the bot until SIGINT or SIGTERM, then close gateway and storage within SHUTDOWN_SECONDS.

    SIGHUP re-reads the content; a broken file keeps the old content (see ContentHolder.reload).
    """
    assert settings.token is not None
    services = await open_services(settings)
    bot = SignpostBot(services)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    loop.add_signal_handler(signal.SIGHUP, lambda: loop.create_task(services.content.reload()))
    try:
        async with bot:
            runner = asyncio.create_task(bot.start(settings.token.get_secret_value()))
            stopper = asyncio.create_task(stop.wait())
            await asyncio.wait({runner, stopper}, return_when=asyncio.FIRST_COMPLETED)
            stopper.cancel()
            log.info("Stopping")
            await asyncio.wait_for(bot.close(), SHUTDOWN_SECONDS)
            if runner.done() and not runner.cancelled() and (error := runner.exception()):
                raise error
            runner.cancel()
    finally:
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            loop.remove_signal_handler(signum)
        await services.close()
    log.info("Stopped")


def run_bot(settings: Settings) -> int:
    """The process entry point for `python -m bot` with a token."""
    try:
        asyncio.run(serve(settings))
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
        services = Services(
            settings, ContentHolder(settings.data_dir, default_country=settings.default_country)
        )
        async with SignpostBot(services) as bot:
            await bot.login(token)
            guild = discord.Object(guild_id) if guild_id else None
            if guild is not None:
                bot.tree.copy_global_to(guild=guild)
            synced = await bot.tree.sync(guild=guild)
        log.info(
            "Synced %d commands %s",
            len(synced),
            f"to server {guild_id}" if guild_id else "globally",
        )
        return 0

    return asyncio.run(main())
