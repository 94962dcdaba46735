"""Two processes share one SQLite file through a rolling restart: nothing lost, nothing corrupt.

Issue 13 #1: the bot used to open and close the database file with os.open while its own
connection was open, which drops every POSIX lock the process holds on it. A process stopping
next to it then took itself for the last user, checkpointed and deleted the live write-ahead
log, and the other process's later rows vanished, with "row missing from index" to show.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from bot.settings import PROJECT_ROOT
from tests.conftest import FIXTURE_DATA

RESTARTS = 4
RUNS_FOR = 0.4  # seconds each restarted process records before it is stopped


def start(database: Path) -> subprocess.Popen[str]:
    env = os.environ | {
        "SIGNPOST_DATABASE_PATH": str(database),  # the name every release reads
        "SIGNPOST_DATA_DIR": str(FIXTURE_DATA),
        "SIGNPOST_USAGE_HASH_KEY": "rolling-restart-key",
        "PYTHONPATH": str(PROJECT_ROOT),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.reliability.storage_process"],
        cwd=database.parent,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    assert json.loads(process.stdout.readline()) == {"ready": True}
    return process


def stop(process: subprocess.Popen[str]) -> dict[str, int]:
    process.send_signal(signal.SIGTERM)
    out, _ = process.communicate(timeout=30)
    assert process.returncode == 0
    return dict(json.loads(out.strip().splitlines()[-1]))


def test_a_rolling_restart_beside_a_running_process_loses_no_event(tmp_path: Path) -> None:
    database = tmp_path / "signpost.db"
    steady = start(database)
    finished = []
    try:
        for _ in range(RESTARTS):
            restarted = start(database)
            time.sleep(RUNS_FOR)
            finished.append(stop(restarted))
        time.sleep(RUNS_FOR)
    finally:
        finished.append(stop(steady))
    with contextlib.closing(sqlite3.connect(database)) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        rows = raw.execute("SELECT count(*) FROM usage_events").fetchone()[0]
    recorded = sum(process["recorded"] for process in finished)
    written = sum(process["written"] for process in finished)
    assert sum(process["dropped"] for process in finished) == 0
    assert rows == written == recorded
