"""Answer quality on a labelled question set, so editors and engine changes see their effect."""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.content.loader import Snapshot
from bot.content.localised import ENGLISH, language_for_locale, translations_of
from bot.engine.answers import Answer, Outcome
from bot.engine.matching import Engine
from bot.engine.text import normalise
from bot.wording import answer_text

LABELLED_SET = Path(__file__).resolve().parent.parent / "tests" / "quality" / "questions.toml"
"""The set `python -m bot report` measures unless told otherwise."""
HELD_OUT_SET = LABELLED_SET.with_name("holdout.toml")
"""Questions never tuned on (`python -m bot report --set`): they show how far changes generalise."""

DEFAULT_COUNTRY = "US"
"""Cases without a locale are asked as from this country, so figures do not depend on settings."""

NONE = "none"
"""The `expect` value of a question the content cannot answer."""

TOP = 3
"""Top-3 accuracy: an expected entry among the answer and the first suggestions."""

FIRST_SCREEN = 600
"""Characters a phone shows before scrolling: a crisis answer's emergency number must be in them."""


@dataclass(frozen=True, slots=True)
class Case:
    """One labelled question: what a member typed and which answers would be right."""

    q: str
    category: str
    expect: tuple[str, ...]
    crisis: bool
    locale: str | None = None
    crisis_kind: str | None = None
    lang: str | None = None

    @property
    def off_topic(self) -> bool:
        """True when no entry answers the question."""
        return self.expect == (NONE,)

    @property
    def scored(self) -> bool:
        """True when the case counts towards top-1 and top-3 accuracy."""
        return not self.off_topic and not self.crisis


@dataclass(frozen=True, slots=True)
class Result:
    """How the engine answered one case."""

    case: Case
    answer_id: str | None
    """The confident answer; None for no answer and for a best guess."""
    ranked: tuple[str, ...]
    flagged: bool
    kind: str | None = None
    """The crisis kind the engine read, when it flagged the case."""
    shown_id: str | None = None
    """The entry shown: the confident answer or the best guess."""
    useful: bool = False
    """A confident answer, or support lines to call, or crisis help: never a bare menu."""
    number_first: bool = False
    """Crisis help names the emergency number within the first screen of the answer."""
    in_language: bool | None = None
    """For a member whose locale Signpost translates: every content text the reply shows has a
    translation in their language (the bot's own words are checked by the coverage test)."""

    @property
    def top1(self) -> bool:
        """The entry shown (the answer, or the topic given as a best guess) is expected."""
        return self.shown_id in self.case.expect

    @property
    def top3(self) -> bool:
        """An expected entry is among the first three offered."""
        return any(entry_id in self.case.expect for entry_id in self.ranked[:TOP])

    @property
    def rejected(self) -> bool:
        """No confident entry answer: what an off-topic question should get."""
        return self.answer_id is None

    @property
    def problems(self) -> tuple[str, ...]:
        """What went wrong, in the words the report uses; empty when nothing did."""
        found = []
        if self.case.crisis and not self.flagged:
            found.append("crisis missed")
        if self.case.crisis and self.flagged and not self.number_first:
            found.append("emergency number not on the first screen")
        if self.case.crisis_kind and self.flagged and self.kind != self.case.crisis_kind:
            found.append(f"read as {self.kind}")
        if self.case.scored and not self.useful:
            found.append("nothing useful")
        if not self.case.crisis and self.flagged:
            found.append("false alarm")
        if self.case.off_topic and not self.rejected:
            found.append("off-topic answered")
        if not self.case.off_topic and not self.top1:
            found.append("not top-1" if self.top3 or not self.case.scored else "not top-3")
        return tuple(found)


@dataclass(frozen=True, slots=True)
class Report:
    """Figures over a whole labelled set; shares are fractions from 0 to 1."""

    results: tuple[Result, ...]

    def totals(self) -> dict[str, Any]:
        """The headline figures the quality test guards."""
        return _figures(self.results)

    def categories(self) -> dict[str, dict[str, Any]]:
        """The same figures for each category, in the order the set first uses them."""
        names = dict.fromkeys(result.case.category for result in self.results)
        return {
            name: _figures([r for r in self.results if r.case.category == name]) for name in names
        }

    def languages(self) -> dict[str, dict[str, Any]]:
        """The same figures for each language a set marks with `lang`."""
        names = dict.fromkeys(r.case.lang for r in self.results if r.case.lang)
        return {
            name: _figures([r for r in self.results if r.case.lang == name])
            for name in names
            if name
        }

    def misses(self) -> list[dict[str, Any]]:
        """Every case with a problem, with what was expected and what the engine gave."""
        return [
            {
                "category": result.case.category,
                "q": result.case.q,
                "locale": result.case.locale or "",
                "problems": list(result.problems),
                "expected": list(result.case.expect),
                "got": list(result.ranked[:TOP])
                if result.answer_id is None
                else [result.answer_id],
                "confident": result.answer_id is not None,
            }
            for result in self.results
            if result.problems
        ]

    def as_json(self) -> dict[str, Any]:
        """Everything in one JSON-ready object."""
        return {
            "totals": self.totals(),
            "categories": self.categories(),
            "languages": self.languages(),
            "misses": self.misses(),
        }


