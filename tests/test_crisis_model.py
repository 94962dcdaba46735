"""The learned crisis model: what it adds to the cues, what it must never do, and how it is made."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from bot.content.loader import load_snapshot
from bot.engine.crisis import CrisisReader
from bot.engine.crisis_model import BITS, KINDS, MODEL_PATH, CrisisModel, features, shipped_model
from bot.settings import PROJECT_ROOT
from bot.training import REPORT_SETS, TRAINING_SETS, train

SHIPPED = load_snapshot(PROJECT_ROOT / "data")


def cues_only() -> CrisisReader:
    return CrisisReader(SHIPPED.phrases, SHIPPED.cues, SHIPPED.combos, SHIPPED.calm)


def with_model(model: CrisisModel) -> CrisisReader:
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
    signal = with_model(shipped_model()).read(message)
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
    assert with_model(shipped_model()).read(message) is None


def test_the_model_only_ever_adds_crisis_help() -> None:
    calm = replace(shipped_model(), threshold=1.1)  # a model that never flags
    assert with_model(calm).read("i want to kill myself tonight") is not None


def test_features_are_stable_hashes_in_range() -> None:
    hashed = features("I want to die")
    assert hashed == features("i want to die") == sorted(set(hashed))
    assert all(0 <= feature < 1 << BITS for feature in hashed)


def test_the_shipped_model_is_what_training_on_the_tuning_sets_makes(tmp_path: Path) -> None:
    shipped = CrisisModel.read_file(MODEL_PATH)
    assert set(shipped.trained_on) == set(TRAINING_SETS)
    assert not set(shipped.trained_on) & set(REPORT_SETS)
    retrained = train(SHIPPED)
    retrained.write(tmp_path / "model.bin")
    reread = CrisisModel.read_file(tmp_path / "model.bin")
    for message in ("i want to die", "this exam is killing me", "he is outside with a knife"):
        assert abs(reread.probability(message) - shipped.probability(message)) < 0.02
        assert reread.read(message) == shipped.read(message)
    assert len(reread.kinds) == len(KINDS)


def test_a_report_set_can_never_train_the_model() -> None:
    with pytest.raises(ValueError, match="report set"):
        train(SHIPPED, [*TRAINING_SETS, "blind_e"])
