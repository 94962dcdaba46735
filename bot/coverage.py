"""How much of the content and of the bot's own words each language has, for lint and tests.

First tier is what a member needs to get help (support lines, topics, countries, FAQ answers and
every message the bot writes); second tier is the campaign's history (facts, events, stories).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from bot.content.loader import Entry, Snapshot
from bot.content.localised import TRANSLATED, is_translatable, translations_of
from bot.content.models import ContentModel, Country
from bot.language import catalogue
from bot.phrases import bot_phrases

NOT_COUNTED = frozenset({"aliases"})
"""Aliases are what speakers of a language type, added where useful, not text to translate."""


@dataclass
class Tally:
    """Translated out of total, with what is missing named for editors."""

    translated: int = 0
    total: int = 0
    missing: list[str] = field(default_factory=list)

    @property
    def percent(self) -> float:
        """The share translated, to one decimal; an empty tier counts as complete."""
        return round(100 * self.translated / self.total, 1) if self.total else 100.0

    def count(self, is_translated: bool, where: str) -> None:
        """Count one field or sentence."""
        self.total += 1
        if is_translated:
            self.translated += 1
        else:
            self.missing.append(where)


@dataclass
class Coverage:
    """One language's coverage: content by tier, and the bot's own words."""

    first_tier: Tally = field(default_factory=Tally)
    second_tier: Tally = field(default_factory=Tally)
    messages: Tally = field(default_factory=Tally)


def coverage(snapshot: Snapshot) -> dict[str, Coverage]:
    """Each translated language's coverage of the content and of `bot_phrases()`."""
    result = {language: Coverage() for language in TRANSLATED}
    first: list[Entry | Country] = [
        *snapshot.topics,
        *snapshot.resources,
        *snapshot.countries,
        *snapshot.faq,
    ]
    second: list[Entry | Country] = [*snapshot.facts, *snapshot.events, *snapshot.stories]
    for tier, entries in (("first_tier", first), ("second_tier", second)):
        for entry in entries:
            for where, value in _translatable(entry, entry.id):
                languages = translations_of(value)
                for language, counted in result.items():
                    getattr(counted, tier).count(language in languages, where)
    phrases = bot_phrases()
    for language, counted in result.items():
        known = catalogue(language)
        for phrase in phrases:
            counted.messages.count(phrase in known, phrase)
    return result


def _translatable(model: ContentModel, where: str) -> Iterator[tuple[str, object]]:
    """Every translatable field with a value, named as `<id> <field>` (`fr-3919 summary`)."""
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        if isinstance(value, ContentModel):
            yield from _translatable(value, f"{where} {name}")
        elif isinstance(value, tuple) and value and isinstance(value[0], ContentModel):
            for position, item in enumerate(value):
                yield from _translatable(item, f"{where} {name}[{position}]")
        elif value and is_translatable(info) and name not in NOT_COUNTED:
            yield f"{where} {name}", value
