"""Turn one ClaimReview into the fields of a claim file, inventing nothing.

Every URL, date and name is kept as the source gives it; a date-time keeps
the calendar date the publisher wrote (2019-04-10T00:30:00+05:30 is
2019-04-10), and a date in any other form is refused, not guessed. A field
the review does not fill is written empty ("", or [] for evidence), so that
`factcheck validate` points at the line to fill in; the draft says why each is
empty. Then the draft is checked with the validator's own rules
(`load.check_claim`: the schema, text rules, real dates, the scale) and every
value they refuse is taken out and reported: what is written is either valid
or only incomplete.

ClaimReview to claim:

| claim field          | from                                                          |
| -------------------- | ------------------------------------------------------------- |
| title                | claimReviewed, on one line                                    |
| claim                | itemReviewed.text, else claimReviewed (noted: a summary)      |
| claimant             | itemReviewed.author: name, @type Person/Organization, jobTitle |
| date                 | itemReviewed.datePublished                                    |
| source               | itemReviewed.firstAppearance                                  |
| appearances          | itemReviewed.appearance (works or bare addresses), its url    |
| counter_statements   | citations with an author and a text (this site's own feeds)   |
| status               | reviewRating, through the rating mapping                      |
| verdict, summary     | reviewBody, reviewRating.ratingExplanation                    |
| evidence             | the other citations                                           |
| reviewed, updated    | datePublished, dateModified                                   |
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .importfind import Found, Graph, types_of
from .load import check_claim
from .model import Scale
from .ratingmap import Rated, RatingMap, SourceRating, number, rate
from .text import char_problem, for_log, value_problem
from .yamlfile import Document, dotted

Path = tuple[str | int, ...]

MAX_APPEARANCES, MAX_EVIDENCE, MAX_COUNTER = 100, 100, 50  # the schema's maxItems
PREVIEW = 80  # characters of a refused value shown in a report
TITLE_MAX = 300

_ISO = re.compile(
    r"([0-9]{4}-[0-9]{2}-[0-9]{2})"
    r"(?:[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:[.,][0-9]+)?)?(?:Z|[+-][0-9]{2}(?::?[0-9]{2})?)?)?"
    r"|([0-9]{4}(?:-[0-9]{2})?)"
)
_SPACES = re.compile(r"[ \t\r\n]+")  # only these are folded: other breaks are refused, visibly
_ORGANIZATIONS = frozenset(
    {
        "Organization",
        "NewsMediaOrganization",
        "GovernmentOrganization",
        "Corporation",
        "NGO",
        "EducationalOrganization",
        "CollegeOrUniversity",
        "PoliticalParty",
        "MedicalOrganization",
        "ResearchOrganization",
        "WorkersUnion",
        "PerformingGroup",
        "SportsOrganization",
        "OnlineBusiness",
        "LocalBusiness",
        "Consortium",
        "Airline",
    }
)
_MISSING: Any = object()

# What an empty field means, when the review simply does not have it.
_REASONS = {
    "title": "the review has no claimReviewed",
    "claim": "the review has no claimReviewed or claim text",
    "claimant.name": "the review names no claimant (itemReviewed.author)",
    "date": "the review gives no date for the claim (itemReviewed.datePublished)",
    "verdict": "the review has no reviewBody or ratingExplanation",
    "evidence": "the sources that back the verdict: the review cites none",
    "reviewed": "the review has no datePublished",
}


@dataclass
class Draft:
    """A claim's fields as the review fills them, and what is left to an editor."""

    data: dict[str, Any]
    rating: Rated
    source_rating: SourceRating
    review_url: str | None = None
    claim_reviewed: str | None = None
    about: list[str] = field(default_factory=list)  # where it came from, for the file's header
    notes: list[str] = field(default_factory=list)  # filled values an editor should check
    refused: list[tuple[str, str]] = field(default_factory=list)  # (field, why): not imported
    todo: list[tuple[str, str]] = field(default_factory=list)  # (field, why): left empty
    why: dict[str, str] = field(default_factory=dict)  # field -> why it is empty, where known

    def refuse(self, path: Path | str, message: str) -> None:
        self.refused.append((path if isinstance(path, str) else dotted(path), message))

    def refused_at(self, key: str) -> str | None:
        return next((m for p, m in self.refused if p == key), None)


