"""Finding editors' cue words in a message: whole words in order, with small typos forgiven.

Crisis cues, calm cues and topic hints are all short word sequences ("kill myself", "exam is
killing me", "checks my phone"); one matcher serves all three, so they read a message the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Generic, TypeVar

from bot.engine.close_words import CACHE_LIMIT, CloseWords
from bot.engine.text import normalise

Label = TypeVar("Label", bound=Hashable)

TYPO_SCORE = 85.0
"""fuzz.ratio at which a typed word stands for a cue word ("pils" is not 85 from "pills", but
"overdosed" typed "overdozed" is 89): one wrong letter in a word of about seven letters."""
MIN_TYPO_LETTERS = 5
"""Shorter cue words must be spelt right: one letter turns "rope" into "rape" and "dead" into
"dad"."""
MAX_GAP = 1
"""Words a cue may skip between its own words ("took all my pills" for "took my pills")."""


@dataclass(frozen=True, slots=True)
class Hit(Generic[Label]):
    """A cue found in a message: which, and the word positions it covers (end exclusive)."""

    label: Label
    start: int
    end: int


class CueMatcher(Generic[Label]):
    """Matches many labelled cues against a message's words in one pass."""

    def __init__(self, cues: Iterable[tuple[str, Label]]) -> None:
        self._singles: dict[str, list[Label]] = {}
        """One-word cues by their word."""
        self._by_second: dict[str, dict[str, list[tuple[tuple[str, ...], Label]]]] = {}
        """Longer cues by their first word, then their second: a common first word ("in", "a")
        starts hundreds of cues, and a hostile "in in in …" tried them all at every word."""
        words: set[str] = set()
        # A stem's letters -> the stems ("unaliv*") that are those letters and a star.
        self._stems: dict[str, set[str]] = {}
        for text, label in cues:
            sequence = tuple(_cue_words(text))
            if not sequence:
                continue
            if len(sequence) == 1:
                self._singles.setdefault(sequence[0], []).append(label)
            else:
                following = self._by_second.setdefault(sequence[0], {})
                following.setdefault(sequence[1], []).append((sequence, label))
            for word in sequence:
                if word.endswith("*"):
                    self._stems.setdefault(word[:-1], set()).add(word)
                else:
                    words.add(word)
        # Sorted, not a set's order: of typos equally close to several cue words, the same
        # three are read in every process (a set's order follows PYTHONHASHSEED).
        self._words = tuple(sorted(words))
        self._known = frozenset(words)
        self._typos = CloseWords(
            tuple(word for word in self._words if len(word) >= MIN_TYPO_LETTERS), TYPO_SCORE, 3
        )
        self._readings: dict[str, frozenset[str]] = {}

    @property
    def vocabulary(self) -> tuple[str, ...]:
        """Every whole cue word (stems aside)."""
        return self._words

    def find(self, words: Sequence[str]) -> list[Hit[Label]]:
        """Every cue found in `words`, a normalised message split into words."""
        readings = [self.readings(word) for word in words]
        hits: list[Hit[Label]] = []
        for start, first in enumerate(readings):
            # The words a cue's second word may be, read once for every cue starting here.
            after: frozenset[str] | None = None
            for reading in sorted(first):
                alone = self._singles.get(reading, ())
                hits.extend(Hit(label, start, start + 1) for label in alone)
                following = self._by_second.get(reading)
                if not following:
                    continue
                if after is None:
                    after = frozenset().union(*readings[start + 1 : start + 2 + MAX_GAP])
                for second in sorted(after & following.keys()):
                    for sequence, label in following[second]:
                        end = _match_rest(sequence, readings, start)
                        if end is not None:
                            hits.append(Hit(label, start, end))
        return hits

    def readings(self, word: str) -> frozenset[str]:
        """The cue words (and stems) a typed word may stand for; remembered per word."""
        found = self._readings.get(word)
        if found is not None:
            return found
        if len(self._readings) >= CACHE_LIMIT:
            self._readings.clear()
        matches = {word} if word in self._known else set()
        # Each of the word's beginnings looked up, rather than every stem tried on the word: a
        # start-up warm-up reads tens of thousands of words (1.6 s of 2.7 when every stem was).
        for end in range(len(word) + 1):
            matches.update(self._stems.get(word[:end], ()))
        if len(word) >= MIN_TYPO_LETTERS and not matches:
            matches.update(match for match, _ in self._typos.find(word))
        found = frozenset(matches)
        self._readings[word] = found
        return found


