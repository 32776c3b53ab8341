"""Render page bodies from Jinja templates, with autoescaping always on.

Contributor text never passes through Markdown or string concatenation: it
goes into templates as data, and Jinja escapes it, so HTML, scripts, Markdown
and template syntax in a claim are shown as the literal text they are.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import jinja2
from markupsafe import Markup, escape

from .claimants import CLAIMANTS_INDEX_SRC, claimant_src
from .dates import human_day
from .jsonld import verdict_line
from .model import Claim, Scale
from .pages import SiteIndex, claim_src, status_src, tag_src
from .share import share_links

TEMPLATE_DIR = "factcheck"
_BLANK_LINES = re.compile(r"\n[ \t]*\n")

Linker = Callable[[str], str]


def make_env(base: jinja2.Environment) -> jinja2.Environment:
    """An autoescaping overlay of the theme's environment (same loader, icons)."""
    env = base.overlay(autoescape=True)
    env.filters["paragraphs"] = paragraphs
    env.filters["human_day"] = human_day
    env.globals.update(
        claim_src=claim_src,
        status_src=status_src,
        tag_src=tag_src,
        claimant_src=claimant_src,
        claimants_src=CLAIMANTS_INDEX_SRC,
    )
    return env


def paragraphs(text: str) -> Markup:
    """Plain text to escaped <p> paragraphs, split on blank lines."""
    parts = [p.strip() for p in _BLANK_LINES.split(text.strip()) if p.strip()]
    return Markup("").join(Markup("<p>{}</p>").format(p) for p in parts)


def render(env: jinja2.Environment, name: str, **context: Any) -> str:
    template = env.get_template(f"{TEMPLATE_DIR}/{name}")
    # Stripped: text before a page's first heading opens an empty search section.
    return template.render(**context).strip()


def badges(env: jinja2.Environment, scale: Scale) -> dict[str, str]:
    """Each rating's badge as the pages show it (label, icon, colour), by rating id."""
    template = env.from_string(
        f'{{% from "{TEMPLATE_DIR}/macros.html" import badge %}}{{{{ badge(rating) }}}}'
    )
    return {r.id: template.render(rating=r).strip() for r in scale.ratings}


def claim_body(
    env: jinja2.Environment,
    claim: Claim,
    index: SiteIndex,
    link: Linker,
    edit_url: str | None,
    review: dict[str, Any],
    reviewer: str,
) -> str:
    return render(
        env,
        "claim.html",
        claim=claim,
        scale=index.scale,
        related=index.related(claim),
        link=link,
        edit_url=edit_url,
        review=review,
        reviewer=reviewer,
        claimant_slug=index.claimant_of(claim),
        verdict=verdict_line(claim),
        share_url=review["url"],
        share_links=share_links(claim.title, review["url"]),
    )


def shorten(text: str, limit: int) -> str:
    """Whitespace folded; cut at a word boundary with an ellipsis past limit."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0] + "…"


def description(claim: Claim, scale: Scale) -> str:
    """The page description: the claim, its rating and the verdict in one sentence."""
    verdict = shorten(verdict_line(claim), 150)
    return f"{shorten(claim.claim, 140)} Rated {scale[claim.status].label}: {verdict}"


_HEADING = re.compile(r'<h([23]) id="([^"]+)"[^>]*>(.*?)</h\1>', re.S)


def toc_tokens(html: str) -> list[dict[str, Any]]:
    """The h2/h3 sections of a rendered body, as MkDocs' toc tokens (h3 under its h2)."""
    tokens: list[dict[str, Any]] = []
    for level, anchor, name in _HEADING.findall(html):
        token = {"level": int(level), "id": anchor, "name": name, "children": []}
        if token["level"] == 3 and tokens:
            tokens[-1]["children"].append(token)
        else:
            tokens.append(token)
    return tokens


def title_for_theme(text: str) -> str:
    """Material prints page titles unescaped: hand it text escaped exactly once."""
    return str(escape(text))
