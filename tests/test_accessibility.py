"""axe-core on the built site in Chromium: no violation of any impact, anywhere a reader goes.

Home (plain and filtered), a claim page, Ratings, a rating's listing, Tags,
the Claimants index and a claimant's page, Corrections, and the search box
with results open; in the light and the dark scheme; 390 and 1366 pixels
wide. axe-core comes from npm (package.json, installed by `make test`).
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

pytest.register_assert_rewrite("browser")

from browser import MAIN_CLAIM_ID, REPO, Content, claim_url  # noqa: E402

pytest_plugins = ["browser"]

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = (390, 1366)
SCHEMES = ("default", "slate")
SEARCH = "search: xiaomi"

RUN_AXE = """async () => {
  const result = await axe.run(document, { resultTypes: ["violations"] });
  return result.violations.map(v => ({
    id: v.id, impact: v.impact,
    nodes: v.nodes.slice(0, 5).map(n => n.target.join(" ") + ": " + (n.failureSummary || "")),
  }));
}"""
STILL = "*, *::before, *::after { transition: none !important; animation: none !important; }"


def pages(content: Content) -> list[str]:
    claim = content.claim(MAIN_CLAIM_ID)
    return [
        "",
        "?rating=unproven",
        claim_url(MAIN_CLAIM_ID),
        "ratings/",
        f"ratings/{claim.status}/",
        "tags/",
        "claimants/",
        "claimants/" + content.claimant_page(MAIN_CLAIM_ID),
        "corrections/",
        SEARCH,
    ]


def violations(page: Any) -> list[dict[str, Any]]:
    assert AXE.is_file(), f"{AXE} is missing: `make test` installs it (npm ci)"
    page.add_script_tag(path=str(AXE))
    found: list[dict[str, Any]] = page.evaluate(RUN_AXE)
    return found


def open_search(page: Any, width: int) -> None:
    if width < 1220:  # the header shows the magnifier; the box opens over the page
        page.click("label.md-header__button[for=__search]")
    else:
        page.click("input.md-search__input")
    page.keyboard.type(SEARCH.split(": ")[1], delay=40)
    expect(page.locator(".md-search-result__item").first).to_be_visible()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("scheme", SCHEMES)
def test_axe_finds_nothing(chromium: Any, site_url: str, content: Content, width: int, scheme: str):
    context = chromium.new_context(viewport={"width": width, "height": 900})
    found: dict[str, list[dict[str, Any]]] = {}
    for path in pages(content):
        page = context.new_page()
        page.goto(site_url + ("" if path == SEARCH else path), wait_until="load")
        # The scheme as the palette toggle sets it, with transitions off so that
        # axe reads the final colours, not a frame of the change.
        page.add_style_tag(content=STILL)
        page.evaluate(f"document.body.setAttribute('data-md-color-scheme', '{scheme}')")
        if path == SEARCH:
            open_search(page, width)
        if path.startswith("?"):
            expect(page.locator("[data-fc-results] li").first).to_be_visible()
        problems = violations(page)
        if problems:
            found[path or "home"] = problems
        page.close()
    context.close()
    assert found == {}, found


def test_the_search_dialog_has_a_name(chromium: Any, site_url: str):
    page = chromium.new_page()
    page.goto(site_url)
    assert page.get_attribute(".md-search[role=dialog]", "aria-label") == "Search"
    page.close()
