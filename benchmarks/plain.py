"""The floor: the same pages as hand-written Markdown, built without our plugin.

From a synthetic site this writes a second site with the same theme, the same
Markdown extensions, the search plugin and the same `nav`, but no factcheck
plugin: every page our plugin generates is a Markdown file in docs/ instead
(claims/<id>.md, ratings/<status>.md, tags/<tag>.md, tags/index.md), with the
same text, and the home, ratings and corrections pages carry their lists as
Markdown where our markers are. Claim and listing pages stay out of the nav,
as ours do. What the plain site lacks is what only the plugin does: loading
and validating YAML, ClaimReview JSON-LD, the data feeds, badges with icons.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from factcheck import feeds, pages
from factcheck.dates import human_day
from factcheck.load import load_claims, load_scale
from factcheck.model import Claim, Source
from factcheck.plugin import CLAIMS_MARKER, CORRECTIONS_MARKER, SCALE_MARKER

from .mkdocs_site import factcheck_options, read_config
from .synth import SyntheticSite, copy_inputs

# Not in the nav, as the plugin's generated pages (gitignore-style patterns).
NOT_IN_NAV = "/claims/\n/ratings/\n/tags/\n/page/\n/claimants/\n"

# The data files the plugin writes (feeds.py); the docs link to them.
DATA_FILES = (feeds.ATOM_FILE, feeds.JSON_FILE, feeds.CSV_FILE)

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def esc(text: str) -> str:
    """Claim text as literal Markdown text, on one line."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def paragraphs(text: str) -> list[str]:
    return [esc(p) for p in re.split(r"\n[ \t]*\n", text.strip()) if p.strip()]


def plain_config(config: dict[str, Any]) -> dict[str, Any]:
    """mkdocs.yml without the factcheck plugin; generated pages out of the nav."""
    out = dict(config)
    out["plugins"] = [
        p
        for p in config.get("plugins") or []
        if not (p == "factcheck" or (isinstance(p, dict) and "factcheck" in p))
    ]
    out["not_in_nav"] = NOT_IN_NAV
    return out


def source_md(s: Source) -> str:
    name = esc(s.title or s.publisher)
    text = f"[{name}]({s.url})" if s.url else name
    if s.title:
        text += f", {esc(s.publisher)}"
    if s.author:
        text += f", {esc(s.author.name)}"
    if s.date:
        text += f", {s.date.human()}"
    if not s.url:
        text += " (no public address known)"
    if s.note:
        text += f"<br>\n  {esc(s.note)}"
    return text


def claim_md(claim: Claim, index: pages.SiteIndex) -> str:
    """The claim page's content as Markdown, in the order our template shows it."""
    scale = index.scale
    rating = scale[claim.status]
    by = esc(claim.claimant.name)
    if claim.claimant.role:
        by += f", {esc(claim.claimant.role)}"
    out = [f"# {esc(claim.title)}", ""]
    out += [f"**[{esc(rating.label)}](../{pages.status_src(rating.id)})** {esc(rating.meaning)}"]
    out += [""] + [f"> {p}\n>" for p in paragraphs(claim.claim)]
    out += [f"> — {by}, {claim.date.human()}", ""]
    out += ["## Verdict", ""] + [f"{p}\n" for p in paragraphs(claim.verdict)]
    out += ["## Where it appeared", "", f"- **First:** {source_md(claim.source)}"]
    out += [f"- {source_md(s)}" for s in claim.appearances] + [""]
    out += ["## Denials and rebuttals", ""]
    for cs in claim.counter_statements:
        out += [f"> {p}\n>" for p in paragraphs(cs.text)]
        line = f"> — {esc(cs.by.name)}, {cs.date.human()}"
        if cs.url:
            line += f" · [statement]({cs.url})"
        if cs.source:
            line += f" · reported by {source_md(cs.source)}"
        out += [line, ""]
    if not claim.counter_statements:
        out += ["No denial or rebuttal on record.", ""]
    out += ["## Evidence", ""] + [f"- {source_md(s)}" for s in claim.evidence] + [""]
    out += ["## Dates", "", f"- Claim made: {claim.date.human()}"]
    out += [f"- Reviewed: {human_day(claim.reviewed)}"]
    if claim.updated:
        out += [f"- Updated: {human_day(claim.updated)}"]
    out += [""]
    if claim.history:
        out += [
            "### Rating history",
            "",
            "| Until | Rated | Why it changed |",
            "| --- | --- | --- |",
        ]
        out += [
            f"| {human_day(h.date)} | {esc(scale[h.status].label)} | {esc(h.reason)} |"
            for h in claim.history
        ]
        out += [""]
    out += ["## Tags", ""]
    out += [" · ".join(f"[{tag}](../{pages.tag_src(tag)})" for tag in claim.tags), ""]
    related = index.related(claim)
    if related:
        out += ["## Related claims", ""]
        out += [f"- {esc(scale[r.status].label)}: [{esc(r.title)}]({r.id}.md)" for r in related] + [
            ""
        ]
    return "\n".join(out)


