"""The engine: a question in, an Answer out, ranked by rapidfuzz over one index per Snapshot."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator

from rapidfuzz import fuzz, process

from bot.answers import Answer, EmergencyHelp, Outcome, Suggestion
from bot.content.loader import Entry, Snapshot
from bot.content.models import (
    INTERNATIONAL,
    Country,
    Fact,
    FaqEntry,
    Resource,
    TimelineEvent,
    Topic,
)
from bot.crisis import CrisisDetector
from bot.query import normalise

log = logging.getLogger(__name__)

ANSWER_SCORE = 80.0
"""A best match at or above this is answered outright; below it, members get suggestions."""
ANSWER_MARGIN = 3.0
"""A best match this close to the runner-up is a guess between two, so the member chooses."""
SUGGEST_SCORE = 64.0
"""Matches below this are noise: off-topic questions in the labelled set peak just under it."""
TEXT_WEIGHT = 0.75
"""Body text (summaries, answers) counts less than titles and aliases, which editors chose."""
OTHER_COUNTRY_PENALTY = 8.0
"""A line from another country must match clearly better than a local one to outrank it."""
MIN_QUERY_LETTERS = 3
"""Shorter questions ("hi", "?") match everything a little and nothing well."""
MAX_SUGGESTIONS = 5
AUTOCOMPLETE_LIMIT = 25
"""Discord shows at most 25 autocomplete choices."""
_CANDIDATES = 120
"""How many indexed strings to aggregate per question; enough for every entry's best field."""
_BODY_CHARS = 400
"""Body text beyond this adds matching cost and no precision."""
_CRISIS_LINES = 4
"""Round-the-clock lines shown in a crisis, after the emergency numbers."""

_PREPOSITIONS = ("in", "the", "from", "for", "en", "au", "aux", "in der", "im")
_AMBIGUOUS_SHORT = frozenset(
    "us in de es it no me id my be to so do is at on or an as he we am la le el se en ca sa au ie fr".split()
)
"""Two-letter words that are also country aliases; they count only after a preposition."""


