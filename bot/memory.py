"""The garbage collector's part in latency: what a running bot sets aside, and when it pauses."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

GC_THRESHOLDS = (5_000, 20, 20)
"""Allocations before a young collection, and young (then middle) collections before an older one.

Python's defaults (700, 10, 10) suit short scripts; an interaction allocates thousands of short-
lived objects, so under load they ran a full collection every half second. Measured (issue 13,
problem 11; 10,000 interactions, 50 in flight, bot and fake in one process): defaults 1,369/s,
p99 69 ms, 16 full collections; these 1,419/s, p99 47.5 ms, one.
"""


def settle_memory() -> None:
    """Set what exists once connected aside from the collector, and collect less often.

    Content, index, caches and modules live as long as the process, yet every full collection
    walked them all: 50-140 ms pauses under load, and the p99 latency with them (issue 13,
    problem 11). gc.freeze moves them to the permanent generation, after a collection so that
    no garbage goes with them; reference counting still frees them.
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


@contextmanager
def collector_paused() -> Iterator[None]:
    """No garbage collection while content is loaded and indexed; the collector runs again after.

    Loading and indexing allocate enough to set off full collections, which walk every object in
    the process and hold the interpreter lock while they do. With a running bot's snapshot and
    engine that was a quarter of building 100,000 entries (0.66 of 2.65 s), and a /reload in a
    worker thread stalled the event loop up to 70 ms at a time. Pausing skips them and leaves the
    permanent generation alone: gc.freeze and gc.unfreeze here once undid settle_memory on every
    /reload. A build that finds the collector already off leaves it off.
    """
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()
