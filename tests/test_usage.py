import asyncio
import datetime as dt
import logging
import os
import shutil
import sqlite3
import struct
import subprocess

import pytest
from pydantic import ValidationError

from bot.storage.usage import (
    NEVER_STORED,
    UsageEvent,
    UsageLog,
    server_key,
    stored_fields,
)

KEY = b"test-key-not-secret"
FAST = {"flush_interval": 0.01, "retry_interval": 0.02, "busy_timeout": 0.05}
SERVER_ID = 803204913402593290
TODAY = dt.datetime.now(dt.UTC).date()


def event(**overrides):
    fields = {
        "command": "ask",
        "answer_kind": "resource",
        "entry_id": "rainn-hotline",
        "matched": True,
        "country": "US",
        "locale": "en",
    }
    return UsageEvent(**(fields | overrides))


async def open_log(path, **options):
    return await UsageLog.open(path, key=KEY, retention_days=90, **(FAST | options))


def stored_count(path, table="usage_events"):
    with sqlite3.connect(path) as raw:
        return raw.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def warnings(caplog, logger="bot"):
    return [r for r in caplog.records if r.levelno == logging.WARNING and r.name.startswith(logger)]


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "signpost.db"


async def test_events_are_written_and_read_back(db_path):
    usage = await open_log(db_path)
    server = usage.server_hash(SERVER_ID)
    usage.record(event(server=server))
    usage.record(
        event(command="urgent", answer_kind="emergency", entry_id=None, crisis=True, server=server)
    )
    usage.record(event(answer_kind="none", entry_id=None, matched=False, country=None))
    assert await usage.flush()
    everything = await usage.summary(days=7)
    one_server = await usage.summary(days=7, server=server)
    await usage.close()
    assert (everything.total, everything.unmatched, everything.crisis) == (3, 1, 1)
    assert dict(everything.by_command) == {"ask": 2, "urgent": 1}
    assert dict(everything.by_entry) == {"rainn-hotline": 1, None: 2}
    assert dict(everything.by_country) == {"US": 2, None: 1}
    assert one_server.total == 2 and one_server.is_one_server
    assert usage.written == 3 and usage.dropped == 0


async def test_close_writes_every_queued_event(db_path):
    usage = await open_log(db_path, flush_interval=60)
    for _ in range(5_000):
        usage.record(event())
    await usage.close()
    assert stored_count(db_path) == 5_000
    assert (usage.written, usage.dropped) == (5_000, 0)


async def test_full_buffer_drops_and_counts(db_path):
    usage = await open_log(db_path, max_buffer=100, flush_interval=60)
    for _ in range(150):
        usage.record(event())
    assert usage.dropped == 50
    await usage.close()
    assert stored_count(db_path) == 100


async def test_record_after_close_is_dropped_not_raised(db_path):
    usage = await open_log(db_path)
    await usage.close()
    usage.record(event())
    assert usage.dropped == 1


async def test_unopenable_database_keeps_answering_with_one_warning(tmp_path, caplog):
    (tmp_path / "a-file").write_text("not a folder")
    with caplog.at_level(logging.WARNING):
        usage = await open_log(tmp_path / "a-file" / "signpost.db", max_buffer=10)
        for _ in range(15):
            usage.record(event())
        await asyncio.sleep(0.1)  # several failed retries
        assert usage.is_degraded
        assert await usage.summary(days=7) is None
        await usage.close(timeout=1)
    assert usage.dropped == 15  # 5 past the bound, 10 unwritten at close
    assert len(warnings(caplog, "bot.storage.usage")) == 2  # the outage, then the loss at close


