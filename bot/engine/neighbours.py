"""The training questions most like a message: the cosine of the character n-grams they share.

An edit-distance likeness (rapidfuzz's ratio over every question) compares a message letter by
letter in order, so one reworded clause or a longer message hides a question that shares
nearly all its words. Counting shared character n-grams, wherever they stand, finds it: trained
without twelve tuning sets and tried on their 1,768 on-topic questions, the entry reader with
these neighbours got 1,305 right first against 1,275 with edit-distance ones (bot/training.py).

The index is built with numpy over all questions at once (0.4 s for 18,000), in training, and
ships in the reader's file; it answers a message with one gather and one bincount, under a
millisecond. A gram's hash is a polynomial of its code points, so the same in every process.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

GRAMS = (3, 4, 5)
"""Character n-gram lengths, padded by a space at each end so short words count whole."""
BITS = 20
"""Grams are hashed into 2**BITS buckets, a million: 18,000 questions hold about 180,000 distinct
grams, so few unrelated ones share a bucket (2**18 scored alike on the held-out questions)."""
COMMON_SHARE = 0.04
"""A gram held by more of the questions than this says little about which are alike."""
FEWEST_COMMON = 2
"""In a handful of questions, a gram two of them hold is not yet common."""
_MULTIPLIER = np.uint64(1_000_003)
_SEPARATOR = "\0"

Ints = npt.NDArray[np.int64]


def gram_hashes(texts: Sequence[str]) -> tuple[Ints, Ints]:
    """(text position, gram hash) for every n-gram of every text, repeats kept.

    The texts are joined by a separator into one array of code points; a gram's hash is a
    polynomial of its code points, and grams that span a separator are dropped.
    """
    padded = [f" {text} " for text in texts]
    joined = _SEPARATOR.join(padded)
    codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    lengths = np.fromiter(map(len, padded), dtype=np.int64, count=len(padded))
    owners = np.repeat(np.arange(len(padded), dtype=np.int64), lengths + 1)[: len(codes)]
    separator = np.uint64(ord(_SEPARATOR))
    positions: list[Ints] = []
    hashes: list[Ints] = []
    for size in GRAMS:
        count = len(codes) - size + 1
        if count <= 0:
            continue
        hashed = np.zeros(count, dtype=np.uint64)
        whole = np.ones(count, dtype=bool)
        for offset in range(size):
            code = codes[offset : offset + count]
            hashed = hashed * _MULTIPLIER + code + np.uint64(size)
            whole &= code != separator
        hashed ^= hashed >> np.uint64(29)
        positions.append(owners[:count][whole])
        hashes.append((hashed[whole] & np.uint64((1 << BITS) - 1)).astype(np.int64))
    if not hashes:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return np.concatenate(positions), np.concatenate(hashes)


def run_positions(starts: npt.NDArray[Any], keys: npt.NDArray[Any]) -> Ints:
    """Every position of the runs `starts` marks out for `keys`, run after run.

    `starts[key]` is where a key's run begins and `starts[key + 1]` where it ends, as in a
    sparse matrix's rows; one gather for all the keys instead of a loop over them.
    """
    begins = starts[keys].astype(np.int64)
    sizes = starts[keys + 1] - begins
    return np.repeat(begins - np.cumsum(sizes) + sizes, sizes) + np.arange(int(sizes.sum()))


@dataclass(frozen=True, slots=True, eq=False)
class NeighbourIndex:
    """Which texts hold each gram, grouped by gram, and each text's length as a vector.

    Grams count once a text: repeats changed nothing on the held-out questions, and without
    them the index is two small integer arrays (about 15 MB for 25,000 questions).
    """

    starts: npt.NDArray[np.int32]
    """Where each gram's run begins in `texts`; one more than there are buckets."""
    texts: npt.NDArray[np.unsignedinteger[Any]]
    norms: npt.NDArray[np.float32]

    @classmethod
    def build(cls, texts: Sequence[str]) -> NeighbourIndex:
        """Sort every (gram, text) pair once and drop repeats."""
        positions, hashes = gram_hashes(texts)
        keys = np.sort(hashes << np.int64(32) | positions)
        first = np.ones(len(keys), dtype=bool)
        first[1:] = keys[1:] != keys[:-1]
        keys = keys[first]
        grams, owners = keys >> np.int64(32), keys & np.int64(0xFFFFFFFF)
        sizes = np.bincount(owners, minlength=len(texts)).astype(np.float64)
        starts = np.searchsorted(grams, np.arange((1 << BITS) + 1, dtype=np.int64))
        smallest = np.min_scalar_type(max(len(texts) - 1, 0))
        return cls(
            starts.astype(np.int32), owners.astype(smallest), np.sqrt(sizes, dtype=np.float32)
        )

    def described(self) -> dict[str, Any]:
        """What `from_buffer` needs to find the arrays again in a file's bytes."""
        return {
            "bits": BITS,
            "postings": len(self.texts),
            "texts": len(self.norms),
            "dtype": self.texts.dtype.newbyteorder("<").str,
        }

    def as_bytes(self) -> bytes:
        """The arrays, little-endian, one after another: shipped so no process builds them.

        Building takes under a second but briefly needs about 150 MB, which the allocator then
        keeps: the shipped reader's process peaked at 234 MB building it, 80 MB reading it.
        """
        dtype = self.described()["dtype"]
        return (
            self.starts.astype("<i4").tobytes()
            + self.texts.astype(dtype).tobytes()
            + self.norms.astype("<f4").tobytes()
        )

    @classmethod
    def from_buffer(
        cls, described: dict[str, Any], buffer: bytes, offset: int
    ) -> tuple[NeighbourIndex | None, int]:
        """The index `as_bytes` wrote at `offset`, and where its bytes end.

        None (and the bytes skipped) when it was written with other buckets: build it instead.
        """
        buckets = (1 << int(described["bits"])) + 1
        postings, texts, dtype = (
            int(described["postings"]),
            int(described["texts"]),
            described["dtype"],
        )
        starts = np.frombuffer(buffer, dtype="<i4", count=buckets, offset=offset)
        offset += starts.nbytes
        owners = np.frombuffer(buffer, dtype=dtype, count=postings, offset=offset)
        offset += owners.nbytes
        norms = np.frombuffer(buffer, dtype="<f4", count=texts, offset=offset)
        offset += norms.nbytes
        if described["bits"] != BITS:
            return None, offset
        return cls(starts, owners, norms), offset

    def nearest(self, text: str, limit: int) -> list[tuple[int, float]]:
        """The `limit` texts most like `text`, as (position, cosine likeness), likest first.

        Grams held by more than COMMON_SHARE of the texts (" th", "ing") are left out of the
        count, as stop words are, unless the message has no other. They were four fifths of
        the postings gathered for a typical message, and leaving them out changed little on
        2,146 questions never trained on: right first 1,091 → 1,095, nothing useful 25 → 23.
        The message's length still counts them, so likeness keeps its scale.
        """
        _positions, hashes = gram_hashes([text])
        grams = np.unique(hashes)  # a few hundred: sorting them is quick
        if not len(grams) or not len(self.norms):
            return []
        length = float(np.sqrt(len(grams)))
        held = self.starts[grams + 1] - self.starts[grams]
        rare = (held > 0) & (held <= max(COMMON_SHARE * len(self.norms), FEWEST_COMMON))
        if rare.any():
            grams = grams[rare]
        at = run_positions(self.starts, grams)
        if not len(at):
            return []
        shared = np.bincount(self.texts[at], minlength=len(self.norms))
        likeness = shared / (np.maximum(self.norms, 1.0) * length)
        limit = min(limit, len(likeness))
        top = np.argpartition(-likeness, limit - 1)[:limit]
        ordered = top[np.argsort(-likeness[top], kind="stable")]
        return [(int(at), float(likeness[at])) for at in ordered if likeness[at] > 0]
