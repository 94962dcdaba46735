"""How answers read in plain text; the console prints it and the Discord renderer reuses it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from bot.content.loader import Entry
from bot.content.models import (
    WEEKDAYS,
    Contact,
    Country,
    CrisisKind,
    Fact,
    FaqEntry,
    Hours,
    Resource,
    Story,
    TimelineEvent,
    Topic,
    Weekday,
)
from bot.engine.answers import Answer, EmergencyHelp, Outcome
from bot.engine.lines import Narrowed
from bot.language import N_, _, day, month, time_of_day, weekday

Style = Callable[[str], str]
"""Wraps a number so it is easy to copy; the console leaves it plain, Discord uses code spans."""

NO_MATCH_HELP = N_(
    "I couldn't find that in Signpost's content. Try a few plain words, like "
    '"rape crisis line", "domestic abuse in the UK" or "how do I support a friend", '
    "or browse support lines by topic and country with /resources."
)
SUGGESTIONS_LEAD = N_("I'm not sure which of these you mean:")
CRISIS_LEADS: dict[CrisisKind, str] = {
    "suicide": N_(
        "If you might act on thoughts of suicide or of hurting yourself, please reach out now. "
        "You don't have to go through this alone."
    ),
    "danger": N_(
        "If someone is hurting you or you are in danger, call the emergency number now if you "
        "can do so safely. These lines are there day and night."
    ),
    "child": N_(
        "If a child is being hurt or is in danger now, call the emergency number. These lines "
        "help children and the adults worried about them."
    ),
    "medical": N_("This could be a medical emergency: call the emergency number now."),
}
"""What follows the emergency number, by kind of danger."""
NO_COUNTRY_EMERGENCY = N_("Call your local emergency number (such as 112, 911 or 999).")
NO_LINES_FIT = N_(
    "None of the lines for this topic fit what you chose. Try another way to get in touch, or "
    "leave the options out to see every line. /urgent lists emergency numbers and 24/7 lines."
)
WAY_WORDS = {
    "call": N_("by phone"),
    "text": N_("by text message"),
    "chat": N_("by online chat"),
    "web": N_("online"),
}

SERVES_WORDS = {
    "anyone": N_("anyone"),
    "women": N_("women"),
    "men": N_("men"),
    "children": N_("children"),
    "young-people": N_("young people"),
    "adults": N_("adults"),
    "lgbtq": N_("LGBTQ+ people"),
    "trans": N_("trans people"),
    "indigenous": N_("Indigenous people"),
    "veterans": N_("veterans"),
    "military": N_("military communities"),
    "deaf": N_("Deaf and hard-of-hearing people"),
    "friends-family": N_("friends and family"),
    "professionals": N_("professionals"),
    "people-who-harm": N_("people worried about their own behaviour"),
}


def plain(value: str) -> str:
    """The console's number style: as written."""
    return value


def contact_line(contact: Contact, style: Style = plain) -> str:
    """One way to get in touch, worded as an action ("Call 116 123")."""
    value = (
        style(contact.value)
        if contact.kind in ("phone", "text", "whatsapp", "tty")
        else contact.value
    )
    label = f" ({contact.label})" if contact.label else ""
    match contact.kind:
        case "phone":
            line = _("Call {number}").format(number=value) + label
        case "tty":
            line = f"TTY {value}{label}"
        case "text" if contact.keyword:
            line = _("Text {keyword} to {number}").format(keyword=contact.keyword, number=value)
        case "text":
            line = _("Text {number}").format(number=value) + label
        case "whatsapp":
            line = f"WhatsApp {value}{label}"
        case "chat":
            line = _("Chat online: {link}").format(link=value)
        case "web":
            line = _("Website: {link}").format(link=value)
        case _:
            line = _("Email: {address}").format(address=value)
    return f"{line} — {contact.note}" if contact.note else line


