"""/stories and the paginator: short version first, the account only on Read, invoker only."""

import pytest

from bot.chat import views
from bot.chat.copy import NOT_YOURS
from bot.chat.services import Services
from bot.chat.views import Paginator
from cogs.stories import UNKNOWN_THEME, Stories
from tests.fakes import FakeInteraction, other_member

ACCOUNT = "she described harassment in a hotel room"  # in the fixture's Ashley Judd account


async def open_stories(
    services: Services, theme: str | None = None
) -> tuple[FakeInteraction, Paginator]:
    cog, interaction = Stories(services), FakeInteraction()
    await cog.stories.callback(cog, interaction, theme)
    view = interaction.last.view
    assert isinstance(view, Paginator)
    return interaction, view


def labels(view: Paginator) -> dict[str, bool]:
    """Button label -> whether it can be pressed."""
    return {item.label: not item.disabled for item in view.children}  # type: ignore[attr-defined]


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
    _, view = await open_stories(services, "workplace")
    assert ACCOUNT not in (view.embed.description or "")
    press = FakeInteraction()
    await view.read.callback(press)
    [edit] = press.sent("edit_message")
    assert (
        ACCOUNT in edit.embeds[0].description
        and "There wasn't a place" in edit.embeds[0].description
    )
    assert edit.mentions_none
    assert labels(view) == {"Short version": True}

    back = FakeInteraction()
    await view.short_version.callback(back)
    assert ACCOUNT not in back.last.embeds[0].description


async def test_skip_to_next_leaves_the_account_for_the_next_short_version(
    services: Services,
) -> None:
    _, view = await open_stories(services)
    await view.read.callback(FakeInteraction())
    assert labels(view) == {"Previous": False, "Short version": True, "Skip to next": True}
    press = FakeInteraction()
    await view.skip_to_next.callback(press)
    shown = press.last.embeds[0].description
    assert "Ashley Judd was one of the first" in shown and ACCOUNT not in shown
    assert labels(view) == {"Previous": True, "Next": False, "Read": True}


async def test_another_members_press_is_refused_and_changes_nothing(services: Services) -> None:
    interaction, view = await open_stories(services)
    stranger = other_member(interaction)
    assert await view.interaction_check(stranger) is False
    [refusal] = stranger.sent()
    assert (
        refusal.method == "send_message" and refusal.is_ephemeral and refusal.content == NOT_YOURS
    )
    assert view.index == 0 and not view.is_reading
    assert await view.interaction_check(FakeInteraction()) is True


async def test_timeout_disables_every_button_on_the_reply(services: Services) -> None:
    interaction, view = await open_stories(services)
    await view.on_timeout()
    [edit] = interaction.sent("edit_original_response")
    assert edit.view is view and all(item.disabled for item in view.children)  # type: ignore[attr-defined]


async def test_timeout_stays_under_the_fifteen_minute_token_life() -> None:
    assert 0 < views.PAGE_TIMEOUT < 15 * 60


async def test_a_failing_button_answers_privately_without_a_traceback(services: Services) -> None:
    _, view = await open_stories(services)
    press = FakeInteraction()
    await view.on_error(press, RuntimeError("boom"), view.read)
    assert press.last.is_ephemeral and press.last.content == views.BUTTON_FAILED


@pytest.mark.parametrize("theme", ["childhood", "Speaking out"])
async def test_stories_on_a_theme(services: Services, theme: str) -> None:
    interaction = FakeInteraction()
    cog = Stories(services)
    await cog.stories.callback(cog, interaction, theme)
    assert interaction.last.embeds and interaction.last.is_ephemeral


async def test_unknown_theme_is_answered_privately(services: Services) -> None:
    cog, interaction = Stories(services), FakeInteraction()
    await cog.stories.callback(cog, interaction, "sport")
    assert interaction.last.content == UNKNOWN_THEME and interaction.last.view is None


async def test_theme_autocomplete_offers_themes_largest_first(services: Services) -> None:
    cog = Stories(services)
    choices = await cog.theme_autocomplete(FakeInteraction(), "")
    assert choices[0].value == "speaking-out" and choices[0].name == "Speaking out (2)"
    assert [c.value for c in await cog.theme_autocomplete(FakeInteraction(), "work")] == [
        "workplace"
    ]
