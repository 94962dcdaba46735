"""Paged replies as books the engine can rebuild: a page button names its book, not its pages.

Because a book is rebuilt from the current content whenever a page is turned, page buttons keep
no state in memory and still answer after a restart or a reload.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from types import MappingProxyType

from bot.chat.embeds import Page, fact_pages, slug_label, story_pages, supporter_pages
from bot.chat.embeds import timeline_pages as _timeline_pages
from bot.engine.matching import Engine
from bot.engine.supporters import supporter_guide
from bot.language import N_, _

ALL_FACTS = N_("Facts about the #MeToo campaign")

Book = Callable[[Engine, str], Sequence[Page]]
"""Pages for one argument (a theme, a tag, a country code, or "" for all)."""


def stories(engine: Engine, theme: str) -> Sequence[Page]:
    """Stories on a theme, or all of them."""
    chosen = [s for s in engine.snapshot.stories if not theme or theme in s.themes]
    return story_pages(chosen) if chosen else []


def facts(engine: Engine, tag: str) -> Sequence[Page]:
    """Facts with a tag, or all of them, under a heading that says which."""
    chosen = [fact for fact in engine.snapshot.facts if not tag or tag in fact.tags]
    heading = f"{_(ALL_FACTS)}: {slug_label(tag)}" if tag else _(ALL_FACTS)
    return fact_pages(chosen, heading=heading) if chosen else []


def timeline(engine: Engine, _everything: str) -> Sequence[Page]:
    """The campaign's history in date order."""
    return _timeline_pages(engine.snapshot.events)


def supporters(engine: Engine, country: str) -> Sequence[Page]:
    """Guidance for supporters, then lines that take their calls in `country` (a code, or "")."""
    found = engine.find_country(country) if country else None
    return supporter_pages(supporter_guide(engine, found))


BOOKS: Mapping[str, Book] = MappingProxyType(
    {"stories": stories, "facts": facts, "timeline": timeline, "supporters": supporters}
)
"""Every paged reply, by the name its page buttons carry."""
PRIVATE_BOOKS = frozenset({"supporters"})
"""Books shown only to the member in every server, so written in their own language."""
