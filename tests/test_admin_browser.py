"""The form editor at /admin/ in Chromium, against Decap's local backend.

A copy of the site is built with the plugin's admin page pointed at a
decap-server (npm, pinned in package-lock.json) that writes into the copy's
claims/ (MODE=fs, as `make admin` runs it). The CMS script is served from
node_modules at its pinned address, so the browser checks its integrity hash
against the very bytes npm installed; nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.register_assert_rewrite("browser")

from browser import (  # noqa: E402
    MAIN_CLAIM_ID,
    REPO,
    StaticServer,
    Tab,
    build_site,
    copy_site_inputs,
    new_tab,
    wait_until,
)
from conftest import set_plugin_options  # noqa: E402
from factcheck import cms  # noqa: E402

pytest_plugins = ["browser"]

NODE_MODULES = REPO / "node_modules"
DECAP_SERVER = NODE_MODULES / "decap-server" / "dist" / "index.js"
CDN = {script.url: NODE_MODULES / script.package / script.path for script in cms.SCRIPTS}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def backend_answers(url: str) -> bool:
    request = urllib.request.Request(
        url,
        data=json.dumps({"action": "info"}).encode(),
        headers={"Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


class Admin:
    """A site copy, built and served, with decap-server writing into its claims/."""

    def __init__(self, root: Path, url: str, log: Path, backend: str) -> None:
        self.root, self.url, self.log, self.backend = root, url, log, backend

    def claim_file(self, claim_id: str) -> Path:
        return self.root / "claims" / f"{claim_id}.yaml"


@contextlib.contextmanager
def running_admin(
    tmp_path_factory: pytest.TempPathFactory, mode: str = "fs", prepare: Any = None
) -> Iterator[Admin]:
    """A copy of the site built with its admin page pointed at a decap-server in `mode`
    (fs: writes into the copy's claims/; git: branches and commits in the copy, which
    prepare(root) has made a repository), both served on 127.0.0.1."""
    if shutil.which("node") is None or not DECAP_SERVER.is_file():
        pytest.fail(f"{DECAP_SERVER} is missing: `make test` installs it (npm ci)")
    root = copy_site_inputs(REPO, tmp_path_factory.mktemp(f"admin-{mode}-src"))
    port = free_port()
    backend = f"http://127.0.0.1:{port}/api/v1"
    set_plugin_options(root, admin_local_backend=backend)
    site = build_site(root, tmp_path_factory.mktemp(f"admin-{mode}-site"))
    if prepare is not None:
        prepare(root)
    log = root.parent / "decap-server.log"
    env = dict(os.environ, MODE=mode, PORT=str(port), BIND_HOST="127.0.0.1")
    env["GIT_REPO_DIRECTORY"] = str(root)
    with log.open("w") as out:
        proc = subprocess.Popen(
            ["node", str(DECAP_SERVER)], env=env, cwd=root, stdout=out, stderr=subprocess.STDOUT
        )
    server = StaticServer(site)
    try:
        wait_until(lambda: backend_answers(backend), 20, "decap-server", log.read_text)
        yield Admin(root, server.start(), log, backend)
    finally:
        server.stop()
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def admin(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Admin]:
    with running_admin(tmp_path_factory) as running:
        yield running


@contextlib.contextmanager
def admin_tab(chromium: Any) -> Iterator[tuple[Any, Tab, list[str]]]:
    """A guarded tab whose requests for the pinned scripts get the npm-installed files."""
    context, tab = new_tab(chromium)
    served: list[str] = []

    def cdn(route: Any) -> None:
        path = CDN.get(route.request.url)
        if path is None:
            tab.guard.blocked.append(route.request.url)
            route.abort("blockedbyclient")
            return
        served.append(route.request.url)
        route.fulfill(
            status=200,
            body=path.read_bytes(),
            headers={
                "content-type": "application/javascript; charset=utf-8",
                "access-control-allow-origin": "*",
            },
        )

    context.route("https://unpkg.com/**", cdn)
    try:
        yield tab.page, tab, served
        assert tab.guard.blocked == [], f"requests left 127.0.0.1: {tab.guard.blocked}"
    finally:
        context.close()


@pytest.fixture
def page(chromium: Any) -> Iterator[tuple[Any, Tab, list[str]]]:
    with admin_tab(chromium) as opened:
        yield opened


def log_in(page: Any, admin: Admin) -> None:
    page.goto(admin.url + "admin/")
    page.get_by_role("button", name="Login").click()  # the local backend: no account
    page.get_by_text("Claims", exact=True).first.wait_for()


def field(page: Any, label: str, nth: int = 0) -> Any:
    """The input of the nth field labelled exactly `label`."""
    labels = page.locator("label").filter(has_text=re.compile(f"^{re.escape(label)}$"))
    return page.locator("#" + labels.nth(nth).get_attribute("for"))


def choose(page: Any, label: str, option: str, nth: int = 0) -> None:
    field(page, label, nth).click()
    page.keyboard.type(option)
    page.keyboard.press("Enter")


def fill_example_claim(page: Any, claim_id: str, verdict: str) -> None:
    """Fill the new-claim form with the Acme example: every required field, one evidence."""
    field(page, "Id (optional)").fill(claim_id)
    field(page, "Title").fill("Acme will open a factory on the Moon")
    field(page, "Claim").fill("Acme has agreed to build a factory on the Moon by 2030.")
    field(page, "Name").fill("Daily Example")
    choose(page, "Type", "organization")
    field(page, "Date").fill("2026-02-01")
    field(page, "Publisher").fill("Daily Example")
    choose(page, "Status", "Unproven")
    field(page, "Verdict").fill(verdict)
    page.get_by_role("button", name="Add evidence").click()
    field(page, "Publisher", 1).fill("Example Wire")
    field(page, "Reviewed").fill("2026-02-03")


def publish(page: Any) -> None:
    """Publish now (the local backend in MODE=fs has no editorial workflow), and wait
    for Decap to say so."""
    page.get_by_role("button", name="Publish").first.click()
    page.get_by_text("Publish now").click()
    page.get_by_text("Entry saved").wait_for(timeout=20_000)


def validate(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(Path(sys.executable).parent / "factcheck"), "validate", str(path)],
        cwd=path.parent.parent,
        capture_output=True,
        text=True,
        check=False,
    )


def test_a_claim_created_in_the_form_is_a_valid_file_in_claims(
    admin: Admin, page: tuple[Any, Tab, list[str]]
) -> None:
    browser, tab, served = page
    log_in(browser, admin)
    assert served == [cms.DECAP_SCRIPT.url, cms.YAML_SCRIPT.url]  # nothing else, no chunks
    browser.goto(admin.url + "admin/#/collections/claims/new")
    fill_example_claim(
        browser, "acme-moon-factory", "The report cites unnamed people.\n\nNo document settles it."
    )
    browser.get_by_role("button", name="Add tags").click()
    field(browser, "Tag").fill("acme")
    publish(browser)
    path = admin.claim_file("acme-moon-factory")
    wait_until(path.is_file, 15, f"{path} to be written", admin.log.read_text)
    assert path.read_text(encoding="utf-8") == (
        f"{cms.MODELINE}\n"
        "title: Acme will open a factory on the Moon\n"
        "claim: Acme has agreed to build a factory on the Moon by 2030.\n"
        "claimant:\n"
        "  name: Daily Example\n"
        "  type: organization\n"
        'date: "2026-02-01"\n'
        "source:\n"
        "  publisher: Daily Example\n"
        "counter_statements: []\n"
        "status: unproven\n"
        "verdict: |-\n"
        "  The report cites unnamed people.\n"
        "\n"
        "  No document settles it.\n"
        "evidence:\n"
        "  - publisher: Example Wire\n"
        "tags: [acme]\n"
        'reviewed: "2026-02-03"\n'
    )
    done = validate(path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert tab.errors == []


def test_changing_a_rating_in_the_form_changes_only_that_line(
    admin: Admin, page: tuple[Any, Tab, list[str]]
) -> None:
    browser, tab, _ = page
    path = admin.claim_file(MAIN_CLAIM_ID)
    before = path.read_text(encoding="utf-8")
    log_in(browser, admin)
    browser.goto(admin.url + f"admin/#/collections/claims/entries/{MAIN_CLAIM_ID}")
    field(browser, "Status").wait_for()
    choose(browser, "Status", "Misleading")
    publish(browser)
    wait_until(
        lambda: path.read_text(encoding="utf-8") != before, 15, "the save", admin.log.read_text
    )
    after = path.read_text(encoding="utf-8")
    changed = [
        (old, new)
        for old, new in zip(before.splitlines(), after.splitlines(), strict=True)
        if old != new
    ]
    assert changed == [("status: unproven", "status: misleading")]
    assert after.endswith("\n") and before.count("\n") == after.count("\n")
    done = validate(path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert tab.errors == []
