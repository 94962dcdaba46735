"""Content warnings that are not errors: stale checks, weak or old sources, gaps, rival names."""

from __future__ import annotations

import datetime as dt
import logging
import re
import textwrap
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Literal
from urllib.parse import urlsplit

from pydantic import HttpUrl

from bot.content.loader import Entry, Snapshot
from bot.content.models import INTERNATIONAL, Country, Resource, Topic
from bot.coverage import Coverage
from bot.engine.learned import LearnedReader
from bot.engine.matching import Engine

log = logging.getLogger(__name__)

OLD_SOURCE_YEARS = 2
"""A source older than this may describe a service that has since changed its number or hours."""
OLD_HOURS_YEARS = 1
"""Hours change more often than numbers: the audit in issue 16 found lines listed with evening
hours that their own sites had since made 24/7."""

Level = Literal["warning", "info"]

SourceKind = Literal["own", "government", "news", "wiki", "other"]
SOURCE_KINDS: Mapping[SourceKind, str] = MappingProxyType(
    {
        "own": "the organisation's own site",
        "government": "a government site",
        "news": "news",
        "wiki": "wiki or mirror",
        "other": "other",
    }
)
"""Every kind of source, in the order reports list them, with the words editors read."""
PRIMARY_SOURCES: frozenset[SourceKind] = frozenset({"own", "government"})
"""Sources that show a detail first-hand; any other needs a source_note saying what it is."""

