"""Server settings on both engines: per-field changes, shared between processes, failing closed."""

import asyncio
import logging
import sqlite3
import time

import pytest

from bot.chat.services import Services
from bot.services import ContentHolder
from bot.storage.servers import (
    FAIL_CLOSED,
    ServerConfig,
    SettingError,
    SettingsUnavailable,
    setting_names,
    settings_info,
)
from bot.storage.usage import UsageEvent
from tests.conftest import FIXTURE_DATA
from tests.fakes import FakeInteraction
from tests.storage.tables import count, rows

SERVER = 803204913402593290
CHANNEL = 912345678901234567
REACHES_OTHERS_WITHIN = 1.0
"""Seconds a change may take to reach another process (issue 18)."""


async def eventually(check, timeout=3.0):
    """Poll `check` until it holds; return the seconds it took."""
    started = time.monotonic()
    while not check():
        assert time.monotonic() - started < timeout, "never happened"
        await asyncio.sleep(0.01)
    return time.monotonic() - started


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "signpost.db"


async def test_unknown_server_and_direct_messages_get_the_defaults(database_url, open_store):
    defaults = ServerConfig(private_replies=False)
    store = await open_store(database_url, defaults=defaults)
    assert store.get(SERVER) == defaults
    assert store.get(None) == defaults


async def test_settings_update_the_cache_and_survive_a_restart(database_url, open_store):
    store = await open_store(database_url)
    await store.set(SERVER, "public_channels", {CHANNEL})
    await store.set(SERVER, "country", "GB")
    await store.set(SERVER, "disabled_commands", ["stories"])
    assert store.get(SERVER).public_channels == frozenset({CHANNEL})
    await store.close()
    config = (await open_store(database_url)).get(SERVER)
    assert config.public_channels == frozenset({CHANNEL})
    assert (config.country, config.disabled_commands) == ("GB", frozenset({"stories"}))
    assert config.private_replies and config.usage_logging and not config.unmatched_logging


async def test_reset_returns_a_setting_to_the_default(database_url, open_store):
    store = await open_store(database_url)
    await store.set(SERVER, "private_replies", False)
    await store.reset(SERVER, "private_replies")
    assert (await open_store(database_url)).get(SERVER).private_replies


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
async def test_bad_names_and_values_are_refused_and_not_kept(db_path, open_store, name, value):
    store = await open_store(str(db_path))
    with pytest.raises(SettingError):
        await store.set(SERVER, name, value)
    assert store.get(SERVER) == ServerConfig()
    assert await count(str(db_path), "server_settings") == 0


async def test_switching_usage_logging_off_deletes_and_stops_the_server_events(
    database_url, databases, open_log, open_store, settings
):
    database = await databases(database_url)
    usage = await open_log(database)
    store = await open_store(database, usage=usage)
    services = Services(settings, ContentHolder(FIXTURE_DATA, default_country="US"), usage, store)
    services.record(None, "help", FakeInteraction(guild_id=SERVER))
    await usage.flush()
    await store.set(SERVER, "usage_logging", False)
    services.record(None, "help", FakeInteraction(guild_id=SERVER))
    await usage.close()
    assert await count(database_url) == 0 and usage.dropped == 0


async def test_saved_choices_apply_after_a_restart(database_url, open_log, open_store, settings):
    store = await open_store(database_url)
    await store.set(SERVER, "unmatched_logging", True)
    await store.close()
    usage = await open_log(database_url)
    store = await open_store(database_url, usage=usage)
    services = Services(settings, ContentHolder(FIXTURE_DATA, default_country="US"), usage, store)
    answer = services.content.engine.ask("zzqx qxzz")
    for guild_id in (*[SERVER] * 5, SERVER + 1, None):  # only SERVER opted in
        services.record(answer, "ask", FakeInteraction(guild_id=guild_id), question="where help")
    await services.close()
    questions = await usage.unmatched_questions(min_count=5)
    assert [question.text for question in questions] == ["where help"]
    assert await count(database_url, "unmatched_questions") == 5


