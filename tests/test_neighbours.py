"""The training questions most like a message (bot/engine/neighbours.py)."""

from __future__ import annotations

from bot.engine.learned import shipped_reader
from bot.engine.neighbours import BITS, NeighbourIndex, gram_hashes

QUESTIONS = (
    "my boyfriend checks my phone and takes my bank card",
    "where do i report my boss for touching me at work",
    "is it still rape if we were dating",
    "what was the metoo campaign about",
)


def test_a_question_asked_again_is_its_own_nearest_with_full_likeness() -> None:
    index = NeighbourIndex.build(QUESTIONS)
    for position, question in enumerate(QUESTIONS):
        nearest, likeness = index.nearest(question, 1)[0]
        assert nearest == position
        assert abs(likeness - 1.0) < 1e-6  # norms are single-precision


def test_clauses_moved_about_still_find_the_question_and_read_alike() -> None:
    """Shared grams count wherever they stand, so a reordered question stays close."""
    reordered = "touching me at work, my boss. report where?"
    found = NeighbourIndex.build(QUESTIONS).nearest(reordered, 2)
    assert found[0][0] == 1
    assert found[0][1] > 0.6 > 0.1 > found[1][1]


def test_likeness_orders_the_neighbours_and_stops_at_the_limit() -> None:
    found = NeighbourIndex.build(QUESTIONS).nearest("my boyfriend took my phone at work", 3)
    assert len(found) == 3
    assert found[0][0] == 0
    likeness = [score for _, score in found]
    assert likeness == sorted(likeness, reverse=True)


def test_grams_never_span_two_texts() -> None:
    together = gram_hashes(["ab", "cd"])
    apart = [gram_hashes([text])[1] for text in ("ab", "cd")]
    assert sorted(together[1][together[0] == 0]) == sorted(apart[0])
    assert sorted(together[1][together[0] == 1]) == sorted(apart[1])


def test_nothing_to_compare_gives_no_neighbours() -> None:
    assert NeighbourIndex.build(()).nearest("anything at all", 5) == []
    assert NeighbourIndex.build(QUESTIONS).nearest("", 5) == []
    assert NeighbourIndex.build(QUESTIONS).nearest("zzz qqq", 5) == []


def test_the_shipped_reader_carries_its_index_as_training_built_it() -> None:
    """No process builds the index: it ships in learned.bin, equal to one built afresh."""
    examples = shipped_reader().examples
    assert examples.index is not None
    built = NeighbourIndex.build(examples.texts)
    for question in ("where can i get help after a sexual assault", "mein chef fasst mich an"):
        assert examples.index.nearest(question, 10) == built.nearest(question, 10)


def test_an_index_reads_back_from_among_other_bytes() -> None:
    index = NeighbourIndex.build(QUESTIONS)
    written = b"header" + index.as_bytes() + b"after"
    read, end = NeighbourIndex.from_buffer(index.described(), written, len(b"header"))
    assert read is not None and written[end:] == b"after"
    assert read.nearest(QUESTIONS[2], 2) == index.nearest(QUESTIONS[2], 2)


def test_an_index_written_with_other_buckets_is_skipped_whole() -> None:
    """A file from before a change of BITS still reads: its index is built afresh instead."""
    other = {"bits": BITS + 1, "postings": 0, "texts": 0, "dtype": "<u2"}
    written = b"header" + bytes(4 * ((1 << (BITS + 1)) + 1)) + b"after"
    read, end = NeighbourIndex.from_buffer(other, written, len(b"header"))
    assert read is None and written[end:] == b"after"


def test_grams_nearly_every_question_holds_do_not_make_neighbours() -> None:
    """Like stop words: sharing "please help me with" says nothing of what a question asks."""
    animals = ("zebra", "lynx", "falcon", "badger", "heron", "walrus", "marmot", "ibis")
    index = NeighbourIndex.build([f"please help me with the {animal}" for animal in animals])
    found = index.nearest("please help me with the badger", 5)
    assert [position for position, _ in found] == [animals.index("badger")]


def test_a_message_of_common_grams_alone_still_finds_its_neighbours() -> None:
    index = NeighbourIndex.build(["help me", "help us", "please help"])
    assert len(index.nearest("help", 3)) == 3
