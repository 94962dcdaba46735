"""Autocomplete choices that narrow as a member types and forgive typos, for every option."""

from __future__ import annotations

from collections.abc import Sequence

from discord import app_commands
from rapidfuzz import fuzz, process

from bot.chat.limits import fit
from bot.engine.text import normalise

CHOICES_LIMIT = 25
"""Discord shows at most 25 autocomplete choices."""
CHOICE_CHARS = 100
"""A choice's name and value are at most 100 characters."""
TYPO_SCORE = 70.0
"""partial_ratio at which a label still counts as what was typed ("domestik" for "Domestic")."""


def narrowed(options: Sequence[tuple[str, str]], typed: str) -> list[app_commands.Choice[str]]:
    """`(label, value)` options for what has been typed: prefixes first, then words, then typos.

    Empty input keeps the given order, so callers list the most useful first; nothing typed
    ever leaves a member with no choices when a typo is close to one.
    """
    text = normalise(typed)
    if not text:
        ranked = list(options)
    else:
        labels = {index: normalise(label) for index, (label, _) in enumerate(options)}
        starts = [i for i, label in labels.items() if label.startswith(text)]
        words = [
            i
            for i, label in labels.items()
            if i not in starts and any(word.startswith(text) for word in label.split())
        ]
        close = [
            index
            for _, _, index in process.extract(
                text, labels, scorer=fuzz.partial_ratio, score_cutoff=TYPO_SCORE, limit=None
            )
            if index not in starts and index not in words
        ]
        ranked = [options[i] for i in (*starts, *words, *close)]
    return [
        app_commands.Choice(name=fit(label, CHOICE_CHARS), value=value[:CHOICE_CHARS])
        for label, value in ranked[:CHOICES_LIMIT]
    ]
