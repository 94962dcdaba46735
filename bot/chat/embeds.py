"""Embeds built from engine answers and content: what a member sees, fitted to Discord's limits."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import overload

import discord
from pydantic import HttpUrl

from bot.chat.copy import (
    ABOUT_LEAD,
    ABOUT_PRIVACY,
    ALERT_FOOTER,
    ALERT_LINE,
    ALERT_NOTE,
    ALERT_SENT,
    ALERT_URGENT,
    HELP_LEAD,
    HELP_TITLE,
    HELP_URGENT,
    MORE_IN,
    NO_SUPPORTER_LINES,
    NOTHING_COUNTED,
    OPEN_UNTIL,
    OPENS_AT,
    PRIVACY_LEAD,
    PRIVACY_RETENTION,
    PRIVACY_SHORT,
    PRIVACY_TITLE,
    PRIVATE_HERE,
    PUBLIC_HERE,
    READ_IN_STORIES,
    READ_WHEN_READY,
    REPORT_SOURCE,
    REPORT_SOURCE_ELSEWHERE,
    REPORT_THANKS,
    REPORTS_KEPT,
    SETTINGS_FOOTER,
    SETTINGS_TITLE,
    SHARED_POSTS,
    STATS_FOOTER,
    SUPPORTER_LEAD,
    SUPPORTER_TITLE,
    TIMELINE_TITLE,
    TOO_FEW_TO_SHOW,
    UNMATCHED_FOOTER,
    UNMATCHED_NONE,
    UNMATCHED_TITLE,
    URGENT_FOOTER,
    URGENT_MORE_TITLE,
)
from bot.chat.limits import (
    CONTENT_LIMIT,
    DESCRIPTION_LIMIT,
    EMBED_TOTAL_LIMIT,
    ENTRY_CHARS,
    FIELD_NAME_LIMIT,
    FIELD_VALUE_LIMIT,
    FIRST_SCREEN,
    FOOTER_LIMIT,
    TITLE_LIMIT,
    fit,
    within_limits,
)
from bot.chat.respond import Reply
from bot.content.loader import Entry, Snapshot
from bot.content.models import (
    Country,
    Fact,
    FaqEntry,
    Hours,
    Resource,
    Story,
    TimelineEvent,
    Topic,
)
from bot.engine.answers import Answer, EmergencyHelp, Outcome, Suggestion
from bot.engine.hours import next_change
from bot.engine.lines import Narrowed
from bot.engine.supporters import SupporterGuide
from bot.language import _, current_language, day
from bot.storage.servers import ServerConfig, SettingInfo
from bot.storage.stats import OTHER, Report, Row, heading, row_line
from bot.storage.usage import NEVER_STORED, UNMATCHED_NOTICE, UnmatchedQuestion, stored_fields
from bot.wording import (
    CRISIS_LEADS,
    GUESSED_LEAD,
    NO_LINES_FIT,
    NO_MATCH_HELP,
    SUGGESTIONS_LEAD,
    WITHHELD,
    call_now,
    contact_line,
    danger_line,
    emergency_numbers,
    hours_line,
    narrowed_note,
    narrowed_title,
    serves_line,
    serves_text,
    source_line,
)

LINES_PER_ANSWER = 3
"""Support lines listed with one answer: the best three fit one phone screen with the answer."""
ITEMS_PER_PAGE = 5
"""Facts or events per page: a phone screen's worth, with the buttons still in view."""
SOURCES_LISTED = 12
"""Sources named in /about; the rest are counted, so the list stays readable."""
_PAGE_FOOTER_ROOM = 40
"""Characters kept free on a list page for its "Page 2 of 9" footer."""
DATE_SHOWN_AFTER = dt.timedelta(days=1)
"""A time alone ("09:00") names its next occurrence, within a day; further off, the date shows."""
STATS_LABEL_CHARS = 28
"""Longer labels are cut, so a bar chart row fits a phone screen's code block."""
CRISIS_COLOUR = discord.Colour(0xC0392B)
RESOURCE_COLOUR = discord.Colour(0x16A085)
INFO_COLOUR = discord.Colour(0x5865F2)
STORY_COLOUR = discord.Colour(0x8E44AD)
NEUTRAL_COLOUR = discord.Colour(0x95A5A6)


