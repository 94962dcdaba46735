"""The unmatched-question log keeps known words only: no names, streets, numbers or handles."""

from __future__ import annotations

import random
import sqlite3
import threading
from pathlib import Path

import pytest
from faker import Faker
from hypothesis import given
from hypothesis import strategies as st

from bot.chat.services import open_services
from bot.engine.redact import MAX_REDACTED_CHARS
from bot.engine.text import normalise
from bot.services import ContentHolder
from bot.settings import Settings
from tests.conftest import FIXTURE_DATA, SHIPPED_DATA
from tests.fakes import GUILD_ID, FakeInteraction

TEMPLATES = (
    "my name is {first} {last} and my uncle {first2} {last2} abused me at {street}",
    "{first} {last} raped me what do i do",
    "my stepdad {first} touches me, he lives at {address}",
    "i live at {address} and need help",
    "call me on {phone}",
    "my insta is @{user} please message me",
    "email me at {email} if you can help",
    "he posted it on {url} what can i do",
    "my ex {first} keeps messaging me, he is <@{snowflake}>",
    "mr {last} my teacher touched me",
    "my coach is called {first} {last}",
    "i was {age} when {first} hurt me",
    "she lives on {street} with him",
    "my discord is {user}#{digits} add me",
    "my number is {phone} text me",
    "{first} {last} from {street} is stalking me",
    "im {first} and im {age}, my cousin {first2} {last2} forced me",
    "report {first} {last} of flat {digits}, {address}",
    "what happens if i report {first} {last} to the police",
    "my name is jane doe and my uncle john smith abused me at oak street",
)
"""Twenty shapes of question, each asked ten times with new people, places and numbers."""


def planted_questions(count: int) -> list[tuple[str, set[str]]]:
    """Questions with identifying details planted, each with the words those details are made of."""
    fake = Faker(["en_US", "en_GB"])
    fake.seed_instance(13)
    chooser = random.Random(13)
    questions = []
    for number in range(count):
        values = {
            "first": fake.first_name(),
            "last": fake.last_name(),
            "first2": fake.first_name(),
            "last2": fake.last_name(),
            "street": fake.street_name(),
            "address": fake.street_address(),
            "phone": fake.phone_number(),
            "user": fake.user_name(),
            "email": fake.email(),
            "url": fake.url(),
            "snowflake": str(chooser.randrange(10**17, 10**19)),
            "age": str(chooser.randrange(8, 60)),
            "digits": str(chooser.randrange(1, 9999)),
        }
        template = TEMPLATES[number % len(TEMPLATES)]
        planted = {word for value in values.values() for word in normalise(value).split()}
        planted |= {"jane", "doe", "john", "smith", "oak"} if "jane doe" in template else set()
        questions.append((template.format(**values), planted - set(normalise(template).split())))
    return questions


@pytest.mark.parametrize("data_dir", [FIXTURE_DATA, SHIPPED_DATA])
async def test_planted_names_streets_numbers_and_handles_are_never_stored(
    tmp_path: Path, data_dir: Path
) -> None:
    database = tmp_path / "signpost.db"
    settings = Settings(
        _env_file=None,
        data_dir=data_dir,
        database_url=str(database),
        usage_hash_key="test-key-0123456789",
    )
    services = await open_services(settings)
    assert services.servers is not None
    await services.servers.set(GUILD_ID, "unmatched_logging", True)
    no_match = services.content.engine.ask("qwxzv plmkj")
    questions = planted_questions(200)
    for question, _ in questions:
        services.record(no_match, "ask", FakeInteraction(), question=question)  # type: ignore[arg-type]
    await services.close()
    with sqlite3.connect(database) as raw:
        stored = [row[0] for row in raw.execute("SELECT text FROM unmatched_questions")]
    assert len(stored) == len(questions)  # every question kept something
    # Redaction runs in worker threads, so rows arrive in any order: check each row against
    # every planted word that no template uses.
    planted = set().union(*(words for _, words in questions))
    planted -= {word for template in TEMPLATES for word in normalise(template).split()}
    leaks = [
        (text, sorted(planted & set(text.split())))
        for text in stored
        if planted & set(text.split()) or any(character.isdigit() for character in text)
    ]
    assert leaks == []


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        (
            "my name is jane doe and my uncle john smith abused me at oak street",
            "my name is and my uncle abused me at",
        ),
        ("Call me on +44 7700 900123!", "call me on"),
        ("mail ME at jane.doe@example.com please", "mail me at please"),
        ("see https://example.com/x?y=1 or www.example.org", "or"),
        ("join discord.gg/abc123 now", "now"),
        ("<@123456789012345678> and <@!1> in <#987654321098765432> for <@&55>", "and in for"),
        ("ask @jane about it", "about it"),
        ("  where   CAN I\tget\n help?? ", "where can i get help"),
        ("I'm 16 years old", "im"),
        (
            "how do i get a restraining order against my ex",
            "how do i get a restraining order against my ex",
        ),
        ("\uff2a\uff4f\uff48\uff4e \uff48\uff55\uff52\uff54 me", "me"),
    ],
)
def test_redact_keeps_only_known_words(question: str, expected: str) -> None:
    assert _shipped().redact(question) == expected


@given(st.text())
def test_redacted_text_is_capped_digit_free_and_stable(text: str) -> None:
    holder = _shipped()
    once = holder.redact(text)
    assert len(once) <= MAX_REDACTED_CHARS
    assert not any(character.isdigit() for character in once)
    assert holder.redact(once) == once


_HOLDER: list[ContentHolder] = []


def _shipped() -> ContentHolder:
    if not _HOLDER:
        _HOLDER.append(ContentHolder(SHIPPED_DATA, default_country=None))
    return _HOLDER[0]


async def test_redaction_runs_in_a_worker_thread_not_on_the_event_loop(tmp_path: Path) -> None:
    settings = Settings(
        _env_file=None,
        data_dir=FIXTURE_DATA,
        database_url=str(tmp_path / "signpost.db"),
        usage_hash_key="k" * 20,
    )
    services = await open_services(settings)
    assert services.servers is not None
    await services.servers.set(GUILD_ID, "unmatched_logging", True)
    threads: list[str] = []
    redact = services.content.redact
    services.content.redact = lambda question: (
        threads.append(  # type: ignore[method-assign]
            threading.current_thread().name
        )
        or redact(question)
    )
    no_match = services.content.engine.ask("qwxzv plmkj")
    services.record(no_match, "ask", FakeInteraction(), question="where can i get help")  # type: ignore[arg-type]
    await services.close()
    assert threads and threading.main_thread().name not in threads
