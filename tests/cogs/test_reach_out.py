"""/reach-out: refused unless switched on, one alert per member per half hour, nothing kept."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any
from unittest.mock import AsyncMock, MagicMock

import discord
import pytest

from bot.chat.embeds import alert_text
from bot.chat.limits import CONTENT_LIMIT
from bot.chat.services import Services
from bot.storage.servers import ServerConfig
from cogs.reach_out import ALERT_FAILED, ALERTS_OFF, IN_SERVERS_ONLY, ReachOut
from tests.fakes import CHANNEL_ID, MEMBER_ID, FakeInteraction

NOON = dt.datetime(2026, 11, 24, 12, 0, tzinfo=dt.UTC)
SWITCHED_ON = ServerConfig(quiet_alerts=True, quiet_alert_channel=CHANNEL_ID)


class Clock:
    def __init__(self) -> None:
        self.now = NOON

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture
def channel() -> MagicMock:
    channel = MagicMock(spec=discord.TextChannel)
    channel.send = AsyncMock()
    return channel


@pytest.fixture
def clock(services: Services) -> Clock:
    clock = Clock()
    services.clock = clock
    return clock


def member(channel: Any, *, user_id: int = MEMBER_ID, guild: bool = True) -> FakeInteraction:
    interaction = FakeInteraction(user_id=user_id, guild_id=1 if guild else None)
    interaction.user.mention = f"<@{user_id}>"  # type: ignore[attr-defined]
    if guild:
        interaction.guild.get_channel_or_thread = {CHANNEL_ID: channel}.get  # type: ignore[union-attr]
    return interaction


def configured(services: Services, monkeypatch: pytest.MonkeyPatch, config: ServerConfig) -> None:
    monkeypatch.setattr(services, "config", lambda interaction: config)


async def test_refused_in_direct_messages_and_while_switched_off(
    services: Services, channel: MagicMock, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    cog = ReachOut(services)
    in_dm = member(channel, guild=False)
    await cog.reach_out.callback(cog, in_dm, "hello")
    assert in_dm.last.is_ephemeral and in_dm.last.content == IN_SERVERS_ONLY
    for config in (
        ServerConfig(),
        ServerConfig(quiet_alerts=True),
        ServerConfig(quiet_alert_channel=CHANNEL_ID),
    ):
        configured(services, monkeypatch, config)
        interaction = member(channel)
        await cog.reach_out.callback(cog, interaction, "hello")
        assert interaction.last.content == ALERTS_OFF
    channel.send.assert_not_called()


async def test_one_alert_per_member_per_half_hour(
    services: Services, channel: MagicMock, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    configured(services, monkeypatch, SWITCHED_ON)
    cog = ReachOut(services)
    await cog.reach_out.callback(cog, member(channel), None)
    clock.now = NOON + dt.timedelta(minutes=29)
    again = member(channel)
    await cog.reach_out.callback(cog, again, None)
    assert again.last.is_ephemeral and "in about 1 minute;" in again.last.content
    assert channel.send.await_count == 1
    clock.now = NOON + dt.timedelta(minutes=30)
    await cog.reach_out.callback(cog, member(channel), None)
    assert channel.send.await_count == 2


async def test_a_failed_post_is_explained_and_can_be_retried(
    services: Services, channel: MagicMock, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    configured(services, monkeypatch, SWITCHED_ON)
    channel.send.side_effect = discord.Forbidden(
        SimpleNamespace(status=403, reason="Forbidden"), "no"
    )
    cog = ReachOut(services)
    first = member(channel)
    await cog.reach_out.callback(cog, first, None)
    assert first.last.content == ALERT_FAILED
    channel.send.side_effect = None
    retry = member(channel)
    await cog.reach_out.callback(cog, retry, None)
    assert "Your quiet alert was sent" in retry.last.text()


async def test_the_alert_pings_no_one_and_quotes_what_was_sent(
    services: Services, channel: MagicMock, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    configured(services, monkeypatch, SWITCHED_ON)
    cog = ReachOut(services)
    interaction = member(channel)
    await cog.reach_out.callback(cog, interaction, "  please `check` on me  ")
    [(alert,), kwargs] = channel.send.await_args
    assert kwargs["allowed_mentions"].to_dict() == {"parse": []}
    assert alert.splitlines()[1] == "Their note: please \\`check\\` on me"
    assert interaction.last.is_ephemeral and interaction.last.mentions_none
    assert all(f"> {line}" in interaction.last.text() for line in alert.splitlines())


def test_alert_text_without_a_note_and_with_a_long_one() -> None:
    assert "Their note" not in alert_text("<@1>", None) and "Their note" not in alert_text(
        "<@1>", "   "
    )
    assert len(alert_text("<@1>", "*" * 5000)) <= CONTENT_LIMIT


async def test_an_alert_whose_note_signals_danger_is_marked_urgent(
    services: Services, channel: MagicMock, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    configured(services, monkeypatch, SWITCHED_ON)
    cog = ReachOut(services)
    await cog.reach_out.callback(cog, member(channel), "i want to die")  # type: ignore[arg-type]
    sent = channel.send.await_args.args[0]
    assert sent.startswith("**Urgent:**")
    assert channel.send.await_args.kwargs["allowed_mentions"].to_dict() == {"parse": []}
    calm = MagicMock(spec=discord.TextChannel)
    calm.send = AsyncMock()
    await cog.reach_out.callback(cog, member(calm, user_id=MEMBER_ID + 1), "could someone dm me")  # type: ignore[arg-type]
    assert not calm.send.await_args.args[0].startswith("**Urgent:**")