def bold(text: str) -> str:
    """Markdown bold, for the one number a member must not miss."""
    return f"**{text}**"


def copyable(number: str) -> str:
    """A number in a code span: one tap selects it whole on a phone."""
    return f"`{number}`"


def opening_text(hours: Hours | None, at: dt.datetime | None) -> str | None:
    """Say "Open now, until 17:00" or "Closed now, opens 09:00", in each member's own time.

    A Discord timestamp shows every member the moment in their own time zone. None without a
    moment to read the hours at (a shared post outlives "now") or with no change to tell.
    """
    if at is None or (change := next_change(hours, at)) is None:
        return None
    time = discord.utils.format_dt(change.at, "f" if change.at - at > DATE_SHOWN_AFTER else "t")
    return _(OPENS_AT if change.opens else OPEN_UNTIL).format(time=time)


def resource_embed(resource: Resource, *, at: dt.datetime | None = None) -> discord.Embed:
    """A support line with everything needed to reach it, numbers easy to copy.

    `at` is the moment the member asks, for whether the line is open then; a post shared in a
    channel, read later, leaves it out.
    """
    resource = resource.in_language(current_language())
    where = f" · {resource.region}" if resource.region else ""
    contacts = "\n".join(contact_line(contact, copyable) for contact in resource.contacts)
    embed = discord.Embed(
        title=fit(resource.title + where, TITLE_LIMIT),
        url=str(resource.url),
        colour=RESOURCE_COLOUR,
        description=fit(f"{resource.summary}\n\n{contacts}", DESCRIPTION_LIMIT, str(resource.url)),
    )
    hours = "\n".join(filter(None, (hours_line(resource.hours), opening_text(resource.hours, at))))
    embed.add_field(name=_("Hours"), value=fit(hours, FIELD_VALUE_LIMIT))
    embed.add_field(name=_("Who it's for"), value=fit(serves_text(resource), FIELD_VALUE_LIMIT))
    embed.set_footer(text=fit(source_line(resource, full=False), FOOTER_LIMIT))
    return embed


def lines_embed(
    lines: Sequence[Resource],
    *,
    title: str,
    colour: discord.Colour = RESOURCE_COLOUR,
    room: int = EMBED_TOTAL_LIMIT,
    at: dt.datetime | None = None,
) -> discord.Embed:
    """Several support lines as compact fields, best first, as many as `room` characters hold.

    The first line is always listed, whatever the room: it is the one to call.
    """
    embed = discord.Embed(title=fit(title, TITLE_LIMIT), colour=colour)
    language = current_language()
    chosen = [line.in_language(language) for line in lines[:LINES_PER_ANSWER]]
    shown = _add_lines(embed, chosen, room, at)
    if len(lines) > shown:
        embed.set_footer(text=_(MORE_IN).format(count=len(lines) - shown, command="/resources"))
    return embed


def emergency_embed(
    help_now: EmergencyHelp,
    *,
    room: int = FIRST_SCREEN,
    after: str | None = None,
    more: bool = True,
) -> discord.Embed:
    """Shown first, before anything else, when a question signals danger.

    The emergency numbers always show, then round-the-clock lines, best first, as many as `room`
    characters hold (the first always), so a phone shows the numbers without scrolling. `after`
    closes the text; with `more`, the footer counts the lines left out, which /urgent lists.
    """
    help_now = help_now.in_language(current_language())
    text = f"{emergency_numbers(help_now.country, copyable)}\n\n{_(CRISIS_LEADS[help_now.kind])}"
    embed = discord.Embed(
        title=_("You deserve help right now"),
        colour=CRISIS_COLOUR,
        description=fit(f"{text}\n\n{after}" if after else text, DESCRIPTION_LIMIT),
    )
    shown = _add_lines(embed, help_now.lines, room)
    if more and len(help_now.lines) > shown:
        more_lines = len(help_now.lines) - shown
        embed.set_footer(text=_(MORE_IN).format(count=more_lines, command="/urgent"))
    return embed


