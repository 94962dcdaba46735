"""Presses: a repeated press counts once, kept as keyed hashes in bounded memory, never as ids."""

from bot.chat.presses import Presses

MEMBER, MESSAGE = 1_300_000_000_000_000_001, 1_300_000_000_000_000_002


def test_a_press_counts_once_per_member_message_and_button() -> None:
    presses = Presses()
    assert presses.is_first(MEMBER, MESSAGE, "gb-samaritans")
    assert not presses.is_first(MEMBER, MESSAGE, "gb-samaritans")
    assert presses.is_first(MEMBER + 1, MESSAGE, "gb-samaritans")
    assert presses.is_first(MEMBER, MESSAGE + 1, "gb-samaritans")
    assert presses.is_first(MEMBER, MESSAGE, "us-rainn")


def test_presses_keep_no_id_and_each_process_its_own_key() -> None:
    presses = Presses()
    presses.is_first(MEMBER, MESSAGE, "gb-samaritans")
    kept = b"".join(vars(presses)["_seen"])
    for number in (MEMBER, MESSAGE):
        assert str(number).encode() not in kept and number.to_bytes(8, "big") not in kept
    other = Presses()
    other.is_first(MEMBER, MESSAGE, "gb-samaritans")
    assert vars(other)["_seen"].keys() != vars(presses)["_seen"].keys()


def test_memory_stays_bounded_and_the_oldest_press_is_forgotten_first() -> None:
    presses = Presses(kept=3)
    for message in range(4):
        presses.is_first(MEMBER, message, "gb-samaritans")
    assert len(presses) == 3
    assert presses.is_first(MEMBER, 0, "gb-samaritans")  # forgotten, so it counts again
    assert not presses.is_first(MEMBER, 3, "gb-samaritans")
