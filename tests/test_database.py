import logging
import os
import sqlite3
import stat

import pytest

from bot.storage.database import MIGRATIONS, Database, DatabaseUnavailable, connect


def mode(path):
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def loose_umask():
    previous = os.umask(0o022)
    yield
    os.umask(previous)


async def test_new_database_and_its_wal_are_owner_only(tmp_path, loose_umask):
    path = tmp_path / "signpost.db"
    connection = await connect(path)
    await connection.execute("INSERT INTO unmatched_questions VALUES ('2026-11-24', 'x')")
    await connection.commit()
    try:
        files = [path, path.with_name("signpost.db-wal"), path.with_name("signpost.db-shm")]
        assert {file.name: mode(file) for file in files} == {file.name: 0o600 for file in files}
    finally:
        await connection.close()


async def test_existing_file_with_loose_mode_is_tightened(tmp_path):
    path = tmp_path / "signpost.db"
    path.touch(mode=0o644)
    path.chmod(0o644)
    connection = await connect(path)
    await connection.close()
    assert mode(path) == 0o600


async def test_missing_folder_is_created(tmp_path):
    connection = await connect(tmp_path / "state" / "signpost.db")
    await connection.close()
    assert (tmp_path / "state" / "signpost.db").exists()


async def test_schema_steps_set_user_version_and_are_idempotent(tmp_path):
    path = tmp_path / "signpost.db"
    for _ in range(2):
        connection = await connect(path)
        await connection.close()
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
        raw.execute("PRAGMA user_version = 1")
    connection = await connect(path)  # step 2 runs again over an existing table
    await connection.close()
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
        query = "SELECT name FROM sqlite_master WHERE type = 'table'"
        tables = {row[0] for row in raw.execute(query)}
    assert {"usage_events", "unmatched_questions", "server_settings"} <= tables


async def test_database_uses_wal(tmp_path):
    connection = await connect(tmp_path / "signpost.db")
    async with connection.execute("PRAGMA journal_mode") as cursor:
        assert (await cursor.fetchone())[0] == "wal"
    await connection.close()


async def test_corrupt_file_is_moved_aside_with_one_warning(tmp_path, caplog):
    path = tmp_path / "signpost.db"
    garbage = b"this is not a database " * 200
    path.write_bytes(garbage)
    with caplog.at_level(logging.WARNING):
        connection = await connect(path)
    await connection.close()
    moved = [file for file in tmp_path.iterdir() if ".corrupt-" in file.name]
    assert len(moved) == 1 and moved[0].read_bytes() == garbage
    assert len([r for r in caplog.records if r.levelno == logging.WARNING]) == 1
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)


@pytest.mark.parametrize("make_path", [lambda tmp: tmp / "a-file" / "signpost.db", lambda tmp: tmp])
async def test_unusable_path_raises_database_unavailable(tmp_path, make_path):
    (tmp_path / "a-file").write_text("not a folder")
    with pytest.raises(DatabaseUnavailable):
        await connect(make_path(tmp_path))


async def test_database_reopens_a_new_file_when_the_old_one_is_deleted(tmp_path, caplog):
    database = Database(tmp_path / "signpost.db")
    first = await database.connect()
    for file in tmp_path.iterdir():
        file.unlink()
    with caplog.at_level(logging.WARNING):
        second = await database.connect()
    assert second is not first
    assert (tmp_path / "signpost.db").exists()
    assert "removed or replaced" in caplog.text
    await database.close()


async def test_discard_after_corruption_moves_the_file_aside(tmp_path):
    database = Database(tmp_path / "signpost.db")
    await database.connect()
    error = sqlite3.DatabaseError("database disk image is malformed")
    error.sqlite_errorcode = sqlite3.SQLITE_CORRUPT
    await database.discard(error)
    await database.connect()
    await database.close()
    assert len([file for file in tmp_path.iterdir() if ".corrupt-" in file.name]) == 1


async def test_discard_after_a_busy_error_keeps_the_file(tmp_path):
    database = Database(tmp_path / "signpost.db")
    await database.connect()
    await database.discard(sqlite3.OperationalError("database is locked"))
    await database.connect()
    await database.close()
    assert not [file for file in tmp_path.iterdir() if ".corrupt-" in file.name]
