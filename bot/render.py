"""Turns engine answers into Discord messages that fit every documented message limit."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import discord

from bot.answers import Answer, EmergencyHelp, Outcome, Suggestion
from bot.content.loader import Entry
from bot.content.models import Fact, FaqEntry, Resource, Story, TimelineEvent, Topic
from bot.wording import (
    CRISIS_LEAD,
    NO_MATCH_HELP,
    SUGGESTIONS_LEAD,
    contact_line,
    emergency_numbers,
    hours_line,
    serves_line,
)

# Discord's documented limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits).
CONTENT_LIMIT = 2000
EMBEDS_LIMIT = 10
TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
FIELDS_LIMIT = 25
FIELD_NAME_LIMIT = 256
FIELD_VALUE_LIMIT = 1024
FOOTER_LIMIT = 2048
AUTHOR_LIMIT = 256
EMBED_TOTAL_LIMIT = 6000
LINES_PER_ANSWER = 5
"""Support lines listed with one answer; more is a wall of numbers on a phone screen."""

CRISIS_COLOUR = discord.Colour(0xC0392B)
RESOURCE_COLOUR = discord.Colour(0x16A085)
INFO_COLOUR = discord.Colour(0x5865F2)
STORY_COLOUR = discord.Colour(0x8E44AD)
NEUTRAL_COLOUR = discord.Colour(0x95A5A6)

log = logging.getLogger(__name__)

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


@dataclass
class Reply:
    """One message ready to send: the caller decides where and how privately."""

    embeds: list[discord.Embed] = field(default_factory=list)
    content: str | None = None
    view: discord.ui.View | None = None


def copyable(number: str) -> str:
    """A number in a code span: one tap selects it whole on a phone."""
    return f"`{number}`"


def fit(text: str, limit: int, more: str | None = None) -> str:
    """Shorten `text` to `limit` at a sentence (or, failing that, a word) with a link to the rest.

    Never cuts inside a number: "0808 2000 247" stays whole or goes whole.
    """
    if len(text) <= limit:
        return text
    suffix = f" … [more]({more})" if more else " …"
    budget = max(limit - len(suffix), 0)
    head = text[:budget]
    ends = [match.start() for match in _SENTENCE_END.finditer(head)]
    cut = ends[-1] if ends else _word_boundary(head)
    return (head[:cut].rstrip() + suffix)[:limit]


def _word_boundary(head: str) -> int:
    for position in range(len(head) - 1, 0, -1):
        if head[position].isspace() and not (head[position - 1].isdigit() and head[position + 1 : position + 2].isdigit()):
            return position
    return 0


def resource_embed(resource: Resource) -> discord.Embed:
    """A support line with everything needed to reach it, numbers easy to copy."""
    where = f" · {resource.region}" if resource.region else ""
    contacts = "\n".join(contact_line(contact, copyable) for contact in resource.contacts)
    embed = discord.Embed(
        title=fit(resource.title + where, TITLE_LIMIT),
        url=str(resource.url),
        colour=RESOURCE_COLOUR,
        description=fit(f"{resource.summary}\n\n{contacts}", DESCRIPTION_LIMIT, str(resource.url)),
    )
    embed.add_field(name="Hours", value=fit(hours_line(resource.hours), FIELD_VALUE_LIMIT))
    embed.add_field(name="Who it's for", value=fit(serves_line(resource).removeprefix("For: "), FIELD_VALUE_LIMIT))
    embed.set_footer(text=fit(_checked(resource), FOOTER_LIMIT))
    return embed


def lines_embed(lines: Sequence[Resource], *, title: str, colour: discord.Colour = RESOURCE_COLOUR) -> discord.Embed:
    """Several support lines as compact fields, best first."""
    embed = discord.Embed(title=fit(title, TITLE_LIMIT), colour=colour)
    for line in lines[:LINES_PER_ANSWER]:
        embed.add_field(name=fit(line.title, FIELD_NAME_LIMIT), value=_line_summary(line), inline=False)
    if len(lines) > LINES_PER_ANSWER:
        embed.set_footer(text=f"{len(lines) - LINES_PER_ANSWER} more in /resources")
    return embed


def emergency_embed(help_now: EmergencyHelp) -> discord.Embed:
    """Shown first, before anything else, when a question signals danger."""
    embed = discord.Embed(
        title="You deserve help right now",
        colour=CRISIS_COLOUR,
        description=fit(f"{CRISIS_LEAD}\n\n{emergency_numbers(help_now.country, copyable)}", DESCRIPTION_LIMIT),
    )
    for line in help_now.lines:
        embed.add_field(name=fit(line.title, FIELD_NAME_LIMIT), value=_line_summary(line), inline=False)
    return embed


def entry_embed(entry: Entry) -> discord.Embed:
    """The entry a question matched, in its own words with its source."""
    if isinstance(entry, Resource):
        return resource_embed(entry)
    if isinstance(entry, Story):
        return story_embed(entry, reveal=False)
    title, body, source, colour = _entry_parts(entry)
    embed = discord.Embed(title=fit(title, TITLE_LIMIT), colour=colour, description=fit(body, DESCRIPTION_LIMIT, source))
    if source:
        embed.set_footer(text=fit(f"Source: {source}", FOOTER_LIMIT))
    return embed


def story_embed(story: Story, *, reveal: bool) -> discord.Embed:
    """A story opens on its content notes and short version; the account only when asked."""
    warnings = ", ".join(story.content_warnings) or "none given"
    body = story.account if reveal else story.summary
    if reveal and story.quote:
        body = f"{body}\n\n> {story.quote}"
    embed = discord.Embed(
        title=fit(story.title, TITLE_LIMIT),
        colour=STORY_COLOUR,
        description=fit(f"**Content notes:** {warnings}\n\n{body}", DESCRIPTION_LIMIT, str(story.source_url)),
    )
    embed.set_footer(text=fit(f"{story.person} · {story.date:%d %b %Y} · Source: {story.source_name}", FOOTER_LIMIT))
    return embed


def answer_reply(answer: Answer) -> Reply:
    """The reply to /ask: crisis help first, then the entry and its lines, or what to try next."""
    embeds: list[discord.Embed] = []
    if answer.emergency is not None:
        embeds.append(emergency_embed(answer.emergency))
    if answer.entry is not None:
        embeds.append(entry_embed(answer.entry))
        shown = {line.id for line in answer.emergency.lines} if answer.emergency else set()
        lines = [line for line in answer.lines if line.id not in shown]
        if lines and not isinstance(answer.entry, Resource):
            embeds.append(lines_embed(lines, title=_lines_title(answer)))
    elif answer.outcome is Outcome.SUGGESTIONS:
        embeds.append(suggestions_embed(answer.suggestions))
    elif answer.emergency is None:
        embeds.append(discord.Embed(title="No match yet", colour=NEUTRAL_COLOUR, description=NO_MATCH_HELP))
    return Reply(embeds=within_limits(embeds))


def suggestions_embed(suggestions: Iterable[Suggestion]) -> discord.Embed:
    """"Did you mean" as a short list; buttons under it open each one."""
    listed = "\n".join(f"• {fit(s.title, 200)}" for s in suggestions)
    return discord.Embed(title="Did you mean…", colour=INFO_COLOUR, description=f"{SUGGESTIONS_LEAD}\n{listed}")


def within_limits(embeds: list[discord.Embed]) -> list[discord.Embed]:
    """Drop trailing fields, then trailing embeds, until the message fits Discord's totals."""
    embeds = embeds[:EMBEDS_LIMIT]
    while (excess := sum(len(embed) for embed in embeds) - EMBED_TOTAL_LIMIT) > 0:
        last = embeds[-1]
        if last.fields:
            last.remove_field(len(last.fields) - 1)
        elif len(embeds) > 1:
            embeds.pop()
        else:
            description = last.description or ""
            last.description = fit(description, max(len(description) - excess, 0))
    return embeds


