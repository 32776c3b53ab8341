"""Load and validate claim files and the rating scale, reporting every problem.

`load_claims` never raises for bad data: it returns the claims that are valid
and one `Problem` per thing wrong, with file, line and field, so a build or
the CLI can show them all at once and then fail.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .dates import parse_day, parse_fuzzy
from .icons import icon_file
from .model import Claim, Rating, Scale
from .schema import schema_problems
from .yamlfile import (
    MAX_BYTES,
    Document,
    Problem,
    YamlError,
    decode,
    dotted,
    parse,
    too_large,
)

SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")  # used with fullmatch: the whole name
CLAIM_SUFFIX = ".yaml"
# Names the build gives its own pages: claims/index is the folder's own page,
# tags/index the tags index, ratings/index the Ratings page's address.
RESERVED = frozenset({"index"})
# A file's report stops after this many problems: enough to act on, and a
# hostile file cannot flood a CI log.
MAX_PROBLEMS = 100

YamlPath = tuple[str | int, ...]


@dataclass
class Result:
    """What loading found: the valid claims, and every problem."""

    claims: list[Claim] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


# --- files ------------------------------------------------------------------


def claim_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Expand directories into their entries, sorted; files pass as given.

    Hidden files are skipped (.gitkeep, editors' swap and lock files), except
    hidden YAML files, which look like claims and are reported.
    """
    for path in paths:
        if path.is_dir() and not path.is_symlink():
            yield from sorted(p for p in path.iterdir() if not _ignored(p.name))
        else:
            yield path


def _ignored(name: str) -> bool:
    return name.startswith(".") and not name.endswith((".yaml", ".yml"))


def display_path(path: Path, root: Path | None) -> str:
    """The path as the contributor knows it: relative to the site root."""
    if root is not None:
        try:
            return path.relative_to(root).as_posix()
        except ValueError:
            pass
    return path.as_posix()


# --- claims -----------------------------------------------------------------


Loaded = tuple[Claim | None, list[Problem]]


class ClaimCache:
    """Loaded claims by file, reused while the file is unchanged (for `mkdocs serve`).

    A file counts as unchanged while its modification time, size and inode are;
    an editor that saves by replacing the file changes the inode.
    """

    def __init__(self) -> None:
        self._entries: dict[Path, tuple[tuple[int, int, int], Scale, Loaded]] = {}

    def load(self, path: Path, shown: str, scale: Scale) -> Loaded:
        try:
            stat = path.lstat()
        except OSError:
            return load_claim(path, shown, scale)
        key = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
        hit = self._entries.get(path)
        if hit is not None and hit[0] == key and hit[1] == scale:
            return hit[2]
        loaded = load_claim(path, shown, scale)
        self._entries[path] = (key, scale, loaded)
        return loaded


def load_claims(
    paths: Iterable[Path], scale: Scale, root: Path | None = None, cache: ClaimCache | None = None
) -> Result:
    """Read every claim file under paths; collect claims and problems."""
    result = Result()
    seen: dict[str, str] = {}
    load = cache.load if cache is not None else load_claim
    for path in claim_files(paths):
        shown = display_path(path, root)
        claim, problems = load(path, shown, scale)
        result.problems.extend(problems)
        if claim is None:
            continue
        if claim.id in seen:
            result.problems.append(
                Problem(shown, 1, "", f"duplicate id '{claim.id}' (also {seen[claim.id]})")
            )
            continue
        seen[claim.id] = shown
        result.claims.append(claim)
    return result


def load_claim(path: Path, shown: str, scale: Scale) -> tuple[Claim | None, list[Problem]]:
    """One file: the claim if it is valid, and its problems."""
    refusal = _refuse_file(path)
    if refusal:
        return None, [Problem(shown, 1, "", refusal)]
    claim_id = path.stem
    try:
        text = decode(read_limited(path))
        doc = parse(text, lines=False)  # a valid file needs no lines; one with problems does
        found = check_claim(doc, scale)
        if found and not doc.complete:
            doc = parse(text)
            found = check_claim(doc, scale)
    except YamlError as err:
        return None, _capped([Problem(shown, line, "", msg) for line, msg in err.problems])
    except OSError as err:
        return None, [Problem(shown, 1, "", f"cannot be read: {err.strerror}")]
    problems = [Problem(shown, doc.line_of(p), dotted(p), m) for p, m in found]
    id_problem = _bad_id(claim_id)
    if id_problem:
        problems.insert(0, Problem(shown, 1, "", id_problem))
    if problems:
        return None, _capped(problems)
    return Claim.from_data(claim_id, shown, doc.data), []


