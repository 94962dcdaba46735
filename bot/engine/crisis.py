"""Spots words of immediate danger or suicidal intent, tolerating typos but not junk."""

from __future__ import annotations

import math
from collections.abc import Iterable

from rapidfuzz import fuzz, process

from bot.content.models import CrisisPhrase
from bot.engine.text import normalise

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
    """Compares a question's word runs with the editors' crisis phrases.

    Only phrases whose every needed word appears (near enough) in the question are compared at
    all: a word -> phrases index, and a cache of which phrase words each question word is close
    to, keep the cost near constant as editors add phrases.
    """

    def __init__(self, phrases: Iterable[CrisisPhrase]) -> None:
        self._needs: dict[str, tuple[str, ...]] = {}
        self._exact: set[str] = set()
        for phrase in phrases:
            text = normalise(phrase.text)
            if text:
                self._needs[text] = tuple(_needed(text))
                if phrase.exact:
                    self._exact.add(text)
        self._by_word: dict[str, set[str]] = {}
        for text, needed in self._needs.items():
            for word in needed:
                self._by_word.setdefault(word, set()).add(text)
        by_length: dict[int, list[str]] = {}
        for word in self._by_word:
            by_length.setdefault(len(word), []).append(word)
        self._near_length = {
            length: tuple(
                word
                for other in range(
                    math.ceil(length * _LENGTH_RATIO), math.floor(length / _LENGTH_RATIO) + 1
                )
                for word in by_length.get(other, ())
            )
            for length in range(1, max(by_length, default=0) * 2 + 1)
        }
        self._close: dict[str, tuple[tuple[str, float], ...]] = {}

    def detect(self, normalised_query: str) -> str | None:
        """Return the crisis phrase the question contains, or None.

        A phrase is compared with runs of the same number of words (one fewer or more, for a
        dropped or split word), so a phrase never matches the middle of an unrelated word; and
        each word of the phrase longer than one letter (fillers aside) must appear in the run, so
        sharing the opening words of a phrase ("i want to ...") is not enough.
        """
        if not normalised_query:
            return None
        if normalised_query in self._needs:
            return normalised_query
        words = normalised_query.split()
        scores: dict[str, float] = {}
        for word in set(words):
            for phrase_word, score in self._close_words(word):
                scores[phrase_word] = max(score, scores.get(phrase_word, 0.0))
        best: tuple[str, float] | None = None
        for phrase in self._candidates(scores):
            run_score = self._best_run(phrase, words)
            if run_score is not None and (best is None or run_score > best[1]):
                best = (phrase, run_score)
        return best[0] if best else None

    def warm(self, words: Iterable[str]) -> None:
        """Work out ahead which phrase words these words are close to.

        Members mostly type the words the content uses, so an Engine warms the detector with
        its own vocabulary and questions rarely pay for the comparison.
        """
        for word in words:
            self._close_words(word)

    def _candidates(self, scores: dict[str, float]) -> list[str]:
        """Phrases all of whose needed words some question word is close to."""
        found: set[str] = set()
        for word in scores:
            found.update(self._by_word[word])
        return sorted(
            phrase
            for phrase in found
            if all(
                scores.get(word, 0.0) >= (100.0 if phrase in self._exact else WORD_SCORE)
                for word in self._needs[phrase]
            )
        )

    def _best_run(self, phrase: str, words: list[str]) -> float | None:
        width = phrase.count(" ") + 1
        cutoff = 100.0 if phrase in self._exact else WORD_SCORE
        best: float | None = None
        for run_width in {max(width - 1, 1), width, width + 1}:
            for start in range(len(words) - run_width + 1):
                run = words[start : start + run_width]
                score = fuzz.ratio(" ".join(run), phrase, score_cutoff=CRISIS_SCORE)
                if score and (best is None or score > best) and _words_present(phrase, run, cutoff):
                    best = score
        return best

    def _close_words(self, word: str) -> tuple[tuple[str, float], ...]:
        """Phrase words within WORD_SCORE of `word`, remembered: questions reuse their words."""
        if word in self._close:
            return self._close[word]
        if len(self._close) >= _CACHE_LIMIT:
            self._close.clear()
        choices = self._near_length.get(len(word), ())
        found = tuple(
            (match, score)
            for match, score, _ in process.extract(
                word, choices, scorer=fuzz.ratio, score_cutoff=WORD_SCORE, limit=None
            )
        )
        self._close[word] = found
        return found


_LENGTH_RATIO = WORD_SCORE / (200.0 - WORD_SCORE)
"""fuzz.ratio ≥ WORD_SCORE needs the shorter word at least this share of the longer one's length
(2·m / (a + b) ≥ s with m ≤ a gives a / b ≥ s / (200 − s)), so other lengths are not compared."""
_CACHE_LIMIT = 50_000
"""Words remembered before the cache starts over; bounds memory on a bot that runs for months."""


def _needed(phrase: str) -> list[str]:
    """The words of a phrase a run must contain: fillers and single letters aside."""
    return [word for word in phrase.split() if len(word) > 1 and word not in FILLER_WORDS]


def _words_present(phrase: str, run: list[str], cutoff: float) -> bool:
    return all(
        process.extractOne(word, run, scorer=fuzz.ratio, score_cutoff=cutoff) is not None
        for word in _needed(phrase)
    )
