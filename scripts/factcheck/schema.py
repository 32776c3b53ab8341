"""The claim JSON Schema: the one definition of the file format.

Editors use it through the modeline at the top of each claim, and the
validator and build use it here. Errors come back as (path, message) pairs in
words a contributor can act on.

One engine checks it: jsonschema-rs, compiled, with Rust's `regex` crate for
`pattern` (`RegexOptions`, not the backtracking `fancy-regex`). That engine
has no backtracking, so no pattern can take more than linear time on any
value; it refuses at load time a pattern that would need backtracking
(lookaround, back-references); `$` matches only at the very end, as in
ECMA-262 (Python's `re` would also match before a final newline); and its
uniqueItems hashes rather than comparing pairs.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterator
from functools import cache
from importlib import resources
from typing import Any

import jsonschema_rs

from .text import for_log

SCHEMAS = {"claim": "claim.schema.json", "ratings": "ratings.schema.json"}

Path = tuple[str | int, ...]

# Unknown fields get a "did you mean" hint while they are few and short:
# difflib compares every pair of characters.
_HINTS_MAX, _HINT_KEY_MAX = 20, 40


@cache
def load_schema(name: str = "claim") -> dict[str, Any]:
    """A schema shipped with the package ('claim' or 'ratings'), loaded once."""
    text = resources.files("factcheck").joinpath(SCHEMAS[name]).read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@cache
def validator(name: str = "claim") -> jsonschema_rs.Draft202012Validator:
    """The compiled validator of a schema, with the linear-time regex engine."""
    return jsonschema_rs.Draft202012Validator(
        load_schema(name), pattern_options=jsonschema_rs.RegexOptions()
    )


def schema_problems(data: Any, name: str = "claim") -> Iterator[tuple[Path, str]]:
    """Every schema violation in data, as (path, message), in document order."""
    if not isinstance(data, dict):
        yield (), f"the file must be a mapping of fields, not {_kind(data)}"
        return
    check = validator(name)
    if check.is_valid(data):  # the common case, and the fast one
        return
    seen: set[tuple[Path, str]] = set()
    hints = _Hints()
    for error in sorted(check.iter_errors(data), key=_order):
        for problem in _explain(error, load_schema(name), hints):
            if problem not in seen:  # one value can break two rules with one message
                seen.add(problem)
                yield problem


def _order(error: jsonschema_rs.ValidationError) -> tuple[str, ...]:
    return tuple(str(p) for p in error.instance_path)


def _subschema(schema: dict[str, Any], error: jsonschema_rs.ValidationError) -> dict[str, Any]:
    """The schema object whose keyword failed (schema_path without the keyword)."""
    node: Any = schema
    for part in list(error.schema_path)[:-1]:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return {}
    return node if isinstance(node, dict) else {}


def _explain(
    error: jsonschema_rs.ValidationError, schema: dict[str, Any], hints: _Hints
) -> Iterator[tuple[Path, str]]:
    path: Path = tuple(error.instance_path)
    kind = error.kind.name
    detail: dict[str, Any] = error.kind.as_dict()
    if kind == "required":
        yield (*path, detail["property"]), "required field is missing"
    elif kind == "additionalProperties":
        known = sorted(_subschema(schema, error).get("properties", {}))
        for key in detail["unexpected"]:
            yield (*path, key), f"unknown field{hints.advice(key, known)}"
    elif kind == "type":
        yield path, f"must be {_expected(detail['types'])}, not {_kind(error.instance)}"
    elif kind == "enum":
        allowed = ", ".join(repr(v) for v in detail["options"])
        yield path, f"{_shown(error.instance)} is not allowed (allowed: {allowed})"
    elif kind == "minItems":
        yield path, f"needs at least {detail['limit']} item(s)"
    elif kind == "maxItems":
        yield (
            path,
            f"has more than {detail['limit']} items; a claim lists at most {detail['limit']}",
        )
    elif kind == "uniqueItems":
        yield path, "lists the same item twice"
    elif error.instance == "":
        yield path, "is empty; fill it in"
    else:
        yield path, _subschema(schema, error).get("x-message") or for_log(error.message[:200])


class _Hints:
    """'did you mean' advice for unknown fields, for the first few short ones."""

    def __init__(self) -> None:
        self.given = 0

    def advice(self, key: str, known: list[str]) -> str:
        allowed = f" (allowed: {', '.join(known)})"
        if self.given >= _HINTS_MAX or len(key) > _HINT_KEY_MAX:
            return allowed
        self.given += 1
        hint = difflib.get_close_matches(key, known, n=1)
        return f"; did you mean '{hint[0]}'?{allowed}" if hint else allowed


def _shown(value: Any) -> str:
    """A value quoted in a message: repr, cut to a readable length."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _expected(types: str | list[str]) -> str:
    names = {"string": "text", "array": "a list", "object": "a mapping of fields"}
    if isinstance(types, str):
        types = [types]
    return " or ".join(names.get(t, t) for t in types)


def _kind(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__
