"""Find the ClaimReviews in a parsed JSON value, whatever shape publishers give it.

JSON-LD: one ClaimReview, a list, an `@graph` whose nodes refer to each other
by `@id`, a schema.org DataFeed (`dataFeedElement` items), or a ClaimReview
nested in another node (a WebPage's mainEntity). A node counts as a
ClaimReview by its `@type` (also in a list, or as a full schema.org address),
or, where a publisher left `@type` out, by having `claimReviewed` with a
`reviewRating` or an `itemReviewed`.

Google's Fact Check Tools API shapes are turned into the ClaimReview they
describe, field by field as the API reference maps them: a
ClaimReviewMarkupPage (`claimReviewMarkups`, and a list of them in
`claimReviewMarkupPages`) and a claim of the claims:search response
(`text`, `claimant`, `claimReview`). Nothing is added that the input does
not hold.

The walk uses its own stack (no recursion) and visits each value once.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

MAX_REVIEWS = 10_000  # per source: each becomes a file


@dataclass(frozen=True)
class Graph:
    """The nodes of one JSON document that have an @id, to follow {"@id": ...} references."""

    nodes: dict[str, dict[str, Any]]

    def deref(self, value: Any) -> Any:
        """The node a bare reference {"@id": X} points to; any other value as it is."""
        if isinstance(value, dict) and len(value) == 1 and isinstance(value.get("@id"), str):
            return self.nodes.get(value["@id"], value)
        return value


@dataclass(frozen=True)
class Found:
    """A ClaimReview (as JSON-LD), and the graph its references resolve in."""

    review: dict[str, Any]
    graph: Graph


def walk(value: Any) -> Iterator[dict[str, Any]]:
    """Every object in value, in document order, with an explicit stack."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            yield item
            stack.extend(reversed(list(item.values())))
        elif isinstance(item, list):
            stack.extend(reversed(item))


def index_ids(value: Any) -> Graph:
    """Each node with an @id and something more than it; the first definition wins."""
    nodes: dict[str, dict[str, Any]] = {}
    for node in walk(value):
        node_id = node.get("@id")
        if isinstance(node_id, str) and len(node) > 1:
            nodes.setdefault(node_id, node)
    return Graph(nodes)


def find_reviews(value: Any) -> list[Found]:
    """The ClaimReviews in value, in document order (API shapes converted)."""
    graph = index_ids(value)
    found: list[Found] = []
    stack = [value]
    while stack and len(found) <= MAX_REVIEWS:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(reversed(item))
            continue
        if not isinstance(item, dict):
            continue
        converted = _reviews_of(item)
        if converted is None:
            stack.extend(reversed(list(item.values())))
        else:
            found.extend(Found(review, graph) for review in converted)
    return found


def _reviews_of(node: dict[str, Any]) -> list[dict[str, Any]] | None:
    """The reviews node is or holds directly, or None to look inside it."""
    if is_claim_review(node):
        return [node]
    if isinstance(node.get("claimReviewMarkups"), list):
        return from_markup_page(node)
    if isinstance(node.get("claimReview"), list) and ("text" in node or "claimant" in node):
        return from_search_claim(node)
    return None


def types_of(node: dict[str, Any]) -> set[str]:
    """The node's @type names without a prefix: "schema:Person", "https://schema.org/Person"
    and "Person" are all "Person"."""
    value = node.get("@type")
    names = value if isinstance(value, list) else [value]
    return {n.rsplit("/", 1)[-1].rsplit(":", 1)[-1] for n in names if isinstance(n, str)}


def is_claim_review(node: dict[str, Any]) -> bool:
    if "@type" in node:
        return "ClaimReview" in types_of(node)
    return "claimReviewed" in node and ("reviewRating" in node or "itemReviewed" in node)


# --- the Fact Check Tools API ------------------------------------------------


def _present(**fields: Any) -> dict[str, Any]:
    """The fields that have a value: the API leaves out what it does not know."""
    return {k: v for k, v in fields.items() if v is not None and v != {} and v != []}


def _get(node: Any, key: str) -> Any:
    return node.get(key) if isinstance(node, dict) else None


def from_markup_page(page: dict[str, Any]) -> list[dict[str, Any]]:
    """ClaimReviewMarkupPage: page-level url, date and author apply to each of its markups."""
    author = _get(page, "claimReviewAuthor")
    reviews = []
    for markup in page["claimReviewMarkups"]:
        if not isinstance(markup, dict):
            continue
        reviews.append(_from_markup(markup, page, author))
    return reviews


def _from_markup(markup: dict[str, Any], page: dict[str, Any], author: Any) -> dict[str, Any]:
    rating = _get(markup, "rating")
    claim_author = _get(markup, "claimAuthor")
    first = markup.get("claimFirstAppearance")
    return _present(
        **{"@type": "ClaimReview"},
        url=markup.get("url") or page.get("pageUrl"),
        datePublished=page.get("publishDate"),
        author=_present(name=_get(author, "name")),
        claimReviewed=markup.get("claimReviewed"),
        itemReviewed=_present(
            author=_present(
                name=_get(claim_author, "name"), jobTitle=_get(claim_author, "jobTitle")
            ),
            datePublished=markup.get("claimDate"),
            firstAppearance=first,
            appearance=markup.get("claimAppearances"),
        ),
        reviewRating=_present(
            alternateName=_get(rating, "textualRating"),
            ratingValue=_get(rating, "ratingValue"),
            bestRating=_get(rating, "bestRating"),
            worstRating=_get(rating, "worstRating"),
            ratingExplanation=_get(rating, "ratingExplanation"),
        ),
    )


def from_search_claim(claim: dict[str, Any]) -> list[dict[str, Any]]:
    """A claim of claims:search, with one review per publisher that checked it."""
    reviews = []
    for review in claim["claimReview"]:
        if not isinstance(review, dict):
            continue
        reviews.append(
            _present(
                **{"@type": "ClaimReview"},
                url=review.get("url"),
                name=review.get("title"),
                datePublished=review.get("reviewDate"),
                inLanguage=review.get("languageCode"),
                author=_present(name=_get(review.get("publisher"), "name")),
                claimReviewed=claim.get("text"),
                itemReviewed=_present(
                    author=_present(name=claim.get("claimant")),
                    datePublished=claim.get("claimDate"),
                ),
                reviewRating=_present(alternateName=review.get("textualRating")),
            )
        )
    return reviews
