"""The shipped content serves member agency: zoned hours, supporter lines and guidance."""

from collections import Counter

import pytest

from bot.content.loader import Snapshot, load_snapshot
from bot.engine.matching import Engine
from bot.engine.supporters import SUPPORTER_TOPIC, supporter_guide
from tests.conftest import SHIPPED_DATA

MAJOR_COUNTRIES = ("US", "GB", "AU", "CA", "NZ", "IE", "FR", "DE")
MIN_SUPPORTER_LINES = 4
"""Lines serving friends and family per major country; the shipped data has 5 to 11 each."""


@pytest.fixture(scope="module")
def shipped() -> Snapshot:
    return load_snapshot(SHIPPED_DATA)


def test_every_line_with_opening_slots_names_its_time_zone(shipped: Snapshot) -> None:
    zoned = [line for line in shipped.resources if line.hours and line.hours.open]
    assert zoned, "no line publishes opening slots"
    assert [line.id for line in zoned if line.hours and line.hours.timezone is None] == []


def test_each_major_country_has_several_lines_for_friends_and_family(shipped: Snapshot) -> None:
    supporters = Counter(
        code
        for line in shipped.resources
        if "friends-family" in line.serves
        for code in line.countries
    )
    assert {
        code: supporters[code] for code in MAJOR_COUNTRIES if supporters[code] < MIN_SUPPORTER_LINES
    } == {}


def test_supporter_guide_covers_what_to_say_listening_and_self_care(shipped: Snapshot) -> None:
    guide = supporter_guide(Engine(shipped), shipped.country_by_code["GB"])
    questions = " ".join(faq.question.casefold() for faq in guide.guidance)
    for subject in ("what do i say", "avoid saying", "listener", "look after myself"):
        assert subject in questions
    assert "GB" in guide.lines[0].countries and all(
        "friends-family" in line.serves for line in guide.lines
    )


@pytest.mark.parametrize(
    "question",
    ["my friend told me she was raped", "how do I support my friend", "what do I say to my friend"],
)
def test_ask_from_a_supporter_leads_to_supporter_guidance(shipped: Snapshot, question: str) -> None:
    answer = Engine(shipped, default_country="US").ask(question)
    assert answer.entry is not None
    assert answer.entry.id == SUPPORTER_TOPIC or SUPPORTER_TOPIC in getattr(
        answer.entry, "topics", ()
    )
