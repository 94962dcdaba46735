"""What the engine answers to every labelled question, kept in answers.json.

Speed work on the engine (issue 14) must not change a single answer; test_answers.py compares
today's answers with the file. After a change meant to move answers, rewrite it and review the
diff as the change's effect on members:

    .venv/bin/python -m tests.quality.answers
"""

from __future__ import annotations

import json
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from bot import quality
from bot.content.loader import load_snapshot
from bot.engine.matching import Engine

SETS = Path(__file__).resolve().parent
DATA = SETS.parent.parent / "data"
ANSWERS = SETS / "answers.json"


def answers(every: int = 1) -> dict[str, list[dict[str, Any]]]:
    """Per question set, in file order: each question's outcome, entry, crisis kind, suggestions.

    Some 27,000 questions: the sets are shared among processes, one a core, each with its own
    engine (spawned, not forked: a fork would copy the test process's threads' locks). With
    `every` above 1, only each set's first question and every `every`-th after it.
    """
    paths = sorted(SETS.glob("*.toml"), key=lambda path: -path.stat().st_size)
    spawn = multiprocessing.get_context("spawn")
    workers = min(len(paths), os.cpu_count() or 1)
    with ProcessPoolExecutor(workers, mp_context=spawn, initializer=_start) as pool:
        found = pool.map(_answers_to, paths, [every] * len(paths))
        by_name = dict(zip((path.name for path in paths), found, strict=True))
    return dict(sorted(by_name.items()))


_engine: Engine | None = None


def _start() -> None:
    global _engine  # one engine a worker process, built once
    _engine = shipped_engine()


def _answers_to(path: Path, every: int) -> list[dict[str, Any]]:
    assert _engine is not None
    found = []
    for case in quality.load_cases(path)[::every]:
        answer = _engine.ask(case.q, locale=case.locale)
        found.append(
            {
                "q": case.q,
                "locale": case.locale,
                "outcome": str(answer.outcome),
                "entry": answer.entry.id if answer.entry is not None else None,
                "crisis": answer.crisis_kind,
                "suggestions": [suggestion.id for suggestion in answer.suggestions],
            }
        )
    return found


def shipped_engine() -> Engine:
    """The engine over the shipped content, as quality reports build it."""
    return Engine(load_snapshot(DATA), default_country=quality.DEFAULT_COUNTRY)


def main() -> None:
    ANSWERS.write_text(
        json.dumps(answers(), indent=1, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    print(f"written to {ANSWERS}")


if __name__ == "__main__":
    main()