def _add_lines(
    embed: discord.Embed, lines: Sequence[Resource], room: int, at: dt.datetime | None = None
) -> int:
    """Add lines as fields, best first, while the embed holds `room` characters; how many went.

    The first line always goes: it is the one to call.
    """
    for line in lines:
        name, value = fit(line.title, FIELD_NAME_LIMIT), _line_summary(line, at)
        if embed.fields and len(embed) + len(name) + len(value) > room - _PAGE_FOOTER_ROOM:
            break
        embed.add_field(name=name, value=value, inline=False)
    return len(embed.fields)


def entry_embed(
    entry: Entry, *, full: bool = False, at: dt.datetime | None = None
) -> discord.Embed:
    """The entry a question matched, in its own words with its source.

    Its text is cut at ENTRY_CHARS unless `full`: the "Read all" button shows the rest. `at`
    tells a support line's card whether the line is open.
    """
    if isinstance(entry, Resource):
        return resource_embed(entry, at=at)
    if isinstance(entry, Story):
        return story_embed(entry, reveal=False)
    entry = entry.in_language(current_language())
    title, body, source, colour = _entry_parts(entry)
    embed = discord.Embed(
        title=fit(title, TITLE_LIMIT),
        colour=colour,
        description=fit(body, DESCRIPTION_LIMIT if full else ENTRY_CHARS, source),
    )
    if source:
        embed.set_footer(text=fit(_("Source: {source}").format(source=source), FOOTER_LIMIT))
    return embed


def story_embed(
    story: Story, *, reveal: bool, place: str | None = None, can_read: bool = False
) -> discord.Embed:
    """A story opens on its content notes and short version; the account only when asked.

    `place` ("2 of 10") tells a member browsing stories where they are; `can_read` says a Read
    button is below, so the invitation points to it rather than to /stories.
    """
    story = story.in_language(current_language())
    warnings = fit(", ".join(story.content_warnings) or _("none given"), FIELD_VALUE_LIMIT)
    body = story.account if reveal else story.summary
    if reveal and story.quote:
        body = f"{body}\n\n> {story.quote}"
    if not reveal:
        body = f"{body}\n\n{_(READ_WHEN_READY) if can_read else _(READ_IN_STORIES)}"
    title = fit(story.title, TITLE_LIMIT)
    where = f" · {place}" if place else ""
    source = _("Source: {source}").format(source=story.source_name)
    footer = fit(f"{story.person} · {day(story.date)} · {source}{where}", FOOTER_LIMIT)
    # Title, description and footer share Discord's 6,000-character total for one embed.
    room = min(DESCRIPTION_LIMIT, EMBED_TOTAL_LIMIT - len(title) - len(footer))
    embed = discord.Embed(
        title=title,
        colour=STORY_COLOUR,
        description=fit(
            _("**Content notes:** {notes}").format(notes=warnings) + f"\n\n{body}",
            room,
            str(story.source_url),
        ),
    )
    embed.set_footer(text=footer)
    return embed


def answer_reply(answer: Answer, *, at: dt.datetime | None = None) -> Reply:
    """The reply to /ask: crisis help first, then the entry and its lines, or what to try next.

    An answer about harm opens on one line with the emergency number, above every embed. `at`
    is when the member asked, so each line says whether it is open.
    """
    answer = answer.in_language(current_language())
    embeds: list[discord.Embed] = []
    if answer.emergency is not None:
        # Crisis help fills the first screen; the matched entry waits behind its Open button.
        embeds.append(emergency_embed(answer.emergency))
    elif answer.entry is not None:
        embeds.append(entry_embed(answer.entry, at=at))
        guesses = (
            [suggestions_embed(answer.suggestions, lead=GUESSED_LEAD)]
            if answer.guessed and answer.suggestions
            else []
        )
        if answer.lines and not isinstance(answer.entry, Resource):
            taken = sum(len(embed) for embed in (*embeds, *guesses))
            room = FIRST_SCREEN - taken - len(danger_line(answer) or "")
            title = _lines_title(answer)
            embeds.append(lines_embed(answer.lines, title=title, room=room, at=at))
        embeds += guesses
    elif answer.withheld:
        embeds.append(discord.Embed(colour=NEUTRAL_COLOUR, description=_(WITHHELD)))
    elif answer.outcome is Outcome.SUGGESTIONS:
        embeds.append(suggestions_embed(answer.suggestions))
    elif answer.emergency is None:
        embeds.append(
            discord.Embed(
                title=_("No match yet"), colour=NEUTRAL_COLOUR, description=_(NO_MATCH_HELP)
            )
        )
    return Reply(embeds=within_limits(embeds), content=danger_line(answer, bold))


