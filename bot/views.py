"""Buttons: open a suggested entry, share a line in the channel. Persistent, so restarts keep them."""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING, Any

import discord

from bot.answers import Answer
from bot.content.models import Resource
from bot.render import Reply, answer_reply, fit, resource_embed, respond

if TYPE_CHECKING:
    from bot.client import SignpostBot

log = logging.getLogger(__name__)

BUTTON_LABEL_LIMIT = 80
BUTTONS_PER_ROW = 5
_ID = r"(?P<entry>[a-z0-9]+(?:-[a-z0-9]+)*)"
SHARE_NOTE = "Shared from Signpost, a private guide to support services."


def _bot(interaction: discord.Interaction[Any]) -> SignpostBot:
    return interaction.client  # type: ignore[return-value]


class EntryButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=rf"signpost:entry:{_ID}"):
    """Opens one entry privately: how a member picks from "did you mean…" suggestions."""

    def __init__(self, entry_id: str, title: str = "Open") -> None:
        super().__init__(
            discord.ui.Button(
                label=fit(title, BUTTON_LABEL_LIMIT),
                style=discord.ButtonStyle.secondary,
                custom_id=f"signpost:entry:{entry_id}",
            )
        )
        self.entry_id = entry_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str]
    ) -> EntryButton:
        """Rebuild the button from its custom id; unknown ids are answered in the callback."""
        return cls(match["entry"])

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        """Answer with the chosen entry, privately."""
        bot = _bot(interaction)
        engine = bot.services.content.engine
        entry = engine.entry(self.entry_id)
        if entry is None:
            await respond(interaction, Reply(content="That entry is no longer available."), ephemeral=True)
            return
        answer = engine.answer_entry(entry, country=bot.services.country_for(interaction))
        await respond(interaction, with_buttons(answer_reply(answer), answer), ephemeral=True)
        bot.services.record(answer, "ask", interaction)


class ShareButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=rf"signpost:share:{_ID}"):
    """Posts one support line in the channel, by the member's choice and never their question."""

    def __init__(self, entry_id: str) -> None:
        super().__init__(
            discord.ui.Button(
                label="Share in channel",
                style=discord.ButtonStyle.primary,
                custom_id=f"signpost:share:{entry_id}",
            )
        )
        self.entry_id = entry_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str]
    ) -> ShareButton:
        """Rebuild the button from its custom id."""
        return cls(match["entry"])

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        """Post the line publicly where sharing is allowed; otherwise explain privately."""
        bot = _bot(interaction)
        entry = bot.services.content.engine.entry(self.entry_id)
        if not isinstance(entry, Resource):
            await respond(interaction, Reply(content="That line is no longer listed."), ephemeral=True)
            return
        if interaction.guild is None or not bot.services.may_post_publicly(interaction):
            await respond(
                interaction,
                Reply(content="Sharing isn't available here. You can copy the details instead."),
                ephemeral=True,
            )
            return
        await respond(interaction, Reply(content=SHARE_NOTE, embeds=[resource_embed(entry)]), ephemeral=False)


def with_buttons(reply: Reply, answer: Answer) -> Reply:
    """Add the buttons an answer invites: share its line, or open a suggestion."""
    view = discord.ui.View(timeout=None)
    if isinstance(answer.entry, Resource):
        view.add_item(ShareButton(answer.entry.id))
    for suggestion in answer.suggestions[: BUTTONS_PER_ROW * 2]:
        view.add_item(EntryButton(suggestion.id, suggestion.title))
    if view.children:
        reply.view = view
    return reply