def hours_line(hours: Hours | None) -> str:
    """Opening hours as published, or an honest "not listed"."""
    if hours is None:
        return _("Hours not listed")
    if hours.always_open:
        return _("Open 24/7")
    if hours.note:
        return _("{hours} ({timezone} time)").format(hours=hours.note, timezone=hours.timezone)
    slots = "; ".join(f"{_days(slot.days)} {slot.opens}–{slot.closes}" for slot in hours.open)
    return _("{hours} ({timezone} time)").format(hours=slots, timezone=hours.timezone)


def serves_text(resource: Resource) -> str:
    """Who a line is for, in the editor's words when given."""
    return resource.serves_note or ", ".join(_(SERVES_WORDS[group]) for group in resource.serves)


def serves_line(resource: Resource) -> str:
    """Who a line is for, introduced as such in a list of details."""
    return _("For: {who}").format(who=serves_text(resource))


def narrowed_title(narrowed: Narrowed, country: Country | None) -> str:
    """Name the listed lines, such as "Open now by text message in United Kingdom"."""
    parts = [_("Open now") if narrowed.open_at else _("Support lines")]
    if narrowed.way is not None:
        parts.append(_(WAY_WORDS[narrowed.way]))
    if country is not None:
        parts.append(_("in {country}").format(country=country.name))
    return " ".join(parts)


def narrowed_note(narrowed: Narrowed) -> str:
    """Say how "open now" was decided and what it left out: a check, not a promise."""
    if narrowed.open_at is None:
        return ""
    checked = narrowed.open_at.astimezone(dt.UTC)
    notes = [
        _("Open at {time} UTC by each line's published hours, in its own time zone.").format(
            time=time_of_day(checked)
        )
    ]
    if narrowed.closed:
        notes.append(_("Closed now: {lines}.").format(lines=_lines(narrowed.closed)))
    if narrowed.unlisted:
        notes.append(
            _("Hours not listed, so not counted as open: {lines}.").format(
                lines=_lines(narrowed.unlisted)
            )
        )
    return " ".join(notes)


def _lines(count: int) -> str:
    return _("1 line") if count == 1 else _("{count} lines").format(count=count)


def source_line(resource: Resource | Country, *, full: bool = True) -> str:
    """Where the details come from and how old that source is, never a check that did not happen.

    `verified_on` is when an editor compared the details with the source; members are shown the
    source itself, its own date, and what it is when it is not the organisation's own page.
    """
    where = str(resource.source_url) if full else (resource.source_url.host or "")
    details = [resource.source_note] if resource.source_note else []
    if resource.source_date is not None:
        details.append(_("page dated {month}").format(month=month(resource.source_date)))
    return _("Source: {source}").format(source=where) + (
        f" ({', '.join(details)})" if details else ""
    )


def resource_text(resource: Resource, style: Style = plain) -> str:
    """Everything a person needs to reach one line."""
    where = f" ({resource.region})" if resource.region else ""
    return "\n".join(
        [
            f"{resource.title}{where}",
            resource.summary,
            *(contact_line(contact, style) for contact in resource.contacts),
            hours_line(resource.hours),
            serves_line(resource),
            source_line(resource),
        ]
    )


def emergency_numbers(country: Country | None, style: Style = plain) -> str:
    """The emergency numbers to call first, with any advice on calling them."""
    if country is None:
        return NO_COUNTRY_EMERGENCY
    numbers = ", ".join(f"{style(number.number)} ({number.label})" for number in country.emergency)
    note = f"\n{country.emergency_note}" if country.emergency_note else ""
    return (
        _("Emergency in {country}: {numbers}").format(country=country.name, numbers=numbers) + note
    )


DANGER_LINE = N_("In danger right now? Call {number}.")
NO_COUNTRY_NUMBER = N_("your local emergency number")
WITHHELD = N_(
    "This server's moderators have switched that subject off here. You can ask me in a direct "
    "message, where every subject is answered; /urgent lists emergency numbers."
)
GUESSED_LEAD = N_("This may be what you're looking for. Other answers that might fit:")


