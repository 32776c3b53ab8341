"""Read one YAML document strictly, keeping the line of every value.

Claim files hold only text, lists and mappings, so every plain scalar is read
as a string (no surprise dates, booleans or numbers), and the things YAML
allows that a claim never needs are errors: duplicate keys, anchors and
aliases (the "billion laughs" bomb), custom tags and several documents.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from .text import codepoint, for_log, value_problem

try:  # libyaml is ~10x faster; fall back to the pure-Python parser where it is missing
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

Path = tuple[str | int, ...]

MAX_BYTES = 256 * 1024
MAX_DEPTH = 10  # a claim nests 4 deep (counter_statements[0].source.date)
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_NULL_TAG = "tag:yaml.org,2002:null"
_SCALAR_TAGS = frozenset({"tag:yaml.org,2002:str", _NULL_TAG})
_CONTAINER_TAGS = frozenset({"tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"})


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a file, at a line, under a field."""

    path: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        """FILE:LINE: FIELD: MESSAGE, safe to print: contributor text can't break the line."""
        where = f"{self.field}: " if self.field else ""
        return for_log(f"{self.path}:{self.line}: {where}{self.message}")


@dataclass
class Document:
    """A parsed file: its data, and the line where each value (by path) starts."""

    data: Any
    lines: dict[Path, int] = field(default_factory=dict)
    key_lines: dict[Path, int] = field(default_factory=dict)
    text_problems: list[tuple[Path, str]] = field(default_factory=list)
    """Values holding characters text may not hold, or only invisible ones."""
    complete: bool = True
    """Every value's line is recorded (parse with lines=True, or a file with problems)."""

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
    """Bytes to text: UTF-8 with an optional byte-order mark; LF or CRLF line endings.

    Lines are numbered as git and GitHub number them, by line feeds. What YAML
    would read as a line break but a diff does not show (a lone carriage
    return, U+2028, U+2029, U+0085) is refused here, before parsing: it could
    hide a line inside a comment and would shift every later line number.
    """
    if len(raw) > MAX_BYTES:
        raise too_large(len(raw))
    lone_cr = _LONE_CR.search(raw)
    if lone_cr is not None:
        line = raw.count(b"\n", 0, lone_cr.start()) + 1
        raise YamlError([(line, _LONE_CR_MESSAGE)])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        message = f"not UTF-8 text (byte 0x{raw[err.start]:02x}); save it as UTF-8"
        raise YamlError([(line, message)]) from None
    hidden = _hidden_breaks(text)
    if hidden:
        raise YamlError(hidden)
    return text


def too_large(size: int) -> YamlError:
    """The error of a file over the size limit."""
    return YamlError([(1, f"file is {size:,} bytes; the limit is {MAX_BYTES:,}")])


_LONE_CR = re.compile(rb"\r(?!\n)")
_LONE_CR_MESSAGE = (
    "holds a carriage return without a line feed, a line break that YAML reads but git "
    "and GitHub don't show; save the file with LF (or CRLF) line endings"
)
_HIDDEN_BREAK = re.compile("[\u2028\u2029\x85]")


def _hidden_breaks(text: str) -> list[tuple[int, str]]:
    """Each line that holds a line break a diff does not show (one pass, lines counted as we go)."""
    problems: list[tuple[int, str]] = []
    line, counted_to = 1, 0
    for found in _HIDDEN_BREAK.finditer(text):
        line += text.count("\n", counted_to, found.start())
        counted_to = found.start()
        if problems and problems[-1][0] == line:
            continue  # one report per line
        problems.append(
            (
                line,
                f"holds {codepoint(found.group())}, which YAML reads as a line break but git "
                "diffs and GitHub don't show; replace it with a plain line break",
            )
        )
    return problems


def parse(text: str, lines: bool = True) -> Document:
    """Parse one YAML document into plain data with line numbers.

    Built from the parser's events with an explicit stack, so nesting costs no
    recursion; nesting deeper than MAX_DEPTH is refused. With lines=False the
    lines of plain values are not recorded (the common case, a valid file,
    needs none); a file with any problem is read again with every line.
    """
    builder = _Builder(track=lines)
    _build(text, builder)
    if builder.flagged:  # found a problem without its line: read it again, with lines
        builder = _Builder(track=True)
        _build(text, builder)
    if builder.problems:
        raise YamlError(builder.problems)
    if builder.root is _NOTHING:
        raise YamlError([(1, "the file is empty; a claim is a mapping of fields")])
    return Document(
        builder.root, builder.lines, builder.key_lines, builder.text_problems, builder.track
    )


