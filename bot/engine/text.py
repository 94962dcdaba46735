"""Query normalisation: one canonical form for what members type and what editors write."""

from __future__ import annotations

import re
import unicodedata

MAX_QUERY_CHARS = 300
"""Questions are cut to this many characters after cleaning; no real question is longer, and
the cap bounds matching time for a 10,000-character paste."""

MAX_MESSAGE_CHARS = 6000
"""The most a message is read for danger: Discord's own limit on what a member can send."""

_MENTION = re.compile(r"<(?:@[!&]?|#)\d+>|@(?:everyone|here)\b")
_APOSTROPHES = re.compile(r"(?<=\w)['\u2019\u02bc](?=\w)")
_SPACES = re.compile(r"\s+")
_INVISIBLE = {"Cc", "Cf", "Co", "Cs", "Cn"}


def normalise(text: str, *, limit: int = MAX_QUERY_CHARS) -> str:
    """Fold `text` to lower-case words separated by single spaces, at most `limit` characters.

    Eight times `limit` raw characters are read, so zero-width padding cannot hide a question.

    NFKC first (full-width and compatibility forms), then case folding; invisible characters
    (zero-width, bidi overrides, controls) are removed, Discord mentions and markdown dropped,
    accents on Latin letters folded (so "espana" finds "España") while marks that carry meaning
    in other scripts stay.
    """
    text = unicodedata.normalize("NFKC", text[: limit * 8]).casefold()
    text = "".join(char for char in text if unicodedata.category(char) not in _INVISIBLE)
    text = _MENTION.sub(" ", text)
    text = _APOSTROPHES.sub("", _fold_latin_accents(text))
    text = "".join(char if unicodedata.category(char)[0] in "LNM" else " " for char in text)
    return _SPACES.sub(" ", text).strip()[:limit].rstrip()


def _fold_latin_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    kept: list[str] = []
    for char in decomposed:
        if unicodedata.combining(char) and kept and kept[-1].isascii():
            continue
        kept.append(char)
    return unicodedata.normalize("NFC", "".join(kept))
