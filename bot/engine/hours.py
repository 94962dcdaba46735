"""Whether a support line is open at a given moment, by its published hours in its own time zone."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from bot.content.models import WEEKDAYS, Hours, OpeningTimes


def is_open(hours: Hours | None, at: dt.datetime) -> bool | None:
    """Say whether the line is open at `at` by its published hours; None when it publishes none.

    None is never "open": a line that lists no hours may be closed, and saying otherwise could
    send someone to a phone that rings out. `at` must be time-zone aware.
    """
    if hours is None:
        return None
    if hours.always_open:
        return True
    if at.tzinfo is None:
        raise ValueError("is_open needs a time-zone aware datetime")
    assert hours.timezone is not None  # Hours refuses opening slots without one
    local = at.astimezone(ZoneInfo(hours.timezone))
    minute = local.hour * 60 + local.minute
    return any(_covers(slot, local.weekday(), minute) for slot in hours.open)


def _minutes(clock: str) -> int:
    """Minutes since midnight; "24:00" is the end of the day."""
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def _covers(slot: OpeningTimes, weekday: int, minute: int) -> bool:
    """Check a slot: it opens on its days and, closing at or before it opens, ends next day."""
    opens, closes = _minutes(slot.opens), _minutes(slot.closes)
    days = {WEEKDAYS.index(day) for day in slot.days}
    if opens < closes:
        return weekday in days and opens <= minute < closes
    return (weekday in days and minute >= opens) or ((weekday - 1) % 7 in days and minute < closes)
