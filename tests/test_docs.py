"""The documentation tells the truth: examples validate, every field and rating is documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import REPO
from factcheck.load import load_claims
from factcheck.model import Scale
from factcheck.schema import load_schema

README = (REPO / "README.md").read_text(encoding="utf-8")
CONTRIBUTE = (REPO / "docs" / "contribute.md").read_text(encoding="utf-8")
YAML_BLOCK = re.compile(r"```yaml\n(# yaml-language-server:.*?)```", re.S)


@pytest.mark.parametrize("doc", ["README.md", "docs/contribute.md"])
def test_example_claims_in_docs_are_valid(doc: str, tmp_path: Path, scale: Scale) -> None:
    examples = YAML_BLOCK.findall((REPO / doc).read_text(encoding="utf-8"))
    assert examples, f"{doc} shows an example claim"
    (tmp_path / "claims").mkdir()
    for i, example in enumerate(examples):
        (tmp_path / "claims" / f"example-{i}.yaml").write_text(example)
    result = load_claims([tmp_path / "claims"], scale, root=tmp_path)
    assert [str(p) for p in result.problems] == []


def test_every_field_of_the_format_is_documented_in_contribute() -> None:
    schema = load_schema()
    fields = set(schema["properties"])
    for definition in ("source", "counter_statement", "history_entry", "party"):
        fields |= set(schema["$defs"][definition]["properties"])
    missing = sorted(f for f in fields if f"`{f}`" not in CONTRIBUTE and f"{f}:" not in CONTRIBUTE)
    assert missing == []


def test_every_field_has_a_description_for_editors() -> None:
    schema = load_schema()
    for name, spec in schema["properties"].items():
        assert spec.get("description"), name


def test_every_rating_is_documented(scale: Scale) -> None:
    ratings_page = (REPO / "docs" / "ratings.md").read_text(encoding="utf-8")
    for rating in scale.ratings:
        assert f"| `{rating.id}` | {rating.label} |" in README, rating.id
        assert f"ratings/{rating.id}.md" in ratings_page, rating.id


def test_readme_commands_exist_in_the_makefile() -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    for target in re.findall(r"^\| `make (\w+)` \|", README, re.M):
        assert re.search(rf"^{target}:", makefile, re.M), target
    assert "make test" in (REPO / ".ci" / "run").read_text(encoding="utf-8")


def test_contributing_shows_the_template_factcheck_new_writes() -> None:
    template = (REPO / "scripts" / "factcheck" / "scaffold" / "claim.yaml").read_text()
    contributing = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert f"```yaml\n{template}```" in contributing


def test_template_comments_every_field() -> None:
    template = (REPO / "scripts" / "factcheck" / "scaffold" / "claim.yaml").read_text()
    for field in load_schema()["properties"]:
        assert re.search(rf"^#? ?{field}:", template, re.M), field
