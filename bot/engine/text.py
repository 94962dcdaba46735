"""Query normalisation: one canonical form for what members type and what editors write."""

from __future__ import annotations

import re
import unicodedata

MAX_QUERY_CHARS = 300
"""Questions are cut to this many characters after cleaning; no real question is longer, and
the cap bounds matching time for a 10,000-character paste."""

_RAW_CAP = MAX_QUERY_CHARS * 8
"""Characters read before cleaning, so zero-width padding cannot hide a short question."""

_MENTION = re.compile(r"<(?:@[!&]?|#)\d+>|@(?:everyone|here)\b")
_APOSTROPHES = re.compile(r"(?<=\w)['\u2019\u02bc](?=\w)")
_SPACES = re.compile(r"\s+")
_INVISIBLE = {"Cc", "Cf", "Co", "Cs", "Cn"}


def normalise(text: str) -> str:
    """Fold `text` to lower-case words separated by single spaces.

    NFKC first (full-width and compatibility forms), then case folding; invisible characters
    (zero-width, bidi overrides, controls) are removed, Discord mentions and markdown dropped,
    accents on Latin letters folded (so "espana" finds "España") while marks that carry meaning
    in other scripts stay.
    """
    text = unicodedata.normalize("NFKC", text[:_RAW_CAP]).casefold()
    text = "".join(char for char in text if unicodedata.category(char) not in _INVISIBLE)
    text = _MENTION.sub(" ", text)
    text = _APOSTROPHES.sub("", _fold_latin_accents(text))
    text = "".join(char if unicodedata.category(char)[0] in "LNM" else " " for char in text)
    return _SPACES.sub(" ", text).strip()[:MAX_QUERY_CHARS].rstrip()


def _fold_latin_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    kept: list[str] = []
    for char in decomposed:
        if unicodedata.combining(char) and kept and kept[-1].isascii():
            continue
        kept.append(char)
    return unicodedata.normalize("NFC", "".join(kept))
