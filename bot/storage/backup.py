"""Online backup of the SQLite database with SQLite's backup API, safe while the bot runs."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import sqlite3
from pathlib import Path

from bot.storage.database import OWNER_ONLY

log = logging.getLogger(__name__)

PAGES_PER_STEP = 1024
"""Pages copied per step; between steps the bot's writer may commit, and the copy restarts."""


class BackupError(Exception):
    """The backup could not be made; the message says why, in one line."""


def backup(source: Path, destination: Path) -> Path:
    """Copy the live database to `destination` (a file, or a folder to hold a dated one).

    Reads a consistent snapshot even while the bot writes (WAL), never creates `source`, and
    writes the copy owner-only, renaming it into place only once complete.
    """
    if not source.is_file():
        raise BackupError(f"no database at {source} (set SIGNPOST_DATABASE_PATH)")
    if destination.is_dir():
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
        destination = destination / f"{source.stem}-{stamp}{source.suffix}"
    partial = destination.with_name(destination.name + ".partial")
    try:
        os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, OWNER_ONLY))
        with (
            contextlib.closing(
                sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
            ) as live,
            contextlib.closing(sqlite3.connect(partial)) as copy,
        ):
            live.backup(copy, pages=PAGES_PER_STEP)
            copy.execute(
                "PRAGMA journal_mode = DELETE"
            )  # one self-contained file, no -wal beside it
        partial.chmod(OWNER_ONLY)
        partial.replace(destination)
    except (sqlite3.Error, OSError) as error:
        partial.unlink(missing_ok=True)
        raise BackupError(f"backup of {source} to {destination} failed: {error}") from error
    log.info("Backed up %s to %s", source.name, destination)
    return destination
