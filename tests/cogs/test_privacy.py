"""/privacy and /about share one privacy text, generated from the usage type and settings."""

from __future__ import annotations

import pytest

from bot.chat.client import SignpostBot
from bot.chat.embeds import PrivacyFacts, privacy_pages
from bot.chat.limits import FIRST_SCREEN
from bot.chat.services import Services
from bot.storage.servers import ServerConfig
from bot.storage.usage import NEVER_STORED, UNMATCHED_NOTICE, stored_fields
from tests.fakes import FakeInteraction


@pytest.fixture
async def bot(services: Services) -> SignpostBot:
    bot = SignpostBot(services)
    await bot.setup_hook()
    return bot


async def test_privacy_opens_on_what_is_stored_and_never_stored_within_a_first_screen(
    bot: SignpostBot,
) -> None:
    cog, interaction = bot.get_cog("Info"), FakeInteraction()
    await cog.privacy.callback(cog, interaction)  # type: ignore[union-attr]
    [call] = interaction.sent("send_message")
    text = call.text()
    assert call.is_ephemeral and call.mentions_none
    assert all(description in text for _, description in stored_fields())
    assert all(line in text for line in NEVER_STORED)
    assert f"deleted after {bot.services.settings.retention_days} days" in text
    assert f"counts under {bot.services.settings.suppression_threshold} are hidden" in text
    assert sum(len(embed) for embed in call.embeds) < FIRST_SCREEN
    assert call.view is not None
    assert [button.item.label for button in call.view.children] == ["Previous", "Next"]  # type: ignore[attr-defined]
    pages = privacy_pages(bot.services.privacy(interaction))  # type: ignore[arg-type]
    assert UNMATCHED_NOTICE in pages[1].embed.fields[0].value  # type: ignore[operator]
    assert all(len(page.embed) < FIRST_SCREEN for page in pages)


async def test_about_sums_up_privacy_and_points_to_the_whole_of_it(bot: SignpostBot) -> None:
    cog = bot.get_cog("Info")
    about = FakeInteraction()
    await cog.about.callback(cog, about)  # type: ignore[union-attr]
    shown = about.last.text()
    assert "/privacy shows exactly what is stored and never stored" in shown
    assert len(shown) <= FIRST_SCREEN


@pytest.mark.parametrize(
    ("server", "expected"),
    [
        (
            ServerConfig(),
            ["Counting usage: **on**", "unanswered questions: **off**", "(/reach-out): **off**"],
        ),
        (
            ServerConfig(usage_logging=False, unmatched_logging=True, quiet_alerts=True),
            ["Counting usage: **off**", "unanswered questions: **on**", "(/reach-out): **on**"],
        ),
        (None, ["In direct messages"]),
    ],
)
def test_this_servers_choices_are_stated(server: ServerConfig | None, expected: list[str]) -> None:
    pages = privacy_pages(PrivacyFacts(hidden_below=5, retention_days=30, server=server))
    choices = next(
        field.value
        for page in pages
        for field in page.embed.fields
        if field.name == "This server's choices"
    )
    assert all(part in (choices or "") for part in expected)
