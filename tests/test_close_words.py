"""Typed words read as the words of a list they are close to (bot/engine/close_words.py)."""

from __future__ import annotations

import random

from rapidfuzz import fuzz, process

from bot.engine import close_words
from bot.engine.close_words import CloseWords

WORDS = (
    "harassment",
    "harass",
    "restraining",
    "boyfriend",
    "abuse",
    "abused",
    "consent",
    "counsellor",
    "overdose",
    "pills",
    "verkrachting",
    "pagkatapos",
)


def test_a_typo_finds_the_word_it_was_meant_to_be() -> None:
    close = CloseWords(WORDS, 83.0, limit=3)
    assert close.find("harrassment")[0][0] == "harassment"
    assert close.find("restraning")[0][0] == "restraining"
    assert close.find("banana") == ()


def test_leaving_out_lengths_out_of_reach_finds_what_a_full_scan_finds() -> None:
    """Order and ties too: the words compared keep the list's order."""
    rng = random.Random(17)
    letters = "aeiourstnlbdkp"
    vocabulary = sorted({"".join(rng.choices(letters, k=rng.randint(2, 12))) for _ in range(3000)})
    typed = [
        *vocabulary[::37],
        *("".join(rng.choices(letters, k=rng.randint(1, 14))) for _ in range(300)),
    ]
    for score, limit in ((83.0, 3), (75.0, None)):
        close = CloseWords(vocabulary, score, limit=limit)
        for word in typed:
            full = process.extract(
                word, vocabulary, scorer=fuzz.ratio, score_cutoff=score, limit=limit
            )
            assert close.find(word) == tuple((match, found) for match, found, _ in full), word


def test_remembered_words_start_over_at_the_limit(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(close_words, "CACHE_LIMIT", 3)
    close = CloseWords(WORDS, 83.0, limit=3)
    for word in ("abuze", "pils", "consnet", "overdoze"):
        close.find(word)
    assert len(close._found) <= 3
    assert close.find("overdoze")[0][0] == "overdose"