def suggestions_embed(
    suggestions: Iterable[Suggestion], *, lead: str = SUGGESTIONS_LEAD
) -> discord.Embed:
    """List "did you mean" choices briefly; buttons under the list open each one."""
    listed = "\n".join(f"• {fit(s.title, 200)}" for s in suggestions)
    title = _("Did you mean…")
    return discord.Embed(title=title, colour=INFO_COLOUR, description=f"{_(lead)}\n{listed}")


def slug_label(slug: str) -> str:
    """A tag or theme as members read it: "men-and-boys" is "Men and boys"."""
    return slug.replace("-", " ").capitalize()


@dataclass(frozen=True)
class Page:
    """One screen of a paged reply; `fuller` is a story's full account, shown only on request."""

    embed: discord.Embed
    fuller: discord.Embed | None = None


def fact_pages(facts: Sequence[Fact], *, heading: str) -> list[Page]:
    """Facts, a few per page, each with its date and a link to its source."""
    facts = [fact.in_language(current_language()) for fact in facts]
    fields = [
        (
            fact.title,
            _sourced(fact.statement, day(fact.date), fact.source_name, fact.source_url),
        )
        for fact in facts
    ]
    return [Page(embed) for embed in _numbered(_field_pages(heading, fields, INFO_COLOUR))]


def timeline_pages(events: Sequence[TimelineEvent]) -> list[Page]:
    """The campaign's history in date order, a few events per page."""
    events = [event.in_language(current_language()) for event in events]
    fields = [
        (
            f"{day(event.date)} — {event.title}",
            _sourced(event.description, "", event.source_name, event.source_url),
        )
        for event in sorted(events, key=lambda event: event.date)
    ]
    title = _(TIMELINE_TITLE)
    return [Page(embed) for embed in _numbered(_field_pages(title, fields, INFO_COLOUR))]


def story_pages(stories: Sequence[Story]) -> StoryPages:
    """One page per story: content notes and short version first, the account behind Read."""
    return StoryPages(stories)


class StoryPages(Sequence[Page]):
    """Story pages, each built when first shown.

    A member reads a few of many stories, and each page is two embeds the paginator keeps for
    its 10 minutes: building them all cost a tenth of /stories' time and most of the objects a
    load run left alive (issue 13, problem 11).
    """

    def __init__(self, stories: Sequence[Story]) -> None:
        self._stories = tuple(stories)
        self._built: dict[int, Page] = {}

    def __len__(self) -> int:
        return len(self._stories)

    @overload
    def __getitem__(self, index: int) -> Page: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Page]: ...

    def __getitem__(self, index: int | slice) -> Page | Sequence[Page]:
        if isinstance(index, slice):
            return [self[position] for position in range(*index.indices(len(self)))]
        position = range(len(self))[index]  # negative positions count from the end
        if position not in self._built:
            story = self._stories[position]
            place = _("{number} of {count}").format(number=position + 1, count=len(self))
            self._built[position] = Page(
                story_embed(story, reveal=False, place=place, can_read=True),
                fuller=story_embed(story, reveal=True, place=place),
            )
        return self._built[position]


def urgent_reply(help_now: EmergencyHelp) -> Reply:
    """Emergency numbers and round-the-clock lines in one message, where to look for more after.

    For crisis help outside /urgent (a refused command that read as danger); /urgent pages.
    """
    return Reply(embeds=within_limits([emergency_embed(help_now, after=_(URGENT_FOOTER))]))


def urgent_pages(help_now: EmergencyHelp) -> list[Page]:
    """/urgent: emergency numbers and the lines a first screen holds, the other lines next."""
    first = emergency_embed(help_now, after=_(URGENT_FOOTER), more=False)
    rest_lines = help_now.in_language(current_language()).lines[len(first.fields) :]
    fields = [(line.title, _line_summary(line)) for line in rest_lines]
    rest = _field_pages(_(URGENT_MORE_TITLE), fields, CRISIS_COLOUR) if fields else []
    return [Page(embed) for embed in _numbered([first, *rest])]


