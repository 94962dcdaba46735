from __future__ import annotations

import pytest

from bot.answers import Outcome
from bot.matching import ANSWER_SCORE, Engine


def test_exact_alias_is_a_confident_answer(engine: Engine) -> None:
    answer = engine.ask("rainn")
    assert answer.outcome is Outcome.ANSWER
    assert answer.entry is not None and answer.entry.id == "us-rainn"
    assert answer.score >= ANSWER_SCORE


def test_ask_with_typo_finds_resource(engine: Engine) -> None:
    answer = engine.ask("samaritns", locale="en-GB")
    assert answer.entry is not None and answer.entry.id == "gb-samaritans"


def test_vague_question_gets_suggestions_not_an_answer(engine: Engine) -> None:
    answer = engine.ask("abuse")
    assert answer.outcome is Outcome.SUGGESTIONS
    assert {s.id for s in answer.suggestions} >= {"sexual-assault", "domestic-violence"}
    assert answer.entry is None
    assert answer.suggestions


@pytest.mark.parametrize(
    "query", ["", "hi", "🙂🙂🙂", "\u200b\u200b", "@everyone", "qwxzv plmkj", "x" * 10_000]
)
def test_junk_gets_no_match(engine: Engine, query: str) -> None:
    answer = engine.ask(query)
    assert answer.outcome is Outcome.NO_MATCH
    assert not answer.is_crisis


def test_topic_answer_lists_local_lines_first_then_international(engine: Engine) -> None:
    answer = engine.ask("domestic abuse", locale="en-GB")
    assert answer.entry is not None and answer.entry.id == "domestic-violence"
    ids = [line.id for line in answer.lines]
    assert ids == ["gb-domestic-abuse-helpline", "gb-mens-advice-line", "intl-find-a-helpline"]


def test_country_named_in_question_beats_locale(engine: Engine) -> None:
    answer = engine.ask("domestic abuse in the uk", locale="en-US")
    assert answer.country is not None and answer.country.code == "GB"


def test_country_from_locale_then_server_then_default(engine: Engine) -> None:
    assert engine.country_for("en-GB").code == "GB"  # type: ignore[union-attr]
    assert engine.country_for("fr", "AU").code == "AU"  # type: ignore[union-attr]
    assert engine.country_for(None).code == "US"  # type: ignore[union-attr]


def test_ambiguous_short_word_is_not_a_country(engine: Engine) -> None:
    answer = engine.ask("please help us", locale="en-GB")
    assert answer.country is not None and answer.country.code == "GB"


def test_faq_answer_carries_related_lines(engine: Engine) -> None:
    answer = engine.ask("what do i say to my friend")
    assert answer.entry is not None and answer.entry.id == "faq-support-a-friend"
    assert answer.lines[0].id == "us-rainn"


def test_autocomplete_offers_at_most_25_titled_choices(engine: Engine) -> None:
    suggestions = engine.suggest("dom")
    assert 0 < len(suggestions) <= 25
    assert {s.id for s in suggestions} >= {"domestic-violence"}
    # Nothing typed yet: every topic, in the editors' order.
    assert [s.id for s in engine.suggest("")] == [t.id for t in engine.snapshot.topics]


def test_find_topic_and_country_from_free_text(engine: Engine) -> None:
    assert engine.find_topic("dv").id == "domestic-violence"  # type: ignore[union-attr]
    assert engine.find_topic("astronomy") is None
    assert engine.find_country("Britain").code == "GB"  # type: ignore[union-attr]
    assert engine.find_country("gb").code == "GB"  # type: ignore[union-attr]
    assert engine.find_country("Atlantis") is None


def test_swapped_letters_still_find_the_entry(engine: Engine) -> None:
    answer = engine.ask("samaritnas", locale="en-GB")
    assert answer.entry is not None and answer.entry.id == "gb-samaritans"


def test_a_topic_gives_way_to_its_own_faq_when_the_question_is_specific(engine: Engine) -> None:
    answer = engine.ask("how can i support a friend who was assaulted")
    assert answer.entry is not None and answer.entry.id == "faq-support-a-friend"
