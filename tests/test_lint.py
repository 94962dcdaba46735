from __future__ import annotations

import datetime as dt
import json
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from pydantic import HttpUrl

from bot.content.loader import Entry, Snapshot
from bot.content.models import CrisisCombo, CrisisCue, FaqEntry, Resource, Topic
from bot.engine.answers import Outcome
from bot.engine.matching import Engine
from bot.lint import (
    KINDS,
    SOURCE_KINDS,
    ambiguous_pairs,
    lint,
    report,
    source_kind,
    sources,
    third_party_link,
)
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


def engine_of(snapshot: Snapshot, *entries: Entry) -> Engine:
    """The engine members would talk to if `entries` were all the content (countries kept)."""
    return Engine(
        replace(
            snapshot,
            topics=tuple(e for e in entries if isinstance(e, Topic)),
            resources=tuple(e for e in entries if isinstance(e, Resource)),
            facts=(),
            events=(),
            stories=(),
            faq=(),
            by_id={entry.id: entry for entry in entries},
        )
    )


def with_lines(snapshot: Snapshot, *lines: Resource) -> Snapshot:
    """`snapshot` with each of `lines` replacing the line of the same id."""
    changed = {changed.id: changed for changed in lines}
    return replace(
        snapshot,
        resources=tuple(changed.get(r.id, r) for r in snapshot.resources),
        by_id={**snapshot.by_id, **changed},
    )


def found(snapshot: Snapshot, kind: str, today: dt.date = CHECKED) -> list[tuple[str, ...]]:
    return [f.ids for f in lint(snapshot, today=today, stale_after_days=180) if f.kind == kind]


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


def test_entries_sharing_an_alias_are_reported_once_with_their_score(snapshot: Snapshot) -> None:
    pairs = ambiguous_pairs(
        engine_of(
            snapshot,
            topic("rape-help", "rape hotline"),
            topic("hotlines", "rape hotline", "helplines"),
        )
    )
    assert [(f.ids, f.score, f.message) for f in pairs] == [
        (("hotlines", "rape-help"), 100.0, 'both answer to "rape hotline"')
    ]


def test_names_are_ambiguous_exactly_when_the_engine_offers_a_choice(snapshot: Snapshot) -> None:
    close = engine_of(
        snapshot, topic("one", "abuse support line"), topic("two", "abuse support line uk")
    )
    apart = engine_of(snapshot, topic("one", "abuse line"), topic("two", "abuse line uk"))
    assert [(f.ids, f.score) for f in ambiguous_pairs(close)] == [(("one", "two"), 96.2)]
    # A close call is a best guess, with the other meaning one press away below it.
    guess = close.ask("abuse support line")
    assert guess.outcome is Outcome.ANSWER and guess.guessed
    assert [s.id for s in guess.suggestions] == ["two"]
    assert ambiguous_pairs(apart) == []
    answer = apart.ask("abuse line")
    assert answer.outcome is Outcome.ANSWER and not answer.guessed


def test_lines_for_different_countries_may_share_a_name(snapshot: Snapshot) -> None:
    gb = line(snapshot, "gb-samaritans", aliases=("listening line",))
    us = line(snapshot, "us-988", aliases=("listening line",))
    assert ambiguous_pairs(engine_of(snapshot, gb, us)) == []