def load_cases(path: Path = LABELLED_SET) -> tuple[Case, ...]:
    """Read a labelled set: a TOML file with a `cases` array of inline tables."""
    with path.open("rb") as handle:
        document = tomllib.load(handle)
    return tuple(
        Case(
            q=item["q"],
            category=item["category"],
            expect=tuple(item["expect"]),
            crisis=bool(item["crisis"]),
            locale=item.get("locale"),
            crisis_kind=item.get("crisis_kind"),
            lang=item.get("lang"),
        )
        for item in document["cases"]
    )


def measure(engine: Engine, cases: Iterable[Case]) -> Report:
    """Ask the engine every case and keep what it answered."""
    return Report(tuple(_result(case, engine.ask(case.q, locale=case.locale)) for case in cases))


def measure_snapshot(snapshot: Snapshot, cases: Iterable[Case]) -> Report:
    """Measure a fresh engine over `snapshot`, as the bot would build it."""
    return measure(Engine(snapshot, default_country=DEFAULT_COUNTRY), cases)


def copied_texts(snapshot: Snapshot, cases: Iterable[Case]) -> list[str]:
    """Questions equal to an alias, title or crisis phrase: those measure memory, not matching."""
    known = {normalise(phrase.text) for phrase in snapshot.phrases}
    for entry in snapshot.by_id.values():
        known.update(normalise(text) for text in (entry.title, *entry.every_alias))
    return [case.q for case in cases if normalise(case.q) in known]


def unknown_ids(snapshot: Snapshot, cases: Iterable[Case]) -> list[str]:
    """Expected ids that name no entry, so a typo in the set cannot hide a miss."""
    return sorted(
        {
            entry_id
            for case in cases
            for entry_id in case.expect
            if entry_id != NONE and entry_id not in snapshot.by_id
        }
    )


def format_report(report: Report) -> str:
    """The report as an editor reads it: totals, a table per category, then every miss."""
    totals = report.totals()
    crisis_entries = totals["crisis_with_entry"]
    kinds = _share(totals["crisis_kind_right"], totals["crisis_kinded"])
    useless = _share(totals["scored"] - totals["useful"], totals["scored"])
    lines = [
        f"Answer quality on {totals['questions']} labelled questions",
        "",
        f"  top-1 accuracy           {_share(totals['top1'], totals['scored'])}",
        f"  top-3 accuracy           {_share(totals['top3'], totals['scored'])}",
        f"  crisis recall            {_share(totals['crisis_flagged'], totals['crisis'])}",
        f"  false alarms             {_share(totals['false_alarms'], totals['not_crisis'])}",
        f"  off-topic rejected       {_share(totals['rejected'], totals['off_topic'])}",
        f"  nothing useful           {useless}",
        f"  crisis kind right        {kinds}",
        f"  number on first screen   {_share(totals['number_first'], totals['crisis_flagged'])}",
        f"  in the asked language    {_share(totals['in_language'], totals['localised'])}",
        f"  crisis cases, right entry top-1 {_share(totals['crisis_top1'], crisis_entries)},"
        f" top-3 {_share(totals['crisis_top3'], crisis_entries)}",
        "",
        f"  {'category':<16} {'n':>5} {'top-1':>16} {'top-3':>16} {'flagged':>16} {'rejected':>16}",
    ]
    for name, figures in [*report.categories().items(), *report.languages().items()]:
        flagged = figures["crisis_flagged"] + figures["false_alarms"]
        lines.append(
            f"  {name:<16} {figures['questions']:>5}"
            f" {_share(figures['top1'], figures['scored']):>16}"
            f" {_share(figures['top3'], figures['scored']):>16}"
            f" {_share(flagged, figures['questions']):>16}"
            f" {_share(figures['rejected'], figures['off_topic']):>16}"
        )
    misses = report.misses()
    lines += ["", f"Misses ({len(misses)}):"]
    for miss in misses:
        locale = f" [{miss['locale']}]" if miss["locale"] else ""
        offered = ", ".join(miss["got"]) or "nothing"
        got = f"answer {offered}" if miss["confident"] else f"suggested {offered}"
        lines.append(
            f"  {miss['category']}: {miss['q']!r}{locale} — {', '.join(miss['problems'])};"
            f" expected {', '.join(miss['expected'])}; got {got}"
        )
    return "\n".join(lines)


