"""The usage log on both engines: every event written or counted dropped, totals equal rows."""

import asyncio
import datetime as dt
import logging
import os
import shutil
import sqlite3
import struct
import subprocess
import uuid

import pytest

from bot.storage.backend import UsageBatch
from bot.storage.usage import UsageEvent
from tests.storage.tables import columns, count, rows
from tests.test_usage import SERVER_ID, event

TODAY = dt.datetime.now(dt.UTC).date()


def warnings(caplog, logger="bot"):
    return [r for r in caplog.records if r.levelno == logging.WARNING and r.name.startswith(logger)]


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "signpost.db"


async def test_events_are_written_and_read_back(database_url, open_log):
    usage = await open_log(database_url)
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


async def test_close_writes_every_queued_event(database_url, open_log):
    usage = await open_log(database_url, flush_interval=60)
    for _ in range(5_000):
        usage.record(event())
    await usage.close()
    assert await count(database_url) == 5_000
    assert (usage.written, usage.dropped) == (5_000, 0)


async def test_full_buffer_drops_and_counts(database_url, open_log):
    usage = await open_log(database_url, max_buffer=100, flush_interval=60)
    for _ in range(150):
        usage.record(event())
    assert usage.dropped == 50
    await usage.close()
    assert await count(database_url) == 100


async def test_record_after_close_is_dropped_not_raised(database_url, open_log, caplog):
    usage = await open_log(database_url)
    await usage.close()
    with caplog.at_level(logging.WARNING):
        usage.record(event())
    assert usage.dropped == 1
    assert "1 dropped in all" in caplog.text  # a late event is never lost silently


async def test_a_batch_sent_again_after_a_lost_reply_counts_once(database_url, databases):
    database = await databases(database_url)
    batch = UsageBatch(uuid.uuid4().hex, [event().model_dump()] * 3, [(TODAY, "help")], [], None)
    for _ in range(2):  # the commit's reply was lost, so the writer sends the same batch again
        await database.run(lambda backend: backend.write_usage(batch))
    assert await count(database_url) == 3
    assert await count(database_url, "unmatched_questions") == 1


async def test_retention_deletes_old_events_and_questions_at_start(database_url, open_log):
    await (await open_log(database_url)).close()
    old, recent = (TODAY - dt.timedelta(days=days) for days in (91, 89))
    for day in (old, recent):
        await rows(
            database_url,
            "INSERT INTO usage_events (day, command, answer_kind, matched, crisis)"
            f" VALUES ('{day.isoformat()}', 'ask', 'none', false, false)",
        )
        await rows(
            database_url, f"INSERT INTO unmatched_questions VALUES ('{day.isoformat()}', 'help')"
        )
    usage = await open_log(database_url)
    await asyncio.sleep(0.1)
    await usage.close()
    days = [str(day) for (day,) in await rows(database_url, "SELECT day FROM usage_events")]
    assert days == [recent.isoformat()]
    assert await count(database_url, "unmatched_questions") == 1


async def test_retention_deletes_old_wrong_number_reports_too(database_url, open_log):
    await (await open_log(database_url)).close()
    old, recent = (TODAY - dt.timedelta(days=days) for days in (91, 89))
    for day in (old, recent):
        await rows(database_url, f"INSERT INTO line_reports VALUES ('{day.isoformat()}', 'gb-x')")
    usage = await open_log(database_url)
    await asyncio.sleep(0.1)
    await usage.close()
    assert [str(day) for (day,) in await rows(database_url, "SELECT day FROM line_reports")] == [
        recent.isoformat()
    ]


async def test_delete_server_removes_stored_and_queued_events(database_url, open_log):
    usage = await open_log(database_url, flush_interval=60)
    leaving, staying = usage.server_hash(SERVER_ID), usage.server_hash(SERVER_ID + 1)
    usage.record(event(server=leaving))
    await usage.flush()
    usage.record(event(server=leaving))
    usage.record(event(server=staying))
    assert await usage.delete_server(leaving)
    await usage.close()
    assert await rows(database_url, "SELECT server FROM usage_events") == [(staying,)]


async def test_unmatched_questions_need_a_minimum_count(database_url, open_log):
    usage = await open_log(database_url)
    for _ in range(5):  # the caller redacts: the log keeps what it is given
        usage.record_unmatched("where is help in town", server=None)
    usage.record_unmatched("asked only once", server=None)
    await usage.flush()
    questions = await usage.unmatched_questions(min_count=5)
    with pytest.raises(ValueError, match="at least"):
        await usage.unmatched_questions(min_count=1)
    await usage.close()
    assert [(q.text, q.count) for q in questions] == [("where is help in town", 5)]
    assert await count(database_url, "unmatched_questions") == 6


async def test_unopenable_database_keeps_answering_with_one_warning(tmp_path, open_log, caplog):
    (tmp_path / "a-file").write_text("not a folder")
    with caplog.at_level(logging.WARNING):
        usage = await open_log(str(tmp_path / "a-file" / "signpost.db"), max_buffer=10)
        for _ in range(15):
            usage.record(event())
        await asyncio.sleep(0.1)  # several failed retries
        assert usage.is_degraded
        assert await usage.summary(days=7) is None
        await usage.close(timeout=1)
    assert usage.dropped == 15  # 5 past the bound, 10 unwritten at close
    assert len(warnings(caplog, "bot.storage")) == 2  # the outage, then the loss at close


async def test_locked_database_keeps_events_and_writes_them_once_free(db_path, open_log, caplog):
    usage = await open_log(str(db_path))
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
    assert (usage.written, usage.dropped, await count(str(db_path))) == (20, 0, 20)


