"""Content that is missing or broken: a clear refusal at start, the old content kept on reload."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import SecretStr

from bot.chat.client import serve
from bot.chat.services import open_services
from bot.content.loader import ContentError
from bot.settings import Settings
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
