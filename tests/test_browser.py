"""The built site in a real browser: search, the claim page, the home list.

The repository is built once with `mkdocs build --strict`, served on 127.0.0.1
and opened in Debian's headless Chromium; expected values are read from the
claim files with the project's own loader, never copied into the tests.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import struct
from pathlib import Path
from urllib.parse import urljoin

import pytest
from playwright.sync_api import expect

pytest.register_assert_rewrite("browser")  # before the import: its asserts explain failures

from browser import (  # noqa: E402
    MAIN_CLAIM_ID,
    REPO,
    VIEWPORT,
    Content,
    Tab,
    check_claims_rank_first,
    claim_url,
    first_result,
    href_path,
    mkdocs_config,
    result_paths,
    result_title,
    search,
    words,
)

pytest_plugins = ["browser"]  # its fixtures: one build, one server, one Chromium

SCREENSHOT = REPO / "docs" / "assets" / "claim-page.png"
SCREENSHOT_VARIABLE = "FACTCHECK_SCREENSHOT"


# --- search -------------------------------------------------------------------


def test_search_finds_the_claim_by_its_title_words(tab: Tab, site_url: str, content: Content):
    claim = content.claim(MAIN_CLAIM_ID)
    assert "Xiaomi" in claim.title and "joint venture" in claim.title
    tab.open(site_url)
    results = search(tab.page, "Xiaomi joint venture")
    link, title = first_result(results)
    first = link.get_attribute("href")
    assert href_path(first).endswith("/" + claim_url(MAIN_CLAIM_ID)), f"first result: {first}"
    assert "Xiaomi" in title.inner_text()
    assert words(title.inner_text()) == result_title(claim, content.scale)


def distinctive_word(content: Content, claim_id: str, built_site: Path) -> str:
    """A word of the claim's verdict or denials that nothing else on the site has.

    Not in the claim's other fields (title, quote, claimant, sources, tags) and
    not in any other page of the search index, also as a prefix of a longer word
    (search matches prefixes and stems). Longest first, then alphabetical.
    """
    claim = content.claim(claim_id)
    raw = content.raw(claim_id)
    searched = " ".join([claim.verdict, *(c.text for c in claim.counter_statements)])
    rest = {k: v for k, v in raw.items() if k not in ("verdict", "counter_statements")}
    rest["counter_by"] = [c.by.name for c in claim.counter_statements]
    elsewhere = [json.dumps(rest, ensure_ascii=False, default=str).lower()]
    index = json.loads((built_site / "search" / "search_index.json").read_text("utf-8"))
    elsewhere += [
        f"{doc['title']} {doc['text']}".lower()
        for doc in index["docs"]
        if not doc["location"].startswith(claim_url(claim_id))
    ]
    haystack = "\n".join(elsewhere)
    candidates = {w for w in re.findall(r"[^\W\d_]{7,}", searched)}
    unique = [w for w in candidates if w.lower()[: max(6, len(w) - 3)] not in haystack]
    if not unique:
        pytest.fail(f"no word of {claim_id}'s verdict or denials is unique on the site")
    return sorted(unique, key=lambda w: (-len(w), w.lower()))[0]


def test_search_finds_a_claim_by_a_word_of_its_verdict_or_denials(
    tab: Tab, site_url: str, content: Content, built_site: Path
):
    word = distinctive_word(content, MAIN_CLAIM_ID, built_site)
    claim = content.claim(MAIN_CLAIM_ID)
    assert word.lower() not in claim.title.lower() and word.lower() not in claim.claim.lower()
    tab.open(site_url)
    results = search(tab.page, word)
    link, title = first_result(results)
    first = link.get_attribute("href")
    assert href_path(first).endswith("/" + claim_url(MAIN_CLAIM_ID)), f"first result: {first}"
    assert words(title.inner_text()) == result_title(claim, content.scale)
    assert results.count() == 1  # the word is nowhere else on the site


def test_claim_pages_rank_above_hand_written_pages_and_show_their_badge(
    tab: Tab, site_url: str, content: Content
):
    ids = sorted(content.claims)[::5]  # a sample across the archive: each search takes seconds
    check_claims_rank_first(tab.page, site_url, content, [MAIN_CLAIM_ID, *ids])
    assert tab.errors == []


def test_a_one_letter_typo_still_finds_the_claim(tab: Tab, site_url: str, content: Content):
    claim = content.claim(MAIN_CLAIM_ID)
    assert "Xiaomi" in claim.title
    tab.open(site_url)
    results = search(tab.page, "Xioami")  # two letters swapped
    paths = result_paths(results, "/")
    assert claim_url(MAIN_CLAIM_ID) in paths[:3], paths
    assert all("xiaomi" in p for p in paths[:2]), paths
    first = results.first
    expect(first.locator("mark").first).to_have_text(re.compile("^xiaomi$", re.I))
    expect(first.locator(".md-search-result__terms")).to_have_count(0)  # no "Missing: xioami"
    tab.open(site_url)
    results = search(tab.page, "Farly")  # a letter dropped
    assert any(p.startswith("claims/farley-") for p in result_paths(results, "/")[:2])
    assert tab.errors == []


def test_search_for_a_word_on_no_page_finds_nothing(tab: Tab, site_url: str):
    tab.open(site_url)
    results = search(tab.page, "qwzxkjvb", expect_results=False)
    expect(tab.page.locator(".md-search-result__meta")).to_contain_text("No matching")
    assert results.count() == 0


# --- the claim page -----------------------------------------------------------


def rgb(color: str) -> str:
    """#rrggbb as the browser's computed style writes it."""
    r, g, b = (int(color.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))
    return f"rgb({r}, {g}, {b})"