def rel(target: str, page_src: str) -> str:
    """A link from the page at page_src to the page at target (both src paths)."""
    return posixpath.relpath(target, posixpath.dirname(page_src) or ".")


def claim_list_md(claims: list[Claim], index: pages.SiteIndex, page_src: str) -> str:
    """A listing as our claim_list macro shows it: rating, linked title, who, when."""
    if not claims:
        return "No claims yet.\n"
    scale = index.scale
    return "\n".join(
        f"1. **{esc(scale[c.status].label)}** [{esc(c.title)}]"
        f"({rel(pages.claim_src(c.id), page_src)})"
        f" {esc(c.claimant.name)} · {c.date.human()}"
        for c in claims
    )


@dataclass(frozen=True)
class Listing:
    """One page of a listing, as the plugin splits it (or the whole list, unpaginated)."""

    src: str  # where this page's Markdown goes (index.md for page 1 of all claims)
    heading: str
    rating: str | None
    claims: list[Claim]
    total: int
    number: int = 1
    pages: int = 1
    newer: str | None = None
    older: str | None = None


def listings(index: pages.SiteIndex, page_size: int | None) -> list[Listing]:
    """Every listing page the plugin makes, in the plugin's own page split."""
    out = []
    if hasattr(index, "listings") and page_size:  # paginated listings
        for item in index.listings(page_size):
            src_of = item.src_of
            newer = (src_of(item.number - 1) or "index.md") if item.number > 1 else None
            older = src_of(item.number + 1) if item.number < item.pages else None
            rating = item.key if item.kind == "status" else None
            out.append(
                Listing(
                    item.src or "index.md",
                    item.heading,
                    rating,
                    item.claims,
                    item.total,
                    item.number,
                    item.pages,
                    newer,
                    older,
                )
            )
        return out
    out.append(Listing("index.md", "All claims", None, index.claims, len(index.claims)))
    for r in index.scale.ratings:
        listed = index.by_status[r.id]
        out.append(Listing(pages.status_src(r.id), f"Rated {r.label}", r.id, listed, len(listed)))
    for tag, listed in index.by_tag.items():
        out.append(Listing(pages.tag_src(tag), f"Tag: {tag}", None, listed, len(listed)))
    return out


def listing_md(listing: Listing, index: pages.SiteIndex) -> str:
    """A listing page's Markdown (for the home page: what replaces the marker)."""
    src = listing.src
    home = src == "index.md"
    out = []
    if home:
        out += [counts_md(index, src), ""]
    else:
        heading = listing.heading
        if listing.number > 1:
            heading += f" (page {listing.number} of {listing.pages})"
        out += [f"# {esc(heading)}", ""]
        if listing.rating:
            rating = index.scale[listing.rating]
            out += [f"**{esc(rating.label)}** {esc(rating.meaning)}", ""]
        where = f", page {listing.number} of {listing.pages}" if listing.pages > 1 else ""
        out += [f"{listing.total} claims{where}.", ""]
    out += [claim_list_md(listing.claims, index, src), ""]
    if listing.pages > 1:
        pager = []
        if listing.newer:
            pager.append(f"[← Newer]({rel(listing.newer, src)})")
        pager.append(f"Page {listing.number} of {listing.pages}")
        if listing.older:
            pager.append(f"[Older →]({rel(listing.older, src)})")
        out += [" ".join(pager), ""]
    return "\n".join(out)


