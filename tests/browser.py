"""Shared helpers for the browser tests: build, serve, drive Debian's Chromium.

Loaded by the browser test modules with ``pytest_plugins = ["browser"]``, so its
session fixtures (one build of the real site, one static server, one Chromium)
are shared by every test that asks for them.

Rules kept once, in benchmarks/chromium.py (the benchmark uses the same): the
browser is Debian's /usr/bin/chromium (never a downloaded one), it runs
headless, and every request that is not to 127.0.0.1 is aborted and recorded,
so no test can reach the web.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from factcheck.load import load_claims, load_scale
from factcheck.model import Claim, Scale
from factcheck.pages import SiteIndex

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # benchmarks/ is a folder of the repository, not installed
    sys.path.insert(0, str(REPO))

from benchmarks import mkdocs_site  # noqa: E402
from benchmarks.chromium import (  # noqa: E402
    NetworkGuard,
    StaticServer,
    chromium_available,
    launch,
)
from benchmarks.mkdocs_site import (  # noqa: E402
    factcheck_options,
    mkdocs_command,
    mkdocs_env,
    read_config,
)

MAIN_CLAIM_ID = "ford-xiaomi-joint-venture"

CHROMIUM_MISSING = (
    "Debian's chromium is not installed at /usr/bin/chromium: apt-get install chromium"
)
VIEWPORT = {"width": 1280, "height": 900}

# What `mkdocs build` and `mkdocs serve` read: a copy of these is a working site.
SITE_INPUTS = ("mkdocs.yml", "docs", "overrides", "ratings.yaml", "claims")


# --- the project's configuration and content ---------------------------------


def mkdocs_config(root: Path = REPO) -> dict[str, Any]:
    """The site's mkdocs.yml as plain data."""
    return read_config(root / "mkdocs.yml")


@dataclass(frozen=True)
class Content:
    """The claims and the rating scale of a site, read with the project's loader."""

    root: Path
    claims_dir: Path
    scale: Scale
    claims: dict[str, Claim]
    files: tuple[Path, ...]  # the claim files, as found when loading

    def claim_file(self, claim_id: str) -> Path:
        return self.claims_dir / f"{claim_id}.yaml"

    def claim(self, claim_id: str) -> Claim:
        if claim_id not in self.claims:
            pytest.fail(
                f"claim '{claim_id}' is missing: {self.claim_file(claim_id)} does not exist "
                f"or is invalid (claims found: {', '.join(sorted(self.claims)) or 'none'})"
            )
        return self.claims[claim_id]

    def claimant_page(self, claim_id: str) -> str:
        """The address, under claimants/, of the page of the claim's claimant."""
        index = SiteIndex.build(list(self.claims.values()), self.scale)
        return index.claimant_of(self.claim(claim_id)) + "/"

    def raw(self, claim_id: str) -> dict[str, Any]:
        """The claim file as plain data (every field, as written)."""
        return yaml.safe_load(self.claim_file(claim_id).read_text(encoding="utf-8"))


def load_content(root: Path = REPO) -> Content:
    """Every claim under root, validated; fails the test on any problem."""
    options = factcheck_options(mkdocs_config(root))
    scale, problems = load_scale(root / options["ratings"], options["ratings"])
    assert scale is not None, "\n".join(map(str, problems))
    claims_dir = root / options["claims_dir"]
    files = tuple(sorted(claims_dir.glob("*.yaml")))
    result = load_claims(files, scale, root)
    assert result.ok, "\n".join(map(str, result.problems))
    return Content(root, claims_dir, scale, {c.id: c for c in result.claims}, files)


def claim_url(claim_id: str) -> str:
    """A claim page's address, relative to the site root."""
    return f"claims/{claim_id}/"


def words(text: str) -> str:
    """Text with runs of whitespace made single spaces: how a reader sees it."""
    return " ".join(text.split())


# --- building and serving ----------------------------------------------------


