"""Discord's documented message limits, and fitting text and embeds inside them."""

from __future__ import annotations

import re

import discord

# Discord's documented limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits).
CONTENT_LIMIT = 2000
EMBEDS_LIMIT = 10
TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
FIELDS_LIMIT = 25
FIELD_NAME_LIMIT = 256
FIELD_VALUE_LIMIT = 1024
FOOTER_LIMIT = 2048
AUTHOR_LIMIT = 256
EMBED_TOTAL_LIMIT = 6000
FIRST_SCREEN = 1200
"""Characters a reply may hold: about one phone screen, so the most important thing shows
without scrolling and the rest waits behind a button or the next page."""
ENTRY_CHARS = 450
"""An answer's own text before "Read all": room on the first screen for the lines to call."""
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


def fit(text: str, limit: int, more: str | None = None) -> str:
    """Shorten `text` to `limit` at a sentence (or, failing that, a word) with a link to the rest.

    Never cuts inside a number: "0808 2000 247" stays whole or goes whole.
    """
    if len(text) <= limit:
        return text
    suffix = f" … [more]({more})" if more else " …"
    budget = max(limit - len(suffix), 0)
    head = text[:budget]
    ends = [match.start() for match in _SENTENCE_END.finditer(head)]
    cut = ends[-1] if ends else _word_boundary(text, budget)
    return (head[:cut].rstrip() + suffix)[:limit]


def _word_boundary(text: str, end: int) -> int:
    """The last space at or before `end` that is not inside a number like "0808 2000 247".

    Reads `text`, not the kept part, so a space just before a cut-off digit is seen as inside.
    """
    for position in range(min(end, len(text) - 1), 0, -1):
        after = text[position + 1 : position + 2]
        is_inside_number = text[position - 1].isdigit() and after.isdigit()
        if text[position].isspace() and not is_inside_number:
            return position
    return 0


def within_limits(embeds: list[discord.Embed]) -> list[discord.Embed]:
    """Drop trailing fields, then trailing embeds, until the message fits Discord's totals."""
    embeds = embeds[:EMBEDS_LIMIT]
    while (excess := sum(len(embed) for embed in embeds) - EMBED_TOTAL_LIMIT) > 0:
        last = embeds[-1]
        if last.fields:
            last.remove_field(len(last.fields) - 1)
        elif len(embeds) > 1:
            embeds.pop()
        else:
            description = last.description or ""
            last.description = fit(description, max(len(description) - excess, 0))
    return embeds
