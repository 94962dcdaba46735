"""Languages: content translations beside the English, the bot's own words, and their coverage."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pydantic import ValidationError

from bot import language
from bot.console import ask
from bot.content.loader import load_snapshot
from bot.content.localised import TRANSLATED, language_for_locale
from bot.content.models import Resource, Story, Topic
from bot.coverage import coverage
from bot.engine.matching import Engine
from bot.language import _, catalogue, speaking
from bot.phrases import bot_phrases
from bot.settings import PROJECT_ROOT
from bot.wording import CRISIS_LEADS, DANGER_LINE

SHIPPED = load_snapshot(PROJECT_ROOT / "data")

LINE = {
    "id": "xx-line",
    "organisation": "Org",
    "service": "Line",
    "summary": {"en": "Free help for anyone.", "fr": "Aide gratuite pour tous."},
    "topics": ["sexual-assault"],
    "countries": ["FR"],
    "contacts": [{"kind": "phone", "value": "3919"}],
    "serves": ["anyone"],
    "serves_note": "Anyone at all",
    "url": "https://example.org",
    "source_url": "https://example.org/about",
    "verified_on": "2026-12-01",
}


def test_a_field_with_no_translation_stays_english_alone() -> None:
    line = Resource.model_validate(LINE)
    french = line.in_language("fr")
    assert line.summary == "Free help for anyone."  # everything reading English is unchanged
    assert french.summary == "Aide gratuite pour tous."
    assert french.serves_note == "Anyone at all"  # no French given: English, for this field only
    assert line.in_language("de").summary == "Free help for anyone."
    assert french.contacts[0].value == "3919"  # numbers are data, shared by every language


@pytest.mark.parametrize(
    ("summary", "problem"),
    [
        ({"fr": "Aide"}, "give the English text as `en`"),
        ({"en": "Help", "xx": "Aide"}, "unknown language xx"),
        ({"en": "Help", "fr": ""}, "the fr text"),
        ({"en": "Help", "fr": "x" * 501}, "the fr text"),
    ],
)
def test_translations_are_validated_like_the_english(summary: object, problem: str) -> None:
    with pytest.raises(ValidationError, match=problem):
        Resource.model_validate({**LINE, "summary": summary})


def test_a_quote_keeps_the_speakers_words_with_a_translation_beside_them() -> None:
    story = SHIPPED.stories[0]
    quoted = next((s for s in SHIPPED.stories if s.quote), story)
    assert isinstance(quoted, Story) and quoted.quote
    french = quoted.in_language("fr")
    assert french.quote is not None and french.quote.startswith(quoted.quote)


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("fr", "fr"),
        ("pt-BR", "pt"),
        ("es-419", "es"),
        ("es-ES", "es"),
        ("hi", "hi"),
        ("en-GB", "en"),
        ("ja", "en"),
        (None, "en"),
    ],
)
def test_the_discord_locale_picks_the_language(locale: str | None, expected: str) -> None:
    assert language_for_locale(locale) == expected


def test_every_first_tier_field_and_every_message_has_all_six_translations() -> None:
    counted = coverage(SHIPPED)
    assert set(counted) == set(TRANSLATED)
    for code, tally in counted.items():
        assert tally.first_tier.missing == [], code
        assert tally.messages.missing == [], code
        assert tally.second_tier.percent >= 90, code


def test_catalogues_hold_only_sentences_the_bot_writes() -> None:
    phrases = set(bot_phrases())
    for code in TRANSLATED:
        assert set(catalogue(code)) <= phrases, code


def test_a_translation_that_changes_its_placeholders_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "fr.toml").write_text(
        '"In danger right now? Call {number}." = "En danger ? Appelez le {numero}."\n'
        '"Open 24/7" = "Ouvert 24 h/24"\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(language, "LOCALES_DIR", tmp_path)
    catalogue.cache_clear()
    try:
        with speaking("fr"):
            assert _("Open 24/7") == "Ouvert 24 h/24"
            assert _(DANGER_LINE) == DANGER_LINE  # English rather than a broken reply
    finally:
        catalogue.cache_clear()


def test_topic_names_are_found_in_every_language() -> None:
    engine = Engine(SHIPPED)
    for topic in SHIPPED.topics:
        for code, name in topic.translated_titles.items():
            found = engine.find_topic(name)
            assert isinstance(found, Topic) and found.id == topic.id, (code, name)


def test_the_console_answers_in_the_language_of_its_locale() -> None:
    engine, out = Engine(SHIPPED), io.StringIO()
    ask(engine, "i want to die", "fr", as_json=False, out=out, record=lambda *_: None)
    with speaking("fr"):
        lead = _(CRISIS_LEADS["suicide"])
    assert lead != CRISIS_LEADS["suicide"]
    assert lead in out.getvalue() and "3114" in out.getvalue()


@pytest.mark.parametrize(
    ("question", "locale", "country"),
    [
        # Short words of other languages are not countries: Tagalog "ng", Hindi "ke".
        ("tinatakot ako ng ex ko, saan pwede mag report", "en-GB", "PH"),
        ("where is the nearest helpline", "en-GB", "GB"),
        ("mere ghar ke paas koi helpline hai kya", "en-GB", "IN"),
        ("mere ghar ke paas koi helpline hai kya", "hi", "IN"),
        ("main uk me rehti hu, mere ghar ke paas koi helpline hai kya", "en-GB", "GB"),
        # Discord has no Tagalog locale: Tagalog from an English locale, or none, means the
        # Philippines; a locale that names a country keeps it, and so does a named country.
        ("sinasaktan ako ng asawa ko, saan ako pwede tumawag", "en-US", "PH"),
        ("sinasaktan ako ng asawa ko, saan ako pwede tumawag", None, "PH"),
        ("sinasaktan ako ng asawa ko, saan ako pwede tumawag", "fr", "FR"),
        ("nandito ako sa uk, sinasaktan ako ng asawa ko", "en-US", "GB"),
        ("my husband hurts me, who can i call", "en-US", "US"),
    ],
)
def test_the_country_is_the_one_the_words_or_locale_point_to(
    question: str, locale: str | None, country: str
) -> None:
    answer = Engine(SHIPPED, default_country="US").ask(question, locale=locale)
    assert answer.country is not None and answer.country.code == country
