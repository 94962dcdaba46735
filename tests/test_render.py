"""Every rendered message fits Discord's limits, whatever editors write; fit() keeps numbers."""

import datetime as dt
import re

import discord
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import HttpUrl

from bot.chat.embeds import (
    PrivacyFacts,
    about_reply,
    answer_reply,
    fact_pages,
    help_pages,
    story_pages,
    timeline_pages,
    urgent_pages,
    urgent_reply,
)
from bot.chat.limits import fit
from bot.chat.respond import Reply
from bot.content.loader import Snapshot
from bot.content.models import (
    Contact,
    Country,
    EmergencyNumber,
    Fact,
    FaqEntry,
    Hours,
    Resource,
    Story,
    TimelineEvent,
)
from bot.engine.answers import Answer, EmergencyHelp, Outcome
from tests.e2e.discord_contract import message_errors

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
DAY = dt.date(2017, 10, 15)

pieces = st.sampled_from(
    [
        "@everyone",
        "@here",
        "<@123>",
        "**bold**",
        "`code`",
        "> quote",
        "||spoiler||",
        "[link](https://x.y)",
        "0808 2000 247",
        "116 123",
        "\n",
        ". ",
        "ünïcödé",
        "東京",
        "🙂",
        "\u200b",
        "a" * 300,
    ]
)
text = st.lists(st.one_of(pieces, st.text(max_size=40)), max_size=60).map(" ".join)
huge = st.builds(lambda t, n: (t or "x") * n, st.text(min_size=1, max_size=30), st.integers(1, 300))
any_text = st.one_of(text, huge).map(lambda t: t.strip() or "x")
url = st.integers(0, 1500).map(lambda n: HttpUrl("https://example.org/" + "p" * n))


def errors(reply: Reply) -> list[str]:
    return message_errors({"content": reply.content, "embeds": [e.to_dict() for e in reply.embeds]})


def embed_errors(embed: discord.Embed) -> list[str]:
    return message_errors({"embeds": [embed.to_dict()]})


@st.composite
def resources(draw: st.DrawFn) -> Resource:
    contacts = draw(st.lists(any_text, min_size=1, max_size=40))
    return Resource.model_construct(
        id="line",
        organisation=draw(any_text),
        service=draw(any_text),
        summary=draw(any_text),
        topics=("topic",),
        countries=("GB",),
        region=draw(st.none() | any_text),
        contacts=tuple(Contact.model_construct(kind="phone", value=c) for c in contacts),
        hours=Hours.model_construct(always_open=True),
        serves=("anyone",),
        serves_note=draw(st.none() | any_text),
        url=draw(url),
        source_url=draw(url),
        verified_on=DAY,
    )


@st.composite
def countries(draw: st.DrawFn) -> Country:
    numbers = draw(st.lists(st.tuples(any_text, any_text), min_size=1, max_size=30))
    return Country.model_construct(
        code="GB",
        name=draw(any_text),
        emergency=tuple(
            EmergencyNumber.model_construct(number=n, label=label) for n, label in numbers
        ),
        emergency_note=draw(st.none() | any_text),
        source_url=draw(url),
        verified_on=DAY,
    )


facts = st.builds(
    Fact.model_construct,
    id=st.just("fact"),
    title=any_text,
    statement=any_text,
    date=st.just(DAY),
    tags=st.just(("origin",)),
    source_url=url,
    source_name=any_text,
)
events = st.builds(
    TimelineEvent.model_construct,
    id=st.just("event"),
    date=st.just(DAY),
    title=any_text,
    description=any_text,
    source_url=url,
    source_name=any_text,
)
stories = st.builds(
    Story.model_construct,
    id=st.just("story"),
    person=any_text,
    title=any_text,
    summary=any_text,
    account=st.just("ACCOUNT-MARKER " * 50),
    content_warnings=st.lists(any_text, max_size=20).map(tuple),
    themes=st.just(("speaking-out",)),
    quote=st.none() | any_text,
    date=st.just(DAY),
    source_url=url,
    source_name=any_text,
)


@SETTINGS
@given(lines=st.lists(resources(), min_size=1, max_size=12), country=st.none() | countries())
def test_urgent_reply_and_pages_fit_with_many_lines_and_numbers(lines, country) -> None:
    help_now = EmergencyHelp(country=country, lines=tuple(lines))
    assert errors(urgent_reply(help_now)) == []
    pages = urgent_pages(help_now)
    assert all(embed_errors(page.embed) == [] for page in pages)
    assert sum(len(page.embed.fields) for page in pages) == len(lines)  # every line, once


