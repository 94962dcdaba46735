"""Content warnings that are not errors: stale checks, gaps, entries competing for a question."""

from __future__ import annotations

import datetime as dt
import logging
import textwrap
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Literal

from rapidfuzz import fuzz, process

from bot.content.loader import Entry, Snapshot
from bot.content.models import INTERNATIONAL, Resource, Topic
from bot.engine.matching import ANSWER_MARGIN
from bot.engine.text import normalise

log = logging.getLogger(__name__)

AMBIGUOUS_SCORE = 100.0 - ANSWER_MARGIN
"""Two names scoring above this against each other cannot both be answered outright: a member
typing one of them exactly scores 100 on it and more than this on the other, a lead smaller than
the engine's ANSWER_MARGIN, so they get suggestions instead of an answer."""

_SCORER = fuzz.WRatio
"""The scorer the engine ranks names with; keep the two the same, or lint measures a different
engine from the one members talk to."""

Level = Literal["warning", "info"]


@dataclass(frozen=True)
class Kind:
    """One sort of finding, with the words an editor reads above its list."""

    level: Level
    heading: str
    advice: str


KINDS: Mapping[str, Kind] = MappingProxyType(
    {
        "stale": Kind(
            "warning",
            "Not checked recently",
            "Check each detail on the organisation's own page, then update verified_on.",
        ),
        "no-emergency-numbers": Kind(
            "warning",
            "Countries with support lines but no emergency numbers",
            "Add the country to data/countries.toml with its emergency numbers.",
        ),
        "ambiguous": Kind(
            "warning",
            "Entries competing for the same question",
            "A member typing one of these names gets a choice instead of an answer. "
            "Make the titles or aliases more distinct, or keep the name on one entry only.",
        ),
        "faq-without-support": Kind(
            "warning",
            "FAQ answers that point to no support",
            "Add a resource or topic id to related, or a topic to topics.",
        ),
        "story-without-warnings": Kind(
            "warning",
            "Stories without content warnings",
            "Add content_warnings so members can decide before reading, unless truly none apply.",
        ),
        "crisis-line-not-24-7": Kind(
            "warning",
            "Crisis lines that are not open 24/7",
            "Crisis replies show only round-the-clock lines; set always_open if the line is "
            "24/7, or is_crisis_line = false if it is not.",
        ),
        "no-hours": Kind(
            "info",
            "Resources without opening hours",
            'Members see "hours not listed". Add [resources.hours] once the hours are confirmed.',
        ),
    }
)
"""Every finding kind, in the order reports list them."""


@dataclass(frozen=True)
class Finding:
    """One thing an editor may want to fix; `ids` name the entries (or countries) involved."""

    kind: str
    ids: tuple[str, ...]
    message: str
    score: float | None = None

    @property
    def level(self) -> Level:
        """Warnings deserve a look; info is worth knowing."""
        return KINDS[self.kind].level


def lint(snapshot: Snapshot, *, today: dt.date, stale_after_days: int) -> tuple[Finding, ...]:
    """Everything worth an editor's attention in a Snapshot that already passed validation."""
    findings = [
        *_stale(snapshot, today, stale_after_days),
        *_without_emergency_numbers(snapshot),
        *ambiguous_pairs(snapshot.by_id.values()),
        *_faq_without_support(snapshot),
        *(
            Finding("story-without-warnings", (story.id,), "no content_warnings")
            for story in snapshot.stories
            if not story.content_warnings
        ),
        *(
            Finding("crisis-line-not-24-7", (line.id,), "is_crisis_line = true, but not open 24/7")
            for line in snapshot.resources
            if line.is_crisis_line and not line.is_always_open
        ),
        *(
            Finding("no-hours", (line.id,), "no [resources.hours]")
            for line in snapshot.resources
            if line.hours is None
        ),
    ]
    order = list(KINDS)
    findings.sort(key=lambda f: (order.index(f.kind), -(f.score or 0.0), f.ids))
    log.debug("lint: %d finding(s)", len(findings))
    return tuple(findings)


