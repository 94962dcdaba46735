"""What cogs and buttons are handed instead of globals: content, settings, usage, and the clock."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import discord

from bot.chat.books import Shelf
from bot.chat.embeds import PrivacyFacts
from bot.chat.presses import Presses
from bot.content.localised import ENGLISH
from bot.engine.answers import Answer
from bot.engine.policy import Policy
from bot.services import ContentHolder, open_usage, usage_event
from bot.settings import DEFAULT_HASH_KEY, Settings
from bot.storage.database import Database
from bot.storage.servers import ServerConfig, ServerConfigStore
from bot.storage.usage import Command, UsageLog

log = logging.getLogger(__name__)

SHUTDOWN_SECONDS = 5.0
"""How long a stop may take: the gateway closes, answers in progress finish, usage is written."""
USAGE_CLOSE_SECONDS = 2.5
"""The part of SHUTDOWN_SECONDS left for writing queued usage events."""


def utc_now() -> dt.datetime:
    """Tell the real time in UTC; tests give Services a fixed clock instead."""
    return dt.datetime.now(dt.UTC)


@dataclass
class Services:
    """The bundle a cog or button works with; decisions live in engine.policy, not here.

    `usage` and `servers` are None only where a caller chose to run without a database;
    `database` is what they share, closed last. `clock` tells the time for "open now" and
    quiet-alert cooldowns.
    """

    settings: Settings
    content: ContentHolder
    usage: UsageLog | None = None
    servers: ServerConfigStore | None = None
    database: Database | None = None
    clock: Callable[[], dt.datetime] = field(default=utc_now)
    presses: Presses = field(default_factory=Presses)
    commands: tuple[tuple[str, str], ...] = ()
    """Member commands and their descriptions, read from the command tree once cogs load."""
    _redacting: set[asyncio.Task[None]] = field(default_factory=set, repr=False)

    def config(self, interaction: discord.Interaction[Any]) -> ServerConfig:
        """The server's settings, read from memory; defaults in DMs."""
        if self.servers is None:
            return ServerConfig(private_replies=self.settings.private_by_default)
        return self.servers.get(interaction.guild_id)

    def policy(self, interaction: discord.Interaction[Any]) -> Policy:
        """The server's choices for this member here, as the engine applies them."""
        config = self.config(interaction)
        in_server = interaction.guild_id is not None
        return Policy(
            in_server=in_server,
            channel=interaction.channel_id,
            locale=str(interaction.locale),
            private_replies=config.private_replies,
            public_channels=frozenset(config.public_channels),
            disabled_topics=frozenset(config.disabled_topics) if in_server else frozenset(),
            disabled_commands=frozenset(config.disabled_commands) if in_server else frozenset(),
            country=config.country if in_server else None,
            language=config.language if in_server else ENGLISH,
        )

    def privacy(self, interaction: discord.Interaction[Any]) -> PrivacyFacts:
        """What is kept here, from settings and the server's choices, so wording cannot drift."""
        server = self.config(interaction) if interaction.guild_id is not None else None
        settings = self.settings
        return PrivacyFacts(settings.suppression_threshold, settings.retention_days, server)

    def shelf(self, interaction: discord.Interaction[Any]) -> Shelf:
        """What books are built from for this member, here, now."""
        return Shelf(
            self.content.engine,
            self.privacy(interaction),
            self.commands,
            self.policy(interaction).is_private,
        )

    def record(
        self,
        answer: Answer | None,
        command: Command,
        interaction: discord.Interaction[Any],
        *,
        question: str | None = None,
    ) -> None:
        """Note anonymously that a command was answered, if the server counts usage.

        Never waits, never fails the reply. `question` is offered only for unanswered /ask
        questions. For servers that opted in, engine.redact reduces it to known words in a
        worker thread (never on the event loop) and the usage log keeps that.
        """
        config = self.config(interaction)
        if self.usage is None or not config.usage_logging:
            return
        server = self.usage.server_hash(interaction.guild_id)
        self.usage.record(
            usage_event(answer, command, locale=str(interaction.locale), server=server)
        )
        if (
            question is not None
            and config.unmatched_logging
            and answer is not None
            and answer.entry is None
            and not answer.is_crisis
        ):
            task = asyncio.get_running_loop().create_task(self._record_unmatched(question, server))
            self._redacting.add(task)
            task.add_done_callback(self._redacting.discard)

    def report_line(self, line_id: str, interaction: discord.Interaction[Any]) -> None:
        """Pass a member's wrong-number report to the editors, once per member and message.

        Only the line id reaches the log, with the day. Who pressed, and on which message, is
        used in memory alone, hashed, to count a repeated press once. A report is the member's
        own act about our content and holds nothing of the server, so a server's choice not to
        count usage does not stop it. Never waits: the usage log queues it.
        """
        message = interaction.message.id if interaction.message is not None else 0
        if self.usage is not None and self.presses.is_first(interaction.user.id, message, line_id):
            self.usage.record_report(line_id)

    async def _record_unmatched(self, question: str, server: str | None) -> None:
        text = await asyncio.to_thread(self.content.redact, question)
        if self.usage is not None:
            self.usage.record_unmatched(text, server=server)

    async def close(self) -> None:
        """Finish redacting, write queued usage events, stop watching settings, then close."""
        if self._redacting:
            await asyncio.gather(*self._redacting, return_exceptions=True)
        if self.usage is not None:
            await self.usage.close(timeout=USAGE_CLOSE_SECONDS)
        if self.servers is not None:
            await self.servers.close()
        if self.database is not None:
            await self.database.close()


async def open_services(settings: Settings) -> Services:
    """Load content and open the one database; a database problem degrades usage, never answers.

    The usage log and the settings store share the Database: one owner of its connection,
    migrations and recovery in this process.
    """
    content = ContentHolder(settings.data_dir, default_country=settings.default_country)
    if settings.usage_hash_key.get_secret_value() == DEFAULT_HASH_KEY:
        log.warning("SIGNPOST_USAGE_HASH_KEY is not set; server ids are hashed with a default key")
    database = await Database.open(settings.database_url)
    usage = await open_usage(settings, database)
    servers = await ServerConfigStore.open(
        database, defaults=ServerConfig(private_replies=settings.private_by_default), usage=usage
    )
    return Services(settings, content, usage, servers, database)
