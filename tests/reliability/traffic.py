"""Mixed member traffic through FakeDiscord: drives a running bot and measures every answer.

Used by the load test and the e2e benchmark. Each of `concurrency` workers plays members in
turn: a question, autocomplete while typing, /resources, /stories then a page click. Workers
wait for each answer before the next step, so the rate found is the highest the bot sustains
on this machine with the fake in the same process. Members rotate through a pool large enough
that nobody hits the 5-per-30-s cooldown (the fake's ids all carry the same timestamp).

Records the fake keeps (requests, handles, messages) are trimmed as traffic goes, so the
process's memory reflects the bot, not the harness.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import itertools
import sqlite3
import statistics
import time
from collections import Counter
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import discord
import psutil
import yarl

from bot.chat.client import SignpostBot
from bot.chat.cooldowns import COOLDOWN_RATE
from bot.settings import Settings
from tests.e2e.fake_discord import FakeDiscord, InteractionHandle, Request, run_bot
from tests.e2e.fake_world import Person
from tests.e2e.signpost import buttons, started

QUESTIONS = (
    "where can I get help",
    "samaritans",
    "how do I help a friend",
    "what is the metoo campaign",
    "who started me too",
    "rainn hotline",
    "I was assaulted at work what can I do",
    "am I overreacting",
    "domestic abuse helpline uk",
    "report to police",
)
TYPING = ("he", "help a fr", "samar", "rep", "dom", "consent", "x", "metoo ca")
TOPICS = ("sexual-assault", "domestic-violence", "dv", "supporting-someone", "workplace")
KINDS = ("ask", "autocomplete", "resources", "stories", "autocomplete", "ask", "page")
"""One worker's cycle; "page" is a click on the Next button of the worker's last /stories."""
TRIM_EVERY = 100
_MEMBERS = itertools.count(8_000_000_000_000_000_000)
ANSWER_TIMEOUT = 5.0


@dataclass
class Traffic:
    """What a run measured: rate, latencies in seconds, misses and the process's memory."""

    sent: int = 0
    kinds: Counter[str] = field(default_factory=Counter)
    latencies: list[float] = field(default_factory=list)
    unanswered: int = 0
    refused: int = 0
    slowest_kind: str = ""
    seconds: float = 0.0
    rss_start: int = 0
    rss_warm: int = 0
    rss_end: int = 0

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        if len(self.latencies) < 2:
            return self.latencies[0] if self.latencies else 0.0
        return statistics.quantiles(self.latencies, n=100, method="inclusive")[round(p) - 1]

    def summary(self) -> str:
        mib = 1024 * 1024
        return (
            f"{self.sent} interactions in {self.seconds:.1f} s = {self.rate:.0f}/s; "
            f"p50 {self.percentile(50) * 1000:.1f} ms, p99 {self.percentile(99) * 1000:.1f} ms, "
            f"max {max(self.latencies, default=0) * 1000:.1f} ms; "
            f"unanswered {self.unanswered}, refused {self.refused}; RSS start "
            f"{self.rss_start / mib:.1f} MiB, after warm-up {self.rss_warm / mib:.1f} MiB, "
            f"end {self.rss_end / mib:.1f} MiB"
        )


