"""The bot's own cost per interaction stays flat as traffic grows (issue 13, problem 11).

The load run found three costs that grew with traffic rather than with the interaction: the
cooldown check scanned every member's bucket, every reply with buttons was kept in memory for
15 minutes, and each full garbage collection walked every object made at start. Each is checked
here directly; docs/operations.md has the figures.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import gc
import time
from types import SimpleNamespace

import discord
import pytest

from bot.chat.client import SignpostBot
from bot.chat.cooldowns import COOLDOWN_PER
from bot.memory import GC_THRESHOLDS
from tests.e2e.fake_discord import FakeDiscord
from tests.e2e.fake_world import Person

ACTIVE_MEMBERS = 20_000
"""Members with a live cooldown bucket: 30 s of traffic at about 700 commands a second."""


def interaction(member: int, at: dt.datetime) -> SimpleNamespace:
    return SimpleNamespace(user=SimpleNamespace(id=member), created_at=at)


async def test_cooldown_check_costs_the_same_however_many_members_are_active(
    signpost: SignpostBot,
) -> None:
    command = signpost.tree.get_command("ask")
    assert isinstance(command, discord.app_commands.Command)
    check = command.checks[0]
    now = dt.datetime.now(dt.UTC)
    for member in range(ACTIVE_MEMBERS):
        await check(interaction(member, now))  # type: ignore[arg-type]
    started = time.perf_counter()
    for member in range(ACTIVE_MEMBERS, ACTIVE_MEMBERS + 1_000):
        await check(interaction(member, now))  # type: ignore[arg-type]
    per_check = (time.perf_counter() - started) / 1_000
    assert per_check < 20e-6, f"{per_check * 1e6:.0f} µs per check at {ACTIVE_MEMBERS} members"
    later = now + dt.timedelta(seconds=COOLDOWN_PER + 1)
    await check(interaction(0, later))  # type: ignore[arg-type]
    with pytest.raises(discord.app_commands.CommandOnCooldown):
        for _ in range(5):
            await check(interaction(0, later))  # type: ignore[arg-type]


async def test_replies_with_answer_buttons_are_not_kept_in_memory(
    fake_discord: FakeDiscord, signpost: SignpostBot
) -> None:
    for number in range(20):
        member = Person(7_000_000_000_000_000_000 + number, f"asker{number}")
        handle = await fake_discord.interact(
            fake_discord.slash("ask", {"question": "abuse"}, user=member)
        )
        reply = await handle.response()
        assert reply.message and reply.message["components"], "the answer offers buttons"
    await asyncio.sleep(0.05)  # the last handler is still recording its answer
    gc.collect()
    kept = [v for v in gc.get_objects() if type(v) is discord.ui.View]
    assert kept == []
    click = await fake_discord.interact(
        fake_discord.click(
            handle.message, reply.message["components"][0]["components"][0]["custom_id"]
        )
    )
    assert (await click.response()).is_ephemeral  # the button still works, rebuilt from its id


async def test_once_connected_the_collector_skips_what_start_built(signpost: SignpostBot) -> None:
    assert gc.get_threshold() == GC_THRESHOLDS
    assert gc.get_freeze_count() > 50_000  # content, index, caches and modules
    assert not any(o is signpost.services.content.engine for o in gc.get_objects())
