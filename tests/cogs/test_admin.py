"""/admin: settings that apply at once and persist, moderator-only access, suppressed stats."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from unittest.mock import MagicMock

import discord
import pytest
from discord import app_commands

from bot.chat.client import SignpostBot
from bot.chat.services import Services
from bot.chat.services import open_services as open_bot_services
from bot.chat.translations import Translations
from bot.content.loader import Snapshot
from bot.settings import Settings
from bot.storage.servers import SettingError
from bot.storage.usage import UsageEvent, UsageLog
from cogs.admin import Admin, parse_value
from cogs.ask import Ask
from cogs.resources import TOPIC_OFF, Resources
from tests.fakes import CHANNEL_ID, GUILD_ID, FakeInteraction

OTHER_GUILD_ID = GUILD_ID + 1
ROLE_ID = 4_000_000_000_000_000_001


async def open_services(settings: Settings, *, retention_days: int = 90) -> Services:
    """The services the bot runs with, over the fixture content, as the bot opens them."""
    return await open_bot_services(settings.model_copy(update={"retention_days": retention_days}))


@pytest.fixture
async def bot(settings: Settings) -> AsyncIterator[SignpostBot]:
    services = await open_services(settings)
    bot = SignpostBot(services)
    await bot.setup_hook()
    yield bot
    await services.close()


@pytest.fixture
def admin(bot: SignpostBot) -> Admin:
    return Admin(bot.services)


def moderator(bot: SignpostBot, **where: Any) -> FakeInteraction:
    """Someone with Manage Server, in a server whose every channel and role exists."""
    interaction = FakeInteraction(client=bot, **where)
    interaction.permissions = discord.Permissions(manage_guild=True)
    interaction.user = member_user(interaction.user_id, discord.Permissions(manage_guild=True))
    if interaction.guild_id is not None:
        interaction.guild = MagicMock(spec=discord.Guild, text_channels=[], roles=[])
    return interaction


def member(bot: SignpostBot, *, role_ids: tuple[int, ...] = (), **where: Any) -> FakeInteraction:
    interaction = FakeInteraction(client=bot, **where)
    interaction.permissions = discord.Permissions(send_messages=True)
    user = member_user(interaction.user_id, discord.Permissions(send_messages=True))
    user.get_role.side_effect = lambda role: object() if role in role_ids else None
    interaction.user = user
    return interaction


def member_user(user_id: int, granted: discord.Permissions) -> MagicMock:
    """A server member whose roles grant `granted`, as the bot computes from its own cache."""
    user = MagicMock(spec=discord.Member)
    user.id = user_id
    user.guild_permissions = granted
    user.get_role.return_value = None
    return user


async def change(admin: Admin, interaction: FakeInteraction, name: str, value: str) -> str:
    await admin.change.callback(admin, interaction, name=name, value=value)
    assert interaction.last.is_ephemeral and interaction.last.mentions_none
    return interaction.last.text()


def seed(usage: UsageLog, server_id: int | None, count: int, **fields: Any) -> None:
    event = {"command": "resources", "answer_kind": "topic", "matched": True} | fields
    for _ in range(count):
        usage.record(UsageEvent(server=usage.server_hash(server_id), **event))


async def test_set_applies_at_once_and_survives_a_restart(
    bot: SignpostBot, admin: Admin, settings: Settings
) -> None:
    services = bot.services
    assert services.policy(FakeInteraction()).is_private
    said = await change(admin, moderator(bot), "private_replies", "off")
    assert said.startswith("**private_replies** is now **off**")
    assert not services.policy(FakeInteraction()).is_private
    assert services.policy(FakeInteraction(guild_id=OTHER_GUILD_ID)).is_private
    await services.close()

    reopened = await open_services(settings)
    try:
        assert not reopened.policy(FakeInteraction()).is_private
    finally:
        await reopened.close()


async def test_reset_returns_to_the_default(bot: SignpostBot, admin: Admin) -> None:
    await change(admin, moderator(bot), "country", "GB")
    assert bot.services.policy(FakeInteraction()).country == "GB"
    interaction = moderator(bot)
    await admin.reset.callback(admin, interaction, name="country")
    assert "back to the default: **none**" in interaction.last.text()
    assert bot.services.policy(FakeInteraction()).country is None


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("private_replies", "maybe", "Please choose on or off."),
        ("country", "Narnia", "I don't have that country"),
        ("disabled_commands", "urgent", "/urgent always stays on"),
        ("disabled_commands", "admin", "There is no command /admin"),
        ("disabled_topics", "cooking", "There is no topic 'cooking'"),
        ("public_channels", "general", "Please give a channel as a mention or an id."),
        ("colour", "red", "There is no setting called 'colour'"),
    ],
)
async def test_bad_values_are_refused_kindly_and_nothing_changes(
    bot: SignpostBot, admin: Admin, name: str, value: str, message: str
) -> None:
    before = bot.services.config(FakeInteraction())
    said = await change(admin, moderator(bot), name, value)
    assert message in said
    assert bot.services.config(FakeInteraction()) == before


def test_values_are_read_by_kind(snapshot: Snapshot) -> None:
    kwargs = {"snapshot": snapshot, "switchable": ["ask", "facts"], "guild": None}
    assert parse_value("bool", " On ", **kwargs) is True
    assert parse_value("country", "united kingdom", **kwargs) == "GB"
    assert parse_value("commands", "/ask, facts", **kwargs) == frozenset({"ask", "facts"})
    assert parse_value("topics", "sexual-assault domestic-violence", **kwargs) == frozenset(
        {"sexual-assault", "domestic-violence"}
    )
    assert parse_value("channels", "<#123>, 456", **kwargs) == frozenset({123, 456})
    assert parse_value("role", "<@&789>", **kwargs) == 789
    with pytest.raises(SettingError, match="exactly one channel"):
        parse_value("channel", "<#1> <#2>", **kwargs)
    assert parse_value("language", "Français", **kwargs) == "fr"
    assert parse_value("language", "pt", **kwargs) == "pt"
    with pytest.raises(SettingError, match="I don't write that language"):
        parse_value("language", "klingon", **kwargs)


def test_ids_must_belong_to_the_server(snapshot: Snapshot) -> None:
    guild = MagicMock(spec=discord.Guild)
    guild.get_channel_or_thread.side_effect = lambda channel: object() if channel == 123 else None
    kwargs = {"snapshot": snapshot, "switchable": [], "guild": guild}
    assert parse_value("channel", "<#123>", **kwargs) == 123
    with pytest.raises(SettingError, match="can't find that channel in this server"):
        parse_value("channels", "123 999", **kwargs)


async def test_members_are_refused_and_moderators_allowed(bot: SignpostBot, admin: Admin) -> None:
    with pytest.raises(app_commands.CheckFailure, match="Only people who can manage this server"):
        await admin.interaction_check(member(bot, role_ids=(ROLE_ID,)))
    assert await admin.interaction_check(moderator(bot))

    await change(admin, moderator(bot), "moderator_role", str(ROLE_ID))
    assert await admin.interaction_check(member(bot, role_ids=(ROLE_ID,)))
    with pytest.raises(app_commands.CheckFailure):
        await admin.interaction_check(member(bot, role_ids=(ROLE_ID + 1,)))


async def test_direct_messages_are_refused_even_with_permissions(
    bot: SignpostBot, admin: Admin
) -> None:
    with pytest.raises(app_commands.NoPrivateMessage, match="inside a server"):
        await admin.interaction_check(moderator(bot, guild_id=None))


def test_admin_is_hidden_from_members_and_absent_from_direct_messages(bot: SignpostBot) -> None:
    group = bot.tree.get_command("admin")
    assert isinstance(group, app_commands.Group)
    assert group.default_permissions == discord.Permissions(manage_guild=True)
    assert group.guild_only
    assert {c.name for c in group.commands} == {"settings", "set", "reset", "stats", "unmatched"}


async def test_settings_lists_every_setting_with_its_value(bot: SignpostBot, admin: Admin) -> None:
    await change(admin, moderator(bot), "disabled_commands", "facts, timeline")
    interaction = moderator(bot)
    await admin.settings.callback(admin, interaction)
    [embed] = interaction.last.embeds
    assert interaction.last.is_ephemeral
    for name in ("private_replies", "quiet_alert_channel", "usage_logging"):
        assert f"**{name}** · " in embed.description
    assert "**disabled_commands** · /facts, /timeline" in embed.description
    assert "**private_replies** · **on**" in embed.description


async def test_stats_hide_small_counts_and_name_topics_and_countries(
    bot: SignpostBot, admin: Admin
) -> None:
    usage = bot.services.usage
    seed(usage, GUILD_ID, 12, entry_id="sexual-assault", country="GB")
    seed(usage, GUILD_ID, 6, entry_id="domestic-violence", country="US")
    seed(usage, GUILD_ID, 3, command="ask", answer_kind="emergency", matched=False, crisis=True)
    seed(usage, GUILD_ID, 7, command="ask", answer_kind="none", matched=False)
    seed(usage, OTHER_GUILD_ID, 40, entry_id="suicide-and-crisis", country="AU")
    assert await usage.flush()

    interaction = moderator(bot)
    await admin.stats.callback(admin, interaction, days=7)
    [embed] = interaction.last.embeds
    fields = {field.name: field.value for field in embed.fields}
    assert embed.title == "Last 7 days, this server: 28 interactions"
    assert "crisis help shown" in fields["Answers"] and "(<5)" in fields["Answers"]
    assert "no answer found" in fields["Answers"] and "(10)" in fields["Answers"]
    assert "Sexual assault" in fields["Top topics"] and "(12)" in fields["Top topics"]
    assert "Suicid" not in fields["Top topics"] and "Australia" not in fields["Top countries"]
    assert "United Kingdom" in fields["Top countries"]
    assert "shown as <5" not in embed.footer.text and "show as <5" in embed.footer.text


async def test_stats_say_plainly_when_too_few_to_show(bot: SignpostBot, admin: Admin) -> None:
    usage = bot.services.usage
    seed(usage, GUILD_ID, 2, entry_id="sexual-assault", country="GB")
    seed(usage, GUILD_ID, 3, entry_id="domestic-violence", country="US")
    assert await usage.flush()
    interaction = moderator(bot)
    await admin.stats.callback(admin, interaction, days=7)
    fields = {field.name: field.value for field in interaction.last.embeds[0].fields}
    assert "other" not in fields["Top topics"] and "Too little use yet" in fields["Top topics"]
    assert "Too little use yet" in fields["Top countries"]


async def test_stats_leave_out_events_older_than_the_retention(settings: Settings) -> None:
    services = await open_services(settings, retention_days=30)
    try:
        bot = SignpostBot(services)
        await bot.setup_hook()
        admin = Admin(services)
        old = dt.date.today() - dt.timedelta(days=40)
        seed(services.usage, GUILD_ID, 9, entry_id="sexual-assault", day=old)
        seed(services.usage, GUILD_ID, 5, entry_id="domestic-violence")
        assert await services.usage.flush()
        interaction = moderator(bot)
        await admin.stats.callback(admin, interaction, days=90)
        assert interaction.last.embeds[0].title == "Last 90 days, this server: 5 interactions"
    finally:
        await services.close()
    with sqlite3.connect(Path(settings.database_url)) as connection:
        days = {row[0] for row in connection.execute("SELECT day FROM usage_events")}
    assert old.isoformat() not in days


async def test_switching_usage_logging_off_deletes_this_servers_events(
    bot: SignpostBot, admin: Admin, settings: Settings
) -> None:
    usage = bot.services.usage
    seed(usage, GUILD_ID, 6, entry_id="sexual-assault")
    seed(usage, OTHER_GUILD_ID, 4, entry_id="sexual-assault")
    assert await usage.flush()
    said = await change(admin, moderator(bot), "usage_logging", "off")
    assert "usage counts have been deleted" in said
    for _ in range(2):
        bot.services.record(None, "resources", FakeInteraction(client=bot))
    assert await usage.flush()
    with sqlite3.connect(Path(settings.database_url)) as connection:
        servers = [row[0] for row in connection.execute("SELECT server FROM usage_events")]
    assert servers == [usage.server_hash(OTHER_GUILD_ID)] * 4

    interaction = moderator(bot)
    await admin.stats.callback(admin, interaction, days=30)
    assert "Usage counting is off" in interaction.last.text()


async def test_unmatched_needs_the_servers_opt_in_and_repeats(
    bot: SignpostBot, admin: Admin
) -> None:
    interaction = moderator(bot)
    await admin.unmatched.callback(admin, interaction)
    assert "doesn't keep unanswered questions" in interaction.last.text()

    await change(admin, moderator(bot), "unmatched_logging", "on")
    usage = bot.services.usage
    server = usage.server_hash(GUILD_ID)
    asked = bot.services.content.redact("Where is the office at 221B Baker St?")
    for _ in range(5):
        usage.record_unmatched(asked, server=server)
    usage.record_unmatched("a question asked once", server=server)
    assert await usage.flush()
    interaction = moderator(bot)
    await admin.unmatched.callback(admin, interaction)
    shown = interaction.last.text()
    assert "where is the office at (\u00d75)" in shown
    assert "asked once" not in shown and "221" not in shown and "baker" not in shown


async def test_disabled_topics_are_not_answered_in_that_server_only(
    bot: SignpostBot, admin: Admin
) -> None:
    await change(admin, moderator(bot), "disabled_topics", "domestic-violence")
    resources, ask = Resources(bot.services, bot.buttons), Ask(bot.services, bot.buttons)

    refused = FakeInteraction(client=bot)
    await resources.resources.callback(resources, refused, topic="domestic-violence", country="GB")
    assert refused.last.text() == TOPIC_OFF and refused.last.is_ephemeral

    narrowed = FakeInteraction(client=bot)
    await resources.resources.callback(
        resources, narrowed, topic="suicide-and-crisis", country="GB"
    )
    assert "Samaritans helpline" in narrowed.last.text()
    # Filed under domestic-violence too, but it still serves suicide-and-crisis, which is on.
    assert "Find A Helpline" in narrowed.last.text()

    asked = FakeInteraction(client=bot, locale=discord.Locale.british_english)
    await ask.ask.callback(ask, asked, question="mens advice line")
    assert "Men's Advice Line" not in asked.last.text()
    assert "switched that subject off here" in asked.last.text()

    elsewhere = FakeInteraction(
        client=bot, guild_id=OTHER_GUILD_ID, locale=discord.Locale.british_english
    )
    await ask.ask.callback(ask, elsewhere, question="mens advice line")
    assert "Men's Advice Line" in elsewhere.last.text()


async def test_a_line_is_hidden_only_when_every_topic_it_serves_is_off(
    bot: SignpostBot, admin: Admin
) -> None:
    ask = Ask(bot.services, bot.buttons)
    question = "national domestic abuse helpline"  # filed under domestic-violence and supporting
    await change(admin, moderator(bot), "disabled_topics", "domestic-violence")
    one_off = FakeInteraction(client=bot, locale=discord.Locale.british_english)
    await ask.ask.callback(ask, one_off, question=question)
    assert "National Domestic Abuse Helpline" in one_off.last.text()

    await change(admin, moderator(bot), "disabled_topics", "domestic-violence supporting-someone")
    both_off = FakeInteraction(client=bot, locale=discord.Locale.british_english)
    await ask.ask.callback(ask, both_off, question=question)
    assert "National Domestic Abuse Helpline" not in both_off.last.text()


async def test_entry_button_honours_switched_off_topics(bot: SignpostBot, admin: Admin) -> None:
    await change(admin, moderator(bot), "disabled_topics", "domestic-violence")
    pressed = FakeInteraction(client=bot, locale=discord.Locale.british_english)
    await bot.buttons.entry("domestic-violence").callback(pressed)  # type: ignore[arg-type]
    assert pressed.last.is_ephemeral
    assert "Men's Advice Line" not in pressed.last.text()
    elsewhere = FakeInteraction(
        client=bot, guild_id=OTHER_GUILD_ID, locale=discord.Locale.british_english
    )
    await bot.buttons.entry("domestic-violence").callback(elsewhere)  # type: ignore[arg-type]
    assert "Men's Advice Line" in elsewhere.last.text()


async def test_disabled_topics_never_hold_back_crisis_help(bot: SignpostBot, admin: Admin) -> None:
    await change(admin, moderator(bot), "disabled_topics", "suicide-and-crisis")
    ask = Ask(bot.services, bot.buttons)
    interaction = FakeInteraction(client=bot, locale=discord.Locale.british_english)
    await ask.ask.callback(ask, interaction, question="I want to kill myself")
    assert "Samaritans helpline" in interaction.last.text() and "`999`" in interaction.last.text()


async def test_name_autocomplete_offers_settings_with_descriptions(
    bot: SignpostBot, admin: Admin
) -> None:
    choices = await admin.name_autocomplete(moderator(bot), "priv")
    assert [c.value for c in choices] == ["private_replies"]
    assert choices[0].name.startswith("private_replies: Replies are seen only")
    assert len(await admin.name_autocomplete(moderator(bot), "")) == 11


@pytest.mark.parametrize(
    ("name", "typed", "expected"),
    [
        ("usage_logging", "", ["on", "off"]),
        ("country", "king", ["GB"]),
        ("disabled_topics", "sexual-assault, dom", ["sexual-assault, domestic-violence"]),
        ("disabled_commands", "fa", ["facts"]),
        ("public_channels", "12345", ["12345"]),
    ],
)
async def test_value_autocomplete_follows_the_kind_of_setting(
    bot: SignpostBot, admin: Admin, name: str, typed: str, expected: list[str]
) -> None:
    interaction = moderator(bot)
    interaction.namespace = SimpleNamespace(name=name)
    choices = await admin.value_autocomplete(interaction, typed)
    assert [c.value for c in choices] == expected
    assert all(len(c.name) <= 100 and len(c.value) <= 100 for c in choices)


async def test_value_autocomplete_offers_nothing_to_members(bot: SignpostBot, admin: Admin) -> None:
    interaction = member(bot)
    interaction.namespace = SimpleNamespace(name="country")
    assert await admin.value_autocomplete(interaction, "") == []


async def test_subcommands_and_their_options_are_translated(bot: SignpostBot) -> None:
    group = bot.tree.get_command("admin")
    translator = bot.tree.translator
    assert isinstance(translator, Translations)
    payload = await group.get_translated_payload(bot.tree, translator)
    for subcommand in payload["options"]:
        for part in (subcommand, *subcommand.get("options", [])):
            for key in ("name_localizations", "description_localizations"):
                assert set(part[key]) >= {"fr", "es-ES", "es-419", "de"}, (subcommand["name"], key)
            assert all(len(text) <= 100 for text in part["description_localizations"].values())


async def test_quiet_alerts_cannot_be_switched_on_without_a_channel(
    bot: SignpostBot, admin: Admin
) -> None:
    said = await change(admin, moderator(bot), "quiet_alerts", "on")
    assert "need a channel for them first" in said and "Nothing was changed" in said
    assert not bot.services.config(moderator(bot)).quiet_alerts


async def test_an_alert_channel_the_bot_cannot_post_in_is_refused(
    bot: SignpostBot, admin: Admin
) -> None:
    closed = moderator(bot)
    assert closed.guild is not None
    channel = MagicMock(spec=discord.TextChannel, id=CHANNEL_ID)
    channel.permissions_for.return_value = discord.Permissions(send_messages=False)
    closed.guild.get_channel.return_value = channel
    said = await change(admin, closed, "quiet_alert_channel", str(CHANNEL_ID))
    assert "can't post in that channel" in said
    open_channel = moderator(bot)
    assert open_channel.guild is not None
    channel.permissions_for.return_value = discord.Permissions(send_messages=True)
    open_channel.guild.get_channel.return_value = channel
    said = await change(admin, open_channel, "quiet_alert_channel", str(CHANNEL_ID))
    assert said.startswith("**quiet_alert_channel** is now")
    assert (await change(admin, moderator(bot), "quiet_alerts", "on")).startswith(
        "**quiet_alerts** is now **on**"
    )


async def test_setting_the_moderator_role_explains_how_it_sees_admin(
    bot: SignpostBot, admin: Admin
) -> None:
    said = await change(admin, moderator(bot), "moderator_role", str(ROLE_ID))
    assert "Server Settings → Integrations → Signpost" in said
