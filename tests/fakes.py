"""Hand-written test doubles for driving handlers without Discord.

`FakeInteraction` stands in for `discord.Interaction`: it records what a handler sends (the
initial response, followups, edits of the original response) and carries only what handlers
read: locale, guild locale, guild and channel ids, the user id, and the command tree's client.
Each recorded call is first bound to the real discord.py method's signature, so a handler
calling with an argument Discord's library would refuse fails here too.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import discord

MEMBER_ID = 1_000_000_000_000_000_001
OTHER_MEMBER_ID = 1_000_000_000_000_000_002
GUILD_ID = 2_000_000_000_000_000_001
CHANNEL_ID = 3_000_000_000_000_000_001


@dataclass
class Call:
    """One call a handler made: which method, with which keyword arguments."""

    method: str
    kwargs: dict[str, Any]

    @property
    def is_ephemeral(self) -> bool:
        return bool(self.kwargs.get("ephemeral"))

    @property
    def embeds(self) -> list[discord.Embed]:
        return list(
            self.kwargs.get("embeds")
            or ([self.kwargs["embed"]] if self.kwargs.get("embed") else [])
        )

    @property
    def content(self) -> str:
        return self.kwargs.get("content") or ""

    @property
    def view(self) -> discord.ui.View | None:
        return self.kwargs.get("view")

    @property
    def mentions_none(self) -> bool:
        mentions = self.kwargs.get("allowed_mentions")
        return mentions is not None and mentions.to_dict() == {"parse": []}

    def text(self) -> str:
        """Everything a member could read in this message."""
        parts = [self.content]
        for embed in self.embeds:
            parts += [embed.title or "", embed.description or "", embed.footer.text or ""]
            parts += [f"{f.name}\n{f.value}" for f in embed.fields]
        return "\n".join(parts)


def _recorder(real: Callable[..., Any], method: str, calls: list[Call]) -> Callable[..., Any]:
    signature = inspect.signature(real)

    async def record(*args: Any, **kwargs: Any) -> None:
        signature.bind(None, *args, **kwargs)  # TypeError, as discord.py would raise
        calls.append(Call(method, kwargs | dict(zip(("content",), args, strict=False))))

    return record


class FakeResponse:
    """Records `interaction.response` calls; any one of them acknowledges the interaction."""

    def __init__(self, calls: list[Call]) -> None:
        self._calls = calls
        for name in ("send_message", "defer", "edit_message"):
            recorder = _recorder(getattr(discord.InteractionResponse, name), name, calls)
            setattr(self, name, self._acknowledging(recorder))
        self._done = False

    def _acknowledging(self, recorder: Callable[..., Any]) -> Callable[..., Any]:
        async def acknowledge(*args: Any, **kwargs: Any) -> None:
            assert not self._done, "interaction acknowledged twice"
            await recorder(*args, **kwargs)
            self._done = True

        return acknowledge

    def is_done(self) -> bool:
        return self._done


@dataclass
class FakeInteraction:
    """A slash command or button press by one member, in a server or (guild_id None) a DM."""

    user_id: int = MEMBER_ID
    guild_id: int | None = GUILD_ID
    channel_id: int = CHANNEL_ID
    locale: discord.Locale = discord.Locale.american_english
    guild_locale: discord.Locale | None = discord.Locale.american_english
    client: Any = field(default_factory=lambda: SimpleNamespace(is_closed=lambda: False))
    calls: list[Call] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.response = FakeResponse(self.calls)
        self.followup = SimpleNamespace(
            send=_recorder(discord.Webhook.send, "followup", self.calls)
        )
        self.edit_original_response = _recorder(
            discord.Interaction.edit_original_response, "edit_original_response", self.calls
        )
        self.user = SimpleNamespace(id=self.user_id)
        self.guild = (
            None
            if self.guild_id is None
            else SimpleNamespace(id=self.guild_id, preferred_locale=self.guild_locale)
        )
        if self.guild_id is None:
            self.guild_locale = None
        self.command = None

    def sent(self, method: str | None = None) -> list[Call]:
        """The calls made so far, optionally only one method's."""
        return [call for call in self.calls if method in (None, call.method)]

    @property
    def last(self) -> Call:
        return self.calls[-1]


def other_member(interaction: FakeInteraction) -> FakeInteraction:
    """The same place as `interaction`, pressed by someone else."""
    return FakeInteraction(
        user_id=OTHER_MEMBER_ID,
        guild_id=interaction.guild_id,
        channel_id=interaction.channel_id,
        client=interaction.client,
    )
