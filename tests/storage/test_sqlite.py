"""The SQLite engine: an owner-only WAL file, schema steps, and one decision per corrupt file."""

import logging
import os
import sqlite3
import stat

import pytest

from bot.storage.backend import UsageBatch
from bot.storage.database import Database
from bot.storage.sqlite import MIGRATIONS, SqliteBackend
from bot.storage.usage import UsageEvent


def mode(path):
    return stat.S_IMODE(path.stat().st_mode)


def corrupt_error():
    error = sqlite3.DatabaseError("database disk image is malformed")
    error.sqlite_errorcode = sqlite3.SQLITE_CORRUPT
    return error


def moved_aside(folder):
    return [file for file in folder.iterdir() if ".corrupt-" in file.name]


@pytest.fixture
def loose_umask():
    previous = os.umask(0o022)
    yield
    os.umask(previous)


@pytest.fixture
async def backend(tmp_path):
    opened = SqliteBackend(tmp_path / "signpost.db")
    yield opened
    await opened.close()


async def test_new_database_and_its_wal_are_owner_only(tmp_path, backend, loose_umask):
    path = tmp_path / "signpost.db"
    await backend.connect()
    await backend.connection.execute("INSERT INTO unmatched_questions VALUES ('2026-11-24', 'x')")
    files = [path, path.with_name("signpost.db-wal"), path.with_name("signpost.db-shm")]
    assert {file.name: mode(file) for file in files} == {file.name: 0o600 for file in files}


async def test_existing_file_with_loose_mode_is_tightened(tmp_path, backend):
    path = tmp_path / "signpost.db"
    path.touch(mode=0o644)
    path.chmod(0o644)
    await backend.connect()
    assert mode(path) == 0o600


async def test_missing_folder_is_created(tmp_path):
    backend = SqliteBackend(tmp_path / "state" / "signpost.db")
    await backend.connect()
    await backend.close()
    assert (tmp_path / "state" / "signpost.db").exists()


async def test_schema_steps_set_user_version_and_are_idempotent(tmp_path):
    path = tmp_path / "signpost.db"
    for _ in range(2):
        backend = SqliteBackend(path)
        await backend.connect()
        await backend.close()
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
        raw.execute("PRAGMA user_version = 1")
    backend = SqliteBackend(path)
    await backend.connect()  # steps 2 and 3 run again over existing tables
    await backend.close()
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
        query = "SELECT name FROM sqlite_master WHERE type = 'table'"
        tables = {row[0] for row in raw.execute(query)}
    assert {"usage_events", "unmatched_questions", "server_settings", "setting_changes"} <= tables


async def test_database_uses_wal(backend):
    await backend.connect()
    async with backend.connection.execute("PRAGMA journal_mode") as cursor:
        assert (await cursor.fetchone())[0] == "wal"


async def test_corrupt_file_is_moved_aside_with_one_warning(tmp_path, backend, caplog):
    path = tmp_path / "signpost.db"
    garbage = b"this is not a database " * 200
    path.write_bytes(garbage)
    with caplog.at_level(logging.WARNING):
        await backend.connect()
    moved = moved_aside(tmp_path)
    assert len(moved) == 1 and moved[0].read_bytes() == garbage
    assert len([r for r in caplog.records if r.levelno == logging.WARNING]) == 1
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)


@pytest.mark.parametrize("make_path", [lambda tmp: tmp / "a-file" / "signpost.db", lambda tmp: tmp])
async def test_unusable_path_leaves_the_database_degraded(tmp_path, make_path):
    (tmp_path / "a-file").write_text("not a folder")
    database = await Database.open(str(make_path(tmp_path)))
    assert database.is_degraded
    await database.close()


async def test_database_reopens_a_new_file_when_the_old_one_is_deleted(tmp_path, backend, caplog):
    await backend.connect()
    first = backend.connection
    for file in tmp_path.iterdir():
        file.unlink()
    with caplog.at_level(logging.WARNING):
        await backend.connect()
    assert backend.connection is not first
    assert (tmp_path / "signpost.db").exists()
    assert "removed or replaced" in caplog.text


async def test_discard_after_corruption_moves_the_file_aside(tmp_path, backend):
    await backend.connect()
    await backend.discard(corrupt_error())
    await backend.connect()
    assert len(moved_aside(tmp_path)) == 1


async def test_discard_after_a_busy_error_keeps_the_file(tmp_path, backend):
    await backend.connect()
    await backend.discard(sqlite3.OperationalError("database is locked"))
    await backend.connect()
    assert not moved_aside(tmp_path)


async def test_a_file_judged_corrupt_by_two_owners_is_moved_aside_once_and_its_successor_kept(
    tmp_path,
):
    """Issue 13 #3: two owners that saw the same file fail move only that file, never its successor.

    The first moves the damaged file and starts a new one that takes 200 good events; the
    second, reconnecting later, must keep that new file (before, it quarantined it as well).
    """
    path = tmp_path / "signpost.db"
    first, second = SqliteBackend(path), SqliteBackend(path)
    await first.connect()
    await second.connect()
    for owner in (first, second):
        await owner.discard(corrupt_error())
    await first.connect()
    event = UsageEvent(command="help", answer_kind="none", matched=True).model_dump()
    await first.write_usage(UsageBatch("good-events", [event] * 200, [], [], None))
    await second.connect()
    await second.write_usage(UsageBatch("more-events", [event] * 10, [], [], None))
    await first.close()
    await second.close()
    assert len(moved_aside(tmp_path)) == 1
    with sqlite3.connect(path) as raw:
        assert raw.execute("SELECT count(*) FROM usage_events").fetchone()[0] == 210
        assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)