def _cue_words(text: str) -> list[str]:
    """A cue's words as messages are normalised; a trailing `*` survives as a stem marker."""
    words: list[str] = []
    for raw in text.split():
        words += _normalised_word(raw.rstrip("*"))
        if raw.endswith("*") and words:
            words[-1] += "*"
    return words


@lru_cache(maxsize=1 << 16)
def _normalised_word(raw: str) -> tuple[str, ...]:
    """One written word as messages are normalised (it may split in two, as "l'appel" does).

    Remembered: the cue lists hold about 200,000 words but few distinct ones, and normalising
    each again was a fifth of building the engine at start.
    """
    return tuple(normalise(raw).split())


def _match_rest(
    sequence: tuple[str, ...], readings: Sequence[frozenset[str]], start: int
) -> int | None:
    """Where the cue that starts at `start` ends, each next word within MAX_GAP; None if not."""
    position = start + 1
    for word in sequence[1:]:
        found = next(
            (
                at
                for at in range(position, min(position + 1 + MAX_GAP, len(readings)))
                if word in readings[at]
            ),
            None,
        )
        if found is None:
            return None
        position = found + 1
    return position


GUESS_SHARE = 0.5
"""A language counts for a message when its evidence is at least this share of the best one's."""
LEAD_WORDS = 2.0
LEAD_FACTOR = 1.5
"""A message is clearly in one language with this many of its words, this many times another's."""


class LanguageGuesser:
    """Which languages' cues to read a message with, from the cue words it uses.

    Cue lists of different languages share spellings ("mes" is a knife in Dutch, "my" in French
    and "month" in Spanish); reading a French message with Dutch cues raises false alarms. A
    word counts for each language whose cues hold it, divided among them, so words many
    languages share say little.
    """

    def __init__(
        self,
        texts: Iterable[tuple[str, str]] = (),
        *,
        lookup: Callable[[str], frozenset[str]] | None = None,
    ) -> None:
        """Learn each word's languages from (language, text) pairs, or ask `lookup` for them.

        A lookup lets a caller that already indexed its texts by word (the matching engine)
        answer for the words a message has, rather than read every text again.
        """
        languages: dict[str, set[str]] = {}
        for language, text in texts:
            for raw in text.replace("*", "").split():
                for word in _normalised_word(raw):
                    languages.setdefault(word, set()).add(language)
        self._languages = {word: frozenset(found) for word, found in languages.items()}
        self._lookup = lookup

    def languages_of(self, word: str) -> frozenset[str]:
        """The languages whose texts hold `word`; none when no text does."""
        if self._lookup is not None:
            return self._lookup(word)
        return self._languages.get(word, frozenset())

    def guess(self, words: Iterable[str], preferred: str | None = None) -> frozenset[str]:
        """The languages a message is likely written in, with the member's own always among them."""
        scores = self._scores(words)
        best = max(scores.values(), default=0.0)
        chosen = {language for language, score in scores.items() if score >= GUESS_SHARE * best}
        return frozenset(chosen | ({preferred} if preferred else set()))

    def leading(self, words: Iterable[str]) -> str | None:
        """The one language a message is clearly written in, or None when that is not clear.

        Clear means at least LEAD_WORDS words' worth, LEAD_FACTOR times any other language's:
        read with the cue words, this names Tagalog for 790 of the 848 Tagalog training
        questions, and for 4 of the 4,911 English ones, each of them half in Tagalog.
        """
        scores = self._scores(words)
        if not scores:
            return None
        ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
        language, score = ranked[0]
        runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
        return language if score >= LEAD_WORDS and score >= LEAD_FACTOR * runner_up else None

    def _scores(self, words: Iterable[str]) -> dict[str, float]:
        """Each language's share of the words, a word shared by n languages counting 1/n each."""
        scores: dict[str, float] = {}
        # In the message's order, not a set's: the sums then round alike in every process.
        for word in dict.fromkeys(words):
            languages = self.languages_of(word)
            for language in languages:
                scores[language] = scores.get(language, 0.0) + 1 / len(languages)
        return scores


def language_of(locale: str | None) -> str | None:
    """A Discord locale's language as content files name it: "pt-BR" is "pt", "tl" is "fil"."""
    if not locale:
        return None
    language = locale.split("-")[0].casefold()
    return "fil" if language == "tl" else language
