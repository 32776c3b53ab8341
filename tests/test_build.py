"""Real `mkdocs build --strict` runs: the repo's site, and small fixture sites."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

from conftest import (
    REPO,
    VALID_CLAIM,
    SiteFactory,
    claim_text,
    mkdocs_build,
    set_plugin_options,
)

HOSTILE = {
    "title": "<script>alert('t')</script> {{ config }}",
    "claim": (
        "'<img src=x onerror=alert(1)> [x](javascript:alert(2)) {% include \"x\" %} <!-- --- *em*'"
    ),
}


def test_repo_builds_a_page_per_claim(repo_site: Path) -> None:
    ids = sorted(p.stem for p in (REPO / "claims").glob("*.yaml"))
    assert ids, "the repo has claims"
    for claim_id in ids:
        page = repo_site / "claims" / claim_id / "index.html"
        assert page.is_file(), claim_id
        assert f'data-claim-id="{claim_id}"' in page.read_text()


def test_repo_generated_pages_are_not_written_to_docs() -> None:
    tracked = subprocess.run(
        ["git", "status", "--porcelain", "--ignored", "docs"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "docs/claims" not in tracked and "docs/tags" not in tracked


def test_repo_home_lists_every_claim_with_counts(repo_site: Path) -> None:
    home = (repo_site / "index.html").read_text()
    count = len(list((REPO / "claims").glob("*.yaml")))
    assert home.count('class="fc-list__item"') == count
    assert home.count('class="fc-count"') == 7  # one per rating on the scale


def test_fixture_site_pages(make_site: SiteFactory) -> None:
    root = make_site({"acme-moon.yaml": VALID_CLAIM})
    done = mkdocs_build(root)
    assert done.returncode == 0, done.stderr
    site = root / "site"
    page = (site / "claims" / "acme-moon" / "index.html").read_text()
    assert "<title>Acme will open a factory on the Moon - Test site</title>" in page
    assert '<h1 id="claim-title">Acme will open a factory on the Moon</h1>' in page
    assert 'href="https://github.com/example/site/edit/main/claims/acme-moon.yaml"' in page
    assert "<p>The report cites unnamed people and Acme denies it.</p>" in page
    assert '<a href="https://wire.example.org/acme-moon" rel="nofollow noopener">' in page
    assert "(no public address known)" in page  # the source has no url: none is made up
    assert 'href="../../ratings/unproven/">Unproven</a>' in page
    assert 'href="../../tags/moon/">moon</a>' in page
    toc = page.split('data-md-component="toc"')[1].split("</nav>")[0]
    assert re.findall(r'href="(#[^"]+)"', toc)[:4] == [
        "#the-claim",
        "#verdict",
        "#where-it-appeared",
        "#denials-and-rebuttals",
    ]
    for listing in ("ratings/unproven", "tags/acme", "tags/moon", "tags", "claimants"):
        assert (site / listing / "index.html").is_file(), listing
    assert "acme-moon" in (site / "tags" / "moon" / "index.html").read_text()
    assert "acme-moon" not in (site / "ratings" / "false" / "index.html").read_text()


def test_site_holds_only_what_it_should(repo_site: Path) -> None:
    """No template or package file leaks into the published site."""
    top = {p.name for p in repo_site.iterdir()}
    pages = {p.stem for p in (REPO / "docs").glob("*.md")} - {"index"}
    expected = pages | {
        "404.html",
        "admin",  # the form editor (factcheck.cms; tests/test_cms.py)
        "archive.json",
        "assets",
        "claimants",
        "claims",
        "claims.csv",
        "claims.json",
        "feed.atom",
        "index.html",
        "ratings",
        "search",
        "sitemap.xml",
        "sitemap.xml.gz",
        "tags",
    }
    assert top == expected
    assert not list(repo_site.rglob("*.yaml"))


def test_readers_browsers_are_not_sent_to_the_repository_api(repo_site: Path) -> None:
    for page in repo_site.rglob("*.html"):
        assert 'data-md-component="source"' not in page.read_text(), page


def test_related_claims_share_tags(make_site: SiteFactory) -> None:
    root = make_site(
        {
            "a.yaml": VALID_CLAIM,
            "b.yaml": claim_text(title="Second claim", tags="[moon]"),
            "c.yaml": claim_text(title="Unrelated claim", tags="[other]"),
        }
    )
    assert mkdocs_build(root).returncode == 0
    page = (root / "site" / "claims" / "a" / "index.html").read_text()
    related = page.split('class="fc-related"')[1]
    assert "Second claim" in related and "Unrelated claim" not in related


def test_broken_claims_fail_the_build_with_every_problem(make_site: SiteFactory) -> None:
    root = make_site(
        {
            "ok.yaml": VALID_CLAIM,
            "bad.yaml": claim_text(status="mostly", reviewed="2026-02-30"),
            "worse.yaml": "title: [unclosed\n",
        }
    )
    done = mkdocs_build(root)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    lines = [re.sub(r"^ERROR\s+-\s+", "", x) for x in done.stderr.splitlines()]
    assert (
        "claims/bad.yaml:21: status: 'mostly' is not a rating on the scale (allowed: false, "
        "misleading, retracted, unproven, outdated, not-checkable, true)" in lines
    )
    assert "claims/bad.yaml:31: reviewed: 2026-02-30 is not a real date" in lines
    assert any(x.startswith("claims/worse.yaml:2: not valid YAML") for x in lines), lines
    assert "factcheck: 3 problem(s) in claim files (2 file(s))" in done.stderr
    assert not (root / "site" / "claims").exists()


def test_hostile_text_is_inert_in_the_page(make_site: SiteFactory) -> None:
    root = make_site({"x.yaml": claim_text(**HOSTILE)})
    done = mkdocs_build(root)
    assert done.returncode == 0, done.stderr
    page = (root / "site" / "claims" / "x" / "index.html").read_text()
    assert "<script>alert" not in page
    assert "<img src=x" not in page
    assert 'href="javascript:' not in page
    assert "&lt;script&gt;alert(&#39;t&#39;)&lt;/script&gt; {{ config }}" in page
    assert "[x](javascript:alert(2)) {% include &#34;x&#34; %} &lt;!-- --- *em*" in page
    assert (
        "<title>&lt;script&gt;alert(&#39;t&#39;)&lt;/script&gt; {{ config }} - Test site</title>"
        in page
    )


def test_listings_page_through_every_claim(make_site: SiteFactory) -> None:
    claims = {
        f"c{i}.yaml": claim_text(title=f"Claim number {i}", date=f"2026-01-0{i}")
        for i in range(1, 6)
    }
    root = make_site(claims)
    set_plugin_options(root, page_size=2)
    done = mkdocs_build(root)
    assert done.returncode == 0, done.stderr
    site = root / "site"
    seen: list[str] = []
    page, hops = site / "index.html", 0
    while True:  # follow "Older" from the home page to the last page
        html = page.read_text()
        items = re.findall(r'class="fc-list__title" href="[^"]*">([^<]+)</a>', html)
        assert len(items) <= 2
        seen += items
        older = re.search(r'class="md-button" rel="next" href="([^"]+)"', html)
        if not older:
            break
        page = (page.parent / older.group(1) / "index.html").resolve()
        hops += 1
    assert hops == 2
    assert seen == [f"Claim number {i}" for i in (5, 4, 3, 2, 1)]  # newest first, each once
    last = (site / "page" / "3" / "index.html").read_text()
    assert "Page 3 of 3" in last and 'rel="prev" href="../2/"' in last
    assert "<title>All claims (page 3 of 3) - Test site</title>" in last
    second = (site / "page" / "2" / "index.html").read_text()
    assert 'rel="prev" href="../../"' in second  # back to the home page
    for listing in ("ratings/unproven", "tags/moon"):
        assert (site / listing / "page" / "3" / "index.html").is_file()
        assert not (site / listing / "page" / "4").exists()
    assert not (site / "ratings" / "false" / "page").exists()  # an empty rating: one page


def test_missing_claims_folder_is_a_clear_error(make_site: SiteFactory) -> None:
    root = make_site({})
    (root / "claims").rmdir()
    done = mkdocs_build(root)
    assert done.returncode == 1
    assert "factcheck: the claims folder 'claims' is missing next to mkdocs.yml" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_site_without_claims_builds(make_site: SiteFactory) -> None:
    root = make_site({})
    done = mkdocs_build(root)
    assert done.returncode == 0, done.stderr
    assert "No claims yet." in (root / "site" / "index.html").read_text()


def test_search_index_holds_each_claim_once_with_words_apart(repo_site: Path) -> None:
    index = json.loads((repo_site / "search" / "search_index.json").read_text())
    for claim_file in (REPO / "claims").glob("*.yaml"):
        location = f"claims/{claim_file.stem}/"
        docs = [d for d in index["docs"] if d["location"].startswith(location)]
        page = next(d for d in docs if d["location"] == location)
        assert page["text"], f"{location}: the page entry holds the claim, not an empty preface"
        assert not any(d["location"].endswith("#claim-title") for d in docs)
        dates = next(d for d in docs if d["location"] == location + "#dates")
        assert re.search(r"Claim made \S", dates["text"]), dates["text"]


def test_source_titles_ending_in_punctuation_get_no_extra_comma(repo_site: Path) -> None:
    """'...denies it., Gate' was shown where a source title ends with a full stop."""
    for page in (repo_site / "claims").rglob("index.html"):
        text = re.sub(r"<[^>]+>", "", page.read_text(encoding="utf-8"))
        assert not re.search(r"[.!?…],", text), page


def test_home_rating_chips_link_only_ratings_with_claims(repo_site: Path) -> None:
    home = (repo_site / "index.html").read_text(encoding="utf-8")
    counts = home.split('class="fc-counts__list"')[1].split("</ul>")[0]
    for item in re.findall(r"<li>(.*?)</li>", counts, re.S):
        count = int(re.findall(r'class="fc-count">(\d+)<', item)[0])
        assert ("<a " in item) == (count > 0), item


def test_the_404_pages_links_work_where_site_url_says_the_site_is(repo_site: Path) -> None:
    """404.html is served for any missing address, at any depth, so MkDocs writes its
    links as absolute paths under site_url's path (/factcheck/ here). Each must be a
    file of the built site once that path is taken off: the site works where it is
    published, and nowhere else (set site_url to the real address)."""
    import re
    from urllib.parse import urlsplit

    import yaml

    config = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    base = urlsplit(config["site_url"]).path
    html = (repo_site / "404.html").read_text(encoding="utf-8")
    local = [
        link
        for link in re.findall(r'(?:href|src)="([^"#?]*)', html)
        if link and not urlsplit(link).scheme and not link.startswith("//")
    ]
    assert len(local) > 10, "the 404 page links the site's pages and assets"
    for link in local:
        assert link.startswith(base), f"{link}: not under site_url's path {base}"
        target = repo_site / link[len(base) :]
        assert target.is_file() or (target / "index.html").is_file(), link
