"""The form's editorial workflow, against Decap's local backend in git mode.

Decap saves each claim on its own branch (cms/claims/<id>) and keeps its state
as a label; publishing merges the branch. On GitHub or GitLab the branch is a
pull request and the label a PR label; decap-server's git mode (MODE=git) does
the same in a local repository, keeping the label in git's config as the
branch's description. Here a copy of the site is made a repository, and the
real form in Chromium saves, labels and publishes a claim, and edits another.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.register_assert_rewrite("browser")

from test_admin_browser import (  # noqa: E402
    Admin,
    admin_tab,
    choose,
    field,
    fill_example_claim,
    log_in,
    running_admin,
    validate,
)

from browser import MAIN_CLAIM_ID, Tab  # noqa: E402
from factcheck import cms  # noqa: E402

pytest_plugins = ["browser"]

NEW_ID = "acme-moon-factory"
LABEL = "decap-cms/"  # decap-server's label prefix, as Decap puts it on a pull request


def git(root: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(root), *args], capture_output=True, text=True, check=False
    )
    return done.stdout if done.returncode == 0 else ""


def make_repository(root: Path) -> None:
    """The site copy as a repository on `main`, its build cache ignored."""
    (root / ".gitignore").write_text(".cache/\n", encoding="utf-8")
    for args in (
        ("init", "-q", "-b", "main"),
        ("config", "user.name", "Test"),
        ("config", "user.email", "test@example.org"),
        ("config", "commit.gpgsign", "false"),
        ("add", "-A"),
        ("commit", "-q", "-m", "The site"),
    ):
        subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)


@pytest.fixture(scope="module")
def admin(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Admin]:
    with running_admin(tmp_path_factory, "git", make_repository) as running:
        yield running


@pytest.fixture
def page(chromium: Any) -> Iterator[tuple[Any, Tab, list[str]]]:
    with admin_tab(chromium) as opened:
        yield opened


def branch(claim_id: str) -> str:
    return f"cms/{cms.COLLECTION}/{claim_id}"


def label(admin: Admin, claim_id: str) -> str:
    return git(admin.root, "config", f"branch.{branch(claim_id)}.description").strip()


def branches(admin: Admin) -> list[str]:
    return git(admin.root, "branch", "--format=%(refname:short)").split()


def until(page: Any, admin: Admin, check: Any, what: str) -> None:
    """Poll check() while the page runs: the tab's requests go through this process's
    network guard, so a plain sleep here would hold up the very request awaited."""
    for _ in range(100):
        if check():
            return
        page.wait_for_timeout(200)
    details = f"{branches(admin)} {git(admin.root, 'config', '--get-regexp', 'branch')}"
    pytest.fail(f"timed out waiting for {what}: {details}\n{admin.log.read_text()}")


def on_main(admin: Admin) -> bool:
    return git(admin.root, "rev-parse", "--abbrev-ref", "HEAD").strip() == "main"


def labelled(page: Any, admin: Admin, claim_id: str, status: str) -> None:
    until(
        page,
        admin,
        lambda: label(admin, claim_id) == LABEL + status,
        f"{branch(claim_id)} labelled {LABEL + status}",
    )


def test_a_new_claim_is_saved_on_its_branch_labelled_then_published_to_main(
    admin: Admin, page: tuple[Any, Tab, list[str]]
) -> None:
    browser, tab, _ = page
    log_in(browser, admin)
    browser.goto(admin.url + "admin/#/collections/claims/new")
    fill_example_claim(browser, NEW_ID, "The report cites unnamed people.")
    browser.get_by_role("button", name="Save").first.click()
    labelled(browser, admin, NEW_ID, "draft")
    path = f"claims/{NEW_ID}.yaml"
    # The claim is on its branch only: main and the working tree do not have it yet.
    assert branches(admin) == [branch(NEW_ID), "main"]
    assert git(admin.root, "ls-tree", "--name-only", "main", path) == ""
    # decap-server labels the branch before it checks main out again: wait for that.
    until(browser, admin, lambda: on_main(admin), "the working tree back on main")
    assert not admin.claim_file(NEW_ID).exists()
    on_branch = git(admin.root, "show", f"{branch(NEW_ID)}:{path}")
    assert on_branch.startswith(cms.MODELINE + "\ntitle: Acme will open a factory on the Moon\n")
    assert git(admin.root, "diff", "--name-only", "main", branch(NEW_ID)).split() == [path]

    browser.get_by_role("button", name="Status: Draft").click()
    browser.get_by_role("menuitem", name="Ready").click()
    labelled(browser, admin, NEW_ID, "pending_publish")

    browser.get_by_role("button", name="Publish").first.click()
    asked: list[str] = []
    browser.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    browser.get_by_text("Publish now").click()
    browser.get_by_text("Entry published").wait_for(timeout=20_000)
    assert asked == ["Are you sure you want to publish this entry?"]
    until(browser, admin, lambda: on_main(admin) and len(branches(admin)) == 1, "the merge")
    assert branches(admin) == ["main"]  # merged and deleted, as a merged pull request
    assert git(admin.root, "show", f"main:{path}") == on_branch
    assert admin.claim_file(NEW_ID).read_text(encoding="utf-8") == on_branch
    assert git(admin.root, "status", "--porcelain") == ""
    done = validate(admin.claim_file(NEW_ID))
    assert done.returncode == 0, done.stdout + done.stderr
    assert tab.errors == []


def test_an_edit_is_a_one_line_change_on_its_own_branch(
    admin: Admin, page: tuple[Any, Tab, list[str]]
) -> None:
    browser, tab, _ = page
    log_in(browser, admin)
    browser.goto(admin.url + f"admin/#/collections/claims/entries/{MAIN_CLAIM_ID}")
    field(browser, "Status").wait_for()
    choose(browser, "Status", "Misleading")
    browser.get_by_role("button", name="Save").first.click()
    labelled(browser, admin, MAIN_CLAIM_ID, "draft")
    diff = git(admin.root, "diff", "--unified=0", "main", branch(MAIN_CLAIM_ID))
    changed = [line for line in diff.splitlines() if line[:1] in "+-" and line[:3] not in "+++---"]
    assert changed == ["-status: unproven", "+status: misleading"]
    assert git(admin.root, "status", "--porcelain") == ""  # main is checked out again
    assert tab.errors == []
