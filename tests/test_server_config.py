import logging
import sqlite3

import pytest

from bot.storage.servers import (
    ServerConfig,
    ServerConfigStore,
    SettingError,
    setting_names,
    settings_info,
)
from bot.storage.usage import UsageEvent, UsageLog

SERVER = 803204913402593290
CHANNEL = 912345678901234567


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "signpost.db"


async def test_unknown_server_and_direct_messages_get_the_defaults(db_path):
    defaults = ServerConfig(private_replies=False)
    store = await ServerConfigStore.open(db_path, defaults=defaults)
    assert store.get(SERVER) == defaults
    assert store.get(None) == defaults
    await store.close()


async def test_settings_update_the_cache_and_survive_a_restart(db_path):
    store = await ServerConfigStore.open(db_path)
    await store.set(SERVER, "public_channels", {CHANNEL})
    await store.set(SERVER, "country", "GB")
    await store.set(SERVER, "disabled_commands", ["stories"])
    assert store.get(SERVER).public_channels == frozenset({CHANNEL})
    await store.close()
    reopened = await ServerConfigStore.open(db_path)
    config = reopened.get(SERVER)
    await reopened.close()
    assert config.public_channels == frozenset({CHANNEL})
    assert (config.country, config.disabled_commands) == ("GB", frozenset({"stories"}))
    assert config.private_replies and config.usage_logging and not config.unmatched_logging


async def test_reset_returns_a_setting_to_the_default(db_path):
    store = await ServerConfigStore.open(db_path)
    await store.set(SERVER, "private_replies", False)
    await store.reset(SERVER, "private_replies")
    await store.close()
    reopened = await ServerConfigStore.open(db_path)
    assert reopened.get(SERVER).private_replies
    await reopened.close()


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("no_such_setting", True),
        ("country", "Britain"),
        ("disabled_commands", ["ban"]),
        ("public_channels", [-1]),
        ("disabled_topics", ["Not A Slug"]),
    ],
)
async def test_bad_names_and_values_are_refused_and_not_kept(db_path, name, value):
    store = await ServerConfigStore.open(db_path)
    with pytest.raises(SettingError):
        await store.set(SERVER, name, value)
    assert store.get(SERVER) == ServerConfig()
    await store.close()


async def test_switching_usage_logging_off_deletes_and_stops_the_server_events(db_path):
    usage = await UsageLog.open(
        db_path, key=b"test-key-123", retention_days=90, flush_interval=0.01
    )
    store = await ServerConfigStore.open(db_path, usage=usage)
    server_hash = usage.server_hash(SERVER)
    usage.record(UsageEvent(command="ask", answer_kind="none", matched=False, server=server_hash))
    await usage.flush()
    await store.set(SERVER, "usage_logging", False)
    usage.record(UsageEvent(command="ask", answer_kind="none", matched=False, server=server_hash))
    await usage.close()
    await store.close()
    with sqlite3.connect(db_path) as raw:
        assert raw.execute("SELECT count(*) FROM usage_events").fetchone()[0] == 0


async def test_saved_choices_reach_the_usage_log_after_a_restart(db_path):
    store = await ServerConfigStore.open(db_path)
    await store.set(SERVER, "unmatched_logging", True)
    await store.close()
    usage = await UsageLog.open(db_path, key=b"test-key-123", retention_days=90)
    store = await ServerConfigStore.open(db_path, usage=usage)
    for _ in range(5):
        usage.record_unmatched("where can i find help", server=usage.server_hash(SERVER))
    await usage.flush()
    questions = await usage.unmatched_questions(min_count=5)
    await usage.close()
    await store.close()
    assert [question.text for question in questions] == ["where can i find help"]


async def test_unusable_database_keeps_settings_in_memory_with_one_warning(tmp_path, caplog):
    (tmp_path / "a-file").write_text("not a folder")
    with caplog.at_level(logging.WARNING):
        store = await ServerConfigStore.open(tmp_path / "a-file" / "signpost.db")
        await store.set(SERVER, "private_replies", False)
        await store.set(SERVER, "country", "IE")
    assert store.is_degraded
    assert (store.get(SERVER).private_replies, store.get(SERVER).country) == (False, "IE")
    assert len([r for r in caplog.records if r.levelno == logging.WARNING]) == 1
    await store.close()


async def test_changes_made_during_an_outage_are_saved_once_it_ends(db_path):
    store = await ServerConfigStore.open(db_path, busy_timeout=0.05)
    blocker = sqlite3.connect(db_path, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        await store.set(SERVER, "country", "NZ")
        assert store.is_degraded
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    await store.set(SERVER + 1, "country", "AU")
    assert not store.is_degraded
    await store.close()
    reopened = await ServerConfigStore.open(db_path)
    assert (reopened.get(SERVER).country, reopened.get(SERVER + 1).country) == ("NZ", "AU")
    await reopened.close()


def test_every_setting_has_a_kind_and_a_description():
    info = settings_info()
    assert [setting.name for setting in info] == list(setting_names())
    assert set(setting_names()) == set(ServerConfig.model_fields)
    assert all(setting.description and setting.kind for setting in info)
    assert {setting.name: setting.kind for setting in info}["public_channels"] == "channels"