# --- reading values ---------------------------------------------------------


class _Reader:
    """Reads values of one review, following @id references, recording what it refuses."""

    def __init__(self, graph: Graph, draft: Draft) -> None:
        self.graph = graph
        self.draft = draft

    def node(self, value: Any) -> Any:
        """The value, a reference followed; of a list, its first object or text."""
        value = self.graph.deref(value)
        if isinstance(value, list):
            value = next((self.graph.deref(v) for v in value if v is not None), None)
        return value

    def text(self, path: str, value: Any) -> str | None:
        value = self.node(value)
        if isinstance(value, dict) and "@value" in value:  # a language-tagged value
            value = value["@value"]
        if value is None:
            return None
        if not isinstance(value, str):
            self.draft.refuse(path, f"must be text, not {_kind(value)}")
            return None
        if not _encodable(value):  # JSON can hold a lone surrogate; no text may
            self.draft.refuse(path, f"{char_problem(value)}: {_preview(value)}")
            return None
        return value.strip() or None

    def line(self, path: str, value: Any) -> str | None:
        text = self.text(path, value)
        return _SPACES.sub(" ", text) if text else None

    def date(self, path: str, value: Any) -> str | None:
        text = self.text(path, value)
        if text is None:
            return None
        found = _ISO.fullmatch(text)
        if found is None:
            self.draft.refuse(
                path, f"{_preview(text)} is not an ISO 8601 date or date-time (YYYY-MM-DD)"
            )
            return None
        return found.group(1) or found.group(2)

    def party(self, path: str, value: Any) -> dict[str, str] | None:
        node = self.node(value)
        if isinstance(node, str):
            name, kind, role = self.line(f"{path}.name", node), None, None
        elif isinstance(node, dict):
            name = self.line(f"{path}.name", node.get("name"))
            kind = _party_type(types_of(node))
            role = self.line(f"{path}.role", node.get("jobTitle")) or _short(
                self.line(f"{path}.role", node.get("description"))
            )
        else:
            return None
        if not name and not role:
            return None
        out = {"name": name or "", "type": kind or ""}
        if role:
            out["role"] = role
        return out

    def work(self, path: str, value: Any) -> dict[str, Any] | None:
        """A source: a CreativeWork, or a bare address."""
        node = self.node(value)
        if isinstance(node, str):
            url = self.text(f"{path}.url", node)
            return {"publisher": "", "url": url} if url else None
        if not isinstance(node, dict):
            return None
        publisher = self.node(node.get("publisher"))
        fields = {
            "publisher": self.line(
                f"{path}.publisher",
                publisher.get("name") if isinstance(publisher, dict) else publisher,
            ),
            "title": self.line(f"{path}.title", node.get("headline") or node.get("name")),
            "author": self.party(f"{path}.author", node.get("author")),
            "url": self.text(f"{path}.url", node.get("url")),
            "date": self.date(f"{path}.date", node.get("datePublished")),
        }
        if not any(fields.values()):
            return None
        return {"publisher": fields.pop("publisher") or ""} | {k: v for k, v in fields.items() if v}


def _short(text: str | None) -> str | None:
    """A description short enough to be a role (this site's feeds write roles there)."""
    return text if text and len(text) <= TITLE_MAX else None


def _party_type(types: set[str]) -> str | None:
    person, organization = "Person" in types, bool(types & _ORGANIZATIONS)
    if person == organization:  # neither, or both
        return None
    return "person" if person else "organization"


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    return "a list" if isinstance(value, list) else "an object"


def shown(text: str, limit: int = 200) -> str:
    """Text for a report or a comment line: one line, escaped, cut to limit characters.
    Text the validator refuses is shown in ASCII escapes, so no bidi control, stacked
    marks or invisible character of it reaches a terminal or a diff."""
    if value_problem(text):
        safe = for_log(text).encode("ascii", "backslashreplace").decode("ascii")
    else:
        safe = for_log(" ".join(text.split()))
    return safe if len(safe) <= limit else safe[: limit - 1] + "…"


