"""`mkdocs serve` while a contributor edits claims: open pages follow the files.

Each test serves a private copy of the site inputs (the repository is never
touched), keeps a claim page open in Chromium and edits the copy's claim files.
The tests never reload the page: MkDocs' live reload must do it.
"""

from __future__ import annotations

import html
import re
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytest.register_assert_rewrite("browser")  # before the import: its asserts explain failures

from browser import (  # noqa: E402
    MAIN_CLAIM_ID,
    REPO,
    DevServer,
    Tab,
    claim_url,
    copy_site_inputs,
    http_status,
    line_of_field,
    load_content,
    rewrite,
    set_field,
    wait_until,
)
from factcheck.pages import SiteIndex  # noqa: E402

pytest_plugins = ["browser"]  # its fixtures: one Chromium for the session

RELOAD_TIMEOUT_MS = 20_000


@pytest.fixture
def served(tmp_path: Path) -> Iterator[DevServer]:
    """`mkdocs serve` of a copy of the repository's site inputs, on a free port."""
    load_content(REPO).claim(MAIN_CLAIM_ID)  # fail early and clearly without the claim
    server = DevServer(copy_site_inputs(REPO, tmp_path / "src"), tmp_path / "mkdocs-serve.log")
    try:
        server.start()
        server.wait_for(claim_url(MAIN_CLAIM_ID))
        yield server
    finally:
        server.stop()


def unique_title(what: str) -> str:
    return f"{what} {uuid.uuid4().hex[:10]}"


def main_claim(server: DevServer) -> tuple[Path, str]:
    path = server.root / "claims" / f"{MAIN_CLAIM_ID}.yaml"
    return path, path.read_text(encoding="utf-8")


def test_editing_a_claim_reloads_its_open_page(tab: Tab, served: DevServer):
    path, text = main_claim(served)
    claim = load_content(served.root).claim(MAIN_CLAIM_ID)
    tab.open(served.url + claim_url(MAIN_CLAIM_ID))
    title = tab.page.locator("h1#claim-title")
    expect(title).to_have_text(claim.title)
    card_url = served.url + f"assets/cards/{MAIN_CLAIM_ID}.png"
    with urllib.request.urlopen(card_url, timeout=5) as response:
        card_before = response.read()

    new_title = unique_title("Live reload: edited title")
    edited = set_field(text, "title", new_title)
    rewrite(path, edited)
    assert load_content(served.root).claim(MAIN_CLAIM_ID).title == new_title

    expect(title).to_have_text(new_title, timeout=RELOAD_TIMEOUT_MS)
    assert tab.page.title().startswith(new_title)
    assert served.alive()
    with urllib.request.urlopen(card_url, timeout=5) as response:  # the card is redrawn
        assert response.read() != card_before

    # Only what the edit changed is rebuilt (--dirty), and that includes the
    # pages that show the claim: the home list and a claim listing it as related.
    content = load_content(served.root)
    index = SiteIndex.build(list(content.claims.values()), content.scale)
    neighbour = next(
        c.id for c in index.claims if MAIN_CLAIM_ID in {r.id for r in index.related(c)}
    )
    for page in ("", claim_url(neighbour)):
        with urllib.request.urlopen(served.url + page, timeout=5) as response:
            assert html.escape(new_title) in response.read().decode(), page


def test_a_broken_claim_is_reported_and_the_site_recovers(tab: Tab, served: DevServer):
    path, text = main_claim(served)
    status = load_content(served.root).claim(MAIN_CLAIM_ID).status
    tab.open(served.url + claim_url(MAIN_CLAIM_ID))
    title = tab.page.locator("h1#claim-title")
    shown_before = title.inner_text()

    broken = set_field(text, "status", "nonsense")
    rewrite(path, broken)
    line = line_of_field(broken, "status")
    error = re.compile(
        rf"^.*claims/{re.escape(MAIN_CLAIM_ID)}\.yaml:{line}: status: 'nonsense' .*$", re.M
    )
    wait_until(
        lambda: error.search(served.output()),
        RELOAD_TIMEOUT_MS / 1000,
        f"the error line claims/{MAIN_CLAIM_ID}.yaml:{line}: status: ... in mkdocs serve's output",
        served.output,
    )
    assert served.alive(), f"mkdocs serve died on a bad claim:\n{served.output()}"
    assert "Traceback" not in served.output()
    expect(title).to_have_text(shown_before)  # the last good page stays up

    new_title = unique_title("Live reload: fixed title")
    rewrite(path, set_field(set_field(broken, "status", status), "title", new_title))
    expect(title).to_have_text(new_title, timeout=RELOAD_TIMEOUT_MS)
    assert served.alive()
    assert "Traceback" not in served.output()


