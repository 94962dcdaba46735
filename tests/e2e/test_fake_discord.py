"""The harness itself: a throwaway discord.py bot driven through FakeDiscord end to end."""

import asyncio

import discord
import pytest
from discord import app_commands
from discord.ext import commands

from tests.e2e.discord_contract import message_errors, schema_errors
from tests.e2e.fake_discord import EPHEMERAL, FakeDiscord

TOPICS = ["helplines", "hotlines", "housing", "health", "legal aid"]


class Pager(discord.ui.View):
    """A one-button view whose click rewrites the message in place (callback type 7)."""

    @discord.ui.button(label="Next", custom_id="pager:next")
    async def next_page(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        await interaction.response.edit_message(content="page 2", view=None)


def make_bot(allowed_mentions: discord.AllowedMentions | None = None) -> commands.Bot:
    bot = commands.Bot(
        command_prefix=commands.when_mentioned,
        intents=discord.Intents.default(),
        allowed_mentions=allowed_mentions or discord.AllowedMentions.none(),
    )

    @bot.tree.command()
    async def hello(interaction: discord.Interaction, name: str) -> None:
        """Say hello privately."""
        where = "a DM" if interaction.guild is None else interaction.guild.name
        await interaction.response.send_message(f"hello {name} in {where}", ephemeral=True)

    @bot.tree.command()
    async def topic(interaction: discord.Interaction, query: str) -> None:
        """Look up a topic."""
        await interaction.response.send_message(query, ephemeral=True)

    @topic.autocomplete("query")
    async def topic_autocomplete(
        interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return [app_commands.Choice(name=t, value=t) for t in TOPICS if t.startswith(current)]

    @bot.tree.command()
    async def pager(interaction: discord.Interaction) -> None:
        """Show a page with a button."""
        await interaction.response.send_message("page 1", view=Pager(), ephemeral=True)

    @bot.tree.command()
    async def slow(interaction: discord.Interaction) -> None:
        """Think first, then answer in a followup."""
        await interaction.response.defer(ephemeral=True, thinking=True)
        await interaction.followup.send("done thinking", ephemeral=True)

    @bot.tree.command()
    async def shout(interaction: discord.Interaction) -> None:
        """Break the content limit."""
        await interaction.response.send_message("a" * 2001)

    @bot.tree.command()
    async def whoami(interaction: discord.Interaction) -> None:
        """Describe the member using the command."""
        roles = ",".join(r.name for r in interaction.user.roles[1:])
        await interaction.response.send_message(
            f"{roles}|{interaction.permissions.manage_guild}|{interaction.locale.value}"
            f"|{interaction.guild_locale.value}",
            ephemeral=True,
        )

    resources = app_commands.Group(name="resources", description="Support resources.")
    country = app_commands.Group(name="country", description="By country.", parent=resources)

    @country.command()
    async def show(interaction: discord.Interaction, code: str, limit: int = 3) -> None:
        """Show resources for a country."""
        await interaction.response.send_message(f"{code}:{limit}", ephemeral=True)

    bot.tree.add_command(resources)
    return bot


async def test_slash_command_gets_ephemeral_reply_without_mentions(fake_discord, run_bot):
    async with run_bot(make_bot()):
        handle = await fake_discord.interact(fake_discord.slash("hello", {"name": "Ada"}))
        reply = await handle.response()
    assert reply.json["type"] == 4
    assert reply.is_ephemeral and reply.flags == EPHEMERAL
    assert reply.json["data"]["content"] == "hello Ada in Signpost Test"
    assert reply.mentions_none
    assert reply.query == {"with_response": "1"}
    assert handle.message is not None and handle.message["content"] == reply.message["content"]
    assert 0 < handle.latency < 1.0


async def test_autocomplete_returns_matching_choices(fake_discord, run_bot):
    async with run_bot(make_bot()):
        payload = fake_discord.autocomplete("topic", {"query": "h"}, focused="query")
        handle = await fake_discord.interact(payload)
        reply = await handle.response()
    assert payload["type"] == 4
    assert reply.json["type"] == 8
    names = [c["name"] for c in reply.json["data"]["choices"]]
    assert names == ["helplines", "hotlines", "housing", "health"]


async def test_button_click_edits_the_message_it_was_on(fake_discord, run_bot):
    async with run_bot(make_bot()):
        command = await fake_discord.interact(fake_discord.slash("pager"))
        await command.response()
        button = command.message["components"][0]["components"][0]
        assert button["custom_id"] == "pager:next"
        click = await fake_discord.interact(fake_discord.click(command.message, "pager:next"))
        reply = await click.response()
    assert reply.json["type"] == 7
    assert fake_discord.messages[int(command.message["id"])]["content"] == "page 2"
    assert fake_discord.messages[int(command.message["id"])]["components"] == []


async def test_deferred_command_answers_in_a_followup(fake_discord, run_bot):
    async with run_bot(make_bot()):
        handle = await fake_discord.interact(fake_discord.slash("slow"))
        deferral = await handle.response()
        followup = await handle.followup()
    assert deferral.json == {"type": 5, "data": {"flags": EPHEMERAL}}
    assert followup.json["content"] == "done thinking"
    assert followup.is_ephemeral and followup.mentions_none
    stored = fake_discord.channel_messages(fake_discord.guild.channel_id)
    assert [(m["content"], m["flags"]) for m in stored] == [("done thinking", EPHEMERAL)]


async def test_subcommand_in_a_group_receives_its_options(fake_discord, run_bot):
    async with run_bot(make_bot()):
        payload = fake_discord.slash(
            "resources", {"code": "uk", "limit": 5}, group="country", subcommand="show"
        )
        reply = await (await fake_discord.interact(payload)).response()
    assert reply.json["data"]["content"] == "uk:5"


async def test_dm_interaction_has_no_guild(fake_discord, run_bot):
    async with run_bot(make_bot()):
        payload = fake_discord.slash("hello", {"name": "Bo"}, dm=True, locale="de")
        reply = await (await fake_discord.interact(payload)).response()
    assert "guild_id" not in payload and payload["user"]["username"] == "alice"
    assert reply.json["data"]["content"] == "hello Bo in a DM"


async def test_member_roles_permissions_and_locales_reach_the_bot(fake_discord, run_bot):
    guild = fake_discord.add_guild("Sprachraum", preferred_locale="de")
    member = fake_discord.add_member(guild, "hans")
    async with run_bot(make_bot()):
        as_mod = await fake_discord.interact(
            fake_discord.slash("whoami", user=fake_discord.moderator, locale="fr")
        )
        as_member = await fake_discord.interact(
            fake_discord.slash("whoami", user=member, guild=guild)
        )
        replies = [(await h.response()).message["content"] for h in (as_mod, as_member)]
    assert replies == ["Moderator|True|fr|en-US", "|False|en-US|de"]


async def test_channel_posts_are_stored_edited_and_503_surfaces(fake_discord, run_bot):
    fake_discord.fail_next(r"^/channels/\d+/messages$", status=503, method="POST")
    async with run_bot(make_bot()) as bot:
        channel = bot.get_channel(fake_discord.guild.channel_id)
        with pytest.raises(discord.DiscordServerError):
            await channel.send("lost")
        first = await channel.send("first")
        await (await channel.send("second")).delete()
        await first.edit(content="first, edited")
    stored = fake_discord.channel_messages(fake_discord.guild.channel_id)
    assert [m["content"] for m in stored] == ["first, edited"]
    assert [r.status for r in fake_discord.requests if "/messages" in r.path] == [
        503,
        200,
        200,
        204,
        200,
    ]


async def test_rate_limited_callback_is_retried_once_and_answered(fake_discord, run_bot):
    fake_discord.fail_next(r"/callback$", status=429, retry_after=0.05)
    async with run_bot(make_bot()):
        handle = await fake_discord.interact(fake_discord.slash("hello", {"name": "Cy"}))
        await handle.response()
    assert [r.status for r in handle.requests] == [429, 200]
    assert handle.requests[1].at - handle.requests[0].at >= 0.05


async def test_gateway_resume_replays_missed_interactions_once(fake_discord, run_bot):
    async with run_bot(make_bot()):
        before = [
            await fake_discord.interact(fake_discord.slash("hello", {"name": n}))
            for n in ("a", "b")
        ]
        async with fake_discord.gateway_outage():  # a and b may still be answering
            during = [
                await fake_discord.interact(fake_discord.slash("hello", {"name": n}))
                for n in ("c", "d")
            ]
        after = [await fake_discord.interact(fake_discord.slash("hello", {"name": "e"}))]
        replies = [await h.response() for h in before + during + after]
        await asyncio.sleep(0.05)  # room for a duplicate answer to arrive
    assert [r.json["data"]["content"].split()[1] for r in replies] == list("abcde")
    assert all(len(h.callbacks) == 1 for h in before + during + after)
    assert (fake_discord.identify_count, fake_discord.resume_count) == (1, 1)
    assert fake_discord.replayed_count == 2


async def test_tree_sync_registers_global_and_guild_commands(fake_discord, run_bot):
    async with run_bot(make_bot()) as bot:
        synced = await bot.tree.sync()
        guild = discord.Object(fake_discord.guild.id)
        bot.tree.copy_global_to(guild=guild)
        await bot.tree.sync(guild=guild)
    names = {"hello", "topic", "pager", "slow", "shout", "whoami", "resources"}
    assert {c.name for c in synced} == names
    assert {c["name"] for c in fake_discord.commands[None]} == names
    assert {c["name"] for c in fake_discord.commands[fake_discord.guild.id]} == names


async def test_expired_token_answers_unknown_interaction(fake_discord, run_bot):
    async with run_bot(make_bot()):
        payload = fake_discord.slash("hello", {"name": "Di"})
        fake_discord.expire(payload["token"])
        handle = await fake_discord.interact(payload)
        refused = await fake_discord.wait_for(lambda r: r.token == handle.token)
    assert refused.status == 404 and handle.callbacks == []


async def test_over_long_reply_is_reported_as_violation(fake_discord: FakeDiscord, run_bot):
    async with run_bot(make_bot()):
        await (await fake_discord.interact(fake_discord.slash("shout"))).response()
    assert any("2001 characters" in v for v in fake_discord.violations)
    fake_discord.violations.clear()


async def test_reply_that_allows_mentions_is_a_violation_when_none_are_required(
    fake_discord, run_bot
):
    fake_discord.require_no_mentions = True
    async with run_bot(make_bot(discord.AllowedMentions.all())):
        await (await fake_discord.interact(fake_discord.slash("hello", {"name": "@x"}))).response()
    assert [v.split(": ", 1)[1] for v in fake_discord.violations] == [
        "allowed_mentions does not parse=[]"
    ]
    fake_discord.violations.clear()


@pytest.mark.parametrize(
    ("method", "path", "body", "expected"),
    [
        ("POST", "/channels/1/messages", {"content": "hi", "flags": 64}, []),
        ("POST", "/channels/1/messages", {"content": 5}, ["spec /channels/{channel_id}/messages"]),
        (
            "POST",
            "/interactions/1/t/callback",
            {"type": 4, "data": {"embeds": [{}] * 11}},
            ["spec /interactions"],
        ),
        ("PATCH", "/webhooks/1/t/messages/@original", {"content": "x"}, []),
        ("GET", "/nowhere", None, ["not a path"]),
    ],
)
def test_schema_errors_follow_the_openapi_spec(method, path, body, expected):
    errors = schema_errors(method, path, body)
    assert len(errors) == len(expected)
    assert all(e.startswith(x) or x in e for e, x in zip(errors, expected, strict=True))


def test_message_errors_count_embed_characters_across_embeds():
    embed = {"title": "t" * 256, "description": "d" * 2000}
    assert message_errors({"embeds": [embed] * 2}) == []
    assert message_errors({"embeds": [embed] * 3}) == [
        "embeds hold 6768 characters in all, limit 6000"
    ]
