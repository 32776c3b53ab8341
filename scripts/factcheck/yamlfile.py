"""Read one YAML document strictly, keeping the line of every value.

Claim files hold only text, lists and mappings, so every plain scalar is read
as a string (no surprise dates, booleans or numbers), and the things YAML
allows that a claim never needs are errors: duplicate keys, anchors and
aliases (the "billion laughs" bomb), custom tags and several documents.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

try:  # libyaml is ~10x faster; fall back to the pure-Python parser where it is missing
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

Path = tuple[str | int, ...]

MAX_BYTES = 256 * 1024
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_ALLOWED_TAGS = frozenset(f"tag:yaml.org,2002:{name}" for name in ("str", "null", "seq", "map"))


_DEFAULT_TAGS = {
    yaml.ScalarNode: "tag:yaml.org,2002:str",
    yaml.SequenceNode: "tag:yaml.org,2002:seq",
    yaml.MappingNode: "tag:yaml.org,2002:map",
}


class _TextLoader(_BaseLoader):
    """A loader whose resolver turns every plain scalar into a string."""

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: Any) -> str:
        # Only untagged nodes get here: each is text, a list or a mapping. (The
        # base resolver would try implicit patterns per node: 10% of the parse.)
        return _DEFAULT_TAGS[kind]


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a file, at a line, under a field."""

    path: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.field}: " if self.field else ""
        return f"{self.path}:{self.line}: {where}{self.message}"


@dataclass
class Document:
    """A parsed file: its data, and the line where each value (by path) starts."""

    data: Any
    lines: dict[Path, int] = field(default_factory=dict)
    key_lines: dict[Path, int] = field(default_factory=dict)

    def line_of(self, path: Path) -> int:
        """The line that names the field at path (or its nearest ancestor)."""
        while path and path not in self.key_lines and path not in self.lines:
            path = path[:-1]
        return self.key_lines.get(path) or self.lines.get(path, 1)


class YamlError(Exception):
    """The file cannot be read as a claim; carries every problem found."""

    def __init__(self, problems: list[tuple[int, str]]) -> None:
        super().__init__("; ".join(m for _, m in problems))
        self.problems = problems


def decode(raw: bytes) -> str:
    """Bytes to text: UTF-8 with an optional byte-order mark; CRLF is fine."""
    if len(raw) > MAX_BYTES:
        raise YamlError([(1, f"file is {len(raw):,} bytes; the limit is {MAX_BYTES:,}")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        message = f"not UTF-8 text (byte 0x{raw[err.start]:02x}); save it as UTF-8"
        raise YamlError([(line, message)]) from None
    return text


def parse(text: str) -> Document:
    """Parse one YAML document into plain data with line numbers."""
    try:
        node = yaml.compose(text, Loader=_TextLoader)
    except yaml.composer.ComposerError as err:
        raise YamlError([(_mark_line(err), _composer_message(err))]) from None
    except yaml.MarkedYAMLError as err:
        raise YamlError([(_mark_line(err), f"not valid YAML: {_describe(err)}")]) from None
    except yaml.YAMLError as err:
        raise YamlError([(1, f"not valid YAML: {err}")]) from None
    if node is None:
        raise YamlError([(1, "the file is empty; a claim is a mapping of fields")])
    builder = _Builder()
    data = builder.build(node, ())
    if builder.problems:
        raise YamlError(builder.problems)
    return Document(data, builder.lines, builder.key_lines)


def _mark_line(err: yaml.MarkedYAMLError) -> int:
    mark = err.problem_mark or err.context_mark
    return mark.line + 1 if mark else 1


def _describe(err: yaml.MarkedYAMLError) -> str:
    context, start, stop = err.context, err.context_mark, err.problem_mark
    if context and start and stop and start.line != stop.line:
        context += f" started on line {start.line + 1}"
    parts = [p for p in (context, err.problem) if p]
    return ", ".join(parts) or "cannot be parsed"


def _composer_message(err: yaml.composer.ComposerError) -> str:
    if "expected a single document" in (err.context or ""):
        return "holds more than one YAML document ('---'); a claim file holds one"
    if "undefined alias" in (err.context or "") or "alias" in (err.problem or ""):
        return "anchors and aliases (& and *) are not allowed in claim files"
    return f"not valid YAML: {_describe(err)}"


class _Builder:
    """Turn a node graph into dicts, lists and strings, recording lines."""

    def __init__(self) -> None:
        self.lines: dict[Path, int] = {}
        self.key_lines: dict[Path, int] = {}
        self.problems: list[tuple[int, str]] = []
        self._seen: set[int] = set()
        self._alias_seen = False

    def build(self, node: yaml.Node, path: Path, used_at: int = 1) -> Any:
        """Plain data for node; used_at is the line that refers to it (for aliases)."""
        if id(node) in self._seen:  # an alias: the same node reached twice
            if not self._alias_seen:  # once is enough: a bomb would repeat it endlessly
                self._alias_seen = True
                self.problems.append((used_at, "anchors and aliases (& and *) are not allowed"))
            return None
        self._seen.add(id(node))
        line = node.start_mark.line + 1
        self.lines[path] = line
        if node.tag not in _ALLOWED_TAGS:
            self.problems.append((line, f"the tag {node.tag!r} is not allowed"))
            return None
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i), line) for i, item in enumerate(node.value)]
        if node.style in (None, "") and node.value in _NULLS:  # type: ignore[attr-defined]
            return None
        return node.value

    def _mapping(self, node: yaml.MappingNode, path: Path) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode) or key_node.value == "<<":
                self.problems.append((line, "keys must be plain field names"))
                continue
            key = key_node.value
            if key in out:
                first = self.key_lines[(*path, key)]
                self.problems.append(
                    (line, f"{_dotted((*path, key))}: duplicate key (first set on line {first})")
                )
                continue
            self.key_lines[(*path, key)] = line
            out[key] = self.build(value_node, (*path, key), line)
        return out


def _dotted(path: Path) -> str:
    """('source', 'url') -> 'source.url'; ('tags', 2) -> 'tags[2]'."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


dotted = _dotted
