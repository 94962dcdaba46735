"""The shipped content keeps the breadth the project promises; a shrinking data/ fails here."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.content.loader import Snapshot, load_snapshot
from bot.content.models import INTERNATIONAL, Topic
from bot.lint import lint
from tests.conftest import SHIPPED_DATA

REQUIRED_TOPICS = (
    "sexual-assault",
    "domestic-violence",
    "suicide-and-crisis",
    "child-abuse",
    "lgbtq",
    "men-and-boys",
    "workplace-harassment",
    "online-abuse",
    "legal-help",
)


@pytest.fixture(scope="module")
def shipped() -> Snapshot:
    return load_snapshot(SHIPPED_DATA)


def test_at_least_45_lines_across_15_countries_and_international(shipped: Snapshot) -> None:
    countries = {code for line in shipped.resources for code in line.countries}
    assert len(shipped.resources) >= 45
    assert INTERNATIONAL in countries
    assert len(countries - {INTERNATIONAL}) >= 15


@pytest.mark.parametrize("topic", REQUIRED_TOPICS)
def test_required_topic_exists_and_has_lines(shipped: Snapshot, topic: str) -> None:
    assert isinstance(shipped.by_id.get(topic), Topic)
    assert shipped.resources_for(topic, None)


def test_every_line_names_its_source_and_when_it_was_checked(shipped: Snapshot) -> None:
    unsourced = [
        line.id for line in shipped.resources if not (line.source_url and line.verified_on)
    ]
    assert unsourced == []


def test_every_country_with_lines_has_emergency_numbers(shipped: Snapshot) -> None:
    served = {code for line in shipped.resources for code in line.countries} - {INTERNATIONAL}
    missing = sorted(
        code for code in served if not getattr(shipped.country_by_code.get(code), "emergency", ())
    )
    assert missing == []


def test_campaign_content_meets_its_minimums(shipped: Snapshot) -> None:
    counts = shipped.counts()
    assert counts["facts"] >= 30
    assert counts["events"] >= 12
    assert counts["stories"] >= 8
    assert counts["faq"] >= 40


def test_crisis_phrases_cover_several_languages(shipped: Snapshot) -> None:
    languages = {phrase.language.split("-")[0] for phrase in shipped.phrases}
    assert {"en", "fr", "es", "de"} <= languages


def test_every_faq_leads_to_support(shipped: Snapshot) -> None:
    findings = lint(shipped, today=dt.date.today(), stale_after_days=1_000_000)
    assert [f.ids for f in findings if f.kind == "faq-without-support"] == []
