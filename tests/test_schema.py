"""The one schema and its one engine: jsonschema-rs with a regex engine that cannot backtrack.

Every rule is broken once at every depth of a valid claim and must be caught;
patterns match the whole value (never stopping before a final newline); the
schema stays a valid 2020-12 schema for editors.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import jsonschema_rs
import pytest

from conftest import REPO, VALID_CLAIM
from factcheck.schema import SCHEMAS, load_schema, schema_problems, validator
from factcheck.yamlfile import YamlError, decode, parse

CORPUS = Path(__file__).parent / "corpus"
HISTORY = {"date": "2026-01-01", "status": "false", "reason": "r"}

EDITS: dict[str, tuple[tuple[Any, ...], Any]] = {
    "title-newline": (("title",), "two\nlines"),
    "title-blank": (("title",), "   "),
    "title-long": (("title",), "x" * 301),
    "title-final-newline": (("title",), "A title\n"),
    "claim-list": (("claim",), ["a"]),
    "claimant-type": (("claimant", "type"), "company"),
    "claimant-extra": (("claimant", "age"), "40"),
    "date-shape": (("date",), "01/02/2026"),
    "date-range-shape": (("date",), "2026-01-01/"),
    "date-final-newline": (("date",), "2026-01-01\n"),
    "url-js": (("appearances", 0, "url"), "javascript:alert(1)"),
    "url-nohost": (("appearances", 0, "url"), "https://localhost"),
    "url-space": (("appearances", 0, "url"), "https://a.b/c d"),
    "url-credentials": (("appearances", 0, "url"), "https://trusted.example@evil.example/"),
    "url-password": (("appearances", 0, "url"), "https://user:pw@evil.example/"),
    "url-backslash": (("appearances", 0, "url"), "https://trusted.example\\@evil.example/"),
    "url-unicode-host": (("appearances", 0, "url"), "https://ex\u0430mple.org/"),
    "url-final-newline": (("appearances", 0, "url"), "https://a.example/\n"),
    "tag-upper": (("tags", 0), "Acme"),
    "tag-double-hyphen": (("tags", 0), "a--b"),
    "tag-final-newline": (("tags", 0), "acme\n"),
    "status-slug": (("status",), "Not a slug"),
    "reviewed-partial": (("reviewed",), "2026-02"),
    "reviewed-final-newline": (("reviewed",), "2026-02-03\n"),
    "reviewed-arabic-indic-digits": (("reviewed",), "\u0662\u0660\u0662\u0666-02-03"),
    "reviewed-fullwidth-digits": (("reviewed",), "\uff12\uff10\uff12\uff16-02-03"),
    "evidence-empty": (("evidence",), []),
    "evidence-too-many": (("evidence",), [{"publisher": "P"}] * 101),
    "history-too-many": (("history",), [HISTORY] * 51),
    "tags-one-odd-item": (("tags",), ["a", {"b": "c"}, "a"]),
    "source-no-publisher": (("source", "publisher"), None),
    "counter-no-ref": (("counter_statements", 0, "source"), None),
    "counter-by-as-text": (("counter_statements", 0, "by"), "Acme Corp"),
    "author-as-text": (("appearances", 0, "author"), "Jane Doe"),
    "author-type": (("appearances", 0, "author"), {"name": "Jane Doe", "type": "thing"}),
    "unknown-field": (("stauts",), "x"),
}


def documents() -> Iterator[tuple[str, Any]]:
    files = [*(REPO / "claims").glob("*.yaml"), *(CORPUS / "valid").glob("*.yaml")]
    for path in sorted(files):
        yield path.name, parse(decode(path.read_bytes())).data


def mutated(path: tuple[Any, ...], value: Any) -> Any:
    data = copy.deepcopy(parse(VALID_CLAIM).data)
    target = data
    for key in path[:-1]:
        target = target[key]
    if value is None:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return data


@pytest.mark.parametrize(("name", "data"), list(documents()))
def test_valid_files_pass(name: str, data: Any) -> None:
    assert list(schema_problems(data)) == []


@pytest.mark.parametrize("name", EDITS)
def test_each_broken_rule_is_reported_at_its_field(name: str) -> None:
    path, value = EDITS[name]
    problems = list(schema_problems(mutated(path, value)))
    assert problems, name
    reported = {p for p, _ in problems}
    assert any(path[: len(p)] == p or p[: len(path)] == path for p in reported), problems


def test_python_re_and_the_schema_disagree_on_a_final_newline() -> None:
    """Why the engine matters: Python's `$` would accept 'acme\\n' as a slug."""
    import re

    slug = load_schema()["$defs"]["slug"]["pattern"]
    assert re.search(slug, "acme\n")  # what the old engine let through
    assert not validator().is_valid(mutated(("tags", 0), "acme\n"))


def test_every_pattern_compiles_without_backtracking() -> None:
    """RegexOptions is Rust's regex crate: a pattern needing backtracking fails to compile."""
    linear = jsonschema_rs.RegexOptions()
    with pytest.raises(jsonschema_rs.ValidationError):
        jsonschema_rs.validator_for({"pattern": "(?=a)a"}, pattern_options=linear)
    for name in SCHEMAS:
        assert validator(name) is not None  # compiled with RegexOptions


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_schemas_are_valid_2020_12_for_editors(name: str) -> None:
    jsonschema.Draft202012Validator.check_schema(load_schema(name))
    raw = (REPO / "scripts" / "factcheck" / SCHEMAS[name]).read_text(encoding="utf-8")
    assert json.loads(raw) == load_schema(name)


def test_urls_of_every_shape_a_source_has_are_accepted() -> None:
    for url in (
        "https://example.org",
        "http://www.example.org/a/b?c=d&e=f#g",
        "https://xn--mnchen-3ya.de/",
        "https://example.org:8443/path_(1)/%20x",
    ):
        assert validator().is_valid(mutated(("appearances", 0, "url"), url)), url


def test_unparseable_files_never_reach_the_schema() -> None:
    with pytest.raises(YamlError):
        parse(decode(b"a: [\n"))
