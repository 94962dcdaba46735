"""A server's choices applied to an answer: switched-off topics, privacy, and whose country.

Every path that shows an entry (commands, autocomplete, suggestion and entry buttons, share)
asks one Policy, so a choice a moderator made cannot be honoured in one place and missed in another.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from bot.content.loader import Entry
from bot.content.localised import ENGLISH, language_for_locale
from bot.content.models import Country
from bot.engine.answers import Answer, Outcome, Suggestion
from bot.engine.matching import Engine


@dataclass(frozen=True, slots=True)
class Policy:
    """One server's choices, read for one member in one place (a channel, or a direct message).

    `channel` is compared with the server's public channels and never kept; `locale` is the
    member's Discord language, which only private replies may follow.
    """

    in_server: bool = False
    channel: int | None = None
    locale: str | None = None
    private_replies: bool = True
    public_channels: frozenset[int] = frozenset()
    disabled_topics: frozenset[str] = frozenset()
    disabled_commands: frozenset[str] = frozenset()
    country: str | None = None
    language: str = ENGLISH
    """The language the server chose for replies everyone sees."""

    @property
    def may_post_publicly(self) -> bool:
        """Whether anything may be posted for everyone here: servers only, in allowed channels."""
        if not self.in_server:
            return False
        return not self.public_channels or self.channel in self.public_channels

    @property
    def is_private(self) -> bool:
        """Replies are private unless the server opted out, in a channel it allows."""
        return self.private_replies or not self.may_post_publicly

    @property
    def reply_locale(self) -> str | None:
        """The member's locale for private replies; a public reply says nothing about them."""
        return self.locale if self.is_private else None

    def language_for(self, *, private: bool) -> str:
        """A private reply follows the member's Discord language; a public one the server's.

        A public reply in the member's language would tell the channel something about them.
        """
        return language_for_locale(self.locale) if private else self.language

    def reply_language(self, *, always_private: bool = False) -> str:
        """The language of a reply as private as this place makes it, or private regardless."""
        return self.language_for(private=always_private or self.is_private)

    def country_for(self, engine: Engine) -> Country | None:
        """A reply's country: the member's locale when private, then the server's, then ours."""
        return engine.country_for(self.reply_locale, self.country)

    def private_country_for(self, engine: Engine) -> Country | None:
        """The country for a reply only the member sees: their locale first, then the server's."""
        return engine.country_for(self.locale, self.country)

    def is_switched_off(self, command: str) -> bool:
        """Whether the server switched this command off."""
        return command in self.disabled_commands

    def is_withheld(self, entry: Entry, engine: Engine) -> bool:
        """Whether the server switched off every topic this entry serves.

        A line filed under two topics stays while either is on: switching off "online abuse" must
        not hide a line that also answers "sexual assault".
        """
        if not self.disabled_topics:
            return False
        topics = entry.filed_under & engine.topic_ids
        return bool(topics) and topics <= self.disabled_topics

    def allows(self, suggestions: Iterable[Suggestion], engine: Engine) -> list[Suggestion]:
        """The suggestions whose entries the server has not switched off (autocomplete, buttons)."""
        return [
            s
            for s in suggestions
            if (found := engine.entry(s.id)) is None or not self.is_withheld(found, engine)
        ]

    def apply(self, answer: Answer, engine: Engine) -> Answer:
        """The answer without the entry, lines and suggestions of topics the server switched off.

        Emergency help is never withheld: no server choice stands between a member and crisis
        lines. `withheld` tells the member an answer existed but this server switched it off.
        """
        if not self.disabled_topics:
            return answer
        entry = answer.entry
        withheld = entry is not None and self.is_withheld(entry, engine)
        if withheld:
            entry = None
        suggestions = tuple(self.allows(answer.suggestions, engine))
        outcome = answer.outcome
        if entry is None and answer.entry is not None and answer.emergency is None:
            outcome = Outcome.SUGGESTIONS if suggestions else Outcome.NO_MATCH
        return replace(
            answer,
            entry=entry,
            outcome=outcome,
            score=answer.score if entry else 0.0,
            suggestions=suggestions,
            lines=tuple(
                line for line in answer.lines if entry and not self.is_withheld(line, engine)
            ),
            withheld=answer.withheld or withheld,
        )
