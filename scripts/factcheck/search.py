"""Search: the worker behind Material's search box, and the Pagefind index.

Material's search box asks a web worker. With the default engine that is
Material's own worker (a Lunr index of the whole site, built in the reader's
browser) wrapped by ours (search-lunr.js), which adds typo tolerance and the
rating badge of each claim in the results. Material's worker takes seconds at
thousands of claims; with `search: pagefind` the build runs Pagefind (the
`pagefind_bin` wheel, a compiled indexer) over the built pages, and our own
worker answers the search box from that index: a query downloads only the
chunks it needs. Both workers take the badges from search-badges.js.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from .pages import chunks

ENGINES = ("material", "pagefind")
WORKER_URI = "assets/factcheck/search-worker.js"  # `search: pagefind`
# `search: material`: beside Material's worker, whose language files it then finds.
LUNR_WORKER_URI = "assets/javascripts/workers/factcheck-search.js"
LUNR_WORKER_ASSET = "search-lunr.js"
BADGES_URI = "assets/factcheck/search-badges.js"
# Material's engine: a claim page's words count this many times more than the same
# words on other pages, so a search for a claim's words finds the claim first.
CLAIM_BOOST = 4
COUNT_URI = "assets/factcheck/search-count.js"
BUNDLE_DIR = "pagefind"
MANIFEST = "shards.json"  # in BUNDLE_DIR: the indexes the worker merges
SHARD_PAGES = 1500  # pages per index: bounds the indexer's memory (about 250 MB)
SHARD_WORK_DIR = ".factcheck-pagefind-work"  # in the site folder while indexing
POLL_S = 0.05  # how often the indexer's memory is read
# What Pagefind reads of each page: the article, without heading anchors or
# the parts the templates mark as not worth searching (the same as Material's).
ROOT_SELECTOR = "article.md-content__inner"
EXCLUDE_SELECTORS = (".headerlink", "[data-search-exclude]")
# Material's worker, as its base template names it (the name carries a hash).
MATERIAL_WORKER = re.compile(r"assets/javascripts/workers/search\.[0-9a-f]+\.min\.js")
MATERIAL_WORKER_PLACEHOLDER = "__MATERIAL_WORKER__"


class SearchIndexError(RuntimeError):
    """Pagefind could not index the site."""


def asset(name: str) -> str:
    """One of the scripts shipped in factcheck/assets."""
    return resources.files("factcheck").joinpath("assets", name).read_text(encoding="utf-8")


def worker_uri(engine: str) -> str:
    """Where the search box's worker is, for the engine chosen."""
    return WORKER_URI if engine == "pagefind" else LUNR_WORKER_URI


def material_worker(theme_dirs: list[str]) -> str:
    """The file name of Material's search worker (its name carries a hash)."""
    for theme_dir in theme_dirs:
        folder = Path(theme_dir) / "assets" / "javascripts" / "workers"
        found = sorted(p.name for p in folder.glob("search.*.min.js"))
        if found:
            return found[0]
    raise SearchIndexError(
        "factcheck: could not find Material's search worker "
        "(assets/javascripts/workers/search.*.min.js) in the theme"
    )


def lunr_worker(material_name: str) -> str:
    """Our wrapper of Material's worker, told the name of the file it wraps."""
    if not re.fullmatch(r"search\.[0-9a-f]+\.min\.js", material_name):
        raise SearchIndexError(f"factcheck: unexpected search worker name {material_name!r}")
    return asset(LUNR_WORKER_ASSET).replace(MATERIAL_WORKER_PLACEHOLDER, material_name)


def worker_files(engine: str, theme_dirs: list[str]) -> dict[str, str]:
    """The scripts the search box's worker needs, by their address in the site."""
    files = {BADGES_URI: asset(Path(BADGES_URI).name)}
    if engine == "pagefind":
        files[WORKER_URI] = asset(Path(WORKER_URI).name)
        files[COUNT_URI] = asset(Path(COUNT_URI).name)
    else:
        files[LUNR_WORKER_URI] = lunr_worker(material_worker(theme_dirs))
    return files


