"""Spots words of immediate danger or suicidal intent, tolerating typos but not junk."""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz import fuzz, process

from bot.content.models import CrisisPhrase
from bot.query import normalise

CRISIS_SCORE = 85.0
"""Lowest fuzz.ratio between a phrase and a run of words that counts as a signal.

Measured on the labelled set (tests/quality): one typo in a 10-letter phrase scores 90 ("i wnat
to die"), one inserted word in a 5-word phrase 87.5; since every word must also match (below),
near misses that reach this score ("he wont let me see" against "he won't let me leave") are
turned away by their words, not by this number.
"""

WORD_SCORE = 75.0
"""Lowest fuzz.ratio for a word of the run to stand for a word of the phrase.

Measured on the labelled set: a swapped pair of letters scores 75 ("wnat" for "want"), a
dropped letter 86 ("kil" for "kill"); a different word sharing letters scores at most 67 ("dye"
for "die", "it" for "me"), so "i want to dye my hair" and "he's going to kill it" stay calm.
"""

FILLER_WORDS = frozenset("im ive hes shes theyre am is are was a an the to of na nang".split())
"""Contractions and articles people drop or spell freely ("i am going to jump" for "i'm going to
jump", "gusto ko na mamatay"); a run need not contain them. Every other word must be there."""


class CrisisDetector:
    """Compares a question's word runs with the editors' crisis phrases."""

    def __init__(self, phrases: Iterable[CrisisPhrase]) -> None:
        by_width: dict[int, set[str]] = {}
        self._exact: set[str] = set()
        for phrase in phrases:
            text = normalise(phrase.text)
            if text:
                by_width.setdefault(text.count(" ") + 1, set()).add(text)
                if phrase.exact:
                    self._exact.add(text)
        self._by_width = {width: tuple(sorted(texts)) for width, texts in by_width.items()}
        self._all = frozenset(text for texts in by_width.values() for text in texts)
        self._words = sorted({word for text in self._all for word in _needed(text)})
        self._every_phrase_needs_a_word = all(_needed(text) for text in self._all)

    def detect(self, normalised_query: str) -> str | None:
        """Return the crisis phrase the question contains, or None.

        Phrases are compared with runs of the same number of words (one fewer or more, for a
        dropped or split word), so a phrase never matches the middle of an unrelated word; and
        each word of the phrase longer than one letter (fillers aside) must appear in the run, so
        sharing the opening words of a phrase ("i want to ...") is not enough. Hence a run with
        no word close to any phrase's words cannot match and is not compared at all.
        """
        if not normalised_query:
            return None
        if normalised_query in self._all:
            return normalised_query
        words = normalised_query.split()
        hits = [
            not self._every_phrase_needs_a_word
            or process.extractOne(word, self._words, scorer=fuzz.ratio, score_cutoff=WORD_SCORE)
            is not None
            for word in words
        ]
        if not any(hits):
            return None
        best: tuple[str, float] | None = None
        for width, phrases in self._by_width.items():
            for run_width in {max(width - 1, 1), width, width + 1}:
                for start in range(len(words) - run_width + 1):
                    if not any(hits[start : start + run_width]):
                        continue
                    run = words[start : start + run_width]
                    for phrase, score, _ in process.extract(
                        " ".join(run),
                        phrases,
                        scorer=fuzz.ratio,
                        score_cutoff=CRISIS_SCORE,
                        limit=None,
                    ):
                        cutoff = 100.0 if phrase in self._exact else WORD_SCORE
                        if (best is None or score > best[1]) and _words_present(
                            phrase, run, cutoff
                        ):
                            best = (phrase, score)
        return best[0] if best else None


def _needed(phrase: str) -> list[str]:
    """The words of a phrase a run must contain: fillers and single letters aside."""
    return [word for word in phrase.split() if len(word) > 1 and word not in FILLER_WORDS]


def _words_present(phrase: str, run: list[str], cutoff: float) -> bool:
    return all(
        process.extractOne(word, run, scorer=fuzz.ratio, score_cutoff=cutoff) is not None
        for word in _needed(phrase)
    )