def test_claim_page_shows_the_claim(tab: Tab, site_url: str, content: Content):
    claim = content.claim(MAIN_CLAIM_ID)
    rating = content.scale[claim.status]
    tab.open(site_url + claim_url(MAIN_CLAIM_ID))
    page = tab.page

    assert page.title().startswith(claim.title)
    h1 = page.locator("h1#claim-title")
    expect(h1).to_be_visible()
    assert h1.inner_text() == claim.title
    expect(page.locator("h1")).to_have_count(1)  # the theme adds no second title

    badge = page.locator(".fc-rating .fc-badge")
    expect(badge).to_be_visible()
    expect(badge).to_have_attribute("data-status", claim.status)
    expect(badge.locator(".fc-badge__label")).to_have_text(rating.label)
    expect(badge.locator(".fc-badge__icon svg")).to_be_visible()
    assert badge.evaluate("e => getComputedStyle(e).borderLeftColor") == rgb(rating.color)
    expect(page.locator(".fc-rating__meaning")).to_have_text(rating.meaning)

    quote = page.locator("figure.fc-quote blockquote")
    expect(quote).to_be_visible()
    assert words(quote.inner_text()) == words(claim.claim)
    claimant = page.locator("figure.fc-quote .fc-claimant")
    expect(claimant).to_be_visible()
    expect(claimant).to_have_text(claim.claimant.name)

    expect(page.locator("h2#verdict")).to_be_visible()
    assert words(page.locator(".fc-verdict").inner_text()) == words(claim.verdict)

    counters = page.locator("figure.fc-counter")
    expect(counters).to_have_count(len(claim.counter_statements))
    for i, statement in enumerate(claim.counter_statements):
        shown = counters.nth(i)
        expect(shown.locator("blockquote")).to_be_visible()
        assert words(shown.locator("blockquote").inner_text()) == words(statement.text)
        expect(shown.locator(".fc-counter__name")).to_have_text(statement.by.name)

    expect(page.locator(".fc-evidence > li")).to_have_count(len(claim.evidence))
    expect(page.locator("a.fc-tag")).to_have_text(list(claim.tags))
    assert tab.errors == [], f"JavaScript errors on the claim page: {tab.errors}"


