"""Per-member rate limits: plenty for a person, a wall for a script; kept in memory only."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import discord
from discord import app_commands

COOLDOWN_RATE = 5
COOLDOWN_PER = 30.0
"""Each member may run 5 commands per 30 seconds."""

T = TypeVar("T")


def member_key(interaction: discord.Interaction[Any]) -> int:
    """Cooldowns count per member; discord.py keeps them in memory only, never on disk."""
    return interaction.user.id


def member_cooldown() -> Callable[[T], T]:
    """The cooldown every member-facing command shares."""
    return app_commands.checks.cooldown(COOLDOWN_RATE, COOLDOWN_PER, key=member_key)
