from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest

import bot.services
from bot.chat.limits import CONTENT_LIMIT
from bot.content.loader import Snapshot, load_snapshot
from bot.engine.answers import Outcome
from bot.engine.matching import Engine
from bot.services import ContentHolder
from cogs.editors import reload_message
from tests.conftest import SHIPPED_DATA
from tests.content_files import faq_toml

NEW_QUESTION = "where is the quiet room"


def quiet_room(topic: str) -> str:
    """The FAQ an editor adds during the test, filed under `topic`."""
    return faq_toml(
        "faq-quiet-room",
        question="Where is the quiet room?",
        answer="Next to the library.",
        aliases=["where is the quiet room"],
        topics=[topic],
    )


NEW_FAQ = quiet_room("supporting-someone")


def answered_id(holder: ContentHolder, question: str) -> str | None:
    answer = holder.engine.ask(question)
    return answer.entry.id if answer.outcome is Outcome.ANSWER and answer.entry else None


async def test_reload_with_a_broken_file_keeps_the_old_answers(data: Path) -> None:
    holder = ContentHolder(data, default_country="US")
    engine = holder.engine
    (data / "faq.toml").write_text(quiet_room("nope"))
    errors = await holder.reload()
    assert holder.engine is engine
    assert [e for e in errors if e.startswith("data/faq.toml:3: faq-quiet-room: topics: 'nope'")]
    assert answered_id(holder, "rainn") == "us-rainn"
    assert answered_id(holder, NEW_QUESTION) is None


async def test_reload_with_a_good_file_serves_the_new_answers(data: Path) -> None:
    holder = ContentHolder(data, default_country="US")
    before = holder.engine.snapshot.version
    assert answered_id(holder, NEW_QUESTION) is None
    (data / "faq.toml").write_text(NEW_FAQ)
    assert await holder.reload() == ()
    assert holder.engine.snapshot.version != before
    assert answered_id(holder, NEW_QUESTION) == "faq-quiet-room"
    assert answered_id(holder, "rainn") == "us-rainn"


async def test_questions_during_a_reload_each_see_one_whole_snapshot(
    data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def slow_load(folder: Path) -> Snapshot:
        time.sleep(0.2)  # in the reload's worker thread, so questions keep being answered meanwhile
        return load_snapshot(folder)

    holder = ContentHolder(data, default_country="US")
    old = holder.engine.snapshot.version
    monkeypatch.setattr(bot.services, "load_snapshot", slow_load)
    (data / "faq.toml").write_text(NEW_FAQ)
    reload = asyncio.create_task(holder.reload())
    seen: list[tuple[str, str | None, bool]] = []
    while not reload.done() or len({version for version, _, _ in seen}) < 2:
        engine = holder.engine  # once per question, as handlers read it
        answer = engine.ask(NEW_QUESTION)
        entry = answer.entry
        seen.append(
            (
                engine.snapshot.version,
                entry.id if entry else None,
                entry is None or engine.snapshot.by_id[entry.id] is entry,
            )
        )
        await asyncio.sleep(0.005)
    assert await reload == ()
    assert sum(version == old for version, _, _ in seen) > 5, (
        "questions were answered during the reload"
    )
    assert all(consistent for _, _, consistent in seen)
    assert {(version == old, found) for version, found, _ in seen} == {
        (True, None),
        (False, "faq-quiet-room"),
    }


def test_success_message_names_the_new_version_and_counts(snapshot: Snapshot) -> None:
    message = reload_message("0123456789ab", snapshot, ())
    assert message.startswith(f"Content reloaded: version {snapshot.version} (was 0123456789ab).")
    assert f"{len(snapshot.resources)} resources" in message
    assert "(no changes)" in reload_message(snapshot.version, snapshot, ())


def test_failure_message_fits_discord_and_counts_what_it_left_out(snapshot: Snapshot) -> None:
    errors = [
        f"data/resources/us.toml:{n}: us-line-{n}: url: Input should be a valid URL `x`"
        for n in range(200)
    ]
    message = reload_message(snapshot.version, snapshot, errors)
    shown = sum(f"us-line-{n}:" in message for n in range(200))
    assert len(message) <= CONTENT_LIMIT
    assert f"members still get version {snapshot.version}" in message and "200 error(s)" in message
    assert 10 < shown < 200 and message.endswith(
        f"… and {200 - shown} more (`python -m bot validate` lists them all)"
    )
    assert message.count("```") == 2


def test_one_huge_error_is_cut_so_the_message_still_fits(snapshot: Snapshot) -> None:
    message = reload_message(snapshot.version, snapshot, ["x" * 5000, "data/topics.toml: second"])
    assert len(message) <= CONTENT_LIMIT and "second" in message


@pytest.mark.warms
def test_content_answers_at_once_and_warms_in_the_background() -> None:
    """A bot starts answering while its caches fill; the answers are the same before and after."""
    holder = ContentHolder(SHIPPED_DATA, default_country="US")
    questions = ["hes outside my door with a knife", "can i still report it years later", "kms"]
    early = [holder.engine.ask(question, locale="en-GB") for question in questions]
    holder.warming.join(timeout=120)
    assert not holder.warming.is_alive()
    late = [holder.engine.ask(question, locale="en-GB") for question in questions]
    assert [(a.entry, a.emergency) for a in early] == [(a.entry, a.emergency) for a in late]
    assert early[0].emergency is not None and early[2].emergency is not None


def test_a_warm_up_asked_to_stop_reads_no_more_words() -> None:
    """A process exiting stops warming first: a thread ended inside rapidfuzz aborts it."""
    engine = Engine(load_snapshot(SHIPPED_DATA), default_country="US")
    engine.stop_warming()
    engine.warm()
    assert engine._crisis.phrases._close_words._found == {}
    started = Engine(load_snapshot(SHIPPED_DATA), default_country="US")
    started.warm()
    assert started._crisis.phrases._close_words._found
