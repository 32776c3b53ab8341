"""Machine-readable output, read the way its consumers read it.

ClaimReview JSON-LD through extruct, the DataFeed through json, the CSV
through csv, the Atom feed through feedparser, meta tags and the sitemap
through an HTML/XML parser. Values are checked against the claim files.
"""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import extruct
import feedparser
import pytest

from conftest import (
    REPO,
    VALID_CLAIM,
    SiteFactory,
    claim_text,
    mkdocs_build,
    set_plugin_options,
)
from factcheck.jsonld import explanation
from factcheck.load import load_claims
from factcheck.model import Claim, Scale

SITE_URL = "https://example.org/factcheck/"
MAIN = "ford-xiaomi-joint-venture"
LD_BLOCK = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


@pytest.fixture(scope="module")
def built(repo_site: Path) -> Path:
    return repo_site


@pytest.fixture(scope="module")
def claims(scale: Scale) -> dict[str, Claim]:
    return {c.id: c for c in load_claims([REPO / "claims"], scale, root=REPO).claims}


def claim_page(site: Path, claim_id: str) -> str:
    return (site / "claims" / claim_id / "index.html").read_text(encoding="utf-8")


def review_of(html: str, url: str) -> dict[str, Any]:
    """The page's ClaimReview as a JSON-LD consumer (extruct) reads it."""
    data = extruct.extract(html, base_url=url, syntaxes=["json-ld"], uniform=True)["json-ld"]
    reviews = [d for d in data if d.get("@type") == "ClaimReview"]
    assert len(reviews) == 1
    return reviews[0]


# --- ClaimReview on every claim page ------------------------------------------


def test_every_claim_page_has_exactly_one_valid_claimreview(
    built: Path, claims: dict[str, Claim], scale: Scale
) -> None:
    for claim in claims.values():
        html = claim_page(built, claim.id)
        blocks = LD_BLOCK.findall(html)
        assert len(blocks) == 1, claim.id
        raw = json.loads(blocks[0])  # the raw block is valid JSON
        url = f"{SITE_URL}claims/{claim.id}/"
        review = review_of(html, url)
        assert raw == review
        assert review["@context"] == "https://schema.org"
        assert review["url"] == url
        assert review["claimReviewed"] == claim.title
        assert review["datePublished"] == claim.reviewed.isoformat()
        assert review["dateModified"] == claim.last_changed.isoformat()
        assert review["author"]["@type"] == "Organization" and review["author"]["name"]
        rating = review["reviewRating"]
        assert rating["@type"] == "Rating"
        assert (rating["worstRating"], rating["bestRating"]) == (1, len(scale.ratings))
        assert rating["ratingValue"] == scale[claim.status].rank
        assert isinstance(rating["ratingValue"], int)
        assert rating["alternateName"] == scale[claim.status].label
        assert rating["ratingExplanation"] == (claim.summary or explanation(claim.verdict, 1))
        item = review["itemReviewed"]
        assert item["@type"] == "Claim"
        expected_type = "Person" if claim.claimant.type == "person" else "Organization"
        assert item["author"] == {"@type": expected_type, "name": claim.claimant.name} | (
            {"description": claim.claimant.role} if claim.claimant.role else {}
        )
        assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", item["datePublished"])
        assert item["firstAppearance"]["@type"] == "CreativeWork"
        assert len(item["appearance"]) == len(claim.appearances)
        assert len(review["citation"]) == len(claim.counter_statements) + len(claim.evidence)


def test_main_claimreview_values(built: Path) -> None:
    review = review_of(claim_page(built, MAIN), SITE_URL)
    assert review["reviewRating"]["alternateName"] == "Unproven"
    assert review["reviewRating"]["ratingValue"] == 4
    item = review["itemReviewed"]
    assert item["author"]["name"] == "Financial Times"
    assert item["datePublished"] == "2026-01-31"  # first day of the known interval
    assert "url" not in item["firstAppearance"]  # the FT's address is not known
    texts = [c.get("text") for c in review["citation"]]
    assert "This report is completely false and unfounded." in texts
    urls = [c.get("url") for c in review["citation"]]
    assert (
        "https://www.newsbytesapp.com/news/business/ford-and-xiaomi-deny-ev-partnership-reports/tldr"
        in urls
    )


def test_ratings_page_explains_the_numbers(built: Path, scale: Scale) -> None:
    page = (built / "ratings" / "index.html").read_text()
    for rating in scale.ratings:
        assert re.search(rf'<tr id="{rating.id}">.*?<td>{rating.rank}</td></tr>', page, re.S)
    assert "from 1, the worst (False), to 7, the best (True)" in page


def test_script_payloads_cannot_close_the_json_ld_block(make_site: SiteFactory) -> None:
    title = "</script><script>alert(1)</script>"
    root = make_site({"x.yaml": claim_text(title=json.dumps(title))})
    assert mkdocs_build(root).returncode == 0
    html = (root / "site" / "claims" / "x" / "index.html").read_text()
    [block] = LD_BLOCK.findall(html)
    assert json.loads(block)["claimReviewed"] == title


