"""Redaction of unanswered questions: only known words survive, never a name, number or handle.

The unmatched-question log must not identify anyone, so it keeps words from a known vocabulary
(the content's own words plus common words) and drops everything else. A list can only say which
words are known, not which are names in a given question ("will", "rose", "smith"), so a few
rules read the words around a name too: the surname after a first name, the words after a
number ("14 oak") and before a street word ("oak street"), and the words a cue introduces ("my
name is", "mr"). Linear in the question's length, with no pattern of its own (normalise's are
linear too), so a hostile question costs no more than a long one (issue 13, problem 4).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from bot.engine.matching import IGNORED_WORDS
from bot.engine.text import normalise

MAX_REDACTED_CHARS = 200
"""Longest stored question; editors need the gist, not an essay someone could recognise."""
_RAW_CAP = MAX_REDACTED_CHARS * 10
"""Characters read at all; past this no question is still one a person asked."""

IDENTIFYING_MARKS = frozenset("@#<>/\\=_+&%$~|")
"""A token with one of these is a handle, e-mail, link, mention or code, so it goes whole."""
INNER_MARKS = frozenset(".:")
"""These end sentences, but followed by a letter or digit they join a domain or a time."""
STREET_WORDS = frozenset(
    """street st road rd avenue ave lane ln boulevard blvd crescent terrace highway hwy parkway
    alley strasse calle rue rua straat""".split()
)
"""Words that end a street name: the word before one is a place, unless it is a function word
("the street" stays, "oak street" goes). Ambiguous ones ("close", "way", "court") are left out:
"a close friend" and "family court" are what members ask about."""
NAME_CUES = frozenset("named called mr mrs ms miss mx dr sir madam".split())
"""Words after which the next words are a name ("named jo", "mr hill"); "name is" is one too."""
MAX_FOLLOWING = 2
"""Words after a number or cue that may still be part of a name or address ("14 oak street")."""


class _Kind(Enum):
    KNOWN = "known"
    FUNCTION = "function"
    NAME = "name"
    UNKNOWN = "unknown"
    MARKED = "marked"
    """A token that held a digit, a handle or link mark: the token and what follows go."""


@dataclass(frozen=True)
class _Word:
    text: str
    kind: _Kind


class Redactor:
    """Keeps the known words of a question; built once per content version.

    `content` and `common` words may be stored; `names` never, unless `english` (common English
    words) has the word and the content or the function words use it ("doctor" and "will" are
    surnames and given names too): then it most likely means what the content means by it. A
    function word of another language that is an English name ("ben") stays a name.
    """

    def __init__(
        self,
        content: Iterable[str],
        common: Iterable[str],
        *,
        names: Iterable[str],
        english: Iterable[str],
    ) -> None:
        content = frozenset(content)
        self._names = frozenset(names) - ((content | IGNORED_WORDS) & frozenset(english))
        self._known = (content | frozenset(common) | IGNORED_WORDS) - self._names

    def redact(self, question: str) -> str:
        """The question's known words in order, or "" when none is left."""
        words = list(self._words(question[:_RAW_CAP]))
        dropped = self._dropped_by_context(words)
        kept = [
            word.text
            for position, word in enumerate(words)
            if position not in dropped and word.kind in (_Kind.KNOWN, _Kind.FUNCTION)
        ]
        text = " ".join(kept)
        if len(text) <= MAX_REDACTED_CHARS:
            return text
        return text[: MAX_REDACTED_CHARS + 1].rsplit(" ", 1)[0]

    def _words(self, question: str) -> Iterable[_Word]:
        for token in question.split():
            token = unicodedata.normalize("NFKC", token)
            if _is_marked(token):
                yield _Word("", _Kind.MARKED)
                continue
            for word in normalise(token).split():
                yield _Word(word, self._kind(word))

    def _kind(self, word: str) -> _Kind:
        if word in self._names:
            return _Kind.NAME
        if word in IGNORED_WORDS:
            return _Kind.FUNCTION
        return _Kind.KNOWN if word in self._known else _Kind.UNKNOWN

    @staticmethod
    def _dropped_by_context(words: list[_Word]) -> set[int]:
        """Positions of known words that a name, number, cue or street word around them gives away.

        After a lone first name, its surname goes ("jane doe"); after a number or a cue, up to
        MAX_FOLLOWING words up to the next function word ("14 oak street", "named jo ann"), and
        a number's label before it ("flat 5"); before a street word, the words back to the
        last function word ("at oak street").
        """
        dropped: set[int] = set()
        for position, word in enumerate(words):
            if word.text in STREET_WORDS and _is_content(words, position - 1):
                dropped.add(position)
                dropped.update(_run(words, position - 1, MAX_FOLLOWING, step=-1))
            if word.kind is _Kind.NAME:
                if not _is(words, position - 1, _Kind.NAME) and not _is(
                    words, position + 1, _Kind.NAME
                ):
                    dropped.update(_run(words, position + 1, 1, step=1))
            elif word.kind is _Kind.MARKED:
                dropped.update(_run(words, position - 1, 1, step=-1))
                dropped.update(_run(words, position + 1, MAX_FOLLOWING, step=1))
            elif word.text in NAME_CUES:
                dropped.update(_named(words, position + 1))
            elif word.text == "name" and _text(words, position + 1) in ("is", "was"):
                dropped.update(_named(words, position + 2))
        return dropped


def _is(words: list[_Word], position: int, kind: _Kind) -> bool:
    return 0 <= position < len(words) and words[position].kind is kind


def _text(words: list[_Word], position: int) -> str:
    return words[position].text if 0 <= position < len(words) else ""


def _is_content(words: list[_Word], position: int) -> bool:
    return 0 <= position < len(words) and words[position].kind is not _Kind.FUNCTION


def _run(words: list[_Word], start: int, limit: int, *, step: int) -> Iterable[int]:
    """Up to `limit` positions from `start` in direction `step`, stopping at a function word."""
    position = start
    for _ in range(limit):
        if not _is_content(words, position):
            return
        yield position
        position += step


def _named(words: list[_Word], start: int) -> Iterable[int]:
    """The word a cue introduces, even a function word ("mr may"), and the next ones."""
    if start < len(words):
        yield start
        yield from _run(words, start + 1, MAX_FOLLOWING - 1, step=1)


def _is_marked(token: str) -> bool:
    """True for a token shaped like a number, handle, e-mail, link or mention."""
    for position, character in enumerate(token):
        if character in IDENTIFYING_MARKS or unicodedata.category(character)[0] == "N":
            return True
        if character in INNER_MARKS and position + 1 < len(token) and token[position + 1].isalnum():
            return True
    return False
