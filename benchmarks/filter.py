"""The home page's archive filter in a real browser, and the size of its data.

(a) data: archive.json's bytes per claim, as written and gzipped (what a
    server that compresses would send).
(b) ready: a fresh visitor opens the home page; the time from the load event
    until the filter form is shown (its data downloaded and read).
(c) filter: with the form shown, the time from choosing an option (the
    change event) to the first animation frame after the results are drawn,
    for a rating, a tag, a claimant and a year in turn.

Times use the page's own clock; the browser may fetch nothing but the site.
"""

from __future__ import annotations

import gzip
import statistics
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .chromium import NetworkGuard, StaticServer, launch

FILTER_FILE = "archive.json"
SELECTS = ("rating", "tag", "claimant", "year")

_CHOOSE = """([name, value]) => new Promise(resolve => {
  const select = document.querySelector(`form[data-fc-filter] select[name=${name}]`);
  const start = performance.now();
  select.value = value;
  select.dispatchEvent(new Event("change", { bubbles: true }));
  requestAnimationFrame(() => resolve(performance.now() - start));
})"""

_OPTION = """(name) => {
  const options = document.querySelectorAll(`form[data-fc-filter] select[name=${name}] option`);
  return options.length > 1 ? options[Math.min(2, options.length - 1)].value : null;
}"""


@dataclass
class FilterTimes:
    data_bytes: int = 0
    data_gzip: int = 0
    ready: list[float] = field(default_factory=list)  # seconds, load event -> form shown
    filter: list[float] = field(default_factory=list)  # seconds, change -> results drawn
    matches: list[int] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)

    @property
    def ready_median(self) -> float:
        return statistics.median(self.ready)

    @property
    def filter_median(self) -> float:
        return statistics.median(self.filter)

    @property
    def filter_max(self) -> float:
        return max(self.filter)


def data_size(site_dir: Path) -> tuple[int, int]:
    raw = (site_dir / FILTER_FILE).read_bytes()
    return len(raw), len(gzip.compress(raw, compresslevel=6))


def measure(site_dir: Path, visits: int = 3) -> FilterTimes:
    """The filter of the built site at site_dir, for `visits` fresh visitors."""
    from playwright.sync_api import sync_playwright

    out = FilterTimes()
    out.data_bytes, out.data_gzip = data_size(site_dir)
    with StaticServer(site_dir) as server, sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            for _ in range(visits):
                _visit(browser, server.url, out)
        finally:
            browser.close()
    return out


def _visit(browser: Any, url: str, out: FilterTimes) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    guard = NetworkGuard()
    context.route("**/*", guard.handle)
    page = context.new_page()
    page.goto(url, wait_until="load")
    loaded = page.evaluate("performance.timing.loadEventStart - performance.timing.navigationStart")
    page.wait_for_selector("form[data-fc-filter]:not([hidden])", timeout=60_000)
    shown = page.evaluate("performance.now()")
    out.ready.append(max(shown - loaded, 0) / 1000)
    for name in SELECTS:
        value = page.evaluate(_OPTION, name)
        if value is None:
            continue
        out.filter.append(page.evaluate(_CHOOSE, [name, value]) / 1000)
        out.matches.append(page.locator("[data-fc-results] > li").count())
        page.evaluate(_CHOOSE, [name, ""])
    out.blocked += guard.blocked
    context.close()
