"""`python -m bot backup DEST`: a complete, owner-only copy, taken while the bot is writing."""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from pathlib import Path

import pytest

from bot.__main__ import main
from bot.chat.client import SignpostBot
from bot.settings import Settings
from bot.storage.backup import BackupError, backup
from tests.e2e.fake_discord import FakeDiscord
from tests.reliability.traffic import ask, stored_events


async def test_backup_while_the_bot_answers_and_writes(
    fake_discord: FakeDiscord, signpost: SignpostBot, settings: Settings, tmp_path: Path
) -> None:
    usage = signpost.services.usage
    assert usage is not None
    await asyncio.gather(*(ask(fake_discord) for _ in range(20)))
    assert await usage.flush()
    more = asyncio.gather(*(ask(fake_discord) for _ in range(20)))
    copy = await asyncio.to_thread(backup, settings.database_url, tmp_path / "copy.db")
    await more
    assert copy == tmp_path / "copy.db" and copy.stat().st_mode & 0o777 == 0o600
    with contextlib.closing(sqlite3.connect(copy)) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert raw.execute("PRAGMA user_version").fetchone()[0] >= 2
    assert 20 <= stored_events(copy) <= 40
    assert not list(tmp_path.glob("copy.db?*"))  # no -wal or .partial left beside it


def test_backup_into_a_folder_names_a_dated_file(settings: Settings, tmp_path: Path) -> None:
    with contextlib.closing(sqlite3.connect(Path(settings.database_url))) as raw:
        raw.execute("CREATE TABLE t (x)")
    folder = tmp_path / "backups"
    folder.mkdir()
    copy = backup(settings.database_url, folder)
    assert copy.parent == folder and copy.name.startswith("signpost-") and copy.suffix == ".db"


def test_missing_database_is_refused_and_not_created(settings: Settings, tmp_path: Path) -> None:
    with pytest.raises(BackupError, match="no database at"):
        backup(settings.database_url, tmp_path / "copy.db")
    assert not Path(settings.database_url).exists() and not (tmp_path / "copy.db").exists()


def test_backup_command_prints_the_copy_and_fails_with_one_line(
    settings: Settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("SIGNPOST_DATABASE_URL", settings.database_url)
    monkeypatch.chdir(tmp_path)  # no .env from the project folder
    assert main(["backup", str(tmp_path / "none.db")]) == 1
    assert capsys.readouterr().err.count("\n") == 1
    with contextlib.closing(sqlite3.connect(Path(settings.database_url))) as raw:
        raw.execute("CREATE TABLE t (x)")
    assert main(["backup", str(tmp_path / "copy.db")]) == 0
    assert capsys.readouterr().out.strip() == str(tmp_path / "copy.db")


def seeded(settings: Settings) -> None:
    with contextlib.closing(sqlite3.connect(settings.database_url)) as raw:
        raw.execute("CREATE TABLE t (x)")


def test_a_missing_folder_is_refused_clearly_and_nothing_written(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    """Issue 13 #12: `backup missing/` used to write a file named `missing`."""
    seeded(settings)
    monkeypatch.setenv("SIGNPOST_DATABASE_URL", settings.database_url)
    monkeypatch.chdir(tmp_path)
    assert main(["backup", "missing/"]) == 1
    assert capsys.readouterr().err.strip() == "no folder at missing/: create it first"
    assert main(["backup", "missing/copy.db"]) == 1
    assert "no folder at missing" in capsys.readouterr().err
    assert not (tmp_path / "missing").exists()


def test_a_symlink_planted_at_the_partial_name_is_never_followed(
    settings: Settings, tmp_path: Path
) -> None:
    """Issue 13 #12: a symlink at DEST.partial used to have its target overwritten."""
    seeded(settings)
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    (tmp_path / "copy.db.partial").symlink_to(victim)
    copy = backup(settings.database_url, tmp_path / "copy.db")
    assert victim.read_text() == "keep me"
    assert not copy.is_symlink() and copy.stat().st_mode & 0o777 == 0o600
    with contextlib.closing(sqlite3.connect(copy)) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_postgresql_is_refused_with_a_pointer_to_pg_dump(tmp_path: Path) -> None:
    with pytest.raises(BackupError, match="pg_dump"):
        backup("postgresql://signpost@127.0.0.1/signpost", tmp_path)