def test_edit_button_links_to_the_claim_file(tab: Tab, site_url: str, content: Content):
    content.claim(MAIN_CLAIM_ID)
    repo_url = mkdocs_config(REPO)["repo_url"].rstrip("/")
    expected = f"{repo_url}/edit/main/claims/{MAIN_CLAIM_ID}.yaml"
    tab.open(site_url + claim_url(MAIN_CLAIM_ID))
    button = tab.page.locator(".fc-claim a.md-button[rel=edit]")
    expect(button).to_have_count(1)
    expect(button).to_be_visible()
    expect(button).to_have_text("Edit this claim")
    assert button.get_attribute("href") == expected


def test_claim_page_loads_nothing_from_other_hosts(tab: Tab, site_url: str, content: Content):
    """Every asset is local, and nothing calls another host (not even the repository's API)."""
    content.claim(MAIN_CLAIM_ID)
    failed: list[str] = []
    tab.page.on("requestfailed", lambda r: failed.append(r.url))
    tab.open(site_url + claim_url(MAIN_CLAIM_ID))
    tab.page.wait_for_load_state("networkidle")
    local = [u for u in failed if u not in tab.guard.blocked]
    assert local == [], f"local requests failed: {local}"
    assert tab.guard.blocked == []


# --- the home page ------------------------------------------------------------


def test_home_page_lists_every_claim(tab: Tab, site_url: str, content: Content):
    files = content.files
    assert files, f"no claim files in {content.claims_dir}"
    assert len(files) == len(content.claims)
    tab.open(site_url)
    page = tab.page
    items = page.locator("ol.fc-list > li.fc-list__item")
    expect(items).to_have_count(len(files))

    links = page.locator("ol.fc-list a.fc-list__title")
    hrefs = [urljoin(page.url, h) for h in links.evaluate_all("as => as.map(a => a.href)")]
    expected = {urljoin(site_url, claim_url(f.stem)) for f in files}
    assert set(hrefs) == expected
    for href in hrefs:
        assert page.request.get(href).status == 200, href

    first_title = links.first.inner_text()
    with page.expect_navigation():
        links.first.click()
    assert page.url == hrefs[0]
    expect(page.locator("h1#claim-title")).to_have_text(first_title)


# --- a screenshot for the README ------------------------------------------------


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", data[16:24])


def test_claim_page_screenshot(tab: Tab, site_url: str, content: Content, tmp_path: Path):
    """Always taken (and checked); copied to docs/assets only with FACTCHECK_SCREENSHOT set."""
    content.claim(MAIN_CLAIM_ID)
    tab.open(site_url + claim_url(MAIN_CLAIM_ID))
    tab.page.evaluate("document.fonts.ready")
    expect(tab.page.locator("h1#claim-title")).to_be_visible()
    shot = tmp_path / "claim-page.png"
    tab.page.screenshot(path=str(shot))
    assert png_size(shot) == (VIEWPORT["width"], VIEWPORT["height"])
    if os.environ.get(SCREENSHOT_VARIABLE):
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shot, SCREENSHOT)


@pytest.mark.parametrize(
    ("name", "page_of"),
    [
        ("claim-page-phone.png", lambda c: claim_url(MAIN_CLAIM_ID)),
        ("claimant-page.png", lambda c: "claimants/" + c.claimant_page(MAIN_CLAIM_ID)),
    ],
)
def test_phone_screenshots(
    tab: Tab, site_url: str, content: Content, tmp_path: Path, name, page_of
):
    """The README's phone-size pictures; copied to docs/assets only with FACTCHECK_SCREENSHOT."""
    tab.page.set_viewport_size(PHONE)
    tab.open(site_url + page_of(content))
    tab.page.evaluate("document.fonts.ready")
    shot = tmp_path / name
    tab.page.screenshot(path=str(shot))
    assert png_size(shot) == (PHONE["width"], PHONE["height"])
    if os.environ.get(SCREENSHOT_VARIABLE):
        shutil.copyfile(shot, SCREENSHOT.parent / name)


