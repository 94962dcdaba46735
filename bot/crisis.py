"""Spots words of immediate danger or suicidal intent, tolerating typos but not junk."""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz import fuzz, process

from bot.content.models import CrisisPhrase
from bot.query import normalise

CRISIS_SCORE = 88.0
"""Lowest fuzz.ratio between a phrase and a same-length run of words that counts as a signal.

Measured on the labelled set: one typo in a 10-letter phrase scores 90 ("i wnat to die"), while
near misses that share a word score at most 84 ("sending it all" against "end it all").
"""


class CrisisDetector:
    """Compares a question's word runs with the editors' crisis phrases."""

    def __init__(self, phrases: Iterable[CrisisPhrase]) -> None:
        by_width: dict[int, set[str]] = {}
        for phrase in phrases:
            text = normalise(phrase.text)
            if text:
                by_width.setdefault(text.count(" ") + 1, set()).add(text)
        self._by_width = {width: tuple(sorted(texts)) for width, texts in by_width.items()}
        self._all = frozenset(text for texts in by_width.values() for text in texts)

    def detect(self, normalised_query: str) -> str | None:
        """Return the crisis phrase the question contains, or None.

        Phrases are compared with runs of the same number of words (one fewer or more, for a
        dropped or split word), so a phrase never matches the middle of an unrelated word.
        """
        if not normalised_query:
            return None
        if normalised_query in self._all:
            return normalised_query
        words = normalised_query.split()
        best: tuple[str, float] | None = None
        for width, phrases in self._by_width.items():
            for run_width in {max(width - 1, 1), width, width + 1}:
                for start in range(len(words) - run_width + 1):
                    run = " ".join(words[start : start + run_width])
                    match = process.extractOne(
                        run, phrases, scorer=fuzz.ratio, score_cutoff=CRISIS_SCORE
                    )
                    if match and (best is None or match[1] > best[1]):
                        best = (match[0], match[1])
        return best[0] if best else None
