"""`search: pagefind`: the build writes a Pagefind index and Material's box searches it.

Build tests read the output of a real `mkdocs build --strict`; browser tests type
into Material's search box in Debian's headless Chromium, on the repository's
site and on a synthetic archive of 60 claims served under a sub-path, as a
GitHub Pages project site is.
"""

from __future__ import annotations

import gzip
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

pytest.register_assert_rewrite("browser")

from browser import (  # noqa: E402
    MAIN_CLAIM_ID,
    REPO,
    Content,
    StaticServer,
    Tab,
    build_site,
    check_claims_rank_first,
    claim_url,
    copy_site_inputs,
    first_result,
    href_path,
    result_title,
    search,
    words,
)
from conftest import set_plugin_options  # noqa: E402
from factcheck import search as engine  # noqa: E402

if str(REPO) not in sys.path:  # benchmarks/ is a folder of the repository, not installed
    sys.path.insert(0, str(REPO))

from benchmarks import synth  # noqa: E402

pytest_plugins = ["browser"]

ARCHIVE_SIZE = 60  # more claims than the worker sends with their text
SUB_PATH = "archive"  # served at http://127.0.0.1:PORT/archive/


@pytest.fixture(scope="module")
def pagefind_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's site built with `search: pagefind`."""
    root = copy_site_inputs(REPO, tmp_path_factory.mktemp("pf-src"))
    set_plugin_options(root, search="pagefind")
    return build_site(root, tmp_path_factory.mktemp("pf-site"))


@pytest.fixture(scope="module")
def pagefind_url(pagefind_site: Path) -> Iterator[str]:
    server = StaticServer(pagefind_site)
    yield server.start()
    server.stop()


@pytest.fixture(scope="module")
def archive_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """60 synthetic claims with `search: pagefind`, served under /archive/."""
    site = synth.make_site(tmp_path_factory.mktemp("archive-src"), ARCHIVE_SIZE)
    set_plugin_options(site.root, search="pagefind")
    www = tmp_path_factory.mktemp("www")
    build_site(site.root, www / SUB_PATH)
    # Index again in groups of 15 pages, as a large archive is: results come from several.
    done = engine.build_index(www / SUB_PATH, "en", shard_pages=15)
    assert done.indexes > 4
    assert 0 <= done.peak_rss < 1e9, "the indexer's own peak memory (0 if it ran too fast)"
    server = StaticServer(www)
    yield server.start() + SUB_PATH + "/"
    server.stop()


# --- the build ------------------------------------------------------------------


def config_of(html: str) -> dict[str, Any]:
    found = re.search(r'<script id="__config" type="application/json">(.*?)</script>', html, re.S)
    assert found, "Material's __config block"
    return json.loads(found.group(1))


def test_build_writes_the_index_and_points_material_at_our_worker(
    pagefind_site: Path, content: Content
) -> None:
    bundle = pagefind_site / "pagefind"
    shards = json.loads((bundle / engine.MANIFEST).read_text())["shards"]
    assert shards == ["0/"], "a small site: one index"
    entry = json.loads((bundle / "0" / "pagefind-entry.json").read_text())
    pages = entry["languages"]["en"]["page_count"]
    assert pages >= len(content.claims), "every claim page is indexed"
    assert (bundle / "0" / "pagefind.js").is_file()
    assert not (pagefind_site / engine.SHARD_WORK_DIR).exists(), "the work folder is removed"
    indexed = indexed_urls(bundle / "0")
    assert len(indexed) == pages
    assert "/" + claim_url(MAIN_CLAIM_ID) in indexed
    assert (pagefind_site / "admin" / "index.html").is_file()
    assert not [url for url in indexed if url.startswith("/admin")], "the form editor is not"
    assert (pagefind_site / engine.WORKER_URI).is_file()
    assert (pagefind_site / engine.COUNT_URI).is_file()
    page = pagefind_site / claim_url(MAIN_CLAIM_ID) / "index.html"
    worker = config_of(page.read_text(encoding="utf-8"))["search"]
    assert (page.parent / worker).resolve() == (pagefind_site / engine.WORKER_URI).resolve()
    # Material's own index is left empty: its worker is never started.
    index = json.loads((pagefind_site / "search" / "search_index.json").read_text())
    assert index["docs"] == []


