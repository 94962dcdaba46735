"""Pydantic models for everything an editor can write in data/."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, ClassVar, Literal, Self
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    HttpUrl,
    StringConstraints,
    field_validator,
    model_validator,
)

from bot.content.localised import Translatable, translations_of

INTERNATIONAL = "international"
"""The country value of a resource that serves people anywhere."""

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
_CLOCK = re.compile(r"^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$")


def _slug(value: str) -> str:
    if not _SLUG.match(value):
        raise ValueError(f"{value!r} is not a slug (lower-case words joined by '-')")
    return value


def _country(value: str) -> str:
    if value != INTERNATIONAL and not _COUNTRY.match(value):
        raise ValueError(
            f"{value!r} is not an ISO 3166 alpha-2 code (like 'GB') or 'international'"
        )
    return value


def _language(value: str) -> str:
    if not _LANGUAGE.match(value):
        raise ValueError(f"{value!r} is not a language tag (like 'en' or 'fr-CA')")
    return value


Slug = Annotated[str, AfterValidator(_slug)]
CountryCode = Annotated[str, AfterValidator(_country)]
Language = Annotated[str, AfterValidator(_language)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Summary = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]
LocalText = Annotated[Text, Translatable()]
LocalShortText = Annotated[ShortText, Translatable()]
LocalSummary = Annotated[Summary, Translatable()]
"""Text members read, which may carry translations beside the English (bot/content/localised)."""
Aliases = Annotated[tuple[ShortText, ...], Translatable()]
"""What people type to find an entry; `aliases.fr = [...]` holds what French speakers type."""

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

ContactKind = Literal["phone", "text", "chat", "web", "email", "whatsapp", "tty"]

Serves = Literal[
    "anyone",
    "women",
    "men",
    "children",
    "young-people",
    "adults",
    "lgbtq",
    "trans",
    "indigenous",
    "veterans",
    "military",
    "deaf",
    "friends-family",
    "professionals",
    "people-who-harm",
]
"""Who a line is for; `friends-family` marks lines that also take calls from supporters."""


class ContentModel(BaseModel):
    """Base for content: immutable, strict about unknown keys so typos surface."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    verbatim: ClassVar[frozenset[str]] = frozenset()
    """Fields holding someone's own words: a translation is shown beside them, not instead."""

    def in_language(self, language: str) -> Self:
        """The entry as a member reading `language` sees it: each translated field swapped in.

        A field with no translation stays English, alone; numbers, links and hours are data and
        are shared by every language.
        """
        changes: dict[str, object] = {}
        for name in type(self).model_fields:
            value = getattr(self, name)
            translated = translations_of(value).get(language)
            if translated is not None:
                changes[name] = f"{value} ({translated})" if name in self.verbatim else translated
            elif isinstance(value, ContentModel):
                changes[name] = value.in_language(language)
            elif isinstance(value, tuple) and value and isinstance(value[0], ContentModel):
                changes[name] = tuple(item.in_language(language) for item in value)
        changed = {name: new for name, new in changes.items() if new != getattr(self, name)}
        return self.model_copy(update=changed) if changed else self

    def translated(self, name: str) -> dict[str, Any]:
        """A field's translations by language, for lint's coverage and matching's index."""
        return dict(translations_of(getattr(self, name)))


