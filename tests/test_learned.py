"""The learned readers: what they add to cues and aliases, what they must never do, their making."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from bot.content.loader import load_snapshot
from bot.engine.crisis import CrisisReader
from bot.engine.learned import (
    BITS,
    EXAMPLE_NEIGHBOURS,
    EXAMPLE_WEIGHT,
    KINDS,
    MODEL_PATH,
    Examples,
    LearnedReader,
    SparseModels,
    features,
    shipped_reader,
)
from bot.engine.matching import HISTORY_PROBABILITY, Engine
from bot.settings import PROJECT_ROOT
from bot.training import REPORT_SETS, TRAINING_SETS, digest, train

SHIPPED = load_snapshot(PROJECT_ROOT / "data")


def cues_only() -> CrisisReader:
    return CrisisReader(SHIPPED.phrases, SHIPPED.cues, SHIPPED.combos, SHIPPED.calm)


def with_model(model: LearnedReader) -> CrisisReader:
    return CrisisReader(SHIPPED.phrases, SHIPPED.cues, SHIPPED.combos, SHIPPED.calm, model=model)


@pytest.mark.parametrize(
    ("message", "kind"),
    [
        ("after tonight none of this will matter anymore, it's all arranged", "suicide"),
        ("ya no quiero seguir aqui, mañana ya no estaré", "suicide"),
        ("my little brother is locked in the car and it is so hot", "child"),
    ],
)
def test_the_model_reads_crises_the_cues_miss(message: str, kind: str) -> None:
    assert cues_only().read(message) is None
    signal = with_model(shipped_reader()).read(message)
    assert signal is not None and signal.kind == kind and "model" in signal.reason


@pytest.mark.parametrize(
    "message",
    [
        "this exam is killing me",
        "i could kill for a pizza right now",
        "he killed me in fortnite again",
        "my phone is dying lol",
        "it happened years ago and i'm safe now, how do i report it",
        "how do i help a friend who talks about suicide",
        "ce partiel me tue",
        "ich bin todmüde",
        "me muero de hambre",
    ],
)
def test_idioms_and_questions_about_crisis_stay_calm(message: str) -> None:
    assert with_model(shipped_reader()).read(message) is None


def test_the_model_only_ever_adds_crisis_help() -> None:
    calm = replace(shipped_reader(), crisis_threshold=1.1)  # a model that never flags
    assert with_model(calm).read("i want to kill myself tonight") is not None


def test_sparse_models_score_each_label_from_its_own_weights_alone() -> None:
    """Scores are the weights of the message's features summed per label, scaled to unit length."""
    models = SparseModels.from_weights(
        ["consent", "none", "rainn"],
        [0.5, -1.0, 0.0],
        features=np.array([7, 3, 7, 900]),
        owners=np.array([2, 0, 0, 1]),
        weights=np.array([1.5, -2.0, 0.25, 4.0]),
    )
    scores = models.scores([3, 7, 12])
    scale = 1 / 3**0.5
    assert scores == pytest.approx((0.5 + (0.25 - 2.0) * scale, -1.0, 1.5 * scale))
    assert models.scores([]) == (0.5, -1.0, 0.0)
    assert models.probability([900], "none") > 0.9
    assert models.probability([900], "an entry added since training") == 0.0


def test_the_models_read_back_as_written(tmp_path: Path) -> None:
    shipped = shipped_reader()
    shipped.write(tmp_path / "model.bin")
    again = LearnedReader.read_file(tmp_path / "model.bin")
    assert (tmp_path / "model.bin").read_bytes() == MODEL_PATH.read_bytes()
    message = features("my boyfriend keeps my bank card and checks my phone")
    assert again.entries.scores(message) == shipped.entries.scores(message)


def test_features_are_stable_hashes_in_range() -> None:
    hashed = features("I want to die")
    assert hashed == features("i want to die") == tuple(sorted(set(hashed)))
    assert all(0 <= feature < 1 << BITS for feature in hashed)


