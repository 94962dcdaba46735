"""What the engine answers to every labelled question, kept in answers.json.

Speed work on the engine (issue 14) must not change a single answer; test_answers.py compares
today's answers with the file. After a change meant to move answers, rewrite it and review the
diff as the change's effect on members:

    .venv/bin/python -m tests.quality.answers
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bot import quality
from bot.content.loader import load_snapshot
from bot.engine.matching import Engine

SETS = Path(__file__).resolve().parent
DATA = SETS.parent.parent / "data"
ANSWERS = SETS / "answers.json"


def answers(engine: Engine) -> dict[str, list[dict[str, Any]]]:
    """Per question set, in file order: each question's outcome, entry, crisis kind, suggestions."""
    found: dict[str, list[dict[str, Any]]] = {}
    for path in sorted(SETS.glob("*.toml")):
        found[path.name] = []
        for case in quality.load_cases(path):
            answer = engine.ask(case.q, locale=case.locale)
            found[path.name].append(
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
        json.dumps(answers(shipped_engine()), indent=1, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    print(f"written to {ANSWERS}")


if __name__ == "__main__":
    main()
