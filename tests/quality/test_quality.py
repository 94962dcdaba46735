"""Answer quality on the labelled questions stays at or above the targets in docs/quality.md."""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from typing import Any

import pytest

from bot import quality
from bot.content.loader import Snapshot, load_snapshot
from bot.content.models import Synonym
from bot.engine.answers import Outcome
from bot.engine.matching import Engine
from bot.training import REPORT_SETS, TRAINING_SETS
from tests.conftest import SHIPPED_DATA

TOP1_TARGET = 0.9
"""On the old labelled set, which earlier rounds tuned on: a regression floor, not a measure of
quality (docs/quality.md, round 6, explains why its figures overstated quality)."""
TOP3_TARGET = 0.97
CRISIS_RECALL_TARGET = 1.0
FALSE_ALARM_LIMIT = 0.05
OFF_TOPIC_REJECTED_TARGET = 0.95


@pytest.fixture(scope="module")
def shipped() -> Snapshot:
    return load_snapshot(SHIPPED_DATA)


@pytest.fixture(scope="module")
def cases() -> tuple[quality.Case, ...]:
    return quality.load_cases()


@pytest.fixture(scope="module")
def held_out() -> tuple[quality.Case, ...]:
    return quality.load_cases(quality.HELD_OUT_SET)


@pytest.fixture(scope="module")
def rates(shipped: Snapshot, cases: tuple[quality.Case, ...]) -> dict[str, float]:
    rates: dict[str, float] = quality.measure_snapshot(shipped, cases).totals()["rates"]
    return rates


def test_labelled_set_is_large_and_covers_every_category(cases: tuple[quality.Case, ...]) -> None:
    categories = {case.category for case in cases}
    assert len(cases) >= 220
    assert categories >= {
        "direct",
        "typo",
        "slang",
        "indirect",
        "other-language",
        "off-topic",
        "crisis",
        "near-crisis",
        "campaign",
        "friend",
    }


def test_no_labelled_question_copies_an_alias_title_or_crisis_phrase(
    shipped: Snapshot, cases: tuple[quality.Case, ...]
) -> None:
    assert quality.copied_texts(shipped, cases) == []


def test_every_expected_id_names_an_entry(
    shipped: Snapshot, cases: tuple[quality.Case, ...]
) -> None:
    assert quality.unknown_ids(shipped, cases) == []


def test_held_out_set_is_large_copies_nothing_and_names_real_entries(
    shipped: Snapshot, held_out: tuple[quality.Case, ...], cases: tuple[quality.Case, ...]
) -> None:
    assert len(held_out) >= 60
    assert quality.copied_texts(shipped, held_out) == []
    assert quality.unknown_ids(shipped, held_out) == []
    assert not {case.q for case in held_out} & {case.q for case in cases}


def test_a_synonym_lets_an_alias_answer_a_word_it_does_not_contain(shipped: Snapshot) -> None:
    plain = Engine(replace(shipped, synonyms=()), default_country="US")
    taught = Engine(
        replace(shipped, synonyms=(Synonym(words=("sextortion", "plonkety")),)),
        default_country="US",
    )
    assert plain.ask("plonkety").outcome is Outcome.NO_MATCH
    answer = taught.ask("plonkety")
    assert answer.outcome is Outcome.ANSWER
    assert answer.entry is not None and answer.entry.id in {"online-abuse", "faq-sextortion"}


def test_every_crisis_question_is_flagged(rates: dict[str, float]) -> None:
    assert rates["crisis_recall"] >= CRISIS_RECALL_TARGET


def test_calm_questions_rarely_raise_a_false_alarm(rates: dict[str, float]) -> None:
    assert rates["false_alarms"] <= FALSE_ALARM_LIMIT


def test_off_topic_questions_get_no_confident_answer(rates: dict[str, float]) -> None:
    assert rates["off_topic_rejected"] >= OFF_TOPIC_REJECTED_TARGET


def test_confident_answer_is_right_for_most_questions(rates: dict[str, float]) -> None:
    assert rates["top1"] >= TOP1_TARGET


def test_right_entry_is_among_the_first_three_offered(rates: dict[str, float]) -> None:
    assert rates["top3"] >= TOP3_TARGET


