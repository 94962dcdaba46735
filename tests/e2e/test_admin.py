"""/admin through the real SignpostBot and discord.py against the loopback fake.

Uses the `bot` fixture from conftest.py: real services, fails the test on any logged error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bot.chat.client import SignpostBot
from bot.chat.copy import COMMAND_OFF
from bot.settings import Settings
from cogs.admin import NOT_ALLOWED, SERVER_ONLY
from tests.e2e.fake_discord import FakeDiscord, Request
from tests.e2e.fake_world import Guild, Person, Role
from tests.e2e.signpost import RESPONSE_BUDGET, run, text_of

HELPER_ROLE_ID = 1_400_000_000_000_000_001
SECOND_CHANNEL_ID = 1_400_000_000_000_000_002


@dataclass
class Extras:
    """What this module adds to the fake's world before the bot connects."""

    helper: Person
    helper_role: Role
    other_guild: Guild
    other_member: Person
    forger: Person


@pytest.fixture(autouse=True)
def extras(fake_discord: FakeDiscord) -> Extras:
    """Before GUILD_CREATE: a role without Manage Server, someone holding it, a second server."""
    role = Role(HELPER_ROLE_ID, "Helpers", fake_discord.member.permissions)
    fake_discord.guild.roles.append(role)
    helper = fake_discord.add_member(fake_discord.guild, "helper", roles=(role,))
    other = fake_discord.add_guild("Another server")
    # A payload claiming Manage Server that no role of this member grants.
    forger = fake_discord.add_member(
        fake_discord.guild, "forger", permissions=fake_discord.moderator.permissions
    )
    return Extras(helper, role, other, fake_discord.add_member(other, "carol"), forger)


DEFERRED = 5
"""Callback type of a deferral ("thinking..."), whose first followup becomes the answer."""


async def admin(
    fake: FakeDiscord, subcommand: str, options: dict[str, Any] | None = None, **where: Any
) -> Request:
    """Run /admin SUBCOMMAND; return the answer, the followup when the command deferred first."""
    where.setdefault("user", fake.moderator)
    handle = await fake.interact(fake.slash("admin", options, subcommand=subcommand, **where))
    first = await handle.response()
    assert handle.latency is not None and handle.latency < RESPONSE_BUDGET
    reply = await handle.followup() if first.json["type"] == DEFERRED else first
    assert first.is_ephemeral and reply.is_ephemeral and reply.mentions_none
    return reply


async def test_private_replies_off_makes_replies_public_in_that_server_only(
    fake_discord: FakeDiscord, bot: SignpostBot, extras: Extras
) -> None:
    _, before = await run(fake_discord, "facts")
    assert before.is_ephemeral
    changed = await admin(fake_discord, "set", {"name": "private_replies", "value": "off"})
    assert "**private_replies** is now **off**" in text_of(changed)

    _, after = await run(fake_discord, "facts")
    assert not after.is_ephemeral and after.mentions_none
    _, elsewhere = await run(
        fake_discord, "facts", guild=extras.other_guild, user=extras.other_member
    )
    assert elsewhere.is_ephemeral


async def test_public_channels_keep_other_channels_private(
    fake_discord: FakeDiscord, bot: SignpostBot
) -> None:
    guild = fake_discord.guild
    await fake_discord.dispatch(
        "CHANNEL_CREATE",
        guild.channel() | {"id": str(SECOND_CHANNEL_ID), "name": "support", "position": 1},
    )
    await admin(fake_discord, "set", {"name": "private_replies", "value": "off"})
    await admin(
        fake_discord, "set", {"name": "public_channels", "value": f"<#{SECOND_CHANNEL_ID}>"}
    )
    _, here = await run(fake_discord, "facts")
    assert here.is_ephemeral

    allowed = await admin(
        fake_discord, "set", {"name": "public_channels", "value": str(guild.channel_id)}
    )
    assert f"<#{guild.channel_id}>" in text_of(allowed)
    _, now = await run(fake_discord, "facts")
    assert not now.is_ephemeral


async def test_members_are_refused_and_nothing_changes(
    fake_discord: FakeDiscord, bot: SignpostBot, extras: Extras
) -> None:
    before = bot.services.servers.get(fake_discord.guild.id)
    for who in (fake_discord.member, extras.helper):
        refused = await admin(
            fake_discord, "set", {"name": "private_replies", "value": "off"}, user=who
        )
        assert text_of(refused).strip() == NOT_ALLOWED
        assert text_of(await admin(fake_discord, "stats", user=who)).strip() == NOT_ALLOWED
    assert bot.services.servers.get(fake_discord.guild.id) == before


async def test_permissions_claimed_in_the_payload_but_not_granted_by_roles_are_refused(
    fake_discord: FakeDiscord, bot: SignpostBot, extras: Extras
) -> None:
    before = bot.services.servers.get(fake_discord.guild.id)
    refused = await admin(
        fake_discord, "set", {"name": "private_replies", "value": "off"}, user=extras.forger
    )
    assert text_of(refused).strip() == NOT_ALLOWED
    assert bot.services.servers.get(fake_discord.guild.id) == before