def use_our_worker(config_html: str, worker_url: str) -> str:
    """Point Material's `__config` at our worker instead of its Lunr worker."""
    swapped, count = MATERIAL_WORKER.subn(worker_url, config_html)
    if count != 1:
        raise SearchIndexError(
            "factcheck: could not find Material's search worker in its config block; "
            "this version of Material may not work with `search: pagefind`"
        )
    return swapped


def executable() -> str:
    """Pagefind's indexer, from the pagefind_bin wheel."""
    try:
        from pagefind_bin import get_executable

        return str(get_executable())
    except (ImportError, FileNotFoundError) as err:
        raise SearchIndexError(
            "factcheck: `search: pagefind` needs the pagefind_bin package "
            f"(pip install pagefind_bin): {err}"
        ) from None


def pagefind_command(site_dir: Path, output: Path, language: str) -> list[str]:
    command = [executable(), "--site", str(site_dir), "--output-path", str(output)]
    command += ["--root-selector", ROOT_SELECTOR, "--force-language", language, "--quiet"]
    for selector in EXCLUDE_SELECTORS:
        command += ["--exclude-selectors", selector]
    return command


def html_pages(site_dir: Path) -> list[Path]:
    """The built pages, in a stable order (not Pagefind's own bundle)."""
    return sorted(
        path
        for path in site_dir.rglob("*.html")
        if path.relative_to(site_dir).parts[0] not in (BUNDLE_DIR, SHARD_WORK_DIR)
    )


def shards(pages: list[Path], size: int = SHARD_PAGES) -> list[list[Path]]:
    """Pages in groups of `size`: one Pagefind index each."""
    return chunks(pages, size)


@dataclass
class Indexed:
    """What build_index did: the indexes it wrote, and the largest indexer run's peak
    resident memory in bytes (0 where the platform does not tell: it is read from
    Linux's /proc while the indexer runs)."""

    indexes: int
    peak_rss: int = 0


def build_index(site_dir: Path, language: str, shard_pages: int = SHARD_PAGES) -> Indexed:
    """Index the built site into site_dir/pagefind/<k>/, one index per group of pages,
    and list them in pagefind/shards.json for the worker.

    Pagefind's indexer holds the whole index in memory (about 160 MB per 1,000 claim
    pages), so it runs once per group, one after another: its peak stays bounded
    however large the archive grows. The worker merges the indexes in the browser.
    """
    bundle = site_dir / BUNDLE_DIR
    shutil.rmtree(bundle, ignore_errors=True)  # no chunks of an older index
    groups = shards(html_pages(site_dir), shard_pages)
    work = site_dir / SHARD_WORK_DIR
    done = Indexed(len(groups))
    try:
        for k, group in enumerate(groups):
            shutil.rmtree(work, ignore_errors=True)
            _link_pages(group, site_dir, work)
            peak = _run_pagefind(pagefind_command(work, bundle / str(k), language))
            done.peak_rss = max(done.peak_rss, peak)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    manifest = {"shards": [f"{k}/" for k in range(len(groups))]}
    (bundle / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    return done


def _link_pages(pages: list[Path], site_dir: Path, work: Path) -> None:
    """The group's pages at their own paths under work: hard links, or copies."""
    for page in pages:
        dest = work / page.relative_to(site_dir)
        dest.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(page, dest)
        except OSError:
            shutil.copyfile(page, dest)


def _run_pagefind(command: list[str]) -> int:
    """Run the indexer; its peak resident memory in bytes (0 if unknown)."""
    with tempfile.TemporaryFile("w+") as output:
        proc = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, text=True)
        peak = 0
        while proc.poll() is None:
            peak = max(peak, _peak_rss(proc.pid))
            time.sleep(POLL_S)
        if proc.returncode != 0:
            output.seek(0)
            text = output.read().strip()
            raise SearchIndexError(f"factcheck: Pagefind failed (exit {proc.returncode}): {text}")
    return peak


def _peak_rss(pid: int) -> int:
    """VmHWM of a running process (its peak since exec), in bytes; 0 if unknown."""
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="ascii")
    except OSError:
        return 0
    found = re.search(r"^VmHWM:\s+(\d+) kB", status, re.M)
    return int(found.group(1)) * 1024 if found else 0
