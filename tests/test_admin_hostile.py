"""The hostile corpus typed into the form at /admin/: what is saved means what was typed.

Values come from tests/corpus: the script payloads of valid/hostile-text.yaml,
YAML's own syntax copied from the invalid files (tags, anchors, aliases, merge
keys, complex keys, a second document), and the refused characters of the
invalid files (bidi controls, a line separator, invisible text, a
noncharacter). They are typed into the real form in Chromium against
decap-server (MODE=fs, a copy of the site) and saved. Then either

- the file reads back as exactly the text typed, the site builds with
  `mkdocs build --strict`, and the claim's page in Chromium runs nothing and
  shows every payload as text; or
- `factcheck validate` refuses the file with the corpus' own messages, each on
  the line of its field in the saved file (the `::error` annotations a pull
  request gets point there).

A `javascript:` address never reaches the file: the form's pattern refuses it.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from playwright.sync_api import expect

pytest.register_assert_rewrite("browser")

from test_admin_browser import (  # noqa: E402
    Admin,
    admin_tab,
    choose,
    field,
    log_in,
    publish,
    running_admin,
    validate,
)
from test_browser_hostile import INJECTED  # noqa: E402
from test_cms import ASSET, node  # noqa: E402

from browser import (  # noqa: E402
    MAIN_CLAIM_ID,
    REPO,
    StaticServer,
    Tab,
    build_site,
    new_tab,
    wait_until,
    words,
)
from factcheck import cms  # noqa: E402
from factcheck.schema import load_schema  # noqa: E402
from factcheck.text import char_problem  # noqa: E402
from factcheck.yamlfile import parse  # noqa: E402

pytest_plugins = ["browser"]


@pytest.fixture(scope="module")
def admin(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Admin]:
    with running_admin(tmp_path_factory) as running:
        yield running


@pytest.fixture
def page(chromium: Any) -> Iterator[tuple[Any, Tab, list[str]]]:
    with admin_tab(chromium) as opened:
        yield opened


CORPUS = Path(__file__).parent / "corpus"
INVALID = CORPUS / "invalid"


def corpus_line(name: str, number: int) -> str:
    """A line of an invalid corpus file, as text a contributor might paste."""
    text = (INVALID / f"{name}.yaml").read_text(encoding="utf-8")
    return text.split("\n")[number - 1].strip()  # not splitlines(): it splits at U+2028


def corpus_value(name: str, *path: str | int) -> Any:
    data = parse((INVALID / f"{name}.yaml").read_text(encoding="utf-8")).data
    for part in path:
        data = data[part]
    return data


def expected_problem(name: str, field_path: str) -> str:
    """The corpus' message for a field of an invalid file (invalid.expected), without
    its file and line."""
    for line in (CORPUS / "invalid.expected").read_text(encoding="utf-8").splitlines():
        match = re.match(rf"claims/{re.escape(name)}\.yaml:\d+: (.*)$", line)
        if match and match[1].startswith(f"{field_path}: "):
            return match[1]
    raise AssertionError(f"invalid.expected has no '{field_path}' problem for {name}.yaml")


HOSTILE = parse((CORPUS / "valid" / "hostile-text.yaml").read_text(encoding="utf-8")).data

# YAML syntax, typed as text: each must be saved as that text, never as YAML.
YAML_LINES = {
    "tag": corpus_line("python-tag", 1),  # title: !!python/object/apply:os.system [...]
    "anchor": corpus_line("anchor-without-alias", 1),  # title: &headline Acme ...
    "alias": corpus_line("alias-bomb", 2),  # b: &b [*a,*a,...]
    "merge": corpus_line("merge-key", 4),  # <<: {name: Daily Example}
    "document": corpus_line("two-documents", 31),  # ---
    "complex": corpus_line("complex-key", 21),  # ? [status, title]
}
JAVASCRIPT_URL = corpus_value("url-javascript", "appearances", 0, "url")

# A claim that is valid: every value is text that looks like code or like YAML.
VALID_ID = "form-hostile-text"
VALID = {
    "title": "</script>" + HOSTILE["title"],
    "claim": HOSTILE["claim"].rstrip("\n"),
    "claimant": {
        "name": HOSTILE["claimant"]["name"],
        "type": "person",
        "role": YAML_LINES["anchor"],
    },
    "date": "2026-02-01",
    "source": {
        "publisher": YAML_LINES["tag"],
        "title": "# " + YAML_LINES["alias"],
        "note": "\n".join([YAML_LINES["merge"], "- item", YAML_LINES["document"], "key: value"]),
    },
    "appearances": [{"publisher": YAML_LINES["document"]}],
    "counter_statements": [],
    "status": "unproven",
    "verdict": HOSTILE["verdict"].rstrip("\n"),
    "summary": "null",
    "evidence": [
        {
            "publisher": HOSTILE["evidence"][0]["publisher"],
            "title": YAML_LINES["complex"],
            "url": HOSTILE["evidence"][0]["url"],
            "note": "*alias",
        }
    ],
    "tags": ["hostile"],
    "reviewed": "2026-02-03",
}

# A claim the validator must refuse: the refused characters of the invalid corpus,
# each in the field its corpus file has it in.
REFUSED_ID = "form-refused-text"
SEPARATOR_TEXT = corpus_line("line-separator", 20)  # a comment that hides a line (U+2028)
REFUSED = {
    "title": corpus_value("bidi-override", "title"),
    "claim": corpus_value("invisible-only", "claim"),
    "claimant": {"name": corpus_value("bidi-isolate", "claimant", "name"), "type": "organization"},
    "date": "2026-02-01",
    "source": {"publisher": "Daily Example", "title": SEPARATOR_TEXT},
    "appearances": [{"publisher": corpus_value("noncharacter", "appearances", 0, "publisher")}],
    "counter_statements": [],
    "status": "unproven",
    "verdict": "The report cites unnamed people.",
    "evidence": [
        {"publisher": "Example Wire", "note": corpus_value("invisible-only", "evidence", 0, "note")}
    ],
    "tags": [],
    "reviewed": "2026-02-03",
}
REFUSED_PROBLEMS = {  # field: the problem, as the corpus has it (or the validator's rule)
    "title": expected_problem("bidi-override", "title"),
    "claim": expected_problem("invisible-only", "claim"),
    "claimant.name": expected_problem("bidi-isolate", "claimant.name"),
    "source.title": f"source.title: {char_problem(SEPARATOR_TEXT)}",
    "appearances[0].publisher": expected_problem("noncharacter", "appearances[0].publisher"),
    "evidence[0].note": expected_problem("invisible-only", "evidence[0].note"),
}


# --- typing a claim into the form ----------------------------------------------


def fill_claim(page: Any, claim_id: str, data: dict[str, Any]) -> None:
    """Type a claim into a new entry: the fields this module's claims use."""
    page.goto(page.url.split("#")[0] + "#/collections/claims/new")
    field(page, "Id (optional)").fill(claim_id)
    field(page, "Title").fill(data["title"])
    field(page, "Claim").fill(data["claim"])
    field(page, "Name").fill(data["claimant"]["name"])
    choose(page, "Type", data["claimant"]["type"])
    if "role" in data["claimant"]:
        field(page, "Role (optional)").fill(data["claimant"]["role"])
    field(page, "Date").fill(data["date"])
    field(page, "Publisher").fill(data["source"]["publisher"])
    if "title" in data["source"]:
        field(page, "Title (optional)").fill(data["source"]["title"])
    if "note" in data["source"]:
        field(page, "Note (optional)").fill(data["source"]["note"])
    page.get_by_role("button", name="Add appearance").click()
    field(page, "Publisher", 1).fill(data["appearances"][0]["publisher"])
    choose(page, "Status", data["status"])
    field(page, "Verdict").fill(data["verdict"])
    if "summary" in data:
        field(page, "Summary (optional)").fill(data["summary"])
    page.get_by_role("button", name="Add evidence").click()
    evidence = data["evidence"][0]
    field(page, "Publisher", 2).fill(evidence["publisher"])
    for key, label in (("title", "Title (optional)"), ("url", "Url (optional)")):
        if key in evidence:  # source, appearance, evidence: the evidence's is the third
            field(page, label, 2).fill(evidence[key])
    field(page, "Note (optional)", 2).fill(evidence["note"])
    for tag in data.get("tags", []):
        page.get_by_role("button", name="Add tags").click()
        field(page, "Tag").fill(tag)
    field(page, "Reviewed").fill(data["reviewed"])