async def test_full_disk_keeps_events_and_writes_them_once_space_returns(db_path, open_log, caplog):
    usage = await open_log(str(db_path), retry_interval=0.2)
    await usage.flush()
    # Simulate a full disk on the writer's own connection; reconnecting lifts the cap.
    connection = usage._database.backend.connection
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
    assert (usage.dropped, await count(str(db_path))) == (0, 2_000)


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


async def test_read_only_file_keeps_events_and_writes_them_once_writable(
    db_path, databases, open_log, caplog
):
    await (await databases(str(db_path))).close()
    set_read_only(db_path, True)
    try:
        with caplog.at_level(logging.WARNING):
            usage = await open_log(str(db_path))
            for _ in range(10):
                usage.record(event())
            assert not await usage.flush(timeout=0.2)
            assert usage.is_degraded
    finally:
        set_read_only(db_path, False)
    assert await usage.flush(timeout=2)
    await usage.close()
    assert len(warnings(caplog)) == 1
    assert await count(str(db_path)) == 10


async def test_deleted_file_is_replaced_and_logging_continues(db_path, open_log, caplog):
    usage = await open_log(str(db_path))
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
    assert await count(str(db_path)) == 5


async def test_database_file_holds_no_ids_and_no_typed_text(db_path, open_log):
    server_ids = [803204913402593290, 1146502189387223151]
    users = [287658163154354176 + index * 7919 for index in range(40)]
    channels = [912345678901234567, 1034567890123456789]
    messages = [1178901234567890123 + index for index in range(40)]
    questions = [
        "my manager at Northwind keeps touching me",
        "he said he would post my photos",
        "Where is the nearest rape crisis centre to Leeds",
    ]
    usage = await open_log(str(db_path), flush_interval=60)
    hashes = [usage.server_hash(server_id) for server_id in server_ids]
    for index, user in enumerate(users):
        # What a handler has at hand; only the anonymous parts may reach the log. Neither server
        # opted in to keeping unanswered questions, so the question is never offered to it.
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
    assert await usage.flush()
    files = [db_path, db_path.with_name(db_path.name + "-wal")]
    raw_while_open = b"".join(file.read_bytes() for file in files if file.exists())
    await usage.close()
    raw = raw_while_open + db_path.read_bytes()
    assert await count(str(db_path)) == 40
    for number in server_ids + users + channels + messages:
        assert str(number).encode() not in raw
        assert struct.pack(">q", number) not in raw
    for question in questions:
        for word in ("Northwind", "photos", "Leeds", question):
            assert word.encode() not in raw and word.lower().encode() not in raw
    assert all(server_hash.encode() in raw for server_hash in hashes)
    assert b"en-GB" not in raw


async def test_every_usage_event_field_has_a_column(database_url, databases):
    """Rows are UsageEvent.model_dump(): a new field needs a schema step on both engines."""
    await databases(database_url)
    assert await columns(database_url, "usage_events") == set(UsageEvent.model_fields)


async def test_wrong_number_reports_count_per_line_most_reported_first(database_url, open_log):
    usage = await open_log(database_url)
    for line in ("gb-samaritans", "us-rainn", "gb-samaritans", "gb-samaritans", "us-rainn", "a"):
        usage.record_report(line)
    assert await usage.flush()
    reports = await usage.line_reports()
    await usage.close()
    assert [(r.line_id, r.count, r.last_day) for r in reports] == [
        ("gb-samaritans", 3, TODAY),
        ("us-rainn", 2, TODAY),
        ("a", 1, TODAY),
    ]
    assert await count(database_url, "line_reports") == 6


async def test_a_report_holds_only_the_line_and_the_day(database_url, databases):
    """No column could hold who reported, where, or when within the day, on either engine."""
    await databases(database_url)
    assert await columns(database_url, "line_reports") == {"day", "line_id"}


@pytest.mark.parametrize("line", ["my boss touched me", "803204913402593290 ", "", "Gb-Samaritans"])
async def test_a_report_of_anything_but_a_line_id_is_refused(tmp_path, open_log, line):
    usage = await open_log(str(tmp_path / "signpost.db"))
    with pytest.raises(ValueError, match="content id"):
        usage.record_report(line)
    assert usage.pending == 0


async def test_reports_made_while_the_database_is_locked_are_written_once_free(db_path, open_log):
    usage = await open_log(str(db_path))
    blocker = sqlite3.connect(db_path, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        usage.record_report("gb-samaritans")
        assert not await usage.flush(timeout=0.3) and usage.pending == 1
        # Not written yet. In WAL mode a writer's lock leaves readers reading, so the list may
        # read as empty rather than unreadable, depending on whether the retry timer has run.
        assert not await usage.line_reports()
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert await usage.flush(timeout=2)
    assert [(r.line_id, r.count) for r in await usage.line_reports()] == [("gb-samaritans", 1)]


async def test_reports_from_two_processes_on_one_database_add_up(database_url, open_log):
    """Each process has its own Database, as two bot processes would; every report is a row."""
    first, second = await open_log(database_url), await open_log(database_url)
    for _ in range(3):
        first.record_report("gb-samaritans")
        second.record_report("gb-samaritans")
    second.record_report("us-rainn")
    assert await first.flush() and await second.flush()
    reports = await first.line_reports()
    assert [(r.line_id, r.count) for r in reports] == [("gb-samaritans", 6), ("us-rainn", 1)]
    assert await count(database_url, "line_reports") == 7
