"""Adversarial files at the 256 KiB limit get a clear report, never a traceback.

The files come from benchmarks/adversarial.py, which `make bench` times (the
slowest is reported there, against the one-second target): here each must be
refused with the expected problem, in the documented form, in few lines.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from benchmarks import adversarial
from conftest import BIN, REPO, SiteFactory, mkdocs_build
from factcheck.load import MAX_PROBLEMS, load_claim
from factcheck.model import Scale
from factcheck.yamlfile import MAX_BYTES

LINE = re.compile(r"claims/x\.yaml:[0-9]+: \S")

EXPECTED = {
    "long-url-of-dots": "appearances[0].url: must be a full http",
    "long-url-of-at-signs": "appearances[0].url: must be a full http",
    "two-line-title": "title: must be one line of text",
    "title-of-spaces": "title: must be one line of text",
    "tags-one-odd-item": "tags: has more than 20 items",
    "tags-all-distinct": "tags: has more than 20 items",
    "deep-flow-nesting": "exceeded maximum nesting depth",
    "deep-block-nesting": "nests lists and mappings more than 10 deep",
    "nesting-past-recursion-flow": "nests lists and mappings more than 10 deep",
    "nesting-past-recursion-block": "nests lists and mappings more than 10 deep",
    "deep-flow-mappings": "nests lists and mappings more than 10 deep",
    "many-unknown-fields": "stauts0: unknown field; did you mean 'status'?",
    "long-unknown-fields": "...: duplicate key",
    "many-duplicate-keys": "title: duplicate key (first set on line 1)",
    "many-bad-tags": "tags[0]: must be a lowercase slug",
    "many-control-characters": "holds the control character U+0001",
    "many-line-separators": "holds U+2028 LINE SEPARATOR",
    "many-lone-carriage-returns": "holds a carriage return without a line feed",
    "many-history-entries": "history: has more than 50 items",
    "many-evidence-entries": "appearances: has more than 100 items",
    "long-fuzzy-date": "date: must be a date written",
    "long-verdict-of-invisibles": "verdict: is blank",
    "many-anchors": "anchors and aliases (& and *) are not allowed",
    "long-plain-scalar-key-chain": "appearances: has more than 100 items",
}


def test_every_generator_has_an_expected_report() -> None:
    assert set(EXPECTED) == set(adversarial.GENERATORS)


@pytest.mark.parametrize("name", sorted(adversarial.GENERATORS))
def test_adversarial_file_gets_a_short_clear_report(
    tmp_path: Path, scale: Scale, name: str
) -> None:
    data = adversarial.GENERATORS[name]()
    assert len(data) <= MAX_BYTES
    path = tmp_path / "x.yaml"
    path.write_bytes(data)
    claim, problems = load_claim(path, "claims/x.yaml", scale)
    assert claim is None
    lines = [str(p) for p in problems]
    assert 1 <= len(lines) <= MAX_PROBLEMS + 1
    for line in lines:
        assert LINE.match(line) and line.isprintable() and len(line) < 1000, line[:200]
    assert any(EXPECTED[name] in line for line in lines), lines[:3]


def _write_all(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, generate in adversarial.GENERATORS.items():
        (folder / f"{name}.yaml").write_bytes(generate())


def test_validate_reports_them_all_without_a_traceback(tmp_path: Path) -> None:
    _write_all(tmp_path / "claims")
    (tmp_path / "ratings.yaml").write_bytes((REPO / "ratings.yaml").read_bytes())
    done = subprocess.run(
        [BIN / "factcheck", "validate"], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    files = {line.split(":")[0] for line in done.stderr.splitlines()[:-1]}
    assert files == {f"claims/{name}.yaml" for name in adversarial.GENERATORS}


def test_build_fails_on_them_with_the_report_not_a_traceback(make_site: SiteFactory) -> None:
    root = make_site({})
    _write_all(root / "claims")
    done = mkdocs_build(root)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "claims/nesting-past-recursion-flow.yaml:13: nests lists and mappings" in done.stderr
