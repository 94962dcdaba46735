"""Member agency end to end: how and when to reach a line, support for supporters, stories by
choice, /privacy, deleting a shared post, and quiet alerts, through discord.py and the fake.

Each test fixes the bot's clock; content is the fixture set plus lines in three time zones.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from bot.chat.client import SignpostBot
from bot.settings import Settings
from bot.storage.usage import NEVER_STORED, UsageEvent, stored_fields
from tests.e2e.fake_discord import FakeDiscord, InteractionHandle
from tests.e2e.signpost import buttons, click, configure, run, text_of

TUESDAY_1630_UTC = dt.datetime(2026, 11, 24, 16, 30, tzinfo=dt.UTC)
ZONED_LINES = """
[[resources]]
id = "us-la-text-line"
organisation = "Pacific Text Line"
service = "Pacific Text Line"
summary = "Text with a trained volunteer, weekdays in California."
topics = ["sexual-assault"]
countries = ["US"]
serves = ["anyone"]
url = "https://example.org/la"
source_url = "https://example.org/la/about"
verified_on = 2026-11-24
contacts = [{ kind = "text", value = "55555", keyword = "TALK" }]
[resources.hours]
timezone = "America/Los_Angeles"
open = [{ days = ["mon", "tue", "wed", "thu", "fri"], from = "09:00", to = "17:00" }]

[[resources]]
id = "us-chat-no-hours"
organisation = "Unlisted Chat"
service = "Unlisted Chat"
summary = "An online chat that does not publish its hours."
topics = ["sexual-assault"]
countries = ["US"]
serves = ["anyone"]
url = "https://example.org/chat"
source_url = "https://example.org/chat/about"
verified_on = 2026-11-24
contacts = [{ kind = "chat", value = "https://example.org/chat/now" }]

[[resources]]
id = "au-melbourne-nights"
organisation = "Melbourne Night Line"
service = "Melbourne Night Line"
summary = "Phone support through the night in Victoria."
topics = ["sexual-assault"]
countries = ["AU"]
serves = ["anyone"]
url = "https://example.org/vic"
source_url = "https://example.org/vic/about"
verified_on = 2026-11-24
contacts = [{ kind = "phone", value = "1800 000 000" }]
[resources.hours]
timezone = "Australia/Melbourne"
open = [{ days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], from = "17:00", to = "09:00" }]
"""


@pytest.fixture
def settings(settings: Settings, data: Path) -> Settings:
    """The clean settings on the fixture content plus ZONED_LINES; conftest's `bot` runs on it."""
    (data / "resources" / "zoned.toml").write_text(ZONED_LINES)
    return settings.model_copy(update={"data_dir": data})


@pytest.fixture
def bot(bot: SignpostBot) -> SignpostBot:
    """The shared real bot, its clock fixed at Tuesday 16:30 UTC; `at` moves it."""
    bot.services.clock = lambda: TUESDAY_1630_UTC
    return bot


def at(bot: SignpostBot, *args: int) -> None:
    moment = dt.datetime(*args, tzinfo=dt.UTC)
    bot.services.clock = lambda: moment


# /resources contact and open_now


async def test_open_now_follows_each_lines_own_time_zone(
    fake_discord: FakeDiscord, bot: SignpostBot
) -> None:
    options = {"topic": "sexual-assault", "country": "US", "open_now": True}
    at(bot, 2026, 11, 24, 16, 30)  # 08:30 in Los Angeles
    _, early = await run(fake_discord, "resources", options)
    shown = text_of(early)
    assert early.is_ephemeral and "Open now in United States" in shown
    assert "National Sexual Assault Hotline" in shown  # 24/7
    assert "Pacific Text Line" not in shown and "Unlisted Chat" not in shown
    assert "Open at 16:30 UTC" in shown and "Closed now: 1 line" in shown
    assert "Hours not listed, so not counted as open: 1 line" in shown

    at(bot, 2026, 11, 24, 17, 30)  # 09:30 in Los Angeles
    _, opened = await run(fake_discord, "resources", options)
    assert "Pacific Text Line" in text_of(opened) and "Unlisted Chat" not in text_of(opened)


