"""Small learned readings of a message, beside the editors' cues and aliases.

Cues catch what editors foresaw; people write in many more ways. Logistic models over hashed
character n-grams and words, trained on the tuning sets (never on a set reported on), read a
message as a whole, in any of the content's languages, typos included:

- whether it signals a crisis now, and of which kind;
- which topic it is about, for a question nothing else matched, so it is never empty-handed;
- which entry answers a question no alias matched confidently: one-vs-rest models over the
  content's own names and aliases and the tuning sets' questions, kept sparse (L1 training
  leaves about one weight in 500), so 264 of them fit in 200 KB.

They run offline, in Python with numpy for the dense models. Their weights ship in
`learned.bin`, made by `python -m bot train`, which records the training sets in the file's
header (bot/training.py), with the training questions the entry reader consults as neighbours
(Examples).
They only ever add help: a message the cues read as a crisis stays one.
"""

from __future__ import annotations

import json
import math
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Any, cast

import numpy as np
import numpy.typing as npt

from bot.content.models import CrisisKind
from bot.engine.neighbours import NeighbourIndex, run_positions
from bot.engine.text import normalise

MODEL_PATH = Path(__file__).with_name("learned.bin")
BITS = 16
"""Features are hashed into 2**BITS weights: 65,536, stored as half floats (128 KB a class)."""
NGRAMS = (3, 4, 5)
"""Character n-gram lengths: long enough to carry meaning, short enough to survive typos."""
READ_CHARS = 2000
"""The models read this much of a message; the cues read all of it."""
KINDS: tuple[CrisisKind, ...] = ("suicide", "danger", "child", "medical")
SHORT_WORDS = 5
SHORT_THRESHOLD = 0.9
"""Below SHORT_WORDS words the crisis model must be this sure. Leave-one-set-out on the training
sets: one crisis of 1,159 lost, no false alarm more or less; "help" (0.78), "sending it all"
(0.85) and "i want to donate" (0.68) stay calm. Cues still read every short message."""
OFF_TOPIC = "none"
"""The topic and entry models' label for a question the content does not answer."""
_SPARSE = np.dtype([("feature", "<u2"), ("label", "<u2"), ("weight", "<f2")])
"""One sparse weight in the file: feature, label position, half float."""
EXAMPLE_NEIGHBOURS = 5
"""Training questions most like a message that vote for the entries answering them."""
EXAMPLE_WEIGHT = 1.0
"""A vote's weight beside the entry models' probabilities: a question worded like five members'
questions about one entry gains up to this much. Chosen on two readers each trained without some
tuning sets and tried on them (1,768 and 953 on-topic questions; bot/engine/neighbours.py): 5
neighbours at 1.0 got 1,379 and 778 right first; 10 at 1.0, 1,373 and 771; 10 at 1.5, 1,387 and
766; 10 at 2.0, 1,388 and 765. Off-topic rejection and false alarms did not move."""


@lru_cache(maxsize=1)
def features(text: str) -> tuple[int, ...]:
    """The hashed features of a message: character n-grams, words and word pairs, each once.

    crc32 is stable across processes and Python versions, unlike hash(), so the weights a
    training run writes mean the same thing wherever they are read. Each kind of feature is
    hashed as its one-letter prefix followed by its text (crc32 carries on from the prefix's).
    One answer reads a message with up to four models: the last message's features are kept,
    and only until the next message is read.
    """
    normalised = normalise(text)[:READ_CHARS]
    words = normalised.split()
    padded = f" {normalised} "
    grams = {padded[i : i + n] for n in NGRAMS for i in range(len(padded) - n + 1)}
    mask = (1 << BITS) - 1
    hashed = {zlib.crc32(gram.encode(), _GRAM) & mask for gram in grams}
    hashed.update(zlib.crc32(word.encode(), _WORD) & mask for word in set(words))
    hashed.update(
        zlib.crc32(f"{first} {second}".encode(), _PAIR) & mask for first, second in pairwise(words)
    )
    return tuple(sorted(hashed))


_GRAM, _WORD, _PAIR = (zlib.crc32(prefix) for prefix in (b"c", b"w", b"b"))