def _preview(value: Any) -> str:
    return f"'{shown(str(value), PREVIEW)}'"


def _listed(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [] if value is None else [value]


# --- a review to a draft -----------------------------------------------------


def draft_claim(found: Found, mapping: RatingMap, scale: Scale) -> Draft | None:
    """The claim a review describes, checked; None if the review holds nothing to import."""
    review, graph = found.review, found.graph
    rating_node = graph.deref(review.get("reviewRating"))
    if isinstance(rating_node, list):
        rating_node = next((graph.deref(r) for r in rating_node if isinstance(r, dict)), None)
    draft = Draft({}, Rated(None), SourceRating())
    read = _Reader(graph, draft)
    source_rating = _source_rating(read, rating_node)
    draft.rating, draft.source_rating = rate(mapping, source_rating), source_rating
    draft.review_url = read.text("url", review.get("url"))
    draft.claim_reviewed = read.text("title", review.get("claimReviewed"))
    if not (draft.claim_reviewed or draft.review_url or source_rating.text):
        return None
    draft.data = _fields(read, review, rating_node)
    draft.about = _about(read, review, source_rating, draft.rating)
    clean(draft, scale)
    return draft


def _source_rating(read: _Reader, node: Any) -> SourceRating:
    if not isinstance(node, dict):
        return SourceRating()
    return SourceRating(
        text=read.line("reviewRating.alternateName", node.get("alternateName"))
        or read.line("reviewRating.name", node.get("name")),
        value=number(read.node(node.get("ratingValue"))),
        best=number(read.node(node.get("bestRating"))),
        worst=number(read.node(node.get("worstRating"))),
    )


def _fields(read: _Reader, review: dict[str, Any], rating: Any) -> dict[str, Any]:
    """The claim fields in the order of the template and the hand-written claims."""
    draft = read.draft
    item = read.node(review.get("itemReviewed"))
    item = item if isinstance(item, dict) else {}
    title = _SPACES.sub(" ", draft.claim_reviewed) if draft.claim_reviewed else None
    if title and len(title) > TITLE_MAX:
        draft.why["title"] = (
            f"claimReviewed is {len(title):,} characters, too long for a title "
            f"({TITLE_MAX} at most); the claim field holds it"
        )
        title = None
    claim = read.text("claim", item.get("text"))
    if claim is None and draft.claim_reviewed:
        claim = draft.claim_reviewed
        draft.notes.append(
            "claim: copied from claimReviewed, the source's summary of the claim; "
            "where the claim was a quote, put its words here"
        )
    data: dict[str, Any] = {
        "title": title or "",
        "claim": claim or "",
        "claimant": read.party("claimant", item.get("author")) or {"name": "", "type": ""},
        "date": read.date("date", item.get("datePublished")) or "",
        "source": read.work("source", item.get("firstAppearance")) or {"publisher": ""},
    }
    appearances = _appearances(read, item)
    if appearances:
        data["appearances"] = appearances
    counter, evidence = _citations(read, review.get("citation"))
    data["counter_statements"] = counter
    data["status"] = draft.rating.status or ""
    body = read.text("verdict", review.get("reviewBody"))
    explanation = (
        read.text("verdict", rating.get("ratingExplanation")) if isinstance(rating, dict) else None
    )
    data["verdict"] = body or explanation or ""
    if body and explanation and "\n" not in explanation and len(explanation) <= TITLE_MAX:
        data["summary"] = explanation
    data["evidence"] = evidence
    data["tags"] = []
    data["reviewed"] = read.date("reviewed", review.get("datePublished")) or ""
    updated = read.date("updated", review.get("dateModified"))
    if updated and _is_day(updated) and _is_day(data["reviewed"]) and updated > data["reviewed"]:
        data["updated"] = updated
    return data


def _is_day(text: str) -> bool:
    return len(text) == 10


def _appearances(read: _Reader, item: dict[str, Any]) -> list[dict[str, Any]]:
    works = [read.work("appearances", a) for a in _listed(item.get("appearance"))]
    if "Claim" in types_of(item) or "@type" not in item:
        works.append(read.work("appearances", item.get("url")))  # the claim's own address
    elif item:  # an older form: itemReviewed is the work that carries the claim
        works.append(read.work("appearances", item))
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for work in works:
        if work is None or (work.get("url") and work["url"] in seen):
            continue
        seen.add(work.get("url", ""))
        out.append(work)
    return _capped(read.draft, "appearances", out, MAX_APPEARANCES)


def _citations(read: _Reader, value: Any) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Citations with an author and a text are statements (this site's feeds write denials
    so); the others are evidence."""
    counter, evidence = [], []
    for item in _listed(read.graph.deref(value)):
        node = read.graph.deref(item)
        if isinstance(node, dict) and "text" in node and "author" in node:
            counter.append(_statement(read, node))
        else:
            work = read.work("evidence", node)
            if work is not None:
                evidence.append(work)
    return (
        _capped(read.draft, "counter_statements", counter, MAX_COUNTER),
        _capped(read.draft, "evidence", evidence, MAX_EVIDENCE),
    )


def _statement(read: _Reader, node: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "by": read.party("counter_statements.by", node.get("author")) or {"name": "", "type": ""},
        "text": read.text("counter_statements.text", node.get("text")) or "",
        "date": read.date("counter_statements.date", node.get("datePublished")) or "",
    }
    url = read.text("counter_statements.url", node.get("url"))
    source = read.work("counter_statements.source", node.get("isBasedOn"))
    if url:
        out["url"] = url
    if source or not url:
        out["source"] = source or {"publisher": ""}
    return out


def _capped(draft: Draft, name: str, items: list[Any], limit: int) -> list[Any]:
    if len(items) > limit:
        draft.refuse(
            name, f"{len(items) - limit:,} more not imported; a claim lists at most {limit}"
        )
    return items[:limit]


def _about(read: _Reader, review: dict[str, Any], rating: SourceRating, rated: Rated) -> list[str]:
    """Where the claim came from, for the comment at the top of the file."""
    author = read.node(review.get("author"))
    name = author.get("name") if isinstance(author, dict) else author
    facts = [
        ("Published by", name),
        ("Headline", review.get("name") or review.get("headline")),
        ("Published", review.get("datePublished")),
        ("Language", review.get("inLanguage")),
    ]
    lines = [f"{label}: {_one_line(read.node(v))}" for label, v in facts if _one_line(read.node(v))]
    outcome = f"status {rated.status}" if rated.status else "no status: " + rated.why
    return [*lines, f"Rated {rating.described()}: {outcome}"]


def _one_line(value: Any) -> str:
    return shown(value) if isinstance(value, str) else ""


# --- checking with the validator's rules --------------------------------------


def problems(data: dict[str, Any], scale: Scale) -> list[tuple[Path, str]]:
    """What `factcheck validate` would say about data, as (path, message)."""
    return check_claim(Document(data, text_problems=list(_text_problems(data))), scale)


def _text_problems(data: Any) -> list[tuple[Path, str]]:
    found = []
    stack: list[tuple[Path, Any]] = [((), data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, dict):
            stack.extend(((*path, k), v) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend(((*path, i), v) for i, v in enumerate(value))
        elif isinstance(value, str) and (problem := value_problem(value)):
            found.append((path, problem))
    return found


def is_left_empty(data: dict[str, Any], path: Path, message: str) -> bool:
    """A problem that only says a field is still to fill in (not a value that is wrong)."""
    value = value_at(data, path)
    return (
        value == ""
        or value == []
        or message == "required field is missing"
        or (path == ("date",) and message.startswith("the claim is dated after its review"))
    )


def clean(draft: Draft, scale: Scale) -> None:
    """Take out every value the validator refuses, and list what is left to fill in."""
    order: dict[str | int, int] = {key: n for n, key in enumerate(draft.data)}

    def in_order(path: Path) -> tuple[int, tuple[tuple[int, int | str], ...]]:
        return order.get(path[0], len(order)) if path else -1, _sort_key(path)

    for _ in range(10):  # each round removes at least one value; values are few
        found = problems(draft.data, scale)
        bad = sorted(
            ((p, m) for p, m in found if not is_left_empty(draft.data, p, m)),
            key=lambda pm: in_order(pm[0]),
        )
        if not bad:
            break
        for path, message in bad:
            value = value_at(draft.data, path)
            if value is not _MISSING:
                draft.refuse(path, f"{message}: {_preview(value)}")
        for path, _ in reversed(bad):  # the last first: list items keep their places
            if value_at(draft.data, path) is not _MISSING:
                _drop(draft.data, path)
    _prune(draft.data)
    left = sorted(problems(draft.data, scale), key=lambda pm: in_order(pm[0]))
    draft.todo = [(dotted(p), _reason(draft, p, m)) for p, m in left]


def _sort_key(path: Path) -> tuple[tuple[int, int | str], ...]:
    return tuple((0, p) if isinstance(p, int) else (1, p) for p in path)


def value_at(data: Any, path: Path) -> Any:
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return _MISSING
    return data


# Fields a claim must have, by what holds them: a refused value there becomes "".
_REQUIRED = {
    "claim": {"title", "claim", "claimant", "date", "source", "status", "verdict", "reviewed"},
    "party": {"name", "type"},
    "source": {"publisher"},
    "counter_statement": {"by", "text", "date"},
}


def _holder(path: Path) -> str:
    """What kind of object holds the field at path: claim, party, source or counter_statement."""
    if len(path) == 1:
        return "claim"
    last = path[-2]
    if last in ("claimant", "author", "by"):
        return "party"
    if isinstance(last, int) and path[0] == "counter_statements" and len(path) == 3:
        return "counter_statement"
    return "source"


def _drop(data: dict[str, Any], path: Path) -> None:
    holder = value_at(data, path[:-1])
    key = path[-1]
    if isinstance(holder, list) and isinstance(key, int):
        del holder[key]
    elif isinstance(holder, dict) and isinstance(key, str):
        if key in _REQUIRED[_holder(path)]:
            holder[key] = ""
        else:
            del holder[key]


def _prune(data: dict[str, Any]) -> None:
    """Drop what refusals emptied: sources with nothing but an empty publisher, empty authors."""
    for key in ("appearances", "evidence"):
        items = data.get(key)
        if isinstance(items, list):
            items[:] = [s for s in items if not _empty_source(s)]
    for source in _sources(data):
        author = source.get("author")
        if isinstance(author, dict) and not any(author.values()):
            del source["author"]
    if data.get("appearances") == []:
        del data["appearances"]


def _sources(data: dict[str, Any]) -> list[dict[str, Any]]:
    found = [data.get("source"), *data.get("appearances", []), *data.get("evidence", [])]
    found += [c.get("source") for c in data.get("counter_statements", []) if isinstance(c, dict)]
    return [s for s in found if isinstance(s, dict)]


def _empty_source(source: Any) -> bool:
    return (
        isinstance(source, dict)
        and not any(v for k, v in source.items() if k != "author")
        and not any((source.get("author") or {}).values())
    )


def _reason(draft: Draft, path: Path, message: str) -> str:
    key = dotted(path)
    if draft.refused_at(key):
        return "the review's value was refused (see Not imported, above)"
    if key == "status":
        return draft.rating.why
    if key in draft.why:
        return draft.why[key]
    if message.startswith("the claim is dated after its review"):
        return f"{message}, as the review gives them: check which is right"
    if key in _REASONS:
        return _REASONS[key]
    if path[-1] == "type":
        return "person or organization: the review does not say"
    if key == "source.publisher":
        held = value_at(draft.data, ("source",))
        if isinstance(held, dict) and len(held) > 1:
            return "the review names no publisher for it"
        return (
            "where the claim first appeared: the review names no firstAppearance "
            "(if one of the appearances is the first, move it here)"
        )
    if path[-1] == "publisher":
        return "the review gives where it appeared, not who published it"
    if path[-1] == "name":
        return "the review gives no name"
    return message