def test_a_line_for_everywhere_competes_unless_filed_under_the_same_topic(
    snapshot: Snapshot,
) -> None:
    gb = line(snapshot, "gb-samaritans", aliases=("listening line",))
    related = line(snapshot, "intl-find-a-helpline", aliases=("listening line",))
    unrelated = related.model_copy(update={"topics": ("sexual-assault",)})
    assert ambiguous_pairs(engine_of(snapshot, gb, related)) == []
    assert [f.ids for f in ambiguous_pairs(engine_of(snapshot, gb, unrelated))] == [
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
    text = report(lint(changed, today=CHECKED, stale_after_days=180), sources(changed))
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
    stories = [f["ids"] for f in result["findings"] if f["kind"] == "story-without-warnings"]
    assert stories == [["story-america-ferrera"]]
    assert set(result) == {"ok", "errors", "findings", "counts", "sources", "translations"}
    assert result["sources"]["resources"] == {
        "total": 6,
        "counts": {"own": 5, "government": 0, "news": 1, "wiki": 0, "other": 0},
        "percent": {"own": 83.3, "government": 0.0, "news": 16.7, "wiki": 0.0, "other": 0.0},
        "own_or_government_percent": 83.3,
    }
    assert result["sources"]["countries"]["counts"]["other"] == 3
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


@pytest.mark.parametrize(
    ("source", "official", "kind"),
    [
        ("https://www.samaritans.org/contact/", "https://www.samaritans.org", "own"),
        ("https://learning.nspcc.org.uk/childline", "https://www.childline.org.uk", "own"),
        ("https://refuge.org.uk/news/x", "https://www.nationaldahelpline.org.uk", "own"),
        ("https://takeitdown.ncmec.org/faq/", "https://ncmec.org", "own"),
        ("https://healthywa.health.wa.gov.au/a", "https://kemh.health.wa.gov.au/b", "own"),
        ("https://web.archive.org/web/2023id_/https://rainn.org/x", "https://rainn.org", "own"),
        ("https://www.mhcc.vic.gov.au/a", "https://www.health.vic.gov.au/b", "government"),
        ("https://www.teignbridge.gov.uk/x", "https://respect.uk.net", "government"),
        ("https://solidarites.gouv.fr/node/2219", "https://3018.fr", "government"),
        ("https://www.carballo.org/benestar/", "https://www.sanidad.gob.es", "government"),
        ("https://violenciagenero.igualdad.gob.es/", "https://example.org", "government"),
        ("https://msd.govt.nz/x", "https://safetotalk.nz", "government"),
        ("https://www.justice.gc.ca/eng/", "https://example.ca", "government"),
        ("https://news.gov.bc.ca/releases/1", "https://www.victimlinkbc.ca", "government"),
        ("https://pib.gov.in/x", "https://ncw.nic.in", "government"),
        ("https://wcd.nic.in/", "https://example.in", "government"),
        ("https://www.bmj.bund.de/x", "https://example.de", "government"),
        ("https://ovc.ojp.gov/news", "https://www.thehotline.org", "government"),
        ("https://www.dcms.uscg.mil/x", "https://www.safehelpline.org", "government"),
        ("https://childrenscouncil.go.ke/x", "https://www.childlinekenya.co.ke", "government"),
        ("https://www.rte.ie/news/2022/1114/x", "https://www.mensaid.ie", "news"),
        ("https://www.newswire.ca/news-releases/x", "https://988.ca", "news"),
        ("https://healthwise.punchng.com/x", "https://healthwise.punchng.com/x", "news"),
        ("https://en.wikipedia.org/wiki/Trans_Lifeline", "https://translifeline.org", "wiki"),
        ("https://wikimili.com/en/1in6", "https://1in6.org", "wiki"),
        ("https://grokipedia.com/page/Acas", "https://www.acas.org.uk", "wiki"),
        ("https://cichprofile.ca/module/7", "https://www.hopeforwellness.ca", "other"),
        ("https://gov.example.com/x", "https://example.org", "other"),
        ("https://abc.go.com/x", "https://example.org", "other"),
        ("https://www.unwomen.org/en/x", "https://example.org", "other"),
        ("https://www.fcc.gov/consumers/x", None, "government"),
        ("https://saintviance.fr/numeros-durgences/", None, "government"),
        ("https://en.vikaspedia.in/x", None, "other"),
    ],
)
def test_sources_are_classified_by_host(source: str, official: str | None, kind: str) -> None:
    assert source_kind(HttpUrl(source), HttpUrl(official) if official else None) == kind


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("https://healthwise.punchng.com/ngo-launches-hotline", "news"),
        ("https://en.wikipedia.org/wiki/Trans_Lifeline", "wiki"),
        ("https://www.unwomen.org/en/what-we-do", "intergovernmental"),
        ("https://www.who.int/campaigns", "intergovernmental"),
        ("https://www.iasp.info/crisis-centres-helplines/", "directory"),
        ("https://www.gov.br/mulheres/pt-br", "shared-portal"),
        ("https://www.gov.uk/report-domestic-abuse", "shared-portal"),
        ("https://www.govt.nz/browse/x", "shared-portal"),
        ("https://msd.govt.nz/x", None),
        ("https://www.samaritans.org", None),
    ],
)
def test_official_links_on_someone_elses_site_are_recognised(url: str, kind: str | None) -> None:
    assert third_party_link(HttpUrl(url)) == kind


