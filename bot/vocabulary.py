"""The word lists the unmatched-question log redacts with: common words and people's names.

Both come from Faker (https://pypi.org/project/Faker/), chosen because one package holds both
lists the log needs, in the content's languages: its lorem providers are lists of the most
common words (1,000-2,300 per language, from published frequency lists), and its person
providers hold each country's census given names and surnames. It is pure Python with no
dependencies, released monthly, and only the dozen provider modules below are imported
(about 50 ms, once). wordfreq and pyspellchecker were measured too: their lists are large
(tens of MB in memory) and built from film subtitles, so they count "john" and "emily" as
common words and would still need a list of names.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Iterable, Iterator

from bot.engine.text import normalise

COMMON_WORD_LOCALES = ("en_US", "de_DE", "es_ES", "fr_FR", "nl_NL")
"""Faker's lorem lists in the languages the content serves (Portuguese has none)."""
NAME_LOCALES = (
    "en_US",
    "en_GB",
    "en_IE",
    "en_NZ",
    "en_IN",
    "es_ES",
    "es_MX",
    "fr_FR",
    "de_DE",
    "nl_NL",
    "pt_PT",
    "pt_BR",
)
"""Where members come from most: the content's countries and languages."""


@functools.cache
def common_words(locales: tuple[str, ...] = COMMON_WORD_LOCALES) -> frozenset[str]:
    """The most common words of the content's languages, normalised as questions are."""
    lists = ("word_list", "parts_of_speech")
    return frozenset(_normalised(_provided("lorem", locales, lists)))


@functools.cache
def personal_names() -> frozenset[str]:
    """Given names and surnames, one word each ("mary ann" gives "mary" and "ann")."""
    return frozenset(_normalised(_provided("person", NAME_LOCALES, ("first_names", "last_names"))))


def _provided(provider: str, locales: Iterable[str], prefixes: tuple[str, ...]) -> Iterator[str]:
    """Strings held by the named class attributes of each locale's Faker provider."""
    for locale in locales:
        found = importlib.import_module(f"faker.providers.{provider}.{locale}").Provider
        for attribute, value in vars(found).items():
            if attribute.startswith(prefixes):
                yield from _strings(value)


def _strings(value: object) -> Iterator[str]:
    """The words in a provider's list, weighted mapping (word -> weight) or lists by kind."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key if isinstance(item, int | float) else item)
    elif isinstance(value, tuple | list):
        for item in value:
            yield from _strings(item)


def _normalised(texts: Iterable[str]) -> Iterator[str]:
    for text in texts:
        yield from normalise(text).split()
