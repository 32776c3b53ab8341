"""Claimant pages and share links, as plain functions and in a real build."""

from __future__ import annotations

import dataclasses
import html
import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from conftest import VALID_CLAIM, SiteFactory, mkdocs_build, set_plugin_options
from factcheck.claimants import claimant_slugs, slugify
from factcheck.model import Claim, Party, Scale
from factcheck.pages import SiteIndex
from factcheck.share import BLUESKY_LIMIT, share_links
from factcheck.yamlfile import parse


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Jim Farley", "jim-farley"),
        ("  Élodie  Müller-Lüdenscheidt ", "elodie-muller-ludenscheidt"),
        ("Ford Motor Company (Ford)", "ford-motor-company-ford"),
        ("雷军", ""),  # nothing Latin: the caller numbers it
        ("<script>alert(1)</script>", "script-alert-1-script"),
        ("a" * 200, "a" * 60),
    ],
)
def test_slugify(name: str, slug: str) -> None:
    assert slugify(name) == slug


def test_slugs_are_unique_stable_and_never_the_build_s_own() -> None:
    names = ["Jim Farley", "Jim  Farley", "jim farley!", "雷军", "小米", "Index", "Page"]
    slugs = claimant_slugs(names)
    assert len(set(slugs.values())) == len(names)
    assert slugs["Jim  Farley"] == "jim-farley"  # the first name in order keeps the plain slug
    assert slugs["Jim Farley"] == "jim-farley-2" and slugs["jim farley!"] == "jim-farley-3"
    assert {slugs["雷军"], slugs["小米"]} == {"claimant", "claimant-2"}
    assert "index" not in slugs.values() and "page" not in slugs.values()
    assert claimant_slugs(reversed(names)) == slugs  # order of the claims does not matter


def test_many_names_on_one_slug_stay_linear() -> None:
    names = [f"Jim Farley{'!' * i}" for i in range(5000)]  # all slugify to jim-farley
    slugs = claimant_slugs(names)
    assert len(set(slugs.values())) == 5000


def _claims(*who: tuple[str, str]) -> list[Claim]:
    base = Claim.from_data("x", "claims/x.yaml", parse(VALID_CLAIM).data)
    return [
        dataclasses.replace(base, id=f"c{i}", claimant=Party(name, "person"), status=status)
        for i, (name, status) in enumerate(who)
    ]


def test_claimant_summary_counts_by_rating_in_scale_order(scale: Scale) -> None:
    claims = _claims(("A", "true"), ("A", "false"), ("A", "false"), ("B", "true"))
    index = SiteIndex.build(claims, scale)
    a = next(c for c in index.claimants() if c.name == "A")
    assert a.claims == 3 and a.counts == (("false", 2), ("true", 1))
    listings = [x for x in index.listings(2) if x.kind == "claimant" and x.key == a.slug]
    assert [x.src for x in listings] == [f"claimants/{a.slug}.md", f"claimants/{a.slug}/page/2.md"]


def test_share_links_encode_the_title_and_address() -> None:
    title = 'Fact & "fiction"? #1 <b>100%</b>'
    url = "https://example.org/factcheck/claims/x/"
    links = {s.service: s.href for s in share_links(title, url)}
    assert set(links) == {"Email", "X", "Bluesky", "Facebook", "LinkedIn", "WhatsApp"}
    assert parse_qs(urlsplit(links["X"]).query) == {"text": [title], "url": [url]}
    assert parse_qs(urlsplit(links["Facebook"]).query) == {"u": [url]}
    assert parse_qs(urlsplit(links["Email"]).query) == {"subject": [title], "body": [url]}
    for href in links.values():
        assert href.startswith(("https://", "mailto:?"))
        assert " " not in href and '"' not in href and "<" not in href


def test_bluesky_text_fits_its_limit_and_keeps_the_address() -> None:
    url = "https://example.org/factcheck/claims/" + "x" * 80 + "/"
    text = parse_qs(urlsplit(share_links("T" * 400, url)[2].href).query)["text"][0]
    assert len(text) <= BLUESKY_LIMIT and text.endswith(url)


def with_claimant(flow: str) -> str:
    old = "claimant:\n  name: Daily Example\n  type: organization\n"
    assert old in VALID_CLAIM
    return VALID_CLAIM.replace(old, f"claimant: {flow}\n")


def test_claimant_pages_in_a_build(make_site: SiteFactory) -> None:
    farley = with_claimant('{name: Jim Farley, type: person, role: "CEO, Ford"}')
    other = with_claimant('{name: "<img src=x onerror=alert(1)>", type: person}')
    with_summary = VALID_CLAIM.replace(
        "status: unproven", "status: unproven\nsummary: Denied, and nothing public settles it."
    )
    root = make_site({"a.yaml": farley, "b.yaml": other, "c.yaml": with_summary})
    done = mkdocs_build(root)
    assert done.returncode == 0, done.stderr
    site = root / "site"
    index = (site / "claimants" / "index.html").read_text(encoding="utf-8")
    assert "not a rating of the person" in index
    assert 'href="../jim-farley/"' in index or 'href="jim-farley/"' in index
    assert "&lt;img src=x onerror=alert(1)&gt;" in index and "<img src=x" not in index
    farley_page = (site / "claimants" / "jim-farley" / "index.html").read_text(encoding="utf-8")
    assert "Claims by Jim Farley" in farley_page and "not a rating of the person" in farley_page
    claim_page = (site / "claims" / "a" / "index.html").read_text(encoding="utf-8")
    assert re.search(
        r'class="fc-glance__claimant" href="\.\./\.\./claimants/jim-farley/"', claim_page
    )
    c_page = (site / "claims" / "c" / "index.html").read_text(encoding="utf-8")
    assert "Denied, and nothing public settles it." in c_page
    review = json.loads(
        re.findall(r'<script type="application/ld\+json">(.*?)</script>', c_page, re.S)[0]
    )
    assert review["reviewRating"]["ratingExplanation"] == "Denied, and nothing public settles it."
    description = re.search(r'<meta name="description" content="([^"]*)"', c_page)
    assert description and "Denied, and nothing public settles it." in html.unescape(description[1])
    for page in site.rglob("*.html"):  # no third-party script on any reader's page
        if page.parent.name == "admin":  # the form editor: pinned, with SRI (test_cms.py)
            continue
        for src in re.findall(r'<script[^>]+src="([^"]+)"', page.read_text(encoding="utf-8")):
            assert not src.startswith(("http:", "https:", "//")), (page, src)
    assert Path(site / "assets" / "factcheck" / "share.js").is_file()


def test_the_claimants_index_is_paged(make_site: SiteFactory) -> None:
    names = [f"Person {i:02d}" for i in range(5)]
    files = {
        f"c{i}.yaml": with_claimant(f"{{name: {n}, type: person}}") for i, n in enumerate(names)
    }
    root = make_site(files)
    set_plugin_options(root, page_size=2)
    done = mkdocs_build(root)
    assert done.returncode == 0, done.stderr
    site = root / "site" / "claimants"
    shown = []
    for page in (
        site / "index.html",
        site / "page" / "2" / "index.html",
        site / "page" / "3" / "index.html",
    ):
        html_text = page.read_text(encoding="utf-8")
        shown += re.findall(r">(Person \d\d)</a>", html_text)
    assert shown == names
    assert not (site / "page" / "4").exists()
