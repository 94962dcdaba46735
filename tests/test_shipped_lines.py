"""The shipped lines: official links on the organisation's own site, the core topics covered in
every country by its own lines, and no line for everywhere scoped to one country's forces."""

from __future__ import annotations

import pytest

from bot.content.loader import load_snapshot
from bot.content.models import INTERNATIONAL, Resource
from bot.lint import third_party_link
from tests.conftest import SHIPPED_DATA

SHIPPED = load_snapshot(SHIPPED_DATA)
"""Loaded once at collection: each line is a test case of its own."""

COUNTRIES = tuple("AU BR CA DE ES FR GB IE IN KE NG NL NZ PH US ZA".split())
CORE_TOPICS = ("sexual-assault", "domestic-violence", "child-abuse", "suicide-and-crisis")
"""The topics issue 16 asks every country to have a line of its own for."""

SHARED_PORTAL_LINKS = {
    # Ligue 180 is run by the Ministry of Women, whose own site is its section of gov.br:
    # Brazil moved every federal ministry's site onto that one portal.
    "br-ligue-180": "www.gov.br",
    # Disque 100 is run by the Ministry of Human Rights and Citizenship, which publishes the
    # line as a service page on gov.br, the same shared portal.
    "br-disque-100": "www.gov.br",
    # Live Fear Free is the Welsh Government's own helpline (Welsh Women's Aid answers it); its
    # home is the Welsh Government's section at gov.wales/live-fear-free.
    "gb-live-fear-free": "www.gov.wales",
}
"""Lines whose official link is their own section of a shared government portal."""

THIRD_PARTY_LINKS = {
    "ng-surpin": "url is a news article (healthwise.punchng.com); SURPIN's own site was not "
    "found. A known defect of issue 16: fix the line, then drop this entry.",
}
"""Lines known to break the rule: expected to fail until their content is fixed, never allowed."""


def _case(line: Resource) -> object:
    reason = THIRD_PARTY_LINKS.get(line.id)
    marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
    return pytest.param(line, id=line.id, marks=marks)


@pytest.mark.parametrize("line", [_case(line) for line in SHIPPED.resources])
def test_official_link_is_on_the_organisations_own_site(line: Resource) -> None:
    kind = third_party_link(line.url)
    if kind == "shared-portal":
        assert SHARED_PORTAL_LINKS.get(line.id) == line.url.host, "portal link not allow-listed"
    else:
        assert kind is None, f"url is on a {kind} site: {line.url}"


@pytest.mark.parametrize(("line_id", "host"), SHARED_PORTAL_LINKS.items())
def test_every_allowed_portal_link_is_still_needed(line_id: str, host: str) -> None:
    line = SHIPPED.by_id[line_id]
    assert isinstance(line, Resource) and line.url.host == host
    assert third_party_link(line.url) == "shared-portal"


@pytest.mark.parametrize("code", COUNTRIES)
def test_every_country_has_its_own_line_for_each_core_topic(code: str) -> None:
    covered = {
        topic for line in SHIPPED.resources if code in line.countries for topic in line.topics
    }
    assert [topic for topic in CORE_TOPICS if topic not in covered] == []


def test_the_countries_checked_are_the_shipped_ones() -> None:
    assert sorted(country.code for country in SHIPPED.countries) == sorted(COUNTRIES)


def test_no_line_for_everywhere_serves_one_countrys_armed_forces() -> None:
    national = {"military", "veterans"}
    assert [
        line.id
        for line in SHIPPED.resources
        if INTERNATIONAL in line.countries and national & set(line.serves)
    ] == []