def test_the_shipped_model_was_trained_on_the_tuning_sets_as_they_are() -> None:
    shipped = LearnedReader.read_file(MODEL_PATH)
    assert set(shipped.trained_on) == set(TRAINING_SETS)
    assert not set(shipped.trained_on) & set(REPORT_SETS)
    assert shipped.trained_digest == digest(shipped.trained_on)


@pytest.mark.skipif(
    not os.environ.get("SIGNPOST_RETRAIN"),
    reason="retrains every model (minutes); set SIGNPOST_RETRAIN=1, as after changing training",
)
def test_the_shipped_model_is_what_training_on_the_tuning_sets_makes(tmp_path: Path) -> None:
    shipped = LearnedReader.read_file(MODEL_PATH)
    retrained = train(SHIPPED)
    retrained.write(tmp_path / "model.bin")
    reread = LearnedReader.read_file(tmp_path / "model.bin")
    for message in ("i want to die", "this exam is killing me", "he is outside with a knife"):
        difference = reread.crisis_probability(message) - shipped.crisis_probability(message)
        assert abs(difference) < 0.02
        assert reread.crisis_kind(message) == shipped.crisis_kind(message)
        assert reread.topic(message) == shipped.topic(message)
    assert reread.kinds.labels == tuple(sorted(KINDS))


def test_a_report_set_can_never_train_the_model() -> None:
    with pytest.raises(ValueError, match="report set"):
        train(SHIPPED, [*TRAINING_SETS, REPORT_SETS[0]])


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        ("my uncle used to come into my room at night when i was little", "child-abuse"),
        ("she reads all my messages and tells me who i can see", "domestic-violence"),
    ],
)
def test_a_question_no_alias_matched_gets_an_entry_of_its_topic_with_lines(
    question: str, topic: str
) -> None:
    answer = Engine(SHIPPED).ask(question, locale="en-GB")
    assert answer.guessed and answer.entry is not None and topic in answer.entry.filed_under
    assert answer.lines


def test_an_off_topic_question_gets_no_topic() -> None:
    assert shipped_reader().topic("how many calories are in an apple") is None


def test_the_entry_reader_answers_what_no_alias_matched() -> None:
    question = "he sends me pictures i never asked for on snapchat"
    answer = Engine(SHIPPED).ask(question, locale="en-GB")
    assert answer.guessed and answer.entry is not None
    assert "online-abuse" in answer.entry.filed_under and answer.lines


def test_an_entry_gone_since_training_is_passed_over_for_the_next() -> None:
    question = "rape crisis helpline"
    ireland = SHIPPED.country_by_code["IE"]
    reader = shipped_reader()
    assert [entry_id for entry_id, _ in reader.entries_for(question)][:2] == [
        "gb-rape-crisis-support-line",
        "ie-drcc-rape-crisis-helpline",
    ]
    gone = "ie-drcc-rape-crisis-helpline"
    without = replace(
        SHIPPED,
        resources=tuple(line for line in SHIPPED.resources if line.id != gone),
        by_id={key: entry for key, entry in SHIPPED.by_id.items() if key != gone},
    )
    ranked = [(0, 90.0)]
    chosen = Engine(SHIPPED)._learned_entry(question, ireland, ranked)
    assert chosen is not None and chosen.id == gone  # the British line serves no one in Ireland
    assert Engine(without)._learned_entry(question, ireland, ranked) is None


def test_the_entry_reader_needs_a_question_that_says_something() -> None:
    engine = Engine(SHIPPED)
    for question in ("plonkety", "xyz abc", "abuse"):
        assert engine._learned_entry(question, None, []) is None


@pytest.mark.parametrize(
    ("question", "locale"),
    [
        ("alguém tem receita de brigadeiro de colher", "pt-BR"),
        ("what is the capital of france", "en-US"),
    ],
)
def test_a_question_the_reader_finds_off_topic_gets_no_confident_answer(
    question: str, locale: str
) -> None:
    answer = Engine(SHIPPED).ask(question, locale=locale)
    assert answer.entry is None or answer.guessed