class Engine:
    """Answers questions from one Snapshot; build a new Engine to serve new content."""

    def __init__(self, snapshot: Snapshot, *, default_country: str | None = None) -> None:
        self.snapshot = snapshot
        self.default_country = default_country
        self._crisis = CrisisDetector(snapshot.phrases)
        self._entries: tuple[Entry, ...] = tuple(snapshot.by_id.values())
        self._choices: list[str] = []
        self._owners: list[int] = []
        self._weights: list[float] = []
        self._names: list[str] = []
        self._name_owners: list[int] = []
        for position, entry in enumerate(self._entries):
            for text, weight in _fields(entry):
                normal = normalise(text)
                if normal:
                    self._choices.append(normal)
                    self._owners.append(position)
                    self._weights.append(weight)
                    if weight == 1.0:
                        self._names.append(normal)
                        self._name_owners.append(position)
        self._countries = _CountryFinder(snapshot.countries)
        self._topic_names = {
            normalise(name): topic for topic in snapshot.topics for name in (topic.name, *topic.aliases)
        }

    def ask(
        self, query: str, *, locale: str | None = None, server_country: str | None = None
    ) -> Answer:
        """Answer a free question: a confident entry, suggestions, or no match, crisis first."""
        text = normalise(query)
        named, remainder = self._countries.find(text)
        country = named or self.country_for(locale, server_country)
        crisis = self._crisis.detect(text)
        ranked = self._rank(remainder, country, self._choices, self._owners, self._weights)
        best = ranked[0] if ranked else None
        runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
        if best is not None and best[1] >= ANSWER_SCORE and best[1] - runner_up >= ANSWER_MARGIN:
            entry = self._entries[best[0]]
            outcome = Outcome.ANSWER
            others = ranked[1 : MAX_SUGGESTIONS - 1]
        else:
            entry = None
            outcome = Outcome.SUGGESTIONS if ranked else Outcome.NO_MATCH
            others = ranked[:MAX_SUGGESTIONS]
        emergency = self.urgent(country, entry) if crisis else None
        if emergency is not None and outcome is not Outcome.ANSWER:
            outcome = Outcome.ANSWER
        log.debug(
            "ask: outcome=%s entry=%s score=%.1f crisis=%s country=%s",
            outcome,
            entry.id if entry else None,
            best[1] if best else 0.0,
            crisis is not None,
            country.code if country else None,
        )
        return Answer(
            query=query,
            outcome=outcome,
            entry=entry,
            score=round(best[1], 1) if entry is not None and best else 0.0,
            suggestions=tuple(Suggestion.of(self._entries[i], score) for i, score in others),
            country=country,
            lines=self.lines_for_entry(entry, country) if entry else (),
            emergency=emergency,
        )

    def suggest(self, partial: str, *, limit: int = AUTOCOMPLETE_LIMIT) -> tuple[Suggestion, ...]:
        """Entries to offer while a member is still typing; never raises, at most `limit`."""
        text = normalise(partial)
        if len(text) < 2:
            return tuple(Suggestion.of(topic, 0.0) for topic in self.snapshot.topics[:limit])
        ranked = self._rank(text, None, self._names, self._name_owners, None)
        return tuple(Suggestion.of(self._entries[i], score) for i, score in ranked[:limit])

    def entry(self, entry_id: str) -> Entry | None:
        """Look an entry up by id, as autocomplete values and buttons carry them."""
        return self.snapshot.by_id.get(entry_id)

    def answer_entry(self, entry: Entry, *, country: Country | None) -> Answer:
        """Answer with a known entry, such as an autocomplete choice the member picked."""
        return Answer(
            query=entry.title,
            outcome=Outcome.ANSWER,
            entry=entry,
            score=100.0,
            suggestions=(),
            country=country,
            lines=self.lines_for_entry(entry, country),
        )

    def find_topic(self, text: str) -> Topic | None:
        """The topic a member picked or typed ("dv", "Domestic and family violence")."""
        found = self.snapshot.by_id.get(text) or self._topic_names.get(normalise(text))
        if isinstance(found, Topic):
            return found
        ranked = self._rank(normalise(text), None, self._names, self._name_owners, None)
        topics = [self._entries[i] for i, score in ranked if score >= ANSWER_SCORE]
        return next((entry for entry in topics if isinstance(entry, Topic)), None)

    def country_for(self, locale: str | None, server_country: str | None = None) -> Country | None:
        """The member's country from their Discord locale, then the server's, then the default."""
        by_code = self.snapshot.country_by_code
        for code in (self._countries.from_locale(locale), server_country, self.default_country):
            if code and code in by_code:
                return by_code[code]
        return None

    def find_country(self, text: str) -> Country | None:
        """A country named in free text ("uk", "Australia"), as the /resources option takes it."""
        code = text.strip().upper()
        if code in self.snapshot.country_by_code:
            return self.snapshot.country_by_code[code]
        return self._countries.find(normalise(text))[0]

    def lines(self, topic: str | None, country: Country | None) -> tuple[Resource, ...]:
        """Support lines for a topic, local and 24/7 first, then international ones."""
        code = country.code if country else INTERNATIONAL
        found = self.snapshot.resources_for(topic, code)
        return tuple(
            sorted(
                found,
                key=lambda line: (code not in line.countries, not line.is_always_open),
            )
        )

    def lines_for_entry(self, entry: Entry, country: Country | None) -> tuple[Resource, ...]:
        """The lines worth showing with an entry: itself, its topic's, or those a FAQ relates."""
        if isinstance(entry, Resource):
            return (entry,)
        if isinstance(entry, Topic):
            return self.lines(entry.id, country)
        if isinstance(entry, FaqEntry):
            related = [self.snapshot.by_id[i] for i in entry.related]
            direct = [item for item in related if isinstance(item, Resource)]
            topics = [item.id for item in related if isinstance(item, Topic)] + list(entry.topics)
            return _unique([*direct, *(line for t in topics for line in self.lines(t, country))])
        return ()

    def urgent(self, country: Country | None, entry: Entry | None = None) -> EmergencyHelp:
        """Emergency numbers and 24/7 lines for a country, the matched topic's lines included."""
        around_the_clock = [line for line in self.lines(None, country) if line.is_always_open]
        crisis_lines = [line for line in around_the_clock if line.is_crisis_line]
        topical = [
            line for line in (self.lines_for_entry(entry, country) if entry else ()) if line.is_always_open
        ]
        local = [
            line
            for line in _unique([*topical, *crisis_lines, *around_the_clock])
            if country is None or country.code in line.countries
        ]
        if not local:
            local = [line for line in around_the_clock if INTERNATIONAL in line.countries]
        return EmergencyHelp(country=country, lines=tuple(local[:_CRISIS_LINES]))

    def _rank(
        self,
        text: str,
        country: Country | None,
        choices: list[str],
        owners: list[int],
        weights: list[float] | None,
    ) -> list[tuple[int, float]]:
        if sum(char.isalpha() for char in text) < MIN_QUERY_LETTERS:
            return []
        best: dict[int, float] = {}
        hits = process.extract(
            text, choices, scorer=fuzz.WRatio, processor=None, limit=_CANDIDATES, score_cutoff=SUGGEST_SCORE
        )
        for _, score, index in hits:
            owner = owners[index]
            weighted = score * (weights[index] if weights else 1.0)
            entry = self._entries[owner]
            if country is not None and isinstance(entry, Resource) and not _serves(entry, country):
                weighted -= OTHER_COUNTRY_PENALTY
            if weighted > best.get(owner, 0.0):
                best[owner] = weighted
        ranked = sorted(best.items(), key=lambda item: (-item[1], item[0]))
        return [(owner, score) for owner, score in ranked if score >= SUGGEST_SCORE]


