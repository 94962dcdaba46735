"""/reload: editors put changed content live without restarting the bot."""

from __future__ import annotations

import logging
from collections.abc import Sequence

import discord
from discord import app_commands
from discord.ext import commands

from bot.chat.client import SignpostBot
from bot.chat.limits import CONTENT_LIMIT
from bot.chat.respond import Reply, respond
from bot.chat.services import Services
from bot.chat.views import verified_permissions
from bot.content.loader import Snapshot
from bot.language import N_, _

log = logging.getLogger(__name__)

NOT_ALLOWED = N_(
    "Only the bot's owners, and people who can manage this server, can reload content."
)
ERROR_CHARS = 300
"""One very long error is cut here, so the rest still fit in the message."""


async def is_editor(interaction: discord.Interaction[SignpostBot]) -> bool:
    """Owners anywhere; in a server, members with Manage Server.

    Checked on every use: default permissions only hide the command, and a server can change them.
    """
    if verified_permissions(interaction).manage_guild:
        return True
    client = interaction.client
    if interaction.user.id in client.services.settings.owner_ids:
        return True
    return await client.is_owner(interaction.user)


async def _editors_only(interaction: discord.Interaction[SignpostBot]) -> bool:
    if not await is_editor(interaction):
        raise app_commands.CheckFailure(_(NOT_ALLOWED))
    return True


class Editors(commands.Cog):
    """Tools for the people who keep the content up to date."""

    def __init__(self, services: Services) -> None:
        self.services = services

    @app_commands.command(name="reload")
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.check(_editors_only)
    async def reload(self, interaction: discord.Interaction[SignpostBot]) -> None:
        """Re-read the content files; if they have errors, the old content stays. Editors only."""
        # Reading and indexing large content can outlast Discord's three seconds to answer.
        await interaction.response.defer(ephemeral=True, thinking=True)
        content = self.services.content
        before = content.engine.snapshot.version
        errors = await content.reload()
        log.info("Reload from Discord: %s", "refused" if errors else "done")
        message = reload_message(before, content.engine.snapshot, errors)
        await respond(interaction, Reply(content=message), ephemeral=True)


def reload_message(before: str, serving: Snapshot, errors: Sequence[str]) -> str:
    """Tell the editor which version is now served, or why the files were refused."""
    if not errors:
        counts = ", ".join(f"{n} {kind}" for kind, n in serving.counts().items())
        change = f"was {before}" if before != serving.version else "no changes"
        return f"Content reloaded: version {serving.version} ({change}).\n{counts}"
    head = (
        f"Reload refused: the files have {len(errors)} error(s), so members still get "
        f"version {serving.version}. Fix these, then run /reload again:\n```\n"
    )
    tail = "```"
    more = "\n… and {} more (`python -m bot validate` lists them all)"
    shown: list[str] = []
    budget = CONTENT_LIMIT - len(head) - len(tail) - len(more.format(len(errors)))
    for error in errors:
        line = error.replace("`", "'")[:ERROR_CHARS] + "\n"
        if len(line) > budget:
            break
        shown.append(line)
        budget -= len(line)
    rest = len(errors) - len(shown)
    return head + "".join(shown) + tail + (more.format(rest) if rest else "")


async def setup(bot: SignpostBot) -> None:
    """Load the cog with the bot's services."""
    await bot.add_cog(Editors(bot.services))
