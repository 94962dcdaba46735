"""Content tables written by tests into a copy of the fixture data, spelt as editors write them."""

from __future__ import annotations

import json
from collections.abc import Sequence


def faq_toml(
    faq_id: str,
    *,
    question: str,
    answer: str,
    aliases: Sequence[str],
    topics: Sequence[str],
    related: Sequence[str] = (),
    countries: Sequence[str] = (),
) -> str:
    """One `[[faq]]` table, starting on the file's second line so errors name line 3 for `id`."""
    fields = {"id": faq_id, "question": question, "answer": answer, "aliases": list(aliases)}
    if related:
        fields["related"] = list(related)
    if countries:
        fields["countries"] = list(countries)
    fields |= {
        "topics": list(topics),
        "source_url": f"https://example.org/{faq_id}",
        "source_name": "Example",
    }
    body = "".join(f"{key} = {json.dumps(value)}\n" for key, value in fields.items())
    return f"\n[[faq]]\n{body}"
