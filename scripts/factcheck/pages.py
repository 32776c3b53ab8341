"""Page data: which pages the site has, and what each one lists.

Plain functions over claims; no MkDocs here. Every structure is built in one
pass over the claims, so the build stays linear in their number.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from typing import TypeVar

from .claimants import (
    CLAIMANTS_DIR,
    CLAIMANTS_INDEX_SRC,
    ClaimantSummary,
    claimant_slugs,
    claimant_src,
    summarise,
)
from .model import Claim, Scale

T = TypeVar("T")

RELATED_LIMIT = 5
# How many of a tag's newest claims are candidates for "related": bounds the
# work per claim, so a tag on every claim cannot make the build quadratic.
RELATED_CANDIDATES_PER_TAG = 50


def claim_src(claim_id: str) -> str:
    return f"claims/{claim_id}.md"


def status_src(status: str) -> str:
    return f"ratings/{status}.md"


def tag_src(tag: str) -> str:
    return f"tags/{tag}.md"


PAGE_SIZE = 50


@dataclass(frozen=True)
class Listing:
    """One page of a paginated list of claims: every claim, a rating's, or a tag's."""

    kind: str  # "all", "status", "tag" or "claimant"
    key: str  # the status id, tag or claimant slug ("" for all)
    heading: str  # "All claims", "Rated Unproven", "Tag: ford"
    number: int  # 1-based
    pages: int
    claims: list[Claim]
    total: int

    @property
    def src(self) -> str | None:
        return listing_src(self.kind, self.key, self.number)

    def src_of(self, number: int) -> str | None:
        return listing_src(self.kind, self.key, number)

    def fingerprint(self) -> str:
        """Everything the page shows: equal fingerprints, equal pages."""
        shown = [(c.id, c.title, c.status, c.claimant.name, c.date.iso()) for c in self.claims]
        return repr((self.heading, self.number, self.pages, self.total, shown))


def listing_src(kind: str, key: str, number: int) -> str | None:
    """Where page `number` of a listing lives; page 1 of "all" is the home page."""
    if kind == "all":
        return None if number == 1 else f"page/{number}.md"
    first = {"status": status_src, "tag": tag_src, "claimant": claimant_src}[kind](key)
    return first if number == 1 else f"{first.removesuffix('.md')}/page/{number}.md"


def chunks(items: list[T], size: int) -> list[list[T]]:
    """items in runs of `size`, in order; no items still make one (empty) run."""
    return [items[i : i + size] for i in range(0, len(items), size)] or [[]]


def paginate(
    kind: str, key: str, heading: str, claims: list[Claim], size: int = PAGE_SIZE
) -> list[Listing]:
    """Split claims into pages of `size`; an empty list still has its first page."""
    pages = chunks(claims, size)
    return [
        Listing(kind, key, heading, n, len(pages), chunk, len(claims))
        for n, chunk in enumerate(pages, start=1)
    ]


TAGS_INDEX_SRC = "tags/index.md"


@dataclass(frozen=True)
class Change:
    """One change of rating, for the corrections log."""

    claim: Claim
    date: dt.date
    old: str
    new: str
    reason: str


@dataclass(frozen=True)
class ChangesPage:
    """One page of the corrections log. Page 1 is the hand-written page with the
    corrections marker (first_src); pages 2 and on are generated after it."""

    number: int  # 1-based
    pages: int
    changes: list[Change]
    total: int
    first_src: str

    @property
    def src(self) -> str:
        return self.src_of(self.number)

    def src_of(self, number: int) -> str:
        return self.first_src if number == 1 else f"{CORRECTIONS_DIR}/page/{number}.md"

    def fingerprint(self) -> str:
        """Everything the page shows: equal fingerprints, equal pages."""
        shown = [
            (ch.claim.id, ch.claim.title, ch.date, ch.old, ch.new, ch.reason) for ch in self.changes
        ]
        return repr((self.first_src, self.number, self.pages, self.total, shown))


CORRECTIONS_DIR = "corrections"


def paginate_changes(changes: list[Change], first_src: str, size: int) -> list[ChangesPage]:
    """Split the log into pages of `size`; an empty log still has its first page."""
    pages = chunks(changes, size)
    return [
        ChangesPage(n, len(pages), chunk, len(changes), first_src)
        for n, chunk in enumerate(pages, start=1)
    ]


@dataclass(frozen=True)
class ClaimantsPage:
    """One page of the Claimants index: page_size claimants, A-Z, so no page grows."""

    number: int  # 1-based
    pages: int
    claimants: list[ClaimantSummary]
    total: int

    @property
    def src(self) -> str:
        return self.src_of(self.number)

    def src_of(self, number: int) -> str:
        return CLAIMANTS_INDEX_SRC if number == 1 else f"{CLAIMANTS_DIR}/page/{number}.md"

    def fingerprint(self) -> str:
        return repr((self.number, self.pages, self.total, self.claimants))


def paginate_claimants(everyone: list[ClaimantSummary], size: int) -> list[ClaimantsPage]:
    """The Claimants index in pages of `size`; no claimants still make one page."""
    runs = chunks(everyone, size)
    return [ClaimantsPage(n, len(runs), run, len(everyone)) for n, run in enumerate(runs, start=1)]


def newest_first(claims: list[Claim]) -> list[Claim]:
    """Most recently reviewed first; then by when the claim was made; then id."""
    by_id = sorted(claims, key=lambda c: c.id)
    return sorted(by_id, key=lambda c: (c.last_changed, c.date.sort_key()), reverse=True)


@dataclass
class SiteIndex:
    """Claims grouped the ways the site lists them."""

    scale: Scale
    claims: list[Claim]
    by_status: dict[str, list[Claim]] = field(default_factory=dict)
    by_tag: dict[str, list[Claim]] = field(default_factory=dict)
    by_id: dict[str, Claim] = field(default_factory=dict)
    position: dict[str, int] = field(default_factory=dict)  # 0 = newest
    by_claimant: dict[str, list[Claim]] = field(default_factory=dict)  # by name, A-Z
    claimant_slug: dict[str, str] = field(default_factory=dict)  # name -> slug
    claimant_name: dict[str, str] = field(default_factory=dict)  # slug -> name

    @classmethod
    def build(cls, claims: list[Claim], scale: Scale) -> SiteIndex:
        ordered = newest_first(claims)
        index = cls(scale, ordered, {r.id: [] for r in scale.ratings})
        for i, claim in enumerate(ordered):
            index.by_id[claim.id] = claim
            index.position[claim.id] = i
            index.by_status[claim.status].append(claim)
            for tag in claim.tags:
                index.by_tag.setdefault(tag, []).append(claim)
            index.by_claimant.setdefault(claim.claimant.name, []).append(claim)
        index.by_tag = dict(sorted(index.by_tag.items()))
        index.by_claimant = dict(sorted(index.by_claimant.items(), key=lambda kv: kv[0].lower()))
        index.claimant_slug = claimant_slugs(index.by_claimant)
        index.claimant_name = {slug: name for name, slug in index.claimant_slug.items()}
        return index

    def claimant_of(self, claim: Claim) -> str:
        """The slug of the claim's claimant page."""
        return self.claimant_slug[claim.claimant.name]

    @cached_property
    def _summaries(self) -> dict[str, ClaimantSummary]:
        """Each claimant's summary by slug, A-Z: made once, shown on several pages."""
        return {
            slug: summarise(name, slug, self.by_claimant[name], self.scale)
            for name, slug in self.claimant_slug.items()
        }

    def claimant(self, slug: str) -> ClaimantSummary:
        return self._summaries[slug]

    def claimants(self) -> list[ClaimantSummary]:
        """Every claimant, A-Z, with the count of their checked claims by rating."""
        return list(self._summaries.values())

    def listings(self, size: int = PAGE_SIZE) -> list[Listing]:
        """Every page of every listing: all claims, each rating's, each tag's."""
        out = paginate("all", "", "All claims", self.claims, size)
        for r in self.scale.ratings:
            out += paginate("status", r.id, f"Rated {r.label}", self.by_status[r.id], size)
        for tag, claims in self.by_tag.items():
            out += paginate("tag", tag, f"Tag: {tag}", claims, size)
        for name, claims in self.by_claimant.items():
            slug = self.claimant_slug[name]
            out += paginate("claimant", slug, f"Claims by {name}", claims, size)
        return out

    def status_counts(self) -> list[tuple[str, int]]:
        """(status id, number of claims), in scale order, including zeros."""
        return [(r.id, len(self.by_status[r.id])) for r in self.scale.ratings]

    def changes(self) -> list[Change]:
        """Every change of rating across the site, newest first."""
        out = []
        for claim in self.claims:
            # Each history entry was replaced by the status after it: the next one's, or today's.
            statuses = [h.status for h in claim.history] + [claim.status]
            for entry, new in zip(claim.history, statuses[1:], strict=True):
                out.append(Change(claim, entry.date, entry.status, new, entry.reason))
        return sorted(out, key=lambda ch: (ch.date, ch.claim.id), reverse=True)

    def related(self, claim: Claim, limit: int = RELATED_LIMIT) -> list[Claim]:
        """Claims sharing the most tags with this one, newest first among equals."""
        shared: Counter[str] = Counter()
        for tag in claim.tags:
            for other in self.by_tag.get(tag, [])[:RELATED_CANDIDATES_PER_TAG]:
                if other.id != claim.id:
                    shared[other.id] += 1
        ranked = sorted(shared, key=lambda cid: (-shared[cid], self.position[cid]))
        return [self.by_id[cid] for cid in ranked[:limit]]
