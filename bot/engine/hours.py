"""Whether a support line is open at a moment, and when that changes, by its published hours."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from bot.content.models import WEEKDAYS, Hours, OpeningTimes

WEEK = 7
"""Days ahead looked at for the next opening: every weekly timetable opens within a week."""


@dataclass(frozen=True, slots=True)
class Change:
    """The next moment a line opens or closes; `at` is in UTC, for each reader's own clock."""

    at: dt.datetime
    opens: bool
    """True when the line is closed now and opens at `at`; False when it is open until then."""


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


def next_change(hours: Hours | None, at: dt.datetime) -> Change | None:
    """When an open line closes, or a closed one opens, after `at`, by its published hours.

    None for a line open 24/7 or publishing no hours: there is no time to tell. Slots that
    touch (Saturday to 24:00, Sunday from 00:00) count as one, so "open until" is when the line
    really closes. The engine returns the moment; the adapter decides how a reader sees it.
    """
    if hours is None or hours.always_open:
        return None
    if at.tzinfo is None:
        raise ValueError("next_change needs a time-zone aware datetime")
    for opens, closes in _spans(hours, at):
        if opens <= at < closes:
            return Change(closes, opens=False)
        if at < opens:
            return Change(opens, opens=True)
    return None


def _spans(hours: Hours, around: dt.datetime) -> list[tuple[dt.datetime, dt.datetime]]:
    """Opening spans in UTC from the day before `around` to a week after, joined where they touch.

    Times are read in the line's own zone, so a span follows its daylight-saving changes.
    """
    assert hours.timezone is not None  # Hours refuses opening slots without one
    zone = ZoneInfo(hours.timezone)
    today = around.astimezone(zone).date()
    spans: list[tuple[dt.datetime, dt.datetime]] = []
    for offset in range(-1, WEEK + 1):
        day = today + dt.timedelta(days=offset)
        for slot in hours.open:
            if WEEKDAYS[day.weekday()] not in slot.days:
                continue
            start, end = _minutes(slot.opens), _minutes(slot.closes)
            ends = day if start < end else day + dt.timedelta(days=1)
            spans.append((_instant(day, start, zone), _instant(ends, end, zone)))
    joined: list[tuple[dt.datetime, dt.datetime]] = []
    for opens, closes in sorted(spans):
        if joined and opens <= joined[-1][1]:
            joined[-1] = (joined[-1][0], max(joined[-1][1], closes))
        else:
            joined.append((opens, closes))
    return joined


def _instant(day: dt.date, minute: int, zone: ZoneInfo) -> dt.datetime:
    """`minute` past midnight on `day` in `zone`, in UTC; minute 1440 is the next midnight."""
    local = dt.datetime.combine(day, dt.time()) + dt.timedelta(minutes=minute)
    return local.replace(tzinfo=zone).astimezone(dt.UTC)


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
