"""Read what `factcheck import` is given: saved files and folders, never the network.

A source is a JSON file (one ClaimReview or a list, an @graph, a DataFeed, a
Fact Check Tools API response; also one JSON value per line) or a saved HTML
page, whose JSON-LD script blocks are read. Each limit is checked before the
costly step: a file is not read past MAX_SOURCE_BYTES; JSON nested deeper than
MAX_JSON_DEPTH is refused before the json module, which recurses, sees it; a
pipe or a device is refused without waiting for it. Every scan is a single
pass of a regular expression that cannot backtrack, so the time is linear in
the input whatever it holds.
"""

from __future__ import annotations

import json
import os
import re
import stat
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path
from typing import Any

from .text import for_log

MAX_SOURCE_BYTES = 4 * 1024 * 1024
MAX_JSON_DEPTH = 32  # ClaimReview markup nests about 8 deep; a DataFeed or @graph adds 3
MAX_SOURCE_FILES = 10_000
JSON_SUFFIXES = frozenset({".json", ".jsonld", ".jsonl", ".ndjson"})
HTML_SUFFIXES = frozenset({".html", ".htm"})

_URL_ARGUMENT = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")
# A JSON string, or an unterminated one running to the end: always matches at a
# quote, and the possessive loop never gives back, so one left-to-right pass.
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*+(?:"|\\?\Z)', re.S)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_STEPS = bytes.maketrans(b"[{]}", b"\x01\x01\xff\xff")  # +1, +1, -1, -1 as signed bytes
# HTML: a comment or a script start tag; a start tag's attributes stop at the next < or >.
_HTML_TOKEN = re.compile(r"<!--|<script\b([^<>]*)>", re.I)
_SCRIPT_END = re.compile(r"</script", re.I)
_TYPE_ATTRIBUTE = re.compile(r"""(?:^|\s)type\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.I)
_CDATA = re.compile(r"\A\s*(?://\s*)?<!\[CDATA\[(.*?)(?://\s*)?\]\]>\s*\Z", re.S)


@dataclass(frozen=True)
class SourceProblem:
    """Something about a source that was refused or could not be read: source, where, field."""

    source: str
    where: str
    field: str
    message: str

    def __str__(self) -> str:
        """SOURCE: WHERE: FIELD: MESSAGE, safe to print (contributor text is escaped)."""
        parts = [p for p in (self.source, self.where, self.field) if p]
        return for_log(": ".join([*parts, self.message]))


@dataclass(frozen=True)
class JsonDocument:
    """One parsed JSON value of a source: the file, or one of a page's script blocks."""

    value: Any
    where: str  # "" for a whole JSON file, "line 3" or "script block 2"


class ReadError(Exception):
    """A source, or a part of one, cannot be read; the message says why."""


def is_url_argument(argument: str) -> bool:
    """True for http://..., https://... and other addresses: import never fetches."""
    return _URL_ARGUMENT.match(argument) is not None


# --- files ------------------------------------------------------------------


def source_files(paths: Iterable[Path]) -> tuple[list[Path], list[Path]]:
    """The files to read, and the folder entries skipped (not .json/.jsonld/.html/.htm,
    hidden, links, or not regular files). Folders are walked without following links."""
    files: list[Path] = []
    skipped: list[Path] = []
    for path in paths:
        if path.is_dir() and not path.is_symlink():
            for entry in _walk(path):
                (files if _importable(entry) else skipped).append(entry)
        else:
            files.append(path)
    return files, skipped


def _walk(folder: Path) -> Iterator[Path]:
    for top, dirs, names in os.walk(folder):  # followlinks=False: a link is listed, not entered
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            if not name.startswith("."):
                yield Path(top) / name


def _importable(path: Path) -> bool:
    try:
        mode = path.lstat().st_mode
    except OSError:
        return False
    suffix = path.suffix.lower()
    return stat.S_ISREG(mode) and (suffix in JSON_SUFFIXES or suffix in HTML_SUFFIXES)


def read_bytes(path: Path) -> bytes:
    """The file's bytes, up to the limit; a pipe or device is refused without blocking on it."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        raise ReadError("no such file or folder") from None
    except OSError as err:
        raise ReadError(f"cannot be read: {err.strerror}") from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise ReadError("is not a regular file (a pipe, a device or a socket); save it first")
        data = handle.read(MAX_SOURCE_BYTES + 1)
    if len(data) > MAX_SOURCE_BYTES:
        raise ReadError(
            f"is {info.st_size:,} bytes; the limit is {MAX_SOURCE_BYTES:,}: "
            "split it into smaller files (one page, one feed or one API response each)"
        )
    return data


def read_source(path: Path) -> tuple[list[JsonDocument], list[tuple[str, str]]]:
    """The JSON values in one file, and (where, why) for each part that could not be read.

    Raises ReadError when nothing of the file can be read."""
    text = decode(read_bytes(path))
    if _is_html(path, text):
        return html_documents(text)
    return json_documents(text)


def decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise ReadError(
            f"is not UTF-8 text (byte 0x{raw[err.start]:02x} at offset {err.start:,}); "
            "save it as UTF-8"
        ) from None


def _is_html(path: Path, text: str) -> bool:
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES or suffix in JSON_SUFFIXES:
        return suffix in HTML_SUFFIXES
    return text.lstrip()[:1] not in ("{", "[")


# --- JSON -------------------------------------------------------------------


def json_depth(text: str) -> int:
    """How deep lists and objects nest in text, counted without parsing (brackets in strings
    do not count). Linear: strings are removed in one pass, then the brackets are summed."""
    brackets = _NOT_BRACKET.sub("", _JSON_STRING.sub("", text))
    if not brackets:
        return 0
    steps = array("b", brackets.encode("ascii").translate(_STEPS))
    return max(0, max(accumulate(steps), default=0))


def parse_json(text: str) -> Any:
    """One JSON value; ReadError if it is nested too deep or is not JSON.

    Strings may hold raw line breaks and tabs, as published markup often does;
    NaN and Infinity are refused."""
    depth = json_depth(text)
    if depth > MAX_JSON_DEPTH:
        raise ReadError(f"nests lists and objects {depth:,} deep; the limit is {MAX_JSON_DEPTH}")
    try:
        return json.loads(text, strict=False, parse_constant=_no_constant)
    except json.JSONDecodeError as err:
        where = f"line {err.lineno}, column {err.colno}"
        raise ReadError(f"is not valid JSON: {err.msg} ({where})") from None
    except ValueError as err:  # NaN, Infinity; a number of thousands of digits
        if "digits" in str(err):
            raise ReadError("holds a number of more than 4,300 digits, not a rating") from None
        raise ReadError(f"is not valid JSON: {err}") from None


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def json_documents(text: str) -> tuple[list[JsonDocument], list[tuple[str, str]]]:
    """A JSON file: one value, or one value per line (newline-delimited dumps)."""
    try:
        return [JsonDocument(parse_json(text), "")], []
    except ReadError as err:
        lines = [(n, line) for n, line in enumerate(text.split("\n"), 1) if line.strip()]
        if len(lines) < 2 or "Extra data" not in str(err):
            raise
    documents, problems = [], []
    for n, line in lines:
        try:
            documents.append(JsonDocument(parse_json(line), f"line {n:,}"))
        except ReadError as line_err:
            problems.append((f"line {n:,}", str(line_err)))
    return documents, problems


# --- HTML -------------------------------------------------------------------


def ld_json_blocks(html: str) -> list[str]:
    """The text of each <script type="application/ld+json"> block, in page order.

    Comments are skipped (markup commented out is not published); a script's
    text runs to the next </script, as in a browser, and is not unescaped."""
    blocks, pos = [], 0
    while (token := _HTML_TOKEN.search(html, pos)) is not None:
        if token.group(0) == "<!--":
            end = html.find("-->", token.end())
            pos = len(html) if end < 0 else end + 3
            continue
        close = _SCRIPT_END.search(html, token.end())
        body = html[token.end() : close.start() if close else len(html)]
        pos = close.end() if close else len(html)
        if _is_ld_json(token.group(1)):
            cdata = _CDATA.match(body)
            blocks.append(cdata.group(1) if cdata else body)
    return blocks


def _is_ld_json(attributes: str) -> bool:
    found = _TYPE_ATTRIBUTE.search(attributes)
    if found is None:
        return False
    value = next(g for g in found.groups() if g is not None)
    return value.split(";")[0].strip().lower() == "application/ld+json"


def html_documents(html: str) -> tuple[list[JsonDocument], list[tuple[str, str]]]:
    blocks = ld_json_blocks(html)
    if not blocks:
        raise ReadError('holds no JSON-LD (<script type="application/ld+json">): nothing to import')
    documents, problems = [], []
    for n, block in enumerate(blocks, 1):
        where = f"script block {n}"
        try:
            documents.append(JsonDocument(parse_json(block), where))
        except ReadError as err:
            problems.append((where, str(err)))
    return documents, problems
