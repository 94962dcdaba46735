"""/admin: moderators choose how Signpost behaves in their server and see its anonymous totals."""

from __future__ import annotations

import dataclasses
import logging
import re
from collections.abc import Awaitable, Callable, Iterable
from typing import Any, get_args

import discord
from discord import app_commands
from discord.ext import commands

from bot.chat.client import SignpostBot
from bot.chat.embeds import setting_text, settings_reply, unmatched_reply, usage_stats_reply
from bot.chat.limits import fit
from bot.chat.respond import Reply, respond
from bot.chat.services import Services
from bot.chat.views import verified_permissions
from bot.content.loader import Snapshot
from bot.language import LANGUAGE_NAMES, N_, _
from bot.storage.servers import (
    ServerConfig,
    ServerConfigStore,
    SettingError,
    SettingInfo,
    SettingKind,
    SettingsUnavailable,
    settings_info,
)
from bot.storage.stats import build_report
from bot.storage.usage import Command, UsageSummary

log = logging.getLogger(__name__)

NOT_ALLOWED = N_(
    "Only people who can manage this server, or who have the moderator role it chose, "
    "can use /admin. Nothing was changed."
)
SERVER_ONLY = N_("/admin works inside a server: each server chooses its own settings.")
NO_STORE = N_("Server settings can't be saved right now, so nothing was changed. Please try later.")
EVENTS_DELETED = N_("\nThis server's usage counts have been deleted.")
STATS_OFF = N_(
    "Usage counting is off in this server, so there are no totals. "
    "`/admin set usage_logging on` starts counting from now."
)
STATS_UNAVAILABLE = N_("Usage totals can't be read right now; members' answers are not affected.")
UNMATCHED_OFF = N_(
    "This server doesn't keep unanswered questions. `/admin set unmatched_logging on` starts "
    "keeping them, without numbers, links or mentions and with no note of who asked."
)
ALERTS_NEED_CHANNEL = N_(
    "Quiet alerts need a channel for them first: `/admin set quiet_alert_channel #channel`, "
    "then turn them on. Nothing was changed."
)
CHANNEL_NOT_POSTABLE = N_(
    "I can't post in that channel, so alerts would never reach anyone. Give Signpost *Send "
    "Messages* there, or pick another channel. Nothing was changed."
)
ROLE_HOW_TO = N_(
    "\nMembers with this role may now change Signpost's settings. To let them see /admin in the "
    "command list, open Server Settings → Integrations → Signpost → /admin and add the role."
)
CHANNEL_HINT = N_("Type a #channel mention or a channel id")
ROLE_HINT = N_("Type a @role mention or a role id")

ALWAYS_ON: frozenset[str] = frozenset({"urgent"})
"""Commands a server cannot switch off: /urgent is how someone in danger finds help."""
ON_WORDS = frozenset({"on", "yes", "true", "enable", "enabled", "1"})
OFF_WORDS = frozenset({"off", "no", "false", "disable", "disabled", "0"})
DAY_CHOICES = (7, 30, 90)
CHOICES_LIMIT = 25
CHOICE_LIMIT = 100
"""Discord shows at most 25 autocomplete choices; names and values are at most 100 characters."""

_SETTINGS = {info.name: info for info in settings_info()}
_SEPARATOR = re.compile(r"[,\s]+")
_ID = re.compile(r"^<(?:#|@&)(\d+)>$|^(\d+)$")


def is_moderator(interaction: discord.Interaction[SignpostBot], config: ServerConfig) -> bool:
    """Whether the member has Manage Server (resolved and by their roles) or the moderator role."""
    permissions = verified_permissions(interaction)
    if permissions.manage_guild or permissions.administrator:
        return True
    user = interaction.user
    role = config.moderator_role
    return role is not None and isinstance(user, discord.Member) and user.get_role(role) is not None


def switchable_commands(tree: app_commands.CommandTree[SignpostBot]) -> list[str]:
    """Member commands this bot runs that a server may switch off."""
    known = set(get_args(Command)) - ALWAYS_ON
    return [command.name for command in tree.get_commands() if command.name in known]