def help_pages(commands: Iterable[tuple[str, str]], *, is_private: bool) -> list[Page]:
    """What each command does, in the words members see in Discord, and how private it is.

    The first page opens on crisis help and ends on privacy; the commands that do not fit
    beside them on a phone's first screen follow on the next.
    """
    title = _(HELP_TITLE)
    first = discord.Embed(
        title=title, colour=INFO_COLOUR, description=f"{_(HELP_LEAD)}\n\n{_(HELP_URGENT)}\n"
    )
    here = _(PRIVATE_HERE) if is_private else _(PUBLIC_HERE)
    first.add_field(name=_("Your privacy"), value=f"{here} {_(PRIVACY_SHORT)}", inline=False)
    pages = [first]
    for name, description in commands:
        line = fit(f"**/{name}** — {description}", FIELD_VALUE_LIMIT)
        page = pages[-1]
        if page.description and len(page) + len(line) + 1 > FIRST_SCREEN - _PAGE_FOOTER_ROOM:
            page = discord.Embed(title=title, colour=INFO_COLOUR)
            pages.append(page)
        page.description = f"{page.description}\n{line}" if page.description else line
    return [Page(embed) for embed in _numbered(pages)]


@dataclass(frozen=True)
class PrivacyFacts:
    """The settings that bound what is kept, and this server's choices (None in direct messages)."""

    hidden_below: int
    retention_days: int
    server: ServerConfig | None = None


def about_reply(snapshot: Snapshot, privacy: PrivacyFacts) -> Reply:
    """What Signpost is and which content it serves; /privacy has the whole of what it keeps.

    The privacy summary is one line here so the reply fits a phone's first screen.
    """
    about = discord.Embed(title=_("About Signpost"), colour=INFO_COLOUR, description=_(ABOUT_LEAD))
    privacy_line = _(ABOUT_PRIVACY).format(
        days=privacy.retention_days, threshold=privacy.hidden_below
    )
    for name, value in (
        (_("Content"), _content_line(snapshot)),
        (_("Sources"), _sources_line(snapshot)),
        (_("Your privacy"), privacy_line),
    ):
        about.add_field(name=name, value=fit(value, FIELD_VALUE_LIMIT), inline=False)
    return Reply(embeds=within_limits([about]))


def privacy_pages(facts: PrivacyFacts) -> list[Page]:
    """Exactly what is stored and never stored, read from the usage log's own type and settings.

    What is counted and what never is come first; the exceptions (questions kept where a server
    chose, shared posts, reports of a wrong number) and this server's choices follow.
    """
    stored = "\n".join(f"• {_(description)}" for _name, description in stored_fields())
    kept = _(PRIVACY_RETENTION).format(days=facts.retention_days, threshold=facts.hidden_below)
    lead = fit(f"{_(PRIVACY_LEAD)}\n{stored}\n\n{kept}", DESCRIPTION_LIMIT)
    never = "\n".join(f"• {_(line)}" for line in NEVER_STORED)
    sections = [
        (_("Never stored"), never),
        (_("Unanswered questions"), _(UNMATCHED_NOTICE)),
        (_("This server's choices"), _server_choices(facts.server)),
        (_("Shared posts"), _(SHARED_POSTS)),
        (_("Reports of a wrong number"), _(REPORTS_KEPT)),
    ]
    embeds = _field_pages(_(PRIVACY_TITLE), sections, INFO_COLOUR, lead=lead)
    return [Page(embed) for embed in _numbered(embeds)]


def _server_choices(server: ServerConfig | None) -> str:
    if server is None:
        return _(
            "In direct messages, usage is counted with no server code, and unanswered questions "
            "are never kept."
        )

    def on(value: bool) -> str:
        return _("on") if value else _("off")

    alerts = _("• Quiet alerts to moderators (/reach-out): **{state}**").format(
        state=on(server.quiet_alerts)
    )
    if server.quiet_alerts:
        alerts += _(": a note you send goes only to their channel, and Signpost keeps no copy.")
    return "\n".join(
        [
            _("• Counting usage: **{state}**").format(state=on(server.usage_logging)),
            _("• Keeping unanswered questions: **{state}**").format(
                state=on(server.unmatched_logging)
            ),
            alerts,
        ]
    )