@dataclass(frozen=True, slots=True, eq=False)
class Classifier:
    """Labels and one linear model each; two labels share one model, as logistic regression does.

    The weights are one matrix, a row a feature and a column a model, so a message's scores are
    one gather and sum over its feature rows: numpy does that for every model at once, about
    ten times faster than a Python loop over 1,000 n-grams of a long message.
    """

    labels: tuple[str, ...]
    weights: npt.NDArray[np.float32]
    """Shape (2**BITS, models); features are scaled to unit length as in training."""
    biases: npt.NDArray[np.float32]

    def best(self, hashed: Sequence[int]) -> tuple[str, float]:
        """The most likely label and its probability."""
        probabilities = self.probabilities(hashed)
        top = max(probabilities)
        return self.labels[probabilities.index(top)], top

    def probability(self, hashed: Sequence[int], label: str) -> float:
        """The probability of one label."""
        return self.probabilities(hashed)[self.labels.index(label)]

    def probabilities(self, hashed: Sequence[int]) -> list[float]:
        """Each label's probability: a sigmoid for two labels, a softmax for more."""
        scores = self.biases.tolist()
        if hashed:
            rows = np.fromiter(hashed, dtype=np.intp, count=len(hashed))
            sums = self.weights[rows].sum(axis=0, dtype=np.float64) / math.sqrt(len(hashed))
            scores = [bias + total for bias, total in zip(scores, sums.tolist(), strict=True)]
        if len(self.labels) == 2:
            yes = _sigmoid(scores[0])
            return [1 - yes, yes]
        top = max(scores)
        exps = [math.exp(score - top) for score in scores]
        return [value / sum(exps) for value in exps]


@dataclass(frozen=True, slots=True, eq=False)
class SparseModels:
    """One-vs-rest linear scores, one a label, with only their non-zero weights kept.

    Each label is scored on its own, so an entry the content gained since training simply has
    no model, and "none" (OFF_TOPIC) is a label like any other. The weights are grouped by
    feature in numpy arrays, so a message's scores are one gather and one bincount: as a dict of
    tuples they were a Python loop over every weight a message's features hold (0.45 ms of a
    question's 2-3 ms), and 135,000 small objects built one by one at start. Compared by
    identity, so the last scores can be kept per set of models (_scored).
    """

    labels: tuple[str, ...]
    biases: npt.NDArray[np.float64]
    starts: npt.NDArray[np.int64]
    """Where each feature's weights begin in `owners` and `weights`; one more than features."""
    owners: npt.NDArray[np.intp]
    """The label position of each weight, grouped by feature and ordered by label within it."""
    weights: npt.NDArray[np.float64]

    @classmethod
    def from_weights(
        cls,
        labels: Sequence[str],
        biases: Sequence[float],
        features: npt.NDArray[Any],
        owners: npt.NDArray[Any],
        weights: npt.NDArray[Any],
    ) -> SparseModels:
        """The models from each non-zero weight's feature, label position and value."""
        order = np.lexsort((owners, features))
        grouped = features[order]
        return cls(
            tuple(labels),
            np.asarray(biases, dtype=np.float64),
            np.searchsorted(grouped, np.arange((1 << BITS) + 1)).astype(np.int64),
            owners[order].astype(np.intp),
            weights[order].astype(np.float64),
        )

    def scores(self, hashed: Sequence[int]) -> tuple[float, ...]:
        """Each label's log-odds, in the order of `labels`.

        A confident match asks twice (is it off topic? would the reader overrule it?): the last
        message's scores are kept, as its features are.
        """
        return _scored(self, tuple(hashed))

    def probability(self, hashed: Sequence[int], label: str) -> float:
        """One label's probability; 0 for a label it has no model of."""
        if label not in self.labels:
            return 0.0
        return _sigmoid(self.scores(hashed)[self.labels.index(label)])

    @property
    def count(self) -> int:
        """How many weights are kept."""
        return len(self.weights)

    def records(self) -> npt.NDArray[Any]:
        """Every weight as (feature, label, half), grouped by feature: the file's layout."""
        found = np.empty(self.count, dtype=_SPARSE)
        found["feature"] = np.repeat(np.arange(1 << BITS), np.diff(self.starts))
        found["label"] = self.owners
        found["weight"] = self.weights
        return found


@lru_cache(maxsize=1)
def _scored(models: SparseModels, hashed: tuple[int, ...]) -> tuple[float, ...]:
    if not hashed:
        return tuple(models.biases.tolist())
    at = run_positions(models.starts, np.fromiter(hashed, dtype=np.intp, count=len(hashed)))
    sums = np.bincount(models.owners[at], weights=models.weights[at], minlength=len(models.labels))
    return tuple((models.biases + sums / math.sqrt(len(hashed))).tolist())


