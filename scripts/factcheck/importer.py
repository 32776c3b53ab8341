"""`factcheck import`: bring ClaimReviews from saved pages, feeds and API responses in as claims.

One claim file per review, written like a hand-written claim (the template's
field order, its schema line, plain scalars where YAML reads them as text and
quoted ones elsewhere, block text for paragraphs). A comment at the top says
where the claim came from, what was not imported and why, and what is left
to fill in; the fields left empty are in the file as "" (or [] for evidence),
so `factcheck validate` points at each line to fill.

Nothing is overwritten: a taken name gets a number (-2, -3); a review already
imported (the same review address and claim, read from the comment at the top
of each existing claim) is skipped. Each file is written only after the text
about to be written has been read back with the validator's own reader and
checks, and found valid or only incomplete.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .importfind import MAX_REVIEWS, find_reviews
from .importmap import Draft, draft_claim, is_left_empty
from .importmap import shown as shown_text
from .importread import (
    MAX_SOURCE_FILES,
    ReadError,
    SourceProblem,
    read_source,
    source_files,
)
from .load import RESERVED, check_claim, display_path
from .model import Scale
from .ratingmap import RatingMap
from .yamlfile import YamlError, decode, parse

SCHEMA_LINE = "# yaml-language-server: $schema=../scripts/factcheck/claim.schema.json"
IMPORTED_FROM = "# Imported from: "
CLAIM_REVIEWED = "# Claim reviewed: "
SLUG_MAX, SLUG_WORDS_MAX = 80, 60
HEADER_BYTES = 8 * 1024  # where an existing claim's import comment is looked for

# Text YAML reads as the same text without quotes: words, then URLs. YAML 1.1
# readers (editors' language servers) take these words for booleans or null.
_PLAIN = re.compile(r"[A-Za-z](?:[A-Za-z0-9 ._’',()/&-]*[A-Za-z0-9.)’'])?")
_PLAIN_URL = re.compile(r"https?://[!-~]*[^:\s]")
_YAML_WORDS = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null"})


@dataclass(frozen=True)
class Written:
    """A claim file the import wrote (or, on a dry run, would write)."""

    path: Path
    source: str
    where: str
    todo: list[tuple[str, str]]
    rating: str  # the source's rating, described
    status: str | None


@dataclass
class Result:
    written: list[Written] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # already imported
    ignored: list[Path] = field(default_factory=list)  # folder entries that are not sources
    problems: list[SourceProblem] = field(default_factory=list)  # refused or unreadable


# --- the whole import ---------------------------------------------------------


def import_sources(
    paths: list[Path],
    claims_dir: Path,
    scale: Scale,
    mapping: RatingMap,
    root: Path | None = None,
    dry_run: bool = False,
) -> Result:
    """Read every source, write one claim file per review found, and report."""
    result = Result()
    files, result.ignored = source_files(paths)
    if len(files) > MAX_SOURCE_FILES:
        message = f"{len(files):,} files; import at most {MAX_SOURCE_FILES:,} at a time"
        result.problems.append(SourceProblem(", ".join(map(str, paths)), "", "", message))
        return result
    target = _Target(claims_dir, root, dry_run)
    for path in files:
        _import_file(path, display_path(path, root), mapping, scale, target, result)
    return result


def _import_file(
    path: Path, shown: str, mapping: RatingMap, scale: Scale, target: _Target, result: Result
) -> None:
    def problem(where: str, field: str, message: str) -> None:
        result.problems.append(SourceProblem(shown, where, field, message))

    try:
        documents, unreadable = read_source(path)
    except ReadError as err:
        problem("", "", str(err))
        return
    for where, message in unreadable:
        problem(where, "", message)
    count = 0
    for document in documents:
        found = find_reviews(document.value)
        if len(found) > MAX_REVIEWS:
            problem(document.where, "", f"holds more than {MAX_REVIEWS:,} reviews; split it")
            found = found[:MAX_REVIEWS]
        for item in found:
            count += 1
            where = ", ".join(w for w in (document.where, f"review {count}") if w)
            if target.reviews >= MAX_REVIEWS:
                problem(where, "", f"not read: one import reads at most {MAX_REVIEWS:,} reviews")
                return
            target.reviews += 1
            _import_review(draft_claim(item, mapping, scale), shown, where, scale, target, result)
    if count == 0 and documents:
        problem(
            "", "", "holds no ClaimReview (nor a Fact Check Tools API response): nothing to import"
        )


def _import_review(
    draft: Draft | None, shown: str, where: str, scale: Scale, target: _Target, result: Result
) -> None:
    if draft is None:
        message = "has no claimReviewed, url or rating: nothing to import"
        result.problems.append(SourceProblem(shown, where, "", message))
        return
    located = f"{where} ({_one_line(draft.review_url)})" if draft.review_url else where
    for name, message in draft.refused:
        result.problems.append(SourceProblem(shown, located, name, f"{message}; not imported"))
    earlier = target.imported.get(_key(draft))
    if earlier is not None:
        result.skipped.append(f"{shown}, {located}: already imported as {earlier}")
        return
    text = render_checked(draft, shown, where, scale)
    if text is None:  # pragma: no cover - a renderer bug; the tests render every fixture
        message = "could not be written as a claim file that reads back the same; not imported"
        result.problems.append(SourceProblem(shown, located, "", message))
        return
    path = target.write(draft, text)
    result.written.append(
        Written(
            path,
            shown,
            where,
            draft.todo,
            _one_line(draft.source_rating.described()),
            draft.rating.status,
        )
    )


class _Target:
    """The claims folder: names taken, reviews imported before, and new files."""

    def __init__(self, claims_dir: Path, root: Path | None, dry_run: bool) -> None:
        self.dir, self.root, self.dry_run = claims_dir, root, dry_run
        self.reviews = 0  # read in this run, for the run's limit
        self.taken = set(RESERVED)
        self.imported: dict[tuple[str, str] | None, str] = {}
        if claims_dir.is_dir():
            for entry in sorted(claims_dir.iterdir()):
                self.taken.add(entry.stem)
                if entry.suffix == ".yaml" and entry.is_file() and not entry.is_symlink():
                    self.imported.setdefault(_existing_key(entry), self._shown(entry))
        self.imported.pop(None, None)

    def _shown(self, path: Path) -> str:
        return display_path(path, self.root)

    def write(self, draft: Draft, text: str) -> Path:
        """Write text under a free name; "x" mode: never over a file, even one made meanwhile."""
        if not self.dry_run:
            self.dir.mkdir(parents=True, exist_ok=True)
        while True:
            slug = choose_slug(draft, self.taken)
            self.taken.add(slug)
            path = self.dir / f"{slug}.yaml"
            if self.dry_run:
                break
            try:
                with path.open("x", encoding="utf-8", newline="\n") as out:
                    out.write(text)
                break
            except FileExistsError:
                continue
        key = _key(draft)
        if key is not None:
            self.imported[key] = self._shown(path)
        return path


# --- recognising a review imported before --------------------------------------


def _key(draft: Draft) -> tuple[str, str] | None:
    """A review is the same review if it has the same address and the same claim."""
    if not draft.review_url:
        return None
    return _one_line(draft.review_url), _one_line(draft.claim_reviewed or "")


def _existing_key(path: Path) -> tuple[str, str] | None:
    try:
        with path.open("rb") as handle:
            head = handle.read(HEADER_BYTES).decode("utf-8", errors="replace")
    except OSError:
        return None
    url = claim = None
    for line in head.splitlines():
        if not line.startswith("#"):
            break
        if line.startswith(IMPORTED_FROM):
            url = line.removeprefix(IMPORTED_FROM)
        elif line.startswith(CLAIM_REVIEWED):
            claim = line.removeprefix(CLAIM_REVIEWED)
    return (url, claim or "") if url else None


def _one_line(text: str) -> str:
    return shown_text(text, 200)


# --- names ------------------------------------------------------------------------


def slugify(text: str, limit: int = SLUG_WORDS_MAX) -> str:
    """'Le Mali a rompu ses relations' -> 'le-mali-a-rompu-ses-relations' (accents dropped;
    text with no a-z or 0-9 gives '')."""
    bare = "".join(
        c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)
    ).casefold()
    slug = "-".join(re.findall(r"[a-z0-9]+", bare))
    if len(slug) > limit:
        cut = slug[: limit + 1]
        slug = cut.rsplit("-", 1)[0] if "-" in cut else slug[:limit]
    return slug


def _url_words(url: str | None) -> str:
    if not url:
        return ""
    segments = [s for s in urlsplit(url).path.split("/") if s]
    return unquote(segments[-1]).rsplit(".", 1)[0] if segments else ""


def choose_slug(draft: Draft, taken: Iterable[str]) -> str:
    """A claim id from the claim's words (or the review's address) that is not taken."""
    taken = set(taken)
    base = (
        slugify(draft.data.get("title") or draft.claim_reviewed or "")
        or slugify(_url_words(draft.review_url))
        or "imported-review"
    )
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base[: SLUG_MAX - len(str(n)) - 1].rstrip('-')}-{n}"
    return slug


# --- the file -------------------------------------------------------------------


def render_checked(draft: Draft, source: str, where: str, scale: Scale) -> str | None:
    """The claim file, read back with the validator's reader and checks before it is
    trusted: the same data, and no problem but fields left to fill in. Plain style
    first; fully quoted if plain style does not read back the same."""
    for plain in (True, False):
        text = render(draft, source, where, plain)
        if reads_back(text, draft, scale):
            return text
    return None  # pragma: no cover


def reads_back(text: str, draft: Draft, scale: Scale) -> bool:
    try:
        doc = parse(decode(text.encode("utf-8")))
    except YamlError:  # pragma: no cover - what render writes always parses
        return False
    if doc.data != draft.data:
        return False
    return all(is_left_empty(doc.data, p, m) for p, m in check_claim(doc, scale))


def render(draft: Draft, source: str, where: str, plain: bool = True) -> str:
    return "\n".join([*header(draft, source, where), *_mapping(draft.data, 0, plain)]) + "\n"


def header(draft: Draft, source: str, where: str) -> list[str]:
    """The comment at the top: provenance, what was refused, what to check and to fill in."""
    lines = [SCHEMA_LINE, f"# Imported by `factcheck import` from {_one_line(source)}, {where}."]
    if draft.review_url:
        lines.append(IMPORTED_FROM + _one_line(draft.review_url))
        lines.append(CLAIM_REVIEWED + _one_line(draft.claim_reviewed or ""))
    lines += [f"# {_one_line(line)}" for line in draft.about]
    sections = [
        ("Not imported: values the validator refuses", draft.refused),
        ("To check", [(note, "") for note in draft.notes]),
        ("To fill in (empty below) or to check; `factcheck validate` lists each", draft.todo),
    ]
    for title, items in sections:
        if items:
            lines.append(f"# {title}:")
            lines += [f"#   {_one_line(f'{a}: {b}' if b else a)}" for a, b in items]
    return lines


def _mapping(data: dict[str, object], indent: int, plain: bool) -> list[str]:
    lines: list[str] = []
    for key, value in data.items():
        lines += _field(key, value, indent, plain)
    return lines


def _field(key: str, value: object, indent: int, plain: bool) -> list[str]:
    pad = " " * indent
    if isinstance(value, str):
        if plain and _blockable(value):
            body = [f"{pad}  {line}" if line else "" for line in value.split("\n")]
            return [f"{pad}{key}: |-", *body]
        return [f"{pad}{key}: {scalar(value, plain)}"]
    if isinstance(value, dict):
        return [f"{pad}{key}:", *_mapping(value, indent + 2, plain)]
    if isinstance(value, list) and value:
        lines = [f"{pad}{key}:"]
        for item in value:
            lines += _item(item, indent + 2, plain)
        return lines
    return [f"{pad}{key}: []"]


def _item(item: object, indent: int, plain: bool) -> list[str]:
    """One list item: its first field after '- ', the others under it."""
    if not isinstance(item, dict):  # pragma: no cover - claims list only mappings here
        return [f"{' ' * indent}- {scalar(str(item), plain)}"]
    lines = _mapping(item, indent + 2, plain)
    lines[0] = f"{' ' * indent}- {lines[0][indent + 2 :]}"
    return lines


def scalar(value: str, plain: bool = True) -> str:
    """Text as YAML: plain where it reads back as the same text, else double-quoted (JSON
    strings are YAML, and escape every quote, backslash and control character)."""
    safe = value.casefold() not in _YAML_WORDS and ": " not in value and " #" not in value
    if plain and safe and (_PLAIN.fullmatch(value) or _PLAIN_URL.fullmatch(value)):
        return value
    return json.dumps(value, ensure_ascii=False)


def _blockable(value: str) -> bool:
    """Paragraphs go in a literal block (|-) unless a line would change meaning there."""
    if "\n" not in value or value[0] in " \t":
        return False
    lines = value.split("\n")
    return all(line.isprintable() and (line.strip() or not line) for line in lines)