@pytest.mark.parametrize(
    ("moment", "is_listed"),
    [((2026, 11, 24, 12, 0), True), ((2026, 11, 24, 0, 0), False)],  # 23:00 / 11:00 in Melbourne
)
async def test_open_now_with_an_overnight_melbourne_line(
    fake_discord: FakeDiscord, bot: SignpostBot, moment: tuple[int, ...], is_listed: bool
) -> None:
    at(bot, *moment)
    _, reply = await run(
        fake_discord, "resources", {"topic": "sexual-assault", "country": "AU", "open_now": True}
    )
    assert ("Melbourne Night Line" in text_of(reply)) is is_listed


@pytest.mark.parametrize(
    ("moment", "is_listed"),
    [((2026, 1, 12, 8, 30), False), ((2026, 7, 13, 8, 30), True)],  # Mondays, GMT and BST
)
async def test_open_now_for_a_london_line_in_winter_and_summer(
    fake_discord: FakeDiscord, bot: SignpostBot, moment: tuple[int, ...], is_listed: bool
) -> None:
    at(bot, *moment)
    _, reply = await run(
        fake_discord, "resources", {"topic": "domestic-violence", "country": "GB", "open_now": True}
    )
    assert ("Men's Advice Line" in text_of(reply)) is is_listed
    assert "National Domestic Abuse Helpline" in text_of(reply)  # 24/7


def stamp(*args: int, style: str = "t") -> str:
    """The Discord timestamp each member's client shows in their own time zone."""
    return f"<t:{int(dt.datetime(*args, tzinfo=dt.UTC).timestamp())}:{style}>"


async def test_line_cards_say_when_a_line_opens_or_closes_in_each_members_time(
    fake_discord: FakeDiscord, bot: SignpostBot
) -> None:
    # Tuesday 08:30 in Los Angeles: the card and the topic's listing say it opens at 09:00 PST.
    _, card = await run(fake_discord, "ask", {"question": "us-la-text-line"})
    assert f"Closed now, opens {stamp(2026, 11, 24, 17, 0)}" in text_of(card)
    at(bot, 2026, 11, 24, 17, 30)
    options = {"topic": "sexual-assault", "country": "US"}
    _, listing = await run(fake_discord, "resources", options)
    assert f"Open now, until {stamp(2026, 11, 25, 1, 0)}" in text_of(listing)  # 17:00 PST
    _, open_now = await run(fake_discord, "resources", options | {"open_now": True})
    assert f"Open now, until {stamp(2026, 11, 25, 1, 0)}" in text_of(open_now)
    at(bot, 2026, 11, 28, 2, 0)  # Friday 18:00 there: Monday is days away, so its date shows
    _, weekend = await run(fake_discord, "ask", {"question": "us-la-text-line"})
    assert f"Closed now, opens {stamp(2026, 11, 30, 17, 0, style='f')}" in text_of(weekend)
    _, always = await run(fake_discord, "ask", {"question": "us-rainn"})
    assert "Open 24/7" in text_of(always) and "Open now" not in text_of(always)


async def test_a_shared_line_tells_no_time_that_would_go_stale(
    fake_discord: FakeDiscord, bot: SignpostBot
) -> None:
    handle, card = await run(fake_discord, "ask", {"question": "us-la-text-line"})
    assert "Closed now" in text_of(card)
    shared = await click(fake_discord, handle.message, "Share in channel")
    assert not shared.is_ephemeral and "Pacific Text Line" in text_of(shared)
    assert "<t:" not in text_of(shared) and "Closed now" not in text_of(shared)


async def test_contact_text_lists_only_lines_reachable_without_speaking(
    fake_discord: FakeDiscord, bot: SignpostBot
) -> None:
    _, reply = await run(
        fake_discord, "resources", {"topic": "sexual-assault", "country": "US", "contact": "text"}
    )
    shown = text_of(reply)
    assert "by text message in United States" in shown and "Text TALK to `55555`" in shown
    assert "National Sexual Assault Hotline" not in shown


