"""Autocomplete narrows as a member types and forgives typos."""

from __future__ import annotations

from bot.chat.choices import CHOICES_LIMIT, narrowed

TOPICS = [
    ("Sexual assault and rape", "sexual-assault"),
    ("Domestic and relationship abuse", "domestic-violence"),
    ("Harassment at work", "workplace-harassment"),
    ("Online and image-based abuse", "online-abuse"),
]


def test_nothing_typed_keeps_the_given_order() -> None:
    assert [c.value for c in narrowed(TOPICS, "")] == [value for _, value in TOPICS]


def test_typing_narrows_to_what_starts_with_it() -> None:
    assert [c.value for c in narrowed(TOPICS, "dom")] == ["domestic-violence"]


def test_a_word_inside_a_label_counts_after_labels_that_start_with_it() -> None:
    assert [c.value for c in narrowed(TOPICS, "abuse")][:2] == [
        "domestic-violence",
        "online-abuse",
    ]


def test_typos_are_forgiven() -> None:
    assert narrowed(TOPICS, "domestik")[0].value == "domestic-violence"
    assert narrowed(TOPICS, "harasment")[0].value == "workplace-harassment"


def test_never_more_than_discord_shows() -> None:
    many = [(f"Topic {n}", f"topic-{n}") for n in range(60)]
    assert len(narrowed(many, "topic")) == CHOICES_LIMIT