def narrowed_reply(answer: Answer, narrowed: Narrowed, *, at: dt.datetime | None = None) -> Reply:
    """/resources with a way to get in touch or "open now": the topic, then the lines that fit."""
    answer = answer.in_language(current_language())
    assert answer.entry is not None
    embeds = [entry_embed(answer.entry)]
    note = narrowed_note(narrowed)
    if narrowed.lines:
        title = narrowed_title(narrowed, answer.country)
        room = FIRST_SCREEN - len(embeds[0]) - len(note)
        listed = lines_embed(narrowed.lines, title=title, room=room, at=at)
    else:
        listed = discord.Embed(
            title=_("No lines fit"), colour=NEUTRAL_COLOUR, description=_(NO_LINES_FIT)
        )
    if note:
        above = f"{listed.description}\n\n" if listed.description else ""
        listed.description = fit(above + note, DESCRIPTION_LIMIT)
    embeds.append(listed)
    return Reply(embeds=within_limits(embeds))


def supporter_pages(guide: SupporterGuide) -> list[Page]:
    """Guidance for supporters, a few answers per page, then the lines that take their calls."""
    language = current_language()
    fields = [
        (faq.question, _sourced(faq.answer, "", faq.source_name, faq.source_url))
        for faq in (faq.in_language(language) for faq in guide.guidance)
    ]
    country = guide.country.in_language(language) if guide.country else None
    embeds = _field_pages(_(SUPPORTER_TITLE), fields, INFO_COLOUR, lead=_(SUPPORTER_LEAD))
    title = (
        _("Lines that take calls from friends and family in {country}").format(country=country.name)
        if country
        else _("Lines that take calls from friends and family")
    )
    if guide.lines:
        embeds.append(lines_embed(guide.lines, title=title))
    else:
        embeds.append(
            discord.Embed(
                title=fit(title, TITLE_LIMIT),
                colour=RESOURCE_COLOUR,
                description=_(NO_SUPPORTER_LINES),
            )
        )
    return [Page(embed) for embed in _numbered(embeds)]


def report_reply(line: Resource, country: Country | None) -> Reply:
    """Thank a member for a report, say where the number comes from and how to get help now.

    A report is checked later, and they may need the emergency number today. The source link is
    in angle brackets, so Discord shows no preview of it.
    """
    line = line.in_language(current_language())
    source = f"<{line.source_url}>"
    if line.source_note:
        where = _(REPORT_SOURCE_ELSEWHERE).format(note=line.source_note, source=source)
    else:
        where = _(REPORT_SOURCE).format(source=source)
    return Reply(content="\n".join((_(REPORT_THANKS), where, call_now(country, bold))))


def alert_text(member: str, note: str | None, *, urgent: bool = False) -> str:
    """Write the quiet alert moderators see: who asked, and their note escaped to show as typed.

    `member` is a mention; the message is sent with no allowed mentions, so nobody is pinged.
    `urgent` (the note read as a crisis) puts a plain warning first, so moderators act at once.
    """
    lines = [_(ALERT_URGENT)] if urgent else []
    lines.append(_(ALERT_LINE).format(member=member))
    if note and note.strip():
        escaped = discord.utils.escape_mentions(discord.utils.escape_markdown(note.strip()))
        lines.append(_(ALERT_NOTE).format(note=escaped))
    lines.append(_(ALERT_FOOTER))
    return fit("\n".join(lines), CONTENT_LIMIT)


def alert_refused_reply(reason: str, emergency: EmergencyHelp | None) -> Reply:
    """Explain why no quiet alert was sent, after crisis help when the note asked for it."""
    if emergency is None:
        return Reply(content=reason)
    refused = discord.Embed(colour=NEUTRAL_COLOUR, description=reason)
    crisis = emergency_embed(emergency, room=FIRST_SCREEN - len(refused))
    return Reply(embeds=within_limits([crisis, refused]))