async def test_nothing_fitting_says_so_and_points_to_urgent(
    fake_discord: FakeDiscord, bot: SignpostBot
) -> None:
    _, reply = await run(
        fake_discord,
        "resources",
        {"topic": "sexual-assault", "country": "AU", "contact": "text", "open_now": True},
    )
    assert "None of the lines for this topic fit" in text_of(reply) and "/urgent" in text_of(reply)


async def test_resources_stay_private_in_a_public_server_and_follow_the_member(
    fake_discord: FakeDiscord, bot: SignpostBot
) -> None:
    await configure(bot, fake_discord, private_replies=False)
    _, reply = await run(fake_discord, "resources", {"topic": "sexual-assault"}, locale="en-GB")
    # Asking for support lines says something about the member: never shown to the channel,
    # so the member's own country is safe to use.
    assert reply.is_ephemeral and "in United Kingdom" in text_of(reply)


# /support-a-friend


async def test_support_a_friend_gives_guidance_then_lines_for_supporters_locally(
    fake_discord: FakeDiscord, bot: SignpostBot
) -> None:
    handle, reply = await run(fake_discord, "support-a-friend", locale="en-GB")
    assert reply.is_ephemeral and "How can I support a friend" in text_of(reply)
    assert "Page 1 of 2" in text_of(reply)
    lines = await click(fake_discord, handle.message, "Next")
    shown = text_of(lines)
    assert "Lines that take calls from friends and family in United Kingdom" in shown
    assert "Men's Advice Line" in shown and "National Domestic Abuse Helpline" in shown
    assert "Samaritans" not in shown  # serves anyone, not supporters by name


async def test_support_a_friend_stays_private_in_a_public_server(
    fake_discord: FakeDiscord, bot: SignpostBot
) -> None:
    await configure(bot, fake_discord, private_replies=False)
    handle, reply = await run(fake_discord, "support-a-friend", locale="en-GB")
    assert reply.is_ephemeral
    lines = await click(fake_discord, handle.message, "Next")
    assert "in United Kingdom" in text_of(lines)


# /stories


async def test_stories_show_no_account_until_read_and_filter_by_theme(
    fake_discord: FakeDiscord, bot: SignpostBot
) -> None:
    handle, opening = await run(fake_discord, "stories", {"theme": "workplace"})
    assert "Going on the record" in text_of(opening) and "America Ferrera" not in text_of(opening)
    assert "Read the full account when you're ready" in text_of(opening)
    assert "hotel room" not in str([r.json for r in fake_discord.requests])
    read = await click(fake_discord, handle.message, "Read")
    assert "hotel room" in text_of(read)


# /privacy


async def test_privacy_states_what_is_stored_and_this_servers_choices(
    fake_discord: FakeDiscord, bot: SignpostBot
) -> None:
    handle, reply = await run(fake_discord, "privacy")
    shown = text_of(reply)
    assert reply.is_ephemeral and "deleted after 90 days" in shown
    assert all(description in shown for _, description in stored_fields())
    assert all(line in shown for line in NEVER_STORED)
    choices = text_of(await click(fake_discord, handle.message, "Next"))
    assert (
        "Counting usage: **on**" in choices and "Keeping unanswered questions: **off**" in choices
    )
    assert "only which line and the day are kept" in choices  # a wrong-number report

    await configure(bot, fake_discord, usage_logging=False, unmatched_logging=True)
    # A page turned on the old message reads the server's choices as they are now.
    changed = text_of(await click(fake_discord, handle.message, "Previous"))
    assert "Counting usage" not in changed
    changed = text_of(await click(fake_discord, handle.message, "Next"))
    assert (
        "Counting usage: **off**" in changed and "Keeping unanswered questions: **on**" in changed
    )
    in_dm, _ = await run(fake_discord, "privacy", dm=True)
    elsewhere = text_of(await click(fake_discord, in_dm.message, "Next"))
    assert "In direct messages" in elsewhere and "Counting usage" not in elsewhere


# Delete a shared post


