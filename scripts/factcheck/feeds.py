"""Open data and feeds: the Atom feed, claims.csv and claims.json, from claims.

Pure functions from claims (and their page URLs) to file contents. The Atom
feed is rendered from a template with autoescaping; CSV comes from the csv
module and JSON from json.dumps: nothing is assembled by hand.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import jinja2

from .jsonld import Publisher, data_feed, explanation, verdict_line
from .model import Claim, HistoryEntry, Scale
from .text import for_csv, for_xml

ATOM_FILE, JSON_FILE, CSV_FILE = "feed.atom", "claims.json", "claims.csv"

CSV_COLUMNS = (
    "id",
    "url",
    "title",
    "claim",
    "claimant",
    "claimant_type",
    "date",
    "status",
    "status_label",
    "rating_value",
    "verdict",
    "summary",
    "reviewed",
    "updated",
    "tags",
    "source_publisher",
    "source_url",
    "source_date",
    "counter_statements",
)

UrlOf = Callable[[Claim], str]


@dataclass(frozen=True)
class Site:
    """What feeds need to know about the site."""

    name: str
    url: str
    publisher: Publisher


def timestamp(day: dt.date) -> str:
    """A day as an RFC 3339 timestamp (Atom), at midnight UTC."""
    return f"{day.isoformat()}T00:00:00Z"


def latest(claims: list[Claim]) -> dt.date | None:
    return max((c.last_changed for c in claims), default=None)


def atom(
    env: jinja2.Environment, claims: list[Claim], scale: Scale, site: Site, url_of: UrlOf
) -> str:
    """The Atom feed: one entry per claim, newest review or update first."""
    ordered = sorted(claims, key=lambda c: (c.last_changed, c.id), reverse=True)
    entries = [_entry(c, scale, url_of(c)) for c in ordered]
    updated = latest(claims) or dt.date(1970, 1, 1)
    template = env.get_template("factcheck/feed.atom.html")
    # Escaping is the template's; characters XML forbids even escaped go here,
    # so no value can make the feed ill-formed for every reader.
    return for_xml(template.render(site=site, entries=entries, updated=timestamp(updated)))


def _entry(claim: Claim, scale: Scale, url: str) -> dict[str, Any]:
    label = scale[claim.status].label
    change = _last_change(claim)
    prefix = f"Updated, now {label}" if claim.updated else label
    return {
        "id": url,
        "url": url,
        "title": f"[{prefix}] {claim.title}",
        "published": timestamp(claim.reviewed),
        "updated": timestamp(claim.last_changed),
        "summary": claim.summary or explanation(claim.verdict, sentences=3),
        "change": change.reason if change else None,
        "tags": claim.tags,
        "claimant": claim.claimant.name,
    }


def _last_change(claim: Claim) -> HistoryEntry | None:
    return max(claim.history, key=lambda h: h.date, default=None)


def claims_csv(claims: list[Claim], scale: Scale, url_of: UrlOf) -> str:
    """One row per claim, for researchers; counter-statements joined with ' | '.

    A text cell that a spreadsheet would run as a formula (it starts with =, +,
    -, @, tab or carriage return) starts with a single quote instead (OWASP).
    """
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for claim in claims:
        row = _row(claim, scale, url_of(claim))
        writer.writerow({k: for_csv(v) if isinstance(v, str) else v for k, v in row.items()})
    return out.getvalue()


def _row(claim: Claim, scale: Scale, url: str) -> dict[str, str | int]:
    rating = scale[claim.status]
    return {
        "id": claim.id,
        "url": url,
        "title": claim.title,
        "claim": claim.claim.strip(),
        "claimant": claim.claimant.name,
        "claimant_type": claim.claimant.type,
        "date": claim.date.iso(),
        "status": claim.status,
        "status_label": rating.label,
        "rating_value": rating.rank,
        "verdict": claim.verdict.strip(),
        "summary": verdict_line(claim),
        "reviewed": claim.reviewed.isoformat(),
        "updated": claim.updated.isoformat() if claim.updated else "",
        "tags": ";".join(claim.tags),
        "source_publisher": claim.source.publisher,
        "source_url": claim.source.url or "",
        "source_date": claim.source.date.iso() if claim.source.date else "",
        "counter_statements": " | ".join(
            f"{c.by.name}: {c.text}" for c in claim.counter_statements
        ),
    }


def claims_json(reviews: list[dict[str, Any]], claims: list[Claim], site: Site) -> str:
    """Every claim's ClaimReview (jsonld.claim_review) as a schema.org DataFeed."""
    modified = (latest(claims) or dt.date(1970, 1, 1)).isoformat()
    feed = data_feed(reviews, site.url + JSON_FILE, site.publisher, modified)
    return json.dumps(feed, ensure_ascii=False, separators=(",", ":")) + "\n"  # C encoder
