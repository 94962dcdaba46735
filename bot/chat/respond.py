"""Sending a reply: the interaction's response, or a followup once it has one; never a ping."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

import discord

from bot.chat.limits import CONTENT_LIMIT

log = logging.getLogger(__name__)


@dataclass
class Reply:
    """One message ready to send: the caller decides where and how privately."""

    embeds: list[discord.Embed] = field(default_factory=list)
    content: str | None = None
    view: discord.ui.View | None = None


async def respond(
    interaction: discord.Interaction[Any], reply: Reply, *, ephemeral: bool
) -> discord.InteractionMessage | discord.WebhookMessage | None:
    """Send `reply` as the interaction's response, or as a followup once it has one.

    A failed followup is retried once and then logged; the member never sees a stack trace.
    """
    kwargs: dict[str, Any] = {
        "embeds": reply.embeds,
        "ephemeral": ephemeral,
        "allowed_mentions": discord.AllowedMentions.none(),
    }
    if reply.content:
        kwargs["content"] = reply.content[:CONTENT_LIMIT]
    if reply.view is not None:
        kwargs["view"] = reply.view
    if not interaction.response.is_done():
        try:
            await interaction.response.send_message(**kwargs)
            return None
        except discord.NotFound:
            log.warning("Interaction expired before we could answer it")
            return None
        except discord.HTTPException as error:
            if interaction.response.is_done():
                raise
            log.warning("Initial response failed (%s); trying a followup", error.status)
    for attempt in (1, 2):
        try:
            return await interaction.followup.send(wait=True, **kwargs)
        except discord.HTTPException as error:
            log.warning("Followup failed (status %s, attempt %d)", error.status, attempt)
    return None
