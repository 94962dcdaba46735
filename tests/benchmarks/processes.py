"""Two bot processes on one store: mixed traffic with concurrent settings changes, nothing lost.

Two `python -m bot run` processes (shards 0-1 and 2-3 of 4, tests/e2e/bot_process.py) share
one database, on each engine in turn: SQLite (one file on this machine) and PostgreSQL. Fifty
members drive 10,000 mixed interactions through both, while moderators of five more servers
make 50 settings changes at once, half through each process (quiet alerts just after
the rest, since they need their channel first). Then:

- events lost: every process's closing line against the rows (written = rows, none dropped),
  and the /ask and /stories rows against the answers sent;
- settings changes lost: each of the 50 (server, setting) pairs must hold the value set, and
  each process must honour it (a switched-off /facts is refused through both).
"""

from __future__ import annotations

import asyncio
import json
import tempfile
import time
from pathlib import Path
from typing import Any

from bot.chat.copy import COMMAND_OFF
from tests import postgres
from tests.conftest import SHIPPED_DATA
from tests.e2e import bot_process
from tests.e2e.fake_discord import FakeDiscord
from tests.e2e.fake_world import MODERATOR_PERMISSIONS, Guild, Person, Role
from tests.e2e.signpost import text_of
from tests.reliability.traffic import drive
from tests.storage.tables import rows

INTERACTIONS = 10_000
QUICK_INTERACTIONS = 2_000
CONCURRENCY = 50
SERVERS = 5
"""Servers whose moderators change all ten settings: 50 changes."""
SHARDS = ((0, 1), (2, 3))
KEY = "benchmark-processes-key-0123"
DEPENDENT = frozenset({"quiet_alerts"})
"""Settings the bot refuses until another is set (quiet alerts need their channel)."""


def _changes(guild: Guild, role: Role) -> dict[str, tuple[str, Any]]:
    """Setting -> (what the moderator types, the value stored), one for every setting."""
    channel = guild.channel_id
    return {
        "private_replies": ("off", False),
        "public_channels": (str(channel), [channel]),
        "country": ("GB", "GB"),
        "disabled_commands": ("facts", ["facts"]),
        "disabled_topics": ("sexual-assault", ["sexual-assault"]),
        "usage_logging": ("off", False),
        "unmatched_logging": ("on", True),
        "moderator_role": (str(role.id), role.id),
        "quiet_alerts": ("on", True),
        "quiet_alert_channel": (str(channel), channel),
    }


def _servers(fake: FakeDiscord) -> list[tuple[Guild, Person, Role]]:
    """Servers with a moderator each, made before the bots connect."""
    made = []
    for number in range(SERVERS):
        guild = fake.add_guild(f"Changing {number}")
        role = Role(guild.id + 1_000, "Moderator", MODERATOR_PERMISSIONS)
        guild.roles.append(role)
        moderator = fake.add_member(
            guild, f"mod{number}", roles=(role,), permissions=MODERATOR_PERMISSIONS
        )
        made.append((guild, moderator, role))
    return made


async def _command(fake: FakeDiscord, shard: int, payload: dict[str, Any]) -> str:
    handle = await fake.interact(payload, shard=shard)
    first = await handle.response(timeout=10)
    answer = await handle.followup(timeout=10) if first.json["type"] == 5 else first
    return text_of(answer)


