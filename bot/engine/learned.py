"""Small learned readings of a message, beside the editors' cues and aliases.

Cues catch what editors foresaw; people write in many more ways. Logistic models over hashed
character n-grams and words, trained on the tuning sets (never on a set reported on), read a
message as a whole, in any of the content's languages, typos included:

- whether it signals a crisis now, and of which kind;
- which topic it is about, for a question nothing else matched, so it is never empty-handed;
- which entry answers a question no alias matched confidently: one-vs-rest models over the
  content's own names and aliases and the tuning sets' questions, kept sparse (L1 training
  leaves about one weight in 700), so 264 of them fit in 150 KB.

They run offline in pure Python. Their weights ship in `learned.bin`, made by
`python -m bot train`, which records the training sets in the file's header (bot/training.py).
They only ever add help: a message the cues read as a crisis stays one.
"""

from __future__ import annotations

import json
import math
import struct
import zlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any, cast

from bot.content.models import CrisisKind
from bot.engine.text import normalise

MODEL_PATH = Path(__file__).with_name("learned.bin")
BITS = 16
"""Features are hashed into 2**BITS weights: 65,536, stored as half floats (128 KB a class)."""
NGRAMS = (3, 4, 5)
"""Character n-gram lengths: long enough to carry meaning, short enough to survive typos."""
READ_CHARS = 2000
"""The models read this much of a message; the cues read all of it."""
KINDS: tuple[CrisisKind, ...] = ("suicide", "danger", "child", "medical")
OFF_TOPIC = "none"
"""The topic and entry models' label for a question the content does not answer."""
_SPARSE = struct.Struct("<HHe")
"""One sparse weight in the file: feature, label position, half float."""


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
        """The log-odds for a message's hashed features."""
        if not hashed:
            return self.bias
        return self.bias + sum(self.weights[i] for i in hashed) / math.sqrt(len(hashed))


@dataclass(frozen=True, slots=True)
class Classifier:
    """Labels and one linear model each; two labels share one model, as logistic regression does."""

    labels: tuple[str, ...]
    models: tuple[LinearModel, ...]

    def best(self, hashed: Sequence[int]) -> tuple[str, float]:
        """The most likely label and its probability."""
        probabilities = self._probabilities(hashed)
        top = max(probabilities)
        return self.labels[probabilities.index(top)], top

    def probability(self, hashed: Sequence[int], label: str) -> float:
        """The probability of one label."""
        return self._probabilities(hashed)[self.labels.index(label)]

    def _probabilities(self, hashed: Sequence[int]) -> list[float]:
        """Each label's probability: a sigmoid for two labels, a softmax for more."""
        scores = [model.score(hashed) for model in self.models]
        if len(self.labels) == 2:
            yes = _sigmoid(scores[0])
            return [1 - yes, yes]
        top = max(scores)
        exps = [math.exp(score - top) for score in scores]
        return [value / sum(exps) for value in exps]


@dataclass(frozen=True, slots=True)
class SparseModels:
    """One-vs-rest linear scores, one a label, with only their non-zero weights kept.

    Each label is scored on its own, so an entry the content gained since training simply has
    no model, and "none" (OFF_TOPIC) is a label like any other.
    """

    labels: tuple[str, ...]
    biases: tuple[float, ...]
    postings: Mapping[int, tuple[tuple[int, float], ...]]
    """Feature -> (label position, weight) for every non-zero weight."""

    def ranked(self, hashed: Sequence[int]) -> Iterator[tuple[str, float]]:
        """Every label with its probability, most likely first, worked out as they are read."""
        scores = list(self.biases)
        scale = 1 / math.sqrt(len(hashed)) if hashed else 0.0
        for feature in hashed:
            for label, weight in self.postings.get(feature, ()):
                scores[label] += weight * scale
        for i in sorted(range(len(scores)), key=scores.__getitem__, reverse=True):
            yield self.labels[i], _sigmoid(scores[i])

    @property
    def count(self) -> int:
        """How many weights are kept."""
        return sum(map(len, self.postings.values()))


