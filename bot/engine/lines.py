"""Narrowing support lines to the way a member wants to get in touch, and to those open now."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

from bot.content.models import ContactKind, Resource
from bot.engine.hours import is_open

Way = Literal["call", "text", "chat", "web"]

WAYS: Mapping[Way, frozenset[ContactKind]] = MappingProxyType(
    {
        "call": frozenset({"phone", "tty"}),
        "text": frozenset({"text", "whatsapp"}),
        "chat": frozenset({"chat"}),
        "web": frozenset({"web", "email"}),
    }
)
"""The contact kinds each way accepts. Text covers SMS and WhatsApp, so someone who cannot speak
aloud finds every line they can message from a phone; a textphone (TTY) is still a call."""


@dataclass(frozen=True, slots=True)
class Narrowed:
    """The lines that fit, best first, each with the chosen way of contact listed first.

    `closed` and `unlisted` count lines that fit the way but were left out by `open_at`:
    closed by their published hours, or publishing none, so never counted as open.
    """

    lines: tuple[Resource, ...]
    way: Way | None
    open_at: dt.datetime | None
    closed: int = 0
    unlisted: int = 0


def narrow(lines: Iterable[Resource], *, way: Way | None, open_at: dt.datetime | None) -> Narrowed:
    """Keep the lines reachable `way` and, when `open_at` is given, open at that moment."""
    reachable = [_way_first(line, way) for line in lines if way is None or _reachable(line, way)]
    if open_at is None:
        return Narrowed(tuple(reachable), way, None)
    status = [(line, is_open(line.hours, open_at)) for line in reachable]
    return Narrowed(
        lines=tuple(line for line, is_now in status if is_now),
        way=way,
        open_at=open_at,
        closed=sum(is_now is False for _, is_now in status),
        unlisted=sum(is_now is None for _, is_now in status),
    )


def _reachable(line: Resource, way: Way) -> bool:
    return any(contact.kind in WAYS[way] for contact in line.contacts)


def _way_first(line: Resource, way: Way | None) -> Resource:
    """Copy the line with the chosen way's contacts first, so a short listing still shows them."""
    if way is None:
        return line
    chosen = tuple(c for c in line.contacts if c.kind in WAYS[way])
    rest = tuple(c for c in line.contacts if c.kind not in WAYS[way])
    return line.model_copy(update={"contacts": chosen + rest})