class EntryModel(ContentModel):
    """What every answerable entry shares; each kind overrides these, so callers need no ladder."""

    kind: ClassVar[str]
    """The word the kind goes by in answers, the console's JSON and the usage log."""
    title_field: ClassVar[str | None] = None
    """The field whose translations are also titles, found by matching in their language."""

    id: Slug
    aliases: Aliases = ()

    @property
    def filed_under(self) -> frozenset[str]:
        """The topics the entry belongs to, for a server's topic switches."""
        return frozenset()

    @property
    def names(self) -> tuple[str, ...]:
        """Other names it is found by as exactly as its title (organisation, number, person)."""
        return ()

    @property
    def body(self) -> str:
        """Its main text, which matching reads with a lower weight than names."""
        raise NotImplementedError

    @property
    def is_campaign(self) -> bool:
        """Whether it tells the campaign's history (facts, events, stories)."""
        return False

    @property
    def translated_aliases(self) -> dict[str, tuple[str, ...]]:
        """What speakers of each language type to find it, by language."""
        return {
            language: tuple(map(str, aliases))
            for language, aliases in self.translated("aliases").items()
        }

    @property
    def every_alias(self) -> tuple[str, ...]:
        """Its aliases in every language, for matching: a question may be in any of them."""
        translated = (alias for aliases in self.translated_aliases.values() for alias in aliases)
        return (*self.aliases, *translated)

    @property
    def translated_titles(self) -> dict[str, str]:
        """Its title in each language it is translated into, by language."""
        if self.title_field is None:
            return {}
        return {
            language: str(title) for language, title in self.translated(self.title_field).items()
        }


class Contact(ContentModel):
    """One way to reach a line: a number to call, a short code to text, a chat page."""

    kind: ContactKind
    value: Text
    keyword: ShortText | None = None
    label: LocalShortText | None = None
    note: LocalShortText | None = None

    @model_validator(mode="after")
    def _keyword_only_for_text(self) -> Contact:
        if self.keyword and self.kind not in ("text", "whatsapp"):
            raise ValueError("keyword is only for text or whatsapp contacts")
        if self.kind in ("web", "chat") and not self.value.startswith("https://"):
            raise ValueError(f"{self.kind} contact must be an https:// link")
        return self


class OpeningTimes(ContentModel):
    """A weekly slot; `to` earlier than `from` means the slot runs past midnight."""

    model_config = ConfigDict(populate_by_name=True)

    days: tuple[Weekday, ...] = Field(min_length=1)
    opens: str = Field(alias="from")
    closes: str = Field(alias="to")

    @field_validator("opens", "closes")
    @classmethod
    def _clock(cls, value: str) -> str:
        if not _CLOCK.match(value):
            raise ValueError(f"{value!r} is not a 24-hour time like '09:00'")
        return value


class Hours(ContentModel):
    """Published opening hours, in the line's own time zone."""

    always_open: bool = False
    timezone: str | None = None
    open: tuple[OpeningTimes, ...] = ()
    note: LocalShortText | None = None

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                ZoneInfo(value)
            except (ZoneInfoNotFoundError, ValueError) as error:
                raise ValueError(f"{value!r} is not an IANA time zone") from error
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Hours:
        if self.always_open and self.open:
            raise ValueError("a line open 24/7 lists no opening slots")
        if not self.always_open and not self.open:
            raise ValueError("give always_open = true or at least one opening slot")
        if self.open and self.timezone is None:
            raise ValueError("opening slots need a timezone (IANA, e.g. 'Europe/London')")
        return self


class Resource(EntryModel):
    """A support line or service a person can contact."""

    kind: ClassVar[str] = "resource"
    organisation: ShortText
    service: ShortText
    summary: LocalSummary
    topics: tuple[Slug, ...] = Field(min_length=1)
    countries: tuple[CountryCode, ...] = Field(min_length=1)
    region: LocalShortText | None = None
    contacts: tuple[Contact, ...] = Field(min_length=1)
    hours: Hours | None = None
    serves: tuple[Serves, ...] = Field(min_length=1)
    serves_note: LocalShortText | None = None
    languages: tuple[Language, ...] = ("en",)
    url: HttpUrl
    source_url: HttpUrl
    verified_on: dt.date
    """The day an editor compared every contact detail with the page at `source_url`."""
    source_date: dt.date | None = None
    """The date the source page itself shows (or of the archived copy read); members see its age."""
    source_note: LocalShortText | None = None
    """Said to members when the source is not the organisation's or a government page, e.g.
    "from a news report, 2023"."""
    aliases: Aliases = ()
    is_crisis_line: bool = False

    @property
    def filed_under(self) -> frozenset[str]:
        """A line belongs to every topic it is filed under."""
        return frozenset(self.topics)

    @property
    def names(self) -> tuple[str, ...]:
        """Members ask for a line by service, organisation, or the number they remember."""
        numbers = (c.value for c in self.contacts if c.kind in ("phone", "text"))
        return (self.service, self.organisation, *numbers)

    @property
    def body(self) -> str:
        """A line reads as its summary."""
        return self.summary

    @property
    def title(self) -> str:
        """The name people know: the service, with its organisation when that adds something."""
        if self.organisation.casefold() in self.service.casefold():
            return self.service
        return f"{self.service} ({self.organisation})"

    @property
    def is_always_open(self) -> bool:
        """True for lines that answer day and night."""
        return self.hours is not None and self.hours.always_open


