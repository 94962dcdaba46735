"""The offline console: the same engine as the bot, answering in a terminal or as JSON lines."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from typing import Any, TextIO

from bot.content.localised import language_for_locale
from bot.engine.answers import Answer
from bot.engine.matching import Engine
from bot.language import _, speaking
from bot.wording import answer_text

log = logging.getLogger(__name__)

Recorder = Callable[[Answer, str | None], None]
"""Called with every answer and its locale, so console use is logged like Discord use."""

PROMPT = "Ask Signpost (empty line to quit)> "
REQUEST_SHAPE = 'expected {"q": str, "locale": str?}'


def answer_record(answer: Answer, locale: str | None) -> dict[str, Any]:
    """The public JSON shape of one answer; editors' and operators' tools depend on it."""
    found: dict[str, Any] | None = None
    if answer.entry is not None or answer.emergency is not None:
        found = {
            "kind": answer.kind,
            "id": answer.entry.id if answer.entry else _emergency_id(answer),
            "title": answer.entry.title if answer.entry else _emergency_title(answer),
            "text": answer_text(answer),
            "score": float(answer.score),
        }
    is_guess = answer.guessed and answer.emergency is None
    return {
        "query": answer.query,
        "locale": locale or "",
        "crisis": answer.is_crisis,
        "crisis_kind": answer.crisis_kind,
        "answer": None if is_guess else found,
        "best_guess": found if is_guess else None,
        "suggestions": [
            {"kind": s.kind, "id": s.id, "title": s.title, "score": float(s.score)}
            for s in answer.suggestions
        ],
    }


def ask(
    engine: Engine, query: str, locale: str | None, *, as_json: bool, out: TextIO, record: Recorder
) -> None:
    """Answer one question on `out`, as a person would read it or as one JSON object.

    The reply is in the language of `locale`, as a private reply in Discord is; the JSON's
    fields stay as they are, with `title` and `text` in that language.

    JSON is ASCII-safe (ensure_ascii): a raw U+2028 or a lone surrogate in a question would
    otherwise break line-based readers or the output's encoding.
    """
    answer = engine.ask(query, locale=locale)
    record(answer, locale)
    language = language_for_locale(locale)
    with speaking(language):
        shown = answer.in_language(language)
        out.write(json.dumps(answer_record(shown, locale)) if as_json else answer_text(shown))
    out.write("\n")


def batch(engine: Engine, lines: Iterable[bytes], *, out: TextIO, record: Recorder) -> int:
    """Answer JSON lines `{"q": str, "locale": str?}` in order; returns how many were malformed.

    `lines` are raw bytes split at LF only (a binary file or sys.stdin.buffer), so a stray CR,
    U+2028 or U+3000 cannot start a line of its own: output line N always belongs to input line
    N. A line that is empty, not UTF-8, not JSON or not a request gets the same object with an
    empty query, no answer and an added "error"; it is reported on the log by number, not by
    the exit code, so one bad line does not fail a pipeline.
    """
    malformed = 0
    for number, line in enumerate(lines, start=1):
        request = _request(line)
        if isinstance(request, str):
            malformed += 1
            log.warning("line %d: %s", number, request)
            out.write(json.dumps(_error_record(request)) + "\n")
        else:
            ask(engine, *request, as_json=True, out=out, record=record)
        out.flush()
    return malformed


def interactive(
    engine: Engine, locale: str | None, *, stdin: TextIO, out: TextIO, record: Recorder
) -> None:
    """A question-and-answer loop for trying Signpost without Discord."""
    while True:
        out.write(PROMPT)
        out.flush()
        line = stdin.readline()
        if not line.strip():
            out.write("\n")
            return
        ask(engine, line.strip(), locale, as_json=False, out=out, record=record)
        out.write("\n")


def _request(line: bytes) -> tuple[str, str | None] | str:
    """The question and locale on one input line, or why there are none."""
    try:
        text = line.removesuffix(b"\n").removesuffix(b"\r").decode("utf-8")
    except UnicodeDecodeError as error:
        return f"not valid UTF-8 (byte {error.start + 1})"
    if not text.strip():
        return "empty line"
    try:
        request = json.loads(text, strict=False)  # a raw CR or tab inside a string is fine
    except (ValueError, RecursionError):  # JSONDecodeError, huge numbers, deep nesting
        return "not valid JSON"
    if not isinstance(request, dict):
        return REQUEST_SHAPE
    query, locale = request.get("q"), request.get("locale")
    if not isinstance(query, str) or not (locale is None or isinstance(locale, str)):
        return REQUEST_SHAPE
    return query, locale


def _error_record(error: str) -> dict[str, Any]:
    """The answer_record shape for a line that held no request, with the reason added."""
    return {
        "query": "",
        "locale": "",
        "crisis": False,
        "crisis_kind": None,
        "answer": None,
        "best_guess": None,
        "suggestions": [],
        "error": error,
    }


def _emergency_id(answer: Answer) -> str:
    country = answer.emergency.country if answer.emergency else None
    return f"emergency-{country.code.lower()}" if country else "emergency"


def _emergency_title(answer: Answer) -> str:
    country = answer.emergency.country if answer.emergency else None
    if country is None:
        return _("Help right now")
    return _("Help right now in {country}").format(country=country.name)
