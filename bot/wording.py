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

Style = Callable[[str], str]
"""Wraps a number so it is easy to copy; the console leaves it plain, Discord uses code spans."""

NO_MATCH_HELP = (
    "I couldn't find that in Signpost's content. Try a few plain words, like "
    '"rape crisis line", "domestic abuse in the UK" or "how do I support a friend", '
    "or browse support lines by topic and country with /resources."
)
SUGGESTIONS_LEAD = "I'm not sure which of these you mean:"
CRISIS_LEADS: dict[CrisisKind, str] = {
    "suicide": (
        "If you might act on thoughts of suicide or of hurting yourself, please reach out now. "
        "You don't have to go through this alone."
    ),
    "danger": (
        "If someone is hurting you or you are in danger, call the emergency number now if you "
        "can do so safely. These lines are there day and night."
    ),
    "child": (
        "If a child is being hurt or is in danger now, call the emergency number. These lines "
        "help children and the adults worried about them."
    ),
    "medical": "This could be a medical emergency: call the emergency number now.",
}
"""What follows the emergency number, by kind of danger."""
NO_COUNTRY_EMERGENCY = "Call your local emergency number (such as 112, 911 or 999)."
NO_LINES_FIT = (
    "None of the lines for this topic fit what you chose. Try another way to get in touch, or "
    "leave the options out to see every line. /urgent lists emergency numbers and 24/7 lines."
)
WAY_WORDS = {
    "call": "by phone",
    "text": "by text message",
    "chat": "by online chat",
    "web": "online",
}

