"""schema.org ClaimReview data for claim pages and the DataFeed, as plain dicts.

Templates serialise these with `tojson`; nothing here builds JSON or HTML text.
Fields follow schema.org's ClaimReview and Google's fact-check guidelines:
https://schema.org/ClaimReview
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .dates import FuzzyDate
from .model import Claim, CounterStatement, Party, Scale, Source

CONTEXT = "https://schema.org"
CLAIM_REVIEWED_MAX = 75
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"(])")


@dataclass(frozen=True)
class Publisher:
    """The organisation that publishes the fact-checks (mkdocs.yml: factcheck.publisher)."""

    name: str
    url: str
    logo: str | None = None

    def as_jsonld(self) -> dict[str, Any]:
        org: dict[str, Any] = {"@type": "Organization", "name": self.name, "url": self.url}
        if self.logo:
            org["logo"] = {"@type": "ImageObject", "url": self.logo}
        return org


def explanation(verdict: str, sentences: int = 2) -> str:
    """The verdict's first sentences, for ratingExplanation."""
    first_paragraph = verdict.strip().split("\n\n")[0]
    parts = _SENTENCE_END.split(" ".join(first_paragraph.split()))
    return " ".join(parts[:sentences])


def verdict_line(claim: Claim) -> str:
    """The verdict in one sentence: the claim's summary, or the verdict's first sentence."""
    return claim.summary or explanation(claim.verdict, sentences=1)


def _date(date: FuzzyDate) -> str:
    """ISO 8601, as precise as known; an interval gives its first possible day."""
    return date.start.iso()


def creative_work(source: Source) -> dict[str, Any]:
    work: dict[str, Any] = {
        "@type": "CreativeWork",
        "publisher": {"@type": "Organization", "name": source.publisher},
    }
    if source.title:
        work["headline"] = source.title
    if source.author:
        work["author"] = party(source.author)
    if source.url:
        work["url"] = source.url
    if source.date:
        work["datePublished"] = _date(source.date)
    return work


def counter_work(statement: CounterStatement) -> dict[str, Any]:
    """A denial or rebuttal as a cited work: who said what, when, and where."""
    work: dict[str, Any] = {
        "@type": "CreativeWork",
        "author": party(statement.by),
        "text": statement.text,
        "datePublished": _date(statement.date),
    }
    if statement.url:
        work["url"] = statement.url
    if statement.source:
        work["isBasedOn"] = creative_work(statement.source)
    return work


def party(who: Party) -> dict[str, Any]:
    """A Person or an Organization: the only types schema.org's `author` allows."""
    kind = "Person" if who.type == "person" else "Organization"
    author: dict[str, Any] = {"@type": kind, "name": who.name}
    if who.role:
        author["description"] = who.role
    return author


def claimant(claim: Claim) -> dict[str, Any]:
    return party(claim.claimant)


def claim_review(claim: Claim, scale: Scale, page_url: str, publisher: Publisher) -> dict[str, Any]:
    """The ClaimReview of one claim page."""
    rating = scale[claim.status]
    return {
        "@context": CONTEXT,
        "@type": "ClaimReview",
        "url": page_url,
        "claimReviewed": claim.title,
        "datePublished": claim.reviewed.isoformat(),
        "dateModified": claim.last_changed.isoformat(),
        "author": publisher.as_jsonld(),
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": rating.rank,
            "bestRating": len(scale.ratings),
            "worstRating": 1,
            "alternateName": rating.label,
            "ratingExplanation": verdict_line(claim),
        },
        "itemReviewed": {
            "@type": "Claim",
            "author": claimant(claim),
            "datePublished": _date(claim.date),
            "firstAppearance": creative_work(claim.source),
            "appearance": [creative_work(s) for s in claim.appearances],
        },
        "citation": [
            *(counter_work(c) for c in claim.counter_statements),
            *(creative_work(s) for s in claim.evidence),
        ],
    }


def data_feed(
    reviews: list[dict[str, Any]], feed_url: str, publisher: Publisher, modified: str
) -> dict[str, Any]:
    """Every ClaimReview as one schema.org DataFeed, the shape of public ClaimReview feeds."""
    return {
        "@context": CONTEXT,
        "@type": "DataFeed",
        "url": feed_url,
        "name": f"{publisher.name}: ClaimReview feed",
        "publisher": publisher.as_jsonld(),
        "dateModified": modified,
        "dataFeedElement": [
            {
                "@type": "DataFeedItem",
                "dateCreated": r["datePublished"],
                "item": [_without_context(r)],
            }
            for r in reviews
        ],
    }


def _without_context(review: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in review.items() if k != "@context"}


def long_title_note(claim: Claim) -> str | None:
    """A note for the build log when the title is longer than claimReviewed should be."""
    if len(claim.title) <= CLAIM_REVIEWED_MAX:
        return None
    return (
        f"{claim.path}: title is {len(claim.title)} characters; ClaimReview readers show "
        f"claimReviewed best at {CLAIM_REVIEWED_MAX} or fewer"
    )
