"""Commands named in replies ("/urgent"), made clickable once Discord has told us their ids."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

import discord
from discord import app_commands

_COMMAND = re.compile(r"(?<![\w<:/.`-])/([a-z][a-z-]*(?: [a-z][a-z_-]*){0,2})")
"""A command as copy names it, with up to two words after it that may be its subcommand; not
inside a link ("example.org/urgent"), a code span or a mention already made."""

Mentions = Mapping[str, str]
"""How to mention each command, by its qualified name: {"urgent": "</urgent:123>"}."""


def known_mentions(client: object) -> Mentions:
    """The mentions a client learned (SignpostBot.command_mentions); none for any other client."""
    mentions = getattr(client, "command_mentions", None)
    return mentions if isinstance(mentions, Mapping) else {}


def mentions_of(commands: Iterable[app_commands.AppCommand]) -> dict[str, str]:
    """Mentions of the slash commands Discord published; a group is mentioned by subcommand."""
    found: dict[str, str] = {}
    for command in commands:
        if command.type is not discord.AppCommandType.chat_input:
            continue
        subcommands = _subcommands(command.options)
        found.update((sub.qualified_name, sub.mention) for sub in subcommands)
        if not subcommands:
            found[command.name] = command.mention
    return found


def clickable(text: str, mentions: Mentions) -> str:
    """`text` with every command it names that Discord knows made a mention members can click.

    Without mentions (the console, a bot whose commands were never published, tests) the text
    is unchanged: members then read the plain "/urgent".
    """
    if not mentions or "/" not in text:
        return text

    def mention(match: re.Match[str]) -> str:
        words = match[1].split(" ")
        for size in range(len(words), 0, -1):
            name = " ".join(words[:size])
            if name in mentions:
                return mentions[name] + match[1][len(name) :]
        return match[0]

    return _COMMAND.sub(mention, text)


def _subcommands(
    options: Sequence[app_commands.AppCommandGroup | app_commands.Argument],
) -> list[app_commands.AppCommandGroup]:
    groups = [option for option in options if isinstance(option, app_commands.AppCommandGroup)]
    return [leaf for group in groups for leaf in (_subcommands(group.options) or [group])]