def test_report_names_each_miss_with_what_was_expected_and_given(shipped: Snapshot) -> None:
    case = quality.Case(
        q="how do i bake bread", category="off-topic", expect=("sexual-assault",), crisis=True
    )
    report = quality.measure_snapshot(shipped, [case])
    assert report.misses() == [
        {
            "category": "off-topic",
            "q": "how do i bake bread",
            "locale": "",
            "problems": ["crisis missed", "not top-1"],
            "expected": ["sexual-assault"],
            "got": [],
            "confident": False,
        }
    ]
    assert "how do i bake bread" in quality.format_report(report)


SMALL_SETS = (
    "blind_p",
    "blind_q",
    "blind_r",
    "blind_s",
    "blind_x",
    "blind_y",
    "blind_z4",
    "blind_z5",
    "blind_z6",
    "blind_z7",
    "blind_s11a",
    "blind_s11b",
    "blind_s11c",
    "blind_s11d",
)
"""Sets smaller than the others, about 200-300 cases each: P and R two languages, S, X, Y, Z4 to
Z7 and S11A to S11C four, Q English (issue 17's per-language figures beside issue 14's), and S11D
everyday chat, calm and off topic by construction."""
WRITTEN_BLIND = tuple(name for name in (*TRAINING_SETS, *REPORT_SETS) if name.startswith("blind_"))
"""Every set written blind and labelled by someone else: those read or trained on since they were
measured (docs/quality.md says when), and the report sets."""
BLIND_SETS = tuple(name for name in WRITTEN_BLIND if name not in SMALL_SETS)
"""The full-size ones."""
TUNING_SET = "tune_a"
"""Written blind like the others, then read miss by miss: figures on it guard against regressions
and say nothing of quality."""


@cache
def engine() -> Engine:
    """One engine over the shipped content for every set, built as quality reports build it."""
    return Engine(load_snapshot(SHIPPED_DATA), default_country=quality.DEFAULT_COUNTRY)


@cache
def totals(name: str) -> dict[str, Any]:
    """A set's figures, measured once however many tests read them."""
    figures: dict[str, Any] = quality.measure(engine(), blind(name)).totals()
    return figures


def blind(name: str) -> tuple[quality.Case, ...]:
    return quality.load_cases(quality.LABELLED_SET.with_name(f"{name}.toml"))


@pytest.mark.parametrize("name", [*BLIND_SETS, TUNING_SET])
def test_blind_sets_are_large_name_real_entries_and_cover_every_crisis_kind(
    shipped: Snapshot, name: str
) -> None:
    cases = blind(name)
    # 350 or more as written (L6: 402, L7: 754, M: 363, N: 710, O: 714); H, L4, I, L5, L6, L7,
    # M, N and O left out 33, 14, 30, 19, 24, 33, 29, 54 and 61 equal to a training case.
    assert len(cases) >= 320
    assert quality.unknown_ids(shipped, cases) == []
    kinds = {case.crisis_kind for case in cases if case.crisis}
    assert kinds == {"suicide", "danger", "child", "medical"}
    assert sum(not case.crisis for case in cases) >= 200


ENGLISH_ONLY_SETS = ("blind_i", "blind_m", "blind_q")
"""Sets from blind_i on written in English alone: no answer of theirs is in another language."""
EVERYDAY_SETS = ("blind_s11d",)
"""Calm, off-topic chat alone: no crisis to show a number for, no answer to translate."""


@pytest.mark.parametrize(
    "name",
    [
        "blind_lang",
        "blind_l2",
        "blind_l3",
        "blind_l4",
        *(
            name
            for name in WRITTEN_BLIND[WRITTEN_BLIND.index("blind_i") :]
            if name not in (*ENGLISH_ONLY_SETS, *EVERYDAY_SETS)
        ),
    ],
)
def test_members_writing_in_another_language_read_the_answer_in_it(name: str) -> None:
    figures = totals(name)
    assert figures["localised"] > 0 and figures["in_language"] / figures["localised"] >= 0.95


@pytest.mark.parametrize(
    "name", [*BLIND_SETS, *(name for name in SMALL_SETS if name not in EVERYDAY_SETS), TUNING_SET]
)
def test_every_crisis_answer_shows_the_emergency_number_on_its_first_screen(name: str) -> None:
    figures = totals(name)
    assert figures["number_first"] == figures["crisis_flagged"] > 0


def test_tuning_set_figures_do_not_fall() -> None:
    rates = totals(TUNING_SET)["rates"]
    assert rates["crisis_recall"] >= 0.93
    assert rates["false_alarms"] <= 0.02
    assert rates["top1"] >= 0.63
    assert rates["nothing_useful"] <= 0.12
    assert rates["off_topic_rejected"] >= 0.95