@SETTINGS
@given(
    entry=st.one_of(
        resources(),
        facts,
        events,
        stories,
        st.builds(
            lambda q, a, link: FaqEntry.model_construct(
                id="faq", question=q, answer=a, source_url=link, source_name="s"
            ),
            any_text,
            any_text,
            url,
        ),
    ),
    lines=st.lists(resources(), max_size=12),
    country=st.none() | countries(),
    is_crisis=st.booleans(),
)
def test_answer_reply_fits_whatever_the_entry_and_lines(entry, lines, country, is_crisis) -> None:
    emergency = EmergencyHelp(country=country, lines=tuple(lines[:4])) if is_crisis else None
    answer = Answer("q", Outcome.ANSWER, entry, 100.0, (), country, tuple(lines), emergency)
    reply = answer_reply(answer)
    assert errors(reply) == []
    if isinstance(entry, Story):
        assert "ACCOUNT-MARKER" not in str([e.to_dict() for e in reply.embeds])


@SETTINGS
@given(items=st.lists(facts, min_size=1, max_size=40), heading=any_text)
def test_fact_pages_fit_and_keep_every_fact(items, heading) -> None:
    pages = fact_pages(items, heading=heading)
    assert all(embed_errors(page.embed) == [] for page in pages)
    assert sum(len(page.embed.fields) for page in pages) == len(items)
    assert all(page.fuller is None for page in pages)


@SETTINGS
@given(items=st.lists(events, min_size=1, max_size=40))
def test_timeline_pages_fit_and_keep_every_event(items) -> None:
    pages = timeline_pages(items)
    assert all(embed_errors(page.embed) == [] for page in pages)
    assert sum(len(page.embed.fields) for page in pages) == len(items)


@SETTINGS
@given(items=st.lists(stories, min_size=1, max_size=12))
def test_story_pages_fit_and_hide_the_account_until_read(items) -> None:
    pages = story_pages(items)
    for page in pages:
        assert page.fuller is not None
        assert embed_errors(page.embed) == [] and embed_errors(page.fuller) == []
        assert "ACCOUNT-MARKER" not in str(page.embed.to_dict())
        assert "ACCOUNT-MARKER" in (page.fuller.description or "")


@SETTINGS
@given(commands=st.lists(st.tuples(any_text, any_text), max_size=60), is_private=st.booleans())
def test_help_pages_fit_with_many_commands(commands, is_private) -> None:
    pages = help_pages(commands, is_private=is_private)
    assert all(embed_errors(page.embed) == [] for page in pages)


@SETTINGS
@given(
    lines=st.lists(resources(), max_size=30),
    cited=st.lists(facts, max_size=30),
    version=any_text,
    threshold=st.integers(2, 100),
)
def test_about_reply_fits_with_many_sources(lines, cited, version, threshold) -> None:
    snapshot = Snapshot(
        countries=(),
        topics=(),
        phrases=(),
        resources=tuple(lines),
        facts=tuple(cited),
        events=(),
        stories=(),
        faq=(),
        version=version,
        by_id={},
        country_by_code={},
    )
    reply = about_reply(snapshot, PrivacyFacts(hidden_below=threshold, retention_days=90))
    assert errors(reply) == []
    shown = " ".join(field.value or "" for field in reply.embeds[-1].fields)
    assert f"counts under {threshold} are hidden" in shown


number = st.lists(st.integers(0, 9999).map(str), min_size=1, max_size=4).map(" ".join)
word = st.text(alphabet="abcé東🙂*_@", min_size=1, max_size=8)
sentence = st.lists(st.one_of(number, word, st.sampled_from([".", "!", "\n"])), max_size=40).map(
    " ".join
)


@settings(max_examples=300, deadline=None)
@given(text=sentence, limit=st.integers(0, 200), more=st.none() | st.just("https://example.org"))
def test_fit_stays_within_the_limit_and_never_cuts_inside_a_number(text, limit, more) -> None:
    result = fit(text, limit, more)
    assert len(result) <= limit or (len(text) <= limit and result == text)
    if result == text or limit < len(" … [more](https://example.org)"):  # room for the suffix only
        return
    kept = re.sub(r" … \[more\]\([^)]*\)$| …$", "", result)
    assert text.startswith(kept)
    rest = text[len(kept) :]
    if kept and kept[-1].isdigit():
        assert not rest[:1].isdigit()
        assert not (rest[:1] == " " and rest[1:2].isdigit()), (text, result)


def test_fit_keeps_a_phone_number_whole_or_drops_it_whole() -> None:
    assert fit("Call 116 123", 11) == "Call …"
    assert fit("Call 116 123 today", 14) == "Call 116 123 …"
