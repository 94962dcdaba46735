"""The offline console: the same engine as the bot, answering in a terminal or as JSON lines."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TextIO

from bot.engine.answers import Answer
from bot.engine.matching import Engine
from bot.wording import answer_text

log = logging.getLogger(__name__)

Recorder = Callable[[Answer, str | None], None]
"""Called with every answer and its locale, so console use is logged like Discord use."""

PROMPT = "Ask Signpost (empty line to quit)> "


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
    """Answer one question on `out`, as a person would read it or as one JSON object."""
    answer = engine.ask(query, locale=locale)
    record(answer, locale)
    if as_json:
        out.write(json.dumps(answer_record(answer, locale), ensure_ascii=False) + "\n")
    else:
        out.write(answer_text(answer) + "\n")


def batch(engine: Engine, lines: Iterable[str], *, out: TextIO, record: Recorder) -> int:
    """Answer JSON lines `{"q": str, "locale": str?}` in order; returns how many were malformed.

    Blank lines are skipped; malformed lines are reported on the log, not by the exit code, so
    one bad line does not fail a pipeline.

    A malformed line still gets an object (with an empty query and no answer) so that output
    line N always belongs to input line N.
    """
    malformed = 0
    for number, (query, locale) in enumerate(_requests(lines), start=1):
        if query is None:
            malformed += 1
            log.warning('line %d: expected {"q": str, "locale": str?}', number)
            query, locale = "", None
        ask(engine, query, locale, as_json=True, out=out, record=record)
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


def _requests(lines: Iterable[str]) -> Iterator[tuple[str | None, str | None]]:
    for line in lines:
        if not line.strip():
            continue
        try:
            request = json.loads(line)
        except json.JSONDecodeError:
            yield None, None
            continue
        query = request.get("q") if isinstance(request, dict) else None
        locale = request.get("locale") if isinstance(request, dict) else None
        if not isinstance(query, str) or not (locale is None or isinstance(locale, str)):
            yield None, None
            continue
        yield query, locale


def _emergency_id(answer: Answer) -> str:
    country = answer.emergency.country if answer.emergency else None
    return f"emergency-{country.code.lower()}" if country else "emergency"


def _emergency_title(answer: Answer) -> str:
    country = answer.emergency.country if answer.emergency else None
    return f"Help right now in {country.name}" if country else "Help right now"
