"""Reads a whole message for immediate danger: which kind, from phrases and cues that combine.

Whole phrases ("i want to die") are one signal; cues are the other: short words in roles
("pills" is means, "tonight" is time) that make a crisis only together, as editors' combos say.
Calm cues keep idioms, games and the past ordinary. The kind decides which lines come first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from bot.content.models import CalmCue, CrisisCombo, CrisisCue, CrisisKind, CrisisPhrase
from bot.engine.close_words import CloseWords
from bot.engine.cues import CueMatcher, LanguageGuesser, language_of
from bot.engine.learned import LearnedReader
from bot.engine.text import MAX_MESSAGE_CHARS, normalise

KIND_ORDER: tuple[CrisisKind, ...] = ("child", "danger", "suicide", "medical")
"""When a message signals two kinds, the first here leads: a child hurt now, then someone hurting
the member, need the emergency number and their own lines before anything else. Suicide leads a
medical emergency, whose lines it shares: on tuning set A the kind is right for 94 % of crisis
messages this way and 91 % the other. "my dad is hitting my little sister right now" reads as
both child and danger."""
NOW_ROLE = "time"
"""The role that says the danger is now; it keeps a sentence with a past or about cue in play."""
_CALMING = frozenset({"past", "about", "safe"})
"""Calm roles that quiet a sentence unless it also says the danger is now."""
_SENTENCE = re.compile(r"[.!?;\n\u0964]+")
"""Sentence ends: no nested quantifier, so splitting is linear in the message's length."""

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


@dataclass(frozen=True, slots=True)
class Signal:
    """Why a message reads as a crisis: its kind, and the phrase or roles that said so."""

    kind: CrisisKind
    reason: str


class CrisisReader:
    """Reads every sentence of a message with the phrases, the cues and the calm cues."""

    def __init__(
        self,
        phrases: Iterable[CrisisPhrase],
        cues: Iterable[CrisisCue] = (),
        combos: Iterable[CrisisCombo] = (),
        calm: Iterable[CalmCue] = (),
        languages: LanguageGuesser | None = None,
        model: LearnedReader | None = None,
    ) -> None:
        phrases = tuple(phrases)
        self.phrases = CrisisDetector(phrases)
        self._phrase_kinds = {normalise(p.text): p.kind for p in phrases}
        cues, calm = tuple(cues), tuple(calm)
        self._cues: dict[str, CueMatcher[tuple[CrisisKind, str]]] = {
            language: CueMatcher(
                (word, (cue.kind, cue.role))
                for cue in cues
                if cue.language == language
                for word in cue.words
            )
            for language in {cue.language for cue in cues}
        }
        self._calm: dict[str, CueMatcher[str]] = {
            language: CueMatcher(
                (word, cue.role) for cue in calm if cue.language == language for word in cue.words
            )
            for language in {cue.language for cue in calm}
        }
        self._languages = languages or LanguageGuesser(
            [(cue.language, word) for cue in cues for word in cue.words]
            + [(cue.language, word) for cue in calm for word in cue.words]
        )
        self._combos = [(combo.kind, frozenset(combo.roles)) for combo in combos]
        self._model = model

    def warm(self, words: Iterable[str]) -> None:
        """Work out ahead which cue and phrase words the content's own words stand for.

        One word at a time, all readers each, so a caller may stop the words short.
        """
        for word in words:
            self.phrases.warm((word,))
            for matcher in self._cues.values():
                matcher.readings(word)

    def read(
        self, message: str, locale: str | None = None, *, model_reads: bool = True
    ) -> Signal | None:
        """The crisis a message signals, or None; reads up to MAX_MESSAGE_CHARS characters.

        Cues are read in the languages the message seems written in, and the member's own, over
        the whole message at once (a cue may run across a full stop: "sorry for everything.
        goodbye"); each counts in the sentence it starts in. The model reads it too unless
        `model_reads` is false: the caller's say for a message with nothing in it to read.
        """
        words: list[str] = []
        sentence_of: list[int] = []
        for index, sentence in enumerate(_SENTENCE.split(message[: MAX_MESSAGE_CHARS * 2])):
            for word in normalise(sentence, limit=MAX_MESSAGE_CHARS).split():
                words.append(word)
                sentence_of.append(index)
        if not words:
            return None
        languages = self._languages.guess(words, language_of(locale))
        sentences = self._sentences(words, sentence_of, languages)
        signals = [signal for _, signal in sentences if signal is not None]
        for index, (roles, _) in enumerate(sentences):
            following = sentences[index + 1][0] if index + 1 < len(sentences) else []
            signals.extend(self._combined([*roles, *following]))
        if not signals:
            model = self._model if model_reads else None
            kind = model.crisis_kind(message) if model is not None else None
            return Signal(kind, "read as a crisis by the model") if kind else None
        return min(signals, key=lambda signal: KIND_ORDER.index(signal.kind))

    def _sentences(
        self, words: list[str], sentence_of: list[int], languages: frozenset[str]
    ) -> list[tuple[list[tuple[CrisisKind, str]], Signal | None]]:
        """Each sentence's cue roles and phrase, once calm cues have had their say."""
        count = sentence_of[-1] + 1
        hidden: set[int] = set()
        calm: list[set[str]] = [set() for _ in range(count)]
        for language in languages & self._calm.keys():
            for calm_hit in self._calm[language].find(words):
                if calm_hit.label in ("idiom", "fiction"):
                    hidden.update(range(calm_hit.start, calm_hit.end))
                calm[sentence_of[calm_hit.start]].add(calm_hit.label)
        kept = [position for position in range(len(words)) if position not in hidden]
        kept_words = [words[position] for position in kept]
        roles: list[list[tuple[CrisisKind, str]]] = [[] for _ in range(count)]
        for language in languages & self._cues.keys():
            for hit in self._cues[language].find(kept_words):
                roles[sentence_of[kept[hit.start]]].append(hit.label)
        kept_by_sentence: list[list[str]] = [[] for _ in range(count)]
        for position in kept:
            kept_by_sentence[sentence_of[position]].append(words[position])
        read: list[tuple[list[tuple[CrisisKind, str]], Signal | None]] = []
        for index in range(count):
            is_now = any(role == NOW_ROLE for _, role in roles[index])
            if "fiction" in calm[index] or (calm[index] & _CALMING and not is_now):
                read.append(([], None))
                continue
            text = " ".join(kept_by_sentence[index])
            phrase = self.phrases.detect(text)
            kind = self._phrase_kinds.get(phrase or "", "suicide")
            read.append((roles[index], Signal(kind, phrase) if phrase else None))
        return read

    def _combined(self, roles: list[tuple[CrisisKind, str]]) -> list[Signal]:
        """Signals of every combo whose roles all appear, each within its own kind."""
        held: dict[CrisisKind, set[str]] = {}
        for kind, role in roles:
            held.setdefault(kind, set()).add(role)
        return [
            Signal(kind, "+".join(sorted(needed)))
            for kind, needed in self._combos
            if needed <= held.get(kind, set())
        ]


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
        self._close_words = CloseWords(tuple(self._by_word), WORD_SCORE)

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
            for phrase_word, score in self._close_words.find(word):
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
            self._close_words.find(word)

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


def _needed(phrase: str) -> list[str]:
    """The words of a phrase a run must contain: fillers and single letters aside."""
    return [word for word in phrase.split() if len(word) > 1 and word not in FILLER_WORDS]


def _words_present(phrase: str, run: list[str], cutoff: float) -> bool:
    return all(
        process.extractOne(word, run, scorer=fuzz.ratio, score_cutoff=cutoff) is not None
        for word in _needed(phrase)
    )