def test_lines_citing_a_secondary_source_need_a_source_note(snapshot: Snapshot) -> None:
    news = line(snapshot, "us-rainn", source_url=HttpUrl("https://www.nytimes.com/2018/x"))
    noted = line(
        snapshot,
        "us-988",
        source_url=HttpUrl("https://en.wikipedia.org/wiki/988"),
        source_note="from a Wikipedia article, 2024",
    )
    government = line(snapshot, "gb-samaritans", source_url=HttpUrl("https://www.gov.uk/x"))
    findings = lint(
        with_lines(snapshot, news, noted, government), today=CHECKED, stale_after_days=180
    )
    assert [(f.kind, f.ids, f.message) for f in findings] == [
        ("secondary-source", ("us-rainn",), "nytimes.com (news), no source_note")
    ]


def test_official_links_to_news_pages_are_reported_but_not_government_portals(
    snapshot: Snapshot,
) -> None:
    news = line(snapshot, "us-rainn", url=HttpUrl("https://www.nytimes.com/2018/x"))
    portal = line(snapshot, "gb-samaritans", url=HttpUrl("https://www.gov.uk/samaritans"))
    assert found(with_lines(snapshot, news, portal), "third-party-link") == [("us-rainn",)]


@pytest.mark.parametrize(
    ("source_date", "old"), [(dt.date(2024, 11, 24), False), (dt.date(2024, 11, 23), True)]
)
def test_sources_dated_over_two_years_ago_are_reported(
    snapshot: Snapshot, source_date: dt.date, old: bool
) -> None:
    dated = line(snapshot, "us-rainn", source_date=source_date)
    country = snapshot.country_by_code["GB"].model_copy(update={"source_date": source_date})
    changed = replace(with_lines(snapshot, dated), countries=(country, *snapshot.countries[1:]))
    assert found(changed, "old-source") == ([("GB",), ("us-rainn",)] if old else [])


@pytest.mark.parametrize(
    ("source_date", "old"), [(dt.date(2025, 11, 24), False), (dt.date(2025, 11, 23), True)]
)
def test_hours_from_a_source_over_a_year_old_are_reported(
    snapshot: Snapshot, source_date: dt.date, old: bool
) -> None:
    with_hours = line(snapshot, "us-rainn", source_date=source_date)
    without = line(snapshot, "us-988", source_date=source_date, hours=None)
    found_old = found(with_lines(snapshot, with_hours, without), "old-hours")
    assert found_old == ([("us-rainn",)] if old else [])


@pytest.mark.parametrize(("days_later", "old"), [(365, False), (366, True)])
def test_hours_with_no_source_date_are_as_old_as_the_check(
    snapshot: Snapshot, days_later: int, old: bool
) -> None:
    today = CHECKED + dt.timedelta(days=days_later)
    findings = [
        f for f in lint(snapshot, today=today, stale_after_days=1000) if f.kind == "old-hours"
    ]
    with_hours = {r.id for r in snapshot.resources if r.hours is not None}
    assert {f.ids[0] for f in findings} == (with_hours if old else set())
    assert all(f.message.endswith(f"with no source_date, read on {CHECKED}") for f in findings)


def test_source_shares_are_counted_for_resources_and_countries(snapshot: Snapshot) -> None:
    counted = sources(snapshot)
    assert dict(counted["resources"].counts) == {"own": 5, "news": 1}
    assert counted["resources"].percent(["own", "government"]) == 83.3
    assert dict(counted["countries"].counts) == {"other": 3}
    text = report(lint(snapshot, today=CHECKED, stale_after_days=180), counted)
    assert "Resources (6): 83.3 % cite the organisation's own or a government page" in text
    assert f"{SOURCE_KINDS['news']} 1 (16.7 %)" in text


def test_a_combo_that_can_never_fire_and_cues_that_never_count_are_reported(
    snapshot: Snapshot,
) -> None:
    cues = (
        CrisisCue(kind="suicide", role="intent", words=("end it all",)),
        CrisisCue(kind="danger", role="lurking", words=("outside the window",)),
    )
    combos = (CrisisCombo(kind="suicide", roles=("intent", "tonightt")),)
    found = lint(replace(snapshot, cues=cues, combos=combos), today=CHECKED, stale_after_days=180)
    assert [(f.kind, f.message) for f in found if "role" in f.kind] == [
        ("combo-unknown-role", "role 'tonightt' has no cue of kind suicide"),
        ("cue-unused-role", "role 'lurking' is in no danger combo"),
    ]
