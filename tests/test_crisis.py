from __future__ import annotations

import pytest

from bot.engine.answers import Outcome
from bot.engine.matching import Engine


@pytest.mark.parametrize(
    "query",
    [
        "i want to die",
        "I WANT TO DIE!!!",
        "i wnat to die",
        "honestly i just want to end it all tonight",
        "i think he is going to kill me",
        "i want to kil myself",
        "Je veux mourir",
        "i\u200b want to die",
    ],
)
def test_crisis_phrasing_is_detected_with_typos(engine: Engine, query: str) -> None:
    assert engine.ask(query, locale="en-GB").is_crisis


@pytest.mark.parametrize(
    "query",
    [
        "sending it all",
        "what is suicide prevention",
        "the killer app",
        "diet tips",
        "i want to donate",
        "kill the process",
    ],
)
def test_junk_and_near_misses_do_not_trip_crisis(engine: Engine, query: str) -> None:
    assert not engine.ask(query).is_crisis


def test_crisis_answer_puts_emergency_number_and_24_7_lines_first(engine: Engine) -> None:
    answer = engine.ask("i want to kill myself", locale="en-GB")
    assert answer.outcome is Outcome.ANSWER
    assert answer.emergency is not None
    assert (
        answer.emergency.country is not None
        and answer.emergency.country.emergency[0].number == "999"
    )
    assert answer.emergency.lines[0].id == "gb-samaritans"
    assert all(line.is_always_open for line in answer.emergency.lines)


def test_crisis_with_a_matched_topic_keeps_the_rest_of_the_answer(engine: Engine) -> None:
    answer = engine.ask("he is going to kill me, domestic abuse", locale="en-GB")
    assert answer.is_crisis
    assert answer.entry is not None and answer.entry.id == "domestic-violence"
    assert answer.emergency is not None and "gb-domestic-abuse-helpline" in {
        line.id for line in answer.emergency.lines
    }


def test_crisis_without_known_country_points_to_international_help(snapshot) -> None:  # type: ignore[no-untyped-def]
    engine = Engine(snapshot, default_country=None)
    answer = engine.ask("i want to die", locale="ja")
    assert answer.emergency is not None and answer.emergency.country is None
    assert [line.id for line in answer.emergency.lines] == ["intl-find-a-helpline"]


def test_danger_from_someone_gets_violence_lines_not_suicide_lines(engine: Engine) -> None:
    answer = engine.ask("he is going to kill me, domestic abuse", locale="en-GB")
    assert answer.emergency is not None and answer.emergency.kind == "danger"
    ids = [line.id for line in answer.emergency.lines]
    assert ids == ["gb-domestic-abuse-helpline", "intl-find-a-helpline"]


def test_suicide_risk_gets_crisis_lines_first_and_a_directory_last(engine: Engine) -> None:
    answer = engine.ask("i want to die", locale="en-GB")
    assert answer.emergency is not None and answer.emergency.kind == "suicide"
    ids = [line.id for line in answer.emergency.lines]
    assert ids[0] == "gb-samaritans" and ids[-1] == "intl-find-a-helpline"
    assert "gb-domestic-abuse-helpline" not in ids
