"""/reach-out: a member quietly asks their server's moderators to check in; nothing is kept."""

from __future__ import annotations

import datetime as dt
import logging
import math

import discord
from discord import app_commands
from discord.ext import commands

from bot.chat.client import SignpostBot
from bot.chat.embeds import alert_refused_reply, alert_sent_reply, alert_text
from bot.chat.respond import respond
from bot.chat.services import Services
from bot.engine.answers import EmergencyHelp
from bot.language import N_, _, speaking

log = logging.getLogger(__name__)

NOTE_LIMIT = 300
"""A few words for the moderators; anything longer belongs in a conversation with them."""
ALERT_COOLDOWN = dt.timedelta(minutes=30)
"""One alert per member per server each half hour: enough to be heard, too few to flood anyone."""
IN_SERVERS_ONLY = N_(
    "Quiet alerts go to a server's moderators, so they work only inside a server. "
    "If you need help right now, /urgent lists emergency numbers."
)
ALERTS_OFF = N_(
    "This server hasn't turned on quiet alerts. You can message a moderator directly, and if "
    "you need help right now, /urgent lists emergency numbers."
)
TOO_SOON = N_(
    "Your last quiet alert reached the moderators, and they can still see it. You can send "
    "another in about {wait}; if you need help right now, /urgent lists emergency numbers."
)
ALERT_FAILED = N_(
    "Sorry, I couldn't post in the moderators' channel, so no alert was sent. Please message a "
    "moderator directly; if you need help right now, /urgent lists emergency numbers."
)


class ReachOut(commands.Cog):
    """Quiet alerts: a member asks for a check-in without saying so in public."""

    def __init__(self, services: Services) -> None:
        self.services = services
        # When each (server, member) last sent an alert: in memory only, forgotten on restart.
        self._sent: dict[tuple[int, int], dt.datetime] = {}

    # No user option: a member can only ever alert about themselves.
    @app_commands.command(name="reach-out")
    @app_commands.allowed_contexts(guilds=True, dms=False, private_channels=False)
    @app_commands.allowed_installs(guilds=True, users=False)
    @app_commands.describe(
        note="Optional: a few words for the moderators, e.g. 'could someone DM me?'"
    )
    async def reach_out(
        self,
        interaction: discord.Interaction[SignpostBot],
        note: app_commands.Range[str, 1, NOTE_LIMIT] | None = None,
    ) -> None:
        """Privately ask this server's moderators to check in with you. Only they see it."""
        emergency = self._emergency(interaction, note)
        # Moderators read the alert in the server's language; the member's stays private.
        with speaking(self.services.policy(interaction).language):
            alert = alert_text(interaction.user.mention, note, urgent=emergency is not None)
        refusal = self._refusal(interaction) or await self._send(interaction, alert)
        if refusal is not None:
            await respond(interaction, alert_refused_reply(refusal, emergency), ephemeral=True)
            return
        await respond(interaction, alert_sent_reply(alert, emergency), ephemeral=True)
        self.services.record(None, "reach-out", interaction)

    def _emergency(
        self, interaction: discord.Interaction[SignpostBot], note: str | None
    ) -> EmergencyHelp | None:
        """Crisis help for the member when their note signals danger, as /ask would give it."""
        if not note:
            return None
        policy = self.services.policy(interaction)
        return self.services.content.engine.ask(
            note, locale=policy.locale, server_country=policy.country
        ).emergency

    def _refusal(self, interaction: discord.Interaction[SignpostBot]) -> str | None:
        """Why no alert may be sent now, or None."""
        if interaction.guild_id is None:
            return _(IN_SERVERS_ONLY)
        config = self.services.config(interaction)
        if not config.quiet_alerts or config.quiet_alert_channel is None:
            return _(ALERTS_OFF)
        now = self.services.clock()
        self._sent = {key: at for key, at in self._sent.items() if now - at < ALERT_COOLDOWN}
        key = (interaction.guild_id, interaction.user.id)
        if key in self._sent:
            left = ALERT_COOLDOWN - (now - self._sent[key])
            minutes = max(1, math.ceil(left.total_seconds() / 60))
            wait = _("1 minute") if minutes == 1 else _("{count} minutes").format(count=minutes)
            return _(TOO_SOON).format(wait=wait)
        return None

    async def _send(self, interaction: discord.Interaction[SignpostBot], alert: str) -> str | None:
        """Post the alert in the configured channel; None when sent, else why not.

        The cooldown starts before the post, so a double press cannot send twice, and is lifted
        again if the post fails, so the member may retry.
        """
        key = (interaction.guild_id or 0, interaction.user.id)
        self._sent[key] = self.services.clock()
        if await self._post(interaction, alert):
            return None
        self._sent.pop(key, None)
        return _(ALERT_FAILED)

    async def _post(self, interaction: discord.Interaction[SignpostBot], alert: str) -> bool:
        channel_id = self.services.config(interaction).quiet_alert_channel
        guild = interaction.guild
        channel = guild.get_channel_or_thread(channel_id) if guild and channel_id else None
        if not isinstance(channel, discord.abc.Messageable):
            log.warning(
                "Quiet alert not sent: the configured channel is missing or holds no messages"
            )
            return False
        try:
            await channel.send(alert, allowed_mentions=discord.AllowedMentions.none())
        except discord.HTTPException as error:
            log.warning("Quiet alert not sent: Discord refused it (status %s)", error.status)
            return False
        return True


async def setup(bot: SignpostBot) -> None:
    """Load the cog with the bot's services."""
    await bot.add_cog(ReachOut(bot.services))
