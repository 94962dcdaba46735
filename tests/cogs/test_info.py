"""/help and /about: what the bot does and what it keeps, read from the real command tree."""

import pytest

from bot.chat import books
from bot.chat.client import SignpostBot
from bot.chat.limits import FIRST_SCREEN
from bot.chat.services import Services
from bot.storage.usage import NEVER_STORED
from tests.fakes import FakeInteraction


@pytest.fixture
async def bot(services: Services) -> SignpostBot:
    bot = SignpostBot(services)
    await bot.setup_hook()
    return bot


async def test_help_lists_every_member_command_with_its_description(bot: SignpostBot) -> None:
    cog, interaction = bot.get_cog("Info"), FakeInteraction()
    await cog.help.callback(cog, interaction)
    [call] = interaction.sent("send_message")
    assert call.is_ephemeral and call.mentions_none
    assert sum(len(embed) for embed in call.embeds) < FIRST_SCREEN
    assert "/urgent shows emergency numbers" in call.text() and "Only you can see" in call.text()
    book = books.help_book(bot.services.shelf(interaction), "")  # type: ignore[arg-type]
    shown = "\n".join(page.embed.description or "" for page in book)
    members = [c for c in bot.tree.get_commands() if c.default_permissions is None]
    assert {"ask", "resources", "facts", "timeline", "stories", "urgent", "help", "about"} <= {
        c.name for c in members
    }
    for command in members:
        assert f"**/{command.name}** — {command.description}" in shown
    for command in set(bot.tree.get_commands()) - set(members):
        assert f"**/{command.name}**" not in shown


async def test_help_leaves_out_commands_for_moderators(bot: SignpostBot) -> None:
    @bot.tree.command(name="configure")
    @discord_default_permissions()
    async def configure(interaction) -> None:  # type: ignore[no-untyped-def]
        """Change this server's settings."""

    cog, interaction = bot.get_cog("Info"), FakeInteraction()
    await cog.help.callback(cog, interaction)
    assert "/configure" not in interaction.last.text() and "/about" in interaction.last.text()


def discord_default_permissions():  # type: ignore[no-untyped-def]
    from discord import app_commands

    return app_commands.default_permissions(manage_guild=True)


async def test_about_states_what_is_and_is_never_stored(
    bot: SignpostBot, services: Services
) -> None:
    cog, interaction = bot.get_cog("Info"), FakeInteraction(guild_id=None)
    await cog.about.callback(cog, interaction)
    shown = interaction.last.text()
    snapshot = services.content.engine.snapshot
    assert f"Version `{snapshot.version}`: 6 support lines in 3 countries, 3 facts" in shown
    assert "counts under 5 are hidden" in shown
    assert "No names, accounts or what you type are kept" in shown
    await cog.privacy.callback(cog, details := FakeInteraction(guild_id=None))
    assert all(line in details.last.text() for line in NEVER_STORED)
    assert "RAINN" in shown and "E! News" in shown
    assert interaction.last.is_ephemeral
