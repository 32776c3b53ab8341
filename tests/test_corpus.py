"""The corpus of broken and hostile claim files, each with the error it must produce.

tests/corpus/invalid/ holds one file per mistake; tests/corpus/invalid.expected
is the exact report `factcheck validate` must print for them, all at once.
tests/corpus/valid/ holds unusual files that must be accepted.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import BIN, REPO, SiteFactory, mkdocs_build
from factcheck.load import load_claims, load_scale
from factcheck.model import Scale
from factcheck.yamlfile import MAX_BYTES

CORPUS = Path(__file__).parent / "corpus"
EXPECTED = (CORPUS / "invalid.expected").read_text(encoding="utf-8").splitlines()


def claims_copy(tmp_path: Path, folder: str) -> Path:
    shutil.copytree(CORPUS / folder, tmp_path / "claims")
    shutil.copy(REPO / "ratings.yaml", tmp_path / "ratings.yaml")
    return tmp_path


def test_every_case_has_its_expected_error() -> None:
    reported = {line.split(":")[0].removeprefix("claims/") for line in EXPECTED[:-1]}
    cases = {p.name for p in (CORPUS / "invalid").iterdir()}
    assert cases == reported


def test_validator_reports_every_problem_of_every_file(tmp_path: Path) -> None:
    root = claims_copy(tmp_path, "invalid")
    done = subprocess.run(
        [BIN / "factcheck", "validate"], cwd=root, capture_output=True, text=True, check=False
    )
    assert done.returncode == 1
    assert done.stderr.splitlines() == EXPECTED
    assert "Traceback" not in done.stderr


def test_build_fails_with_the_same_report(make_site: SiteFactory) -> None:
    files = {p.name: p.read_bytes() for p in (CORPUS / "invalid").iterdir()}
    root = make_site(files)
    done = mkdocs_build(root)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    logged = [re.sub(r"^ERROR\s+-\s+", "", x) for x in done.stderr.splitlines()]
    for line in EXPECTED[:-1]:
        assert line in logged


def test_valid_corpus_is_accepted(tmp_path: Path, scale: Scale) -> None:
    root = claims_copy(tmp_path, "valid")
    result = load_claims([root / "claims"], scale, root=root)
    assert [str(p) for p in result.problems] == []
    assert {c.id for c in result.claims} == {p.stem for p in (CORPUS / "valid").iterdir()}


def test_bom_and_crlf_read_like_plain_utf8(tmp_path: Path, scale: Scale) -> None:
    root = claims_copy(tmp_path, "valid")
    claim = next(c for c in load_claims([root / "claims"], scale).claims if c.id == "bom-and-crlf")
    assert claim.title == "Acme will open a factory on the Moon"
    assert "\r" not in claim.verdict


def test_oversized_file_is_refused_without_parsing(tmp_path: Path, scale: Scale) -> None:
    (tmp_path / "claims").mkdir()
    big = tmp_path / "claims" / "big.yaml"
    big.write_text("title: " + "x" * MAX_BYTES + "\n")
    result = load_claims([tmp_path / "claims"], scale, root=tmp_path)
    assert [str(p) for p in result.problems] == [
        f"claims/big.yaml:1: file is {big.stat().st_size:,} bytes; the limit is {MAX_BYTES:,}"
    ]


@pytest.mark.parametrize("target", ["/etc/passwd", "../README.md"])
def test_symlink_never_publishes_an_outside_file(make_site: SiteFactory, target: str) -> None:
    root = make_site({})
    (root / "claims" / "leak.yaml").symlink_to(target)
    done = mkdocs_build(root)
    assert done.returncode == 1
    assert "claims/leak.yaml:1: is a symbolic link" in done.stderr
    assert not (root / "site").exists() or "root:" not in "".join(
        p.read_text(errors="ignore") for p in (root / "site").rglob("*.html")
    )


class _Elements(HTMLParser):
    """Every element and attribute a browser would create from the page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.script_text: list[str] = []
        self.json_ld: list[str] = []
        self._in: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {k: v or "" for k, v in attrs}
        self.tags.append((tag, attributes))
        if tag == "script":
            data = attributes.get("type") == "application/ld+json"
            self._in = self.json_ld if data else self.script_text

    def handle_endtag(self, tag: str) -> None:
        self._in = None

    def handle_data(self, data: str) -> None:
        if self._in is not None:
            self._in.append(data)


INJECTED_TAGS = {"iframe", "marquee", "img", "svg", "style", "body", "b"}


