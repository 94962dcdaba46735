"""The Discord bot: services, construction, cog loading, errors, and the run and sync commands."""

from __future__ import annotations

import asyncio
import logging
import signal
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.chat.copy import COMMAND_OFF, GOING_FAST, KIND_ERROR, NOT_AVAILABLE_HERE
from bot.chat.embeds import urgent_reply
from bot.chat.mentions import mentions_of
from bot.chat.respond import Reply, respond
from bot.chat.services import SHUTDOWN_SECONDS, Services, open_services
from bot.chat.translations import Translations
from bot.chat.views import Buttons
from bot.engine.answers import EmergencyHelp
from bot.language import _, use
from bot.memory import settle_memory
from bot.services import ContentHolder
from bot.settings import Settings

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
HANDLER_TASKS = (
    "CommandTree-invoker",
    "discord-ui-view-dispatch-",
    "discord-ui-dynamic-item-",
    "discord-ui-modal-dispatch-",
)
"""How discord.py names the task running each interaction's handler (app_commands/tree.py,
ui/view.py, ui/modal.py); a stop waits for these before storage closes."""
FINISH_SECONDS = 1.5
"""How long a stop waits for answers in progress; Discord drops one unanswered after 3 s."""
CUT_OFF_SECONDS = 0.5
"""How long handlers still running when the HTTP session closes take to fail."""

PRIVATE_COMMANDS = frozenset(
    {"urgent", "resources", "support-a-friend", "reach-out", "admin", "reload"}
)
"""Commands that answer only the member in every server, so in the member's own language."""
TYPED_OPTIONS = ("question", "note")
"""Options where members type in their own words, read for danger even when a command is refused."""


class SignpostTree(app_commands.CommandTree["SignpostBot"]):
    """Owns the unexpected: logs the traceback and answers kindly, privately, once."""

    async def sync(
        self, *, guild: discord.abc.Snowflake | None = None
    ) -> list[app_commands.AppCommand]:
        """Publish the commands; once published everywhere, replies can mention them by id."""
        synced = await super().sync(guild=guild)
        if guild is None:
            self.client.command_mentions = mentions_of(synced)
        return synced

    async def interaction_check(self, interaction: discord.Interaction[Any]) -> bool:
        """Choose the reply's language; refuse, kindly, a command the server switched off.

        Typing suggestions stay harmless. The language is the member's where replies are private
        here, the server's where they are public; a private reply in a public server switches
        to the member's own (`speaking`).
        """
        policy = self.client.services.policy(interaction)
        command = interaction.command
        name = command.qualified_name.split()[0] if command else ""
        is_typing = interaction.type is not discord.InteractionType.application_command
        use(policy.reply_language(always_private=is_typing or name in PRIVATE_COMMANDS))
        if command is None or is_typing:
            return True
        if policy.is_switched_off(name):
            raise app_commands.CheckFailure(_(COMMAND_OFF).format(name=name))
        return True

    async def on_error(
        self, interaction: discord.Interaction[Any], error: app_commands.AppCommandError
    ) -> None:
        """Reply to any failure without showing a stack trace to the member.

        A refusal (a cooldown, a switched-off command) never stands between a member and crisis
        help: when what they typed signals danger, they get it instead of the refusal.
        """
        refused = isinstance(error, app_commands.CommandOnCooldown | app_commands.CheckFailure)
        if refused and (help_now := self._crisis_help(interaction)) is not None:
            await respond(interaction, urgent_reply(help_now), ephemeral=True)
            return
        if isinstance(error, app_commands.CommandOnCooldown):
            message = _(GOING_FAST).format(seconds=error.retry_after)
        elif isinstance(error, app_commands.CheckFailure):
            message = str(error) or _(NOT_AVAILABLE_HERE)
        else:
            command = interaction.command.qualified_name if interaction.command else "interaction"
            log.error("Unexpected error in %s", command, exc_info=error)
            message = _(KIND_ERROR)
        await respond(interaction, Reply(content=message), ephemeral=True)

    def _crisis_help(self, interaction: discord.Interaction[Any]) -> EmergencyHelp | None:
        """Crisis help for what the member typed into a refused command, if it signals danger."""
        typed = [
            value
            for name in TYPED_OPTIONS
            if isinstance(value := getattr(interaction.namespace, name, None), str)
        ]
        if not typed:
            return None
        services = self.client.services
        policy = services.policy(interaction)
        engine = services.content.engine
        return engine.ask(typed[0], locale=policy.locale, server_country=policy.country).emergency


