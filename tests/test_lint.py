from __future__ import annotations

import datetime as dt
import json
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from bot.content.loader import Snapshot
from bot.content.models import FaqEntry, Resource, Topic
from bot.lint import AMBIGUOUS_SCORE, KINDS, ambiguous_pairs, lint, report
from tests.cli import run_cli

CHECKED = dt.date(2026, 11, 24)
"""The verified_on date of every fixture resource and country."""


def kinds(findings: tuple[object, ...]) -> list[str]:
    return [f.kind for f in findings]  # type: ignore[attr-defined]


def topic(topic_id: str, *aliases: str) -> Topic:
    return Topic(
        id=topic_id, name=topic_id.replace("-", " "), description="About it.", aliases=aliases
    )


def line(snapshot: Snapshot, line_id: str, **changes: object) -> Resource:
    found = snapshot.by_id[line_id]
    assert isinstance(found, Resource)
    return found.model_copy(update=changes)


def test_fixture_content_has_nothing_to_report(snapshot: Snapshot) -> None:
    assert lint(snapshot, today=CHECKED, stale_after_days=180) == ()


@pytest.mark.parametrize(("days_later", "stale"), [(180, False), (181, True)])
def test_checks_older_than_the_limit_are_stale(
    snapshot: Snapshot, days_later: int, stale: bool
) -> None:
    today = CHECKED + dt.timedelta(days=days_later)
    found = [f for f in lint(snapshot, today=today, stale_after_days=180) if f.kind == "stale"]
    expected = {r.id for r in snapshot.resources} | {c.code for c in snapshot.countries}
    assert {f.ids[0] for f in found} == (expected if stale else set())
    assert all(f"({days_later} days ago)" in f.message for f in found)


def test_entries_sharing_an_alias_are_reported_once_with_their_score() -> None:
    pairs = ambiguous_pairs(
        [topic("rape-help", "rape hotline"), topic("hotlines", "rape hotline", "helplines")]
    )
    assert [(f.ids, f.score, f.message) for f in pairs] == [
        (("hotlines", "rape-help"), 100.0, 'both answer to "rape hotline"')
    ]


def test_only_names_closer_than_the_answer_margin_count_as_ambiguous() -> None:
    close = ambiguous_pairs(
        [topic("one", "what does me too mean"), topic("two", "what does metoo mean")]
    )
    apart = ambiguous_pairs([topic("one", "lifeline"), topic("two", "lifeline nz")])
    assert [f.score for f in close] == [97.6] and close[0].score > AMBIGUOUS_SCORE
    assert apart == []


def test_lines_for_different_countries_may_share_a_name(snapshot: Snapshot) -> None:
    gb = line(snapshot, "gb-samaritans", aliases=("listening line",))
    us = line(snapshot, "us-988", aliases=("listening line",))
    everywhere = line(snapshot, "intl-find-a-helpline", aliases=("listening line",))
    assert ambiguous_pairs([gb, us]) == []
    assert [f.ids for f in ambiguous_pairs([gb, everywhere])] == [
        ("gb-samaritans", "intl-find-a-helpline")
    ]


def test_story_crisis_line_faq_and_hours_gaps_are_each_reported(snapshot: Snapshot) -> None:
    story = snapshot.stories[0].model_copy(update={"content_warnings": ()})
    crisis = line(snapshot, "gb-mens-advice-line", is_crisis_line=True, hours=None)
    faq = FaqEntry(
        id="faq-lonely",
        question="Why do I feel alone?",
        answer="Many people do.",
        related=(snapshot.facts[0].id,),
        source_url="https://example.org",
        source_name="Example",
    )
    changed = replace(
        snapshot,
        stories=(story, *snapshot.stories[1:]),
        resources=tuple(crisis if r.id == crisis.id else r for r in snapshot.resources),
        faq=(faq,),
        by_id={**snapshot.by_id, faq.id: faq},
    )
    found = lint(changed, today=CHECKED, stale_after_days=180)
    assert [(f.kind, f.ids) for f in found] == [
        ("faq-without-support", ("faq-lonely",)),
        ("story-without-warnings", (story.id,)),
        ("crisis-line-not-24-7", ("gb-mens-advice-line",)),
        ("no-hours", ("gb-mens-advice-line",)),
    ]
    assert [KINDS[f.kind].level for f in found] == ["warning", "warning", "warning", "info"]


def test_a_faq_pointing_at_a_topic_has_support(snapshot: Snapshot) -> None:
    faq = FaqEntry(
        id="faq-help",
        question="Where can I get help?",
        answer="Here.",
        related=("sexual-assault",),
        source_url="https://example.org",
        source_name="Example",
    )
    changed = replace(snapshot, faq=(faq,), by_id={**snapshot.by_id, faq.id: faq})
    assert lint(changed, today=CHECKED, stale_after_days=180) == ()


def test_countries_with_lines_but_no_emergency_numbers_are_reported(snapshot: Snapshot) -> None:
    only_us = replace(snapshot, countries=tuple(c for c in snapshot.countries if c.code == "US"))
    found = [
        f
        for f in lint(only_us, today=CHECKED, stale_after_days=180)
        if f.kind == "no-emergency-numbers"
    ]
    assert [f.ids for f in found] == [("GB",)]
    assert "gb-samaritans" in found[0].message


def test_report_groups_warnings_before_information_with_advice(snapshot: Snapshot) -> None:
    crisis = line(snapshot, "gb-mens-advice-line", is_crisis_line=True, hours=None)
    changed = replace(snapshot, resources=(crisis,))
    text = report(lint(changed, today=CHECKED, stale_after_days=180))
    assert text.index("== Warnings (1) ==") < text.index("== For information (1) ==")
    assert "Crisis lines that are not open 24/7 (1)" in text
    assert KINDS["no-hours"].advice in text
    assert text.endswith("Content OK: 1 warning(s), 1 note(s) for information.")


def run_lint(*args: str, home: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return run_cli("lint", *args, home=home, **env)


def test_cli_exits_zero_with_warnings_and_non_zero_on_errors(data: Path, tmp_path: Path) -> None:
    campaign = data / "campaign.toml"
    campaign.write_text(
        campaign.read_text().replace("content_warnings = ", "# content_warnings = ", 1)
    )
    warned = run_lint("--json", str(data), home=tmp_path, SIGNPOST_STALE_AFTER_DAYS="100000")
    result = json.loads(warned.stdout)
    assert warned.returncode == 0, warned.stderr
    assert result["ok"] is True and result["counts"]["story-without-warnings"] == 1
    assert set(result["counts"]) == set(KINDS)
    assert result["findings"][0]["ids"] == ["story-america-ferrera"]
    (data / "topics.toml").write_text("[[topics]]\nid = 'Bad Id'\n")
    broken = run_lint(str(data), home=tmp_path)
    assert broken.returncode == 1 and "data/topics.toml" in broken.stderr


def test_stale_days_option_overrides_the_setting(data: Path, tmp_path: Path) -> None:
    us = data / "resources" / "us.toml"
    us.write_text(us.read_text().replace("verified_on = 2026-11-24", "verified_on = 2000-01-01", 1))
    days = str((dt.date.today() - CHECKED).days + 1000)
    counts = [
        json.loads(
            run_lint(
                "--json", *option, str(data), home=tmp_path, SIGNPOST_STALE_AFTER_DAYS="100000"
            ).stdout
        )["counts"]["stale"]
        for option in ((), ("--stale-days", days))
    ]
    assert counts == [0, 1]
