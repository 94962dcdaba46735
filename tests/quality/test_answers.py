"""Every labelled question is answered as answers.json records (see answers.py for why)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.quality.answers import ANSWERS, answers

Recorded = dict[str, list[dict[str, Any]]]


@pytest.fixture(scope="module")
def recorded() -> Recorded:
    found: Recorded = json.loads(ANSWERS.read_text(encoding="utf-8"))
    return found


EVERY = 3
"""The test asks every third question of each set (about 9,000): CI has minutes, not ten.
`python -m tests.quality.answers` still records every one."""


@pytest.fixture(scope="module")
def now() -> Recorded:
    return answers(every=EVERY)


def test_every_question_set_is_recorded(recorded: Recorded, now: Recorded) -> None:
    assert sorted(now) == sorted(recorded)


def test_every_answer_is_as_recorded(recorded: Recorded, now: Recorded) -> None:
    changed = [
        (name, before, after)
        for name in recorded
        for before, after in zip(recorded[name][::EVERY], now.get(name, []), strict=True)
        if before != after
    ]
    assert changed == []
