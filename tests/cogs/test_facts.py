"""/facts and /timeline driven through their callbacks with the fixture content."""

import discord

from bot.chat.embeds import fact_pages
from bot.chat.services import Services
from bot.chat.views import Buttons, paged
from cogs.facts import UNKNOWN_TAG, Facts
from tests.fakes import FakeInteraction


async def test_facts_lists_every_fact_privately_without_mentions(services: Services) -> None:
    cog, interaction = Facts(services, Buttons.bound_to(services)), FakeInteraction()
    await cog.facts.callback(cog, interaction)
    [call] = interaction.sent("send_message")
    assert call.is_ephemeral and call.mentions_none
    shown = call.text()
    assert "Alyssa Milano's call" in shown and "TIME's Silence Breakers" in shown
    assert "[Wikipedia](https://en.wikipedia.org/wiki/Tarana_Burke)" in shown


async def test_facts_on_a_topic_shows_only_that_topic(services: Services) -> None:
    cog, interaction = Facts(services, Buttons.bound_to(services)), FakeInteraction()
    await cog.facts.callback(cog, interaction, "Recognition")
    shown = interaction.last.text()
    assert "TIME's Silence Breakers" in shown and "Alyssa Milano" not in shown
    assert interaction.last.embeds[0].title.endswith(": Recognition")


async def test_facts_on_an_unknown_topic_says_so_privately(services: Services) -> None:
    cog, interaction = Facts(services, Buttons.bound_to(services)), FakeInteraction()
    await cog.facts.callback(cog, interaction, "football")
    assert interaction.last.content == UNKNOWN_TAG and interaction.last.is_ephemeral


async def test_facts_topic_autocomplete_offers_tags_with_counts(services: Services) -> None:
    cog = Facts(services, Buttons.bound_to(services))
    every = await cog.topic_autocomplete(FakeInteraction(), "")
    typed = await cog.topic_autocomplete(FakeInteraction(), "reco")
    assert [(c.name, c.value) for c in every] == [
        ("Origin (2)", "origin"),
        ("Recognition (1)", "recognition"),
    ]
    assert [c.value for c in typed] == ["recognition"]


async def test_timeline_lists_events_in_date_order(services: Services) -> None:
    cog, interaction = Facts(services, Buttons.bound_to(services)), FakeInteraction()
    await cog.timeline.callback(cog, interaction)
    [embed] = interaction.last.embeds
    assert [field.name for field in embed.fields] == [
        "14 Oct 2017 — The Academy expels Harvey Weinstein",
        "6 Dec 2017 — TIME names The Silence Breakers",
    ]
    assert interaction.last.is_ephemeral and interaction.last.view is None


async def test_facts_work_in_a_direct_message(services: Services) -> None:
    cog, interaction = (
        Facts(services, Buttons.bound_to(services)),
        FakeInteraction(guild_id=None, locale=discord.Locale.german),
    )
    await cog.facts.callback(cog, interaction)
    assert interaction.last.is_ephemeral and "Alyssa Milano's call" in interaction.last.text()


async def test_long_lists_page_with_previous_and_next_and_no_read(services: Services) -> None:
    buttons = Buttons.bound_to(services)
    facts = services.content.engine.snapshot.facts * 4
    pages = fact_pages(facts, heading="Facts")
    view = paged("facts", "", pages, 1, buttons).view
    assert view is not None and len(pages) > 2
    assert [(b.item.label, b.item.disabled) for b in view.children] == [  # type: ignore[attr-defined]
        ("Previous", True),
        ("Next", False),
    ]


async def test_facts_topic_autocomplete_forgives_typos(services: Services) -> None:
    cog = Facts(services, Buttons.bound_to(services))
    choices = await cog.topic_autocomplete(FakeInteraction(), "orgin")  # type: ignore[arg-type]
    assert choices and choices[0].value == "origin"
