"""Query normalisation: one canonical form for what members type and what editors write."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from itertools import dropwhile, repeat

MAX_QUERY_CHARS = 300
"""Questions are cut to this many characters after cleaning; no real question is longer, and
the cap bounds matching time for a 10,000-character paste."""

MAX_MESSAGE_CHARS = 6000
"""The most a message is read for danger: Discord's own limit on what a member can send."""

_MENTION = re.compile(r"<(?:@[!&]?|#)\d+>|@(?:everyone|here)\b")
_APOSTROPHES = re.compile(r"(?<=\w)['\u2019\u02bc](?=\w)")
_SPACES = re.compile(r"\s+")
_INVISIBLE = {"Cc", "Cf", "Co", "Cs", "Cn"}
_ASCII_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_ASCII_SPACES = str.maketrans(
    {chr(code): " " for code in range(128) if not chr(code).isalnum() and chr(code) != "'"}
)
_APOSTROPHE_MARKS = ("'", "\u2019", "\u02bc")
_APOSTROPHE_RUNS = re.compile("''+")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_SPACE_RUNS = re.compile("  +")
"""Two spaces and more: a literal start, which re finds far faster than " {2,}"."""
_FOLDED_TO_SPACES = "".join(chr(code) for code in range(32, 127) if not chr(code).isalnum())
_SEPARATOR = "\n"
"""Between texts normalised together: never left inside a normalised text, and a word boundary."""
_ASCII_SPACES_KEEPING_SEPARATOR = {
    code: space for code, space in _ASCII_SPACES.items() if code != ord(_SEPARATOR)
}


def normalise(text: str, *, limit: int = MAX_QUERY_CHARS) -> str:
    """Fold `text` to lower-case words separated by single spaces, at most `limit` characters.

    Eight times `limit` raw characters are read, so zero-width padding cannot hide a question.

    NFKC first (full-width and compatibility forms), then case folding; invisible characters
    (zero-width, bidi overrides, controls) are removed, Discord mentions and markdown dropped,
    accents on Latin letters folded (so "espana" finds "España") while marks that carry meaning
    in other scripts stay.
    """
    text = text[: limit * 8]
    folded = _normalise_ascii(text) if text.isascii() else _normalise_unicode(text)
    return folded[:limit].rstrip()


def normalise_all(texts: Sequence[str], *, limit: int = MAX_QUERY_CHARS) -> list[str]:
    """`normalise` of each text, in order: how an engine reads all its content at once.

    Calling `normalise` per text was most of building an engine over 100,000 entries (issue 14).
    Plain text, nearly all content, is folded joined into one string, each step running once in
    C over everything: printable ASCII within the length read, without a mention or a run of
    apostrophes (which _normalise_ascii looks for in each text), once its other characters are
    spelt in ASCII where normalise would ("é" is "e", "—" a space; _ascii_spelling). Any other
    text (Devanagari, say) is folded alone. A test checks both agree.
    """
    spelt = list(texts)
    for position in _failing(spelt, str.isascii):
        spelt[position] = _NON_ASCII.sub(_spelt_in_ascii, spelt[position])
    reach = limit * 8
    alone = _failing(spelt, _is_plain, longest=reach)
    # What a text starts or ends with that folds to spaces would only leave spaces to trim.
    plain = list(map(str.strip, spelt, repeat(_FOLDED_TO_SPACES)))
    for position in alone:
        plain[position] = ""
    joined = (
        _SEPARATOR.join(plain).lower().replace("'", "").translate(_ASCII_SPACES_KEEPING_SEPARATOR)
    )
    folded = [text[:limit].rstrip() for text in _SPACE_RUNS.sub(" ", joined).split(_SEPARATOR)]
    for position in alone:
        folded[position] = normalise(texts[position], limit=limit)
    return folded if texts else []


_BLOCK = 256
"""Texts checked joined at once by _failing: content with a few translations in other scripts
still passes most blocks whole."""


def _failing(
    texts: list[str], check: Callable[[str], bool], longest: float = math.inf
) -> list[int]:
    """The positions of the texts `check` fails or that are longer than `longest`.

    `check` must fail texts joined whenever it fails one of them. A block of texts is checked
    joined first, in C, and each of its texts only when the block fails: checking all 650,000
    texts of 100,000 entries one by one took a quarter of a second.
    """
    failing: list[int] = []
    for start in range(0, len(texts), _BLOCK):
        block = texts[start : start + _BLOCK]
        if check("".join(block)) and max(map(len, block)) <= longest:
            continue
        failing += [
            start + at
            for at, text in enumerate(block)
            if not (check(text) and len(text) <= longest)
        ]
    return failing


def _is_plain(text: str) -> bool:
    """Whether _normalise_ascii folds `text` by what it does to every text alone.

    Printable ASCII, without a mention or a run of apostrophes: those it looks for in the text.
    """
    return (
        text.isascii()
        and text.isprintable()
        and "@" not in text
        and "<" not in text
        and "''" not in text
    )