def parse_value(
    kind: SettingKind,
    text: str,
    *,
    snapshot: Snapshot,
    switchable: Iterable[str],
    guild: discord.Guild | None,
) -> object:
    """Turn what a moderator typed into a value; SettingError says kindly what is wrong."""
    words = [word.removeprefix("/") for word in _SEPARATOR.split(text.strip()) if word]
    if kind == "bool":
        if text.strip().lower() in ON_WORDS | OFF_WORDS:
            return text.strip().lower() in ON_WORDS
        raise SettingError("Please choose on or off.")
    if kind == "country":
        code = text.strip().upper()
        country = snapshot.country_by_code.get(code) or next(
            (c for c in snapshot.countries if c.name.casefold() == text.strip().casefold()), None
        )
        if country is None:
            raise SettingError("I don't have that country; please pick one of the suggestions.")
        return country.code
    if kind == "language":
        chosen = text.strip()
        for code, name in LANGUAGE_NAMES.items():
            if chosen.casefold() in (code, name.casefold()):
                return code
        raise SettingError("I don't write that language; please pick one of the suggestions.")
    if kind == "commands":
        allowed = set(switchable)
        for word in words:
            if word in ALWAYS_ON:
                raise SettingError(
                    f"/{word} always stays on: it is how someone in danger finds help."
                )
            if word not in allowed:
                raise SettingError(f"There is no command /{word} to switch off.")
        return frozenset(words)
    if kind == "topics":
        topics = {topic.id for topic in snapshot.topics}
        unknown = [word for word in words if word not in topics]
        if unknown:
            raise SettingError(
                f"There is no topic {unknown[0]!r}; please pick from the suggestions."
            )
        return frozenset(words)
    return _parse_ids(kind, words, guild)


def _parse_ids(kind: SettingKind, words: list[str], guild: discord.Guild | None) -> object:
    what = "role" if kind == "role" else "channel"
    ids = []
    for word in words:
        match = _ID.match(word)
        if match is None:
            raise SettingError(f"Please give a {what} as a mention or an id.")
        ids.append(int(match.group(1) or match.group(2)))
    if kind != "channels" and len(ids) != 1:
        raise SettingError(f"Please give exactly one {what}.")
    if guild is not None:
        find = guild.get_role if kind == "role" else guild.get_channel_or_thread
        if any(find(found) is None for found in ids):
            raise SettingError(f"I can't find that {what} in this server.")
    return frozenset(ids) if kind == "channels" else ids[0]


def _with_names(summary: UsageSummary, snapshot: Snapshot) -> UsageSummary:
    """Entries narrowed to topics and countries given names, as a moderator reads them.

    Topics count answers that opened a topic (/resources, or /ask matching a topic); answers
    with a single line, FAQ or fact are left out rather than counted once per topic they touch.
    """
    topics = {topic.id: topic.name for topic in snapshot.topics}
    countries = {country.code: country.name for country in snapshot.countries}
    return dataclasses.replace(
        summary,
        by_entry=tuple((topics[e], n) for e, n in summary.by_entry if e in topics),
        by_country=tuple((countries.get(c, c) if c else None, n) for c, n in summary.by_country),
    )


