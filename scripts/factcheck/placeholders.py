"""What a site still has to fill in before it is published.

`factcheck init` writes a site that builds at once, with placeholders where
only the newsroom can answer: its address (`site_url`), its repository
(`repo_url`), the `[[FILL IN: ...]]` markers of its transparency pages, and an
example claim. `find` lists them (a pure function); `report` logs them on every
build.

Strict mode fails on every WARNING, and a new site must build strictly from its
first commit (its pull-request check and its deploy do). So the same notices
are WARNINGs in a plain `mkdocs build` or `mkdocs serve`, and one level lower,
NOTICE (between INFO and WARNING, which strict mode does not count), under
`--strict`.
"""

from __future__ import annotations

import logging
import os
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files

    from .model import Claim

MARKER = "[[FILL IN"
"""Starts a placeholder in a hand-written page: `[[FILL IN: what to write here]]`."""

SHOWN = 72
"""A marker's text is shown up to this many characters: enough to tell which it is."""

EXAMPLE_TITLE = "Example:"
"""A claim whose title starts with this is an example, not a fact-check."""

# Names reserved for examples and tests (RFC 2606, RFC 6761): no real site lives there.
_RESERVED_DOMAINS = ("example.com", "example.net", "example.org")
_RESERVED_TLDS = ("example", "test", "invalid", "localhost")

NOTICE = 25
"""Between INFO and WARNING: shown by every build, not counted by --strict."""
logging.addLevelName(NOTICE, "NOTICE")


@dataclass(frozen=True)
class Placeholder:
    """One thing still to fill in: where it is, and what to do."""

    where: str
    what: str

    def __str__(self) -> str:
        return f"{self.where}: {self.what}"


def find(
    *,
    site_url: str | None,
    repo_url: str | None,
    pages: Iterable[tuple[str, str]] = (),
    claims: Iterable[tuple[str, str]] = (),
) -> list[Placeholder]:
    """Every placeholder: the settings, each marker in pages (path, Markdown), and
    each example claim among claims (path, title)."""
    found = settings(site_url, repo_url)
    for path, text in pages:
        found += in_text(path, text)
    found += examples(claims)
    return found


def settings(site_url: str | None, repo_url: str | None) -> list[Placeholder]:
    found = []
    if site_url and is_reserved(site_url):
        found.append(
            Placeholder(
                "site_url",
                f"{site_url} is a reserved example address: set it in mkdocs.yml to the "
                "address the site is published at (canonical addresses, ClaimReview and "
                "feeds are made from it)",
            )
        )
    if not repo_url:
        found.append(
            Placeholder(
                "repo_url",
                "not set: set it in mkdocs.yml to the site's public repository "
                "(readers see where every change is made, and each claim's edit link)",
            )
        )
    elif is_reserved(repo_url):
        found.append(
            Placeholder(
                "repo_url",
                f"{repo_url} is a reserved example address: set it in mkdocs.yml to the "
                "site's public repository",
            )
        )
    return found


def in_text(path: str, text: str) -> list[Placeholder]:
    """Each `[[FILL IN: ...]]` marker in a page, as path:line and what it asks for."""
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        start = line.find(MARKER)
        while start != -1:
            end = line.find("]]", start)
            inside = line[start + len(MARKER) : end if end != -1 else len(line)]
            asked = _shorten(inside.removeprefix(":")) or "..."
            found.append(Placeholder(f"{path}:{number}", f"[[FILL IN: {asked}]]"))
            start = line.find(MARKER, end) if end != -1 else -1
    return found


def _shorten(text: str) -> str:
    return textwrap.shorten(text, SHOWN, placeholder=" ...", break_on_hyphens=False)


def examples(claims: Iterable[tuple[str, str]]) -> list[Placeholder]:
    return [
        Placeholder(path, f"an example claim ({title!r}): delete it before publishing")
        for path, title in claims
        if title.startswith(EXAMPLE_TITLE)
    ]


def is_reserved(url: str) -> bool:
    """Whether url's host is a name reserved for examples (example.org, *.test, ...)."""
    host = (urlsplit(url).hostname or "").rstrip(".").lower()
    if not host:
        return True
    if any(host == d or host.endswith("." + d) for d in _RESERVED_DOMAINS):
        return True
    return host.rsplit(".", 1)[-1] in _RESERVED_TLDS


def report(found: list[Placeholder], log: logging.Logger, *, strict: bool) -> None:
    """Log each placeholder, then a count: WARNING, or NOTICE under --strict."""
    if not found:
        return
    level = NOTICE if strict else logging.WARNING
    for placeholder in found:
        log.log(level, "factcheck: to fill in: %s", placeholder)
    log.log(
        level,
        "factcheck: %d placeholder(s) to fill in before the site is published%s",
        len(found),
        " (notices: strict mode does not fail on them)" if strict else "",
    )


# --- the MkDocs side: gather what find() reads ---------------------------------


def check_site(
    config: MkDocsConfig, files: Files, claims: Iterable[Claim], log: logging.Logger
) -> None:
    """Find and report the placeholders of a site being built."""
    root = os.path.dirname(os.path.abspath(config.config_file_path or "mkdocs.yml"))
    pages = [
        (_relative(f.abs_src_path, root), f.content_string)
        for f in files.documentation_pages()
        if f.generated_by is None and f.abs_src_path
    ]
    found = find(
        site_url=config.site_url,
        repo_url=config.repo_url,
        pages=pages,
        claims=((str(c.path), c.title) for c in claims),
    )
    report(found, log, strict=bool(config.strict))


def _relative(path: str, root: str) -> str:
    return os.path.relpath(path, root).replace(os.sep, "/")
