"""First screens: how many characters each command's first message shows, at its longest.

Every member and moderator command runs through the real bot, discord.py and the loopback fake
on the shipped content: /ask on every entry and some free questions (crisis ones too),
/resources on every topic in every country, /urgent and /support-a-friend for a member of each
locale, every facts tag and story theme, /help, /about and /privacy in a server (private and
public replies) and a DM, /reach-out refused, sent and sent with a crisis note, and /admin.
A first screen is what shows before any button is pressed: the content and every embed's
title, text, fields and footer, as a member reads it (a command mention counts as "/name").

    .venv/bin/python -m tests.benchmarks --only screens
"""

from __future__ import annotations

import asyncio
import itertools
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.chat.client import SignpostBot
from bot.chat.limits import FIRST_SCREEN
from bot.content.loader import Snapshot
from tests.benchmarks import benchmark_settings
from tests.e2e.fake_discord import FakeDiscord, InteractionHandle
from tests.e2e.fake_world import Person
from tests.reliability.traffic import signpost_on_fake

COMMANDS = (
    "ask",
    "urgent",
    "resources",
    "support-a-friend",
    "facts",
    "timeline",
    "stories",
    "help",
    "about",
    "privacy",
    "reach-out",
    "admin settings",
    "admin stats",
    "admin unmatched",
)
"""Every command a member or moderator runs, by the name the table shows."""
NO_COUNTRY_LOCALE = "ja"
"""A Discord locale no country in the content claims: /urgent then asks where the member is."""
QUESTIONS = (
    "i want to die",
    "he is going to kill me",
    "my stepdad touches me and i am 12",
    "i took too many pills",
    "where can I get help",
    "am I overreacting",
    "help",
    "qwertyuiop",
)
"""Free questions beside every entry: crisis of each kind, vague, and none matched."""
LONGEST_NOTE = "could someone check in with me please, " * 8
_MENTION = re.compile(r"</([^:>]+):\d+>")
DEFERRED = 5


@dataclass(frozen=True)
class Screen:
    """A command's longest first screen, in characters, and the case that showed it."""

    command: str
    chars: int
    case: str


def visible_chars(message: dict[str, Any]) -> int:
    """Characters a member reads in a message: its content and each embed's text parts."""
    parts = [message.get("content") or ""]
    for embed in message.get("embeds") or []:
        parts += [embed.get("title"), embed.get("description")]
        parts += [
            (embed.get(key) or {}).get(name)
            for key, name in (("footer", "text"), ("author", "name"))
        ]
        parts += [field["name"] + field["value"] for field in embed.get("fields") or []]
    return sum(len(_MENTION.sub(r"/\1", part)) for part in parts if part)


class _Sweep:
    """Runs the cases one by one, each by a new member (no cooldown), keeping the longest."""

    def __init__(self, fake: FakeDiscord) -> None:
        self.fake = fake
        self.longest: dict[str, Screen] = {}
        self._ids = itertools.count(7_000_000_000_000_000_000)

    async def run(self, command: str, case: str, payload: dict[str, Any]) -> None:
        handle = await self.fake.interact(payload)
        chars = visible_chars(await _first_message(handle))
        if command not in self.longest or chars > self.longest[command].chars:
            self.longest[command] = Screen(command, chars, case)

    def member(self) -> Person:
        return Person(next(self._ids), "reader")

    async def slash(
        self,
        command: str,
        case: str,
        options: dict[str, Any] | None = None,
        *,
        locale: str = "en-US",
        dm: bool = False,
        **where: Any,
    ) -> None:
        name, _, subcommand = command.partition(" ")
        where.setdefault("user", self.member())
        payload = self.fake.slash(
            name, options, subcommand=subcommand or None, locale=locale, dm=dm, **where
        )
        await self.run(command, f"{case} ({locale}{', DM' if dm else ''})", payload)


async def _first_message(handle: InteractionHandle) -> dict[str, Any]:
    first = await handle.response()
    reply = await handle.followup() if first.json["type"] == DEFERRED else first
    assert reply.message is not None, "every command answers with a message"
    return reply.message


def _locales(snapshot: Snapshot) -> list[str]:
    claimed = {locale for country in snapshot.countries for locale in country.locales}
    return [*sorted(claimed), NO_COUNTRY_LOCALE]


def _rotating(locales: list[str], *, every: bool) -> Iterator[list[str]]:
    """Locales for each case: all of them, or one each in turn (a quicker sweep)."""
    for turn in itertools.count():
        yield locales if every else [locales[turn % len(locales)]]


