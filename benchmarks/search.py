"""Material's search in a real browser: Debian's Chromium, headless, via Playwright.

The built site is served over http on 127.0.0.1 by a thread of this process;
the browser may fetch nothing else (every other request is aborted). Queries
are typed with real key presses, because Material listens to keyup.

Timestamps are taken in the page's own clock (performance.now()): the load
event, each keydown, each message between the page and Material's search
worker, and each redraw of the result list. The worker answers every query
message with one result message, in order, so the k-th query sent has the
k-th answer; a query's first result counts as shown at the first animation
frame after the list is redrawn with that answer.

(a) ready: a fresh visitor (new browser context, empty cache) opens the home
    page and types a query right after the load event; the time from the load
    event to the first result of that query shown. Material's worker
    downloads and indexes search_index.json after the page loads and answers
    nothing before, so this is, in effect, the time until search is ready.
(b) query: with the index ready, the time from the last key press of a query
    to the first result of that query shown.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .chromium import NetworkGuard, StaticServer, launch

SEARCH_INPUT = "input.md-search__input"
RESULT_ITEM = ".md-search-result__item"
TYPING_DELAY_MS = 150  # between key presses: about 80 words a minute
QUIET_S = 1.0  # pause after clearing the search box

# Installed before the page's own scripts: records key presses, the search
# worker's messages (Material: 1 ready, 2 query, 3 result) and list redraws.
_RECORDER = """
(() => {
  const rec = { keydown: [], queries: [], results: [], ready: null, redraws: [] };
  window.__bench = rec;
  document.addEventListener("keydown", () => rec.keydown.push(performance.now()), true);
  const NativeWorker = window.Worker;
  window.Worker = class extends NativeWorker {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", ev => {
        const t = performance.now();
        const type = ev.data && ev.data.type;
        if (type === 1) rec.ready = t;
        if (type === 3) {
          const items = (ev.data.data && ev.data.data.items) || [];
          rec.results.push({ t, count: items.length });
        }
      });
    }
    postMessage(message, ...rest) {
      if (message && message.type === 2) {
        rec.queries.push({ value: message.data, t: performance.now() });
      }
      return super.postMessage(message, ...rest);
    }
  };
  let first = null;
  const watch = () => {
    const list = document.querySelector(".md-search-result__list");
    if (!list) return false;
    new MutationObserver(() => {
      const now = list.querySelector(".md-search-result__item");
      if (now && now !== first) {
        const entry = { inserted: performance.now(), painted: null };
        rec.redraws.push(entry);
        requestAnimationFrame(() => { entry.painted = performance.now(); });
      }
      first = now;
    }).observe(list, { childList: true });
    return true;
  };
  if (!watch()) document.addEventListener("DOMContentLoaded", watch);
})();
"""


@dataclass
class SearchTimes:
    ready: list[float] = field(default_factory=list)  # (a) seconds, load -> first result
    query: list[float] = field(default_factory=list)  # (b) seconds, last key -> first result
    page_load: list[float] = field(default_factory=list)  # navigation start -> load event
    index_fetched: list[float] = field(default_factory=list)  # load -> index downloaded
    index_ready: list[float] = field(default_factory=list)  # load -> worker's ready message
    worker: list[float] = field(default_factory=list)  # the worker's time for the last query
    queries: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    browser: str = ""

    @property
    def ready_median(self) -> float:
        return statistics.median(self.ready)

    @property
    def query_median(self) -> float:
        return statistics.median(self.query)


def _answer_shown(page: Any, query: str, after: float, timeout: float) -> tuple[float, float]:
    """When the first result of `query` (sent after `after`) was shown, page clock (ms);
    and how long the worker spent on that query alone (ms), queue excluded."""
    deadline = time.monotonic() + timeout
    while True:
        rec = page.evaluate("window.__bench")
        sent = [i for i, q in enumerate(rec["queries"]) if q["value"] == query and q["t"] >= after]
        if sent and len(rec["results"]) > sent[-1]:
            answer = rec["results"][sent[-1]]
            if answer["count"] == 0:
                raise RuntimeError(f"search found nothing for {query!r}")
            shown = [r for r in rec["redraws"] if r["inserted"] >= answer["t"]]
            if shown and shown[0]["painted"] is not None:
                i = sent[-1]
                began = max(rec["queries"][i]["t"], rec["results"][i - 1]["t"] if i else 0)
                return shown[0]["painted"], answer["t"] - began
        if time.monotonic() > deadline:
            raise TimeoutError(f"no search result for {query!r} within {timeout:g} s")
        time.sleep(0.05)


def _type(page: Any, text: str, delay: float = TYPING_DELAY_MS) -> None:
    page.locator(SEARCH_INPUT).press_sequentially(text, delay=delay)


def measure(
    site_dir: Path, queries: list[str], visits: int = 3, timeout: float = 120
) -> SearchTimes:
    """Time Material's search on the site at site_dir: `visits` fresh visitors."""
    from playwright.sync_api import sync_playwright

    out = SearchTimes()
    with StaticServer(site_dir) as server, sync_playwright() as playwright:
        browser = launch(playwright)
        out.browser = f"Chromium {browser.version}"
        try:
            for visit in range(visits):
                context = browser.new_context(
                    viewport={"width": 1280, "height": 900}, service_workers="block"
                )
                context.route("**/*", NetworkGuard(out.blocked).handle)
                page = context.new_page()
                page.set_default_timeout(timeout * 1000)
                page.add_init_script(_RECORDER)
                try:
                    _visit(page, server.url, queries, visit, out, timeout)
                finally:
                    context.close()
        finally:
            browser.close()
    return out


def _visit(
    page: Any, url: str, queries: list[str], visit: int, out: SearchTimes, timeout: float
) -> None:
    page.goto(url, wait_until="load")
    load_end = page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd")
    out.page_load.append(load_end / 1000)
    # (a) typed at once after the load event; the index is still on its way.
    box = page.locator(SEARCH_INPUT)
    box.click()
    first = queries[visit % len(queries)]
    _type(page, first, delay=0)  # real key presses, without pauses
    shown, _ = _answer_shown(page, first, load_end, timeout)
    out.ready.append((shown - load_end) / 1000)
    rec = page.evaluate("window.__bench")
    out.index_ready.append((rec["ready"] - load_end) / 1000)
    fetched = page.evaluate(
        "(performance.getEntriesByType('resource').find("
        "e => e.name.endsWith('search_index.json')) || {}).responseEnd || null"
    )
    if fetched is not None:
        out.index_fetched.append((fetched - load_end) / 1000)
    # (b) the index is ready: each further query, from its last key press.
    for k in range(1, len(queries)):
        query = queries[(visit + k) % len(queries)]
        box.press("Control+A")
        box.press("Backspace")
        time.sleep(QUIET_S)  # let the cleared list settle
        _type(page, query)
        last_key = page.evaluate("window.__bench.keydown.at(-1)")
        if box.input_value() != query:
            raise RuntimeError(f"the search box holds {box.input_value()!r}, not {query!r}")
        shown, worker = _answer_shown(page, query, last_key, timeout)
        out.query.append((shown - last_key) / 1000)
        out.worker.append(worker / 1000)
        out.queries.append(query)
