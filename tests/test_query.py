from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.engine.text import (
    MAX_QUERY_CHARS,
    _fold_latin_accents,
    _normalise_ascii,
    _normalise_unicode,
    normalise,
    normalise_all,
    phrase_pattern,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Hello  **World**", "hello world"),
        ("ＲＡＩＮＮ", "rainn"),
        ("I\u200b want\u200d to die", "i want to die"),
        ("@everyone help <@123456789012345678> <#1> <@&2>", "help"),
        ("\u202eevil\u202c text", "evil text"),
        ("España", "espana"),
        ("what's consent?", "whats consent"),
        ("it''s <#12> ok", "it s ok"),
        ("क्या मैं", "क्या मैं"),
        ("🙂🙂🙂", ""),
        ("", ""),
    ],
)
def test_normalise_folds_to_plain_words(raw: str, expected: str) -> None:
    assert normalise(raw) == expected


def test_normalise_caps_length() -> None:
    assert len(normalise("word " * 5000)) <= MAX_QUERY_CHARS


@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=200))
def test_ascii_fast_path_folds_exactly_as_the_full_path(text: str) -> None:
    assert _normalise_ascii(text) == _normalise_unicode(text)


TRICKY = (
    "aZ09 '\n\t\r\x00\x7f@<#>!.,éÉñōçΣǅ²½´\u0301\u0308\u0340\u200b\u2019\u02bcßİﬁ１＠＜＇﹫क्"
    "\u3000\u00a0—“«•″℃"
)
"""Characters each fold treats specially: case, apostrophes, controls, mentions, marks, widths."""
texts = st.text(alphabet=st.sampled_from(TRICKY), max_size=60) | st.text(max_size=60)


@given(st.lists(texts, max_size=8), st.integers(min_value=1, max_value=40))
def test_normalising_all_at_once_folds_each_text_as_alone(batch: list[str], limit: int) -> None:
    assert normalise_all(batch, limit=limit) == [normalise(text, limit=limit) for text in batch]


def test_normalising_many_texts_folds_the_odd_ones_in_any_block_alone() -> None:
    """Blocks of plain texts are checked joined: an odd text in one block, or a text longer than
    is read, still folds as it does alone, and its neighbours in other blocks stay plain."""
    batch = [f"Plain text number {number}" for number in range(1_000)]
    batch[3] = "ＲＡＩＮＮ in España"
    batch[300] = "it''s <@123> क्या"
    batch[999] = "long " * 100
    assert normalise_all(batch, limit=40) == [normalise(text, limit=40) for text in batch]


@given(texts)
def test_accents_fold_after_ascii_letters_only(text: str) -> None:
    """The rule character by character: a combining mark goes when the last kept character is
    ASCII, so "é" becomes "e" while a mark on a Devanagari letter stays."""
    kept: list[str] = []
    for char in unicodedata.normalize("NFD", text):
        if not (unicodedata.combining(char) and kept and kept[-1].isascii()):
            kept.append(char)
    assert _fold_latin_accents(text) == unicodedata.normalize("NFC", "".join(kept))


phrases = st.lists(st.text(alphabet="ab \u0301क्", min_size=1, max_size=6), min_size=1, max_size=12)


@given(phrases, st.text(alphabet="ab \u0301क्.", max_size=40))
def test_a_phrase_trie_finds_what_the_longest_first_alternation_finds(
    words: list[str], text: str
) -> None:
    """The trie is only faster: same matches, same spans, on words with marks inside them too."""
    longest_first = sorted(dict.fromkeys(words), key=len, reverse=True)
    alternation = re.compile(rf"\b(?:{'|'.join(map(re.escape, longest_first))})\b")
    found = [match.span() for match in phrase_pattern(words).finditer(text)]
    assert found == [match.span() for match in alternation.finditer(text)]