def try_publish(page: Any) -> None:
    page.get_by_role("button", name="Publish").first.click()
    page.get_by_text("Publish now").click()


def validate_in_actions(root: Path) -> subprocess.CompletedProcess[str]:
    """`factcheck validate` of root/claims as CI runs it on a pull request."""
    return subprocess.run(
        [str(Path(sys.executable).parent / "factcheck"), "validate", "claims"],
        cwd=root,
        env={**os.environ, "GITHUB_ACTIONS": "true"},
        capture_output=True,
        text=True,
        check=False,
    )


def line_of(text: str, dotted: str) -> int:
    """The line, in a file's text, where the field at a dotted path (a.b[0].c) is written:
    found with PyYAML's own node marks, not with the validator's reader."""
    node = yaml.compose(text)
    line = 0
    for part in re.findall(r"[^.\[\]]+", dotted):
        if isinstance(node, yaml.SequenceNode):
            node = node.value[int(part)]
            line = node.start_mark.line + 1
            continue
        key, node = next((k, v) for k, v in node.value if k.value == part)
        line = key.start_mark.line + 1
    return line


WRITE = """
const api = require(process.argv[1]);
const [layout, claims] = process.argv.slice(2).map(JSON.parse);
console.log(JSON.stringify(claims.map(([data, original]) => api.format(data, original, layout))));
"""


