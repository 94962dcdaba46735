"""Online backup of the SQLite database with SQLite's backup API, safe while the bot runs."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import sqlite3
from pathlib import Path

from bot.storage.backend import is_postgres
from bot.storage.sqlite import OWNER_ONLY

log = logging.getLogger(__name__)

PAGES_PER_STEP = 1024
"""Pages copied per step; between steps the bot's writer may commit, and the copy restarts."""


class BackupError(Exception):
    """The backup could not be made; the message says why, in one line."""


def backup(database_url: str, destination: str | Path) -> Path:
    """Copy the live database to `destination` (a file, or an existing folder for a dated one).

    Reads a consistent snapshot even while the bot writes (WAL), never creates the database, and
    writes the copy owner-only, renaming it into place only once complete. A destination ending
    in '/' must be an existing folder; a file's folder must exist too.
    """
    if is_postgres(database_url):
        raise BackupError("the database is PostgreSQL: back it up with pg_dump (see operations.md)")
    source = Path(database_url)
    if not source.is_file():
        raise BackupError(f"no database at {source} (set SIGNPOST_DATABASE_URL)")
    target = _target(source, destination)
    partial = target.with_name(target.name + ".partial")
    try:
        _create_private(partial)
        with (
            contextlib.closing(
                sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
            ) as live,
            contextlib.closing(sqlite3.connect(partial)) as copy,
        ):
            live.backup(copy, pages=PAGES_PER_STEP)
            copy.execute("PRAGMA journal_mode = DELETE")  # one self-contained file, no -wal
        partial.replace(target)
    except (sqlite3.Error, OSError) as error:
        partial.unlink(missing_ok=True)
        raise BackupError(f"backup of {source} to {target} failed: {error}") from error
    log.info("Backed up %s to %s", source.name, target)
    return target


def _target(source: Path, destination: str | Path) -> Path:
    """The file to write: a dated name in a folder, or the file named, whose folder exists."""
    path = Path(destination)
    if path.is_dir():
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
        return path / f"{source.stem}-{stamp}{source.suffix}"
    if str(destination).endswith(("/", os.sep)):
        raise BackupError(f"no folder at {destination}: create it first")
    if not path.parent.is_dir():
        raise BackupError(f"no folder at {path.parent}: create it first")
    return path


def _create_private(partial: Path) -> None:
    """Create `partial` afresh, owner-only, never through a link planted at its name.

    A leftover from an interrupted backup, or a symlink, is removed (unlink never follows a
    link); O_EXCL and O_NOFOLLOW then refuse anything planted in between.
    """
    partial.unlink(missing_ok=True)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
    os.close(os.open(partial, flags, OWNER_ONLY))