async def measure(fake: FakeDiscord, bot: SignpostBot, *, quick: bool = False) -> list[Screen]:
    """Every command's longest first screen, in COMMANDS order; `quick` rotates locales."""
    sweep = _Sweep(fake)
    snapshot = bot.services.content.engine.snapshot
    locales = _locales(snapshot)
    each = _rotating(locales, every=not quick)
    entries = [*snapshot.resources, *snapshot.topics, *snapshot.faq, *snapshot.facts]
    entries += [*snapshot.events, *snapshot.stories]
    for entry in entries:
        for locale in next(each):
            await sweep.slash("ask", entry.id, {"question": entry.id}, locale=locale)
    for question in QUESTIONS:
        for locale in locales:
            await sweep.slash("ask", repr(question), {"question": question}, locale=locale)
    for topic in snapshot.topics:
        for country in snapshot.countries:
            options = {"topic": topic.id, "country": country.code}
            await sweep.slash("resources", f"{topic.id} in {country.code}", options)
        for locale in next(each):
            for extra in ({"open_now": True}, {"contact": "text"}, {"contact": "call"}):
                case = f"{topic.id} {extra}"
                await sweep.slash("resources", case, {"topic": topic.id, **extra}, locale=locale)
    for locale in locales:
        for command in ("urgent", "support-a-friend"):
            await sweep.slash(command, "member", locale=locale)
            await sweep.slash(command, "member", locale=locale, dm=True)
    # Replies read in the member's language (private here): every language's length counts.
    for locale in locales:
        await sweep.slash("facts", "all", locale=locale)
        for tag in sorted({tag for fact in snapshot.facts for tag in fact.tags}):
            await sweep.slash("facts", tag, {"topic": tag}, locale=locale)
        await sweep.slash("timeline", "all", locale=locale)
        await sweep.slash("stories", "all", locale=locale)
        for theme in sorted({theme for story in snapshot.stories for theme in story.themes}):
            await sweep.slash("stories", theme, {"theme": theme}, locale=locale)
    await _places(sweep, bot, locales)
    await _reach_out(sweep, bot, locales)
    assert bot.services.usage is not None
    await bot.services.usage.flush()  # so /admin stats shows this server's totals
    for locale in locales:
        for command in ("admin settings", "admin stats", "admin unmatched"):
            await sweep.slash(command, "moderator", user=fake.moderator, locale=locale)
    return [sweep.longest[command] for command in COMMANDS]


async def _places(sweep: _Sweep, bot: SignpostBot, locales: list[str]) -> None:
    """/help, /about and /privacy in a DM, a private server and a server with public replies."""
    servers = bot.services.servers
    assert servers is not None
    for private in (True, False):
        await servers.set(sweep.fake.guild.id, "private_replies", private)
        for locale in locales:
            for command in ("help", "about", "privacy"):
                place = "private server" if private else "public server"
                await sweep.slash(command, place, locale=locale)
    for locale in locales:
        for command in ("help", "about", "privacy"):
            await sweep.slash(command, "direct message", locale=locale, dm=True)


async def _reach_out(sweep: _Sweep, bot: SignpostBot, locales: list[str]) -> None:
    """Refused while alerts are off; sent with the longest note, and with a crisis note."""
    fake, servers = sweep.fake, bot.services.servers
    assert servers is not None
    await sweep.slash("reach-out", "alerts off", {"note": LONGEST_NOTE[:300]})
    await servers.set(fake.guild.id, "quiet_alert_channel", fake.guild.channel_id)
    await servers.set(fake.guild.id, "quiet_alerts", True)
    await sweep.slash("reach-out", "sent, longest note", {"note": LONGEST_NOTE[:300]})
    for locale in locales:
        note = {"note": ("i want to die. " + LONGEST_NOTE)[:300]}
        await sweep.slash("reach-out", "sent, crisis note", note, locale=locale)


def table(screens: list[Screen]) -> str:
    """One line per command: its longest first screen and the case that showed it."""
    width = max(len(screen.command) for screen in screens) + 1
    lines = [f"{'command':<{width}} {'chars':>5}  longest case (first screen < {FIRST_SCREEN})"]
    lines += [f"/{s.command:<{width - 1}} {s.chars:>5}  {s.case}" for s in screens]
    return "\n".join(lines)


async def _on_fake(quick: bool, folder: Path) -> list[Screen]:
    settings = benchmark_settings(str(folder / "signpost.db"))
    async with signpost_on_fake(settings, check_requests=False) as (fake, bot):
        return await measure(fake, bot, quick=quick)


def run(quick: bool = False) -> list[dict[str, object]]:
    """Each command's longest first screen on the shipped content, against FIRST_SCREEN."""
    with tempfile.TemporaryDirectory() as name:
        screens = asyncio.run(_on_fake(quick, Path(name)))
    return [
        {
            "benchmark": f"first screen /{screen.command}",
            "value": screen.chars,
            "unit": "chars",
            "target": f"< {FIRST_SCREEN}",
            "ok": screen.chars < FIRST_SCREEN,
            "note": screen.case,
        }
        for screen in screens
    ]