def written(*claims: tuple[dict[str, Any], str | None]) -> list[str]:
    """What the admin page's writer (assets/cms-admin.js, in Node) saves for each
    (entry, file as it was read) pair."""
    layout = json.dumps(cms.layout(load_schema()))
    out: list[str] = node(WRITE, str(ASSET), layout, json.dumps(claims))
    return out


Found = list[tuple[str, int, str]]  # (file, line, text)


def problems_in_actions(root: Path) -> tuple[Found, Found]:
    """`factcheck validate` as CI runs it: its problems (file, line, text) and its
    `::error` annotations (file, line, message)."""
    done = validate_in_actions(root)
    assert done.returncode == 1, done.stdout + done.stderr
    problems = [
        (m[1], int(m[2]), m[3])
        for m in re.finditer(r"^(claims/[^:]+):(\d+): (.*)$", done.stderr, re.M)
    ]
    annotations = [
        (m[1], int(m[2]), m[3])
        for m in re.finditer(r"^::error file=([^,]+),line=(\d+)::(.*)$", done.stdout, re.M)
    ]
    return problems, annotations


def saved(admin: Admin, claim_id: str) -> str:
    path = admin.claim_file(claim_id)
    wait_until(path.is_file, 15, f"{path} to be written", admin.log.read_text)
    return path.read_text(encoding="utf-8")


def test_hostile_text_typed_into_the_form_is_saved_as_that_text_and_built_inert(
    admin: Admin,
    page: tuple[Any, Tab, list[str]],
    chromium: Any,
    tmp_path: Path,
) -> None:
    browser, tab, _ = page
    log_in(browser, admin)
    fill_claim(browser, VALID_ID, VALID)
    # The form's own pattern refuses a javascript: address; nothing is saved.
    url = field(browser, "Url (optional)", 1)
    url.fill(JAVASCRIPT_URL)
    try_publish(browser)
    message = load_schema()["$defs"]["url"]["x-message"]
    error = browser.get_by_role("listitem").filter(has_text=message)
    expect(error).to_have_text(f"Url didn't match the pattern: {message}.")
    assert not admin.claim_file(VALID_ID).exists()
    # Decap's persistEntry refuses an invalid entry with Promise.reject(): no reason.
    assert tab.errors == ["undefined"]
    tab.errors.clear()
    url.click()  # emptied as a person does (fill("") leaves Decap's value as it was)
    browser.keyboard.press("Control+a")
    browser.keyboard.press("Delete")
    publish(browser)
    text = saved(admin, VALID_ID)
    assert parse(text).data == VALID, text
    done = validate(admin.claim_file(VALID_ID))
    assert done.returncode == 0, done.stdout + done.stderr
    assert tab.errors == []

    # The site builds, and the claim's page runs none of it and shows it all as text.
    server = StaticServer(build_site(admin.root, tmp_path / "site"))
    context, reader = new_tab(chromium)
    dialogs: list[str] = []
    reader.page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    console: list[str] = []
    reader.page.on("console", lambda m: m.type == "error" and console.append(m.text))
    try:
        reader.open(server.start() + f"claims/{VALID_ID}/")
        reader.page.wait_for_load_state("networkidle")
        assert dialogs == [] and reader.errors == [] and console == []
        assert reader.page.evaluate(INJECTED) == []
        assert reader.guard.blocked == []
        expect(reader.page.locator("h1#claim-title")).to_have_text(VALID["title"])
        assert reader.page.title().startswith(VALID["title"] + " - ")
        quote = reader.page.locator("figure.fc-quote blockquote").inner_text()
        assert words(quote) == words(VALID["claim"])
        body = reader.page.locator("body").inner_text()
        for value in (VALID["source"]["publisher"], VALID["claimant"]["role"]):
            assert value in body
    finally:
        context.close()
        server.stop()


