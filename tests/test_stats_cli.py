"""`python -m bot stats`: every server's totals together, small counts hidden, in each format."""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
import io
import json
import subprocess
from pathlib import Path

from bot.storage.database import Database
from bot.storage.usage import UsageEvent, UsageLog
from tests.cli import OPERATOR_KEY, operator_cli


def cli(url: str, folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run `python -m bot stats` as an operator would, in a folder with no .env."""
    return operator_cli("stats", url, folder, *args)


async def seed(url: str) -> None:
    database = await Database.open(url)
    usage = await UsageLog.open(database, key=OPERATOR_KEY.encode(), retention_days=90)
    rows = [
        (
            1,
            20,
            {
                "command": "resources",
                "answer_kind": "topic",
                "entry_id": "sexual-assault",
                "country": "GB",
            },
        ),
        (
            2,
            15,
            {
                "command": "resources",
                "answer_kind": "topic",
                "entry_id": "sexual-assault",
                "country": "US",
            },
        ),
        (
            2,
            3,
            {
                "command": "ask",
                "answer_kind": "emergency",
                "matched": False,
                "crisis": True,
                "country": "US",
            },
        ),
        (
            None,
            8,
            {"command": "urgent", "answer_kind": "emergency", "crisis": True, "country": "US"},
        ),
        (
            1,
            9,
            {
                "command": "facts",
                "answer_kind": "none",
                "day": dt.date.today() - dt.timedelta(days=20),
            },
        ),
    ]
    for server, count, fields in rows:
        event = UsageEvent(**({"matched": True} | fields), server=usage.server_hash(server))
        for _ in range(count):
            usage.record(event)
    await usage.close()
    await database.close()


def lines_of(output: str) -> dict[tuple[str, str], tuple[str, str]]:
    rows = list(csv.reader(io.StringIO(output)))
    assert rows[0] == ["section", "label", "count", "share"]
    return {(section, label): (count, share) for section, label, count, share in rows[1:]}


async def test_csv_adds_up_every_server_and_hides_small_counts(
    database_url: str, tmp_path: Path
) -> None:
    await seed(database_url)
    done = await asyncio.to_thread(cli, database_url, tmp_path, "--days", "7", "--format", "csv")
    assert done.returncode == 0, done.stderr
    rows = lines_of(done.stdout)
    assert rows[("Summary", "interactions")] == ("46", "")
    assert rows[("Summary", "no answer found")][0] == "<5"
    assert rows[("Summary", "crisis help shown")] == ("11", "24%")
    assert rows[("Top entries", "sexual-assault")] == ("35", "76%")
    assert rows[("Countries", "US")] == ("26", "57%")


async def test_days_reach_back_to_older_events(database_url: str, tmp_path: Path) -> None:
    await seed(database_url)
    done = await asyncio.to_thread(cli, database_url, tmp_path, "--days", "30", "--format", "json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["days"] == 30 and report["is_one_server"] is False
    assert report["total"] == {"text": "55", "value": 55}
    assert report["unmatched"]["count"] == {"text": "<5", "value": None}


def test_table_is_the_default_and_an_empty_log_shows_only_bounds(tmp_path: Path) -> None:
    done = cli(str(tmp_path / "signpost.db"), tmp_path)
    assert done.returncode == 0 and done.stderr == ""
    output = done.stdout
    assert output.splitlines()[0].split() == ["section", "label", "count", "share"]
    assert "Summary  interactions       <5" in output


def test_days_must_be_positive(tmp_path: Path) -> None:
    done = cli(str(tmp_path / "signpost.db"), tmp_path, "--days", "0")
    assert done.returncode == 2 and "--days must be 1 or more" in done.stderr