def read_limited(path: Path) -> bytes:
    """The file's bytes; a file over the limit is refused without reading it all."""
    with path.open("rb") as handle:
        data = handle.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise too_large(os.fstat(handle.fileno()).st_size)
    return data


def _capped(problems: list[Problem]) -> list[Problem]:
    """At most MAX_PROBLEMS of a file's problems, and a line saying how many more."""
    if len(problems) <= MAX_PROBLEMS:
        return problems
    rest = problems[MAX_PROBLEMS]
    more = len(problems) - MAX_PROBLEMS
    note = f"{more:,} more problem(s) in this file not shown; fix the ones above first"
    return [*problems[:MAX_PROBLEMS], Problem(rest.path, rest.line, "", note)]


def _refuse_file(path: Path) -> str | None:
    """Why path is not a claim file to read, or None (one lstat: no link is followed)."""
    try:
        mode = path.lstat().st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and stat.S_ISLNK(mode):
        return "is a symbolic link; claim files must be regular files in the repository"
    if mode is not None and stat.S_ISDIR(mode):
        return "is a folder; claims/ holds only claim files (claims/<id>.yaml)"
    if path.name.startswith("."):
        return "is a hidden file, which the site would not publish; name it <id>.yaml"
    if path.suffix == ".yml":
        return f"claim files end in .yaml; rename it to {path.stem}.yaml"
    if path.suffix != CLAIM_SUFFIX:
        return "is not a claim file; claims/ holds only claim files named <id>.yaml"
    if mode is None:
        return "does not exist"
    if not stat.S_ISREG(mode):  # a pipe or a device would block a read forever
        return "is not a regular file; claims/ holds only claim files"
    return None


def _bad_id(claim_id: str) -> str | None:
    if claim_id in RESERVED:
        return f"the file name '{claim_id}' is reserved for a page the build makes; choose another"
    if SLUG.fullmatch(claim_id) and len(claim_id) <= 80:
        return None
    return (
        f"the file name '{claim_id}' is not a valid claim id; use up to 80 lowercase letters "
        "a-z, digits and single hyphens, like 'acme-moon-factory.yaml'"
    )


def check_claim(doc: Document, scale: Scale) -> list[tuple[YamlPath, str]]:
    """Schema problems, then what a schema can't say: real dates, known statuses."""
    problems = list(schema_problems(doc.data))
    if not isinstance(doc.data, dict):
        return problems + doc.text_problems
    bad = {p for p, _ in problems}
    problems += [
        (p, m)
        for p, m in [
            *_date_problems(doc.data),
            *_status_problems(doc.data, scale),
            *_reserved_tags(doc.data),
        ]
        if p not in bad
    ]
    problems += doc.text_problems
    problems += _order_problems(doc.data, bad)
    return sorted(problems, key=lambda pm: doc.line_of(pm[0]))


def _date_fields(data: dict[str, Any]) -> Iterator[tuple[YamlPath, Any, bool]]:
    """(path, value, whether it must be a full day) for every date in a claim."""
    yield ("date",), data.get("date"), False
    yield ("reviewed",), data.get("reviewed"), True
    yield ("updated",), data.get("updated"), True
    yield from _source_dates(("source",), data.get("source"))
    for key in ("appearances", "evidence"):
        for i, item in enumerate(_list(data.get(key))):
            yield from _source_dates((key, i), item)
    for i, item in enumerate(_list(data.get("counter_statements"))):
        if isinstance(item, dict):
            yield ("counter_statements", i, "date"), item.get("date"), False
            yield from _source_dates(("counter_statements", i, "source"), item.get("source"))
    for i, item in enumerate(_list(data.get("history"))):
        if isinstance(item, dict):
            yield ("history", i, "date"), item.get("date"), True


def _source_dates(path: YamlPath, source: Any) -> Iterator[tuple[YamlPath, Any, bool]]:
    if isinstance(source, dict):
        yield (*path, "date"), source.get("date"), False


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _date_problems(data: dict[str, Any]) -> Iterator[tuple[YamlPath, str]]:
    """Dates that do not exist, or that have not happened yet.

    A date in the future would also pin a claim to the top of every
    newest-first list; a day's grace allows for time zones.
    """
    latest_allowed = dt.date.today() + dt.timedelta(days=1)
    for path, value, full_day in _date_fields(data):
        if not isinstance(value, str):
            continue
        try:
            first = parse_day(value) if full_day else parse_fuzzy(value).first_day()
        except ValueError as err:
            yield path, f"{err}"
            continue
        if first > latest_allowed:
            yield path, f"{value} is in the future; write the date it happened"


