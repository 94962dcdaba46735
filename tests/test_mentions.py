"""Command mentions: "/urgent" becomes a mention to click once Discord told us its id."""

from __future__ import annotations

from typing import Any

import discord
import pytest
from discord import app_commands

from bot.chat.limits import DESCRIPTION_LIMIT
from bot.chat.mentions import clickable, known_mentions, mentions_of
from bot.chat.respond import Reply, with_mentions

MENTIONS = {
    "urgent": "</urgent:11>",
    "resources": "</resources:12>",
    "admin set": "</admin set:13>",
    "support-a-friend": "</support-a-friend:14>",
}


def published(name: str, command_id: int, options: list[dict[str, Any]] | None = None) -> Any:
    data = {
        "id": str(command_id),
        "application_id": "1",
        "name": name,
        "description": "d",
        "type": 1,
        "version": "1",
        "options": options or [],
    }
    return app_commands.AppCommand(data=data, state=None)  # type: ignore[arg-type]


def test_published_commands_are_mentioned_by_name_and_groups_by_subcommand() -> None:
    admin = published(
        "admin",
        3,
        [
            {"type": 1, "name": "set", "description": "d", "options": []},
            {"type": 1, "name": "reset", "description": "d", "options": []},
        ],
    )
    found = mentions_of([published("urgent", 1), admin])
    assert found == {
        "urgent": "</urgent:1>",
        "admin set": "</admin set:3>",
        "admin reset": "</admin reset:3>",
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "If you need help right now, /urgent lists",
            "If you need help right now, </urgent:11> lists",
        ),
        ("**/support-a-friend** — what to say", "**</support-a-friend:14>** — what to say"),
        ("Change one with /admin set, or", "Change one with </admin set:13>, or"),
        ("(/resources).", "(</resources:12>)."),
        (
            "see https://example.org/urgent or `/urgent`",
            "see https://example.org/urgent or `/urgent`",
        ),
        ("/admin and add the role; /stories", "/admin and add the role; /stories"),  # unknown
        ("</urgent:11> already", "</urgent:11> already"),
    ],
)
def test_commands_named_in_text_become_mentions(text: str, expected: str) -> None:
    assert clickable(text, MENTIONS) == expected


def test_without_ids_every_command_stays_plain_text() -> None:
    assert clickable("/urgent lists emergency numbers", {}) == "/urgent lists emergency numbers"
    assert known_mentions(object()) == {}


def test_mentions_go_where_discord_shows_them_and_never_past_a_limit() -> None:
    embed = discord.Embed(title="/urgent", description="Try /urgent.")
    embed.add_field(name="/resources", value="Or /resources.")
    embed.set_footer(text="Somewhere else? /resources")
    long = discord.Embed(description="/urgent " + "x" * (DESCRIPTION_LIMIT - 8))
    made = with_mentions(Reply(embeds=[embed, long], content="/urgent"), MENTIONS)
    first, second = made.embeds
    assert made.content == "</urgent:11>"
    assert (
        first.description == "Try </urgent:11>." and first.fields[0].value == "Or </resources:12>."
    )
    assert first.title == "/urgent" and first.fields[0].name == "/resources"
    assert first.footer.text == "Somewhere else? /resources"
    assert second.description == long.description  # a mention would pass 4,096 characters
    assert embed.description == "Try /urgent."  # the reply it was given is left as it was
