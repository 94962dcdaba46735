"""Every member command through the real SignpostBot and discord.py, against the loopback fake.

The `fake_discord` fixture fails a test if any request broke the OpenAPI spec or a message
limit; every fake here also requires `allowed_mentions: {"parse": []}` on each message.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.chat.client import SignpostBot
from bot.chat.copy import KIND_ERROR
from bot.settings import Settings
from tests.e2e.fake_discord import FakeDiscord
from tests.e2e.signpost import LATENCIES, Runner, buttons, click, run, started, text_of


@pytest.fixture(scope="module", autouse=True)
def slowest_response() -> Iterator[None]:
    """Print the slowest initial response `run` saw by the end of this module (-s shows it)."""
    yield
    if LATENCIES:
        slowest, name = max(LATENCIES)
        print(f"\nslowest initial response: /{name} in {slowest * 1000:.1f} ms of {len(LATENCIES)}")


async def test_ask_answers_privately_with_the_matched_line(
    fake_discord: FakeDiscord, bot: SignpostBot
) -> None:
    _, reply = await run(fake_discord, "ask", {"question": "samaritans"}, locale="en-GB")
    assert reply.json["type"] == 4 and reply.is_ephemeral
    assert "Samaritans helpline" in text_of(reply) and "`116 123`" in text_of(reply)


async def test_resources_autocomplete_then_answer(
    fake_discord: FakeDiscord, bot: SignpostBot
) -> None:
    typing = await fake_discord.interact(
        fake_discord.autocomplete("resources", {"topic": "domestic"}, focused="topic")
    )
    choices = (await typing.response()).json["data"]["choices"]
    assert choices[0] == {"name": "Domestic and family violence", "value": "domestic-violence"}
    _, reply = await run(fake_discord, "resources", {"topic": "domestic-violence", "country": "GB"})
    assert reply.is_ephemeral and "National Domestic Abuse Helpline" in text_of(reply)


async def test_share_in_channel_posts_only_the_line_publicly(
    fake_discord: FakeDiscord, bot: SignpostBot
) -> None:
    handle, reply = await run(
        fake_discord, "ask", {"question": "am I overreacting, samaritans"}, locale="en-GB"
    )
    assert reply.is_ephemeral
    shared = await click(fake_discord, handle.message, "Share in channel")
    assert shared.json["type"] == 4 and not shared.is_ephemeral and shared.mentions_none
    message = shared.message or {}
    assert [e["title"] for e in message["embeds"]] == ["Samaritans helpline"]
    assert "overreacting" not in str(message)


async def test_share_is_offered_only_where_it_can_be_posted(
    fake_discord: FakeDiscord, bot: SignpostBot
) -> None:
    handle, reply = await run(
        fake_discord, "ask", {"question": "samaritans"}, dm=True, locale="en-GB"
    )
    assert reply.is_ephemeral and "Samaritans helpline" in text_of(reply)
    assert "Share in channel" not in buttons(handle.message)
    in_server, _ = await run(fake_discord, "ask", {"question": "samaritans"}, locale="en-GB")
    assert "Share in channel" in buttons(in_server.message)


async def test_facts_with_autocomplete_and_timeline(
    fake_discord: FakeDiscord, bot: SignpostBot
) -> None:
    typing = await fake_discord.interact(
        fake_discord.autocomplete("facts", {"topic": "or"}, focused="topic")
    )
    assert (await typing.response()).json["data"]["choices"] == [
        {"name": "Origin (2)", "value": "origin"}
    ]
    _, facts = await run(fake_discord, "facts", {"topic": "origin"})
    assert (
        facts.is_ephemeral
        and "Alyssa Milano's call" in text_of(facts)
        and "Silence Breakers" not in text_of(facts)
    )
    _, timeline = await run(fake_discord, "timeline")
    assert timeline.is_ephemeral and "14 Oct 2017 — The Academy expels Harvey Weinstein" in text_of(
        timeline
    )


async def test_stories_read_skip_and_refuse_other_members(
    fake_discord: FakeDiscord, bot: SignpostBot
) -> None:
    typing = await fake_discord.interact(
        fake_discord.autocomplete("stories", {"theme": "speak"}, focused="theme")
    )
    assert (await typing.response()).json["data"]["choices"][0]["value"] == "speaking-out"
    handle, opening = await run(fake_discord, "stories")
    assert opening.is_ephemeral and "Content notes:** child sexual abuse" in text_of(opening)
    assert "age of nine" not in text_of(opening)
    assert set(buttons(handle.message)) == {"Previous", "Next", "Read"}

    stranger = fake_discord.add_member(fake_discord.guild, "bob")
    refused = await click(fake_discord, handle.message, "Read", user=stranger)
    assert (
        refused.json["type"] == 4
        and refused.is_ephemeral
        and "belong to the person" in text_of(refused)
    )
    assert "age of nine" not in str(handle.message) and set(buttons(handle.message)) == {
        "Previous",
        "Next",
        "Read",
    }

    read = await click(fake_discord, handle.message, "Read")
    assert read.json["type"] == 7 and "age of nine" in text_of(read)
    assert set(buttons(handle.message)) == {"Previous", "Short version", "Skip to next"}
    skipped = await click(fake_discord, handle.message, "Skip to next")
    assert "Going on the record" in text_of(skipped) and "hotel room" not in text_of(skipped)
    assert buttons(handle.message)["Next"]["disabled"] is True


async def test_buttons_still_answer_after_a_restart(
    fake_discord: FakeDiscord, settings: Settings, run_bot: Runner
) -> None:
    async with started(settings, run_bot):
        stories, _ = await run(fake_discord, "stories")
        asked, _ = await run(fake_discord, "ask", {"question": "where can i find help"})
    async with started(settings, run_bot):  # a new process: nothing of the old one in memory
        turned = await click(fake_discord, stories.message, "Next")
        assert turned.json["type"] == 7 and "2 of" in text_of(turned)
        read = await click(fake_discord, stories.message, "Read")
        assert read.json["type"] == 7 and "Short version" in buttons(read.json["data"])
        labels = [label for label in buttons(asked.message) if label != "Share in channel"]
        opened = await click(fake_discord, asked.message, labels[0])
        assert opened.is_ephemeral and text_of(opened)


async def test_urgent_gives_numbers_for_the_members_country_at_once(
    fake_discord: FakeDiscord, bot: SignpostBot
) -> None:
    _, reply = await run(fake_discord, "urgent", locale="en-GB")
    assert reply.is_ephemeral and "Emergency in United Kingdom: `999`" in text_of(reply)
    handle, in_dm = await run(fake_discord, "urgent", dm=True, locale="ja")
    # No country to go on: no other country's number, but a choice of where the member is.
    assert in_dm.is_ephemeral and "Call your local emergency number" in text_of(in_dm)
    assert "911" not in text_of(in_dm).split("(such as")[0]
    [menu] = [c for row in handle.message["components"] for c in row["components"]]
    assert menu["custom_id"] == "signpost:country:urgent" and menu["type"] == 3
    picked = await fake_discord.interact(
        fake_discord.click(
            handle.message, menu["custom_id"], component_type=3, values=["GB"], dm=True
        )
    )
    chosen = await picked.response()
    assert chosen.is_ephemeral and "Emergency in United Kingdom: `999`" in text_of(chosen)


async def test_help_and_about(fake_discord: FakeDiscord, bot: SignpostBot) -> None:
    _, help_reply = await run(fake_discord, "help")
    assert (
        help_reply.is_ephemeral
        and "**/stories**" in text_of(help_reply)
        and "/reload" not in text_of(help_reply)
    )
    _, about = await run(fake_discord, "about", dm=True)
    assert about.is_ephemeral and bot.services.content.engine.snapshot.version in text_of(about)
    assert "No names, accounts or what you type are kept" in text_of(about)
    _, privacy = await run(fake_discord, "privacy", dm=True)
    assert "no user, member, channel or message ids" in text_of(privacy)


async def test_help_fits_a_phone_and_turns_to_the_rest_of_the_commands(
    fake_discord: FakeDiscord, bot: SignpostBot
) -> None:
    await bot.tree.sync()  # page turns name commands as mentions too
    ids = {c["name"]: c["id"] for c in fake_discord.commands[None]}
    handle, first = await run(fake_discord, "help")
    shown = text_of(first)
    assert first.is_ephemeral and "Page 1 of 2" in shown and "Only you can see" in shown
    assert f"</urgent:{ids['urgent']}> shows emergency numbers" in shown
    assert set(buttons(handle.message)) == {"Previous", "Next"}
    rest = await click(fake_discord, handle.message, "Next")
    assert rest.json["type"] == 7 and rest.mentions_none and "Page 2 of 2" in text_of(rest)
    listed = shown + text_of(rest)
    for name in ("ask", "resources", "urgent", "privacy", "support-a-friend", "reach-out"):
        assert f"**</{name}:{ids[name]}>** — " in listed
    assert "/admin" not in listed and "/reload" not in listed
    stranger = fake_discord.add_member(fake_discord.guild, "bob")
    refused = await click(fake_discord, handle.message, "Previous", user=stranger)
    assert refused.is_ephemeral and "belong to the person" in text_of(refused)


async def test_every_command_works_in_a_direct_message(
    fake_discord: FakeDiscord, bot: SignpostBot
) -> None:
    for name, options in [
        ("ask", {"question": "rainn"}),
        ("resources", {"topic": "sexual-assault"}),
        ("facts", None),
        ("timeline", None),
        ("stories", None),
        ("urgent", None),
        ("help", None),
        ("about", None),
    ]:
        _, reply = await run(fake_discord, name, options, dm=True, user=fake_discord.moderator)
        assert reply.json["type"] == 4 and reply.is_ephemeral and reply.message["embeds"], name


async def test_spamming_a_command_gets_a_kind_cooldown_message(
    fake_discord: FakeDiscord, bot: SignpostBot
) -> None:
    replies = [(await run(fake_discord, "facts"))[1] for _ in range(6)]
    assert all("going a little fast" not in text_of(r) for r in replies[:5])
    assert replies[5].is_ephemeral and "You're going a little fast" in text_of(replies[5])
    _, urgent = await run(fake_discord, "urgent")
    assert "Emergency in" in text_of(urgent)


async def test_an_unexpected_failure_gets_a_kind_private_reply(
    fake_discord: FakeDiscord,
    bot: SignpostBot,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(bot.services.content.engine, "urgent", broken)
    _, reply = await run(fake_discord, "urgent")
    assert reply.is_ephemeral and text_of(reply).strip() == KIND_ERROR
    assert "Traceback" not in str(reply.json) and "secret internals" not in str(reply.json)
    assert "secret internals" in caplog.text
    caplog.clear()  # the one error this test expects


async def test_synced_commands_are_translated_and_open_in_direct_messages(
    fake_discord: FakeDiscord, bot: SignpostBot
) -> None:
    await bot.tree.sync()
    registered = {c["name"]: c for c in fake_discord.commands[None]}
    for name in ("ask", "resources", "facts", "timeline", "stories", "urgent", "help", "about"):
        command = registered[name]
        assert command["dm_permission"] is True and command.get("contexts") == [0, 1, 2]
        assert command.get("integration_types") == [0, 1]  # server and user install
        assert {"fr", "es-ES", "es-419", "de", "pt-BR", "nl", "hi"} <= set(
            command["name_localizations"]
        )
    assert registered["admin"].get("contexts") == [0]  # moderators' commands stay in servers
    assert registered["stories"]["options"][0]["name_localizations"]["fr"] == "thème"
    assert registered["urgent"]["name_localizations"]["hi"] == "तुरंत-मदद"  # Devanagari names sync


async def test_replies_name_commands_as_text_until_published_then_as_mentions(
    fake_discord: FakeDiscord, bot: SignpostBot
) -> None:
    _, before = await run(fake_discord, "help")
    assert "/urgent shows emergency numbers" in text_of(before) and "</" not in text_of(before)
    await bot.tree.sync()
    ids = {c["name"]: c["id"] for c in fake_discord.commands[None]}
    _, after = await run(fake_discord, "help")
    shown = text_of(after)
    assert f"</urgent:{ids['urgent']}> shows emergency numbers" in shown
    assert f"**</stories:{ids['stories']}>** — " in shown and "**/stories**" not in shown
    _, about = await run(fake_discord, "about")
    assert f"</privacy:{ids['privacy']}> shows exactly what is stored" in text_of(about)


async def test_a_restarted_bot_reads_the_published_ids_at_startup(
    fake_discord: FakeDiscord, settings: Settings, run_bot: Runner
) -> None:
    async with started(settings, run_bot) as first:
        await first.tree.sync()
    ids = {c["name"]: c["id"] for c in fake_discord.commands[None]}
    async with started(settings, run_bot) as bot:
        assert bot.services.servers is not None
        await bot.services.servers.set(fake_discord.guild.id, "disabled_commands", {"facts"})
        _, refused = await run(fake_discord, "facts")
        assert refused.is_ephemeral
        assert f"If you need help right now, </urgent:{ids['urgent']}> lists" in text_of(refused)


async def test_commands_stay_plain_text_when_discord_cannot_list_them(
    fake_discord: FakeDiscord,
    settings: Settings,
    run_bot: Runner,
    caplog: pytest.LogCaptureFixture,
) -> None:
    fake_discord.fail_next(r"^/applications/\d+/commands$", status=403, method="GET")
    async with started(settings, run_bot) as bot:
        assert bot.command_mentions == {}
        _, reply = await run(fake_discord, "help")
        assert "/urgent shows emergency numbers" in text_of(reply)
    assert "Published commands not read (status 403)" in caplog.text