def _entry_parts(entry: Entry) -> tuple[str, str, str | None, discord.Colour]:
    if isinstance(entry, Topic):
        return entry.name, entry.description, None, RESOURCE_COLOUR
    if isinstance(entry, FaqEntry):
        return entry.question, entry.answer, str(entry.source_url), INFO_COLOUR
    if isinstance(entry, Fact):
        return entry.title, f"{entry.statement}\n\n*{entry.date:%d %b %Y} · {entry.source_name}*", str(entry.source_url), INFO_COLOUR
    assert isinstance(entry, TimelineEvent)
    return (
        f"{entry.date:%d %b %Y} — {entry.title}",
        f"{entry.description}\n\n*{entry.source_name}*",
        str(entry.source_url),
        INFO_COLOUR,
    )


def _lines_title(answer: Answer) -> str:
    where = f" in {answer.country.name}" if answer.country else ""
    return f"Where to get support{where}"


def _line_summary(line: Resource) -> str:
    contacts = "\n".join(contact_line(contact, copyable) for contact in line.contacts[:4])
    details = f"{hours_line(line.hours)} · {serves_line(line)}\n{_checked(line)}"
    return fit(f"{contacts}\n{details}", FIELD_VALUE_LIMIT, str(line.url))


def _checked(line: Resource) -> str:
    return f"Checked {line.verified_on:%d %b %Y} · Source: {line.source_url.host}"


async def respond(
    interaction: discord.Interaction[Any], reply: Reply, *, ephemeral: bool
) -> discord.InteractionMessage | discord.WebhookMessage | None:
    """Send `reply` as the interaction's response, or as a followup once it has one.

    A failed followup is retried once and then logged; the member never sees a stack trace.
    """
    kwargs: dict[str, Any] = {
        "embeds": reply.embeds,
        "ephemeral": ephemeral,
        "allowed_mentions": discord.AllowedMentions.none(),
    }
    if reply.content:
        kwargs["content"] = reply.content[:CONTENT_LIMIT]
    if reply.view is not None:
        kwargs["view"] = reply.view
    if not interaction.response.is_done():
        try:
            await interaction.response.send_message(**kwargs)
            return None
        except discord.NotFound:
            log.warning("Interaction expired before we could answer it")
            return None
        except discord.HTTPException as error:
            if interaction.response.is_done():
                raise
            log.warning("Initial response failed (%s); trying a followup", error.status)
    for attempt in (1, 2):
        try:
            return await interaction.followup.send(wait=True, **kwargs)
        except discord.HTTPException as error:
            log.warning("Followup failed (status %s, attempt %d)", error.status, attempt)
    return None
