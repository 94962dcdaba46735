"""/reload through the real discord.py client: who may use it, what they read, what members get."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.chat.client import SignpostBot
from bot.chat.services import Services
from bot.services import ContentHolder
from bot.settings import Settings
from cogs.editors import NOT_ALLOWED
from tests.content_files import faq_toml
from tests.e2e.fake_discord import FakeDiscord, Request
from tests.e2e.signpost import Runner, text_of


def quiet_room(topic: str) -> str:
    """The FAQ an editor adds during the test, filed under `topic`."""
    return faq_toml(
        "faq-quiet-room",
        question="Where is the quiet room?",
        answer="Next to the library, open every evening.",
        aliases=["where is the quiet room"],
        topics=[topic],
    )


NEW_FAQ = quiet_room("supporting-someone")
MANAGE_GUILD = 1 << 5


@pytest.fixture
async def bot(data: Path, settings: Settings, run_bot: Runner) -> AsyncIterator[SignpostBot]:
    services = Services(settings, ContentHolder(data, default_country="US"))
    async with run_bot(SignpostBot(services)) as client:
        assert isinstance(client, SignpostBot)
        yield client


async def reload_as(fake: FakeDiscord, **where: object) -> Request:
    handle = await fake.interact(fake.slash("reload", **where))
    reply = await handle.response()
    assert reply.is_ephemeral
    if reply.json["type"] == 5:  # deferred: the answer follows once the content is read
        reply = await handle.followup()
    assert reply.mentions_none
    return reply


async def ask(fake: FakeDiscord, question: str) -> str:
    handle = await fake.interact(fake.slash("ask", {"question": question}))
    return text_of(await handle.response())


async def test_moderator_reload_reports_the_version_and_counts_privately(
    fake_discord: FakeDiscord, bot: SignpostBot
) -> None:
    version = bot.services.content.engine.snapshot.version
    reply = await reload_as(fake_discord, user=fake_discord.moderator)
    content = reply.message["content"] if reply.message else ""
    assert content.startswith(f"Content reloaded: version {version} (no changes).")
    assert "6 resources" in content


async def test_member_without_manage_server_is_refused(
    fake_discord: FakeDiscord, bot: SignpostBot
) -> None:
    bob = fake_discord.add_member(fake_discord.guild, "bob")
    reply = await reload_as(fake_discord, user=bob)
    assert reply.message and reply.message["content"] == NOT_ALLOWED


async def test_in_dms_only_owners_may_reload(
    fake_discord: FakeDiscord, data: Path, settings: Settings, run_bot: Runner
) -> None:
    listed = fake_discord.add_member(fake_discord.guild, "listed")
    stranger = fake_discord.add_member(fake_discord.guild, "stranger")
    owners = settings.model_copy(update={"owner_ids": (listed.id,)})
    services = Services(owners, ContentHolder(data, default_country="US"))
    async with run_bot(SignpostBot(services)):
        refused = await reload_as(fake_discord, user=stranger, dm=True)
        by_setting = await reload_as(fake_discord, user=listed, dm=True)
        by_application = await reload_as(
            fake_discord, user=fake_discord.member, dm=True
        )  # the app's owner
    assert refused.message and refused.message["content"] == NOT_ALLOWED
    for reply in (by_setting, by_application):
        assert reply.message and reply.message["content"].startswith("Content reloaded")


async def test_broken_files_are_refused_and_members_keep_the_old_answers(
    fake_discord: FakeDiscord, bot: SignpostBot, data: Path
) -> None:
    version = bot.services.content.engine.snapshot.version
    (data / "faq.toml").write_text(quiet_room("nope"))
    reply = await reload_as(fake_discord, user=fake_discord.moderator)
    content = reply.message["content"] if reply.message else ""
    assert f"members still get version {version}" in content
    assert "data/faq.toml:3: faq-quiet-room: topics: 'nope'" in content
    assert bot.services.content.engine.snapshot.version == version
    assert "Next to the library" not in await ask(fake_discord, "where is the quiet room")


async def test_good_files_are_served_to_the_next_question(
    fake_discord: FakeDiscord, bot: SignpostBot, data: Path
) -> None:
    assert "Next to the library" not in await ask(fake_discord, "where is the quiet room")
    (data / "faq.toml").write_text(NEW_FAQ)
    reply = await reload_as(fake_discord, user=fake_discord.moderator)
    assert reply.message and "(was " in reply.message["content"]
    assert "Next to the library" in await ask(fake_discord, "where is the quiet room")


async def test_reload_is_hidden_from_members_without_manage_server(
    fake_discord: FakeDiscord, bot: SignpostBot
) -> None:
    await bot.tree.sync()
    reload = next(command for command in fake_discord.commands[None] if command["name"] == "reload")
    assert int(reload["default_member_permissions"]) == MANAGE_GUILD