def phrase_pattern(phrases: Iterable[str]) -> re.Pattern[str]:
    """A pattern finding any of `phrases` as whole words, the longest where several start.

    It is written as a trie, "me(?: too)?" rather than "me too|me": at every word re tries each
    alternative of a plain alternation in turn, which took 6.5 s over 100,000 entries with the
    shipped synonyms (issue 14); a trie follows one path through the phrases sharing a start.
    Greedy optional endings keep the longest phrase first, so the matches are the same as the
    alternation sorted longest first (a test checks). Depth is bounded by the longest phrase,
    so matching stays linear in the text's length.
    """
    trie = _Trie()
    for phrase in phrases:
        node = trie
        for char in phrase:
            node = node.setdefault(char, _Trie())
        node[""] = _Trie()
    trie.pop("", None)
    return re.compile(rf"\b{_alternatives(trie)}\b" if trie else r"(?!)")


class _Trie(dict[str, "_Trie"]):
    """Phrases by their next character; the key "" marks that a phrase ends here."""


def _alternatives(node: _Trie) -> str:
    """The pattern for what may follow `node`: each next character's branch, longest first."""
    branches = [re.escape(char) + _alternatives(child) for char, child in node.items() if char]
    if not branches:
        return ""
    if len(branches) == 1 and "" not in node:
        return branches[0]
    return f"(?:{'|'.join(branches)}){'?' if '' in node else ''}"


class _CharTable(dict[int, str]):
    """A str.translate table that classifies each character once, on first sight.

    Per-character Python calls dominated building the engine over 100,000 entries; translate
    runs in C and asks Python only about characters it has not met before.
    """

    def __init__(self, fold: Callable[[str], str]) -> None:
        super().__init__()
        self._fold = fold

    def __missing__(self, code: int) -> str:
        folded = self[code] = self._fold(chr(code))
        return folded


_DROP_INVISIBLE = _CharTable(lambda char: "" if unicodedata.category(char) in _INVISIBLE else char)
_WORDS_ONLY = _CharTable(lambda char: char if unicodedata.category(char)[0] in "LNM" else " ")


def _ascii_spelling(char: str) -> str:
    """How normalise spells `char` when that is ASCII ("É" is "e", "ﬁ" is "fi"), else itself.

    Alone, a character folds as it does in a text: compatibility forms, case and accents are
    its own, and a text holding anything that could join a neighbour (a combining mark) is left
    out of normalise_all's fast path by what stays non-ASCII. Punctuation, symbols and spaces
    ("—", "«") part words as a space does; a typographic apostrophe folds as an ASCII one.
    """
    if char == "\u2019":
        return "'"
    spelt = _fold_latin_accents(unicodedata.normalize("NFKC", char).casefold())
    if spelt.isascii():
        return spelt
    if all(unicodedata.category(part)[0] in "PSZ" and part not in "@<'" for part in spelt):
        return " "
    return char


_ASCII_SPELLING = _CharTable(_ascii_spelling)


def _spelt_in_ascii(run: re.Match[str]) -> str:
    return run.group().translate(_ASCII_SPELLING)


def _normalise_unicode(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    # Printable text holds no invisible character; translate would look up every character.
    if not text.isprintable():
        text = text.translate(_DROP_INVISIBLE)
    if "@" in text or "<" in text:
        text = _MENTION.sub(" ", text)
    text = _fold_latin_accents(text)
    if any(mark in text for mark in _APOSTROPHE_MARKS):
        text = _APOSTROPHES.sub("", text)
    return " ".join(text.translate(_WORDS_ONLY).split())


def _normalise_ascii(text: str) -> str:
    """The same fold for plain ASCII, most content and questions, without per-character calls.

    NFKC and accent folding change nothing in ASCII, controls are its only invisible characters,
    and letters and digits its only word characters; a test checks both paths agree.
    """
    text = text.lower()
    if not text.isprintable():
        text = _ASCII_CONTROL.sub("", text)
    if "@" in text or "<" in text:
        text = _MENTION.sub(" ", text)
    # An apostrophe between letters is dropped ("don't"); anywhere else a space would stand
    # beside it anyway, so dropping every one folds the same, except two or more together,
    # none of them between letters, which part words as a space does ("it''s" is "it s").
    if "''" in text:
        text = _APOSTROPHE_RUNS.sub(" ", text)
    return " ".join(text.replace("'", "").translate(_ASCII_SPACES).split())


def _fold_latin_accents(text: str) -> str:
    """Drop the combining marks that follow an ASCII letter ("é" is "e" and a mark), keep others.

    Only runs of non-ASCII characters are looked at, so mostly-ASCII text costs no Python call
    per character.
    """
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", _NON_ASCII.sub(_without_leading_marks, decomposed))


def _without_leading_marks(run: re.Match[str]) -> str:
    """A run of non-ASCII characters without the marks it opens with, when it follows ASCII.

    Runs are found whole, so only the first one can follow no ASCII character.
    """
    if run.start() == 0:
        return run.group()
    return "".join(dropwhile(unicodedata.combining, run.group()))
