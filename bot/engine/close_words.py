"""The words of a fixed list that a typed word may be, by rapidfuzz's ratio, remembered.

Misspelt words are read three ways (the index's words, cue words, crisis phrase words), and a
scan of a whole list was the largest share of answering a real question: about ten words of a
member's message are not the content's own, each a scan of thousands (issue 14).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from rapidfuzz import fuzz, process

CACHE_LIMIT = 50_000
"""Words remembered before the memory starts over; bounds it on a bot that runs for months."""


class CloseWords:
    """The words of `words` within `score` of a typed word, best first, at most `limit`.

    fuzz.ratio is 200·m / (a + b) for m shared letters, and m is at most the shorter length, so
    a word whose length is too far from the typed word's cannot reach `score` and is never
    compared. The words compared keep the list's order, so ties fall as a full scan's would.
    """

    def __init__(self, words: Sequence[str], score: float, limit: int | None = None) -> None:
        self._words = words
        self._score = score
        self._limit = limit
        self._shortest_share = score / (200.0 - score)
        """The shorter word's length over the longer's below which `score` is out of reach."""
        self._by_length: dict[int, tuple[str, ...]] = {}
        self._found: dict[str, tuple[tuple[str, float], ...]] = {}

    def find(self, word: str) -> tuple[tuple[str, float], ...]:
        """(word of the list, ratio) for the closest words, best first."""
        found = self._found.get(word)
        if found is not None:
            return found
        if len(self._found) >= CACHE_LIMIT:
            self._found.clear()
        found = tuple(
            (match, score)
            for match, score, _ in process.extract(
                word,
                self._comparable(len(word)),
                scorer=fuzz.ratio,
                score_cutoff=self._score,
                limit=self._limit,
            )
        )
        self._found[word] = found
        return found

    def _comparable(self, length: int) -> tuple[str, ...]:
        """The words whose length leaves `score` in reach of a word of `length` letters.

        Worked out for a length when first needed: a question's words have a few lengths, and
        every length at once would cost building a large index what its questions never use.
        """
        found = self._by_length.get(length)
        if found is None:
            shortest = math.ceil(length * self._shortest_share - 1e-9)
            longest = math.floor(length / self._shortest_share + 1e-9)
            found = self._by_length[length] = tuple(
                word for word in self._words if shortest <= len(word) <= longest
            )
        return found
