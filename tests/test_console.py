from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.console import answer_record, ask, batch
from bot.engine.answers import Answer
from bot.engine.matching import Engine
from tests.cli import run_cli
from tests.conftest import FIXTURE_DATA


def no_record(answer: Answer, locale: str | None) -> None:
    return None


ORIGINAL_FIELDS = {"query", "locale", "crisis", "answer", "suggestions"}
ADDED_FIELDS = {"crisis_kind", "best_guess"}
"""The contract only grows: every original field stays, exactly as it was. A batch line that
held no request adds "error" too."""


def check_answer_shape(found: object) -> None:
    if found is not None:
        assert isinstance(found, dict)
        assert set(found) == {"kind", "id", "title", "text", "score"}
        assert all(isinstance(found[k], str) for k in ("kind", "id", "title", "text"))
        assert isinstance(found["score"], float)


def check_contract(record: dict[str, object]) -> None:
    assert set(record) - {"error"} == ORIGINAL_FIELDS | ADDED_FIELDS
    assert isinstance(record.get("error", ""), str)
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
    assert record["answer"]["kind"] == "topic" and record["answer"]["id"] == "suicide-and-crisis"
    assert record["answer"]["score"] == 0.0, "the topic is the danger's, not a match"
    assert record["answer"]["text"].index("999") < record["answer"]["text"].index("116 123")


def test_no_match_is_null_answer_and_no_suggestions(engine: Engine) -> None:
    record = answer_record(engine.ask("qwxzv plmkj"), None)
    check_contract(record)
    assert record["answer"] is None and record["suggestions"] == [] and record["locale"] == ""


def test_batch_keeps_order_and_writes_one_object_per_line(engine: Engine) -> None:
    lines = [b'{"q": "rainn"}\n', b"\n", b"not json\n", b'{"q": 3}\n']
    lines.append(b'{"q": "samaritans", "locale": "en-GB"}')
    out = io.StringIO()
    malformed = batch(engine, lines, out=out, record=no_record)
    records = [json.loads(line) for line in out.getvalue().split("\n")[:-1]]
    assert malformed == 3
    assert [r["query"] for r in records] == ["rainn", "", "", "", "samaritans"]
    assert [r.get("error") for r in records] == [
        None,
        "empty line",
        "not valid JSON",
        'expected {"q": str, "locale": str?}',
        None,
    ]
    for record in records:
        check_contract(record)


TRICKY_LINES = (
    b'{"q": "\\ud800 lone surrogate"}',
    b"[" * 100_000 + b"]" * 100_000,
    b'{"q": "caf\xe9 in latin-1"}',
    b'{"q": "stray\rcarriage return"}',
    b'{"q": "ok"}\r',
    "\u3000".encode(),
    '{"q": "line\u2028separator\u2029paragraph"}'.encode(),
    b"\xff\xfe\x00",
    b'{"q": "' + b"9" * 5_000 + b'"}',
    b'{"q": ' + b"9" * 5_000 + b"}",
    b'{"q": "samaritans", "locale": "\\udfff"}',
)
"""Lines that crashed the console or shifted its output (issue 13, problem 7)."""

line_bytes = st.one_of(
    st.binary(max_size=60),
    st.sampled_from(TRICKY_LINES),
    st.builds(
        lambda q, locale: json.dumps({"q": q, "locale": locale}, ensure_ascii=False).encode(
            "utf-8", "surrogatepass"
        ),
        st.text(st.characters(codec=None, exclude_categories=()), max_size=40),
        st.one_of(st.none(), st.text(max_size=8)),
    ),
).map(lambda line: line.replace(b"\n", b" "))


def split_lines(lines: list[bytes]) -> list[bytes]:
    """The input as a binary file yields it: each line keeps its b"\\n"."""
    return list(io.BytesIO(b"\n".join(lines) + b"\n"))


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(lines=st.lists(line_bytes, min_size=1, max_size=8))
def test_batch_output_n_belongs_to_input_n_for_any_bytes(
    engine: Engine, lines: list[bytes]
) -> None:
    out = io.StringIO()
    batch(engine, split_lines(lines), out=out, record=no_record)
    written = out.getvalue()
    assert written.isascii()
    records = [json.loads(line) for line in written.split("\n")[:-1]]
    assert len(records) == len(lines)
    for line, record in zip(lines, records, strict=True):
        check_contract(record)
        try:
            request = json.loads(line.decode("utf-8"), strict=False)
        except (ValueError, RecursionError):
            assert record["error"]
            continue
        if isinstance(request, dict) and isinstance(request.get("q"), str):
            assert record["query"] == request["q"]


def test_cli_batch_answers_every_tricky_line_in_place(tmp_path: Path) -> None:
    questions = tmp_path / "questions.jsonl"
    questions.write_bytes(b"\n".join([b'{"q": "rainn"}', *TRICKY_LINES, b'{"q": "rainn"}']) + b"\n")
    result = run_cli(
        *("ask", "--json", "--batch", str(questions), "--no-log"),
        home=tmp_path,
        SIGNPOST_DATA_DIR=str(FIXTURE_DATA),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.isascii()
    records = [json.loads(line) for line in result.stdout.split("\n")[:-1]]
    assert len(records) == len(TRICKY_LINES) + 2
    assert records[0]["query"] == records[-1]["query"] == "rainn"
    assert records[1]["query"] == "\ud800 lone surrogate"


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


def test_the_console_keeps_published_hours_as_plain_text(engine: Engine) -> None:
    out = io.StringIO()
    ask(engine, "gb-mens-advice-line", "en-GB", as_json=False, out=out, record=no_record)
    assert "(Europe/London time)" in out.getvalue() and "<t:" not in out.getvalue()
