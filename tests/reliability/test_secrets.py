"""The token never leaks; SQL is only parameterised; the database is readable by its owner only."""

from __future__ import annotations

import ast
import io
import logging
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pydantic import SecretStr

from bot.chat.client import SignpostBot
from bot.chat.copy import KIND_ERROR
from bot.chat.services import open_services
from bot.logs import ID_REDACTED, LIBRARY_LOGGERS, REDACTED, TokenFilter, configure
from bot.settings import Settings
from tests.e2e.fake_discord import FakeDiscord, run_bot
from tests.e2e.signpost import Runner, started, text_of
from tests.reliability.traffic import ask

TOKEN = "MTEyMzQ1Njc4OTAxMjM0NTY3.GsEcRt.this-is-the-secret-bot-token-value"
BOT_CODE = Path(__file__).resolve().parents[2]
SQL = re.compile(
    r"\b(SELECT|INSERT|UPDATE|DELETE|REPLACE|CREATE|DROP|ALTER|PRAGMA|ATTACH|VACUUM)\b",
    re.IGNORECASE,
)
FORMATTED_SQL_ALLOWED = {("bot/storage/database.py", "PRAGMA user_version")}
"""PRAGMA takes no parameters; the schema step number it formats is an int from enumerate()."""


async def test_token_never_reaches_logs_reprs_tracebacks_or_replies(
    fake_discord: FakeDiscord,
    settings: Settings,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    secret_settings = settings.model_copy(update={"token": SecretStr(TOKEN)})
    caplog.handler.addFilter(TokenFilter(TOKEN))
    services = await open_services(secret_settings)

    def leaky(*args: object, **kwargs: object) -> None:
        raise RuntimeError(f"connection failed for token {TOKEN}")

    try:
        with caplog.at_level(logging.DEBUG):
            async with run_bot(fake_discord, SignpostBot(services), token=TOKEN) as bot:
                monkeypatch.setattr(services.content.engine, "ask", leaky)
                reply = await ask(fake_discord, "anything")
                assert KIND_ERROR in text_of(reply)
                for thing in (bot, bot.http, services, secret_settings, secret_settings.token):
                    assert TOKEN not in repr(thing) and TOKEN not in str(thing)
    finally:
        await services.close()
    assert "connection failed for token" in caplog.text and REDACTED in caplog.text
    assert TOKEN not in caplog.text
    assert all(
        TOKEN not in record.getMessage() and TOKEN not in (record.exc_text or "")
        for record in caplog.records
    )
    assert all(TOKEN not in str(request.json) for request in fake_discord.requests)
    assert fake_discord.identify_payload and TOKEN not in str(fake_discord.identify_payload)


def test_token_filter_redacts_a_traceback_formatted_later() -> None:
    try:
        raise ValueError(f"bad token {TOKEN}")
    except ValueError:
        record = logging.LogRecord(
            "bot", logging.ERROR, __file__, 1, "failed with %s", (TOKEN,), sys.exc_info()
        )
    TokenFilter(TOKEN).filter(record)
    formatted = logging.Formatter().format(record)
    assert TOKEN not in formatted and REDACTED in formatted


def formatted_sql(path: Path) -> list[tuple[int, str]]:
    """String expressions that build SQL with f-strings, % or .format, with their line numbers."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        text = None
        if isinstance(node, ast.JoinedStr):
            text = "".join(
                part.value
                for part in node.values
                if isinstance(part, ast.Constant) and isinstance(part.value, str)
            )
        elif (
            isinstance(node, ast.BinOp)
            and isinstance(node.op, ast.Mod)
            and isinstance(node.left, ast.Constant)
        ):
            text = str(node.left.value)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "format"
            and isinstance(node.func.value, ast.Constant)
        ):
            text = str(node.func.value.value)
        if text is not None and _looks_like_sql(text):
            found.append((node.lineno, text))
    return found


def _looks_like_sql(text: str) -> bool:
    words = SQL.findall(text)
    return bool(words) and (
        len(words) > 1
        or bool(re.search(r"\b(FROM|INTO|TABLE|SET|WHERE)\b", text, re.IGNORECASE))
        or text.upper().startswith("PRAGMA")
    )


def test_sql_is_never_built_by_formatting_strings() -> None:
    offences = []
    for path in sorted([*(BOT_CODE / "bot").rglob("*.py"), *(BOT_CODE / "cogs").rglob("*.py")]):
        relative = path.relative_to(BOT_CODE).as_posix()
        for line, text in formatted_sql(path):
            if not any(
                relative == file and marker in text for file, marker in FORMATTED_SQL_ALLOWED
            ):
                offences.append(f"{relative}:{line}: {text.strip()[:80]}")
    assert offences == []


def test_the_sql_check_would_catch_formatted_sql(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        'a = f"SELECT * FROM t WHERE id = {x}"\n'
        "b = \"DELETE FROM t WHERE name = '%s'\" % name\n"
        'c = "INSERT INTO t VALUES ({})".format(v)\n'
        'd = f"Reloaded {n} entries from the table of contents"\n'
        'e = "SELECT * FROM t WHERE id = :id"\n'
    )
    assert [line for line, _ in formatted_sql(sample)] == [1, 2, 3]


async def test_database_files_are_readable_by_their_owner_only(
    fake_discord: FakeDiscord, signpost: SignpostBot, settings: Settings
) -> None:
    await ask(fake_discord)
    assert signpost.services.usage is not None and await signpost.services.usage.flush()
    files = list(Path(settings.database_url).parent.glob(Path(settings.database_url).name + "*"))
    assert Path(settings.database_url) in files
    assert {path.name: path.stat().st_mode & 0o777 for path in files} == {
        path.name: 0o600 for path in files
    }


@pytest.fixture
def debug_log() -> Iterator[Callable[[], str]]:
    """The process's logging set up as `python -m bot` does at DEBUG; yields a reader of it."""
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    libraries = {name: logging.getLogger(name).level for name in LIBRARY_LOGGERS}
    configure("DEBUG", None)
    written = io.StringIO()
    handler = root.handlers[0]
    assert isinstance(handler, logging.StreamHandler)
    handler.setStream(written)
    try:
        yield written.getvalue
    finally:
        root.handlers[:], root.level = saved
        for name, level in libraries.items():
            logging.getLogger(name).setLevel(level)


async def test_debug_log_holds_no_member_ids_typed_text_or_interaction_tokens(
    fake_discord: FakeDiscord,
    settings: Settings,
    run_bot: Runner,
    debug_log: Callable[[], str],
) -> None:
    typed = "zebracorn question"
    handles = []
    async with started(settings, run_bot):
        for payload in (
            fake_discord.slash("ask", {"question": f"{typed} about consent"}),
            fake_discord.slash("ask", {"question": f"{typed} nobody answers"}),
            fake_discord.autocomplete("ask", {"question": typed}, "question"),
            fake_discord.slash("resources", {"topic": typed}),
        ):
            handle = await fake_discord.interact(payload)
            await handle.response()
            handles.append(handle)
    written = debug_log()
    assert "[DEBUG   ] bot." in written  # our own decisions were logged
    secrets = [str(fake_discord.member.id), "zebracorn"]
    secrets += [handle.token for handle in handles] + [str(h.payload["id"]) for h in handles]
    assert [secret for secret in secrets if secret in written] == []


def test_filter_redacts_ids_and_long_tokens_in_any_line() -> None:
    token = "aW50ZXJhY3Rpb246MTIzNDU2Nzg5MDEyMzQ1Njc4OmFiY2RlZmdoaWprbG1ub3BxcnN0dXZ3eHl6"
    record = logging.LogRecord(
        "discord.http",
        logging.WARNING,
        __file__,
        1,
        "POST /interactions/%s/%s/callback",
        (123456789012345678, token),
        None,
    )
    TokenFilter().filter(record)
    assert record.getMessage() == f"POST /interactions/{ID_REDACTED}/{REDACTED}/callback"