async def test_settings_unreadable_at_start_fail_closed_until_the_database_heals(
    db_path, databases, open_store, caplog
):
    """Issue 13 #2: unreadable settings give every server the most private choices, never the
    defaults; a change is refused rather than written over the stored choices; once the file
    can be read, the stored choices apply."""
    database = await databases(str(db_path))
    store = await open_store(database)
    await store.set(SERVER, "usage_logging", False)
    await store.set(SERVER, "country", "GB")
    await store.close()
    await database.close()
    # In WAL mode readers pass a writer's lock; exclusive locking mode keeps them out too.
    blocker = sqlite3.connect(db_path, isolation_level=None)
    blocker.execute("PRAGMA locking_mode = EXCLUSIVE")
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        with caplog.at_level(logging.WARNING):
            store = await open_store(str(db_path))
            for server in (SERVER, SERVER + 1):
                config = store.get(server)
                assert {name: getattr(config, name) for name in FAIL_CLOSED} == FAIL_CLOSED
            with pytest.raises(SettingsUnavailable):
                await store.set(SERVER, "private_replies", False)
    finally:
        blocker.close()
    assert len([r for r in caplog.records if r.levelno == logging.WARNING]) == 1
    await eventually(lambda: store.is_loaded)
    assert (store.get(SERVER).usage_logging, store.get(SERVER).country) == (False, "GB")
    assert store.get(SERVER).private_replies and store.get(SERVER + 1).usage_logging
    stored = await rows(str(db_path), "SELECT name, value FROM server_settings ORDER BY name")
    assert stored == [("country", '"GB"'), ("usage_logging", "false")]


async def test_a_change_refused_during_an_outage_is_saved_once_it_ends(db_path, open_store):
    store = await open_store(str(db_path))
    blocker = sqlite3.connect(db_path, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(SettingsUnavailable):
            await store.set(SERVER, "country", "NZ")
        assert store.get(SERVER).country is None  # nothing changed, here or on disk
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    await store.set(SERVER, "country", "NZ")
    await store.set(SERVER + 1, "country", "AU")
    reopened = await open_store(str(db_path))
    assert (reopened.get(SERVER).country, reopened.get(SERVER + 1).country) == ("NZ", "AU")


async def test_changes_from_two_processes_to_one_server_both_survive(
    database_url, databases, open_store
):
    """Issue 18: each change writes one field, so neither process undoes the other's."""
    first = await open_store(await databases(database_url))
    second = await open_store(await databases(database_url))
    await asyncio.gather(
        first.set(SERVER, "country", "GB"),
        second.set(SERVER, "private_replies", False),
        first.set(SERVER, "disabled_commands", ["stories"]),
        second.set(SERVER, "unmatched_logging", True),
    )
    expected = ("GB", False, frozenset({"stories"}), True)

    def seen(store):
        config = store.get(SERVER)
        return (
            config.country,
            config.private_replies,
            config.disabled_commands,
            config.unmatched_logging,
        )

    for store in (first, second, await open_store(database_url)):
        # Each process hears of the other's changes a moment later: wait for all four, not two
        # (on a busy machine the last two had not arrived when the first two had).
        await eventually(lambda s=store: seen(s) == expected)


async def test_a_change_reaches_the_other_process_within_a_second(
    database_url, databases, open_store
):
    here = await open_store(await databases(database_url))
    there = await open_store(await databases(database_url))
    for value in ("GB", "IE", None):
        if value is None:
            await here.reset(SERVER, "country")
        else:
            await here.set(SERVER, "country", value)
        took = await eventually(lambda v=value: there.get(SERVER).country == v)
        assert took < REACHES_OTHERS_WITHIN


async def test_switching_counting_off_elsewhere_drops_this_process_queued_events(
    database_url, databases, open_log, open_store
):
    database = await databases(database_url)
    usage = await open_log(database, flush_interval=60)
    here = await open_store(database, usage=usage)
    there = await open_store(await databases(database_url))
    usage.record(
        UsageEvent(
            command="help", answer_kind="none", matched=True, server=usage.server_hash(SERVER)
        )
    )
    await there.set(SERVER, "usage_logging", False)
    await eventually(lambda: not here.get(SERVER).usage_logging)
    await usage.close()
    assert await count(database_url) == 0 and usage.dropped == 0


def test_every_setting_has_a_kind_and_a_description():
    info = settings_info()
    assert [setting.name for setting in info] == list(setting_names())
    assert set(setting_names()) == set(ServerConfig.model_fields)
    assert all(setting.description and setting.kind for setting in info)
    assert {setting.name: setting.kind for setting in info}["public_channels"] == "channels"