class _Driver:
    def __init__(
        self,
        fake: FakeDiscord,
        total: int,
        concurrency: int,
        warmup: int,
        members: list[Person] | None,
        shards: Sequence[int | None],
    ) -> None:
        self.fake = fake
        self.shards = shards
        self.total = total
        self.warmup = warmup
        self.concurrency = concurrency
        self.traffic = Traffic()
        self._tickets = iter(range(total))
        self._users = itertools.cycle(
            members or make_members(total // COOLDOWN_RATE + concurrency + 1)
        )
        self._done_since_trim = 0
        self._finished: list[str] = []
        self._stories: dict[int, dict[str, Any] | None] = {}
        self._history_trimmed = 0
        self._process = psutil.Process()

    async def run(self) -> Traffic:
        self.traffic.rss_start = self._process.memory_info().rss
        started = time.perf_counter()
        await asyncio.gather(*(self._worker(n) for n in range(self.concurrency)))
        self.traffic.seconds = time.perf_counter() - started
        self._trim()
        gc.collect()
        self.traffic.rss_end = self._process.memory_info().rss
        return self.traffic

    async def _worker(self, number: int) -> None:
        kinds = itertools.cycle(KINDS[number % len(KINDS) :] + KINDS[: number % len(KINDS)])
        words = itertools.cycle(QUESTIONS[number % len(QUESTIONS) :] + QUESTIONS)
        stories_message: dict[str, Any] | None = None
        owner: Person | None = None
        for kind in kinds:
            if next(self._tickets, None) is None:
                return
            user = owner if kind == "page" and owner is not None else next(self._users)
            payload = self._payload(kind, next(words), user, stories_message)
            # A worker keeps to one shard: its page clicks need the process holding the view.
            reply = await self._send(payload, self.shards[number % len(self.shards)])
            self.traffic.kinds[kind] += 1
            if kind == "stories" and reply is not None:
                stories_message, owner = self._handle_message(reply), user
                self._stories[number] = stories_message

    def _payload(
        self, kind: str, words: str, user: Person, stories: dict[str, Any] | None
    ) -> dict[str, Any]:
        fake = self.fake
        if kind == "ask":
            return fake.slash("ask", {"question": words}, user=user)
        if kind == "autocomplete":
            typed = TYPING[len(words) % len(TYPING)]
            if len(words) % 2:
                return fake.autocomplete("ask", {"question": typed}, "question", user=user)
            return fake.autocomplete("resources", {"topic": typed}, "topic", user=user)
        if kind == "resources":
            return fake.slash("resources", {"topic": TOPICS[len(words) % len(TOPICS)]}, user=user)
        if kind == "page" and stories is not None:
            page_on = buttons(stories).get("Next", {"custom_id": "missing"})  # refused if missing
            return fake.click(stories, page_on["custom_id"], user=user)
        return fake.slash("stories", user=user)

    async def _send(self, payload: dict[str, Any], shard: int | None) -> Request | None:
        handle = await self.fake.interact(payload, shard=shard)
        try:
            reply = await handle.response(timeout=ANSWER_TIMEOUT)
        except AssertionError:
            self.traffic.unanswered += 1
            reply = None
        else:
            self.traffic.latencies.append(reply.at - handle.dispatched_at)
            self._finished.append(handle.token)
        self.traffic.sent += 1
        if self.traffic.sent == self.warmup:
            gc.collect()
            self.traffic.rss_warm = self._process.memory_info().rss
        self._done_since_trim += 1
        if self._done_since_trim >= TRIM_EVERY:
            self._done_since_trim = 0
            self._trim()
        return reply

    def _handle_message(self, reply: Request) -> dict[str, Any] | None:
        handle: InteractionHandle | None = self.fake._handles.get(reply.token or "")
        return handle.message if handle is not None else None

    def _trim(self) -> None:
        """Forget finished interactions, first counting refused callbacks (late or duplicate)."""
        fake = self.fake
        for token in self._finished:
            fake._handles.pop(token, None)
        self._finished.clear()
        kept = []
        for request in fake.requests:
            if request.token in fake._handles:
                kept.append(request)
            elif request.is_callback and request.status == 404:
                self.traffic.refused += 1
        fake.requests[:] = kept
        live = {int(h.message["id"]) for h in fake._handles.values() if h.message}
        live |= {int(m["id"]) for m in self._stories.values() if m}
        for message_id in [m for m in fake.messages if m not in live]:
            del fake.messages[message_id]
        # Frames are kept for replay after a RESUME; only the recent ones could be replayed.
        history = fake._history
        for position in range(self._history_trimmed, max(len(history) - TRIM_EVERY, 0)):
            history[position] = None
        self._history_trimmed = max(len(history) - TRIM_EVERY, self._history_trimmed)


def make_members(count: int) -> list[Person]:
    """Members who are not in the fake's guild cache, as most of a large server's are not."""
    return [Person(9_000_000_000_000_000_000 + n, f"member{n}") for n in range(count)]


async def drive(
    fake: FakeDiscord,
    total: int,
    *,
    concurrency: int = 8,
    warmup: int = 0,
    members: list[Person] | None = None,
    shards: Sequence[int | None] = (None,),
) -> Traffic:
    """Send `total` mixed interactions to the bot connected to `fake`; return what was measured.

    `members` take turns; by default enough new ones that nobody reaches the cooldown. RSS is
    sampled again after `warmup` interactions (default: a fifth). With several bot processes,
    `shards` spreads the workers over those shards' connections.
    """
    driver = _Driver(fake, total, concurrency, warmup or total // 5, members, shards)
    return await driver.run()


@contextlib.asynccontextmanager
async def signpost_on_fake(
    settings: Settings, *, check_requests: bool = True
) -> AsyncIterator[tuple[FakeDiscord, SignpostBot]]:
    """Outside pytest: the real SignpostBot, from open_services, logged in to a fresh FakeDiscord.

    `check_requests=False` skips the fake's OpenAPI validation of every body, which costs the
    harness (not the bot) a few milliseconds per request and would dominate a throughput figure.
    """
    async with FakeDiscord() as fake:
        if not check_requests:
            fake._check = lambda request: None  # type: ignore[method-assign]
        saved = discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
        discord.http.Route.BASE = fake.api_base
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(fake.gateway_url)
        try:
            async with started(settings, partial(run_bot, fake)) as bot:
                yield fake, bot
                await stop_views()
        finally:
            discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = saved


async def stop_views() -> None:
    """Stop every live View, as their timeouts eventually would, without waiting minutes.

    Ephemeral replies with buttons live 15 minutes (discord.py gives them that timeout) and
    paginators PAGE_TIMEOUT; a load run in seconds sees them all alive at once.
    """
    for view in [o for o in gc.get_objects() if isinstance(o, discord.ui.View)]:
        view.stop()
    await asyncio.sleep(0.05)  # the cancelled timeout tasks finish on the next turns of the loop


async def ask(fake: FakeDiscord, question: str = "samaritans", **where: Any) -> Request:
    """Send /ask as a new member (no cooldown) and return the accepted initial response."""
    member = Person(next(_MEMBERS), "asker")
    handle = await fake.interact(
        fake.slash("ask", {"question": question}, user=where.pop("user", member), **where)
    )
    return await handle.response()


def stored_events(path: Path | str) -> int:
    """Usage events in the SQLite file, read by a separate connection."""
    with contextlib.closing(sqlite3.connect(path)) as raw:
        return int(raw.execute("SELECT count(*) FROM usage_events").fetchone()[0])
