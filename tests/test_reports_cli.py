"""`python -m bot reports`: lines members reported as a wrong number, on both engines."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import subprocess
from pathlib import Path

from bot.storage.database import Database
from bot.storage.usage import UsageLog
from tests.cli import OPERATOR_KEY, operator_cli
from tests.conftest import FIXTURE_DATA

TODAY = dt.datetime.now(dt.UTC).date().isoformat()


def cli(url: str, folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run `python -m bot reports` as an editor would, in a folder with no .env."""
    return operator_cli("reports", url, folder, *args, SIGNPOST_DATA_DIR=str(FIXTURE_DATA))


async def seed(url: str, lines: list[str]) -> None:
    database = await Database.open(url)
    usage = await UsageLog.open(database, key=OPERATOR_KEY.encode(), retention_days=90)
    for line in lines:
        usage.record_report(line)
    await usage.close()
    await database.close()


async def test_the_most_reported_line_comes_first_with_its_name_and_source(
    database_url: str, tmp_path: Path
) -> None:
    await seed(database_url, ["us-rainn", "gb-samaritans", "gb-samaritans", "xx-gone"])
    await seed(database_url, ["gb-samaritans"])
    done = await asyncio.to_thread(cli, database_url, tmp_path)
    assert done.returncode == 0 and done.stderr == ""
    header, first, *rest = done.stdout.splitlines()
    assert header.split()[:2] == ["reports", "line"]
    assert first.split()[:4] == ["3", "gb-samaritans", TODAY, "2026-11-24"]
    assert "Samaritans helpline" in first
    assert "https://www.samaritans.org/how-we-can-help/contact-samaritan/" in first
    assert [row.split()[1] for row in rest] == ["us-rainn", "xx-gone"]  # ties by id
    assert "(no longer listed)" in rest[-1]


async def test_json_lists_every_report_unsuppressed(database_url: str, tmp_path: Path) -> None:
    await seed(database_url, ["gb-samaritans"])
    done = await asyncio.to_thread(cli, database_url, tmp_path, "--json", "--days", "7")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {
        "days": 7,
        "reports": [
            {
                "id": "gb-samaritans",
                "count": 1,  # one report is shown: a line id names no one
                "last_reported": TODAY,
                "name": "Samaritans helpline",
                "source_url": "https://www.samaritans.org/how-we-can-help/contact-samaritan/",
                "verified_on": "2026-11-24",
            }
        ],
    }


def test_nothing_reported_says_so_and_days_must_be_positive(tmp_path: Path) -> None:
    url = str(tmp_path / "signpost.db")
    done = cli(url, tmp_path)
    assert done.returncode == 0
    assert done.stdout.strip() == "No wrong numbers reported in the last 90 days."
    refused = cli(url, tmp_path, "--days", "0")
    assert refused.returncode == 2 and "--days must be 1 or more" in refused.stderr
