"""Button presses already counted, as keyed hashes in memory, so a press repeated counts once."""

from __future__ import annotations

import hashlib
import hmac
import secrets

PRESSES_KEPT = 100_000
"""Presses remembered at most; the oldest are forgotten first, so memory stays bounded."""
DIGEST_BYTES = 16


class Presses:
    """Whether a press is the first by this member, on this message, of this button.

    A press is kept only as a keyed hash of those ids, never the ids: the key is random for the
    process and never stored or logged, and the hashes live in memory alone, so nothing of who
    pressed survives a restart or reaches the database.
    """

    def __init__(self, kept: int = PRESSES_KEPT) -> None:
        self._key = secrets.token_bytes(32)
        self._seen: dict[bytes, None] = {}  # insertion-ordered, so the oldest goes first
        self._kept = kept

    def __len__(self) -> int:
        return len(self._seen)

    def is_first(self, member: int, message: int, button: str) -> bool:
        """Note the press; True the first time it is seen in this process."""
        pressed = f"{member}:{message}:{button}".encode()
        digest = hmac.digest(self._key, pressed, hashlib.sha256)[:DIGEST_BYTES]
        if digest in self._seen:
            return False
        self._seen[digest] = None
        if len(self._seen) > self._kept:
            del self._seen[next(iter(self._seen))]
        return True