def build_site(root: Path, site_dir: Path) -> Path:
    """`mkdocs build --strict` of the site at root into site_dir."""
    proc = subprocess.run(
        mkdocs_command("build", "--strict", "-f", str(root / "mkdocs.yml"), "-d", str(site_dir)),
        cwd=root,
        env=mkdocs_env(),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if proc.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed ({proc.returncode}):\n{proc.stderr}")
    return site_dir


def copy_site_inputs(root: Path, dest: Path) -> Path:
    """A private copy of everything the site is built from."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in SITE_INPUTS:
        src = root / name
        if src.is_dir():
            shutil.copytree(src, dest / name)
        elif src.exists():
            shutil.copy2(src, dest / name)
    (dest / "claims").mkdir(exist_ok=True)
    return dest


def http_status(url: str, timeout: float = 5) -> int | None:
    """The HTTP status of url, or None when nothing answers."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as err:
        return err.code
    except OSError:
        return None


def wait_until(
    check: Any, timeout: float, what: str, details: Any = None, interval: float = 0.2
) -> Any:
    """Poll check() until it returns something truthy; fail after timeout seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            extra = f"\n{details()}" if details else ""
            pytest.fail(f"timed out after {timeout:g} s waiting for {what}{extra}")
        time.sleep(interval)


class DevServer(mkdocs_site.DevServer):
    """`mkdocs serve --dirty` (as `make serve` runs it) of a site copy."""

    def __init__(self, root: Path, log: Path) -> None:
        super().__init__(root, log, ["--dirty"])

    def wait_for(self, path: str, status: int = 200, timeout: float = 60) -> None:
        """Wait until path answers with status; fail early if the server died."""

        def answered() -> bool:
            if not self.alive():
                code = self.proc.returncode if self.proc else None
                pytest.fail(f"mkdocs serve exited ({code}):\n{self.output()}")
            return http_status(self.url + path) == status

        wait_until(answered, timeout, f"{self.url + path} to answer {status}", self.output)


# --- editing claim files in place, keeping their layout ------------------------


def set_field(text: str, key: str, value: str) -> str:
    """Replace a top-level `key:` (and any continuation lines) with one line.

    Everything else in the file stays byte for byte, so line numbers of later
    fields only move if the old value spanned several lines.
    """
    lines = text.splitlines(keepends=True)
    start = next(
        (i for i, line in enumerate(lines) if re.match(rf"{re.escape(key)}\s*:", line)), None
    )
    assert start is not None, f"no top-level '{key}:' in the claim file"
    end = start + 1
    while end < len(lines) and (lines[end][:1] in (" ", "\t") or not lines[end].strip()):
        end += 1
    # Keep blank lines that separate this field from the next one.
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1
    newline = "\r\n" if lines[start].endswith("\r\n") else "\n"
    lines[start:end] = [f"{key}: {json.dumps(value, ensure_ascii=False)}{newline}"]
    return "".join(lines)


def line_of_field(text: str, key: str) -> int:
    """The 1-based line of a top-level `key:`."""
    for number, line in enumerate(text.splitlines(), start=1):
        if re.match(rf"{re.escape(key)}\s*:", line):
            return number
    raise AssertionError(f"no top-level '{key}:' in the claim file")


def rewrite(path: Path, text: str) -> None:
    """Write the file the way an editor saves it (same bytes for the unchanged parts)."""
    path.write_bytes(text.encode("utf-8"))


# --- the browser --------------------------------------------------------------


@dataclass
class Tab:
    """A page in its own browser context, with the network guard and its JS errors."""

    page: Any
    guard: NetworkGuard
    errors: list[str]

    def open(self, url: str) -> Any:
        """Go to url and assert it loaded (HTTP 200)."""
        response = self.page.goto(url, wait_until="load")
        assert response is not None, f"no response for {url}"
        assert response.status == 200, f"{url} answered {response.status}"
        return response


def launch_chromium(playwright: Any) -> Any:
    if not chromium_available():
        pytest.skip(CHROMIUM_MISSING)
    return launch(playwright)


def new_tab(browser: Any) -> tuple[Any, Tab]:
    """A fresh context (no shared storage) and its page, guarded."""
    context = browser.new_context(viewport=VIEWPORT, service_workers="block")
    guard = NetworkGuard()
    context.route("**/*", guard.handle)
    page = context.new_page()
    page.set_default_timeout(15_000)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return context, Tab(page, guard, errors)


def search(page: Any, query: str, expect_results: bool = True) -> Any:
    """Type query into Material's search with real key presses; the settled result list.

    The list is redrawn after every key press, so wait until the input holds the
    whole query and the list has stopped changing before anyone reads it.
    """
    box = page.locator("input.md-search__input")
    if not box.is_visible():  # narrow layouts: open the search from the header
        page.locator("label.md-header__button[for='__search']").click()
    box.click()
    box.press_sequentially(query, delay=40)
    assert box.input_value() == query
    results = page.locator(".md-search-result__item")
    if expect_results:
        results.first.wait_for(state="visible")
    listing = page.locator(".md-search-result")
    seen = {"html": "", "unchanged": 0}

    def settled() -> bool:  # the same list on three reads in a row (0.6 s)
        now = listing.inner_html()
        seen["unchanged"] = seen["unchanged"] + 1 if now == seen["html"] else 0
        seen["html"] = now
        return seen["unchanged"] >= 2

    wait_until(settled, 10, f"the search results for {query!r} to settle", interval=0.3)
    return results


# --- fixtures ---------------------------------------------------------------


@pytest.fixture(scope="session")
def content() -> Content:
    """The repository's claims and rating scale, as the build reads them."""
    return load_content(REPO)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory, content: Content) -> Path:
    """The real repository, built once with `mkdocs build --strict` (after `content`)."""
    return build_site(REPO, tmp_path_factory.mktemp("site"))


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """The built site served over http on 127.0.0.1 (search needs http)."""
    server = StaticServer(built_site)
    url = server.start()
    yield url
    server.stop()


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """One headless Debian Chromium for the session."""
    if not chromium_available():
        pytest.skip(CHROMIUM_MISSING)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser
        browser.close()