def _build(text: str, builder: _Builder) -> None:
    loader = _Loader(text)
    try:
        next_event, feed, scalar = loader.get_event, builder.feed, builder.plain_scalar
        while (event := next_event()) is not None:  # None after the stream's end
            if type(event) is not yaml.ScalarEvent or not scalar(event):
                feed(event)
    except yaml.MarkedYAMLError as err:
        raise YamlError([(_mark_line(err), f"not valid YAML: {_describe(err)}")]) from None
    except yaml.reader.ReaderError as err:  # a character YAML refuses, written as itself
        line = text.count("\n", 0, err.position) + 1
        char = codepoint(chr(err.character)) if isinstance(err.character, int) else "a character"
        message = f"holds {char}, which YAML does not allow in a file; remove it"
        raise YamlError([(line, message)]) from None
    except yaml.YAMLError as err:
        raise YamlError([(1, f"not valid YAML: {err}")]) from None
    finally:
        loader.dispose()


def _mark_line(err: yaml.MarkedYAMLError) -> int:
    mark = err.problem_mark or err.context_mark
    return mark.line + 1 if mark else 1


def _describe(err: yaml.MarkedYAMLError) -> str:
    context, start, stop = err.context, err.context_mark, err.problem_mark
    if context and start and stop and start.line != stop.line:
        context += f" started on line {start.line + 1}"
    parts = [p for p in (context, err.problem) if p]
    return ", ".join(parts) or "cannot be parsed"


_NOTHING: Any = object()  # no key yet, or no document
_DROPPED: Any = object()  # a refused key or value: left out of the data
_ANCHORS = "anchors and aliases (& and *) are not allowed"


class _Frame:
    """An open mapping or list: its value, path, and (for a mapping) the key awaiting a value."""

    __slots__ = ("key", "path", "skip", "value")

    def __init__(self, value: dict[str, Any] | list[Any], path: Path, skip: bool) -> None:
        self.value = value
        self.path = path
        self.key: Any = _NOTHING
        self.skip = skip  # inside a refused key or value: parsed, not kept