async def share(fake: FakeDiscord) -> InteractionHandle:
    handle, _ = await run(fake, "ask", {"question": "samaritans"}, locale="en-GB")
    message = handle.message
    shared = await fake.interact(
        fake.click(message, buttons(message)["Share in channel"]["custom_id"])
    )
    assert not (await shared.response()).is_ephemeral
    return shared


async def press_delete(
    fake: FakeDiscord, shared: InteractionHandle, **where: Any
) -> InteractionHandle:
    message = shared.message
    assert message is not None
    press = await fake.interact(
        fake.click(message, buttons(message)["Delete"]["custom_id"], **where)
    )
    await press.response()
    return press


async def test_another_member_cannot_delete_a_shared_post_but_a_moderator_can(
    fake_discord: FakeDiscord, bot: SignpostBot
) -> None:
    shared = await share(fake_discord)
    assert shared.message is not None
    post_id = int(shared.message["id"])
    assert (
        buttons(shared.message)["Delete"]["custom_id"]
        == f"signpost:delete:{fake_discord.member.id}"
    )

    bob = fake_discord.add_member(fake_discord.guild, "bob")
    refused = await press_delete(fake_discord, shared, user=bob)
    reply = await refused.response()
    assert reply.is_ephemeral and "Only the person who shared this" in text_of(reply)
    assert post_id in fake_discord.messages

    await press_delete(fake_discord, shared, user=fake_discord.moderator)
    await fake_discord.wait_for(lambda r: r.method == "DELETE" and r.path.endswith("/@original"))
    assert post_id not in fake_discord.messages


async def test_the_sharer_can_delete_their_own_post(
    fake_discord: FakeDiscord, bot: SignpostBot
) -> None:
    shared = await share(fake_discord)
    assert shared.message is not None
    await press_delete(fake_discord, shared)
    await fake_discord.wait_for(lambda r: r.method == "DELETE" and r.path.endswith("/@original"))
    assert int(shared.message["id"]) not in fake_discord.messages


# /reach-out


async def test_reach_out_is_refused_while_quiet_alerts_are_off(
    fake_discord: FakeDiscord, bot: SignpostBot
) -> None:
    _, reply = await run(fake_discord, "reach-out", {"note": "could someone check in"})
    assert reply.is_ephemeral and "hasn't turned on quiet alerts" in text_of(reply)
    await configure(bot, fake_discord, quiet_alerts=True)  # no channel named yet
    _, still = await run(fake_discord, "reach-out")
    assert "hasn't turned on quiet alerts" in text_of(still)
    assert not [
        r for r in fake_discord.requests if r.method == "POST" and r.path.startswith("/channels/")
    ]


async def test_reach_out_alerts_moderators_quietly_once_per_half_hour(
    fake_discord: FakeDiscord, bot: SignpostBot
) -> None:
    channel = fake_discord.guild.channel_id
    await configure(bot, fake_discord, quiet_alerts=True, quiet_alert_channel=channel)
    _, reply = await run(
        fake_discord, "reach-out", {"note": "  could someone **DM** me? @everyone "}
    )
    [post] = [
        r
        for r in fake_discord.requests
        if r.method == "POST" and r.path == f"/channels/{channel}/messages"
    ]
    alert = post.json["content"]
    assert f"<@{fake_discord.member.id}> would like someone to check in" in alert
    assert "could someone \\*\\*DM\\*\\* me? @\u200beveryone" in alert
    assert post.mentions_none
    assert reply.is_ephemeral and "Your quiet alert was sent" in text_of(reply)
    assert all(f"> {line}" in text_of(reply) for line in alert.splitlines())

    at(bot, 2026, 11, 24, 16, 50)
    _, again = await run(fake_discord, "reach-out", {"note": "me again"})
    assert again.is_ephemeral and "another in about 10 minutes" in text_of(again)
    _, other = await run(fake_discord, "reach-out", user=fake_discord.moderator)
    assert "Your quiet alert was sent" in text_of(other)  # the cooldown is per member

    at(bot, 2026, 11, 24, 17, 1)
    _, later = await run(fake_discord, "reach-out", {"note": "me again"})
    assert "Your quiet alert was sent" in text_of(later)