def test_hostile_text_builds_to_inert_text_everywhere(make_site: SiteFactory) -> None:
    root = make_site({"hostile-text.yaml": (CORPUS / "valid" / "hostile-text.yaml").read_text()})
    done = mkdocs_build(root)
    assert done.returncode == 0, done.stderr
    pages = list((root / "site").rglob("*.html"))
    assert len(pages) > 5
    for page in pages:
        parser = _Elements()
        parser.feed(page.read_text(encoding="utf-8"))
        for tag, attrs in parser.tags:
            handlers = [a for a in attrs if a.startswith("on")]
            assert not handlers, (page, tag, handlers)
            for attr in ("href", "src"):
                assert not attrs.get(attr, "").lower().startswith(("javascript:", "data:")), page
        assert "alert(" not in "".join(parser.script_text), page
        for block in parser.json_ld:  # data, not code: it parses, and holds the text
            json.loads(block)
        body_tags = {tag for tag, _ in parser.tags} & INJECTED_TAGS
        assert body_tags <= {"body", "svg"}, (page, body_tags)  # the page's own body and icons
    claim_page = (root / "site" / "claims" / "hostile-text" / "index.html").read_text()
    text = html.unescape(re.sub(r"<[^>]+>", "", claim_page))
    assert "<img src=x onerror=\"alert('claim')\"> [click](javascript:alert('md'))" in text
    assert '{% include "base.html" %}' in text and "{{ 7 * 7 }}" in text


def test_hostile_text_in_search_index_is_escaped(make_site: SiteFactory) -> None:
    root = make_site({"hostile-text.yaml": (CORPUS / "valid" / "hostile-text.yaml").read_text()})
    assert mkdocs_build(root).returncode == 0
    index = json.loads((root / "site" / "search" / "search_index.json").read_text())
    docs = [d for d in index["docs"] if d["location"].startswith("claims/hostile-text/")]
    assert docs
    for doc in docs:
        for field in ("title", "text"):
            raw = re.findall(r"<\s*([a-z]+)", doc[field])
            assert set(raw) <= {"p", "ul", "li", "code"}, (doc["location"], field, raw)


RATINGS = CORPUS / "ratings"


def test_every_rating_scale_case_has_its_expected_report() -> None:
    expected = (CORPUS / "ratings.expected").read_text(encoding="utf-8").splitlines()
    reported: list[str] = []
    for path in sorted(RATINGS.iterdir()):
        scale, problems = load_scale(path, f"ratings/{path.name}")
        assert scale is None, path.name
        reported += [str(p) for p in problems]
    assert reported == expected
    assert {line.split(":")[0].removeprefix("ratings/") for line in expected} == {
        p.name for p in RATINGS.iterdir()
    }


@pytest.mark.parametrize("case", ["missing-icon.yaml", "nesting.yaml"])
def test_a_bad_rating_scale_stops_validate_and_build_with_its_line(
    make_site: SiteFactory, case: str
) -> None:
    root = make_site({})
    (root / "ratings.yaml").write_bytes((RATINGS / case).read_bytes())
    expected = next(
        line.removeprefix(f"ratings/{case}:")
        for line in (CORPUS / "ratings.expected").read_text(encoding="utf-8").splitlines()
        if line.startswith(f"ratings/{case}:")
    )
    done = subprocess.run(
        [BIN / "factcheck", "validate"], cwd=root, capture_output=True, text=True, check=False
    )
    assert done.returncode == 1 and f"ratings.yaml:{expected}" in done.stderr
    built = mkdocs_build(root)
    assert built.returncode == 1 and f"ratings.yaml:{expected}" in built.stderr
    for output in (done.stderr, built.stderr):
        assert "Traceback" not in output and "TemplateNotFound" not in output


def test_a_huge_file_is_refused_without_being_read(tmp_path: Path, scale: Scale) -> None:
    (tmp_path / "claims").mkdir()
    huge = tmp_path / "claims" / "huge.yaml"
    with huge.open("wb") as out:  # sparse: 8 GiB on paper, nothing on disk
        out.truncate(8 * 1024**3)
    result = load_claims([tmp_path / "claims"], scale, root=tmp_path)
    assert [str(p) for p in result.problems] == [
        f"claims/huge.yaml:1: file is {8 * 1024**3:,} bytes; the limit is {MAX_BYTES:,}"
    ]


def test_a_pipe_in_claims_is_refused_not_read(tmp_path: Path, scale: Scale) -> None:
    (tmp_path / "claims").mkdir()
    os.mkfifo(tmp_path / "claims" / "pipe.yaml")  # reading it would wait forever
    result = load_claims([tmp_path / "claims"], scale, root=tmp_path)
    assert [str(p) for p in result.problems] == [
        "claims/pipe.yaml:1: is not a regular file; claims/ holds only claim files"
    ]