async def test_locked_database_keeps_events_and_writes_them_once_free(db_path, caplog):
    usage = await open_log(db_path)
    blocker = sqlite3.connect(db_path, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        with caplog.at_level(logging.WARNING):
            for _ in range(20):
                usage.record(event())
            assert not await usage.flush(timeout=0.3)
            assert usage.is_degraded
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert await usage.flush(timeout=2)
    await usage.close()
    assert len(warnings(caplog)) == 1
    assert (usage.written, usage.dropped, stored_count(db_path)) == (20, 0, 20)


async def test_full_disk_keeps_events_and_writes_them_once_space_returns(db_path, caplog):
    usage = await open_log(db_path, retry_interval=0.2)
    await usage.flush()
    # Simulate a full disk on the writer's own connection; reconnecting lifts the cap.
    connection = usage._database.connection
    async with connection.execute("PRAGMA page_count") as cursor:
        pages = (await cursor.fetchone())[0]
    await connection.execute(f"PRAGMA max_page_count = {pages}")
    with caplog.at_level(logging.WARNING):
        for index in range(2_000):
            usage.record(event(entry_id=f"entry-{index}"))
        await asyncio.sleep(0.1)
        assert usage.is_degraded and usage.pending == 2_000
        assert await usage.flush(timeout=2)
    await usage.close()
    assert "full" in caplog.text and len(warnings(caplog)) == 1
    assert (usage.dropped, stored_count(db_path)) == (0, 2_000)


def set_read_only(path, read_only):
    """Root ignores file modes, so as root the file is made immutable instead."""
    if os.geteuid() != 0:
        path.chmod(0o400 if read_only else 0o600)
        return
    if shutil.which("chattr") is None:
        pytest.skip("running as root without chattr")
    result = subprocess.run(["chattr", "+i" if read_only else "-i", str(path)], check=False)
    if result.returncode != 0:
        pytest.skip("this file system cannot make files immutable")


async def test_read_only_file_keeps_events_and_writes_them_once_writable(db_path, caplog):
    await (await open_log(db_path)).close()
    set_read_only(db_path, True)
    try:
        with caplog.at_level(logging.WARNING):
            usage = await open_log(db_path)
            for _ in range(10):
                usage.record(event())
            assert not await usage.flush(timeout=0.2)
            assert usage.is_degraded
    finally:
        set_read_only(db_path, False)
    assert await usage.flush(timeout=2)
    await usage.close()
    assert len(warnings(caplog)) == 1
    assert stored_count(db_path) == 10


async def test_deleted_file_is_replaced_and_logging_continues(db_path, caplog):
    usage = await open_log(db_path)
    usage.record(event())
    await usage.flush()
    for file in db_path.parent.iterdir():
        file.unlink()
    with caplog.at_level(logging.WARNING):
        for _ in range(5):
            usage.record(event())
        assert await usage.flush()
    await usage.close()
    assert len(warnings(caplog)) == 1
    assert stored_count(db_path) == 5


async def test_retention_deletes_old_events_and_questions_at_start(db_path):
    await (await open_log(db_path)).close()
    old, recent = (TODAY - dt.timedelta(days=days) for days in (91, 89))
    with sqlite3.connect(db_path) as raw:
        for day in (old, recent):
            raw.execute(
                "INSERT INTO usage_events (day, command, answer_kind, matched, crisis)"
                " VALUES (?, 'ask', 'none', 0, 0)",
                (day.isoformat(),),
            )
            raw.execute("INSERT INTO unmatched_questions VALUES (?, 'help')", (day.isoformat(),))
    usage = await open_log(db_path)
    await asyncio.sleep(0.1)
    await usage.close()
    with sqlite3.connect(db_path) as raw:
        days = [row[0] for row in raw.execute("SELECT day FROM usage_events")]
    assert days == [recent.isoformat()]
    assert stored_count(db_path, "unmatched_questions") == 1


async def test_delete_server_removes_stored_and_queued_events(db_path):
    usage = await open_log(db_path, flush_interval=60)
    leaving, staying = usage.server_hash(SERVER_ID), usage.server_hash(SERVER_ID + 1)
    usage.record(event(server=leaving))
    await usage.flush()
    usage.record(event(server=leaving))
    usage.record(event(server=staying))
    assert await usage.delete_server(leaving)
    await usage.close()
    with sqlite3.connect(db_path) as raw:
        servers = [row[0] for row in raw.execute("SELECT server FROM usage_events")]
    assert servers == [staying]


async def test_server_that_switched_logging_off_is_not_recorded(db_path):
    usage = await open_log(db_path)
    server = usage.server_hash(SERVER_ID)
    usage.set_server_choices(server, usage_logging=False, unmatched_logging=False)
    usage.record(event(server=server))
    await usage.close()
    assert stored_count(db_path) == 0 and usage.dropped == 0


async def test_unmatched_questions_need_opt_in_and_a_minimum_count(db_path):
    usage = await open_log(db_path)
    opted_in, other = usage.server_hash(SERVER_ID), usage.server_hash(SERVER_ID + 1)
    usage.set_server_choices(opted_in, usage_logging=True, unmatched_logging=True)
    for _ in range(5):
        usage.record_unmatched("where is help in town", server=opted_in)
    usage.record_unmatched("asked only once", server=opted_in)
    usage.record_unmatched("where is help in town", server=other)
    usage.record_unmatched("where is help in town", server=None)
    await usage.flush()
    questions = await usage.unmatched_questions(min_count=5)
    with pytest.raises(ValueError, match="at least"):
        await usage.unmatched_questions(min_count=1)
    await usage.close()
    assert [(q.text, q.count) for q in questions] == [("where is help in town", 5)]
    assert stored_count(db_path, "unmatched_questions") == 6


@pytest.mark.parametrize(
    "overrides",
    [
        {"user_id": 123456789012345678},
        {"question": "my boss touched me"},
        {"command": "ban"},
        {"answer_kind": "text"},
        {"entry_id": "my boss touched me"},
        {"entry_id": "a" * 65},
        {"country": "USA"},
        {"locale": "english please"},
        {"server": str(SERVER_ID)},
        {"day": dt.datetime(2026, 11, 24, 13, 37, tzinfo=dt.UTC)},
    ],
)
def test_usage_event_refuses_identity_and_text(overrides):
    with pytest.raises(ValidationError):
        event(**overrides)


def test_usage_event_keeps_only_the_language_part_of_a_locale():
    assert event(locale="pt-BR").locale == "pt"
    assert event(country="gb").country == "GB"


def test_usage_event_is_frozen():
    with pytest.raises(ValidationError):
        event().command = "help"


def test_every_stored_field_is_described_for_privacy_text():
    fields = dict(stored_fields())
    assert set(fields) == set(UsageEvent.model_fields)
    assert all(len(description) > 10 for description in fields.values())
    assert len(NEVER_STORED) >= 4


def test_server_key_is_a_keyed_hash():
    first = server_key(SERVER_ID, KEY)
    assert len(first) == 32 and int(first, 16) >= 0
    assert first == server_key(SERVER_ID, KEY)
    assert first != server_key(SERVER_ID, b"another key")
    assert str(SERVER_ID) not in first


async def test_database_file_holds_no_ids_and_no_typed_text(db_path):
    server_ids = [803204913402593290, 1146502189387223151]
    users = [287658163154354176 + index * 7919 for index in range(40)]
    channels = [912345678901234567, 1034567890123456789]
    messages = [1178901234567890123 + index for index in range(40)]
    questions = [
        "my manager at Northwind keeps touching me",
        "he said he would post my photos",
        "Where is the nearest rape crisis centre to Leeds",
    ]
    usage = await open_log(db_path, flush_interval=60)
    hashes = [usage.server_hash(server_id) for server_id in server_ids]
    for index, user in enumerate(users):
        # What a handler has at hand; only the anonymous parts may reach the log.
        interaction = {
            "user_id": user,
            "channel_id": channels[index % 2],
            "message_id": messages[index],
            "guild_id": server_ids[index % 2],
            "locale": "en-GB",
            "question": questions[index % 3],
        }
        usage.record(
            event(
                server=usage.server_hash(interaction["guild_id"]),
                locale=interaction["locale"],
                matched=index % 4 != 0,
            )
        )
        usage.record_unmatched(interaction["question"], server=hashes[index % 2])
    assert await usage.flush()
    files = [db_path, db_path.with_name(db_path.name + "-wal")]
    raw_while_open = b"".join(file.read_bytes() for file in files if file.exists())
    await usage.close()
    raw = raw_while_open + db_path.read_bytes()
    assert stored_count(db_path) == 40
    for number in server_ids + users + channels + messages:
        assert str(number).encode() not in raw
        assert struct.pack(">q", number) not in raw
    for question in questions:
        for word in ("Northwind", "photos", "Leeds", question):
            assert word.encode() not in raw and word.lower().encode() not in raw
    assert all(server_hash.encode() in raw for server_hash in hashes)
    assert b"en-GB" not in raw