def test_a_new_claim_file_gets_a_page_and_a_home_list_entry(tab: Tab, served: DevServer):
    _, text = main_claim(served)
    count = len(load_content(served.root).claims)
    new_id = f"live-reload-{uuid.uuid4().hex[:8]}"
    new_title = unique_title("Live reload: a new claim")
    assert served.proc is not None
    pid = served.proc.pid

    tab.open(served.url)
    items = tab.page.locator("ol.fc-list > li.fc-list__item")
    expect(items).to_have_count(count)
    assert http_status(served.url + claim_url(new_id)) == 404

    rewrite(served.root / "claims" / f"{new_id}.yaml", set_field(text, "title", new_title))
    served.wait_for(claim_url(new_id), timeout=RELOAD_TIMEOUT_MS / 1000)
    expect(items).to_have_count(count + 1, timeout=RELOAD_TIMEOUT_MS)
    new_link = tab.page.locator("ol.fc-list a.fc-list__title", has_text=new_title)
    expect(new_link).to_have_count(1)
    assert new_link.get_attribute("href").rstrip("/").endswith(claim_url(new_id).rstrip("/"))
    assert served.alive() and served.proc.pid == pid  # the same server, never restarted


def test_a_removed_claim_file_loses_its_page_and_home_list_entry(tab: Tab, served: DevServer):
    content = load_content(served.root)
    gone = next(cid for cid in sorted(content.claims) if cid != MAIN_CLAIM_ID)
    tab.open(served.url)
    items = tab.page.locator("ol.fc-list > li.fc-list__item")
    expect(items).to_have_count(len(content.claims))

    (served.root / "claims" / f"{gone}.yaml").unlink()
    expect(items).to_have_count(len(content.claims) - 1, timeout=RELOAD_TIMEOUT_MS)
    assert http_status(served.url + claim_url(gone)) == 404  # no stale page left behind
    assert served.alive()


HOSTILE_TAILS = {
    "nesting past Python's recursion limit": (
        "extra: " + "[" * 900 + "]" * 900 + "\n",
        "nests lists and mappings more than 10 deep",
    ),
    "a line separator diffs don't show": (
        "# reviewed\u2028status: true\n",
        "holds U+2028 LINE SEPARATOR",
    ),
    "a control character": ('extra: "\\x1b[2J"\n', "holds the control character U+001B"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE_TAILS))
def test_a_hostile_claim_is_reported_and_serve_keeps_running(
    tab: Tab, served: DevServer, case: str
) -> None:
    path, text = main_claim(served)
    tab.open(served.url + claim_url(MAIN_CLAIM_ID))
    title = tab.page.locator("h1#claim-title")
    shown_before = title.inner_text()

    tail, message = HOSTILE_TAILS[case]
    rewrite(path, text.rstrip("\n") + "\n" + tail)
    line = text.rstrip("\n").count("\n") + 2
    expected = f"claims/{MAIN_CLAIM_ID}.yaml:{line}: "
    wait_until(
        lambda: expected in served.output() and message in served.output(),
        RELOAD_TIMEOUT_MS / 1000,
        f"{expected}... {message} in mkdocs serve's output",
        served.output,
    )
    assert served.alive(), f"mkdocs serve died on a hostile claim:\n{served.output()}"
    assert "Traceback" not in served.output()
    assert "\x1b[2J" not in served.output()
    expect(title).to_have_text(shown_before)  # the last good page stays up

    new_title = unique_title("Live reload: recovered")
    rewrite(path, set_field(text, "title", new_title))
    expect(title).to_have_text(new_title, timeout=RELOAD_TIMEOUT_MS)
    assert served.alive()
