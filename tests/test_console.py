from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from bot.console import answer_record, ask, batch
from bot.engine.answers import Answer
from bot.engine.matching import Engine
from tests.cli import run_cli
from tests.conftest import FIXTURE_DATA


def no_record(answer: Answer, locale: str | None) -> None:
    return None


ORIGINAL_FIELDS = {"query", "locale", "crisis", "answer", "suggestions"}
ADDED_FIELDS = {"crisis_kind", "best_guess"}
"""The contract only grows: every original field stays, exactly as it was."""


def check_answer_shape(found: object) -> None:
    if found is not None:
        assert isinstance(found, dict)
        assert set(found) == {"kind", "id", "title", "text", "score"}
        assert all(isinstance(found[k], str) for k in ("kind", "id", "title", "text"))
        assert isinstance(found["score"], float)


def check_contract(record: dict[str, object]) -> None:
    assert set(record) == ORIGINAL_FIELDS | ADDED_FIELDS
    assert isinstance(record["query"], str) and isinstance(record["locale"], str)
    assert isinstance(record["crisis"], bool)
    assert record["crisis_kind"] in (None, "suicide", "danger", "child", "medical")
    assert (record["crisis_kind"] is None) is (not record["crisis"])
    check_answer_shape(record["answer"])
    check_answer_shape(record["best_guess"])
    assert record["answer"] is None or record["best_guess"] is None
    suggestions = record["suggestions"]
    assert isinstance(suggestions, list)
    for suggestion in suggestions:
        assert set(suggestion) == {"kind", "id", "title", "score"}
        assert isinstance(suggestion["score"], float)


def test_json_answer_holds_everything_a_person_sees(engine: Engine) -> None:
    out = io.StringIO()
    ask(engine, "samaritans", "en-GB", as_json=True, out=out, record=no_record)
    record = json.loads(out.getvalue())
    check_contract(record)
    assert (
        record["query"] == "samaritans"
        and record["locale"] == "en-GB"
        and record["crisis"] is False
    )
    assert record["answer"]["kind"] == "resource" and record["answer"]["id"] == "gb-samaritans"
    text = record["answer"]["text"]
    assert "116 123" in text and "Open 24/7" in text and "https://www.samaritans.org" in text


def test_crisis_json_starts_with_emergency_help(engine: Engine) -> None:
    record = answer_record(engine.ask("i want to die", locale="en-GB"), "en-GB")
    check_contract(record)
    assert record["crisis"] is True
    assert record["answer"]["kind"] == "emergency" and record["answer"]["id"] == "emergency-gb"
    assert record["answer"]["text"].index("999") < record["answer"]["text"].index("116 123")


def test_no_match_is_null_answer_and_no_suggestions(engine: Engine) -> None:
    record = answer_record(engine.ask("qwxzv plmkj"), None)
    check_contract(record)
    assert record["answer"] is None and record["suggestions"] == [] and record["locale"] == ""


def test_batch_keeps_order_and_writes_one_object_per_line(engine: Engine) -> None:
    lines = ['{"q": "rainn"}', "", "not json", '{"q": 3}', '{"q": "samaritans", "locale": "en-GB"}']
    out = io.StringIO()
    malformed = batch(engine, lines, out=out, record=no_record)
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert malformed == 2
    assert [r["query"] for r in records] == ["rainn", "", "", "samaritans"]
    for record in records:
        check_contract(record)


@pytest.mark.parametrize(
    "question", ["i want to die", "@everyone", "🙂", "x" * 10_000, "\u202e\u200b"]
)
def test_cli_json_prints_exactly_one_object(question: str, tmp_path: Path) -> None:
    result = run_cli(
        "ask", "--json", "--no-log", question, home=tmp_path, SIGNPOST_DATA_DIR=str(FIXTURE_DATA)
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    check_contract(json.loads(lines[0]))


def test_cli_batch_from_stdin(tmp_path: Path) -> None:
    result = run_cli(
        *("ask", "--json", "--batch", "-", "--no-log"),
        input='{"q": "rainn"}\n{"q": "i want to die", "locale": "en-GB"}\n',
        home=tmp_path,
        SIGNPOST_DATA_DIR=str(FIXTURE_DATA),
    )
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["crisis"] for r in records] == [False, True]


def test_validate_json_reports_counts_and_errors(tmp_path: Path) -> None:
    good = run_cli("validate", "--json", str(FIXTURE_DATA), home=tmp_path)
    report = json.loads(good.stdout)
    assert good.returncode == 0 and report["ok"] is True and report["counts"]["resources"] == 6
    assert report["countries"] == ["GB", "US", "international"]
    broken = tmp_path / "data"
    broken.mkdir()
    (broken / "topics.toml").write_text("[[topics]]\nid = 'Bad Id'\n")
    bad = run_cli("validate", "--json", str(broken), home=tmp_path)
    report = json.loads(bad.stdout)
    assert bad.returncode == 1 and report["ok"] is False and len(report["errors"]) >= 3


def test_run_without_token_says_so_and_opens_the_console(tmp_path: Path) -> None:
    result = run_cli(
        input="rainn\n\n",
        home=tmp_path,
        SIGNPOST_DATA_DIR=str(FIXTURE_DATA),
        SIGNPOST_DATABASE_PATH=str(tmp_path / "u.db"),
    )
    assert result.returncode == 0, result.stderr
    assert "No SIGNPOST_TOKEN set" in result.stderr
    assert "800-656-4673" in result.stdout