# --- the verdict at a glance, sharing, claimant pages ---------------------------------------


PHONE = {"width": 390, "height": 844}


def test_every_claim_opens_with_its_verdict_within_a_phone_screen(
    tab: Tab, site_url: str, content: Content
):
    tab.page.set_viewport_size(PHONE)
    for claim_id, claim in sorted(content.claims.items()):
        tab.open(site_url + claim_url(claim_id))
        box = tab.page.locator("section.fc-glance")
        expect(box).to_be_visible()
        bottom = box.evaluate("e => e.getBoundingClientRect().bottom")
        assert bottom <= PHONE["height"], f"{claim_id}: the verdict box ends at {bottom:.0f} px"
        expect(box.locator(".fc-badge")).to_have_attribute("data-status", claim.status)
        expect(box.locator(".fc-glance__claimant")).to_have_text(claim.claimant.name)
        expect(box.locator(".fc-glance__verdict")).to_contain_text("Verdict:")
        expect(box).to_contain_text("Reviewed")
        assert tab.page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_copy_link_and_share_links_load_nothing_from_elsewhere(
    chromium, site_url: str, content: Content
):
    context = chromium.new_context(viewport=PHONE, service_workers="block")
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    requested: list[str] = []
    context.on("request", lambda r: requested.append(r.url))
    page = context.new_page()
    page.goto(site_url + claim_url(MAIN_CLAIM_ID), wait_until="load")
    share = page.locator(".fc-share")
    expected = share.get_attribute("data-url")
    assert expected and expected.endswith("/" + claim_url(MAIN_CLAIM_ID))
    copy = share.locator("button[data-fc-copy]")
    expect(copy).to_be_visible()
    copy.click()
    expect(share.locator("[data-fc-share-status]")).to_have_text("Link copied.")
    assert page.evaluate("navigator.clipboard.readText()") == expected
    services = share.locator(".fc-share__links a")
    expect(services).to_have_text(["Email", "X", "Bluesky", "Facebook", "LinkedIn", "WhatsApp"])
    assert all(u.startswith(site_url) for u in requested), [
        u for u in requested if not u.startswith(site_url)
    ]
    context.close()


def test_claimant_link_leads_to_a_page_with_their_claims(tab: Tab, site_url: str, content: Content):
    claim = content.claim(MAIN_CLAIM_ID)
    tab.open(site_url + claim_url(MAIN_CLAIM_ID))
    tab.page.locator(".fc-glance__claimant").click()
    tab.page.wait_for_load_state("load")
    expect(tab.page.locator("h1")).to_have_text(f"Claims by {claim.claimant.name}")
    expect(tab.page.locator(".fc-note")).to_contain_text("not a rating of the person")
    theirs = [c for c in content.claims.values() if c.claimant.name == claim.claimant.name]
    expect(tab.page.locator(".fc-list__item")).to_have_count(len(theirs))


def test_phone_glitches_are_gone(tab: Tab, site_url: str, content: Content):
    """The site name is not cut in the header; no rating icon is squeezed in the Ratings table."""
    tab.page.set_viewport_size(PHONE)
    tab.open(site_url + "ratings/")
    name = tab.page.locator(".md-header__topic:first-child .md-ellipsis")
    scroll, client = name.evaluate("e => [e.scrollWidth, e.clientWidth]")
    assert scroll <= client, f"the site name is cut: {scroll} px of text in {client} px"
    widths = tab.page.locator(".fc-scale .fc-badge__icon svg").evaluate_all(
        "es => es.map(e => e.getBoundingClientRect().width)"
    )
    assert len(widths) == len(content.scale.ratings)
    assert min(widths) >= 10, f"icons squeezed to {widths}"