async def test_reach_out_with_crisis_words_shows_emergency_help_first(
    fake_discord: FakeDiscord, bot: SignpostBot
) -> None:
    channel = fake_discord.guild.channel_id
    await configure(bot, fake_discord, quiet_alerts=True, quiet_alert_channel=channel)
    _, reply = await run(fake_discord, "reach-out", {"note": "i want to die"}, locale="en-GB")
    embeds = (reply.message or {})["embeds"]
    assert (
        embeds[0]["title"] == "You deserve help right now" and "`999`" in embeds[0]["description"]
    )
    assert embeds[-1]["title"] == "Your quiet alert was sent"


async def test_reach_out_records_only_that_it_was_used(
    fake_discord: FakeDiscord, bot: SignpostBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    usage = bot.services.usage
    assert usage is not None
    events: list[UsageEvent] = []
    monkeypatch.setattr(usage, "record", events.append)
    monkeypatch.setattr(usage, "record_unmatched", lambda *args, **kwargs: pytest.fail("kept text"))
    channel = fake_discord.guild.channel_id
    await configure(bot, fake_discord, quiet_alerts=True, quiet_alert_channel=channel)
    await run(fake_discord, "reach-out", {"note": "a private note"})
    for _ in range(100):  # the bot records just after its reply reaches Discord
        if events:
            break
        await asyncio.sleep(0.01)
    [event] = events
    assert event.command == "reach-out" and event.entry_id is None and not event.crisis


async def test_new_commands_and_contact_choices_are_translated(
    fake_discord: FakeDiscord, bot: SignpostBot
) -> None:
    await bot.tree.sync()
    registered = {c["name"]: c for c in fake_discord.commands[None]}
    for name in ("privacy", "support-a-friend", "reach-out"):
        assert {"fr", "es-ES", "es-419", "de", "pt-BR", "nl", "hi"} <= set(
            registered[name]["name_localizations"]
        )
    options = {o["name"]: o for o in registered["resources"]["options"]}
    text = next(c for c in options["contact"]["choices"] if c["value"] == "text")
    assert text["name_localizations"]["fr"] == "SMS ou WhatsApp, sans avoir à parler"
    assert options["open_now"]["name_localizations"]["de"] == "jetzt-offen"


# Crisis is never blocked


async def test_a_crisis_message_gets_help_through_the_cooldown(
    fake_discord: FakeDiscord, bot: SignpostBot
) -> None:
    for _ in range(5):
        await run(fake_discord, "ask", {"question": "what is consent"}, locale="en-GB")
    _, slowed = await run(fake_discord, "ask", {"question": "what is consent"}, locale="en-GB")
    assert "going a little fast" in text_of(slowed)
    _, reply = await run(fake_discord, "ask", {"question": "i want to die"}, locale="en-GB")
    shown = text_of(reply)
    assert reply.is_ephemeral and "going a little fast" not in shown
    assert "Emergency in United Kingdom: `999`" in shown and "Samaritans" in shown


async def test_a_crisis_message_gets_help_where_ask_is_switched_off(
    fake_discord: FakeDiscord, bot: SignpostBot
) -> None:
    await configure(bot, fake_discord, disabled_commands=frozenset({"ask"}))
    _, calm = await run(fake_discord, "ask", {"question": "what is consent"}, locale="en-GB")
    assert "switched /ask off" in text_of(calm)
    question = {"question": "he is going to kill me"}
    _, reply = await run(fake_discord, "ask", question, locale="en-GB")
    shown = text_of(reply)
    assert reply.is_ephemeral and "Emergency in United Kingdom: `999`" in shown
    assert "Domestic Abuse Helpline" in shown and "Samaritans" not in shown  # danger, not suicide


async def test_a_long_message_is_read_to_its_end_for_danger(
    fake_discord: FakeDiscord, bot: SignpostBot
) -> None:
    story = "it has been a hard year and i want to tell someone about it. " * 40
    _, reply = await run(fake_discord, "ask", {"question": story + "i want to die"})
    assert len(story) > 2000 and "Emergency in" in text_of(reply)