def alert_sent_reply(alert: str, emergency: EmergencyHelp | None) -> Reply:
    """Confirm privately, quoting what was sent; crisis help first.

    Crisis help and the confirmation come before the quote on a phone's first screen: after
    crisis help, the quote is cut to the room left (it is the member's own words, already sent).
    """
    sent = discord.Embed(title=_("Your quiet alert was sent"), colour=INFO_COLOUR)
    sent.description = _(ALERT_SENT)
    embeds = [emergency_embed(emergency, room=FIRST_SCREEN - len(sent))] if emergency else []
    quoted = "\n".join(f"> {line}" for line in alert.splitlines())
    room = FIRST_SCREEN - _PAGE_FOOTER_ROOM - sum(len(embed) for embed in (*embeds, sent))
    if room > _PAGE_FOOTER_ROOM:
        sent.description = fit(f"{fit(quoted, room)}\n\n{_(ALERT_SENT)}", DESCRIPTION_LIMIT)
    return Reply(embeds=within_limits([*embeds, sent]))


def setting_text(info: SettingInfo, config: ServerConfig) -> str:
    """A setting's value as a moderator reads it: on/off, channel and role mentions, /commands."""
    value = getattr(config, info.name)
    if info.kind == "bool":
        return f"**{_('on')}**" if value else f"**{_('off')}**"
    if value is None or value == frozenset():
        return f"**{_('none')}**"
    shape = {"channel": "<#{}>", "channels": "<#{}>", "role": "<@&{}>", "commands": "/{}"}
    items = sorted(value) if isinstance(value, frozenset) else [value]
    return ", ".join(shape.get(info.kind, "{}").format(item) for item in items)


def settings_reply(config: ServerConfig, infos: Iterable[SettingInfo]) -> Reply:
    """Every setting of a server in one embed, a line each: name and value.

    What each does is shown as the moderator types /admin set (its autocomplete), so the list
    fits a phone's first screen in every language.
    """
    lines = [f"**{info.name}** · {setting_text(info, config)}" for info in infos]
    description = fit("\n".join(lines), DESCRIPTION_LIMIT)
    embed = discord.Embed(title=_(SETTINGS_TITLE), colour=INFO_COLOUR, description=description)
    embed.set_footer(text=_(SETTINGS_FOOTER))
    return Reply(embeds=within_limits([embed]))


def usage_stats_reply(report: Report, *, threshold: int) -> Reply:
    """A server's anonymous totals as text bar charts; `report` has already hidden small counts.

    Its "Top entries" section is expected to hold topics only (see cogs/admin.py).
    """
    sections = {section.title: section.rows for section in report.sections}
    charts = (
        (_("Answers"), [report.unmatched, report.crisis]),
        (_("Top topics"), sections.get("Top entries", ())),
        (_("Top countries"), sections.get("Countries", ())),
    )
    embed = discord.Embed(title=fit(heading(report), TITLE_LIMIT), colour=INFO_COLOUR)
    for name, rows in charts:
        embed.add_field(name=name, value=_bar_chart(rows), inline=False)
    embed.set_footer(text=_(STATS_FOOTER).format(threshold=threshold))
    return Reply(embeds=within_limits([embed]))


def unmatched_reply(questions: Sequence[UnmatchedQuestion], *, min_count: int) -> Reply:
    """Unanswered questions many people asked, most asked first, for editors to answer."""
    listed = "\n".join(
        f"• {discord.utils.escape_markdown(q.text)} (×{q.count})" for q in questions
    ) or _(UNMATCHED_NONE).format(min_count=min_count)
    embed = discord.Embed(
        title=_(UNMATCHED_TITLE), colour=INFO_COLOUR, description=fit(listed, DESCRIPTION_LIMIT)
    )
    embed.set_footer(text=_(UNMATCHED_FOOTER).format(min_count=min_count))
    return Reply(embeds=within_limits([embed]))


def _bar_chart(rows: Sequence[Row]) -> str:
    """Rows in a code block, so bars and numbers line up on every screen.

    A chart that could only say "other" (every item under the threshold) says so in words.
    """
    if not rows:
        return _(NOTHING_COUNTED)
    if all(row.label == OTHER for row in rows):
        return _(TOO_FEW_TO_SHOW)
    rows = [replace(row, label=fit(row.label, STATS_LABEL_CHARS)) for row in rows]
    width = max(len(row.label) for row in rows)
    return "```\n" + "\n".join(row_line(row, width) for row in rows) + "\n```"


