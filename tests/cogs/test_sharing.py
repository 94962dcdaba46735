"""Sharing a line publicly, and deleting that post: only its sharer or a moderator may."""

from __future__ import annotations

import discord
import pytest

from bot.chat.client import SignpostBot
from bot.chat.copy import NOT_YOUR_POST
from bot.chat.services import Services
from bot.chat.views import Buttons, may_delete
from tests.fakes import MEMBER_ID, OTHER_MEMBER_ID, FakeInteraction

MANAGE_MESSAGES = discord.Permissions(manage_messages=True)
MANAGE_SERVER = discord.Permissions(manage_guild=True)


@pytest.mark.parametrize(
    ("user_id", "permissions", "allowed"),
    [
        (MEMBER_ID, discord.Permissions.none(), True),
        (OTHER_MEMBER_ID, discord.Permissions.none(), False),
        (OTHER_MEMBER_ID, discord.Permissions(send_messages=True, kick_members=True), False),
        (OTHER_MEMBER_ID, MANAGE_MESSAGES, True),
        (OTHER_MEMBER_ID, MANAGE_SERVER, True),
    ],
)
def test_only_the_sharer_or_a_moderator_may_delete(
    user_id: int, permissions: discord.Permissions, allowed: bool
) -> None:
    assert may_delete(user_id, MEMBER_ID, permissions) is allowed


@pytest.fixture
def buttons(services: Services) -> Buttons:
    return Buttons.bound_to(services)


async def test_the_delete_button_carries_its_sharer_in_its_custom_id(buttons: Buttons) -> None:
    DeleteButton = buttons.delete
    button = DeleteButton(MEMBER_ID)
    assert button.custom_id == f"signpost:delete:{MEMBER_ID}"
    match = DeleteButton.__discord_ui_compiled_template__.fullmatch(button.custom_id)
    assert match is not None
    rebuilt = await DeleteButton.from_custom_id(FakeInteraction(), button.item, match)
    assert rebuilt.sharer_id == MEMBER_ID


async def test_a_refused_delete_is_private_and_deletes_nothing(buttons: Buttons) -> None:
    stranger = FakeInteraction(user_id=OTHER_MEMBER_ID)
    stranger.permissions = discord.Permissions.none()  # type: ignore[attr-defined]
    await buttons.delete(MEMBER_ID).callback(stranger)  # type: ignore[arg-type]
    [refusal] = stranger.sent()
    assert refusal.is_ephemeral and refusal.content == NOT_YOUR_POST


async def test_a_shared_post_carries_delete_and_report_buttons_and_nothing_of_the_member(
    services: Services,
) -> None:
    interaction = FakeInteraction(locale=discord.Locale.british_english)
    interaction.client = bot = SignpostBot(services)
    await bot.buttons.share("gb-samaritans").callback(interaction)  # type: ignore[arg-type]
    post = interaction.last
    assert not post.is_ephemeral and post.mentions_none
    assert post.view is not None
    delete, report = post.view.children
    assert getattr(delete, "custom_id", None) == f"signpost:delete:{MEMBER_ID}"
    assert getattr(report, "custom_id", None) == "signpost:report:gb-samaritans"
    assert "United Kingdom" not in post.text() and str(MEMBER_ID) not in post.text()