class _CountryFinder:
    """Finds a country named in a question and returns the question without it."""

    def __init__(self, countries: Iterable[Country]) -> None:
        self._by_code = {country.code: country for country in countries}
        self._alias_to_code: dict[str, str] = {}
        self._locale_to_code: dict[str, str] = {}
        for country in countries:
            for name in (country.name, *country.aliases):
                alias = normalise(name)
                if alias:
                    self._alias_to_code.setdefault(alias, country.code)
            for locale in country.locales:
                self._locale_to_code[locale.casefold()] = country.code
        aliases = sorted(self._alias_to_code, key=len, reverse=True)
        prepositions = "|".join(_PREPOSITIONS)
        self._pattern = re.compile(
            rf"(?:\b(?:{prepositions}) )*\b(?P<alias>{'|'.join(map(re.escape, aliases))})\b"
            if aliases
            else r"(?!)"
        )

    def find(self, text: str) -> tuple[Country | None, str]:
        for match in self._pattern.finditer(text):
            alias = match.group("alias")
            has_preposition = match.start() != match.start("alias")
            if len(alias) <= 2 and alias in _AMBIGUOUS_SHORT and not has_preposition:
                continue
            remainder = (text[: match.start()] + " " + text[match.end() :]).split()
            return self._by_code[self._alias_to_code[alias]], " ".join(remainder)
        return None, text

    def from_locale(self, locale: str | None) -> str | None:
        if not locale:
            return None
        folded = locale.casefold()
        if folded in self._locale_to_code:
            return self._locale_to_code[folded]
        region = folded.partition("-")[2].upper()
        if region in self._by_code:
            return region
        return self._locale_to_code.get(folded.partition("-")[0])


def _serves(line: Resource, country: Country) -> bool:
    return country.code in line.countries or INTERNATIONAL in line.countries


def _unique(lines: Iterable[Resource]) -> tuple[Resource, ...]:
    return tuple({line.id: line for line in reversed(list(lines))}.values())[::-1]


def _fields(entry: Entry) -> Iterator[tuple[str, float]]:
    """The texts an entry is found by, each with its weight."""
    yield entry.title, 1.0
    yield from ((alias, 1.0) for alias in entry.aliases)
    if isinstance(entry, Resource):
        yield entry.service, 1.0
        yield entry.organisation, 1.0
        yield from ((contact.value, 1.0) for contact in entry.contacts if contact.kind in ("phone", "text"))
        yield entry.summary[:_BODY_CHARS], TEXT_WEIGHT
    elif isinstance(entry, Topic):
        yield entry.name, 1.0
        yield entry.description[:_BODY_CHARS], TEXT_WEIGHT
    elif isinstance(entry, FaqEntry):
        yield entry.answer[:_BODY_CHARS], TEXT_WEIGHT
    elif isinstance(entry, Fact):
        yield entry.statement[:_BODY_CHARS], TEXT_WEIGHT
    elif isinstance(entry, TimelineEvent):
        yield entry.description[:_BODY_CHARS], TEXT_WEIGHT
    else:
        yield entry.person, 1.0
        yield entry.summary[:_BODY_CHARS], TEXT_WEIGHT
