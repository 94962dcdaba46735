"""Plain, frozen results of the engine: what to show, never how it reads."""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum

from bot.content.loader import Entry
from bot.content.models import Country, CrisisKind, Resource

HARM_TOPICS = frozenset(
    {"sexual-assault", "domestic-violence", "child-abuse", "suicide-and-crisis"}
)
"""Topics about assault, abuse, self-harm or suicide: their answers open on the emergency number,
so a crisis the reader missed still shows it on the first screen."""


class Outcome(StrEnum):
    """The three ways a question can end."""

    ANSWER = "answer"
    SUGGESTIONS = "suggestions"
    NO_MATCH = "no_match"


@dataclass(frozen=True, slots=True)
class Suggestion:
    """An entry that might be what the member meant."""

    kind: str
    id: str
    title: str
    score: float
    translated_titles: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, entry: Entry, score: float) -> Suggestion:
        """Describe `entry` as a suggestion with its match score."""
        titles = tuple(entry.translated_titles.items())
        return cls(entry.kind, entry.id, entry.title, round(score, 1), titles)

    def in_language(self, language: str) -> Suggestion:
        """The suggestion titled in `language` where its entry is translated."""
        title = dict(self.translated_titles).get(language)
        return replace(self, title=title) if title else self


@dataclass(frozen=True, slots=True)
class EmergencyHelp:
    """Emergency numbers and round-the-clock lines; shown before anything else in a crisis.

    `country` is None when we do not know where the member is: then only international
    directories are listed, with a prompt to call the local emergency number.
    """

    country: Country | None
    lines: tuple[Resource, ...]
    kind: CrisisKind = "suicide"
    """suicide, danger, child or medical: it decides which lines come first."""

    def in_language(self, language: str) -> EmergencyHelp:
        """The same help as a member reading `language` sees it; numbers are shared data."""
        return replace(
            self,
            country=self.country.in_language(language) if self.country else None,
            lines=tuple(line.in_language(language) for line in self.lines),
        )


@dataclass(frozen=True, slots=True)
class Answer:
    """What the engine found for one question.

    `lines` are the support lines to show with the entry, best first (24/7 and the member's
    country before the rest). `emergency` is set whenever the question signalled danger.
    """

    query: str
    outcome: Outcome
    entry: Entry | None
    score: float
    suggestions: tuple[Suggestion, ...]
    country: Country | None
    lines: tuple[Resource, ...] = ()
    emergency: EmergencyHelp | None = None
    withheld: bool = False
    """True when the best answer exists but the member's server switched its topic off."""
    guessed: bool = False
    """True when no entry matched confidently and the topic the question hints at was given."""

    def in_language(self, language: str) -> Answer:
        """The answer as a member reading `language` sees it: every translated field swapped in.

        What was found does not change, only how it reads; a field with no translation stays
        English.
        """
        return replace(
            self,
            entry=self.entry.in_language(language) if self.entry else None,
            suggestions=tuple(s.in_language(language) for s in self.suggestions),
            country=self.country.in_language(language) if self.country else None,
            lines=tuple(line.in_language(language) for line in self.lines),
            emergency=self.emergency.in_language(language) if self.emergency else None,
        )

    @property
    def is_crisis(self) -> bool:
        """True when the question signalled immediate danger or suicidal intent."""
        return self.emergency is not None

    @property
    def crisis_kind(self) -> CrisisKind | None:
        """What kind of danger the question signalled, when it did."""
        return self.emergency.kind if self.emergency is not None else None

    @property
    def is_about_harm(self) -> bool:
        """Whether the answer is about assault, abuse, self-harm or suicide (HARM_TOPICS)."""
        return self.entry is not None and bool(self.entry.filed_under & HARM_TOPICS)

    @property
    def is_sensitive(self) -> bool:
        """Whether only the member may see it: anything but the campaign's public history.

        Support lines, FAQs about what happened to someone, and crisis help would tell a
        channel, where an abuser may read, what the member asked.
        """
        return self.is_crisis or self.entry is None or not self.entry.is_campaign

    @property
    def kind(self) -> str:
        """The answer's kind as the console and usage log name it."""
        if self.entry is not None:
            return self.entry.kind
        return "emergency" if self.emergency is not None else "none"
