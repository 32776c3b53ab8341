"""Map another fact-checker's rating onto this site's scale, through a mapping an editor can edit.

The default mapping ships as `scaffold/ratingmap.yaml`; `--mapping FILE` adds
entries to it and replaces those with the same text. A rating is mapped by its
text when it has one (the text decides alone), else by where its ratingValue
sits between worstRating and bestRating. What no entry maps, or an entry maps
to `~`, is left to an editor and reported: nothing is guessed.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from .load import read_limited
from .model import Scale
from .yamlfile import Document, Problem, YamlError, decode, dotted, parse

DEFAULT_NAME = "scaffold/ratingmap.yaml"
# schema.org: "If bestRating is omitted, 5 is assumed", "If worstRating is omitted, 1 is assumed".
DEFAULT_BEST, DEFAULT_WORST = 5.0, 1.0
_NUMBER = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?")
_SEPARATORS = re.compile(r"[\W_]+")

YamlPath = tuple[str | int, ...]
Report = Callable[[YamlPath, str], None]


@dataclass(frozen=True)
class Entry:
    """Where a rating text or score goes: a rating id, or None to leave it to an editor."""

    status: str | None
    why: str = ""  # why status is None, for the report


@dataclass(frozen=True)
class ScoreRule:
    """Scores from low to high (0 = the source's worst rating, 1 its best) map to entry."""

    low: float
    high: float
    entry: Entry


@dataclass(frozen=True)
class RatingMap:
    text: dict[str, Entry] = field(default_factory=dict)
    scores: tuple[ScoreRule, ...] = ()


@dataclass(frozen=True)
class SourceRating:
    """A rating as the source gives it: a text, and numbers where it has them."""

    text: str | None = None
    value: float | None = None
    best: float | None = None
    worst: float | None = None

    def described(self) -> str:
        """'"Faux" (1 on a scale of 1 to 5)', or '1 on a scale of 1 to 6', for reports."""
        numbers = ""
        if self.value is not None:
            best, worst = _num(self.best, DEFAULT_BEST), _num(self.worst, DEFAULT_WORST)
            numbers = f"{_num(self.value)} on a scale of {worst} to {best}"
        if self.text:
            return f'"{self.text}" ({numbers})' if numbers else f'"{self.text}"'
        return numbers or "no rating"


@dataclass(frozen=True)
class Rated:
    """The outcome: a rating id, or None and why not."""

    status: str | None
    why: str = ""


# --- reading ratings -------------------------------------------------------


def normalize(text: str) -> str:
    """The form texts are compared in: no case, accents, punctuation or extra spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join(_SEPARATORS.split(bare)).strip()


def number(value: Any) -> float | None:
    """A rating number: a JSON number or a numeric string ("1", "4.5"); anything else is None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value) if math.isfinite(value) else None
    if isinstance(value, str) and len(value) <= 40 and _NUMBER.fullmatch(value.strip()):
        return float(value.strip())
    return None


def score(rating: SourceRating) -> float | None:
    """Where ratingValue sits on the source's scale: 0 at worstRating, 1 at bestRating."""
    if rating.value is None:
        return None
    best, worst = _num(rating.best, DEFAULT_BEST), _num(rating.worst, DEFAULT_WORST)
    if best == worst or not min(best, worst) <= rating.value <= max(best, worst):
        return None
    return (rating.value - worst) / (best - worst)


def rate(mapping: RatingMap, rating: SourceRating) -> Rated:
    """The site's rating for the source's, or None and the reason."""
    if rating.text:
        entry = mapping.text.get(normalize(rating.text))
        if entry is None:
            return Rated(None, f"the rating {rating.described()} is not in the rating mapping")
        return Rated(entry.status, "" if entry.status else _left(rating, entry))
    position = score(rating)
    if position is None:
        if rating.value is None:
            return Rated(None, "the review gives no rating")
        return Rated(None, f"the rating {rating.described()} is not on its own scale")
    for rule in mapping.scores:
        if rule.low - 1e-9 <= position <= rule.high + 1e-9:
            return Rated(rule.entry.status, "" if rule.entry.status else _left(rating, rule.entry))
    return Rated(None, f"the rating {rating.described()} is not in the rating mapping")


def _left(rating: SourceRating, entry: Entry) -> str:
    return entry.why or f"the rating mapping leaves {rating.described()} to an editor"


def _num(value: float | None, default: float = 0.0) -> float | int:
    out = default if value is None else value
    return int(out) if out == int(out) else out


# --- loading mappings ------------------------------------------------------


def default_text() -> str:
    """The shipped mapping file, as text (`factcheck import --print-mapping`)."""
    return resources.files("factcheck").joinpath(DEFAULT_NAME).read_text(encoding="utf-8")


