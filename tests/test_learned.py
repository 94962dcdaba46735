"""The learned readers: what they add to cues and aliases, what they must never do, their making."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from bot.content.loader import load_snapshot
from bot.engine.crisis import CrisisReader
from bot.engine.learned import BITS, KINDS, MODEL_PATH, LearnedReader, features, shipped_reader
from bot.engine.matching import Engine
from bot.settings import PROJECT_ROOT
from bot.training import REPORT_SETS, TRAINING_SETS, train

SHIPPED = load_snapshot(PROJECT_ROOT / "data")


def cues_only() -> CrisisReader:
    return CrisisReader(SHIPPED.phrases, SHIPPED.cues, SHIPPED.combos, SHIPPED.calm)


def with_model(model: LearnedReader) -> CrisisReader:
    return CrisisReader(SHIPPED.phrases, SHIPPED.cues, SHIPPED.combos, SHIPPED.calm, model=model)


@pytest.mark.parametrize(
    ("message", "kind"),
    [
        ("tonight is the night, i have it all planned", "suicide"),
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


def test_features_are_stable_hashes_in_range() -> None:
    hashed = features("I want to die")
    assert hashed == features("i want to die") == sorted(set(hashed))
    assert all(0 <= feature < 1 << BITS for feature in hashed)


def test_the_shipped_model_is_what_training_on_the_tuning_sets_makes(tmp_path: Path) -> None:
    shipped = LearnedReader.read_file(MODEL_PATH)
    assert set(shipped.trained_on) == set(TRAINING_SETS)
    assert not set(shipped.trained_on) & set(REPORT_SETS)
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
        train(SHIPPED, [*TRAINING_SETS, "blind_f"])


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
