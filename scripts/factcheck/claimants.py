"""Claimant pages: who made the checked claims, with a page each.

A claimant page is a record of the statements this site has checked, not a
rating of the person or organisation: the counts say how the checked claims
were rated, nothing more. Plain functions; no MkDocs here.

Addresses come from the claimant's name: `claimants/jim-farley/`. Two names
that make the same slug are told apart by a number, given in the order of
the names, so the same claims always give the same addresses.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from .model import Claim, Scale

CLAIMANTS_DIR = "claimants"
CLAIMANTS_INDEX_SRC = f"{CLAIMANTS_DIR}/index.md"
SLUG_MAX = 60
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_RESERVED = frozenset({"index", "page"})  # the index page; the index's pages 2, 3...


def claimant_src(slug: str) -> str:
    return f"{CLAIMANTS_DIR}/{slug}.md"


def slugify(name: str) -> str:
    """'Jim Farley' -> 'jim-farley'; accents folded; '' when nothing Latin is left."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return _NOT_SLUG.sub("-", folded.lower()).strip("-")[:SLUG_MAX].rstrip("-")


def claimant_slugs(names: Iterable[str]) -> dict[str, str]:
    """Each distinct name's slug, unique and never a name the build uses itself."""
    out: dict[str, str] = {}
    used = set(_RESERVED)
    next_number: Counter[str] = Counter()
    for name in sorted(set(names)):
        base = slugify(name) or "claimant"
        slug = base if base not in used else ""
        while not slug or slug in used:  # each base counts up once: linear overall
            next_number[base] += 1
            slug = f"{base}-{next_number[base] + 1}"
        used.add(slug)
        out[name] = slug
    return out


@dataclass(frozen=True)
class ClaimantSummary:
    """What a claimant page and the Claimants index show about one claimant."""

    name: str
    slug: str
    kind: str  # "person" or "organization" (as most of their claims say)
    roles: tuple[str, ...]  # every role their claims give, first seen first
    claims: int
    counts: tuple[tuple[str, int], ...]  # (status, claims), scale order, without zeros

    @property
    def heading(self) -> str:
        return f"Claims by {self.name}"


def summarise(name: str, slug: str, claims: list[Claim], scale: Scale) -> ClaimantSummary:
    """One claimant's summary from their claims."""
    kinds = Counter(c.claimant.type for c in claims)
    roles = dict.fromkeys(c.claimant.role for c in claims if c.claimant.role)
    statuses = Counter(c.status for c in claims)
    return ClaimantSummary(
        name=name,
        slug=slug,
        kind=kinds.most_common(1)[0][0] if kinds else "person",
        roles=tuple(r for r in roles if r),
        claims=len(claims),
        counts=tuple((r.id, statuses[r.id]) for r in scale.ratings if statuses[r.id]),
    )