def test_refused_text_typed_into_the_form_is_refused_on_the_lines_of_the_saved_file(
    admin: Admin, page: tuple[Any, Tab, list[str]]
) -> None:
    browser, tab, _ = page
    log_in(browser, admin)
    fill_claim(browser, REFUSED_ID, REFUSED)
    path = admin.claim_file(REFUSED_ID)
    try:
        publish(browser)  # the form cannot see these characters; the validator can
        text = saved(admin, REFUSED_ID)
        assert parse(text).data == REFUSED, text  # what was typed, escaped
        assert text == written((REFUSED, None))[0]  # the form saves what the writer writes
        shown = f"claims/{REFUSED_ID}.yaml"
        expected = sorted(
            (shown, line_of(text, where), problem) for where, problem in REFUSED_PROBLEMS.items()
        )
        assert problems_in_actions(admin.root) == (expected, expected)
        assert tab.errors == []
    finally:
        path.unlink(missing_ok=True)  # the module's site copy builds without it


# --- the pull request's annotations, without a browser ---------------------------


def test_annotations_point_at_the_lines_the_writer_wrote(tmp_path: Path) -> None:
    """A claim the form creates and one it edits, each with refused text: CI's
    `::error` annotations name the saved file and the line of each bad field in it."""
    original = (REPO / "claims" / f"{MAIN_CLAIM_ID}.yaml").read_text(encoding="utf-8")
    edited = parse(original).data
    edited["claimant"]["name"] = REFUSED["claimant"]["name"]
    edited["evidence"][0]["note"] = REFUSED["evidence"][0]["note"]
    new, changed = written((REFUSED, None), (edited, original))
    for char in "\u202e\u2067\u2028\ufffe\u2800\u3164":  # a diff shows each as an escape
        assert char not in new + changed, f"U+{ord(char):04X} written raw"
    claims = tmp_path / "claims"
    claims.mkdir()
    (claims / f"{REFUSED_ID}.yaml").write_text(new, encoding="utf-8")
    (claims / f"{MAIN_CLAIM_ID}.yaml").write_text(changed, encoding="utf-8")
    (tmp_path / "ratings.yaml").write_bytes((REPO / "ratings.yaml").read_bytes())
    edited_problems = {
        "claimant.name": REFUSED_PROBLEMS["claimant.name"],
        "evidence[0].note": REFUSED_PROBLEMS["evidence[0].note"],
    }
    expected = sorted(
        (f"claims/{MAIN_CLAIM_ID}.yaml", line_of(changed, where), problem)
        for where, problem in edited_problems.items()
    ) + sorted(
        (f"claims/{REFUSED_ID}.yaml", line_of(new, where), problem)
        for where, problem in REFUSED_PROBLEMS.items()
    )
    problems, annotations = problems_in_actions(tmp_path)
    assert problems == expected
    assert annotations == expected
    # The edit changed only the two fields: every other line is where it was.
    assert line_of(changed, "status") == line_of(original, "status")
