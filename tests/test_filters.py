"""The archive filter: its data file (no build), and the form in Chromium on the real site."""

from __future__ import annotations

import dataclasses
import json
from collections import Counter
from typing import Any

import pytest
from playwright.sync_api import expect

pytest.register_assert_rewrite("browser")

from browser import Content, Tab  # noqa: E402
from conftest import VALID_CLAIM  # noqa: E402
from factcheck.filters import COLUMNS, archive_data, archive_json  # noqa: E402
from factcheck.model import Claim, Party, Scale  # noqa: E402
from factcheck.pages import SiteIndex  # noqa: E402
from factcheck.yamlfile import parse  # noqa: E402

pytest_plugins = ["browser"]


def _index(scale: Scale) -> SiteIndex:
    base = Claim.from_data("a", "claims/a.yaml", parse(VALID_CLAIM).data)
    hostile = dataclasses.replace(
        base,
        id="b",
        title="</script><script>alert(1)</script> \u2028 “quotes”",
        claimant=Party("Zoë <b>", "person"),
        status="false",
        tags=("moon",),
    )
    return SiteIndex.build([base, hostile], scale)


def test_rows_refer_to_the_lists_by_position(scale: Scale) -> None:
    index = _index(scale)
    badges = {r.id: f"<span>{r.id}</span>" for r in scale.ratings}
    data = archive_data(index, lambda c: f"claims/{c.id}/", badges)
    assert tuple(data["columns"]) == COLUMNS
    assert data["ratings"] == [[r.id, r.label, r.color, badges[r.id]] for r in scale.ratings]
    rows = {row[0]: row for row in data["claims"]}
    assert list(rows) == [f"claims/{c.id}/" for c in index.claims]  # newest review first
    for claim in index.claims:
        _, title, rating, claimant, tags, year, reviewed, claimed = rows[f"claims/{claim.id}/"]
        assert title == claim.title
        assert data["ratings"][rating][0] == claim.status
        assert data["claimants"][claimant] == [claim.claimant.name, index.claimant_of(claim)]
        assert [data["tags"][t] for t in tags] == list(claim.tags)
        assert year == claim.date.latest.year
        assert str(reviewed) == claim.last_changed.isoformat().replace("-", "")
        assert claimed == int("".join(f"{part:02d}" for part in claim.date.sort_key()))


def test_the_file_is_ascii_json_that_reads_back_exactly(scale: Scale) -> None:
    index = _index(scale)
    text = archive_json(index, lambda c: f"claims/{c.id}/", {r.id: "" for r in scale.ratings})
    assert text.isascii()  # every non-ASCII character written as an escape
    titles = [row[1] for row in json.loads(text)["claims"]]
    assert titles == [c.title for c in index.claims]  # the hostile title, exactly


# --- in the browser -------------------------------------------------------------------------


def shown_count(tab: Tab) -> str:
    return tab.page.locator("[data-fc-count]").inner_text()


def open_home(tab: Tab, site_url: str, query: str = "") -> None:
    tab.open(site_url + query)
    expect(tab.page.locator("form[data-fc-filter]")).to_be_visible()


def results(tab: Tab) -> list[str]:
    return tab.page.locator("[data-fc-results] .fc-list__title").all_inner_texts()


def expected_titles(content: Content, keep: Any) -> list[str]:
    index = SiteIndex.build(list(content.claims.values()), content.scale)
    return [c.title for c in index.claims if keep(c)]


def test_each_rating_filter_shows_exactly_its_claims(tab: Tab, site_url: str, content: Content):
    open_home(tab, site_url)
    counts = Counter(c.status for c in content.claims.values())
    offered = tab.page.locator("select[name=rating] option").all_inner_texts()
    assert offered[0] == "All ratings"
    assert len(offered) - 1 == len(counts)  # ratings with no claims are not offered
    for status, count in counts.items():
        tab.page.select_option("select[name=rating]", status)
        want = expected_titles(content, lambda c, s=status: c.status == s)
        assert results(tab) == want
        expect(tab.page.locator("[data-fc-count]")).to_have_text(
            f"{count} claim{'s' if count != 1 else ''} match."
        )
        assert tab.page.url.endswith(f"?rating={status}")
    expect(tab.page.locator("[data-fc-plain]")).to_be_hidden()
    assert tab.errors == []


