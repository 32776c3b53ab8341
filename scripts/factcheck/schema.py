"""The claim JSON Schema: the one definition of the file format.

Editors use it through the modeline at the top of each claim, and the
validator and build use it here. Errors come back as (path, message) pairs in
words a contributor can act on.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable, Iterator
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator, ValidationError

SCHEMAS = {"claim": "claim.schema.json", "ratings": "ratings.schema.json"}

Path = tuple[str | int, ...]


@cache
def load_schema(name: str = "claim") -> dict[str, Any]:
    """A schema shipped with the package ('claim' or 'ratings'), loaded once."""
    text = resources.files("factcheck").joinpath(SCHEMAS[name]).read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@cache
def fast_check(name: str) -> Callable[[Any], bool] | None:
    """A compiled validator (jsonschema-rs, ~100x faster) for the common case, a valid file.

    It only answers valid or not; every file it does not accept goes through
    jsonschema for the detailed messages. Tests assert the two agree.
    """
    try:
        import jsonschema_rs
    except ImportError:  # pragma: no cover - a platform without its wheels
        return None
    is_valid: Callable[[Any], bool] = jsonschema_rs.validator_for(load_schema(name)).is_valid
    return is_valid


@cache
def _validator(name: str) -> Draft202012Validator:
    schema = load_schema(name)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def schema_problems(data: Any, name: str = "claim") -> Iterator[tuple[Path, str]]:
    """Every schema violation in data, as (path, message), in document order."""
    if not isinstance(data, dict):
        yield (), f"the file must be a mapping of fields, not {_kind(data)}"
        return
    fast = fast_check(name)
    if fast is not None and fast(data):
        return
    seen: set[tuple[Path, str]] = set()
    for error in sorted(_validator(name).iter_errors(data), key=_order):
        for problem in _explain(error):
            if problem not in seen:  # one value can break two rules with one message
                seen.add(problem)
                yield problem


def _order(error: ValidationError) -> tuple[str, ...]:
    return tuple(str(p) for p in error.absolute_path)


def _subschema(error: ValidationError) -> dict[str, Any]:
    """The schema the error is about (jsonschema types it loosely)."""
    return error.schema if isinstance(error.schema, dict) else {}


def _explain(error: ValidationError) -> Iterator[tuple[Path, str]]:
    path: Path = tuple(error.absolute_path)
    kind = error.validator
    value: Any = error.validator_value
    if kind == "required":
        missing = error.message.split("'")[1]
        yield (*path, missing), "required field is missing"
    elif kind == "additionalProperties":
        yield from _unknown_fields(error, path)
    elif kind == "type":
        yield path, f"must be {_expected(value)}, not {_kind(error.instance)}"
    elif kind == "enum":
        allowed = ", ".join(repr(v) for v in value)
        yield path, f"{error.instance!r} is not allowed (allowed: {allowed})"
    elif kind == "minItems":
        yield path, f"needs at least {value} item(s)"
    elif kind == "maxItems":
        yield path, f"has more than {value} items"
    elif kind == "uniqueItems":
        yield path, "lists the same item twice"
    elif error.instance == "":
        yield path, "is empty; fill it in"
    else:
        yield path, _subschema(error).get("x-message") or error.message


def _unknown_fields(error: ValidationError, path: Path) -> Iterator[tuple[Path, str]]:
    known = sorted(_subschema(error).get("properties", {}))
    instance = error.instance if isinstance(error.instance, dict) else {}
    for key in instance:
        if key in known:
            continue
        hint = difflib.get_close_matches(str(key), known, n=1)
        advice = f"did you mean '{hint[0]}'? " if hint else ""
        yield (*path, key), f"unknown field; {advice}(allowed: {', '.join(known)})"


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