@pytest.fixture
def tab(chromium: Any) -> Iterator[Tab]:
    """A fresh guarded page at 1280x900; closed after the test."""
    context, opened = new_tab(chromium)
    yield opened
    context.close()


def first_result(results):
    """The page link and the title of the first search result."""
    first = results.first
    return first.locator("a.md-search-result__link").first, first.locator("h1").first


def result_title(claim: Claim, scale: Scale) -> str:
    """A claim's title as a search result shows it: its rating's badge, then the title."""
    return words(f"{scale.by_id[claim.status].label} {claim.title}")


def result_paths(results: Any, base_path: str) -> list[str]:
    """The page each result links to, in order, relative to the site (home is "")."""
    paths = []
    for i in range(results.count()):
        href = results.nth(i).locator("a.md-search-result__link").first.get_attribute("href")
        path = href_path(href)
        assert path.startswith(base_path), href
        paths.append(path[len(base_path) :])
    return paths


def hand_written_pages(root: Path = REPO) -> set[str]:
    """The addresses of the site's hand-written pages (docs/*.md), as result_paths has them."""
    docs = root / "docs"
    pages = set()
    for md in docs.rglob("*.md"):
        parts = md.relative_to(docs).with_suffix("").parts
        parts = parts[:-1] if parts[-1] == "index" else parts
        pages.add("".join(f"{part}/" for part in parts))
    return pages


def check_claims_rank_first(page: Any, url: str, content: Content, ids: list[str]) -> None:
    """Searching each claim's title finds the claim above every hand-written page,
    and each claim result shows its rating's badge, and no other result has one."""
    base = urlsplit(url).path
    hand_written = hand_written_pages(content.root)
    claim_pages = {claim_url(cid): cid for cid in content.claims}
    for claim_id in ids:
        claim = content.claim(claim_id)
        page.goto(url)
        results = search(page, claim.title)
        paths = result_paths(results, base)
        own = claim_url(claim_id)
        assert own in paths, f"{claim.title!r}: the claim is not found: {paths}"
        above = [p for p in paths[: paths.index(own)] if p in hand_written]
        assert above == [], f"{claim.title!r}: hand-written pages above the claim: {above}"
        for i, path in enumerate(paths):
            title = results.nth(i).locator("h1").first
            if path in claim_pages:
                shown = content.claim(claim_pages[path])
                assert words(title.inner_text()) == result_title(shown, content.scale)
                assert title.locator(".fc-badge").count() == 1
            else:
                assert title.locator(".fc-badge").count() == 0, path


def href_path(href: str | None) -> str:
    """The path of a result link (search.highlight appends ?h=...)."""
    assert href, "the search result has no link"
    return urlsplit(href).path