CueText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=80)]
"""A word or short phrase; a trailing `*` matches any ending ("harass*": harassed, harassment)."""


class Topic(EntryModel):
    """A subject resources are filed under, such as sexual assault or online abuse."""

    kind: ClassVar[str] = "topic"
    title_field: ClassVar[str | None] = "name"
    name: LocalShortText
    description: LocalSummary
    fallback: Slug | None = None
    """The topic whose lines stand in for this one's in a country where it has none, so a
    question about harassment at work in Germany still gets lines to call (issue 14)."""

    @property
    def title(self) -> str:
        """Topics read as their name."""
        return self.name

    @property
    def filed_under(self) -> frozenset[str]:
        """A topic is its own switch."""
        return frozenset({self.id})

    @property
    def body(self) -> str:
        """A topic reads as its description."""
        return self.description


class EmergencyNumber(ContentModel):
    """A number to call for police, ambulance or immediate danger."""

    number: ShortText
    label: LocalShortText


class Country(ContentModel):
    """A country the content covers, with its emergency numbers and how people name it."""

    code: CountryCode
    name: LocalShortText
    aliases: Aliases = ()
    locales: tuple[ShortText, ...] = ()
    written_in: tuple[Language, ...] = ()
    """Languages that point here when a message is written in one and the member's Discord
    locale is English or unknown: Discord has no Tagalog locale, so Filipino members arrive as
    en-US, and a Tagalog question answered with United States lines would help no one; many
    members in India keep Discord in English too."""
    emergency: tuple[EmergencyNumber, ...] = Field(min_length=1)
    emergency_note: LocalSummary | None = None
    source_url: HttpUrl
    verified_on: dt.date
    """The day an editor compared every contact detail with the page at `source_url`."""
    source_date: dt.date | None = None
    """The date the source page itself shows (or of the archived copy read); members see its age."""
    source_note: LocalShortText | None = None
    """Said to members when the source is not the organisation's or a government page, e.g.
    "from a news report, 2023"."""

    @property
    def id(self) -> str:
        """Countries are referred to by their code."""
        return self.code


class _CampaignEntry(EntryModel):
    """Facts, events and stories: the campaign's history, each from a named source."""

    title_field: ClassVar[str | None] = "title"

    source_url: HttpUrl
    source_name: ShortText

    @property
    def is_campaign(self) -> bool:
        """They all tell the campaign's history."""
        return True


class Fact(_CampaignEntry):
    """A sourced statement about the #MeToo campaign."""

    kind: ClassVar[str] = "fact"
    title: LocalShortText
    statement: LocalText
    date: dt.date
    tags: tuple[Slug, ...] = Field(min_length=1)

    @property
    def body(self) -> str:
        """A fact reads as its statement."""
        return self.statement


class TimelineEvent(_CampaignEntry):
    """A dated event in the campaign's history."""

    kind: ClassVar[str] = "event"
    date: dt.date
    title: LocalShortText
    description: LocalText

    @property
    def body(self) -> str:
        """An event reads as its description."""
        return self.description