def _entry_parts(entry: Entry) -> tuple[str, str, str | None, discord.Colour]:
    if isinstance(entry, Topic):
        return entry.name, entry.description, None, RESOURCE_COLOUR
    if isinstance(entry, FaqEntry):
        return entry.question, entry.answer, str(entry.source_url), INFO_COLOUR
    if isinstance(entry, Fact):
        return (
            entry.title,
            f"{entry.statement}\n\n*{day(entry.date)} · {entry.source_name}*",
            str(entry.source_url),
            INFO_COLOUR,
        )
    assert isinstance(entry, TimelineEvent)
    return (
        f"{day(entry.date)} — {entry.title}",
        f"{entry.description}\n\n*{entry.source_name}*",
        str(entry.source_url),
        INFO_COLOUR,
    )


def _sourced(text: str, when: str, source_name: str, source_url: HttpUrl) -> str:
    """`text` shortened to leave room for its date and linked source, within one field value."""
    link = f"[{source_name}]({source_url})"
    if len(link) > FIELD_VALUE_LIMIT // 2:
        link = fit(source_name, FIELD_VALUE_LIMIT // 4)
    tail = f"\n*{when + ' · ' if when else ''}{link}*"
    return fit(text, FIELD_VALUE_LIMIT - len(tail)) + tail


def _field_pages(
    title: str,
    fields: Sequence[tuple[str, str]],
    colour: discord.Colour,
    *,
    lead: str | None = None,
) -> list[discord.Embed]:
    """Pack fields onto embeds: ITEMS_PER_PAGE each, fewer when they would pass a first screen.

    `lead` opens the first page only; callers number the pages (`_numbered`).
    """
    pages = [discord.Embed(title=fit(title, TITLE_LIMIT), colour=colour, description=lead)]
    for name, value in fields:
        name, value = fit(name, FIELD_NAME_LIMIT), fit(value, FIELD_VALUE_LIMIT)
        page = pages[-1]
        is_full = len(page.fields) >= ITEMS_PER_PAGE
        is_too_long = len(page) + len(name) + len(value) > FIRST_SCREEN - _PAGE_FOOTER_ROOM
        opened = page.fields or (page is pages[0] and lead)
        if opened and (is_full or is_too_long):
            page = discord.Embed(title=pages[0].title, colour=colour)
            pages.append(page)
        page.add_field(name=name, value=value, inline=False)
    return pages


def _numbered(embeds: list[discord.Embed]) -> list[discord.Embed]:
    """Say "Page 2 of 3" under each page of several, after any footer one has ("3 more…")."""
    if len(embeds) > 1:
        for number, embed in enumerate(embeds, start=1):
            page = _("Page {number} of {count}").format(number=number, count=len(embeds))
            kept = embed.footer.text
            embed.set_footer(text=f"{kept} · {page}" if kept else page)
    return embeds


def _content_line(snapshot: Snapshot) -> str:
    counts = snapshot.counts()
    return _(
        "Version `{version}`: {resources} support lines in {countries} countries, {facts} facts, "
        "{events} timeline events, {stories} stories and {faq} answers to common questions."
    ).format(version=snapshot.version, **counts)


def _sources_line(snapshot: Snapshot) -> str:
    """Where the content comes from, most cited first; support lines count by website."""
    cited = Counter[str]()
    cited.update(line.source_url.host or str(line.source_url) for line in snapshot.resources)
    for items in (snapshot.facts, snapshot.events, snapshot.stories, snapshot.faq):
        cited.update(item.source_name for item in items)
    named = [name for name, _count in cited.most_common(SOURCES_LISTED)]
    rest = len(cited) - len(named)
    more = _(" and {count} more.").format(count=rest) if rest else "."
    return ", ".join(named) + more


def _lines_title(answer: Answer) -> str:
    if answer.country is None:
        return _("Where to get support")
    return _("Where to get support in {country}").format(country=answer.country.name)


def _line_summary(line: Resource, at: dt.datetime | None = None) -> str:
    contacts = "\n".join(contact_line(contact, copyable) for contact in line.contacts[:3])
    hours = " · ".join(filter(None, (hours_line(line.hours), opening_text(line.hours, at))))
    details = f"{hours} · {serves_line(line)}\n{source_line(line, full=False)}"
    return fit(f"{contacts}\n{details}", FIELD_VALUE_LIMIT, str(line.url))
