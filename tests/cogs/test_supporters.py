"""/support-a-friend: guidance editors filed for supporters, then lines that take their calls."""

from __future__ import annotations

import discord

from bot.chat import books
from bot.chat.embeds import supporter_pages
from bot.chat.services import Services
from bot.chat.views import Buttons
from bot.engine.supporters import supporter_guide
from cogs.supporters import Supporters
from tests.fakes import FakeInteraction


async def test_guidance_first_then_local_lines_for_friends_and_family(services: Services) -> None:
    cog, interaction = (
        Supporters(services, Buttons.bound_to(services)),
        FakeInteraction(locale=discord.Locale.british_english),
    )
    await cog.support_a_friend.callback(cog, interaction)
    call = interaction.last
    assert call.is_ephemeral and call.mentions_none
    assert "How can I support a friend who tells me they were assaulted?" in call.text()
    assert call.view is not None
    lines = books.supporters(services.shelf(interaction), "GB")[-1].embed  # type: ignore[arg-type]
    assert lines.title == "Lines that take calls from friends and family in United Kingdom"
    assert [field.name for field in lines.fields] == [
        "National Domestic Abuse Helpline (Refuge)",  # 24/7 first
        "Men's Advice Line (Respect)",
    ]


def test_lines_are_only_those_serving_friends_and_family(services: Services) -> None:
    engine = services.content.engine
    guide = supporter_guide(engine, engine.snapshot.country_by_code["US"])
    assert [line.id for line in guide.lines] == ["us-rainn", "us-988"]
    assert [faq.id for faq in guide.guidance] == ["faq-support-a-friend"]


def test_without_lines_the_last_page_says_where_else_to_look(services: Services) -> None:
    engine = services.content.engine
    guide = supporter_guide(engine, engine.snapshot.country_by_code["AU"])
    assert guide.lines == ()
    last = supporter_pages(guide)[-1].embed
    assert "/resources" in (last.description or "") and last.footer.text == "Page 2 of 2"
