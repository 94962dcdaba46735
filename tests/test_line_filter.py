"""narrow: lines by the way a member can reach them, and open now by their published hours."""

import datetime as dt
from typing import Any

from bot.content.models import Resource
from bot.engine.lines import WAYS, narrow

TUESDAY_NOON_UTC = dt.datetime(2026, 11, 24, 12, 0, tzinfo=dt.UTC)


def line(line_id: str, contacts: list[dict[str, Any]], hours: dict[str, Any] | None) -> Resource:
    return Resource.model_validate(
        {
            "id": line_id,
            "organisation": "Org",
            "service": line_id,
            "summary": "A line.",
            "topics": ["sexual-assault"],
            "countries": ["GB"],
            "serves": ["anyone"],
            "contacts": contacts,
            "hours": hours,
            "url": "https://example.org",
            "source_url": "https://example.org/source",
            "verified_on": "2026-11-24",
        }
    )


PHONE = {"kind": "phone", "value": "0800 000 000"}
SMS = {"kind": "text", "value": "85258", "keyword": "SHOUT"}
WHATSAPP = {"kind": "whatsapp", "value": "+44 7000 000000"}
CHAT = {"kind": "chat", "value": "https://example.org/chat"}
ALWAYS = {"always_open": True}
DAYTIME = {"timezone": "Europe/London", "open": [{"days": ["tue"], "from": "09:00", "to": "17:00"}]}
EVENING = {"timezone": "Europe/London", "open": [{"days": ["tue"], "from": "18:00", "to": "22:00"}]}

LINES = (
    line("phone-only", [PHONE], ALWAYS),
    line("sms-and-phone", [PHONE, CHAT, SMS], DAYTIME),
    line("whatsapp-evening", [WHATSAPP], EVENING),
    line("chat-no-hours", [CHAT], None),
)


def ids(lines: tuple[Resource, ...]) -> list[str]:
    return [line.id for line in lines]


def test_text_means_sms_or_whatsapp_and_lists_that_contact_first() -> None:
    narrowed = narrow(LINES, way="text", open_at=None)
    assert ids(narrowed.lines) == ["sms-and-phone", "whatsapp-evening"]
    assert narrowed.lines[0].contacts[0].kind == "text"
    assert WAYS["text"] == {"text", "whatsapp"} and "tty" in WAYS["call"]


def test_open_now_keeps_open_lines_and_counts_closed_and_unlisted() -> None:
    narrowed = narrow(LINES, way=None, open_at=TUESDAY_NOON_UTC)
    assert ids(narrowed.lines) == ["phone-only", "sms-and-phone"]
    assert (narrowed.closed, narrowed.unlisted) == (1, 1)


def test_way_and_open_now_together() -> None:
    narrowed = narrow(LINES, way="chat", open_at=TUESDAY_NOON_UTC)
    assert ids(narrowed.lines) == ["sms-and-phone"]
    assert narrowed.lines[0].contacts[0].kind == "chat"
    assert (narrowed.closed, narrowed.unlisted) == (0, 1)


def test_no_options_keeps_every_line_unchanged() -> None:
    narrowed = narrow(LINES, way=None, open_at=None)
    assert narrowed.lines == LINES and (narrowed.closed, narrowed.unlisted) == (0, 0)