@pytest.mark.parametrize(
    ("question", "locale", "harm"),
    [
        ("je sais plus quoi faire depuis que mon mari me fait ça", "fr", True),
        ("quel temps fait-il demain à paris", "fr", False),
        ("wie spät ist es bitte", "de", False),
    ],
)
def test_a_question_in_another_language_nothing_placed_gets_a_harm_topic_and_its_lines(
    monkeypatch: pytest.MonkeyPatch, question: str, locale: str, harm: bool
) -> None:
    # A reader that guesses no entry and no topic: only the last step is left.
    blind = replace(shipped_reader(), entry_threshold=1.1, topic_threshold=1.1)
    monkeypatch.setattr("bot.engine.matching.shipped_reader", lambda: blind)
    answer = Engine(SHIPPED).ask(question, locale=locale)
    if harm:
        assert answer.guessed and answer.entry is not None and answer.is_about_harm
        assert answer.lines and answer.lines[0].countries == ("FR",)
    else:
        assert answer.entry is None


@pytest.mark.parametrize(
    ("question", "on_topic"),
    [
        (
            "the massage therapist did something during the session that really didn't feel right",
            True,
        ),
        ("my landlord said i could pay the rent 'another way' this month", True),
        ("what time does the football start tonight", False),
        ("best pizza place near me", False),
    ],
)
def test_an_english_question_both_readers_find_on_topic_gets_a_harm_topic_and_its_lines(
    monkeypatch: pytest.MonkeyPatch, question: str, on_topic: bool
) -> None:
    """Nothing placed these, and no word says which topic; the readers still see harm in them."""
    blind = replace(shipped_reader(), entry_threshold=1.1, topic_threshold=1.1)
    monkeypatch.setattr("bot.engine.matching.shipped_reader", lambda: blind)
    answer = Engine(SHIPPED).ask(question, locale="en-GB")
    if on_topic:
        assert answer.guessed and answer.entry is not None and answer.is_about_harm
        assert answer.lines and "GB" in answer.lines[0].countries
    else:
        assert answer.entry is None


def test_a_topic_with_no_line_in_a_country_shows_its_fallbacks_lines() -> None:
    engine = Engine(SHIPPED)
    germany = SHIPPED.country_by_code["DE"]
    assert engine.lines("workplace-harassment", germany) == engine.lines("sexual-assault", germany)
    britain = SHIPPED.country_by_code["GB"]
    assert engine.lines("workplace-harassment", britain) != engine.lines("sexual-assault", britain)


def test_short_messages_need_the_crisis_model_surer(monkeypatch: pytest.MonkeyPatch) -> None:
    shipped = shipped_reader()
    # A reader whose threshold "sending it all" passes: its few words still keep it calm...
    probability = shipped.crisis_probability("sending it all")
    reader = replace(shipped, crisis_threshold=probability - 0.01)
    assert reader.crisis_kind("sending it all") is None
    # ...because short messages must pass SHORT_THRESHOLD, and for no other reason.
    monkeypatch.setattr("bot.engine.learned.SHORT_THRESHOLD", probability - 0.01)
    assert reader.crisis_kind("sending it all") is not None
    assert reader.crisis_kind("ending it. sorry everyone") is not None


def test_an_entry_the_reader_never_saw_is_never_overruled() -> None:
    """An editor's new FAQ, matched confidently, stands: the reader cannot judge what it has not
    read. The same question about a FAQ it knows is overruled when the reader is sure."""
    question = "should i go to a doctor after being assaulted even if im not hurt"
    engine = Engine(SHIPPED)
    matched = engine.ask(question, locale="en-US")
    assert matched.entry is not None and matched.entry.id == "faq-medical-care-after-assault"
    renamed = SHIPPED.by_id["faq-am-i-overreacting"].model_copy(update={"id": "faq-brand-new"})
    new = replace(
        SHIPPED,
        faq=tuple(renamed if f.id == "faq-am-i-overreacting" else f for f in SHIPPED.faq),
        by_id={
            ("faq-brand-new" if key == "faq-am-i-overreacting" else key): (
                renamed if key == "faq-am-i-overreacting" else entry
            )
            for key, entry in SHIPPED.by_id.items()
        },
    )
    answer = Engine(new).ask(question, locale="en-US")
    assert answer.entry is not None and answer.entry.id == "faq-brand-new"


