"""Paged replies as books the engine can rebuild: a page button names its book, not its pages.

Because a book is rebuilt from the current content, and the place it is read in, whenever a
page is turned, page buttons keep no state in memory and still answer after a restart or a
reload.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from bot.chat.embeds import (
    Page,
    PrivacyFacts,
    fact_pages,
    help_pages,
    privacy_pages,
    slug_label,
    story_pages,
    supporter_pages,
    urgent_pages,
)
from bot.chat.embeds import timeline_pages as _timeline_pages
from bot.chat.translations import command_wording
from bot.engine.matching import Engine
from bot.engine.supporters import supporter_guide
from bot.language import N_, _, current_language

ALL_FACTS = N_("Facts about the #MeToo campaign")


@dataclass(frozen=True)
class Shelf:
    """What a book is built from: the current content and, for /help and /privacy, the place.

    `commands` are the member commands and their descriptions, `is_private` whether replies
    here are private, `privacy` what is kept here: all read afresh as each page turns.
    """

    engine: Engine
    privacy: PrivacyFacts
    commands: Sequence[tuple[str, str]] = ()
    is_private: bool = True


Book = Callable[[Shelf, str], Sequence[Page]]
"""Pages for one argument (a theme, a tag, a country code, or "" for all)."""


def stories(shelf: Shelf, theme: str) -> Sequence[Page]:
    """Stories on a theme, or all of them."""
    chosen = [s for s in shelf.engine.snapshot.stories if not theme or theme in s.themes]
    return story_pages(chosen) if chosen else []


def facts(shelf: Shelf, tag: str) -> Sequence[Page]:
    """Facts with a tag, or all of them, under a heading that says which."""
    chosen = [fact for fact in shelf.engine.snapshot.facts if not tag or tag in fact.tags]
    heading = f"{_(ALL_FACTS)}: {slug_label(tag)}" if tag else _(ALL_FACTS)
    return fact_pages(chosen, heading=heading) if chosen else []


def timeline(shelf: Shelf, _everything: str) -> Sequence[Page]:
    """The campaign's history in date order."""
    return _timeline_pages(shelf.engine.snapshot.events)


def supporters(shelf: Shelf, country: str) -> Sequence[Page]:
    """Guidance for supporters, then lines that take their calls in `country` (a code, or "")."""
    found = shelf.engine.find_country(country) if country else None
    return supporter_pages(supporter_guide(shelf.engine, found))


def urgent(shelf: Shelf, country: str) -> Sequence[Page]:
    """Emergency numbers and round-the-clock lines for `country` (a code, or "" when unknown)."""
    found = shelf.engine.find_country(country) if country else None
    return urgent_pages(shelf.engine.urgent(found))


def help_book(shelf: Shelf, _everything: str) -> Sequence[Page]:
    """What each member command does, in the reader's language, and how private replies are."""
    language = current_language()
    described = [
        (name, command_wording(name, description, language)[1])
        for name, description in shelf.commands
    ]
    return help_pages(described, is_private=shelf.is_private)


def privacy(shelf: Shelf, _everything: str) -> Sequence[Page]:
    """What is stored and never stored, and this server's choices as they are now."""
    return privacy_pages(shelf.privacy)


BOOKS: Mapping[str, Book] = MappingProxyType(
    {
        "stories": stories,
        "facts": facts,
        "timeline": timeline,
        "supporters": supporters,
        "urgent": urgent,
        "help": help_book,
        "privacy": privacy,
    }
)
"""Every paged reply, by the name its page buttons carry."""
PRIVATE_BOOKS = frozenset({"supporters", "urgent"})
"""Books shown only to the member in every server, so written in their own language."""