@app_commands.guild_only()
@app_commands.allowed_contexts(guilds=True, dms=False, private_channels=False)
@app_commands.allowed_installs(guilds=True, users=False)
@app_commands.default_permissions(manage_guild=True)
class Admin(commands.GroupCog, group_name="admin"):
    """Settings and anonymous usage totals for this server. Moderators only."""

    def __init__(self, services: Services) -> None:
        self.services = services

    async def interaction_check(self, interaction: discord.Interaction[Any], /) -> bool:
        """Refuse DMs and non-moderators; hiding /admin is not enough, as servers can undo it."""
        if interaction.guild_id is None:
            raise app_commands.NoPrivateMessage(_(SERVER_ONLY))
        if not is_moderator(interaction, self.services.config(interaction)):
            raise app_commands.CheckFailure(_(NOT_ALLOWED))
        return True

    @app_commands.command(name="settings")
    async def settings(self, interaction: discord.Interaction[SignpostBot]) -> None:
        """See every setting for this server, its value and what it does."""
        reply = settings_reply(self.services.config(interaction), _SETTINGS.values())
        await respond(interaction, reply, ephemeral=True)

    @app_commands.command(name="set")
    @app_commands.describe(
        name="The setting to change", value="Its new value; suggestions appear as you type"
    )
    async def change(
        self,
        interaction: discord.Interaction[SignpostBot],
        name: app_commands.Range[str, 1, 64],
        value: app_commands.Range[str, 1, 1000],
    ) -> None:
        """Change one setting for this server; it applies at once."""

        async def save(
            servers: ServerConfigStore, server_id: int, info: SettingInfo
        ) -> ServerConfig:
            parsed = parse_value(
                info.kind,
                value,
                snapshot=self.services.content.engine.snapshot,
                switchable=switchable_commands(interaction.client.tree),
                guild=interaction.guild,
            )
            _check_alert_setup(name, parsed, servers.get(server_id), interaction.guild)
            return await servers.set(server_id, name, parsed)

        if (done := await self._change(interaction, name, save)) is None:
            return
        info, config = done
        deleted = _(EVENTS_DELETED) if name == "usage_logging" and not config.usage_logging else ""
        role = _(ROLE_HOW_TO) if name == "moderator_role" and config.moderator_role else ""
        await self._confirm(
            interaction, f"**{name}** is now {setting_text(info, config)}.{deleted}{role}"
        )

    @app_commands.command(name="reset")
    @app_commands.describe(name="The setting to return to Signpost's default")
    async def reset(
        self, interaction: discord.Interaction[SignpostBot], name: app_commands.Range[str, 1, 64]
    ) -> None:
        """Return one setting to Signpost's default for this server."""

        async def restore(
            servers: ServerConfigStore, server_id: int, _: SettingInfo
        ) -> ServerConfig:
            return await servers.reset(server_id, name)

        if (done := await self._change(interaction, name, restore)) is None:
            return
        info, config = done
        text = f"**{name}** is back to the default: {setting_text(info, config)}."
        await self._confirm(interaction, text)

    async def _change(
        self,
        interaction: discord.Interaction[SignpostBot],
        name: str,
        change: Callable[[ServerConfigStore, int, SettingInfo], Awaitable[ServerConfig]],
    ) -> tuple[SettingInfo, ServerConfig] | None:
        """Make one change to this server's settings, or say kindly why it cannot be made.

        Defers first: a busy database may take longer than the 3 s Discord waits for an answer.
        """
        await _defer(interaction)
        servers = self.services.servers
        if servers is None or interaction.guild_id is None:
            await respond(interaction, Reply(content=_(NO_STORE)), ephemeral=True)
            return None
        try:
            info = _setting(name)
            return info, await change(servers, interaction.guild_id, info)
        except SettingError as error:
            await respond(interaction, Reply(content=str(error)), ephemeral=True)
        except SettingsUnavailable:
            await respond(interaction, Reply(content=_(NO_STORE)), ephemeral=True)
        return None

    @app_commands.command(name="stats")
    @app_commands.describe(days="How many days back to count")
    @app_commands.choices(
        days=[app_commands.Choice(name=f"{days} days", value=days) for days in DAY_CHOICES]
    )
    async def stats(self, interaction: discord.Interaction[SignpostBot], days: int = 30) -> None:
        """Anonymous totals for this server; counts too small to share are hidden."""
        usage = self.services.usage
        if usage is None or not self.services.config(interaction).usage_logging:
            await respond(interaction, Reply(content=_(STATS_OFF)), ephemeral=True)
            return
        await _defer(interaction)
        summary = await usage.summary(days=days, server=usage.server_hash(interaction.guild_id))
        if summary is None:
            await respond(interaction, Reply(content=_(STATS_UNAVAILABLE)), ephemeral=True)
            return
        threshold = self.services.settings.suppression_threshold
        snapshot = self.services.content.engine.snapshot
        report = build_report(_with_names(summary, snapshot), threshold=threshold)
        await respond(interaction, usage_stats_reply(report, threshold=threshold), ephemeral=True)

    @app_commands.command(name="unmatched")
    async def unmatched(self, interaction: discord.Interaction[SignpostBot]) -> None:
        """Questions many people asked that found no answer, so editors can add content."""
        usage = self.services.usage
        if usage is None or not self.services.config(interaction).unmatched_logging:
            await respond(interaction, Reply(content=_(UNMATCHED_OFF)), ephemeral=True)
            return
        min_count = self.services.settings.unmatched_min_count
        await _defer(interaction)
        questions = await usage.unmatched_questions(min_count)
        if questions is None:
            await respond(interaction, Reply(content=_(STATS_UNAVAILABLE)), ephemeral=True)
            return
        await respond(interaction, unmatched_reply(questions, min_count=min_count), ephemeral=True)

    @change.autocomplete("name")
    @reset.autocomplete("name")
    async def name_autocomplete(
        self, interaction: discord.Interaction[SignpostBot], current: str
    ) -> list[app_commands.Choice[str]]:
        """Offer settings whose name contains what has been typed, each with what it does."""
        typed = current.strip().lower().replace(" ", "_")
        return [
            app_commands.Choice(
                name=fit(f"{info.name}: {_(info.description)}", CHOICE_LIMIT), value=info.name
            )
            for info in _SETTINGS.values()
            if typed in info.name
        ][:CHOICES_LIMIT]

    @change.autocomplete("value")
    async def value_autocomplete(
        self, interaction: discord.Interaction[SignpostBot], current: str
    ) -> list[app_commands.Choice[str]]:
        """Values that fit the chosen setting; lists take several, separated by commas."""
        info = _SETTINGS.get(str(getattr(interaction.namespace, "name", "") or ""))
        if info is None or interaction.guild_id is None:
            return []
        if not is_moderator(interaction, self.services.config(interaction)):
            return []
        options = self._options(info.kind, interaction)
        if info.kind in ("channels", "commands", "topics"):
            return _several(options, current) or _hint(info.kind, current)
        typed = current.strip().casefold()
        return [
            app_commands.Choice(name=fit(label, CHOICE_LIMIT), value=value)
            for label, value in options
            if typed in label.casefold() or typed == value.casefold()
        ][:CHOICES_LIMIT] or _hint(info.kind, current)

    def _options(
        self, kind: SettingKind, interaction: discord.Interaction[SignpostBot]
    ) -> list[tuple[str, str]]:
        """(label, value) pairs a moderator can pick for a setting of this kind."""
        snapshot = self.services.content.engine.snapshot
        guild = interaction.guild
        if kind == "bool":
            return [("on", "on"), ("off", "off")]
        if kind == "country":
            return [
                (f"{c.name} ({c.code})", c.code)
                for c in sorted(snapshot.countries, key=lambda c: c.name)
            ]
        if kind == "language":
            return [(name, code) for code, name in LANGUAGE_NAMES.items()]
        if kind == "commands":
            return [(f"/{name}", name) for name in switchable_commands(interaction.client.tree)]
        if kind == "topics":
            return [(topic.name, topic.id) for topic in snapshot.topics]
        if guild is None:
            return []
        if kind == "role":
            return [
                (f"@{role.name}", str(role.id)) for role in guild.roles if not role.is_default()
            ]
        return [(f"#{channel.name}", str(channel.id)) for channel in guild.text_channels]

    async def _confirm(self, interaction: discord.Interaction[SignpostBot], text: str) -> None:
        command = interaction.command.name if interaction.command else "admin"
        log.info("A moderator used /admin %s", command)
        await respond(interaction, Reply(content=text), ephemeral=True)