def _result(case: Case, answer: Answer) -> Result:
    shown = answer.entry.id if answer.entry is not None else None
    answer_id = shown if answer.outcome is Outcome.ANSWER and not answer.guessed else None
    offered = [shown] if shown else []
    ranked = tuple(dict.fromkeys([*offered, *(suggestion.id for suggestion in answer.suggestions)]))
    emergency = answer.emergency
    numbers = (
        [number.number for number in emergency.country.emergency]
        if emergency and emergency.country
        else []
    )
    first_screen = answer_text(answer)[:FIRST_SCREEN] if emergency else ""
    language = language_for_locale(case.locale)
    return Result(
        case=case,
        answer_id=answer_id,
        ranked=ranked,
        flagged=answer.is_crisis,
        kind=answer.crisis_kind,
        shown_id=shown,
        useful=answer_id is not None or bool(answer.lines) or emergency is not None,
        number_first=any(number in first_screen for number in numbers),
        in_language=None if language == ENGLISH else _all_translated(answer, language),
    )


def _all_translated(answer: Answer, language: str) -> bool:
    """Whether every content text the reply shows reads in `language`."""
    shown: list[object] = []
    if answer.entry is not None:
        entry = answer.entry
        shown.append(entry.body)
        if entry.title_field is not None:
            shown.append(getattr(entry, entry.title_field))
    lines = [*answer.lines, *(answer.emergency.lines if answer.emergency else ())]
    shown.extend(line.summary for line in lines)
    return all(language in translations_of(text) for text in shown)


def _figures(results: Sequence[Result]) -> dict[str, Any]:
    scored = [r for r in results if r.case.scored]
    crisis = [r for r in results if r.case.crisis]
    crisis_with_entry = [r for r in crisis if not r.case.off_topic]
    calm = [r for r in results if not r.case.crisis]
    off_topic = [r for r in results if r.case.off_topic]
    counts: dict[str, Any] = {
        "questions": len(results),
        "scored": len(scored),
        "top1": sum(r.top1 for r in scored),
        "top3": sum(r.top3 for r in scored),
        "crisis": len(crisis),
        "crisis_flagged": sum(r.flagged for r in crisis),
        "not_crisis": len(calm),
        "false_alarms": sum(r.flagged for r in calm),
        "off_topic": len(off_topic),
        "rejected": sum(r.rejected for r in off_topic),
        "crisis_with_entry": len(crisis_with_entry),
        "crisis_top1": sum(r.top1 for r in crisis_with_entry),
        "crisis_top3": sum(r.top3 for r in crisis_with_entry),
        "useful": sum(r.useful for r in scored),
        "crisis_kinded": sum(1 for r in crisis if r.case.crisis_kind and r.flagged),
        "crisis_kind_right": sum(
            1 for r in crisis if r.case.crisis_kind and r.flagged and r.kind == r.case.crisis_kind
        ),
        "number_first": sum(r.number_first for r in crisis if r.flagged),
        "localised": sum(r.in_language is not None for r in results),
        "in_language": sum(bool(r.in_language) for r in results),
    }
    counts["rates"] = {
        "top1": _rate(counts["top1"], counts["scored"]),
        "top3": _rate(counts["top3"], counts["scored"]),
        "crisis_recall": _rate(counts["crisis_flagged"], counts["crisis"]),
        "false_alarms": _rate(counts["false_alarms"], counts["not_crisis"]),
        "off_topic_rejected": _rate(counts["rejected"], counts["off_topic"]),
        "nothing_useful": _rate(counts["scored"] - counts["useful"], counts["scored"]),
        "crisis_kind_right": _rate(counts["crisis_kind_right"], counts["crisis_kinded"]),
        "number_first": _rate(counts["number_first"], counts["crisis_flagged"]),
        "in_language": _rate(counts["in_language"], counts["localised"]),
    }
    return counts


def _rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _share(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f}% ({part}/{whole})" if whole else "-"