@dataclass(frozen=True, slots=True)
class LearnedReader:
    """The shipped models, with the thresholds chosen for them by cross-validation."""

    crisis: Classifier
    """Labels "calm" and "crisis"."""
    kinds: Classifier
    topics: Classifier
    entries: SparseModels
    crisis_threshold: float
    topic_threshold: float
    entry_threshold: float
    trained_on: tuple[str, ...]

    def crisis_probability(self, message: str) -> float:
        """How likely the message signals immediate danger or suicidal intent, from 0 to 1."""
        return self.crisis.probability(features(message), "crisis")

    def crisis_kind(self, message: str) -> CrisisKind | None:
        """The kind of crisis the message reads as, or None when it reads calm."""
        hashed = features(message)
        if self.crisis.probability(hashed, "crisis") < self.crisis_threshold:
            return None
        kind, _probability = self.kinds.best(hashed)
        return cast(CrisisKind, kind)

    def topic(self, message: str) -> str | None:
        """The topic a question is about, when the model is sure enough it is on topic at all."""
        label, probability = self.topics.best(features(message))
        if label == OFF_TOPIC or probability < self.topic_threshold:
            return None
        return label

    def entries_for(self, message: str) -> list[tuple[str, float]]:
        """The entries the message reads as about, most likely first, down to OFF_TOPIC.

        Only labels at least entry_threshold likely are kept, and none after "none": a question
        more likely off topic than about an entry gets no guess from here.
        """
        found = []
        for label, probability in self.entries.ranked(features(message)):
            if label == OFF_TOPIC or probability < self.entry_threshold:
                break
            found.append((label, probability))
        return found

    def write(self, path: Path = MODEL_PATH) -> None:
        """Save as one JSON header line, every dense model's weights as little-endian halves,
        then each sparse weight as (feature, label, half)."""
        classifiers = {"crisis": self.crisis, "kinds": self.kinds, "topics": self.topics}
        header = {
            "bits": BITS,
            "ngrams": list(NGRAMS),
            "crisis_threshold": self.crisis_threshold,
            "topic_threshold": self.topic_threshold,
            "entry_threshold": self.entry_threshold,
            "trained_on": list(self.trained_on),
            "classifiers": [
                {
                    "name": name,
                    "labels": list(classifier.labels),
                    "biases": [model.bias for model in classifier.models],
                }
                for name, classifier in classifiers.items()
            ],
            "entries": {
                "labels": list(self.entries.labels),
                "biases": list(self.entries.biases),
                "count": self.entries.count,
            },
        }
        with path.open("wb") as file:
            file.write(json.dumps(header).encode() + b"\n")
            for classifier in classifiers.values():
                for model in classifier.models:
                    file.write(struct.pack(f"<{1 << BITS}e", *model.weights))
            for feature in sorted(self.entries.postings):
                for label, weight in self.entries.postings[feature]:
                    file.write(_SPARSE.pack(feature, label, weight))

    @classmethod
    def read_file(cls, path: Path = MODEL_PATH) -> LearnedReader:
        """Load models written by `write`; a file made with other features is refused."""
        line, _, body = path.read_bytes().partition(b"\n")
        header = cast(dict[str, Any], json.loads(line))
        if header["bits"] != BITS or tuple(header["ngrams"]) != NGRAMS:
            raise ValueError(f"{path.name} was trained with other features; retrain it")
        size, offset = 1 << BITS, 0
        classifiers: dict[str, Classifier] = {}
        for described in header["classifiers"]:
            models = []
            for bias in described["biases"]:
                weights = struct.unpack_from(f"<{size}e", body, offset)
                models.append(LinearModel(weights, float(bias)))
                offset += 2 * size
            classifiers[described["name"]] = Classifier(tuple(described["labels"]), tuple(models))
        postings: dict[int, list[tuple[int, float]]] = {}
        for feature, label, weight in _SPARSE.iter_unpack(
            body[offset : offset + _SPARSE.size * header["entries"]["count"]]
        ):
            postings.setdefault(feature, []).append((label, weight))
        entries = SparseModels(
            tuple(header["entries"]["labels"]),
            tuple(map(float, header["entries"]["biases"])),
            {feature: tuple(found) for feature, found in postings.items()},
        )
        return cls(
            crisis=classifiers["crisis"],
            kinds=classifiers["kinds"],
            topics=classifiers["topics"],
            entries=entries,
            crisis_threshold=float(header["crisis_threshold"]),
            topic_threshold=float(header["topic_threshold"]),
            entry_threshold=float(header["entry_threshold"]),
            trained_on=tuple(header["trained_on"]),
        )


@cache
def shipped_reader() -> LearnedReader:
    """The models that ship with Signpost, read once per process."""
    return LearnedReader.read_file()


def _sigmoid(value: float) -> float:
    if value < -60:
        return 0.0
    return 1 / (1 + math.exp(-value))
