"""The one schema, two engines: the compiled fast path must agree with jsonschema.

A file the fast path accepts is never shown to jsonschema, so any case where
it accepts what jsonschema rejects would let a broken claim through.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from conftest import REPO, VALID_CLAIM
from factcheck.schema import fast_check, load_schema
from factcheck.yamlfile import YamlError, decode, parse

CORPUS = Path(__file__).parent / "corpus"


def documents() -> Iterator[tuple[str, Any]]:
    files = [*(REPO / "claims").glob("*.yaml"), *CORPUS.rglob("*.y*ml")]
    for path in sorted(files):
        try:
            yield path.name, parse(decode(path.read_bytes())).data
        except YamlError:
            continue  # not YAML at all: never reaches a schema


def mutations() -> Iterator[tuple[str, Any]]:
    """One rule broken at a time, at every depth of a valid claim."""
    base = parse(VALID_CLAIM).data
    edits: dict[str, tuple[tuple[Any, ...], Any]] = {
        "title-newline": (("title",), "two\nlines"),
        "title-blank": (("title",), "   "),
        "title-long": (("title",), "x" * 301),
        "claim-list": (("claim",), ["a"]),
        "claimant-type": (("claimant", "type"), "company"),
        "claimant-extra": (("claimant", "age"), "40"),
        "date-shape": (("date",), "01/02/2026"),
        "date-range-shape": (("date",), "2026-01-01/"),
        "url-js": (("appearances", 0, "url"), "javascript:alert(1)"),
        "url-nohost": (("appearances", 0, "url"), "https://localhost"),
        "url-space": (("appearances", 0, "url"), "https://a.b/c d"),
        "tag-upper": (("tags", 0), "Acme"),
        "tag-double-hyphen": (("tags", 0), "a--b"),
        "status-slug": (("status",), "Not a slug"),
        "reviewed-partial": (("reviewed",), "2026-02"),
        "evidence-empty": (("evidence",), []),
        "source-no-publisher": (("source", "publisher"), None),
        "counter-no-ref": (("counter_statements", 0, "source"), None),
        "unknown-field": (("stauts",), "x"),
    }
    for name, (path, value) in edits.items():
        data = copy.deepcopy(base)
        target = data
        for key in path[:-1]:
            target = target[key]
        if value is None:
            del target[path[-1]]
        else:
            target[path[-1]] = value
        yield name, data


CASES = [*documents(), *mutations()]


@pytest.mark.parametrize(("name", "data"), CASES, ids=[n for n, _ in CASES])
def test_fast_path_agrees_with_jsonschema(name: str, data: Any) -> None:
    fast = fast_check("claim")
    assert fast is not None, "jsonschema-rs is a dependency"
    slow = Draft202012Validator(load_schema("claim")).is_valid(data)
    assert fast(data) == slow


def test_mutations_are_all_invalid() -> None:
    validator = Draft202012Validator(load_schema("claim"))
    assert [n for n, d in mutations() if validator.is_valid(d)] == []
