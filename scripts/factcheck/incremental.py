"""What a claim edit changes: the pages `mkdocs serve --dirty` must rebuild.

MkDocs' dirty rebuild only renders pages whose source file is newer than
their output. A claim page's source is its YAML file, so an edited claim is
rebuilt by MkDocs itself; this module finds the other pages that show it
(claim pages listing it among their related claims) and the claims removed
since the last build. Listings are regenerated on every build anyway.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .pages import SiteIndex


@dataclass(frozen=True)
class Stale:
    """Claims whose pages must be rebuilt, and claims whose pages must go."""

    rebuild: set[str] = field(default_factory=set)
    removed: set[str] = field(default_factory=set)

    @property
    def any(self) -> bool:
        return bool(self.rebuild or self.removed)


def _claimant_moved(previous: SiteIndex, current: SiteIndex) -> set[str]:
    """Claims whose claimant page has a new address (a new name took its slug)."""
    moved = [
        name
        for name, slug in current.claimant_slug.items()
        if previous.claimant_slug.get(name, slug) != slug
    ]
    return {c.id for name in moved for c in current.by_claimant[name]}


def stale(previous: SiteIndex, current: SiteIndex) -> Stale:
    """Pages out of date after going from the previous claims to the current ones.

    A claim counts as changed when its loaded object is new: the loader's cache
    hands back the same object for a file that did not change.
    """
    changed = {cid for cid, c in current.by_id.items() if previous.by_id.get(cid) is not c}
    removed = set(previous.by_id) - set(current.by_id)
    touched = changed | removed
    if not touched:
        return Stale()
    rebuild = set(changed) | _claimant_moved(previous, current)
    tags = {
        t
        for index in (previous, current)
        for cid in touched
        for t in (index.by_id[cid].tags if cid in index.by_id else ())
    }
    candidates = {c.id: c for t in tags for c in current.by_tag.get(t, [])}
    for claim in candidates.values():  # only a claim sharing a tag can list it as related
        if claim.id in rebuild:
            continue
        shown = {c.id for c in current.related(claim)}
        old = previous.by_id.get(claim.id)
        if old is not None:
            shown |= {c.id for c in previous.related(old)}
        if shown & touched:
            rebuild.add(claim.id)
    return Stale(rebuild, removed)
