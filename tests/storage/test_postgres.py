"""The PostgreSQL engine: migrations once, and a server that restarts or vanishes mid-traffic.

The fault tests stop and start a private server of their own (initdb and pg_ctl), so the
shared one other tests use is never touched.
"""

import asyncio
import logging
import tempfile
from pathlib import Path

import pytest

from bot.storage.database import Database
from bot.storage.postgres import MIGRATIONS, PostgresBackend
from bot.storage.servers import FAIL_CLOSED, ServerConfigStore
from bot.storage.usage import UsageEvent
from tests import postgres
from tests.conftest import needs_postgres
from tests.storage.tables import count, rows
from tests.storage.test_servers import REACHES_OTHERS_WITHIN, SERVER, eventually

EVENT = UsageEvent(command="help", answer_kind="none", matched=True)


@pytest.fixture(scope="module")
def private_server():
    """(folder, url) of a server of this module's own, to stop and start at will."""
    if postgres.binaries() is None:
        needs_postgres("PostgreSQL fault tests need initdb and pg_ctl")
    folder = Path(tempfile.mkdtemp(prefix="signpost-pg-faults-"))
    with postgres.running(folder, fsync=False) as url:
        yield folder, url


@pytest.fixture
async def server(private_server):
    """(folder, url of a fresh database) on the private server, running before and after."""
    folder, server_url = private_server
    async with postgres.fresh_database(server_url) as url:
        yield folder, url
        if not (folder / "data" / "postmaster.pid").exists():
            postgres.pg_ctl(folder, "start")


async def test_schema_steps_run_once_even_when_processes_start_together(postgres_url):
    opened = await asyncio.gather(*(Database.open(postgres_url) for _ in range(4)))
    assert not any(database.is_degraded for database in opened)
    for database in opened:
        await database.close()
    steps = await rows(postgres_url, "SELECT version FROM signpost_schema ORDER BY version")
    assert steps == [(number,) for number in range(1, len(MIGRATIONS) + 1)]


def test_the_password_never_reaches_a_message():
    backend = PostgresBackend("postgresql://signpost:hunter2@db.internal:6432/signpost")
    assert backend.describe() == "PostgreSQL db.internal:6432/signpost"


async def test_a_server_restart_mid_traffic_loses_no_event(server, databases, open_log, caplog):
    """Answers never wait: events queue while the server is down and are written after."""
    folder, url = server
    usage = await open_log(await databases(url), max_buffer=50_000)
    for _ in range(1_000):
        usage.record(EVENT)
    assert await usage.flush()
    with caplog.at_level(logging.WARNING):
        postgres.pg_ctl(folder, "stop", "-m", "fast")
        for _ in range(1_000):
            usage.record(EVENT)  # returns at once: a handler never waits on the database
        assert not await usage.flush(timeout=0.3)
        assert usage.is_degraded
        postgres.pg_ctl(folder, "start")
        for _ in range(1_000):
            usage.record(EVENT)
        assert await usage.flush(timeout=10)
    await usage.close()
    assert (usage.written, usage.dropped, await count(url)) == (3_000, 0, 3_000)
    assert len([r for r in caplog.records if r.levelno == logging.WARNING]) == 1


async def test_events_past_the_buffer_during_an_outage_are_counted_and_logged(
    server, databases, open_log, caplog
):
    folder, url = server
    usage = await open_log(await databases(url), max_buffer=100)
    postgres.pg_ctl(folder, "stop", "-m", "fast")
    for _ in range(150):
        usage.record(EVENT)
    assert usage.dropped == 50
    postgres.pg_ctl(folder, "start")
    assert await usage.flush(timeout=10)
    with caplog.at_level(logging.INFO, logger="bot.storage.usage"):
        await usage.close()
    assert await count(url) == 100
    assert "Usage log closed: 100 events written, 50 dropped" in caplog.text


async def test_an_unreachable_server_at_start_fails_closed_until_it_is_back(
    server, databases, open_log
):
    folder, url = server
    writer = await databases(url)
    store = await ServerConfigStore.open(writer)
    await store.set(SERVER, "usage_logging", False)
    await store.close()
    postgres.pg_ctl(folder, "stop", "-m", "fast")
    database = await databases(url)
    assert database.is_degraded
    usage = await open_log(database)
    store = await ServerConfigStore.open(database, usage=usage)
    try:
        config = store.get(SERVER + 1)
        assert {name: getattr(config, name) for name in FAIL_CLOSED} == FAIL_CLOSED
        usage.record(EVENT)
        postgres.pg_ctl(folder, "start")
        await eventually(lambda: store.is_loaded, timeout=10)
        assert not store.get(SERVER).usage_logging and store.get(SERVER + 1).usage_logging
        assert await usage.flush(timeout=10)
    finally:
        await store.close()
    assert await count(url) == 1


async def test_changes_still_reach_other_processes_after_a_server_restart(server, databases):
    folder, url = server
    here = await ServerConfigStore.open(await databases(url))
    there = await ServerConfigStore.open(await databases(url))
    try:
        postgres.pg_ctl(folder, "restart", "-m", "fast")
        await here.set(SERVER, "country", "IE")  # its pooled connection died: retried at once
        await eventually(lambda: there.get(SERVER).country == "IE", timeout=10)
        await here.set(SERVER, "country", "GB")
        took = await eventually(lambda: there.get(SERVER).country == "GB")
        assert took < REACHES_OTHERS_WITHIN
    finally:
        await here.close()
        await there.close()