def load_default(scale: Scale) -> RatingMap:
    """The shipped mapping, and this site's own labels and ids (so a feed of this site, or
    of another site with the same scale, maps exactly). Entries of the shipped file that
    name a rating this site does not have are left to editors."""
    doc = parse(decode(default_text().encode("utf-8")))
    mapping, problems = _from_document(doc, DEFAULT_NAME, scale, strict=False)
    if problems:  # pragma: no cover - the shipped file is tested
        raise ValueError("; ".join(map(str, problems)))
    own = {normalize(text): Entry(r.id) for r in scale.ratings for text in (r.id, r.label)}
    return merged(mapping, RatingMap(own))


def load_mapping(path: Path, scale: Scale) -> tuple[RatingMap | None, list[Problem]]:
    """A user's mapping file, checked like a claim file: every problem with its line."""
    shown = path.as_posix()
    try:
        doc = parse(decode(read_limited(path)))
    except YamlError as err:
        return None, [Problem(shown, line, "", message) for line, message in err.problems]
    except OSError as err:
        return None, [Problem(shown, 1, "", f"cannot be read: {err.strerror}")]
    mapping, problems = _from_document(doc, shown, scale, strict=True)
    return (None, problems) if problems else (mapping, [])


def merged(base: RatingMap, extra: RatingMap) -> RatingMap:
    """base with extra's entries added; extra's win, and its score rules are tried first."""
    return RatingMap({**base.text, **extra.text}, extra.scores + base.scores)


def _from_document(
    doc: Document, shown: str, scale: Scale, strict: bool
) -> tuple[RatingMap, list[Problem]]:
    problems: list[Problem] = []

    def problem(path: YamlPath, message: str) -> None:
        problems.append(Problem(shown, doc.line_of(path), dotted(path), message))

    data = doc.data
    if not isinstance(data, dict):
        problem((), "a rating mapping is a mapping with the keys text and scores")
        return RatingMap(), problems
    for key in data:
        if key not in ("text", "scores"):
            problem((key,), "unknown key (allowed: text, scores)")
    entry = _entry_reader(scale, strict, problem)
    text = _text_entries(data.get("text"), entry, problem)
    scores = _score_rules(data.get("scores"), entry, problem)
    return RatingMap(text, scores), sorted(problems, key=lambda p: p.line)


EntryReader = Callable[[YamlPath, Any], "Entry | None"]


def _entry_reader(scale: Scale, strict: bool, problem: Report) -> EntryReader:
    allowed = ", ".join(scale.ids)

    def entry(path: YamlPath, status: Any) -> Entry | None:
        if status is None:
            return Entry(None)
        if not isinstance(status, str):
            problem(path, f"must be a rating id ({allowed}) or ~")
            return None
        if status in scale:
            return Entry(status)
        if strict:
            problem(path, f"'{status}' is not a rating on the scale (allowed: {allowed}, or ~)")
            return None
        return Entry(None, f"the default rating mapping gives '{status}', not on this site's scale")

    return entry


def _text_entries(value: Any, entry: EntryReader, problem: Report) -> dict[str, Entry]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        problem(("text",), "must be a mapping of rating texts to rating ids")
        return {}
    out: dict[str, Entry] = {}
    first: dict[str, str] = {}
    for text, status in value.items():
        key = normalize(text)
        if not key:
            problem(("text", text), "a rating text needs a letter or a digit")
            continue
        if key in first:
            problem(("text", text), f"is the same text as '{first[key]}' (case, accents ignored)")
            continue
        first[key] = text
        found = entry(("text", text), status)
        if found is not None:
            out[key] = found
    return out


def _score_rules(value: Any, entry: EntryReader, problem: Report) -> tuple[ScoreRule, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        problem(("scores",), "must be a list of {score, status} or {min, max, status}")
        return ()
    rules = []
    for i, item in enumerate(value):
        path: YamlPath = ("scores", i)
        if not isinstance(item, dict) or "status" not in item:
            problem(path, "must be {score: N, status: ID} or {min: N, max: N, status: ID}")
            continue
        bounds = _bounds(item, path, problem)
        found = entry((*path, "status"), item["status"])
        if bounds is not None and found is not None:
            rules.append(ScoreRule(bounds[0], bounds[1], found))
    return tuple(rules)


def _bounds(item: dict[str, Any], path: YamlPath, problem: Report) -> tuple[float, float] | None:
    keys = set(item) - {"status"}
    if keys not in ({"score"}, {"min", "max"}):
        problem(path, "give score (one point) or min and max (a range), from 0 to 1")
        return None
    low, high = (item["score"], item["score"]) if "score" in keys else (item["min"], item["max"])
    values = (number(low), number(high))
    if values[0] is None or values[1] is None or not 0 <= values[0] <= values[1] <= 1:
        problem(path, "scores are numbers from 0 (the worst rating) to 1 (the best), min <= max")
        return None
    return values[0], values[1]