def member_commands(tree: app_commands.CommandTree[Any]) -> tuple[tuple[str, str], ...]:
    """Every command a member may run, with its description, for /help.

    Commands that need a permission are for moderators and left out.
    """
    return tuple(
        (command.qualified_name, command.description)
        for command in tree.walk_commands()
        if isinstance(command, app_commands.Command)
        and (command.root_parent or command).default_permissions is None
    )


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
            # Members may add Signpost to their own account and ask it in DMs anywhere; /admin and
            # /reach-out stay server-only through their own decorators.
            allowed_installs=app_commands.AppInstallationType(guild=True, user=True),
            allowed_contexts=app_commands.AppCommandContext(
                guild=True, dm_channel=True, private_channel=True
            ),
            shard_count=settings.shard_count,
            # None means every shard of shard_count; discord.py's typed options leave None out.
            shard_ids=list(settings.shard_ids) if settings.shard_ids is not None else None,  # type: ignore[arg-type]
        )
        self.services = services
        self.buttons = Buttons.bound_to(services)
        self.command_mentions: dict[str, str] = {}
        """How replies mention each published command; empty until Discord said (plain "/x")."""

    async def close(self) -> None:
        """Stop new interactions, let those in progress answer and be counted, then close storage.

        The gateway closes first so nothing new arrives; the HTTP session stays open until the
        handlers already running have replied, so every answered interaction is recorded
        before the usage log writes its last batch.
        """
        for shard in self.shards.values():
            await shard.disconnect()
        unfinished = await finish_handlers(FINISH_SECONDS)
        if unfinished:
            log.warning("Stopping with %d interactions still being answered", unfinished)
        await super().close()
        await finish_handlers(CUT_OFF_SECONDS if unfinished else 0)
        await self.services.close()

    async def setup_hook(self) -> None:
        """Load every cog and learn the published commands' ids.

        Commands are published only by `python -m bot sync`; what it published is read here.
        """
        self.add_dynamic_items(*self.buttons.kinds)
        for name in COGS:
            await self.load_extension(name)
        await self.tree.set_translator(Translations(self.tree))
        self.services.commands = member_commands(self.tree)
        log.info("Loaded %d cogs and %d commands", len(COGS), len(self.tree.get_commands()))
        await self.learn_command_mentions()

    async def learn_command_mentions(self) -> None:
        """Read the published commands' ids, so replies can name them as mentions to click.

        A failure costs only the clickable names: replies then read "/urgent" as plain text. A
        bot that never logged in has no application to ask about.
        """
        try:
            published = await self.tree.fetch_commands()
        except app_commands.MissingApplicationID:
            return
        except discord.HTTPException as error:
            log.warning("Published commands not read (status %s); named as text", error.status)
            return
        self.command_mentions = mentions_of(published)
        log.info("%d published commands can be mentioned", len(self.command_mentions))

    async def on_ready(self) -> None:
        """Log the lifecycle without naming servers or people; set long-lived objects aside."""
        settle_memory()
        log.info("Connected to Discord in %d servers", len(self.guilds))


async def finish_handlers(timeout: float) -> int:
    """Wait up to `timeout` seconds for running interaction handlers; return how many still run."""
    running = {task for task in asyncio.all_tasks() if task.get_name().startswith(HANDLER_TASKS)}
    running.discard(asyncio.current_task())  # a handler that stops the bot does not wait for itself
    if not running or timeout <= 0:
        return len(running)
    _, pending = await asyncio.wait(running, timeout=timeout)
    return len(pending)


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
