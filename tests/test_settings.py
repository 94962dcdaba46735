from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest

from bot.logs import REDACTED, TokenFilter
from bot.settings import PROJECT_ROOT, Settings, SettingsError, load_settings

TOKEN = "MTA1.secret-token.value"


def test_env_example_documents_every_setting() -> None:
    example = (PROJECT_ROOT / ".env.example").read_text()
    documented = set(re.findall(r"SIGNPOST_([A-Z_]+)=", example))
    assert documented == {name.upper() for name in Settings.model_fields}


def test_token_never_shows_in_repr_or_str() -> None:
    settings = Settings(_env_file=None, token=TOKEN)
    assert TOKEN not in repr(settings)
    assert TOKEN not in str(settings)
    assert settings.token is not None and settings.token.get_secret_value() == TOKEN


def test_blank_token_means_no_token() -> None:
    assert Settings(_env_file=None, token="  ").token is None


def test_relative_paths_are_resolved_against_the_project(tmp_path: Path) -> None:
    settings = Settings(_env_file=None, data_dir="data", database_url="x.db")
    assert settings.data_dir == PROJECT_ROOT / "data"
    assert settings.database_url == str(PROJECT_ROOT / "x.db")


def test_bad_settings_give_one_line_each_naming_the_setting(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SIGNPOST_RETENTION_DAYS", "lots")
    monkeypatch.setenv("SIGNPOST_DEFAULT_COUNTRY", "Britain")
    monkeypatch.setenv("SIGNPOST_TOKEN", TOKEN)
    with pytest.raises(SettingsError) as caught:
        load_settings(_env_file=None)
    lines = str(caught.value).splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("SIGNPOST_DEFAULT_COUNTRY:")
    assert lines[1].startswith("SIGNPOST_RETENTION_DAYS:")
    assert TOKEN not in str(caught.value)


def test_shard_ids_need_a_count_and_must_fit_it() -> None:
    with pytest.raises(SettingsError, match="SIGNPOST_SHARD_IDS"):
        load_settings(_env_file=None, shard_ids=(0, 1))
    with pytest.raises(SettingsError, match="below"):
        load_settings(_env_file=None, shard_ids=(0, 4), shard_count=4)
    assert load_settings(_env_file=None, shard_ids=(2, 3), shard_count=4).shard_ids == (2, 3)


def test_token_filter_redacts_messages_arguments_and_tracebacks(
    caplog: pytest.LogCaptureFixture,
) -> None:
    logger = logging.getLogger("test.redaction")
    caplog.handler.addFilter(TokenFilter(TOKEN))
    logger.warning("token is %s", TOKEN)
    try:
        raise RuntimeError(f"401 for Bot {TOKEN}")
    except RuntimeError:
        logger.exception("request failed")
    text = caplog.text + "".join(r.exc_text or "" for r in caplog.records)
    assert TOKEN not in text
    assert REDACTED in text


def test_database_url_takes_a_file_or_postgresql_and_the_old_name_still_works(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("SIGNPOST_DATABASE_PATH", str(tmp_path / "old.db"))
    assert load_settings(_env_file=None).database_url == str(tmp_path / "old.db")
    url = "postgresql://signpost:secret@db.internal:5432/signpost"
    monkeypatch.setenv("SIGNPOST_DATABASE_URL", url)
    monkeypatch.setenv("SIGNPOST_USAGE_HASH_KEY", "a-long-random-shared-key")
    assert load_settings(_env_file=None).database_url == url  # the new name wins
    monkeypatch.setenv("DATABASE_URL", "postgresql://someone-else/theirs")
    monkeypatch.delenv("SIGNPOST_DATABASE_URL")
    assert load_settings(_env_file=None).database_url == str(tmp_path / "old.db")


def test_postgresql_with_the_default_hash_key_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SIGNPOST_DATABASE_URL", "postgresql://signpost@127.0.0.1/signpost")
    with pytest.raises(SettingsError, match="SIGNPOST_USAGE_HASH_KEY: set a long random value"):
        load_settings(_env_file=None)
    monkeypatch.setenv("SIGNPOST_USAGE_HASH_KEY", "a-long-random-shared-key")
    assert load_settings(_env_file=None).database_url.startswith("postgresql://")