async def test_the_moderator_role_grants_access_without_manage_server(
    fake_discord: FakeDiscord, bot: SignpostBot, extras: Extras
) -> None:
    chosen = await admin(
        fake_discord, "set", {"name": "moderator_role", "value": f"<@&{HELPER_ROLE_ID}>"}
    )
    assert f"<@&{HELPER_ROLE_ID}>" in text_of(chosen)
    settings = await admin(fake_discord, "settings", user=extras.helper)
    assert f"**moderator_role** · <@&{HELPER_ROLE_ID}>" in text_of(settings)


async def test_admin_is_refused_in_direct_messages(
    fake_discord: FakeDiscord, bot: SignpostBot
) -> None:
    refused = await admin(fake_discord, "settings", dm=True)
    assert text_of(refused).strip() == SERVER_ONLY


async def test_a_switched_off_command_is_refused_kindly_and_urgent_stays(
    fake_discord: FakeDiscord, bot: SignpostBot
) -> None:
    await admin(fake_discord, "set", {"name": "disabled_commands", "value": "facts, timeline"})
    _, refused = await run(fake_discord, "facts")
    assert refused.is_ephemeral and text_of(refused).strip() == COMMAND_OFF.format(name="facts")
    kept = await admin(fake_discord, "set", {"name": "disabled_commands", "value": "urgent"})
    assert "always stays on" in text_of(kept)
    _, urgent = await run(fake_discord, "urgent")
    assert "Emergency in" in text_of(urgent)
    await admin(fake_discord, "reset", {"name": "disabled_commands"})
    _, facts = await run(fake_discord, "facts")
    assert "Facts about the #MeToo campaign" in text_of(facts)


async def test_value_autocomplete_offers_the_servers_roles(
    fake_discord: FakeDiscord, bot: SignpostBot
) -> None:
    typing = await fake_discord.interact(
        fake_discord.slash(
            "admin",
            {"name": "moderator_role", "value": "help"},
            subcommand="set",
            focused="value",
            user=fake_discord.moderator,
        )
    )
    choices = (await typing.response()).json["data"]["choices"]
    assert choices == [{"name": "@Helpers", "value": str(HELPER_ROLE_ID)}]


async def test_stats_count_real_commands_and_hide_small_numbers(
    fake_discord: FakeDiscord, bot: SignpostBot
) -> None:
    await run(fake_discord, "resources", {"topic": "sexual-assault", "country": "US"})
    await run(fake_discord, "ask", {"question": "rainn"})
    await run(fake_discord, "urgent")
    assert await bot.services.usage.flush()
    reply = await admin(fake_discord, "stats", {"days": 7})
    embed = reply.message["embeds"][0]
    assert embed["title"] == "Last 7 days, this server: <5 interactions"
    assert re.search(r"\d", "".join(f["value"] for f in embed["fields"]).replace("<5", "")) is None


async def test_the_database_file_holds_no_ids_and_no_typed_text(
    fake_discord: FakeDiscord, bot: SignpostBot, settings: Settings, extras: Extras
) -> None:
    """Reads the SQLite files' bytes after a varied session; settings are left untouched."""
    secret_question = "my neighbour Bartholomew Quince keeps following me home"
    handles = []
    for name, options, where in [
        ("ask", {"question": "samaritans"}, {"locale": "en-GB"}),
        ("ask", {"question": secret_question}, {}),
        ("resources", {"topic": "domestic-violence", "country": "GB"}, {}),
        ("facts", None, {"user": extras.helper}),
        ("urgent", None, {"dm": True}),
        ("stories", None, {"guild": extras.other_guild, "user": extras.other_member}),
    ]:
        handle, _ = await run(fake_discord, name, options, **where)
        handles.append(handle)
    await admin(fake_discord, "stats")
    await admin(fake_discord, "settings")
    assert await bot.services.usage.flush()

    stored = b"".join(
        path.read_bytes()
        for path in Path(settings.database_url).parent.glob(Path(settings.database_url).name + "*")
    )
    usage = bot.services.usage
    assert usage.server_hash(fake_discord.guild.id).encode() in stored  # events were written
    ids = {
        fake_discord.application_id,
        *(guild.id for guild in fake_discord.guilds),
        *(guild.channel_id for guild in fake_discord.guilds),
        *(person.id for guild in fake_discord.guilds for person in guild.members),
        *(role.id for guild in fake_discord.guilds for role in guild.roles),
        *fake_discord.messages,
        *(handle.id for handle in handles),
        *(int(handle.payload["channel_id"]) for handle in handles),
    }
    for snowflake in ids:
        for form in (
            str(snowflake).encode(),
            snowflake.to_bytes(8, "big"),
            snowflake.to_bytes(8, "little"),
        ):
            assert form not in stored, snowflake
    for handle in handles:
        assert handle.token.encode() not in stored
    lowered = stored.lower()
    for word in (b"bartholomew", b"quince", b"neighbour", b"following me"):
        assert word not in lowered
