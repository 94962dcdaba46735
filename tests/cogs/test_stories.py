"""/stories and its page buttons: short version first, the account only on Read, invoker only."""

import discord
import pytest

from bot.chat.copy import NOT_YOURS
from bot.chat.services import Services
from bot.chat.views import Buttons
from cogs.stories import UNKNOWN_THEME, Stories
from tests.fakes import FakeInteraction, other_member

ACCOUNT = "she described harassment in a hotel room"  # in the fixture's Ashley Judd account


def cog_of(services: Services) -> Stories:
    return Stories(services, Buttons.bound_to(services))


async def open_stories(
    services: Services, theme: str | None = None
) -> tuple[FakeInteraction, discord.ui.View]:
    cog, interaction = cog_of(services), FakeInteraction()
    await cog.stories.callback(cog, interaction, theme)
    view = interaction.last.view
    assert view is not None
    return interaction, view


def labels(view: discord.ui.View) -> dict[str, bool]:
    """Button label -> whether it can be pressed."""
    return {item.item.label: not item.item.disabled for item in view.children}  # type: ignore[attr-defined]


async def press(
    view: discord.ui.View, label: str, by: FakeInteraction | None = None
) -> FakeInteraction:
    """Press a page button as discord.py would after a restart: rebuilt from its custom id."""
    [button] = [item for item in view.children if item.item.label == label]  # type: ignore[attr-defined]
    rebuilt = type(button).__discord_ui_compiled_template__.fullmatch(button.custom_id)  # type: ignore[attr-defined]
    assert rebuilt is not None
    fresh = await type(button).from_custom_id(by or FakeInteraction(), button.item, rebuilt)  # type: ignore[attr-defined]
    interaction = by or FakeInteraction()
    await fresh.callback(interaction)
    return interaction


async def test_stories_open_on_content_notes_and_short_version_only(services: Services) -> None:
    interaction, view = await open_stories(services)
    call = interaction.last
    assert call.is_ephemeral and call.mentions_none
    shown = call.text()
    assert "**Content notes:** child sexual abuse" in shown
    assert "urged others to speak up" in shown
    assert "age of nine" not in shown and "1 of 2" in shown
    assert labels(view) == {"Previous": False, "Next": True, "Read": True}


async def test_read_reveals_the_account_only_when_pressed(services: Services) -> None:
    interaction, view = await open_stories(services, "workplace")
    assert ACCOUNT not in interaction.last.text()
    read = await press(view, "Read")
    [edit] = read.sent("edit_message")
    description = edit.embeds[0].description or ""
    assert ACCOUNT in description and "There wasn't a place" in description
    assert edit.mentions_none
    assert edit.view is not None and labels(edit.view) == {"Short version": True}
    back = await press(edit.view, "Short version")
    assert ACCOUNT not in (back.last.embeds[0].description or "")


async def test_skip_to_next_leaves_the_account_for_the_next_short_version(
    services: Services,
) -> None:
    _, view = await open_stories(services)
    read = await press(view, "Read")
    reading = read.last.view
    assert reading is not None
    assert labels(reading) == {"Previous": False, "Short version": True, "Skip to next": True}
    skipped = await press(reading, "Skip to next")
    shown = skipped.last.embeds[0].description or ""
    assert "Ashley Judd was one of the first" in shown and ACCOUNT not in shown
    assert skipped.last.view is not None
    assert labels(skipped.last.view) == {"Previous": True, "Next": False, "Read": True}


async def test_another_members_press_is_refused_and_changes_nothing(services: Services) -> None:
    interaction, view = await open_stories(services)
    stranger = other_member(interaction)
    await press(view, "Next", by=stranger)
    [refusal] = stranger.sent()
    assert refusal.method == "send_message" and refusal.is_ephemeral
    assert refusal.content == NOT_YOURS


async def test_page_buttons_keep_no_state_in_memory_and_survive_a_restart(
    services: Services,
) -> None:
    _, view = await open_stories(services)
    assert view.timeout is None
    ids = [item.custom_id for item in view.children]  # type: ignore[attr-defined]
    assert all(custom_id.startswith("signpost:page:stories::") for custom_id in ids)
    restarted = Buttons.bound_to(services)  # a new process binds new classes
    [next_button] = [item for item in view.children if item.item.label == "Next"]  # type: ignore[attr-defined]
    match = restarted.page.__discord_ui_compiled_template__.fullmatch(next_button.custom_id)  # type: ignore[attr-defined]
    assert match is not None
    fresh = await restarted.page.from_custom_id(FakeInteraction(), next_button.item, match)
    turned = FakeInteraction()
    await fresh.callback(turned)
    assert "2 of 2" in turned.last.text()


@pytest.mark.parametrize("theme", ["childhood", "Speaking out"])
async def test_stories_on_a_theme(services: Services, theme: str) -> None:
    interaction = FakeInteraction()
    cog = cog_of(services)
    await cog.stories.callback(cog, interaction, theme)
    assert interaction.last.embeds and interaction.last.is_ephemeral


async def test_unknown_theme_is_answered_privately(services: Services) -> None:
    cog, interaction = cog_of(services), FakeInteraction()
    await cog.stories.callback(cog, interaction, "sport")
    assert interaction.last.content == UNKNOWN_THEME and interaction.last.view is None


async def test_theme_autocomplete_offers_themes_largest_first(services: Services) -> None:
    cog = cog_of(services)
    choices = await cog.theme_autocomplete(FakeInteraction(), "")
    assert choices[0].value == "speaking-out" and choices[0].name == "Speaking out (2)"
    assert [c.value for c in await cog.theme_autocomplete(FakeInteraction(), "work")] == [
        "workplace"
    ]
