"""What a hostile member or a modified client can send: nothing raises, leaks or changes state.

The engine and renderer are fed arbitrary text (hypothesis); raw interaction payloads that the
official client would never send go through the fake to the real bot.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.chat.client import SignpostBot
from bot.chat.embeds import answer_reply
from bot.chat.views import Buttons, with_buttons
from bot.engine.matching import Engine
from tests.e2e.discord_contract import message_errors
from tests.e2e.fake_discord import FakeDiscord, InteractionHandle, Request
from tests.e2e.signpost import text_of

SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
TRICKS = st.sampled_from(
    [
        "@everyone",
        "@here",
        "<@123456789012345678>",
        "<@&123456789012345678>",
        "<#1>",
        "\u202e",
        "\u202d",
        "\u2066",
        "\u200b",
        "\ufeff",
        "\x00",
        "\x1b[31m",
        "\r\n",
        "**",
        "__",
        "```",
        "||",
        "> ",
        "[x](https://evil.example)",
        "%s",
        "%(name)s",
        "{0}",
        "'; DROP TABLE usage_events; --",
        "../../etc/passwd",
        "\uff33\uff41\uff4d\uff41\uff52\uff49\uff54\uff41\uff4e\uff53",
        "ǅ",
        "ß",
        "İ",
        "ﬁ",
        "𝓢𝓪𝓶",
        "👩‍👩‍👧",
        "\U0010ffff",
        "\ud7ff",
        "rape",
        "kill myself",
    ]
)
BUTTONS = Buttons.bound_to(None)  # type: ignore[arg-type]  # sent, never pressed here
hostile = st.lists(st.one_of(TRICKS, st.text(max_size=30)), max_size=40).map("".join)
huge = st.builds(
    lambda piece, n: piece * n,
    st.one_of(TRICKS, st.text(min_size=1, max_size=5)),
    st.integers(500, 5000),
)


def reply_errors(engine: Engine, question: str) -> list[str]:
    answer = engine.ask(question, locale="en-GB")
    reply = with_buttons(answer_reply(answer), answer, BUTTONS)
    body = {"content": reply.content, "embeds": [e.to_dict() for e in reply.embeds]}
    return message_errors(body)


@SETTINGS
@given(question=st.one_of(hostile, huge))
def test_engine_answers_any_text_within_discord_limits(engine: Engine, question: str) -> None:
    assert reply_errors(engine, question) == []
    assert len(engine.suggest(question)) <= 25
    engine.find_topic(question)
    engine.find_country(question)
    assert engine.entry(question) is None or question in engine.snapshot.by_id


@SETTINGS
@given(
    locale=st.one_of(hostile, st.sampled_from(["", "en", "en-GB", "zz-ZZ", "x" * 300])),
    server=st.one_of(st.none(), hostile),
)
def test_engine_tolerates_any_locale_and_server_country(
    engine: Engine, locale: str, server: str | None
) -> None:
    engine.ask("where can I get help", locale=locale, server_country=server)
    engine.country_for(locale, server)


async def answered(fake: FakeDiscord, payload: dict[str, Any]) -> tuple[InteractionHandle, Request]:
    handle = await fake.interact(payload)
    return handle, await handle.response()


def assert_polite_refusal(reply: Request) -> None:
    assert reply.is_ephemeral and reply.mentions_none
    text = text_of(reply)
    assert (
        text.strip() and "Traceback" not in text and "Error" not in text and "Exception" not in text
    )


def raw_slash(fake: FakeDiscord, name: str, options: list[dict[str, Any]]) -> dict[str, Any]:
    payload = fake.slash(name)
    payload["data"]["options"] = options
    return payload


@pytest.mark.parametrize(
    ("name", "options"),
    [
        ("ask", [{"name": "question", "type": 4, "value": 5}]),  # an integer where text belongs
        ("ask", [{"name": "question", "type": 3, "value": "q" * 10_000}]),  # past the 1,000 allowed
        ("ask", [{"name": "question", "type": 3, "value": ""}]),
        ("ask", []),  # a required option missing
        (
            "ask",
            [
                {"name": "question", "type": 3, "value": "help"},
                {"name": "admin", "type": 5, "value": True},
            ],
        ),
        ("resources", [{"name": "topic", "type": 3, "value": "x" * 5_000}]),
        (
            "resources",
            [
                {"name": "topic", "type": 3, "value": "dv"},
                {"name": "country", "type": 3, "value": "@everyone <@1>"},
            ],
        ),
        ("facts", [{"name": "topic", "type": 10, "value": 1e308}]),
        ("stories", [{"name": "theme", "type": 3, "value": "\u202e" * 101}]),
    ],
)
async def test_malformed_command_options_get_a_polite_private_refusal(
    fake_discord: FakeDiscord, signpost: SignpostBot, name: str, options: list[dict[str, Any]]
) -> None:
    _, reply = await answered(fake_discord, raw_slash(fake_discord, name, options))
    assert_polite_refusal(reply)


async def test_unknown_command_gets_a_polite_private_refusal(
    fake_discord: FakeDiscord, signpost: SignpostBot
) -> None:
    _, reply = await answered(fake_discord, fake_discord.slash("format-disk", {"now": True}))
    assert_polite_refusal(reply)


async def test_huge_autocomplete_input_returns_at_most_25_choices(
    fake_discord: FakeDiscord, signpost: SignpostBot
) -> None:
    payload = fake_discord.autocomplete("ask", {"question": "help " * 2_000}, "question")
    _, reply = await answered(fake_discord, payload)
    assert reply.json["type"] == 8 and len(reply.json["data"]["choices"]) <= 25


def with_button(message: dict[str, Any] | None, custom_id: str) -> dict[str, Any]:
    """The message as if it carried a button with `custom_id`, e.g. one made by older content."""
    assert message is not None
    button = {"type": 2, "style": 2, "label": "Open", "custom_id": custom_id}
    return message | {"components": [*message["components"], {"type": 1, "components": [button]}]}


@pytest.mark.parametrize(
    ("custom_id", "is_ours"),
    [
        ("signpost:entry:no-such-entry", True),
        ("signpost:share:no-such-line", True),
        ("signpost:share:faq-what-to-say-to-a-friend", True),  # an entry, but not a support line
        ("signpost:entry:../../x", False),
        ("signpost:entry:" + "a" * 90 + "\u202e", False),
        ("otherbot:page:next", False),
        ("x", False),
    ],
)
async def test_forged_button_ids_are_refused_or_ignored_and_change_nothing(
    fake_discord: FakeDiscord,
    signpost: SignpostBot,
    caplog: pytest.LogCaptureFixture,
    custom_id: str,
    is_ours: bool,
) -> None:
    ask = await fake_discord.interact(
        fake_discord.slash("ask", {"question": "samaritans"}, locale="en-GB")
    )
    await ask.response()
    before = str(ask.message)
    click = await fake_discord.interact(
        fake_discord.click(with_button(ask.message, custom_id), custom_id)
    )
    if is_ours:
        reply = await click.response()
        assert_polite_refusal(reply)
        assert reply.json["type"] == 4  # a new private message, not an edit of the member's reply
    else:
        await asyncio.sleep(
            0.2
        )  # Discord shows the clicker "interaction failed"; nobody else sees anything
        assert click.requests == []
    assert str(ask.message) == before
    assert "Traceback" not in caplog.text


async def test_another_member_cannot_turn_someone_elses_pages(
    fake_discord: FakeDiscord, signpost: SignpostBot
) -> None:
    stories = await fake_discord.interact(fake_discord.slash("stories"))
    await stories.response()
    before = str(stories.message)
    page_buttons = {
        b["label"]: b["custom_id"]
        for row in stories.message["components"]
        for b in row["components"]
    }
    stranger = fake_discord.add_member(fake_discord.guild, "mallory")
    for label in ("Next", "Read"):
        click = await fake_discord.interact(
            fake_discord.click(stories.message, page_buttons[label], user=stranger)
        )
        assert_polite_refusal(await click.response())
    await asyncio.sleep(0.05)
    assert str(stories.message) == before
