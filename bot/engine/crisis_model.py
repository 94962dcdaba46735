"""A small learned reading of crisis messages, beside the editors' cues.

Cues catch what editors foresaw; people in danger write in many more ways. A logistic model over
hashed character n-grams and words, trained on the tuning sets (never on a set reported on),
reads a message as a whole, in any of the content's languages, typos included. It runs offline
in pure Python: its weights ship in `crisis_model.bin`, made by `python -m bot train-crisis`,
which reads the training sets named in its header (bot/training.py).

The model only ever adds crisis help: a message the cues read as a crisis stays one.
"""

from __future__ import annotations

import json
import math
import struct
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any, cast

from bot.content.models import CrisisKind
from bot.engine.text import normalise

MODEL_PATH = Path(__file__).with_name("crisis_model.bin")
BITS = 16
"""Features are hashed into 2**BITS weights: 65,536, stored as half floats (128 KB a model)."""
NGRAMS = (3, 4, 5)
"""Character n-gram lengths: long enough to carry meaning, short enough to survive typos."""
READ_CHARS = 2000
"""The model reads this much of a message; the cues read all of it."""
KINDS: tuple[CrisisKind, ...] = ("suicide", "danger", "child", "medical")


def features(text: str) -> list[int]:
    """The hashed features of a message: character n-grams, words and word pairs, each once.

    crc32 is stable across processes and Python versions, unlike hash(), so the weights a
    training run writes mean the same thing wherever they are read.
    """
    normalised = normalise(text)[:READ_CHARS]
    words = normalised.split()
    padded = f" {normalised} "
    found = {f"c{padded[i : i + n]}" for n in NGRAMS for i in range(len(padded) - n + 1)}
    found.update(f"w{word}" for word in words)
    found.update(f"b{first} {second}" for first, second in pairwise(words))
    mask = (1 << BITS) - 1
    return sorted({zlib.crc32(feature.encode()) & mask for feature in found})


@dataclass(frozen=True, slots=True)
class LinearModel:
    """One linear score over binary features, scaled to unit length as in training."""

    weights: Sequence[float]
    bias: float

    def score(self, hashed: Sequence[int]) -> float:
        """The model's log-odds for a message's hashed features."""
        if not hashed:
            return self.bias
        return self.bias + sum(self.weights[i] for i in hashed) / math.sqrt(len(hashed))


@dataclass(frozen=True, slots=True)
class CrisisModel:
    """Whether a message reads as a crisis, and of which kind."""

    crisis: LinearModel
    kinds: tuple[LinearModel, ...]
    threshold: float
    """The probability from which a message counts as a crisis; chosen by cross-validation on
    the training sets (recall gained against false alarms, docs/quality.md)."""
    trained_on: tuple[str, ...]

    def probability(self, message: str) -> float:
        """How likely the message signals immediate danger or suicidal intent, from 0 to 1."""
        return _sigmoid(self.crisis.score(features(message)))

    def read(self, message: str) -> CrisisKind | None:
        """The kind of crisis the message reads as, or None when it reads calm."""
        hashed = features(message)
        if _sigmoid(self.crisis.score(hashed)) < self.threshold:
            return None
        scores = [kind.score(hashed) for kind in self.kinds]
        return KINDS[scores.index(max(scores))]

    def write(self, path: Path = MODEL_PATH) -> None:
        """Save as one JSON header line, then every model's weights as little-endian halves."""
        header = {
            "bits": BITS,
            "ngrams": list(NGRAMS),
            "threshold": self.threshold,
            "biases": [self.crisis.bias, *(kind.bias for kind in self.kinds)],
            "kinds": list(KINDS),
            "trained_on": list(self.trained_on),
        }
        with path.open("wb") as file:
            file.write(json.dumps(header).encode() + b"\n")
            for model in (self.crisis, *self.kinds):
                file.write(struct.pack(f"<{1 << BITS}e", *model.weights))

    @classmethod
    def read_file(cls, path: Path = MODEL_PATH) -> CrisisModel:
        """Load weights written by `write`; a file made with other features is refused."""
        raw = path.read_bytes()
        line, _, body = raw.partition(b"\n")
        header = cast(dict[str, Any], json.loads(line))
        if header["bits"] != BITS or tuple(header["ngrams"]) != NGRAMS:
            raise ValueError(f"{path.name} was trained with other features; retrain it")
        size = 1 << BITS
        count = len(header["biases"])
        values = struct.unpack(f"<{size * count}e", body[: 2 * size * count])
        models = [
            LinearModel(values[i * size : (i + 1) * size], float(bias))
            for i, bias in enumerate(header["biases"])
        ]
        return cls(
            models[0], tuple(models[1:]), float(header["threshold"]), tuple(header["trained_on"])
        )


@cache
def shipped_model() -> CrisisModel:
    """The model that ships with Signpost, read once per process."""
    return CrisisModel.read_file()


def dense(weights: Iterable[float]) -> tuple[float, ...]:
    """Weights as a tuple, as LinearModel keeps them (training hands over numpy arrays)."""
    return tuple(float(weight) for weight in weights)


def _sigmoid(value: float) -> float:
    if value < -60:
        return 0.0
    return 1 / (1 + math.exp(-value))