def indexed_urls(index: Path) -> list[str]:
    """The address of every page in a Pagefind index (its fragments: gzip, a short
    signature, then the page's JSON)."""
    urls = []
    for fragment in sorted((index / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(fragment.read_bytes())
        urls.append(json.loads(data[data.index(b"{") :])["url"])
    return urls


def test_pages_are_indexed_in_groups_each_page_once(tmp_path: Path) -> None:
    site = tmp_path / "site"
    for name in ("index.html", "a/index.html", "b/index.html", "c/x.html", "pagefind/old.html"):
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text("<html></html>")
    pages = engine.html_pages(site)
    assert [p.relative_to(site).as_posix() for p in pages] == [
        "a/index.html",
        "b/index.html",
        "c/x.html",
        "index.html",
    ]  # sorted, without Pagefind's own folder
    groups = engine.shards(pages, 3)
    assert [len(g) for g in groups] == [3, 1]
    assert [p for g in groups for p in g] == pages
    assert engine.shards([], 3) == [[]]


def test_by_default_materials_worker_answers_through_ours(repo_site: Path) -> None:
    worker = config_of((repo_site / "index.html").read_text(encoding="utf-8"))["search"]
    assert worker == engine.LUNR_WORKER_URI
    ours = (repo_site / worker).read_text(encoding="utf-8")
    loads = re.search(r'const MATERIAL_WORKER = "(search\.[0-9a-f]+\.min\.js)"', ours)
    assert loads, "our worker names Material's"
    assert (repo_site / worker).with_name(loads.group(1)).is_file(), "Material's worker is there"
    assert (repo_site / engine.BADGES_URI).is_file()
    assert not (repo_site / "pagefind").exists()
    assert not (repo_site / engine.WORKER_URI).exists()


def test_claim_pages_are_boosted_in_materials_index(repo_site: Path, content: Content) -> None:
    docs = json.loads((repo_site / "search" / "search_index.json").read_text())["docs"]
    boosted = {d["location"].split("#")[0] for d in docs if d.get("boost") == engine.CLAIM_BOOST}
    assert boosted == {claim_url(cid) for cid in content.claims}
    assert all("boost" not in d for d in docs if not d["location"].startswith("claims/"))


def test_the_worker_files_for_each_engine() -> None:
    theme = [str(Path(engine.__file__).parent / "templates"), *material_theme_dirs()]
    lunr = engine.worker_files("material", theme)
    assert set(lunr) == {engine.LUNR_WORKER_URI, engine.BADGES_URI}
    assert engine.MATERIAL_WORKER_PLACEHOLDER not in lunr[engine.LUNR_WORKER_URI]
    assert engine.material_worker(theme) in lunr[engine.LUNR_WORKER_URI]
    pagefind = engine.worker_files("pagefind", theme)
    assert set(pagefind) == {engine.WORKER_URI, engine.COUNT_URI, engine.BADGES_URI}
    assert 'importScripts("search-badges.js")' in pagefind[engine.WORKER_URI]


def test_a_theme_without_materials_worker_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(engine.SearchIndexError, match="search worker"):
        engine.material_worker([str(tmp_path)])
    with pytest.raises(engine.SearchIndexError, match="unexpected"):
        engine.lunr_worker('x.js"; alert(1); "')


def material_theme_dirs() -> list[str]:
    from importlib import resources

    return [str(resources.files("material") / "templates")]


def test_a_config_block_without_materials_worker_is_an_error() -> None:
    with pytest.raises(engine.SearchIndexError, match="search worker"):
        engine.use_our_worker('<script id="__config">{"search": "x.js"}</script>', "ours.js")


# --- in the browser -------------------------------------------------------------


def test_search_finds_the_claim_by_its_title_words(tab: Tab, pagefind_url: str, content: Content):
    claim = content.claim(MAIN_CLAIM_ID)
    tab.open(pagefind_url)
    results = search(tab.page, "Xiaomi joint venture")
    link, title = first_result(results)
    first = link.get_attribute("href")
    assert href_path(first).endswith("/" + claim_url(MAIN_CLAIM_ID)), f"first result: {first}"
    assert words(title.inner_text()) == result_title(claim, content.scale)
    expect(results.first.locator("mark").first).to_be_visible()
    assert tab.errors == []


def test_claim_pages_rank_above_hand_written_pages_and_show_their_badge(
    tab: Tab, pagefind_url: str, content: Content
):
    ids = sorted(content.claims)[::5]  # a sample across the archive: each search takes seconds
    check_claims_rank_first(tab.page, pagefind_url, content, [MAIN_CLAIM_ID, *ids])
    assert tab.errors == []


def test_search_for_a_word_on_no_page_finds_nothing(tab: Tab, pagefind_url: str):
    tab.open(pagefind_url)
    results = search(tab.page, "qwzxkjvb", expect_results=False)
    expect(tab.page.locator(".md-search-result__meta")).to_contain_text("No matching")
    assert results.count() == 0


def test_a_large_result_says_how_many_match_and_links_under_a_sub_path(tab: Tab, archive_url: str):
    tab.open(archive_url)
    results = search(tab.page, "the")  # a word of every synthetic claim
    meta = tab.page.locator(".md-search-result__meta")
    expect(meta).to_have_text(re.compile(r"The 20 best of \d+ matching documents"))
    total = int(re.search(r"of (\d+)", meta.inner_text()).group(1))  # type: ignore[union-attr]
    assert total > 20
    link, title = first_result(results)
    href, heading = link.get_attribute("href"), title.inner_text()
    assert href_path(href).startswith(f"/{SUB_PATH}/"), href
    link.click()
    tab.page.wait_for_load_state("load")
    expect(tab.page.locator("h1").first).to_contain_text(heading)
    assert tab.errors == []
