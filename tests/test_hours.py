"""is_open and next_change: published hours read in each line's own time zone, at fixed times."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.content.models import Hours
from bot.engine.hours import Change, is_open, next_change

UTC = dt.UTC
WEEKDAYS = ["mon", "tue", "wed", "thu", "fri"]


def hours(zone: str, days: list[str], opens: str, closes: str) -> Hours:
    return Hours.model_validate(
        {"timezone": zone, "open": [{"days": days, "from": opens, "to": closes}]}
    )


LONDON = hours("Europe/London", WEEKDAYS, "09:00", "17:00")
LOS_ANGELES = hours("America/Los_Angeles", WEEKDAYS, "09:00", "17:00")
MELBOURNE_NIGHTS = hours("Australia/Melbourne", [*WEEKDAYS, "sat", "sun"], "17:00", "09:00")
FRIDAY_NIGHT = hours("Europe/Paris", ["fri"], "22:00", "02:00")
SATURDAY_TO_MIDNIGHT = hours("Europe/Berlin", ["sat"], "12:00", "24:00")


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        (utc(2026, 1, 12, 8, 30), False),  # Monday in winter: 08:30 GMT, not yet open
        (utc(2026, 7, 13, 8, 30), True),  # Monday in summer: 09:30 BST
        (utc(2026, 1, 12, 16, 59), True),
        (utc(2026, 1, 12, 17, 0), False),  # closing time is closed
        (utc(2026, 1, 17, 12, 0), False),  # Saturday
    ],
)
def test_london_line_follows_british_summer_time(at: dt.datetime, expected: bool) -> None:
    assert is_open(LONDON, at) is expected


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        (utc(2026, 11, 24, 16, 30), False),  # Tuesday 08:30 PST
        (utc(2026, 11, 24, 17, 30), True),  # Tuesday 09:30 PST
        (utc(2026, 11, 24, 0, 30), True),  # still Monday 16:30 in Los Angeles
        (utc(2026, 11, 28, 0, 30), True),  # Friday 16:30 there, Saturday in UTC
        (utc(2026, 11, 29, 0, 30), False),  # Saturday 16:30 there
        (utc(2026, 7, 14, 16, 30), True),  # Tuesday 09:30 PDT in summer
    ],
)
def test_los_angeles_line_uses_its_own_day_and_time(at: dt.datetime, expected: bool) -> None:
    assert is_open(LOS_ANGELES, at) is expected


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        (utc(2026, 11, 24, 12, 0), True),  # 23:00 AEDT
        (utc(2026, 11, 24, 21, 30), True),  # 08:30 the next morning
        (utc(2026, 11, 24, 0, 0), False),  # 11:00 AEDT
        (utc(2026, 6, 15, 7, 30), True),  # 17:30 AEST in winter
        (utc(2026, 6, 15, 6, 30), False),  # 16:30 AEST
    ],
)
def test_overnight_melbourne_line_runs_past_midnight(at: dt.datetime, expected: bool) -> None:
    assert is_open(MELBOURNE_NIGHTS, at) is expected


def test_overnight_slot_ends_on_the_next_day_only() -> None:
    saturday_1am_paris = utc(2026, 11, 28, 0, 0)
    friday_1am_paris = utc(2026, 11, 27, 0, 0)
    assert is_open(FRIDAY_NIGHT, saturday_1am_paris) is True
    assert is_open(FRIDAY_NIGHT, friday_1am_paris) is False


def test_a_slot_to_24_00_is_open_until_midnight() -> None:
    assert is_open(SATURDAY_TO_MIDNIGHT, utc(2026, 11, 28, 22, 59)) is True  # 23:59 in Berlin
    assert is_open(SATURDAY_TO_MIDNIGHT, utc(2026, 11, 28, 23, 0)) is False  # Sunday 00:00


def test_always_open_is_open_and_unknown_hours_are_never_counted_open() -> None:
    at = utc(2026, 11, 24, 3, 0)
    assert is_open(Hours(always_open=True), at) is True
    assert is_open(None, at) is None


def test_a_naive_time_is_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        is_open(LONDON, dt.datetime(2026, 11, 24, 12, 0))


# next_change: when an open line closes, or a closed one opens


def test_a_closed_line_opens_at_its_next_slot_in_its_own_zone() -> None:
    change = next_change(LOS_ANGELES, utc(2026, 11, 24, 16, 30))  # Tuesday 08:30 PST
    assert change == Change(utc(2026, 11, 24, 17, 0), opens=True)


def test_an_open_line_closes_at_the_end_of_its_slot() -> None:
    change = next_change(LOS_ANGELES, utc(2026, 11, 24, 17, 30))  # Tuesday 09:30 PST
    assert change == Change(utc(2026, 11, 25, 1, 0), opens=False)  # 17:00 PST


def test_after_fridays_close_the_line_opens_on_monday() -> None:
    friday_evening = utc(2026, 11, 28, 2, 0)  # Friday 18:00 in Los Angeles
    assert next_change(LOS_ANGELES, friday_evening) == Change(utc(2026, 11, 30, 17, 0), opens=True)


def test_an_overnight_slot_closes_the_next_morning() -> None:
    at = utc(2026, 11, 24, 12, 0)  # 23:00 AEDT
    assert next_change(MELBOURNE_NIGHTS, at) == Change(utc(2026, 11, 24, 22, 0), opens=False)


def test_touching_slots_close_once_at_the_true_end() -> None:
    weekend = hours("Europe/Berlin", ["sat"], "12:00", "24:00").model_copy(
        update={
            "open": (
                *SATURDAY_TO_MIDNIGHT.open,
                *hours("Europe/Berlin", ["sun"], "00:00", "06:00").open,
            )
        }
    )
    at = utc(2026, 11, 28, 20, 0)  # Saturday 21:00 in Berlin
    assert next_change(weekend, at) == Change(utc(2026, 11, 29, 5, 0), opens=False)


def test_the_change_follows_daylight_saving_time() -> None:
    winter = next_change(LONDON, utc(2026, 1, 12, 8, 0))
    summer = next_change(LONDON, utc(2026, 7, 13, 7, 0))
    assert winter is not None and winter.at == utc(2026, 1, 12, 9, 0)  # 09:00 GMT
    assert summer is not None and summer.at == utc(2026, 7, 13, 8, 0)  # 09:00 BST


def test_lines_open_all_day_or_without_hours_have_no_change() -> None:
    at = utc(2026, 11, 24, 3, 0)
    assert next_change(Hours(always_open=True), at) is None
    assert next_change(None, at) is None
    with pytest.raises(ValueError, match="aware"):
        next_change(LONDON, dt.datetime(2026, 11, 24, 12, 0))


@given(
    minutes=st.integers(min_value=0, max_value=366 * 24 * 60),
    line=st.sampled_from([LONDON, LOS_ANGELES, MELBOURNE_NIGHTS, FRIDAY_NIGHT]),
)
def test_next_change_agrees_with_is_open(minutes: int, line: Hours) -> None:
    at = utc(2026, 1, 1) + dt.timedelta(minutes=minutes)
    change = next_change(line, at)
    assert change is not None and change.at > at
    assert change.opens is not is_open(line, at)
    just_after = change.at + dt.timedelta(minutes=1)
    assert is_open(line, just_after) is change.opens
