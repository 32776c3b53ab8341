"""The archive filter's data: every claim in a few numbers, for the filter forms.

The build writes `archive.json`; the filter form of the home page and of each
listing (filter.js) downloads it and narrows the claims by rating, tag,
claimant and year, and sorts them by newest review or newest claim, all in the
reader's browser. On a rating's, tag's or claimant's listing, that field is
fixed and the form narrows that listing's claims.
Without JavaScript the form stays hidden and the paginated lists work as
before. No page grows with the archive: the form's options come from this
file too.

The search workers read it too (search-badges.js): it gives each claim page's
rating, so a search result shows the rating's badge.

The file is columnar and small: names and tags are listed once and claims
refer to them by position. Plain data; no MkDocs here.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from .model import Claim
from .pages import SiteIndex

FILTER_FILE = "archive.json"
SCRIPT_URI = "assets/factcheck/filter.js"
VERSION = 2

# One rating: [id, label, colour, badge HTML as the pages show it].
# One claim's row: [url, title, rating, claimant, [tags], year, reviewed, claimed].
# rating, claimant and tags are positions in the lists of the same name; year is
# the year the claim was made; reviewed and claimed are days as YYYYMMDD numbers.
COLUMNS = ("url", "title", "rating", "claimant", "tags", "year", "reviewed", "claimed")


# A listing's kind (pages.Listing.kind) to the filter field it fixes.
FIXED_FIELD = {"status": "rating", "tag": "tag", "claimant": "claimant"}


def fixed_filter(kind: str, key: str) -> tuple[str, str] | None:
    """On a rating's, tag's or claimant's listing, the filter field it fixes and its value
    (as archive.json names it: rating id, tag, claimant slug); None for all claims."""
    field = FIXED_FIELD.get(kind)
    return (field, key) if field else None


def archive_data(
    index: SiteIndex, url_of: Callable[[Claim], str], badges: Mapping[str, str]
) -> dict[str, Any]:
    """Every claim, newest review first, with the lists the filter offers;
    badges is each rating's badge HTML by rating id (render.badges)."""
    ratings = [r.id for r in index.scale.ratings]
    rating_at = {rid: i for i, rid in enumerate(ratings)}
    tag_at = {tag: i for i, tag in enumerate(index.by_tag)}
    names = list(index.by_claimant)
    name_at = {name: i for i, name in enumerate(names)}
    return {
        "version": VERSION,
        "columns": COLUMNS,
        "ratings": [[r.id, r.label, r.color, badges[r.id]] for r in index.scale.ratings],
        "tags": list(index.by_tag),
        "claimants": [[name, index.claimant_slug[name]] for name in names],
        "claims": [
            [
                url_of(c),
                c.title,
                rating_at[c.status],
                name_at[c.claimant.name],
                [tag_at[t] for t in c.tags],
                c.date.latest.year,
                _day_number(c.last_changed.year, c.last_changed.month, c.last_changed.day),
                _day_number(*c.date.sort_key()),
            ]
            for c in index.claims
        ],
    }


def archive_json(
    index: SiteIndex, url_of: Callable[[Claim], str], badges: Mapping[str, str]
) -> str:
    """archive.json's text: compact, and plain ASCII so no consumer trips on encoding."""
    return json.dumps(archive_data(index, url_of, badges), separators=(",", ":")) + "\n"


def _day_number(year: int, month: int, day: int) -> int:
    """2026-02-01 -> 20260201: sorts as the day does, and reads as it."""
    return year * 10000 + month * 100 + day