def _reserved_tags(data: dict[str, Any]) -> Iterator[tuple[YamlPath, str]]:
    for i, tag in enumerate(_list(data.get("tags"))):
        if isinstance(tag, str) and tag in RESERVED:
            yield ("tags", i), f"'{tag}' is reserved for a page the build makes; choose another tag"


def _status_problems(data: dict[str, Any], scale: Scale) -> Iterator[tuple[YamlPath, str]]:
    allowed = ", ".join(scale.ids)
    statuses = [(("status",), data.get("status"))] + [
        (("history", i, "status"), h.get("status"))
        for i, h in enumerate(_list(data.get("history")))
        if isinstance(h, dict)
    ]
    for path, status in statuses:
        if isinstance(status, str) and status not in scale:
            yield path, f"'{status}' is not a rating on the scale (allowed: {allowed})"


def _first_day_of(value: Any) -> dt.date | None:
    try:
        return parse_fuzzy(value).first_day() if isinstance(value, str) else None
    except ValueError:
        return None


def _order_problems(data: dict[str, Any], bad: set[YamlPath]) -> list[tuple[YamlPath, str]]:
    """updated is not before reviewed; history needs updated and fits before it."""
    days = {}
    for key in ("reviewed", "updated"):
        try:
            days[key] = parse_day(data[key]) if (key,) not in bad else None
        except (KeyError, TypeError, ValueError):
            days[key] = None
    reviewed, updated = days["reviewed"], days["updated"]
    out: list[tuple[YamlPath, str]] = []
    made = _first_day_of(data.get("date")) if ("date",) not in bad else None
    if reviewed and made and made > reviewed:
        out.append((("date",), f"the claim is dated after its review ({reviewed})"))
    if reviewed and updated and updated < reviewed:
        out.append((("updated",), f"{updated} is before reviewed ({reviewed})"))
    history = _list(data.get("history"))
    if history and "updated" not in data:
        out.append((("history",), "a claim with history needs 'updated': the date of the change"))
    for i, entry in enumerate(history):
        try:
            day = parse_day(entry["date"])
        except (KeyError, TypeError, ValueError):
            continue
        if updated and day > updated:
            out.append((("history", i, "date"), f"{day} is after updated ({updated})"))
    return out


# --- the rating scale -------------------------------------------------------


def load_scale(
    path: Path, shown: str | None = None, icon_dirs: Iterable[Path] = ()
) -> tuple[Scale | None, list[Problem]]:
    """Read the rating scale file; the scale, or None and its problems.

    Each icon must exist: in Material's own icons, or in icon_dirs (a theme's
    custom_dir/.icons), since the build includes the icon's SVG in each badge.
    """
    shown = shown or path.as_posix()
    try:
        doc = parse(decode(read_limited(path)))
    except YamlError as err:
        return None, _capped([Problem(shown, line, "", msg) for line, msg in err.problems])
    except OSError as err:
        return None, [Problem(shown, 1, "", f"cannot be read: {err.strerror}")]
    found = [*schema_problems(doc.data, "ratings"), *doc.text_problems]
    if isinstance(doc.data, dict):
        bad = {p for p, _ in found}
        found += [(p, m) for p, m in _rating_problems(doc.data, icon_dirs) if p not in bad]
    problems = [Problem(shown, doc.line_of(p), dotted(p), m) for p, m in found]
    if problems:
        return None, _capped(sorted(problems, key=lambda p: p.line))
    ratings = tuple(Rating(rank=i, **item) for i, item in enumerate(doc.data["ratings"], start=1))
    return Scale(ratings), []


def _rating_problems(
    data: dict[str, Any], icon_dirs: Iterable[Path]
) -> Iterator[tuple[YamlPath, str]]:
    """Ids that repeat or that the build reserves; icons that do not exist."""
    seen: set[str] = set()
    for i, item in enumerate(_list(data.get("ratings"))):
        if not isinstance(item, dict):
            continue  # the schema reports it
        rid, icon = item.get("id"), item.get("icon")
        if isinstance(rid, str) and rid in seen:
            yield ("ratings", i, "id"), f"duplicate id '{rid}'"
        elif isinstance(rid, str) and rid in RESERVED:
            yield ("ratings", i, "id"), f"'{rid}' is reserved for a page the build makes"
        if isinstance(rid, str):
            seen.add(rid)
        if isinstance(icon, str) and icon_file(icon, icon_dirs) is None:
            yield (
                ("ratings", i, "icon"),
                (
                    f"there is no icon '{icon}' in Material for MkDocs; pick one from "
                    "https://squidfunk.github.io/mkdocs-material/reference/icons-emojis/"
                ),
            )