class Story(_CampaignEntry):
    """A public statement a person chose to make, summarised with care.

    `summary` is the short version and never graphic; `account` may carry detail and is shown
    only when the member asks to read it.
    """

    kind: ClassVar[str] = "story"
    verbatim: ClassVar[frozenset[str]] = frozenset({"quote"})
    person: ShortText
    title: LocalShortText
    summary: LocalSummary
    account: LocalText
    content_warnings: Annotated[tuple[ShortText, ...], Translatable()] = ()
    themes: tuple[Slug, ...] = Field(min_length=1)
    quote: LocalShortText | None = None
    date: dt.date

    @property
    def names(self) -> tuple[str, ...]:
        """Members ask for a story by the person's name."""
        return (self.person,)

    @property
    def body(self) -> str:
        """Only the short version is read: the account is shown on request, never searched."""
        return self.summary


class FaqEntry(EntryModel):
    """A question people ask, answered from a cited source."""

    kind: ClassVar[str] = "faq"
    title_field: ClassVar[str | None] = "question"
    question: LocalShortText
    answer: LocalText
    related: tuple[Slug, ...] = ()
    topics: tuple[Slug, ...] = ()
    countries: tuple[CountryCode, ...] = ()
    """Where the answer holds (its law or services are one country's); empty means everywhere."""
    source_url: HttpUrl
    source_name: ShortText

    @property
    def title(self) -> str:
        """A question reads as its own title."""
        return self.question

    @property
    def filed_under(self) -> frozenset[str]:
        """A FAQ belongs to its topics and to the topics it points to."""
        return frozenset((*self.topics, *self.related))

    @property
    def body(self) -> str:
        """A FAQ reads as its answer."""
        return self.answer


class CrisisPhrase(ContentModel):
    """Words that signal immediate danger or suicidal intent, in one language."""

    text: Annotated[str, StringConstraints(strip_whitespace=True, min_length=4, max_length=120)]
    language: Language = "en"
    kind: CrisisKind = "suicide"
    exact: bool = False
    """Match the words as spelt, with no typo tolerance: for phrases one letter away from an
    everyday question ("nataka kujiua", I want to kill myself, against "nataka kujua", I want to
    know). List common misspellings as phrases of their own."""


CrisisKind = Literal["suicide", "danger", "child", "medical"]
"""What kind of danger a message signals; it decides which lines come after the emergency number:
suicide or self-harm -> crisis lines; danger from another person -> domestic and sexual violence
lines; a child in danger -> child lines; a medical emergency -> the emergency number first."""

CalmRole = Literal["idiom", "past", "about", "safe", "fiction"]


class CrisisCue(ContentModel):
    """Words that signal one part of a crisis ("pills", "tonight", "he's outside").

    Cues combine: a CrisisCombo names the roles that together make a crisis of its kind, so
    "i have the pills" alone is calm while "i have the pills and tonight is the night" is not.
    """

    kind: CrisisKind
    role: Slug
    language: Language = "en"
    words: tuple[CueText, ...] = Field(min_length=1)


class CrisisCombo(ContentModel):
    """Roles that together signal a crisis of one kind, within a sentence or two.

    A combo of one role means that role is enough on its own ("kill myself").
    """

    kind: CrisisKind
    roles: tuple[Slug, ...] = Field(min_length=1, max_length=4)


class CalmCue(ContentModel):
    """Words that keep crisis words ordinary: idioms, games and fiction, the past, questions about.

    An idiom or fiction cue hides the words it covers ("this exam is killing me"); a past, about
    or safe cue calms a sentence unless it also says the danger is now.
    """

    role: CalmRole
    language: Language = "en"
    words: tuple[CueText, ...] = Field(min_length=1)


class TopicHint(ContentModel):
    """Words people use when they describe a topic's subject without naming it, in one language.

    When no entry matches a question confidently, the topic whose hints it uses most is answered
    with its lines, so an on-topic question never gets nothing.
    """

    topic: Slug
    language: Language = "en"
    words: tuple[CueText, ...] = Field(min_length=1)


class Synonym(ContentModel):
    """Words and phrases members use for one thing ("bf", "boyfriend"); matching reads them as one.

    The first is the group's name; a word or phrase belongs to one group only.
    """

    words: tuple[ShortText, ...] = Field(min_length=2)