class _Builder:
    """Turn parser events into dicts, lists and strings, recording lines and problems."""

    def __init__(self, track: bool = True) -> None:
        self.track = track  # record the line of every value
        self.flagged = False  # untracked: a problem was seen whose line was not kept
        self.root: Any = _NOTHING
        self.lines: dict[Path, int] = {}
        self.key_lines: dict[Path, int] = {}
        self.problems: list[tuple[int, str]] = []  # the file cannot be read as a claim
        self.text_problems: list[tuple[Path, str]] = []  # a value holds refused characters
        self._stack: list[_Frame] = []
        self._documents = 0
        self._anchor_seen = False

    def feed(self, event: yaml.Event) -> None:
        kind = type(event)
        if kind is yaml.ScalarEvent or kind is yaml.AliasEvent:
            self._node(event, None)
        elif kind is yaml.MappingStartEvent:
            self._node(event, {})
        elif kind is yaml.SequenceStartEvent:
            self._node(event, [])
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            frame = self._stack.pop()
            self._deliver(_DROPPED if frame.skip else frame.value, _line(event))
        elif kind is yaml.DocumentStartEvent:
            self._documents += 1
            if self._documents > 1:
                message = "holds more than one YAML document ('---'); a claim file holds one"
                raise YamlError([(_line(event), message)])

    def plain_scalar(self, event: Any) -> bool:
        """The common case, kept short: an untagged scalar in a mapping or list being kept.

        Returns False, having done nothing, for anything else (the general path).
        Untracked, it records no lines: a problem only raises `flagged`, and the
        file is read again with lines to report it.
        """
        if not self._stack or event.anchor is not None or event.tag is not None:
            return False
        frame = self._stack[-1]
        if frame.skip or frame.key is _DROPPED:
            return False
        value: str = event.value
        container = frame.value
        in_list = type(container) is list
        if not in_list and frame.key is _NOTHING:  # a key
            if self.track:
                frame.key = self._key(frame, value, event.start_mark.line + 1)
            elif value in container or value == "<<":
                self.flagged, frame.key = True, _DROPPED
            else:
                frame.key = value
            return True
        if self.track:
            path = (*frame.path, len(container) if in_list else frame.key)
            self.lines[path] = event.start_mark.line + 1
        text = None if not event.style and value in _NULLS else value
        problem = text is not None and value_problem(value)
        if problem and self.track:
            self.text_problems.append((path, problem))
        elif problem:
            self.flagged = True
        if type(container) is list:
            container.append(text)
        else:
            container[frame.key] = text
            frame.key = _NOTHING
        return True

    def _node(self, event: yaml.Event, container: dict[str, Any] | list[Any] | None) -> None:
        line = _line(event)
        parent = self._stack[-1] if self._stack else None
        is_key = parent is not None and isinstance(parent.value, dict) and parent.key is _NOTHING
        skip = parent is not None and (parent.skip or parent.key is _DROPPED)
        path = _child_path(parent)
        if not skip and not is_key:
            self.lines[path] = line
        if type(event) is yaml.AliasEvent:
            self._refuse_anchor(line)
            self._deliver(_DROPPED, line)
            return
        refused = not skip and self._refused(event, container is not None, line)
        if container is not None:
            if len(self._stack) >= MAX_DEPTH:
                raise YamlError([(line, f"nests lists and mappings more than {MAX_DEPTH} deep")])
            if is_key and not skip:
                self.problems.append((line, "keys must be plain field names"))
            self._stack.append(_Frame(container, path, skip or is_key or refused))
        elif skip or refused:
            self._deliver(_DROPPED, line)
        else:
            self._deliver(self._scalar(event, path, is_key), line)

    def _refuse_anchor(self, line: int) -> None:
        if not self._anchor_seen:  # once is enough: a bomb would repeat it endlessly
            self._anchor_seen = True
            self.problems.append((line, _ANCHORS))

    def _refused(self, event: yaml.Event, is_container: bool, line: int) -> bool:
        """Record why a node is refused (an anchor, a tag), and say whether it is."""
        if getattr(event, "anchor", None) is not None:
            self._refuse_anchor(line)
            return True
        tag = getattr(event, "tag", None)
        if tag is None or tag == "!" or tag in (_CONTAINER_TAGS if is_container else _SCALAR_TAGS):
            return False
        self.problems.append((line, f"the tag {tag!r} is not allowed"))
        return True

    def _scalar(self, event: yaml.Event, path: Path, is_key: bool) -> str | None:
        value: str = event.value  # type: ignore[attr-defined]
        if is_key:
            return value
        plain = event.style in (None, "")  # type: ignore[attr-defined]
        if event.tag == _NULL_TAG or (plain and value in _NULLS):  # type: ignore[attr-defined]
            return None
        problem = value_problem(value)
        if problem:
            self.text_problems.append((path, problem))
        return value

    def _deliver(self, value: Any, line: int) -> None:
        """Put a finished value into the open mapping or list (or make it the root)."""
        if not self._stack:
            self.root = None if value is _DROPPED else value
            return
        frame = self._stack[-1]
        if isinstance(frame.value, list):
            frame.value.append(None if value is _DROPPED else value)
        elif frame.key is _NOTHING:
            frame.key = self._key(frame, value, line)
        else:
            if frame.key is not _DROPPED and not frame.skip:
                frame.value[frame.key] = None if value is _DROPPED else value
            frame.key = _NOTHING

    def _key(self, frame: _Frame, key: Any, line: int) -> Any:
        if frame.skip or key is _DROPPED or not isinstance(key, str):
            return _DROPPED
        if key == "<<":
            self.problems.append((line, "keys must be plain field names"))
            return _DROPPED
        path = (*frame.path, key)
        if key in frame.value:
            first = self.key_lines[path]
            message = f"{_dotted(path)}: duplicate key (first set on line {first})"
            self.problems.append((line, message))
            return _DROPPED
        self.key_lines[path] = line
        return key


def _child_path(parent: _Frame | None) -> Path:
    """The path of the next node inside parent (a key's path is its mapping's)."""
    if parent is None:
        return ()
    if isinstance(parent.value, list):
        return (*parent.path, len(parent.value))
    if parent.key is _NOTHING or parent.key is _DROPPED:
        return parent.path
    return (*parent.path, parent.key)


def _line(event: yaml.Event) -> int:
    return event.start_mark.line + 1 if event.start_mark else 1


def _dotted(path: Path) -> str:
    """('source', 'url') -> 'source.url'; ('tags', 2) -> 'tags[2]'. Long keys are cut."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
            continue
        name = part if len(part) <= 60 else part[:57] + "..."
        out += f".{name}" if out else name
    return out


dotted = _dotted
