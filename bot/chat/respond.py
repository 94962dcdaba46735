"""Sending a reply: as a response or a followup, never a ping, naming commands to click."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

import discord

from bot.chat.limits import CONTENT_LIMIT, DESCRIPTION_LIMIT, EMBED_TOTAL_LIMIT, FIELD_VALUE_LIMIT
from bot.chat.mentions import Mentions, clickable, known_mentions

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
    reply = with_mentions(reply, known_mentions(interaction.client))
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


async def update(interaction: discord.Interaction[Any], reply: Reply) -> None:
    """Replace the embeds and buttons of the message a button is on, as a page turns."""
    reply = with_mentions(reply, known_mentions(interaction.client))
    await interaction.response.edit_message(
        embeds=reply.embeds, view=reply.view, allowed_mentions=discord.AllowedMentions.none()
    )


def with_mentions(reply: Reply, mentions: Mentions) -> Reply:
    """The reply with the commands it names clickable, where Discord shows a mention as one.

    That is the content, embed descriptions and field values; titles, field names and footers
    would show it raw. A part that would pass its limit, or a message the total, stays plain.
    """
    if not mentions:
        return reply
    embeds = [_embed_with_mentions(embed, mentions) for embed in reply.embeds]
    if sum(len(embed) for embed in embeds) > EMBED_TOTAL_LIMIT:
        embeds = reply.embeds
    content = _within(reply.content, mentions, CONTENT_LIMIT) if reply.content else reply.content
    return Reply(embeds=embeds, content=content, view=reply.view)


def _embed_with_mentions(embed: discord.Embed, mentions: Mentions) -> discord.Embed:
    """A copy with mentions, or the embed itself when it names no command: most name none."""
    description = embed.description and _within(embed.description, mentions, DESCRIPTION_LIMIT)
    values = [_within(part.value or "", mentions, FIELD_VALUE_LIMIT) for part in embed.fields]
    if description == embed.description and values == [part.value for part in embed.fields]:
        return embed
    made = embed.copy()
    made.description = description
    for index, (part, value) in enumerate(zip(embed.fields, values, strict=True)):
        made.set_field_at(index, name=part.name, value=value, inline=bool(part.inline))
    return made


def _within(text: str, mentions: Mentions, limit: int) -> str:
    made = clickable(text, mentions)
    return made if len(made) <= limit else text
