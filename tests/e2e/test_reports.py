"""Report a wrong number, end to end: the real bot, discord.py and the fake, on both engines.

A press keeps a line id and a day, nothing else; the member is thanked privately whatever the
database is doing, and a second press of the same button by the same member counts once.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import struct
from pathlib import Path

import pytest

from bot.chat.client import SignpostBot
from bot.chat.copy import REPORT_LABEL, REPORT_THANKS
from bot.settings import Settings
from bot.storage.backend import is_postgres
from tests.conftest import clean_settings
from tests.e2e.fake_discord import FakeDiscord, InteractionHandle, Request
from tests.e2e.signpost import Runner, buttons, click, run, started, text_of
from tests.storage.tables import rows

SAMARITANS_SOURCE = "<https://www.samaritans.org/how-we-can-help/contact-samaritan/>"


@pytest.fixture
def settings(settings: Settings, database_url: str) -> Settings:
    """Tests taking `settings` (or `bot`) run once on SQLite and once on PostgreSQL."""
    return settings.model_copy(update={"database_url": database_url})


async def reported(bot: SignpostBot) -> list[tuple[str, int]]:
    """The lines reported so far, as editors will read them."""
    usage = bot.services.usage
    assert usage is not None and await usage.flush(timeout=5)
    found = await usage.line_reports()
    assert found is not None
    return [(report.line_id, report.count) for report in found]


async def ask_samaritans(fake: FakeDiscord, **where: object) -> InteractionHandle:
    handle, _ = await run(fake, "ask", {"question": "samaritans"}, locale="en-GB", **where)
    assert REPORT_LABEL in buttons(handle.message), "a line's card offers the report"
    return handle


async def report(fake: FakeDiscord, handle: InteractionHandle, **where: object) -> Request:
    """Press Report on the message `handle` made, as a member in the United Kingdom."""
    pressed = await click(fake, handle.message, REPORT_LABEL, **{"locale": "en-GB"} | where)
    assert pressed.json["type"] == 4 and pressed.is_ephemeral and pressed.mentions_none
    assert REPORT_THANKS in text_of(pressed)
    return pressed


async def test_a_report_thanks_privately_and_keeps_only_the_line_and_the_day(
    fake_discord: FakeDiscord, bot: SignpostBot, settings: Settings
) -> None:
    handle = await ask_samaritans(fake_discord)
    reply = text_of(await report(fake_discord, handle))
    assert f"as the organisation lists it on its own page: {SAMARITANS_SOURCE}" in reply
    assert "In danger right now? Call **999**." in reply  # the member's own emergency number

    assert await reported(bot) == [("gb-samaritans", 1)]
    today = dt.datetime.now(dt.UTC).date().isoformat()
    stored = await rows(settings.database_url, "SELECT * FROM line_reports")
    assert [(str(day), line) for day, line in stored] == [(today, "gb-samaritans")]
    if not is_postgres(settings.database_url):
        folder = Path(settings.database_url).parent
        raw = b"".join(p.read_bytes() for p in folder.glob("signpost.db*") if p.is_file())
        assert handle.message is not None
        for number in (
            fake_discord.member.id,
            fake_discord.guild.id,
            fake_discord.guild.channel_id,
            int(handle.message["id"]),
        ):
            assert str(number).encode() not in raw and struct.pack(">q", number) not in raw


async def test_a_press_repeated_by_one_member_on_one_message_counts_once(
    fake_discord: FakeDiscord, bot: SignpostBot
) -> None:
    first = await ask_samaritans(fake_discord)
    await report(fake_discord, first)
    await report(fake_discord, first)  # thanked again, counted once
    other = fake_discord.add_member(fake_discord.guild, "bob")
    await report(fake_discord, first, user=other)
    await report(fake_discord, await ask_samaritans(fake_discord))  # a new message counts
    assert await reported(bot) == [("gb-samaritans", 3)]
    assert len(bot.services.presses) == 3


async def test_a_line_shared_in_a_channel_can_be_reported_by_anyone_there(
    fake_discord: FakeDiscord, bot: SignpostBot
) -> None:
    asked = await ask_samaritans(fake_discord)
    assert asked.message is not None
    share = buttons(asked.message)["Share in channel"]["custom_id"]
    shared = await fake_discord.interact(fake_discord.click(asked.message, share))
    assert not (await shared.response()).is_ephemeral
    reader = fake_discord.add_member(fake_discord.guild, "carol")
    await report(fake_discord, shared, user=reader)
    assert await reported(bot) == [("gb-samaritans", 1)]


async def test_a_report_button_still_works_after_a_restart(
    fake_discord: FakeDiscord, settings: Settings, run_bot: Runner
) -> None:
    async with started(settings, run_bot):
        asked = await ask_samaritans(fake_discord)
    async with started(settings, run_bot) as bot:  # a new process: nothing of the old in memory
        await report(fake_discord, asked)
        assert await reported(bot) == [("gb-samaritans", 1)]


async def test_a_report_while_the_database_is_locked_is_thanked_and_written_once_free(
    fake_discord: FakeDiscord, run_bot: Runner, tmp_path: Path
) -> None:
    settings = clean_settings(tmp_path)  # a locked file is SQLite's own fault
    async with started(settings, run_bot) as bot:
        asked = await ask_samaritans(fake_discord)
        blocker = sqlite3.connect(settings.database_url, isolation_level=None)
        blocker.execute("BEGIN EXCLUSIVE")
        try:
            await report(fake_discord, asked)  # answered at once: a report never waits on disk
            usage = bot.services.usage
            assert usage is not None and not await usage.flush(timeout=0.3)
        finally:
            blocker.execute("ROLLBACK")
            blocker.close()
        assert await reported(bot) == [("gb-samaritans", 1)]


async def test_a_report_when_the_database_is_lost_is_still_thanked(
    fake_discord: FakeDiscord, run_bot: Runner, settings: Settings, tmp_path: Path
) -> None:
    if is_postgres(settings.database_url):
        lost = "postgresql://signpost@127.0.0.1:9/gone"  # nothing listens on port 9
    else:
        (tmp_path / "a-file").write_text("not a folder")
        lost = str(tmp_path / "a-file" / "signpost.db")
    async with started(settings.model_copy(update={"database_url": lost}), run_bot) as bot:
        asked = await ask_samaritans(fake_discord)
        reply = text_of(await report(fake_discord, asked))
        assert "Call **999**" in reply
        usage = bot.services.usage
        assert usage is not None and usage.is_degraded and await usage.line_reports() is None
