import datetime as dt

import pytest
from pydantic import ValidationError

from bot.storage.usage import (
    NEVER_STORED,
    UsageEvent,
    server_key,
    stored_fields,
)

KEY = b"test-key-not-secret"
SERVER_ID = 803204913402593290


def event(**overrides):
    fields = {
        "command": "ask",
        "answer_kind": "resource",
        "entry_id": "rainn-hotline",
        "matched": True,
        "country": "US",
        "locale": "en",
    }
    return UsageEvent(**(fields | overrides))


@pytest.mark.parametrize(
    "overrides",
    [
        {"user_id": 123456789012345678},
        {"question": "my boss touched me"},
        {"command": "ban"},
        {"answer_kind": "text"},
        {"entry_id": "my boss touched me"},
        {"entry_id": "a" * 65},
        {"country": "USA"},
        {"locale": "english please"},
        {"server": str(SERVER_ID)},
        {"day": dt.datetime(2026, 11, 24, 13, 37, tzinfo=dt.UTC)},
    ],
)
def test_usage_event_refuses_identity_and_text(overrides):
    with pytest.raises(ValidationError):
        event(**overrides)


def test_usage_event_keeps_only_the_language_part_of_a_locale():
    assert event(locale="pt-BR").locale == "pt"
    assert event(country="gb").country == "GB"


def test_usage_event_is_frozen():
    with pytest.raises(ValidationError):
        event().command = "help"


def test_every_stored_field_is_described_for_privacy_text():
    fields = dict(stored_fields())
    assert set(fields) == set(UsageEvent.model_fields)
    assert all(len(description) > 10 for description in fields.values())
    assert len(NEVER_STORED) >= 4


def test_server_key_is_a_keyed_hash():
    first = server_key(SERVER_ID, KEY)
    assert len(first) == 32 and int(first, 16) >= 0
    assert first == server_key(SERVER_ID, KEY)
    assert first != server_key(SERVER_ID, b"another key")
    assert str(SERVER_ID) not in first