@dataclass(frozen=True, slots=True, eq=False)
class Examples:
    """Members' questions from the training sets, normalised, each with its entry's position.

    The entry models weigh words and letters one by one; a question worded much like ones
    members asked before is read by those questions too, as its nearest neighbours. Compared by
    identity, so the last message's votes can be kept (_votes).
    """

    texts: tuple[str, ...] = ()
    labels: tuple[int, ...] = ()
    """The position in the entry models' labels of the entry each question's labeller put first."""
    index: NeighbourIndex | None = None
    """The texts indexed, as training writes it into the file; built on first use when None."""

    def votes(self, message: str) -> Mapping[int, float]:
        """Label position -> share of the EXAMPLE_NEIGHBOURS closest questions, by likeness."""
        return _votes(self, message)

    def warm(self) -> None:
        """Index the questions, if the file did not carry them, before a message needs it.

        One lookup as well: numpy and the codecs import parts of themselves on first use
        (np.unique, the UTF-32 codec), 10-25 ms that a member's first question paid.
        """
        _index(self).nearest("warm", 1)


@lru_cache(maxsize=2)
def _index(examples: Examples) -> NeighbourIndex:
    return examples.index or NeighbourIndex.build(examples.texts)


@lru_cache(maxsize=1)
def _votes(examples: Examples, message: str) -> Mapping[int, float]:
    votes: dict[int, float] = {}
    nearest = _index(examples).nearest(normalise(message)[:READ_CHARS], EXAMPLE_NEIGHBOURS)
    for position, likeness in nearest:
        label = examples.labels[position]
        votes[label] = votes.get(label, 0.0) + likeness / EXAMPLE_NEIGHBOURS
    return votes


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
    examples: Examples = Examples()
    trained_digest: str = ""
    """A digest of the training sets' files as trained on (bot/training.py, digest): a set edited
    since is one the models have not read."""

    def crisis_probability(self, message: str) -> float:
        """How likely the message signals immediate danger or suicidal intent, from 0 to 1."""
        return self.crisis.probability(features(message), "crisis")

    def crisis_kind(self, message: str) -> CrisisKind | None:
        """The kind of crisis the message reads as, or None when it reads calm.

        A message of a few words gives the model little to go on ("sending it all" is one
        letter from "ending it all"), so it must be surer of those (SHORT_THRESHOLD).
        """
        hashed = features(message)
        threshold = self.crisis_threshold
        if len(message.split()) < SHORT_WORDS:
            threshold = max(threshold, SHORT_THRESHOLD)
        if self.crisis.probability(hashed, "crisis") < threshold:
            return None
        kind, _probability = self.kinds.best(hashed)
        return cast(CrisisKind, kind)

    def topic(self, message: str) -> str | None:
        """The topic a question is about, when the model is sure enough it is on topic at all."""
        label, probability = self.topics.best(features(message))
        if label == OFF_TOPIC or probability < self.topic_threshold:
            return None
        return label

    def off_topic_probability(self, message: str) -> float:
        """How likely the message is about nothing the content answers, from 0 to 1."""
        return self.entries.probability(features(message), OFF_TOPIC)

    def off_topic_by_both(self, message: str) -> float:
        """The chance both the entry and the topic readers are right that a message is off topic.

        Each alone errs both ways: the entry reader (one model a label) gives "none" 0.14 for
        "quel temps fait-il demain à paris", the topic reader 0.65 for "पोकसो कानुन कया हे"
        (what is the POCSO law). Multiplied, as if independent, they part those two.
        """
        return self.off_topic_probability(message) * self.topics.probability(
            features(message), OFF_TOPIC
        )

    def likeliest_topic(
        self, message: str, among: Iterable[str], *, beat_off_topic: bool = True
    ) -> str | None:
        """The likeliest of the topics `among`; None when the message reads off topic.

        Off topic means OFF_TOPIC is at least as likely as the best of `among`; a caller who
        knows the message is on topic from elsewhere asks with beat_off_topic False.
        """
        probabilities = dict(
            zip(self.topics.labels, self.topics.probabilities(features(message)), strict=True)
        )
        best = max(sorted(among), key=lambda topic: probabilities.get(topic, 0.0))
        off_topic = probabilities.get(OFF_TOPIC, 0.0) if beat_off_topic else 0.0
        return best if probabilities.get(best, 0.0) > off_topic else None

    def entries_for(self, message: str) -> list[tuple[str, float]]:
        """The entries the message reads as about, most likely first, down to OFF_TOPIC.

        An entry's likelihood is its model's probability plus the votes of the training
        questions most like the message (Examples). Only labels at least entry_threshold likely
        are kept, and none less likely than "none": a question more likely off topic than about
        an entry gets no guess from here.
        """
        if self.entry_threshold >= 1:  # a reader told never to guess
            return []
        labels = self.entries.labels
        likely = self._likelihoods(message)
        lowest = self.entry_threshold
        if OFF_TOPIC in labels:
            lowest = max(lowest, math.nextafter(float(likely[labels.index(OFF_TOPIC)]), math.inf))
        kept = np.flatnonzero(likely >= lowest)
        return sorted(
            ((labels[at], float(likely[at])) for at in kept if labels[at] != OFF_TOPIC),
            key=lambda pair: (-pair[1], pair[0]),
        )

    def likeliest_entries(self, message: str) -> list[str]:
        """Every entry label, likeliest first, "none" aside: for a choice made within a topic."""
        likely = self._likelihoods(message)
        order = np.argsort(-likely, kind="stable")
        return [self.entries.labels[at] for at in order if self.entries.labels[at] != OFF_TOPIC]

    def _likelihoods(self, message: str) -> npt.NDArray[np.float64]:
        """Each entry label's probability, plus its votes from like training questions."""
        scores = np.asarray(self.entries.scores(features(message)), dtype=np.float64)
        likely: npt.NDArray[np.float64] = 1 / (1 + np.exp(-scores))
        for label, vote in self.examples.votes(message).items():
            if self.entries.labels[label] != OFF_TOPIC:
                likely[label] += EXAMPLE_WEIGHT * vote
        return likely

    def write(self, path: Path = MODEL_PATH) -> None:
        """Save as one JSON header line, then the weights, then the questions' index.

        Dense models are little-endian halves; each sparse weight is (feature, label, half); the
        index is NeighbourIndex.as_bytes.
        """
        classifiers = {"crisis": self.crisis, "kinds": self.kinds, "topics": self.topics}
        header = {
            "bits": BITS,
            "ngrams": list(NGRAMS),
            "crisis_threshold": self.crisis_threshold,
            "topic_threshold": self.topic_threshold,
            "entry_threshold": self.entry_threshold,
            "trained_on": list(self.trained_on),
            "trained_digest": self.trained_digest,
            "classifiers": [
                {
                    "name": name,
                    "labels": list(classifier.labels),
                    "biases": classifier.biases.tolist(),
                }
                for name, classifier in classifiers.items()
            ],
            "entries": {
                "labels": list(self.entries.labels),
                "biases": self.entries.biases.tolist(),
                "count": self.entries.count,
            },
            "examples": {"texts": list(self.examples.texts), "labels": list(self.examples.labels)},
            "neighbours": _index(self.examples).described(),
        }
        with path.open("wb") as file:
            file.write(json.dumps(header).encode() + b"\n")
            for classifier in classifiers.values():
                file.write(classifier.weights.T.astype("<f2").tobytes())
            file.write(self.entries.records().tobytes())
            file.write(_index(self.examples).as_bytes())

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
            count = len(described["biases"])
            halves = np.frombuffer(body, dtype="<f2", count=count * size, offset=offset)
            offset += 2 * count * size
            classifiers[described["name"]] = Classifier(
                tuple(described["labels"]),
                np.ascontiguousarray(halves.reshape(count, size).T, dtype=np.float32),
                np.array(described["biases"], dtype=np.float32),
            )
        records = np.frombuffer(
            body, dtype=_SPARSE, count=header["entries"]["count"], offset=offset
        )
        end = offset + records.nbytes
        index = None
        if "neighbours" in header:
            index, _end = NeighbourIndex.from_buffer(header["neighbours"], body, end)
        entries = SparseModels.from_weights(
            header["entries"]["labels"],
            header["entries"]["biases"],
            records["feature"],
            records["label"],
            records["weight"],
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
            trained_digest=str(header.get("trained_digest", "")),
            examples=Examples(
                tuple(header.get("examples", {}).get("texts", ())),
                tuple(header.get("examples", {}).get("labels", ())),
                index,
            ),
        )


@cache
def shipped_reader() -> LearnedReader:
    """The models that ship with Signpost, read once per process."""
    return LearnedReader.read_file()


def _sigmoid(value: float) -> float:
    if value < -60:
        return 0.0
    return 1 / (1 + math.exp(-value))