SERVES_WORDS = {
    "anyone": "anyone",
    "women": "women",
    "men": "men",
    "children": "children",
    "young-people": "young people",
    "adults": "adults",
    "lgbtq": "LGBTQ+ people",
    "trans": "trans people",
    "indigenous": "Indigenous people",
    "veterans": "veterans",
    "military": "military communities",
    "deaf": "Deaf and hard-of-hearing people",
    "friends-family": "friends and family",
    "professionals": "professionals",
    "people-who-harm": "people worried about their own behaviour",
}
_DAY_NAMES = dict(zip(WEEKDAYS, ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"), strict=True))


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
            line = f"Call {value}{label}"
        case "tty":
            line = f"TTY {value}{label}"
        case "text":
            line = (
                f"Text {contact.keyword} to {value}" if contact.keyword else f"Text {value}{label}"
            )
        case "whatsapp":
            line = f"WhatsApp {value}{label}"
        case "chat":
            line = f"Chat online: {value}"
        case "web":
            line = f"Website: {value}"
        case _:
            line = f"Email: {value}"
    return f"{line} — {contact.note}" if contact.note else line


def hours_line(hours: Hours | None) -> str:
    """Opening hours as published, or an honest "not listed"."""
    if hours is None:
        return "Hours not listed"
    if hours.always_open:
        return "Open 24/7"
    if hours.note:
        return f"{hours.note} ({hours.timezone} time)"
    slots = "; ".join(f"{_days(slot.days)} {slot.opens}–{slot.closes}" for slot in hours.open)
    return f"{slots} ({hours.timezone} time)"


def serves_line(resource: Resource) -> str:
    """Who a line is for, in the editor's words when given."""
    if resource.serves_note:
        return f"For: {resource.serves_note}"
    return "For: " + ", ".join(SERVES_WORDS[group] for group in resource.serves)


def narrowed_title(narrowed: Narrowed, country: Country | None) -> str:
    """Name the listed lines, such as "Open now by text message in United Kingdom"."""
    parts = ["Open now" if narrowed.open_at else "Support lines"]
    if narrowed.way is not None:
        parts.append(WAY_WORDS[narrowed.way])
    if country is not None:
        parts.append(f"in {country.name}")
    return " ".join(parts)


def narrowed_note(narrowed: Narrowed) -> str:
    """Say how "open now" was decided and what it left out: a check, not a promise."""
    if narrowed.open_at is None:
        return ""
    checked = narrowed.open_at.astimezone(dt.UTC)
    notes = [f"Open at {checked:%H:%M} UTC by each line's published hours, in its own time zone."]
    if narrowed.closed:
        notes.append(f"Closed now: {_lines(narrowed.closed)}.")
    if narrowed.unlisted:
        notes.append(f"Hours not listed, so not counted as open: {_lines(narrowed.unlisted)}.")
    return " ".join(notes)


def _lines(count: int) -> str:
    return "1 line" if count == 1 else f"{count} lines"


def source_line(resource: Resource | Country, *, full: bool = True) -> str:
    """Where the details come from and how old that source is, never a check that did not happen.

    `verified_on` is when an editor compared the details with the source; members are shown the
    source itself, its own date, and what it is when it is not the organisation's own page.
    """
    where = str(resource.source_url) if full else (resource.source_url.host or "")
    details = [resource.source_note] if resource.source_note else []
    if resource.source_date is not None:
        details.append(f"page dated {resource.source_date:%b %Y}")
    return f"Source: {where}" + (f" ({', '.join(details)})" if details else "")


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
    return f"Emergency in {country.name}: {numbers}{note}"


DANGER_LINE = "In danger right now? Call {number}."
NO_COUNTRY_NUMBER = "your local emergency number"
WITHHELD = (
    "This server's moderators have switched that subject off here. You can ask me in a direct "
    "message, where every subject is answered; /urgent lists emergency numbers."
)
GUESSED_LEAD = "This may be what you're looking for. Other answers that might fit:"


def danger_line(answer: Answer, style: Style = plain) -> str | None:
    """The one line that opens an answer about harm, so a missed crisis still shows the number."""
    if answer.is_crisis or not answer.is_about_harm:
        return None
    return call_now(answer.country, style)


def call_now(country: Country | None, style: Style = plain) -> str:
    """Say "In danger right now? Call 999." with the country's first number, or a local one."""
    number = style(country.emergency[0].number) if country else NO_COUNTRY_NUMBER
    return DANGER_LINE.format(number=number)


def emergency_text(help_now: EmergencyHelp, style: Style = plain) -> str:
    """The block shown before anything else when a question signals danger."""
    lines = [emergency_numbers(help_now.country, style), CRISIS_LEADS[help_now.kind]]
    lines.extend(resource_text(line, style) for line in help_now.lines)
    return "\n\n".join(lines)


def entry_text(entry: Entry) -> str:
    """An entry's own words, with its source."""
    if isinstance(entry, Resource):
        return resource_text(entry)
    if isinstance(entry, Topic):
        return f"{entry.name}\n{entry.description}"
    if isinstance(entry, FaqEntry):
        return f"{entry.question}\n{entry.answer}\nSource: {entry.source_name} — {entry.source_url}"
    if isinstance(entry, Fact):
        return f"{entry.title}\n{entry.statement}\nSource: {entry.source_name} — {entry.source_url}"
    if isinstance(entry, TimelineEvent):
        return (
            f"{entry.date:%d %b %Y} — {entry.title}\n{entry.description}\n"
            f"Source: {entry.source_name} — {entry.source_url}"
        )
    return story_opening(entry)


def story_opening(story: Story) -> str:
    """A story's content notes and short version; the fuller account is only shown on request."""
    warnings = ", ".join(story.content_warnings) or "none given"
    return (
        f"{story.title}\nContent notes: {warnings}\n{story.summary}\n"
        f"Source: {story.source_name} — {story.source_url}"
    )


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
            parts.append(GUESSED_LEAD + "\n" + _bullets(s.title for s in answer.suggestions))
    elif answer.withheld:
        parts.append(WITHHELD)
    elif answer.outcome is Outcome.SUGGESTIONS:
        parts.append(SUGGESTIONS_LEAD + "\n" + _bullets(s.title for s in answer.suggestions))
    elif answer.emergency is None:
        parts.append(NO_MATCH_HELP)
    return "\n\n".join(parts)


def _bullets(items: Iterable[str]) -> str:
    return "\n".join(f"• {item}" for item in items)


def _days(days: tuple[Weekday, ...]) -> str:
    positions = [WEEKDAYS.index(day) for day in days]
    is_run = positions == list(range(positions[0], positions[0] + len(positions)))
    if len(days) == 7:
        return "Every day"
    if is_run and len(days) > 2:
        return f"{_DAY_NAMES[days[0]]}–{_DAY_NAMES[days[-1]]}"
    return ", ".join(_DAY_NAMES[day] for day in days)
