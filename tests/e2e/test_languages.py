"""Replies in the member's language through the real client: private ones follow the member's
Discord locale, public ones the server's language setting, and never the member's."""

from __future__ import annotations

import pytest

from bot.chat.client import SignpostBot
from bot.chat.copy import TIMELINE_TITLE
from bot.language import _, speaking
from bot.settings import PROJECT_ROOT, Settings
from bot.wording import DANGER_LINE
from tests.e2e.fake_discord import FakeDiscord
from tests.e2e.signpost import click, configure, run, text_of

CRISIS_TITLE = "You deserve help right now"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The shipped content: its translations are what members read."""
    return settings.model_copy(update={"data_dir": PROJECT_ROOT / "data"})


def said(language: str, english: str) -> str:
    """`english` as Signpost writes it in `language`."""
    with speaking(language):
        return _(english)


def summary_in(bot: SignpostBot, line_id: str, language: str) -> str:
    entry = bot.services.content.engine.entry(line_id)
    assert entry is not None
    return str(entry.in_language(language).body)


async def test_urgent_speaks_french_to_a_french_member(
    fake_discord: FakeDiscord, bot: SignpostBot
) -> None:
    _handle, reply = await run(fake_discord, "urgent", locale="fr")
    shown = text_of(reply)
    assert reply.is_ephemeral and said("fr", CRISIS_TITLE) in shown
    assert said("fr", CRISIS_TITLE) != CRISIS_TITLE
    assert "`112`" in shown and "`17`" in shown


async def test_ask_in_portuguese_gets_brazils_lines_in_portuguese(
    fake_discord: FakeDiscord, bot: SignpostBot
) -> None:
    _handle, reply = await run(
        fake_discord, "ask", {"question": "meu namorado me bateu o que eu faço"}, locale="pt-BR"
    )
    shown = text_of(reply)
    # Read as danger now (crisis help first) or as abuse (the danger line first): in Portuguese
    # either way, Brazil's emergency number first, then Ligue 180 for women facing violence.
    assert reply.is_ephemeral and "`190`" in shown.split("\n\n")[0]
    opening = said("pt", DANGER_LINE).format(number="**`190`**")
    assert said("pt", CRISIS_TITLE) in shown or opening in shown
    assert "180" in shown


async def test_a_public_server_speaks_its_own_language_and_never_the_members(
    fake_discord: FakeDiscord, bot: SignpostBot
) -> None:
    await configure(bot, fake_discord, private_replies=False, language="de")
    _handle, public = await run(fake_discord, "timeline", locale="fr")
    assert not public.is_ephemeral
    assert said("de", TIMELINE_TITLE) in text_of(public)
    assert said("fr", TIMELINE_TITLE) not in text_of(public)
    # The same member's private reply in that server is in their own language.
    _handle, private = await run(fake_discord, "urgent", locale="fr")
    assert private.is_ephemeral and said("fr", CRISIS_TITLE) in text_of(private)


async def test_a_sensitive_answer_in_a_public_server_is_private_and_in_the_members_language(
    fake_discord: FakeDiscord, bot: SignpostBot
) -> None:
    await configure(bot, fake_discord, private_replies=False)
    _handle, reply = await run(
        fake_discord, "ask", {"question": "j'ai été violée, qui peut m'aider"}, locale="fr"
    )
    assert reply.is_ephemeral
    assert said("fr", DANGER_LINE).split("{")[0] in text_of(reply)


async def test_buttons_answer_in_the_language_the_reply_was_in(
    fake_discord: FakeDiscord, bot: SignpostBot
) -> None:
    handle, reply = await run(fake_discord, "support-a-friend", locale="nl")
    assert reply.is_ephemeral and said("nl", "Next") != "Next"
    page = await click(fake_discord, handle.message, said("nl", "Next"), locale="nl")
    assert said("nl", "Page {number} of {count}").split("{")[0] in text_of(page)


async def test_a_line_reads_in_the_members_language_with_its_numbers_unchanged(
    fake_discord: FakeDiscord, bot: SignpostBot
) -> None:
    _handle, reply = await run(
        fake_discord, "resources", {"topic": "domestic-violence", "country": "DE"}, locale="de"
    )
    shown = text_of(reply)
    assert reply.is_ephemeral and "116 016" in shown
    assert summary_in(bot, "domestic-violence", "de")[:40] in shown


async def test_a_private_press_on_a_public_reply_answers_in_the_members_language(
    fake_discord: FakeDiscord, bot: SignpostBot
) -> None:
    await configure(bot, fake_discord, private_replies=False, language="de")
    handle, public = await run(
        fake_discord, "ask", {"question": "fact-weinstein-ny-conviction-2020"}, locale="fr"
    )
    assert not public.is_ephemeral
    assert summary_in(bot, "fact-weinstein-ny-conviction-2020", "de")[:60] in text_of(public)
    whole = await click(fake_discord, handle.message, said("de", "Read all"), locale="fr")
    assert whole.is_ephemeral
    assert summary_in(bot, "fact-weinstein-ny-conviction-2020", "fr")[:60] in text_of(whole)
