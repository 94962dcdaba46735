"""Engine speed at growing content sizes, next to difflib and a naive rapidfuzz scan."""

from __future__ import annotations

import datetime as dt
import difflib
import json
import random
import statistics
import time
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from types import MappingProxyType
from typing import Any

from rapidfuzz import fuzz, process

from bot.content.loader import Entry, Snapshot, load_snapshot
from bot.content.models import Contact, FaqEntry, Resource
from bot.engine.matching import Engine

DATA = Path(__file__).resolve().parent.parent.parent / "data"
SIZES = (100, 1_000, 10_000, 100_000)
QUICK_SIZES = (100, 1_000)
QUERIES = 300
"""Questions timed per size; p99 of 300 is the third slowest."""
BASELINE_QUERIES = {100: 100, 1_000: 50, 10_000: 10, 100_000: 3}
"""difflib needs seconds per question at 100,000 strings, so the baselines time fewer."""
SEED = 2017


def run(quick: bool = False) -> list[dict[str, Any]]:
    """Time questions and keystrokes at each size; one row per benchmark and size."""
    real = load_snapshot(DATA)
    rows: list[dict[str, Any]] = []
    for size in QUICK_SIZES if quick else SIZES:
        rng = random.Random(SEED + size)
        words = _vocabulary(real, rng)
        snapshot = _synthetic(real, size, words, rng)
        started = time.perf_counter()
        engine = Engine(snapshot, default_country="US")
        build_ms = (time.perf_counter() - started) * 1000
        started = time.perf_counter()
        engine.warm()
        warm_ms = (time.perf_counter() - started) * 1000
        names = [
            text for entry in snapshot.by_id.values() for text in (entry.title, *entry.aliases)
        ]
        questions = _questions(snapshot, words, rng, QUERIES // (4 if quick else 1))
        engine_times = _time(engine.ask, questions)
        sample = questions[: BASELINE_QUERIES[size] // (4 if quick else 1) or 1]
        difflib_times = _time(
            partial(difflib.get_close_matches, possibilities=names, n=5, cutoff=0.6), sample
        )
        naive_times = _time(
            partial(
                process.extract, choices=names, scorer=fuzz.WRatio, processor=str.lower, limit=5
            ),
            sample,
        )
        p50 = _percentile(engine_times, 50)
        rows.append(
            {
                "benchmark": "engine query",
                "entries": len(snapshot.by_id),
                "p50_ms": p50,
                "p99_ms": _percentile(engine_times, 99),
                "baseline_difflib_p50_ms": _percentile(difflib_times, 50),
                "ratio_vs_difflib": round(_percentile(difflib_times, 50) / p50, 1),
                "baseline_rapidfuzz_p50_ms": _percentile(naive_times, 50),
                "ratio_vs_rapidfuzz": round(_percentile(naive_times, 50) / p50, 1),
                "build_ms": round(build_ms, 1),
                "warm_ms": round(warm_ms, 1),
            }
        )
        keystrokes = [
            question[:end] for question in questions[:40] for end in range(1, len(question) + 1)
        ]
        typing_times = _time(engine.suggest, keystrokes)
        rows.append(
            {
                "benchmark": "autocomplete keystroke",
                "entries": len(snapshot.by_id),
                "p50_ms": _percentile(typing_times, 50),
                "p99_ms": _percentile(typing_times, 99),
            }
        )
    return rows


def _time(call: Callable[[str], object], inputs: Sequence[str]) -> list[float]:
    times = []
    for item in inputs:
        started = time.perf_counter()
        call(item)
        times.append((time.perf_counter() - started) * 1000)
    return times


def _percentile(times: Sequence[float], percent: int) -> float:
    if len(times) == 1:
        return round(times[0], 3)
    return round(statistics.quantiles(times, n=100, method="inclusive")[percent - 1], 3)


def _vocabulary(real: Snapshot, rng: random.Random) -> list[str]:
    """Words from the real content plus made-up ones, so large sets are not one text repeated."""
    found = {
        word.casefold().strip(".,?!()\"'")
        for entry in real.by_id.values()
        for word in entry.title.split()
    }
    for entry in real.by_id.values():
        found.update(alias.casefold() for alias in entry.aliases if " " not in alias)
    syllables = "ka lo mi ren sa tu vel dor an is pe ro qua zin fe la mo tri ub er".split()
    made_up = {"".join(rng.choices(syllables, k=rng.randint(2, 4))) for _ in range(5_000)}
    return sorted(word for word in found | made_up if word.isalpha())


def _synthetic(real: Snapshot, size: int, words: list[str], rng: random.Random) -> Snapshot:
    """`size` generated lines and FAQ entries (half each) beside the real topics and countries."""
    topics = tuple(topic.id for topic in real.topics)
    countries = tuple(country.code for country in real.countries)

    def phrase(low: int, high: int) -> str:
        return " ".join(rng.choices(words, k=rng.randint(low, high)))

    resources: list[Resource] = []
    faq: list[FaqEntry] = []
    for number in range(size):
        if number % 2:
            faq.append(
                FaqEntry(
                    id=f"faq-synthetic-{number}",
                    question=phrase(5, 10).capitalize() + "?",
                    answer=phrase(30, 60),
                    aliases=tuple(phrase(2, 5) for _ in range(3)),
                    topics=(rng.choice(topics),),
                    source_url="https://example.org/faq",
                    source_name="Example",
                )
            )
        else:
            resources.append(
                Resource(
                    id=f"line-synthetic-{number}",
                    organisation=phrase(1, 3).title(),
                    service=phrase(2, 4).title(),
                    summary=phrase(20, 40),
                    topics=(rng.choice(topics),),
                    countries=(rng.choice(countries),),
                    contacts=(Contact(kind="phone", value=f"0800 {number:06d}"),),
                    serves=("anyone",),
                    url="https://example.org",
                    source_url="https://example.org/source",
                    verified_on=dt.date(2026, 11, 24),
                    aliases=tuple(phrase(1, 4) for _ in range(3)),
                )
            )
    entries: list[Entry] = [*resources, *real.topics, *faq]
    by_id = {entry.id: entry for entry in entries}
    return Snapshot(
        countries=real.countries,
        topics=real.topics,
        phrases=real.phrases,
        resources=tuple(resources),
        facts=(),
        events=(),
        stories=(),
        faq=tuple(faq),
        version=f"synthetic-{size}",
        by_id=MappingProxyType(by_id),
        country_by_code=real.country_by_code,
    )


def _questions(snapshot: Snapshot, words: list[str], rng: random.Random, count: int) -> list[str]:
    """Aliases as members mangle them (typos, extra words, missing words), and off-topic noise."""
    entries = list(snapshot.by_id.values())
    questions = []
    for number in range(count):
        if number % 5 == 4:
            questions.append(" ".join(rng.choices(words, k=rng.randint(2, 7))))
            continue
        entry = rng.choice(entries)
        chosen = rng.choice((entry.title, *entry.aliases)).casefold().split()
        if number % 3 == 0 and chosen:
            target = rng.randrange(len(chosen))
            word = chosen[target]
            if len(word) > 3:
                cut = rng.randrange(1, len(word) - 1)
                chosen[target] = word[:cut] + word[cut + 1 :]
        if number % 3 == 1:
            chosen = ["how", "do", "i", "find", *chosen, "please"]
        questions.append(" ".join(chosen))
    return questions


if __name__ == "__main__":
    for row in run():
        print(json.dumps(row))
