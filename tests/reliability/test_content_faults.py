"""Content that is missing or broken: a clear refusal at start, the old content kept on reload."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import SecretStr

from bot.chat.client import serve
from bot.chat.services import open_services
from bot.content.loader import ContentError, load_snapshot
from bot.memory import settle_memory
from bot.services import ContentHolder
from bot.settings import Settings
from tests.conftest import SHIPPED_DATA
from tests.e2e.fake_discord import FakeDiscord
from tests.e2e.signpost import text_of
from tests.reliability.traffic import ask

ROOT = Path(__file__).resolve().parents[2]
MISSING = "/nowhere: content folder not found (set SIGNPOST_DATA_DIR)"


def test_missing_content_folder_stops_the_bot_with_one_clear_line(tmp_path: Path) -> None:
    environment = {
        **os.environ,
        "SIGNPOST_DATA_DIR": "/nowhere",
        "SIGNPOST_TOKEN": "any",
        "SIGNPOST_DATABASE_PATH": str(tmp_path / "s.db"),
    }
    for command in (["validate", "/nowhere"], ["run"]):
        done = subprocess.run(
            [sys.executable, "-m", "bot", *command],
            cwd=tmp_path,
            env=environment | {"PYTHONPATH": str(ROOT)},
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 1
        assert MISSING in done.stderr
        assert "Traceback" not in done.stderr


async def test_open_services_without_content_raises_the_same_line(settings: Settings) -> None:
    with pytest.raises(ContentError) as raised:
        await open_services(settings.model_copy(update={"data_dir": Path("/nowhere")}))
    assert raised.value.errors == (MISSING,)


async def test_sighup_with_a_broken_file_keeps_serving_the_old_content(
    fake_discord: FakeDiscord, settings: Settings, data: Path, caplog: pytest.LogCaptureFixture
) -> None:
    settings = settings.model_copy(update={"token": SecretStr("any"), "data_dir": data})
    server = asyncio.create_task(serve(settings))
    try:
        async with asyncio.timeout(10):
            while not fake_discord.identify_count:
                await asyncio.sleep(0.01)
        before = text_of(await ask(fake_discord, locale="en-GB"))
        (data / "topics.toml").write_text('[[topics]]\nid = "Not A Slug"\n', encoding="utf-8")
        os.kill(os.getpid(), signal.SIGHUP)
        await asyncio.sleep(0.3)  # the reload runs in a thread and is refused
        assert text_of(await ask(fake_discord, locale="en-GB")) == before
        assert "Reload refused" in caplog.text
    finally:
        os.kill(os.getpid(), signal.SIGTERM)
        await asyncio.wait_for(server, 5)


def load_errors(data: Path) -> tuple[str, ...]:
    with pytest.raises(ContentError) as raised:
        load_snapshot(data)
    return raised.value.errors


def test_invalid_utf8_is_refused_at_its_line(data: Path) -> None:
    topics = data / "topics.toml"
    lines = topics.read_bytes().split(b"\n")
    column = len(lines[2]) + 2
    lines[2] += b" \xff\xfe Consent \x80"
    topics.write_bytes(b"\n".join(lines))
    assert load_errors(data) == (
        f"data/topics.toml:3: not valid UTF-8 (byte {column} of the line); save as UTF-8",
    )


def test_a_file_over_one_megabyte_is_refused_unread(data: Path) -> None:
    (data / "huge.toml").write_bytes(b"# padding\n" * 200_000)
    assert load_errors(data) == ("data/huge.toml: larger than 1 MB; split it into smaller files",)


def test_links_may_point_inside_the_content_folder_but_never_outside(
    data: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "secret.toml"
    outside.write_text("[[topics]]\nid = 'leaked'\n", encoding="utf-8")
    (data / "faq").mkdir(exist_ok=True)
    (data / "faq" / "inside.toml").symlink_to(data / "topics.toml")
    (data / "outside.toml").symlink_to(outside)
    assert load_errors(data) == (
        "data/outside.toml: links to a file outside the content folder; refused",
    )
    (data / "outside.toml").unlink()
    (data / "faq" / "inside.toml").unlink()
    load_snapshot(data)


async def test_a_named_pipe_is_refused_without_blocking_load_or_reload(data: Path) -> None:
    holder = ContentHolder(data, default_country=None)
    pipe = data / "pipe.toml"
    os.mkfifo(pipe)
    try:
        errors = await asyncio.wait_for(holder.reload(), 2)
    finally:
        # Were the loader to open the pipe, this releases its thread so the test can end.
        with contextlib.suppress(OSError):
            os.close(os.open(pipe, os.O_WRONLY | os.O_NONBLOCK))
    assert errors == ("data/pipe.toml: not a regular file; refused",)


@pytest.fixture
def restores_the_collector() -> Iterator[None]:
    """settle_memory changes the whole process; the tests after this one get it back as it was."""
    thresholds = gc.get_threshold()
    try:
        yield
    finally:
        gc.unfreeze()
        gc.set_threshold(*thresholds)


@pytest.mark.warms
async def test_reload_never_blocks_the_event_loop(restores_the_collector: None) -> None:
    holder = ContentHolder(SHIPPED_DATA, default_country=None)
    holder.warming.join()
    settle_memory()  # as the bot does once connected (on_ready), before any /reload
    gaps: list[float] = []

    async def tick() -> None:
        while True:
            before = time.perf_counter()
            await asyncio.sleep(0.001)
            gaps.append(time.perf_counter() - before)

    ticker = asyncio.create_task(tick())
    started = time.perf_counter()
    assert await holder.reload() == ()
    took = time.perf_counter() - started
    ticker.cancel()
    assert took > 0.05 and len(gaps) > 10  # the loop kept turning while the content was rebuilt
    # A build on the loop would stall it for the whole reload. What remains is the interpreter
    # lock held by single steps of the build, the longest being the collector's first walk of the
    # new content once it runs again (about 60 ms on a 2-core machine for ~100,000 objects):
    # bounded by a tenth of the reload rather than by a clock that depends on the machine.
    stall = max(gaps)
    assert stall < took / 10, f"the loop stalled {stall * 1000:.0f} ms in a {took:.2f} s reload"