def test_site_url_is_required(make_site: SiteFactory) -> None:
    root = make_site({"x.yaml": VALID_CLAIM})
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace("site_url: https://example.org/test/\n", ""))
    done = mkdocs_build(root)
    assert done.returncode == 1
    assert "factcheck: set site_url in mkdocs.yml" in done.stderr
    assert "Traceback" not in done.stderr


def test_long_titles_are_noted_in_the_build_log(make_site: SiteFactory) -> None:
    root = make_site({"x.yaml": claim_text(title="A" * 80)})
    done = mkdocs_build(root)
    assert done.returncode == 0  # a note, not a failure of the strict build
    assert "claims/x.yaml: title is 80 characters" in done.stderr


# --- open data --------------------------------------------------------------


def test_claims_json_is_a_datafeed_of_every_claimreview(
    built: Path, claims: dict[str, Claim]
) -> None:
    feed = json.loads((built / "claims.json").read_text(encoding="utf-8"))
    assert (feed["@context"], feed["@type"]) == ("https://schema.org", "DataFeed")
    assert feed["url"] == SITE_URL + "claims.json"
    items = [element["item"][0] for element in feed["dataFeedElement"]]
    assert {i["url"] for i in items} == {f"{SITE_URL}claims/{c}/" for c in claims}
    assert all(i["@type"] == "ClaimReview" for i in items)
    main = next(i for i in items if i["url"].endswith(f"/{MAIN}/"))
    page_review = json.loads(LD_BLOCK.findall(claim_page(built, MAIN))[0])
    assert main == {k: v for k, v in page_review.items() if k != "@context"}


def test_claims_csv_has_a_row_per_claim(built: Path, claims: dict[str, Claim], scale: Scale):
    rows = list(csv.DictReader(io.StringIO((built / "claims.csv").read_text(encoding="utf-8"))))
    assert {r["id"] for r in rows} == set(claims)
    main = next(r for r in rows if r["id"] == MAIN)
    claim = claims[MAIN]
    assert main["url"] == f"{SITE_URL}claims/{MAIN}/"
    assert (main["status"], main["status_label"], main["rating_value"]) == (
        "unproven",
        "Unproven",
        "4",
    )
    assert main["verdict"] == claim.verdict.strip()  # commas, quotes, newlines survive
    assert main["claimant"] == "Financial Times"
    assert main["date"] == "2026-01-31/2026-02-01"
    assert main["source_url"] == ""  # unknown, not guessed
    assert (
        "Ford Motor Company: This report is completely false and unfounded."
        in (main["counter_statements"])
    )
    assert main["tags"].split(";") == list(claim.tags)


def test_about_page_links_the_open_data(built: Path) -> None:
    about = (built / "about" / "index.html").read_text()
    for name in ("claims.json", "claims.csv", "feed.atom"):
        assert f'href="../{name}"' in about


# --- the Atom feed ----------------------------------------------------------


def test_atom_feed_parses_with_every_claim(built: Path, claims: dict[str, Claim], scale: Scale):
    feed = feedparser.parse((built / "feed.atom").read_bytes())
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.feed.title == "Ford–Xiaomi Fact Check"
    assert len(feed.entries) == len(claims)
    updated = [e.updated_parsed for e in feed.entries]
    assert updated == sorted(updated, reverse=True)
    main = next(e for e in feed.entries if e.link == f"{SITE_URL}claims/{MAIN}/")
    assert main.title == f"[Updated, now Unproven] {claims[MAIN].title}"  # re-reviewed
    assert main.summary.startswith(claims[MAIN].summary or explanation(claims[MAIN].verdict))
    assert {t.term for t in main.tags} == set(claims[MAIN].tags)