def _check_alert_setup(
    name: str, value: object, config: ServerConfig, guild: discord.Guild | None
) -> None:
    """Refuse a quiet-alert setup that would fail a member.

    On with no channel, or a channel the bot cannot post in, would leave a member's alert with
    nowhere to go; refusing the change keeps them told plainly that alerts are off.
    """
    if name == "quiet_alerts" and value is True and config.quiet_alert_channel is None:
        raise SettingError(_(ALERTS_NEED_CHANNEL))
    if name == "quiet_alert_channel" and isinstance(value, int) and guild is not None:
        channel = guild.get_channel(value)
        me = guild.me
        can_post = (
            isinstance(channel, discord.abc.GuildChannel)
            and me is not None
            and channel.permissions_for(me).send_messages
        )
        if not can_post:
            raise SettingError(_(CHANNEL_NOT_POSTABLE))


async def _defer(interaction: discord.Interaction[SignpostBot]) -> None:
    """Acknowledge privately before touching storage; the answer follows when it is ready."""
    await interaction.response.defer(ephemeral=True, thinking=True)


def _setting(name: str) -> SettingInfo:
    info = _SETTINGS.get(name)
    if info is None:
        raise SettingError(
            f"There is no setting called {fit(name, 64)!r}; please pick one from the list."
        )
    return info


def _several(options: list[tuple[str, str]], current: str) -> list[app_commands.Choice[str]]:
    """Offer the next item of a comma-separated list, keeping those already chosen."""
    *done, typing = current.split(",")
    chosen = [part.strip() for part in done if part.strip()]
    typed = typing.strip().casefold()
    choices = []
    for label, value in options:
        if value in chosen or not (typed in label.casefold() or typed in value):
            continue
        listed = ", ".join([*chosen, value])
        if len(listed) <= CHOICE_LIMIT:
            choices.append(
                app_commands.Choice(
                    name=fit(", ".join([*chosen, label]), CHOICE_LIMIT), value=listed
                )
            )
    return choices[:CHOICES_LIMIT]


def _hint(kind: SettingKind, current: str) -> list[app_commands.Choice[str]]:
    """When nothing matches an id setting, say what to type and keep what was typed."""
    if kind not in ("channel", "channels", "role") or not current.strip():
        return []
    hint = _(ROLE_HINT) if kind == "role" else _(CHANNEL_HINT)
    return [
        app_commands.Choice(
            name=fit(f"{hint}: {current.strip()}", CHOICE_LIMIT),
            value=current.strip()[:CHOICE_LIMIT],
        )
    ]


async def setup(bot: SignpostBot) -> None:
    """Load the cog with the bot's services."""
    await bot.add_cog(Admin(bot.services))
