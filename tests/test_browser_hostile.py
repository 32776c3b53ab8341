"""A claim full of script payloads, opened in Chromium: nothing runs, everything reads as text.

The site is the repository's own (config, docs, theme) with the hostile claim
from tests/corpus/valid/ added; its page, the listings that show it and a
search that finds it are opened in Debian's headless Chromium.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

pytest.register_assert_rewrite("browser")

from browser import (  # noqa: E402
    REPO,
    StaticServer,
    Tab,
    build_site,
    copy_site_inputs,
    mkdocs_config,
    new_tab,
    search,
)
from conftest import set_plugin_options  # noqa: E402

pytest_plugins = ["browser"]

HOSTILE = Path(__file__).parent / "corpus" / "valid" / "hostile-text.yaml"
TITLE = "<script>alert('title')</script> {{ config.site_name }} </title><b>x"
QUOTE_START = "<img src=x onerror=\"alert('claim')\"> [click](javascript:alert('md'))"

# Elements and attributes a payload would create if it were parsed as HTML.
INJECTED = """() => {
  const found = [];
  const payloads = 'iframe, marquee, img, .fc-claim style, .fc-claim b, h1 b, ' +
    '.fc-claim script:not([type="application/ld+json"])';
  for (const el of document.querySelectorAll(payloads)) {
    found.push(el.outerHTML.slice(0, 80));
  }
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.getAttributeNames()) {
      if (attr.startsWith('on')) found.push(el.tagName + ' ' + attr);
    }
    for (const attr of ['href', 'src']) {
      const value = (el.getAttribute(attr) || '').trim().toLowerCase();
      if (/^(javascript|data):/.test(value)) found.push(el.tagName + ' ' + value);
    }
  }
  return found;
}"""


def serve_hostile(tmp_path_factory: pytest.TempPathFactory, engine: str) -> Iterator[str]:
    root = copy_site_inputs(REPO, tmp_path_factory.mktemp("hostile-src"))
    set_plugin_options(root, search=engine)
    shutil.copy(HOSTILE, root / "claims" / HOSTILE.name)
    server = StaticServer(build_site(root, tmp_path_factory.mktemp("hostile-site")))
    yield server.start()
    server.stop()


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The site with the hostile claim, searched with Material's own search."""
    yield from serve_hostile(tmp_path_factory, "material")


@pytest.fixture(scope="module")
def hostile_pagefind_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The same site with `search: pagefind`."""
    yield from serve_hostile(tmp_path_factory, "pagefind")


@pytest.fixture
def guarded(chromium: Any) -> Iterator[tuple[Tab, list[str]]]:
    context, tab = new_tab(chromium)
    dialogs: list[str] = []

    def record(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    tab.page.on("dialog", record)
    yield tab, dialogs
    context.close()


def assert_inert(tab: Tab, dialogs: list[str]) -> None:
    tab.page.wait_for_load_state("networkidle")
    assert dialogs == [], f"a payload ran: {dialogs}"
    assert tab.page.evaluate(INJECTED) == []
    assert tab.errors == []
    expect(tab.page.locator("body")).to_be_visible()  # the <style> payload hid nothing


def test_claim_page_shows_payloads_as_text(guarded: tuple[Tab, list[str]], hostile_url: str):
    tab, dialogs = guarded
    tab.open(hostile_url + "claims/hostile-text/")
    assert_inert(tab, dialogs)
    expect(tab.page.locator("h1#claim-title")).to_have_text(TITLE)
    site_name = mkdocs_config()["site_name"]
    assert tab.page.title() == f"{TITLE} - {site_name}"
    quote = tab.page.locator("figure.fc-quote blockquote").inner_text()
    assert quote.startswith(QUOTE_START)
    assert '{% include "base.html" %}' in quote
    expect(tab.page.locator(".fc-claimant")).to_have_text("<svg onload=alert('claimant')>")
    expect(tab.page.locator(".fc-counter blockquote")).to_have_text(
        "</blockquote><script>alert('counter')</script>"
    )
    data = tab.page.locator('script[type="application/ld+json"]')
    expect(data).to_have_count(1)  # the payloads did not close it or add another
    assert json.loads(data.text_content() or "")["claimReviewed"] == TITLE


@pytest.mark.parametrize(
    "path",
    [
        "",
        "tags/hostile/",
        "ratings/unproven/",
        "tags/",
        "claimants/",
        "claimants/svg-onload-alert-claimant/",
        "?tag=hostile",
    ],
)
def test_listings_show_the_title_as_text(
    guarded: tuple[Tab, list[str]], hostile_url: str, path: str
):
    tab, dialogs = guarded
    tab.open(hostile_url + path)
    assert_inert(tab, dialogs)
    if path.startswith("?"):  # the archive filter, filled by filter.js from archive.json
        results = tab.page.locator("[data-fc-results] a.fc-list__title")
        expect(results).to_have_text([TITLE])
        claimant = tab.page.locator("select[name=claimant] option", has_text="svg onload")
        expect(claimant).to_have_text("<svg onload=alert('claimant')> (1)")
    elif path not in ("tags/", "claimants/"):
        link = tab.page.locator("a.fc-list__title", has_text="alert('title')")
        expect(link).to_have_text(TITLE)


@pytest.mark.parametrize("site", ["hostile_url", "hostile_pagefind_url"])
def test_search_results_show_payloads_as_text(
    guarded: tuple[Tab, list[str]], request: pytest.FixtureRequest, site: str
):
    tab, dialogs = guarded
    tab.open(request.getfixturevalue(site))
    results = search(tab.page, "lipsum")  # a bare word of the payloads
    first = results.first
    expect(first).to_contain_text("alert('title')")
    text = first.inner_text()
    assert "<script>" in text  # shown as text, not parsed
    assert "&lt;" not in text and "&amp;" not in text  # and not escaped twice
    expect(first.locator("mark").first).to_be_visible()  # the only markup: the match
    assert_inert(tab, dialogs)