def ambiguous_pairs(entries: Iterable[Entry]) -> list[Finding]:
    """Pairs of entries whose titles or aliases score above AMBIGUOUS_SCORE against each other.

    Scored as the engine scores a question (normalised text, the engine's scorer), best pair
    of names per pair of entries. Lines serving different countries are left out: the engine
    ranks the member's own country first, by more than ANSWER_MARGIN.
    """
    entries = list(entries)
    names: list[str] = []
    owners: list[int] = []
    for position, entry in enumerate(entries):
        for name in {normalise(text) for text in (entry.title, *entry.aliases)} - {""}:
            names.append(name)
            owners.append(position)
    best: dict[tuple[int, int], tuple[float, str, str]] = {}
    for index, name in enumerate(names):
        hits = process.extract(
            name, names, scorer=_SCORER, processor=None, limit=None, score_cutoff=AMBIGUOUS_SCORE
        )
        for other, score, other_index in hits:
            first, second = sorted((owners[index], owners[other_index]))
            if first == second or score <= AMBIGUOUS_SCORE:
                continue
            if score > best.get((first, second), (0.0, "", ""))[0]:
                best[(first, second)] = (score, name, other)
    return [
        Finding(
            "ambiguous",
            tuple(sorted((entries[first].id, entries[second].id))),
            _clash(one, two),
            round(score, 1),
        )
        for (first, second), (score, one, two) in best.items()
        if not _apart_by_country(entries[first], entries[second])
    ]


def report(findings: Iterable[Finding]) -> str:
    """Group the findings by kind, in words an editor who never programmed can act on."""
    findings = list(findings)
    lines: list[str] = []
    for level, title in (("warning", "Warnings"), ("info", "For information")):
        kinds = [(name, kind) for name, kind in KINDS.items() if kind.level == level]
        group = [f for f in findings if f.level == level]
        if not group:
            continue
        lines += [f"== {title} ({len(group)}) ==", ""]
        for name, kind in kinds:
            found = [f for f in group if f.kind == name]
            if found:
                lines.append(f"{kind.heading} ({len(found)})")
                lines.append(textwrap.indent(textwrap.fill(kind.advice, 94), "  "))
                lines += [f"  - {_describe(f)}" for f in found]
                lines.append("")
    lines.append(summary(findings))
    return "\n".join(lines)


def as_json(findings: Iterable[Finding]) -> dict[str, Any]:
    """Shape the report for tools: `{"ok", "errors", "findings", "counts"}`, like validate's."""
    findings = list(findings)
    return {
        "ok": True,
        "errors": [],
        "findings": [
            {"kind": f.kind, "level": f.level, "ids": list(f.ids), "message": f.message}
            | {"score": f.score}
            for f in findings
        ],
        "counts": {kind: sum(f.kind == kind for f in findings) for kind in KINDS},
    }


def summary(findings: Iterable[Finding]) -> str:
    """One line: how many of each level, for the end of a report."""
    levels = [f.level for f in findings]
    return (
        f"Content OK: {levels.count('warning')} warning(s), "
        f"{levels.count('info')} note(s) for information."
    )


def _describe(finding: Finding) -> str:
    names = " and ".join(finding.ids)
    score = f" (score {finding.score:.1f})" if finding.score is not None else ""
    return f"{names}: {finding.message}{score}"


def _clash(one: str, two: str) -> str:
    return f'both answer to "{one}"' if one == two else f'"{one}" is very close to "{two}"'


def _stale(snapshot: Snapshot, today: dt.date, after_days: int) -> Iterator[Finding]:
    checked = [*((line.id, line.verified_on) for line in snapshot.resources)]
    checked += [(country.code, country.verified_on) for country in snapshot.countries]
    for entry_id, verified_on in checked:
        age = (today - verified_on).days
        if age > after_days:
            yield Finding("stale", (entry_id,), f"last checked {verified_on} ({age} days ago)")


def _without_emergency_numbers(snapshot: Snapshot) -> Iterator[Finding]:
    """Find countries whose members would get no emergency numbers.

    Validation rules this out for loaded files; lint also takes Snapshots built otherwise.
    """
    known = {country.code for country in snapshot.countries if country.emergency}
    served = {code for line in snapshot.resources for code in line.countries} - {INTERNATIONAL}
    for code in sorted(served - known):
        lines = sorted(line.id for line in snapshot.resources if code in line.countries)
        yield Finding("no-emergency-numbers", (code,), f"used by {', '.join(lines)}")


def _faq_without_support(snapshot: Snapshot) -> Iterator[Finding]:
    for faq in snapshot.faq:
        related = [snapshot.by_id.get(entry_id) for entry_id in faq.related]
        if not faq.topics and not any(isinstance(entry, Resource | Topic) for entry in related):
            yield Finding("faq-without-support", (faq.id,), "no resource or topic linked")


def _apart_by_country(first: Entry, second: Entry) -> bool:
    if not (isinstance(first, Resource) and isinstance(second, Resource)):
        return False
    if INTERNATIONAL in first.countries or INTERNATIONAL in second.countries:
        return False
    return not set(first.countries) & set(second.countries)
