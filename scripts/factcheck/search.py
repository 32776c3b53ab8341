"""Pagefind search: an index in chunks, for archives too large for Material's own.

Material's search worker builds a Lunr index of the whole site in the reader's
browser, which takes seconds at thousands of claims. With `search: pagefind`
the build runs Pagefind (the `pagefind_bin` wheel, a compiled indexer) over the
built pages, and a small worker of ours answers Material's search box from
that index: a query downloads only the chunks it needs.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from importlib import resources
from pathlib import Path

ENGINES = ("material", "pagefind")
WORKER_URI = "assets/factcheck/search-worker.js"
COUNT_URI = "assets/factcheck/search-count.js"
BUNDLE_DIR = "pagefind"
# What Pagefind reads of each page: the article, without heading anchors or
# the parts the templates mark as not worth searching (the same as Material's).
ROOT_SELECTOR = "article.md-content__inner"
EXCLUDE_SELECTORS = (".headerlink", "[data-search-exclude]")
# Material's worker, as its base template names it (the name carries a hash).
MATERIAL_WORKER = re.compile(r"assets/javascripts/workers/search\.[0-9a-f]+\.min\.js")


class SearchIndexError(RuntimeError):
    """Pagefind could not index the site."""


def asset(name: str) -> str:
    """One of the scripts shipped in factcheck/assets."""
    return resources.files("factcheck").joinpath("assets", name).read_text(encoding="utf-8")


def use_our_worker(config_html: str, worker_url: str) -> str:
    """Point Material's `__config` at our worker instead of its Lunr worker."""
    swapped, count = MATERIAL_WORKER.subn(worker_url, config_html)
    if count != 1:
        raise SearchIndexError(
            "factcheck: could not find Material's search worker in its config block; "
            "this version of Material may not work with `search: pagefind`"
        )
    return swapped


def pagefind_command(site_dir: Path, language: str) -> list[str]:
    from pagefind_bin import get_executable

    command = [str(get_executable()), "--site", str(site_dir), "--output-subdir", BUNDLE_DIR]
    command += ["--root-selector", ROOT_SELECTOR, "--force-language", language, "--quiet"]
    for selector in EXCLUDE_SELECTORS:
        command += ["--exclude-selectors", selector]
    return command


def build_index(site_dir: Path, language: str) -> None:
    """Index the built site into site_dir/pagefind; raise SearchIndexError on failure."""
    try:
        command = pagefind_command(site_dir, language)
    except (ImportError, FileNotFoundError) as err:
        raise SearchIndexError(
            "factcheck: `search: pagefind` needs the pagefind_bin package "
            f"(pip install pagefind_bin): {err}"
        ) from None
    shutil.rmtree(site_dir / BUNDLE_DIR, ignore_errors=True)  # no chunks of an older index
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        output = (done.stderr or done.stdout).strip()
        raise SearchIndexError(f"factcheck: Pagefind failed (exit {done.returncode}): {output}")