def counts_md(index: pages.SiteIndex, page_src: str) -> str:
    scale = index.scale
    return "\n".join(
        f"- [{esc(scale[s].label)}]({rel(pages.status_src(s), page_src)}) {n}"
        for s, n in index.status_counts()
    )


def scale_md(index: pages.SiteIndex) -> str:
    counts = dict(index.status_counts())
    rows = [
        f"| [{esc(r.label)}]({pages.status_src(r.id)}) | {esc(r.meaning)} | {counts[r.id]} |"
        for r in index.scale.ratings
    ]
    return "\n".join(["| Rating | Meaning | Claims |", "| --- | --- | --- |", *rows])


def corrections_md(index: pages.SiteIndex) -> str:
    changes = index.changes()
    if not changes:
        return "No rating has changed yet."
    scale = index.scale
    return "\n".join(
        f"- {ch.date.isoformat()}: [{esc(ch.claim.title)}]({pages.claim_src(ch.claim.id)}) "
        f"{esc(scale[ch.old].label)} → {esc(scale[ch.new].label)}. {esc(ch.reason)}"
        for ch in changes
    )


def replace_marker(path: Path, marker: str, markdown: str) -> None:
    if not path.exists():
        return
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(marker, "\n" + markdown + "\n"), encoding="utf-8")


def make_plain_site(synthetic: SyntheticSite, dest: Path) -> Path:
    """Write the plain-Markdown twin of a synthetic site at dest; return its root."""
    copy_inputs(dest, synthetic.root)
    config = read_config(dest / "mkdocs.yml")
    (dest / "mkdocs.yml").write_text(
        yaml.safe_dump(plain_config(config), sort_keys=False, allow_unicode=True),
        encoding="utf-8",
    )
    scale, problems = load_scale(synthetic.ratings)
    assert scale is not None, problems
    result = load_claims([synthetic.claims_dir], scale, synthetic.root)
    assert result.ok, "\n".join(map(str, result.problems[:20]))
    index = pages.SiteIndex.build(result.claims, scale)
    docs = dest / (config.get("docs_dir") or "docs")

    def write(src: str, text: str) -> None:
        path = docs / src
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    for claim in index.claims:
        write(pages.claim_src(claim.id), claim_md(claim, index))
    page_size = factcheck_options(config).get("page_size", getattr(pages, "PAGE_SIZE", None))
    for listing in listings(index, page_size):
        if listing.src == "index.md":
            replace_marker(docs / "index.md", CLAIMS_MARKER, listing_md(listing, index))
        else:
            write(listing.src, listing_md(listing, index))
    tag_lines = [f"- [{tag}]({tag}.md) {len(listed)}" for tag, listed in index.by_tag.items()]
    write(pages.TAGS_INDEX_SRC, "# Tags\n\n" + "\n".join(tag_lines) + "\n")
    if hasattr(index, "claimants"):  # the claimants index, in the plugin's pages
        for page in pages.paginate_claimants(index.claimants(), page_size or 10**9):
            up = "" if page.number == 1 else "../"  # from claimants/page/N.md
            who = [f"- [{esc(c.name)}]({up}{c.slug}.md) {c.claims}" for c in page.claimants]
            write(page.src, "# Claimants\n\n" + "\n".join(who) + "\n")
    replace_marker(docs / "ratings.md", SCALE_MARKER, scale_md(index))
    replace_marker(docs / "corrections.md", CORRECTIONS_MARKER, corrections_md(index))
    for name in DATA_FILES:  # linked from the docs; a static stand-in, copied as is
        write(name, f"{name}: made by the factcheck plugin; a stand-in in the plain site\n")
    return dest
