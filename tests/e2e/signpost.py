"""The real SignpostBot on the loopback fake: start it, run a command, read what a member sees.

Shared by tests/e2e and tests/reliability; the fixtures built on it are in tests/e2e/conftest.py.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager
from typing import Any

import discord

from bot.chat.client import SignpostBot
from bot.chat.services import open_services
from bot.settings import Settings
from tests.e2e.fake_discord import FakeDiscord, InteractionHandle, Request

Runner = Callable[[discord.Client], AbstractAsyncContextManager[discord.Client]]
"""`async with runner(client):` runs a client against a fake until the block ends."""
RESPONSE_BUDGET = 1.0
"""Seconds allowed from dispatch to the initial response; Discord drops it after 3."""
LATENCIES: list[tuple[float, str]] = []
"""Every initial response's latency that `run` saw, with the command's name."""


@contextlib.asynccontextmanager
async def started(settings: Settings, runner: Runner) -> AsyncIterator[SignpostBot]:
    """SignpostBot with services from open_services, connected to the fake and ready."""
    services = await open_services(settings)
    try:
        async with runner(SignpostBot(services)) as client:
            assert isinstance(client, SignpostBot)
            yield client
    finally:
        await services.close()


async def run(
    fake: FakeDiscord, name: str, options: dict[str, Any] | None = None, **where: Any
) -> tuple[InteractionHandle, Request]:
    """Run a slash command; its initial response must be in budget and mention nobody."""
    handle = await fake.interact(fake.slash(name, options, **where))
    reply = await handle.response()
    assert handle.latency is not None and handle.latency < RESPONSE_BUDGET
    LATENCIES.append((handle.latency, name))
    assert reply.mentions_none
    return handle, reply


def text_of(reply: Request) -> str:
    """Everything a member reads in a reply: content, embed titles, text, fields, footers."""
    message = reply.message or {}
    parts = [message.get("content") or ""]
    for embed in message.get("embeds") or []:
        parts += [
            embed.get("title", ""),
            embed.get("description", ""),
            (embed.get("footer") or {}).get("text", ""),
        ]
        parts += [f"{f['name']}\n{f['value']}" for f in embed.get("fields", [])]
    return "\n".join(parts)


def buttons(message: dict[str, Any] | None) -> dict[str, dict[str, Any]]:
    """Label -> button, across every action row of a stored message."""
    rows = (message or {}).get("components") or []
    return {b.get("label", ""): b for row in rows for b in row["components"]}


async def click(
    fake: FakeDiscord, message: dict[str, Any] | None, label: str, **where: Any
) -> Request:
    """Press the button labelled `label` on a stored message; return the response."""
    handle = await fake.interact(fake.click(message, buttons(message)[label]["custom_id"], **where))
    return await handle.response()


async def configure(bot: SignpostBot, fake: FakeDiscord, **chosen: Any) -> None:
    """Make the fake server's choices, as a moderator's /admin set would."""
    assert bot.services.servers is not None
    for name, value in chosen.items():
        await bot.services.servers.set(fake.guild.id, name, value)