async def _measure(url: str, count: int, folder: Path) -> dict[str, Any]:
    async with FakeDiscord() as fake:
        fake._check = lambda request: None  # type: ignore[method-assign]  # harness cost only
        servers = _servers(fake)
        settings = {
            "SIGNPOST_DATABASE_URL": url,
            "SIGNPOST_USAGE_HASH_KEY": KEY,
            "SIGNPOST_DATA_DIR": str(SHIPPED_DATA),
            "SIGNPOST_SHARD_COUNT": "4",
        }
        logs = [folder / f"shards-{shards[0]}.log" for shards in SHARDS]
        processes = [
            bot_process.start(fake, settings | {"SIGNPOST_SHARD_IDS": str(list(s))}, log)
            for s, log in zip(SHARDS, logs, strict=True)
        ]
        try:
            await bot_process.ready(logs)
            entry_shards = [shards[0] for shards in SHARDS]
            traffic_task = asyncio.create_task(
                drive(fake, count, concurrency=CONCURRENCY, shards=entry_shards)
            )
            await asyncio.sleep(1.0)  # mid-traffic
            changes = [
                (guild, moderator, name, typed, stored)
                for guild, moderator, role in servers
                for name, (typed, stored) in _changes(guild, role).items()
            ]
            # Quiet alerts are refused until their channel is set, as a moderator would find:
            # those five go once the other 45 are confirmed.
            waves = [
                [change for change in enumerate(changes) if change[1][2] not in DEPENDENT],
                [change for change in enumerate(changes) if change[1][2] in DEPENDENT],
            ]
            started = time.perf_counter()
            confirmations = []
            for wave in waves:
                confirmations += await asyncio.gather(
                    *(
                        _command(
                            fake,
                            entry_shards[number % len(entry_shards)],
                            fake.slash(
                                "admin",
                                {"name": name, "value": typed},
                                subcommand="set",
                                user=moderator,
                                guild=guild,
                            ),
                        )
                        for number, (guild, moderator, name, typed, _) in wave
                    )
                )
            changing = time.perf_counter() - started
            traffic = await traffic_task
            refused = [
                COMMAND_OFF.format(name="facts")
                in await _command(fake, shard, fake.slash("facts", user=moderator, guild=guild))
                for guild, moderator, _ in servers
                for shard in entry_shards
            ]
        finally:
            closed = bot_process.stop(processes, logs)
    stored = {
        (server, name): json.loads(value)
        for server, name, value in await rows(
            url, "SELECT server_id, name, value FROM server_settings"
        )
    }
    settings_lost = sum(
        stored.get((guild.id, name)) != value for guild, _, name, _, value in changes
    )
    by_command = dict(
        await rows(url, "SELECT command, count(*) FROM usage_events GROUP BY command")
    )
    return {
        "traffic": traffic,
        "written": sum(written for written, _ in closed),
        "dropped": sum(dropped for _, dropped in closed),
        "rows": sum(by_command.values()),
        "missing": sum(
            traffic.kinds[kind] - by_command.get(kind, 0) for kind in ("ask", "stories")
        ),
        "confirmed": sum("is now" in text for text in confirmations),
        "settings_lost": settings_lost,
        "not_honoured": refused.count(False),
        "changing": changing,
    }


async def _on_postgres(server_url: str, count: int, folder: Path) -> dict[str, Any]:
    async with postgres.fresh_database(server_url) as url:
        return await _measure(url, count, folder)


def _rows(engine: str, result: dict[str, Any]) -> list[dict[str, object]]:
    traffic = result["traffic"]
    events_lost = (
        result["dropped"] + abs(result["written"] - result["rows"]) + max(result["missing"], 0)
    )
    return [
        {
            "benchmark": f"two processes: events lost ({engine})",
            "value": events_lost,
            "unit": "events",
            "target": "0",
            "ok": events_lost == 0 and traffic.unanswered == 0,
            "note": f"{traffic.summary().split(';')[0]}; {result['rows']} rows, "
            f"{result['written']} written, {result['dropped']} dropped",
        },
        {
            "benchmark": f"two processes: settings changes lost ({engine})",
            "value": result["settings_lost"] + result["not_honoured"],
            "unit": "changes",
            "target": "0",
            "ok": result["settings_lost"] == 0
            and result["not_honoured"] == 0
            and result["confirmed"] == SERVERS * 10,
            "note": f"{result['confirmed']}/{SERVERS * 10} confirmed in "
            f"{result['changing']:.2f} s while traffic ran; each honoured by both processes",
        },
    ]


def run(quick: bool = False) -> list[dict[str, object]]:
    """Drive both processes on each engine; count what was lost."""
    count = QUICK_INTERACTIONS if quick else INTERACTIONS
    with tempfile.TemporaryDirectory() as folder:
        sqlite = asyncio.run(_measure(str(Path(folder) / "signpost.db"), count, Path(folder)))
        with postgres.server() as server_url:
            on_postgres = asyncio.run(_on_postgres(server_url, count, Path(folder)))
    return _rows("SQLite", sqlite) + _rows("PostgreSQL", on_postgres)