def danger_line(answer: Answer, style: Style = plain) -> str | None:
    """The one line that opens an answer about harm, so a missed crisis still shows the number."""
    if answer.is_crisis or not answer.is_about_harm:
        return None
    return call_now(answer.country, style)


def call_now(country: Country | None, style: Style = plain) -> str:
    """Say "In danger right now? Call 999." with the country's first number, or a local one."""
    number = style(country.emergency[0].number) if country else _(NO_COUNTRY_NUMBER)
    return _(DANGER_LINE).format(number=number)


def emergency_text(help_now: EmergencyHelp, style: Style = plain) -> str:
    """The block shown before anything else when a question signals danger."""
    lines = [emergency_numbers(help_now.country, style), _(CRISIS_LEADS[help_now.kind])]
    lines.extend(resource_text(line, style) for line in help_now.lines)
    return "\n\n".join(lines)


def entry_text(entry: Entry) -> str:
    """An entry's own words, with its source."""
    if isinstance(entry, Resource):
        return resource_text(entry)
    if isinstance(entry, Topic):
        return f"{entry.name}\n{entry.description}"
    if isinstance(entry, FaqEntry):
        return f"{entry.question}\n{entry.answer}\n{cited(entry)}"
    if isinstance(entry, Fact):
        return f"{entry.title}\n{entry.statement}\n{cited(entry)}"
    if isinstance(entry, TimelineEvent):
        return f"{day(entry.date)} — {entry.title}\n{entry.description}\n{cited(entry)}"
    return story_opening(entry)


def cited(entry: FaqEntry | Fact | TimelineEvent | Story) -> str:
    """The named source of a FAQ answer or of the campaign's history, with its link."""
    return _("Source: {source}").format(source=f"{entry.source_name} — {entry.source_url}")


def story_opening(story: Story) -> str:
    """A story's content notes and short version; the fuller account is only shown on request."""
    warnings = ", ".join(story.content_warnings) or _("none given")
    notes = _("Content notes: {notes}").format(notes=warnings)
    return f"{story.title}\n{notes}\n{story.summary}\n{cited(story)}"


def answer_text(answer: Answer, style: Style = plain) -> str:
    """The whole answer as a person reads it: help first in a crisis, then the entry and lines."""
    parts: list[str] = [line] if (line := danger_line(answer, style)) else []
    if answer.emergency is not None:
        parts.append(emergency_text(answer.emergency, style))
    if answer.entry is not None:
        parts.append(entry_text(answer.entry))
        shown = {line.id for line in answer.emergency.lines} if answer.emergency else set()
        if not isinstance(answer.entry, Resource):
            parts.extend(
                resource_text(line, style) for line in answer.lines if line.id not in shown
            )
        if answer.guessed and answer.suggestions:
            parts.append(_(GUESSED_LEAD) + "\n" + _bullets(s.title for s in answer.suggestions))
    elif answer.withheld:
        parts.append(_(WITHHELD))
    elif answer.outcome is Outcome.SUGGESTIONS:
        parts.append(_(SUGGESTIONS_LEAD) + "\n" + _bullets(s.title for s in answer.suggestions))
    elif answer.emergency is None:
        parts.append(_(NO_MATCH_HELP))
    return "\n\n".join(parts)


def _bullets(items: Iterable[str]) -> str:
    return "\n".join(f"• {item}" for item in items)


def _days(days: tuple[Weekday, ...]) -> str:
    positions = [WEEKDAYS.index(day) for day in days]
    is_run = positions == list(range(positions[0], positions[0] + len(positions)))
    if len(days) == 7:
        return _("Every day")
    if is_run and len(days) > 2:
        return f"{weekday(positions[0])}–{weekday(positions[-1])}"
    return ", ".join(weekday(position) for position in positions)