def test_the_shipped_reader_carries_members_questions_for_each_entry() -> None:
    reader = shipped_reader()
    assert len(reader.examples.texts) == len(reader.examples.labels) > 10_000
    assert {reader.entries.labels[label] for label in reader.examples.labels} >= {
        "sexual-assault",
        "faq-compensation",
        "none",
    }


def test_a_question_worded_like_earlier_ones_is_read_as_their_entry() -> None:
    """Its nearest training questions vote: as many alike as it consults lift their entry by
    EXAMPLE_WEIGHT."""
    reader = shipped_reader()
    compensation = reader.entries.labels.index("faq-compensation")
    alike = EXAMPLE_NEIGHBOURS
    asked = replace(reader, examples=Examples(("zorbel quinxet",) * alike, (compensation,) * alike))
    alone = replace(reader, examples=Examples())
    assert alone.likeliest_entries("zorbel quinxet")[0] != "faq-compensation"
    assert asked.likeliest_entries("zorbel quinxet")[0] == "faq-compensation"
    found = dict(asked.entries_for("zorbel quinxet"))
    assert found["faq-compensation"] >= EXAMPLE_WEIGHT
    assert "faq-compensation" not in dict(alone.entries_for("zorbel quinxet"))


@pytest.mark.parametrize(
    ("history_probability", "sure"), [(HISTORY_PROBABILITY, True), (2.0, False)]
)
def test_a_campaign_fact_the_reader_is_sure_of_answers_outright(
    monkeypatch: pytest.MonkeyPatch, history_probability: float, sure: bool
) -> None:
    """A fact has no lines beside it: when the reader is sure of it (HISTORY_PROBABILITY), it is
    the answer, not a best guess; when less sure, it stays a guess with its rivals below it.

    Every neighbour votes for the fact, so its likelihood is a little over 1: sure from the
    shipped threshold, not from one of 2."""
    reader = shipped_reader()
    fact = reader.entries.labels.index("fact-milano-tweet")
    texts = ("zorbel quinxet plimmo",) * EXAMPLE_NEIGHBOURS
    voted = replace(reader, examples=Examples(texts, (fact,) * EXAMPLE_NEIGHBOURS))
    monkeypatch.setattr("bot.engine.matching.shipped_reader", lambda: voted)
    monkeypatch.setattr("bot.engine.matching.HISTORY_PROBABILITY", history_probability)
    answer = Engine(SHIPPED).ask("zorbel quinxet plimmo", locale="en-US")
    assert answer.entry is not None and answer.entry.id == "fact-milano-tweet"
    assert answer.guessed is not sure


@pytest.mark.parametrize(("matched_probability", "overruled"), [(0.5, False), (0.3, True)])
def test_the_reader_overrules_a_confident_match_only_when_it_reads_it_far_less_likely(
    matched_probability: float, overruled: bool
) -> None:
    question = "should i go to a doctor after being assaulted even if im not hurt"
    engine = Engine(SHIPPED)
    pick, matched = SHIPPED.by_id["faq-compensation"], SHIPPED.by_id["faq-am-i-overreacting"]
    read = [(pick, 0.6), (matched, matched_probability)]
    engine._learned_choices = lambda *_: read  # type: ignore[method-assign]
    answer = engine.ask(question, locale="en-US")
    assert answer.entry is not None and answer.score > 0  # a confident answer either way
    assert answer.entry is (pick if overruled else matched)
