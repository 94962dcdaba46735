"""Query normalisation: one canonical form for what members type and what editors write."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

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


def _normalise_unicode(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold().translate(_DROP_INVISIBLE)
    text = _MENTION.sub(" ", text)
    text = _APOSTROPHES.sub("", _fold_latin_accents(text))
    return " ".join(text.translate(_WORDS_ONLY).split())


def _normalise_ascii(text: str) -> str:
    """The same fold for plain ASCII, most content and questions, without per-character calls.

    NFKC and accent folding change nothing in ASCII, controls are its only invisible characters,
    and letters and digits its only word characters; a test checks both paths agree.
    """
    text = text.lower()
    if not text.isprintable():
        text = _ASCII_CONTROL.sub("", text)
    if "@" in text:
        text = _MENTION.sub(" ", text)
    # An apostrophe between letters is dropped ("don't"); anywhere else a space would stand
    # beside it anyway, so dropping every one folds the same.
    return " ".join(text.replace("'", "").translate(_ASCII_SPACES).split())


def _fold_latin_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    kept: list[str] = []
    for char in decomposed:
        if unicodedata.combining(char) and kept and kept[-1].isascii():
            continue
        kept.append(char)
    return unicodedata.normalize("NFC", "".join(kept))
