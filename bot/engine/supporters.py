"""What a survivor's supporter is offered: cited guidance, and lines that take their calls."""

from __future__ import annotations

from dataclasses import dataclass

from bot.content.models import Country, FaqEntry, Resource
from bot.engine.matching import Engine

SUPPORTER_TOPIC = "supporting-someone"
"""The topic editors file guidance for friends, partners and family under."""


@dataclass(frozen=True, slots=True)
class SupporterGuide:
    """Guidance in the editors' order, then lines serving friends and family, local ones first."""

    guidance: tuple[FaqEntry, ...]
    lines: tuple[Resource, ...]
    country: Country | None


def supporter_guide(engine: Engine, country: Country | None) -> SupporterGuide:
    """Everything /support-a-friend shows, read from the content so editors decide what it says."""
    guidance = tuple(faq for faq in engine.snapshot.faq if SUPPORTER_TOPIC in faq.topics)
    lines = tuple(line for line in engine.lines(None, country) if "friends-family" in line.serves)
    return SupporterGuide(guidance, lines, country)