LinkKind = Literal["news", "wiki", "intergovernmental", "directory", "shared-portal"]
"""What kind of someone else's site an official link (`url`) is on."""


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
            "Not compared with their source recently",
            "Check each detail on the organisation's own page, then update verified_on.",
        ),
        "old-source": Kind(
            "warning",
            f"Sources older than {OLD_SOURCE_YEARS} years",
            "Look for a newer page from the organisation or a government body, check every "
            "detail on it, then update source_url, source_date and verified_on.",
        ),
        "old-hours": Kind(
            "warning",
            f"Opening hours from a source older than {OLD_HOURS_YEARS} year",
            "Confirm the hours on a page from the last year and update source_url and "
            "source_date, or remove [resources.hours] until you can.",
        ),
        "secondary-source": Kind(
            "warning",
            "Sources that are not the organisation's own or a government page",
            "Find the details on the organisation's own site or a government page. If there is "
            'none, say what the source is in source_note, e.g. "from a news report, 2023": '
            "members see it.",
        ),
        "third-party-link": Kind(
            "warning",
            "Official links to someone else's page",
            "Members open url to reach the service: point it at the organisation's own site.",
        ),
        "no-emergency-numbers": Kind(
            "warning",
            "Countries with support lines but no emergency numbers",
            "Add the country to data/countries.toml with its emergency numbers.",
        ),
        "ambiguous": Kind(
            "warning",
            "Entries competing for the same question",
            "A member typing this name gets a choice instead of an answer. "
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
        "combo-unknown-role": Kind(
            "warning",
            "Crisis combos naming a role no cue has",
            "A combo fires only when cues of every role it names are found; with no cue of a "
            "role it never fires. Fix the role's spelling, or add cues for it "
            "(docs/content.md, Crisis cues).",
        ),
        "cue-unused-role": Kind(
            "info",
            "Crisis cues of a role no combo uses",
            "These words are read but never count: name the role in a combo of the same kind, "
            "or remove the cues.",
        ),
        "unlearned-entry": Kind(
            "info",
            "Entries the learned reader has not been trained on",
            "Aliases still find them; the reader's best guesses cannot name them until "
            "`python -m bot train` is run (it needs the dev extra).",
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


@dataclass(frozen=True)
class SourceCount:
    """How many of one sort of entry cite each kind of source."""

    counts: Mapping[SourceKind, int]

    @property
    def total(self) -> int:
        """How many entries were counted."""
        return sum(self.counts.values())

    def percent(self, kinds: Iterable[SourceKind]) -> float:
        """The share of entries citing any of `kinds`, in percent to one decimal."""
        found = sum(self.counts.get(kind, 0) for kind in kinds)
        return round(100 * found / self.total, 1) if self.total else 0.0


def lint(
    snapshot: Snapshot,
    *,
    today: dt.date,
    stale_after_days: int,
    learned: LearnedReader | None = None,
) -> tuple[Finding, ...]:
    """Everything worth an editor's attention in a Snapshot that already passed validation.

    With `learned`, entries that reader was not trained on are reported too.
    """
    findings = [
        *_stale(snapshot, today, stale_after_days),
        *_old_sources(snapshot, today),
        *(
            Finding(
                "secondary-source",
                (line.id,),
                f"{_host(line.source_url)} ({SOURCE_KINDS[kind]}), no source_note",
            )
            for line in snapshot.resources
            if (kind := source_kind(line.source_url, line.url)) not in PRIMARY_SOURCES
            and line.source_note is None
        ),
        *(
            Finding("third-party-link", (line.id,), f"url is on {_host(line.url)} ({link})")
            for line in snapshot.resources
            if (link := third_party_link(line.url)) not in (None, "shared-portal")
        ),
        *_without_emergency_numbers(snapshot),
        *ambiguous_pairs(Engine(snapshot)),
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
        *_cue_roles(snapshot),
        *(_unlearned(snapshot, learned) if learned is not None else ()),
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


def sources(snapshot: Snapshot) -> dict[str, SourceCount]:
    """How many resources and countries cite each kind of source, for the report's shares."""
    return {
        "resources": _count(source_kind(line.source_url, line.url) for line in snapshot.resources),
        "countries": _count(source_kind(c.source_url, None) for c in snapshot.countries),
    }


def ambiguous_pairs(engine: Engine) -> list[Finding]:
    """Pairs of entries that a member typing one's title or alias gets a choice between.

    Each name is asked through the engine members talk to (Engine.contenders); a line for some
    countries is asked for from each of them, since the engine ranks a member's own country's
    lines first and lines for different countries may share a name. The score is the lower of
    the two entries' scores for the name, the pair's best name kept.
    """
    snapshot = engine.snapshot
    best: dict[tuple[str, str], tuple[float, str]] = {}
    for entry in snapshot.by_id.values():
        for name in dict.fromkeys((entry.title, *entry.aliases)):
            for country in _asked_from(entry, snapshot):
                found = {s.id: s.score for s in engine.contenders(name, country=country)}
                if entry.id not in found:
                    continue
                leader = next(iter(found))
                others = [i for i in found if i != entry.id] if leader == entry.id else [leader]
                for other in others:
                    first, second = sorted((entry.id, other))
                    score = min(found[entry.id], found[other])
                    if score > best.get((first, second), (-1.0, ""))[0]:
                        best[(first, second)] = (score, name)
    return [
        Finding("ambiguous", pair, f'both answer to "{name}"', round(score, 1))
        for pair, (score, name) in best.items()
    ]


def source_kind(source: HttpUrl, official: HttpUrl | None) -> SourceKind:
    """Which kind of site a source is on, next to the entry's official link if it has one.

    Known news and wiki sites are never an organisation's own, even when its `url` wrongly
    points there too; an organisation's own site that is also a government site counts as own.
    """
    host = _host(source)
    site = _site(host)
    if (published := _publisher_kind(site)) is not None:
        return published
    if official is not None and _same_organisation(site, _site(_host(official))):
        return "own"
    if _is_government(host):
        return "government"
    return "other"


def _publisher_kind(site: str) -> Literal["wiki", "news"] | None:
    """Whether a site is a wiki or mirror, or news: never an organisation's own page."""
    if site in _WIKI_SITES:
        return "wiki"
    if site in _NEWS_SITES:
        return "news"
    return None


def third_party_link(url: HttpUrl) -> LinkKind | None:
    """The kind of someone else's site an official link is on, or None for an ordinary site.

    A shared government portal (gov.br, gov.uk) is listed apart: it is the right link for a
    line a government runs from a section of it, and no organisation's own site otherwise.
    """
    host = _host(url)
    site = _site(host)
    if (published := _publisher_kind(site)) is not None:
        return published
    if site in _INTERGOVERNMENTAL_SITES or site.endswith(".int"):
        return "intergovernmental"
    if site in _DIRECTORY_SITES:
        return "directory"
    if host in _SHARED_PORTALS:
        return "shared-portal"
    return None


def report(
    findings: Iterable[Finding],
    counted: Mapping[str, SourceCount],
    translated: Mapping[str, Coverage] | None = None,
) -> str:
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
    lines += ["== Sources ==", ""]
    for name, count in counted.items():
        shares = ", ".join(
            f"{words} {count.counts.get(kind, 0)} ({count.percent([kind])} %)"
            for kind, words in SOURCE_KINDS.items()
        )
        lines.append(
            f"{name.capitalize()} ({count.total}): {count.percent(PRIMARY_SOURCES)} % cite the "
            "organisation's own or a government page"
        )
        lines += [textwrap.indent(textwrap.fill(shares, 94), "  "), ""]
    if translated:
        lines += ["== Translations ==", ""]
        for language, counted_language in translated.items():
            tiers = (
                ("first tier", counted_language.first_tier),
                ("second tier", counted_language.second_tier),
                ("the bot's messages", counted_language.messages),
            )
            lines.append(
                f"{language}: " + ", ".join(f"{name} {tally.percent} %" for name, tally in tiers)
            )
            missing = counted_language.first_tier.missing + counted_language.messages.missing
            lines += [f"  - missing: {where}" for where in missing[:MISSING_LISTED]]
            if len(missing) > MISSING_LISTED:
                lines.append(f"  - and {len(missing) - MISSING_LISTED} more (see --json)")
        lines.append("")
    lines.append(summary(findings))
    return "\n".join(lines)


def as_json(
    findings: Iterable[Finding],
    counted: Mapping[str, SourceCount],
    translated: Mapping[str, Coverage] | None = None,
) -> dict[str, Any]:
    """Shape the report for tools: `{"ok", "errors", "findings", "counts", "sources", ...}`.

    `ok` and `errors` are as validate gives them; `sources` gives, for resources and countries,
    how many cite each kind of source, each kind's share and the own-or-government share;
    `translations` gives each language's coverage by tier, with what is missing.
    """
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
        "sources": {
            name: {
                "total": count.total,
                "counts": {kind: count.counts.get(kind, 0) for kind in SOURCE_KINDS},
                "percent": {kind: count.percent([kind]) for kind in SOURCE_KINDS},
                "own_or_government_percent": count.percent(PRIMARY_SOURCES),
            }
            for name, count in counted.items()
        },
        "translations": {
            language: {
                tier: {
                    "translated": tally.translated,
                    "total": tally.total,
                    "percent": tally.percent,
                    "missing": tally.missing,
                }
                for tier, tally in (
                    ("first_tier", counted_language.first_tier),
                    ("second_tier", counted_language.second_tier),
                    ("messages", counted_language.messages),
                )
            }
            for language, counted_language in (translated or {}).items()
        },
    }


MISSING_LISTED = 10
"""Missing translations named per language in the text report; --json names them all."""


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


def _count(kinds: Iterable[SourceKind]) -> SourceCount:
    return SourceCount(MappingProxyType(dict(Counter(kinds))))


def _stale(snapshot: Snapshot, today: dt.date, after_days: int) -> Iterator[Finding]:
    checked = [*((line.id, line.verified_on) for line in snapshot.resources)]
    checked += [(country.code, country.verified_on) for country in snapshot.countries]
    for entry_id, verified_on in checked:
        age = (today - verified_on).days
        if age > after_days:
            yield Finding("stale", (entry_id,), f"last checked {verified_on} ({age} days ago)")


def _old_sources(snapshot: Snapshot, today: dt.date) -> Iterator[Finding]:
    """Sources dated long ago, and hours taken from a source over a year old.

    A source with no source_date is at least as old as the day an editor read it, verified_on.
    """
    too_old = _years_before(today, OLD_SOURCE_YEARS)
    cited: list[Resource | Country] = [*snapshot.resources, *snapshot.countries]
    for entry in cited:
        if entry.source_date is not None and entry.source_date < too_old:
            yield Finding("old-source", (entry.id,), f"source dated {entry.source_date}")
    hours_too_old = _years_before(today, OLD_HOURS_YEARS)
    for line in snapshot.resources:
        dated = line.source_date or line.verified_on
        if line.hours is not None and dated < hours_too_old:
            how = "dated" if line.source_date else "with no source_date, read on"
            yield Finding("old-hours", (line.id,), f"hours from a source {how} {dated}")


def _cue_roles(snapshot: Snapshot) -> Iterator[Finding]:
    """Combos that can never fire, and cues that never count, by kind and role."""
    cued = {(cue.kind, cue.role) for cue in snapshot.cues}
    combined = {(combo.kind, role) for combo in snapshot.combos for role in combo.roles}
    for kind, role in sorted(combined - cued):
        yield Finding("combo-unknown-role", (kind,), f"role {role!r} has no cue of kind {kind}")
    for kind, role in sorted(cued - combined):
        yield Finding("cue-unused-role", (kind,), f"role {role!r} is in no {kind} combo")


def _unlearned(snapshot: Snapshot, learned: LearnedReader) -> Iterator[Finding]:
    """Entries added since the learned reader was trained.

    Those it knows that are gone are skipped by the engine and need no word here.
    """
    known = set(learned.entries.labels)
    for entry_id in sorted(snapshot.by_id.keys() - known):
        yield Finding("unlearned-entry", (entry_id,), "not in bot/engine/learned.bin")


def _years_before(day: dt.date, years: int) -> dt.date:
    """The same day `years` earlier; 29 February becomes the 28th."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


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


def _asked_from(entry: Entry, snapshot: Snapshot) -> tuple[Country | None, ...]:
    """Where members asking for an entry are: a one-country line's members in its countries."""
    if isinstance(entry, Resource) and INTERNATIONAL not in entry.countries:
        return tuple(snapshot.country_by_code.get(code) for code in entry.countries)
    return (None,)


_ARCHIVED = re.compile(r"^https?://web\.archive\.org/web/\d+[a-z_]*/(?P<page>.+)$")
"""A Wayback Machine copy names the page it copied: the page decides the kind of source."""


def _host(url: HttpUrl) -> str:
    """The host of the page `url` shows, without "www."; an archived copy's original page."""
    page = _ARCHIVED.match(str(url))
    host = urlsplit(page["page"]).hostname if page else url.host
    return re.sub(r"^www\d*\.", "", (host or "").lower())


def _site(host: str) -> str:
    """The registrable domain of `host`: the part one organisation owns (nspcc.org.uk).

    A few explicit rules stand in for the Public Suffix List: enough for the countries the
    content serves, and reviewable here. Under a two-letter country code, the shared labels
    of _SECOND_LEVEL (co.uk, gov.au, go.ke), a state under its government's label (vic.gov.au,
    sp.gov.br) and a Canadian province (bc.ca) all belong to the suffix.
    """
    labels = host.split(".")
    return ".".join(labels[-_suffix_length(labels) - 1 :])


def _suffix_length(labels: list[str]) -> int:
    """How many of a host's last labels no one organisation owns (2 for nspcc.org.uk)."""
    if ".".join(labels[-2:]) in _SOLD_AS_TOP_LEVEL:
        return 2
    length = 1
    while length < len(labels) and _extends_suffix(labels[-length - 1], labels[-length:]):
        length += 1
    return length


def _extends_suffix(label: str, suffix: list[str]) -> bool:
    if len(suffix[-1]) != 2:
        return False
    return (
        label in _SECOND_LEVEL
        or (suffix == ["ca"] and label in _PROVINCES)
        or (suffix[0] in _GOVERNMENT_LABELS and label in _STATES)
    )


def _is_government(host: str) -> bool:
    """True for a public body's site: a government label in its suffix, or a listed site."""
    labels = host.split(".")
    suffix = labels[-_suffix_length(labels) :]
    return (
        _site(host) in _GOVERNMENT_SITES
        or labels[-1] in _GOVERNMENT_TLDS
        or bool(set(suffix) & _GOVERNMENT_LABELS)
    )


def _same_organisation(one: str, other: str) -> bool:
    return one == other or any({one, other} <= group for group in _SAME_ORGANISATION)


_GOVERNMENT_LABELS = frozenset(
    # gov: most countries (gov.uk, gov.au, gov.br, gov.in, gov.za, gov.ph, gov.bc.ca);
    # govt: New Zealand; gouv: French-speaking countries (gouv.fr, gouv.qc.ca); gob: Spanish-
    # speaking ones (gob.es, gob.mx); go: Kenya, Japan, Korea; gub: Uruguay; gv: Austria;
    # gc: the Government of Canada (gc.ca); nic: India's ministries (wcd.nic.in); bund: German
    # federal bodies (bund.de); leg: Brazil's legislature (senado.leg.br); mil: armed forces;
    # police: UK police forces (psni.police.uk); nhs: the UK's health service.
    "gov govt gouv gob go gub gv gc nic bund leg mil police nhs".split()
)
"""Labels that mark a public body's site when they are part of its suffix (not a site name)."""

_SECOND_LEVEL = _GOVERNMENT_LABELS | frozenset("ac asso co com edu ne net or org".split())
"""Labels under a country code that many unrelated sites share (co.uk, org.au, gov.br, go.ke)."""

_GOVERNMENT_TLDS = frozenset({"gov", "mil"})
"""The United States' federal government and armed forces have top-level domains of their own."""

_STATES = frozenset(
    # Australia's states and territories (health.vic.gov.au):
    "act nsw nt qld sa tas vic wa"
    # Brazil's states (cubatao.sp.gov.br):
    " ac al am ap ba ce df es go ma mg ms mt pa pb pe pi pr rj rn ro rr rs sc se sp to".split()
)
"""States whose governments sit under the national government's label."""

_PROVINCES = frozenset("ab bc mb nb nl ns nt nu on pe qc sk yk".split())
"""Canada's provinces and territories, each a suffix of its own under .ca (gov.bc.ca)."""

_SOLD_AS_TOP_LEVEL = frozenset({"uk.net", "uk.com", "us.com", "eu.com"})
"""Domains whose owners sell names under them as if they were country codes (respect.uk.net)."""

_GOVERNMENT_SITES = frozenset(
    {
        # National and regional governments whose domains carry no government label:
        "gov.wales",  # the Welsh Government, under Wales's own top-level domain
        "gov.scot",  # the Scottish Government, likewise
        "canada.ca",  # the Government of Canada's main site
        "ontario.ca",  # the Government of Ontario
        "quebec.ca",  # the Government of Quebec
        "rijksoverheid.nl",  # the Dutch national government
        "government.nl",  # the same in English
        "bundesregierung.de",  # the German federal government
        "bmfsfj.de",  # Germany's federal ministry for families, women and youth
        "service-public.fr",  # the French administration's portal
        "admin.ch",  # the Swiss federal administration
        "europa.eu",  # the European Union's institutions
        # Public bodies:
        "hse.ie",  # Ireland's Health Service Executive
        "garda.ie",  # Ireland's national police
        "citizensinformation.ie",  # Ireland's Citizens Information Board
        "nibusinessinfo.co.uk",  # Invest Northern Ireland's official business advice site
        "injuve.es",  # Spain's Youth Institute, part of a ministry
        # Local councils:
        "baden-baden.de",  # the city of Baden-Baden
        "landkreis-heidenheim.de",  # the district of Heidenheim
        "carballo.org",  # Concello de Carballo, Galicia
        "mugardos.gal",  # Concello de Mugardos, Galicia
        "saintviance.fr",  # the commune of Saint-Viance
    }
)
"""Public bodies whose sites no government label marks, each named."""

_SHARED_PORTALS = frozenset(
    {
        "gov.br",  # every Brazilian federal ministry and service
        "gov.uk",  # every UK government department and service
        "gov.wales",  # the Welsh Government's services
        "gov.scot",  # the Scottish Government's services
        "nidirect.gov.uk",  # Northern Ireland's public services
        "gov.ie",  # every Irish government department
        "govt.nz",  # New Zealand's all-of-government guide
        "canada.ca",  # every Canadian federal department
        "usa.gov",  # the US federal government's guide
        "service-public.fr",  # the French administration's portal
        "rijksoverheid.nl",  # every Dutch ministry
        "bundesregierung.de",  # the German federal government's news and services
        "gov.za",  # the South African government's portal
        "india.gov.in",  # the National Portal of India
        "australia.gov.au",  # Australia's government directory
    }
)
"""Hosts (not their subdomains) where many unrelated public services each have a section."""

_WIKI_SITES = frozenset(
    {
        "wikipedia.org",
        "wikidata.org",
        "wikimili.com",  # a Wikipedia mirror
        "wikiwand.com",  # a Wikipedia reader
        "wikizero.com",  # a Wikipedia mirror
        "wiki2.org",  # a Wikipedia mirror
        "grokipedia.com",  # a generated encyclopedia
        "everybodywiki.com",
        "dbpedia.org",
        "alchetron.com",
        "infogalactic.com",
        "justapedia.org",
        "fandom.com",
    }
)
"""Encyclopedias anyone (or a program) edits, and their mirrors."""

_NEWS_SITES = frozenset(
    # Press-release wires: what an organisation says about itself, published by someone else.
    "prnewswire.com newswire.ca businesswire.com globenewswire.com scoop.co.nz "
    # International:
    "bbc.co.uk bbc.com reuters.com apnews.com theguardian.com cnn.com aljazeera.com "
    # US, Canada:
    "nytimes.com washingtonpost.com npr.org advocate.com cbc.ca ctvnews.ca lapresse.ca "
    "theglobeandmail.com "
    # UK, Ireland:
    "independent.co.uk scotsman.com rte.ie irishtimes.com independent.ie thejournal.ie "
    "breakingnews.ie newstalk.com wicklownow.ie "
    # Australia, New Zealand:
    "abc.net.au smh.com.au stuff.co.nz nzherald.co.nz rnz.co.nz "
    # India:
    "thehawk.in tribuneindia.com orissadiary.com thehindu.com indiatimes.com "
    "hindustantimes.com ndtv.com "
    # Kenya, Nigeria, South Africa:
    "the-star.co.ke nation.africa standardmedia.co.ke punchng.com thisdaylive.com "
    "saynigeria.com premiumtimesng.com vanguardngr.com sabcnews.com citizen.co.za news24.com "
    "iol.co.za "
    # Philippines:
    "rappler.com inquirer.net philstar.com abs-cbn.com gmanetwork.com "
    # Germany, France, Spain, Netherlands, Brazil:
    "domradio.de tagesschau.de spiegel.de zeit.de streetpress.com lemonde.fr francetvinfo.fr "
    "maldita.es elpais.com nos.nl nu.nl mossorohoje.com.br globo.com".split()
)
"""News sites, by registrable domain; a site missing here counts as other, still secondary."""

_INTERGOVERNMENTAL_SITES = frozenset(
    "un.org unwomen.org unicef.org unfpa.org undp.org unhcr.org unodc.org unesco.org".split()
)
"""The United Nations' agencies (sites under .int count too): a source of this kind is other,
since it is neither the organisation's page nor a national government's."""

_DIRECTORY_SITES = frozenset(
    "iasp.info checkpointorg.com opencounseling.com suicidestop.com".split()
)
"""Lists of helplines run by someone other than the lines they list."""

_SAME_ORGANISATION: tuple[frozenset[str], ...] = (
    frozenset({"nationaldahelpline.org.uk", "refuge.org.uk"}),  # Refuge runs the helpline
    frozenset({"childline.org.uk", "nspcc.org.uk"}),  # Childline is a service of the NSPCC
    frozenset({"revengepornhelpline.org.uk", "stopncii.org", "swgfl.org.uk"}),  # run by SWGfL
    frozenset({"samaritans.org", "samaritans.ie"}),  # one charity for the UK and Ireland
    frozenset({"missingkids.org", "cybertip.org", "ncmec.org"}),  # NCMEC and its CyberTipline
)
"""Sites one organisation runs under different names: a source on any is its own."""