def test_filters_combine_sort_and_live_in_the_address(tab: Tab, site_url: str, content: Content):
    claim = next(c for c in content.claims.values() if len(c.tags) > 1)
    tag = claim.tags[0]
    slug = SiteIndex.build(list(content.claims.values()), content.scale).claimant_of(claim)
    query = f"?tag={tag}&claimant={slug}&sort=claim"
    open_home(tab, site_url, query)
    assert tab.page.locator("select[name=tag]").input_value() == tag
    index = SiteIndex.build(list(content.claims.values()), content.scale)
    keep = [c for c in index.claims if tag in c.tags and c.claimant.name == claim.claimant.name]
    by_claim = sorted(keep, key=lambda c: -int("".join(f"{p:02d}" for p in c.date.sort_key())))
    assert results(tab) == [c.title for c in by_claim]
    tab.page.click("form[data-fc-filter] button[type=reset]")
    expect(tab.page.locator("[data-fc-plain]")).to_be_visible()
    expect(tab.page.locator("[data-fc-results]")).to_be_hidden()
    assert tab.page.url == site_url
    year = str(claim.date.latest.year)
    tab.page.select_option("select[name=year]", year)
    want = expected_titles(content, lambda c: c.date.latest.year == int(year))
    assert results(tab) == want


def test_without_javascript_the_paginated_list_is_the_archive(chromium, site_url: str):
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "?rating=true")
    expect(page.locator("form[data-fc-filter]")).to_be_hidden()
    expect(page.locator("[data-fc-plain] .fc-list__item").first).to_be_visible()
    context.close()


def test_a_tag_listing_filters_its_own_claims_by_the_other_fields(
    tab: Tab, site_url: str, content: Content
):
    tags = Counter(t for c in content.claims.values() for t in c.tags)
    tag = max(sorted(tags), key=lambda t: tags[t])  # the tag with most claims
    tagged = [c for c in content.claims.values() if tag in c.tags]
    status = Counter(c.status for c in tagged).most_common(1)[0][0]
    tab.open(f"{site_url}tags/{tag}/")
    form = tab.page.locator("form[data-fc-filter]")
    expect(form).to_be_visible()
    expect(form.locator("select[name=tag]")).to_have_count(0)  # fixed by the page
    offered = form.locator("select[name=rating] option").all_inner_texts()
    assert len(offered) - 1 == len({c.status for c in tagged})  # only its claims' ratings
    expect(tab.page.locator("[data-fc-count]")).to_have_text(f"{len(tagged)} claims in all.")
    tab.page.select_option("select[name=rating]", status)
    want = expected_titles(content, lambda c: tag in c.tags and c.status == status)
    assert results(tab) == want
    assert tab.page.url.endswith(f"tags/{tag}/?rating={status}")  # the page keeps its tag
    expect(tab.page.locator("[data-fc-plain]")).to_be_hidden()
    tab.open(f"{site_url}tags/{tag}/?rating={status}")  # a shared link restores the view
    expect(form).to_be_visible()
    assert results(tab) == want
    assert tab.errors == []


def test_rating_and_claimant_listings_fix_their_own_field(
    tab: Tab, site_url: str, content: Content
):
    index = SiteIndex.build(list(content.claims.values()), content.scale)
    claim = index.claims[0]
    slug = index.claimant_of(claim)
    for address, fixed, keep in (
        (f"ratings/{claim.status}/", "rating", lambda c: c.status == claim.status),
        (f"claimants/{slug}/", "claimant", lambda c: index.claimant_of(c) == slug),
    ):
        tab.open(site_url + address)
        form = tab.page.locator("form[data-fc-filter]")
        expect(form).to_be_visible()
        expect(form.locator(f"select[name={fixed}]")).to_have_count(0)
        tab.page.select_option("select[name=sort]", "claim")
        want = sorted(
            (c for c in index.claims if keep(c)),
            key=lambda c: -int("".join(f"{p:02d}" for p in c.date.sort_key())),
        )
        assert results(tab) == [c.title for c in want], address
    assert tab.errors == []