class _Head(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, str] = {}
        self.links: list[dict[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "meta" and ("property" in a or "name" in a):
            self.meta[a.get("property") or a["name"]] = a.get("content", "")
        if tag == "link":
            self.links.append(a)


def head_of(html: str) -> _Head:
    parser = _Head()
    parser.feed(html)
    return parser


def test_every_page_has_meta_description_social_tags_and_feed_link(built: Path) -> None:
    pages = [p for p in built.rglob("index.html") if p.parent.name != "admin"]  # not a reader's
    assert len(pages) > 20
    for page in pages:
        head = head_of(page.read_text(encoding="utf-8"))
        for key in (
            "description",
            "og:title",
            "og:description",
            "og:url",
            "og:site_name",
            "twitter:card",
            "twitter:title",
        ):
            assert head.meta.get(key), (page, key)
        feeds = [x for x in head.links if x.get("type") == "application/atom+xml"]
        assert len(feeds) == 1, page
        target = (page.parent / feeds[0]["href"]).resolve()
        assert target == (built / "feed.atom").resolve()


def test_claim_page_social_tags_carry_the_claim_and_verdict(
    built: Path, claims: dict[str, Claim]
) -> None:
    head = head_of(claim_page(built, MAIN))
    assert head.meta["og:type"] == "article"
    assert head.meta["og:title"] == claims[MAIN].title
    assert head.meta["og:url"] == f"{SITE_URL}claims/{MAIN}/"
    assert head.meta["description"].startswith("The Financial Times reported")
    assert f"Rated Unproven: {claims[MAIN].summary}" in head.meta["description"]
    assert len(head.meta["description"]) < 320


def test_sitemap_lastmod_is_the_last_review(built: Path, claims: dict[str, Claim]) -> None:
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    tree = ET.parse(built / "sitemap.xml")
    lastmod = {
        u.find("s:loc", ns).text: u.find("s:lastmod", ns).text  # type: ignore[union-attr]
        for u in tree.getroot().findall("s:url", ns)
    }
    for claim in claims.values():
        assert lastmod[f"{SITE_URL}claims/{claim.id}/"] == claim.last_changed.isoformat()


# --- corrections and history --------------------------------------------------

HISTORY = """\
updated: 2026-03-10
history:
  - date: 2026-02-20
    status: false
    reason: First rated false on a misread filing.
  - date: 2026-03-10
    status: misleading
    reason: The company confirmed part of the report.
"""


def test_changed_verdicts_show_everywhere(make_site: SiteFactory) -> None:
    root = make_site({"changed.yaml": VALID_CLAIM + HISTORY, "steady.yaml": VALID_CLAIM})
    (root / "docs" / "corrections.md").write_text(
        "# Corrections\n\n<!-- factcheck:corrections -->\n"
    )
    done = mkdocs_build(root)
    assert done.returncode == 0, done.stderr
    site = root / "site"
    log = (site / "corrections" / "index.html").read_text()
    rows = re.findall(r"<tr>\s*<td><time datetime=\"([\d-]+)\">.*?</tr>", log, re.S)
    assert rows == ["2026-03-10", "2026-02-20"]  # newest first
    assert log.index("The company confirmed") < log.index("misread filing")
    first_row = log.split("<tbody>")[1].split("</tr>")[0]
    assert 'data-status="misleading"' in first_row and 'data-status="unproven"' in first_row
    page = (site / "claims" / "changed" / "index.html").read_text()
    assert 'class="fc-history"' in page and "misread filing" in page
    review = json.loads(LD_BLOCK.findall(page)[0])
    assert review["dateModified"] == "2026-03-10"
    feed = feedparser.parse((site / "feed.atom").read_bytes())
    assert feed.entries[0].title.startswith("[Updated, now Unproven] ")
    assert "Changed because: The company confirmed part of the report." in feed.entries[0].summary
    steady = (site / "claims" / "steady" / "index.html").read_text()
    assert 'class="fc-history"' not in steady


def test_addresses_come_from_mkdocs_without_directory_urls(make_site: SiteFactory) -> None:
    root = make_site({"acme-moon.yaml": VALID_CLAIM})
    config = root / "mkdocs.yml"
    config.write_text(config.read_text() + "use_directory_urls: false\n")
    assert mkdocs_build(root).returncode == 0
    site = root / "site"
    page = (site / "claims" / "acme-moon.html").read_text()
    url = "https://example.org/test/claims/acme-moon.html"
    assert f'<link rel="canonical" href="{url}">' in page
    assert json.loads(LD_BLOCK.findall(page)[0])["url"] == url
    feed = json.loads((site / "claims.json").read_text())
    assert feed["dataFeedElement"][0]["item"][0]["url"] == url
    assert feedparser.parse((site / "feed.atom").read_bytes()).entries[0].link == url
    assert 'type="application/atom+xml" title="Test site: fact-checks" href="../feed.atom"' in page


def test_corrections_log_pages_through_every_change(make_site: SiteFactory) -> None:
    claims = {f"c{i}.yaml": VALID_CLAIM + HISTORY for i in (1, 2, 3)}  # 6 changes of rating
    root = make_site(claims)
    (root / "docs" / "about.md").write_text(  # the marker mentioned, not placed
        "# About\n\nThe log goes where a page has `<!-- factcheck:corrections -->`.\n"
    )
    (root / "docs" / "corrections.md").write_text(
        "# Corrections\n\n<!-- factcheck:corrections -->\n"
    )
    set_plugin_options(root, page_size=4)
    done = mkdocs_build(root)
    assert done.returncode == 0, done.stderr
    site = root / "site"
    row = re.compile(r'<tr>\s*<td><time datetime="([\d-]+)">.*?<a href="([^"]+)"', re.S)
    first = (site / "corrections" / "index.html").read_text()
    second = (site / "corrections" / "page" / "2" / "index.html").read_text()
    assert len(row.findall(first)) == 4 and len(row.findall(second)) == 2
    dates = [d for d, _ in row.findall(first) + row.findall(second)]
    assert dates == sorted(dates, reverse=True)  # newest first across the pages
    button = 'class="md-button" rel='
    assert f'{button}"next" href="page/2/"' in first and f'{button}"prev"' not in first
    assert f'{button}"prev" href="../../"' in second and f'{button}"next"' not in second
    assert "<title>Corrections (page 2 of 2) - Test site</title>" in second
    assert "6 in all, page 2 of 2" in second
    for _, href in row.findall(second):  # claim links resolve from the generated page
        assert (site / "corrections" / "page" / "2" / href / "index.html").resolve().is_file()
    assert "fc-corrections" not in (site / "about" / "index.html").read_text()
