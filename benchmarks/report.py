"""The results: one Markdown table of figures per size, with targets; the machine.

`render` makes the Markdown; `update_page` puts it into docs/performance.md
between `<!-- bench:start -->` and `<!-- bench:end -->`; `as_json` keeps the
raw figures for tools and tests.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import json
import os
import platform
import statistics
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from . import adversarial
from .filter import FilterTimes
from .measure import Run, Serve, Sizes, Validation
from .profiling import Profile
from .search import SearchTimes

START, END = "<!-- bench:start -->", "<!-- bench:end -->"

# Targets (see docs/performance.md).
RATIO_MAX = 1.10  # build time ours / plain, at 1,000 and 10,000
RATIO_SIZES = (1000, 10000)
GROWTH_SLACK = 1.10  # 10x the claims may cost at most 11x the time
RSS_MAX = 1_000_000_000  # bytes, at 10,000
RSS_SIZE = 10000
FLAT_MAX = 1.10  # per-claim sizes: at any N / at the smallest N (they must not grow)
VALIDATION_MIN = 2000  # claims/s on one core
SERVE_MAX = 2.0  # seconds, at 1,000
SERVE_SIZE = 1000
SEARCH_MAX = 1.5  # seconds, at 10,000
SEARCH_SIZE = 10000
FILTER_MAX = 0.3  # seconds from a choice to its results, at 10,000
CARDS_WARM_MAX = 1.05  # a build with cached cards / a build without cards
FILTER_SIZE = 10000

# Every row of the table, in order: the test checks that each one is there.
ROWS = (
    "Build, ours (median)",
    "Build, plain Markdown (median)",
    "Build ratio ours / plain",
    "Build CPU time (user + system), ours / plain",
    "Build growth (ours)",
    "Peak RSS of the build, ours",
    "Peak RSS of the build, plain",
    "HTML per claim page, ours",
    "HTML per claim page, plain",
    "Search index per claim, ours",
    "Search index per claim, plain",
    "Largest HTML page, ours",
    "Validation, loader on one core",
    "Validation, `factcheck validate` wall time",
    "Edit → served, `make serve`",
    "Edit → served, `mkdocs serve` (full rebuild)",
    "Search ready after page load",
    "Search, last key → first result",
    "Home page load (browser)",
    "Build with `search: pagefind` (Pagefind indexer included)",
    "Peak RSS, `search: pagefind`: MkDocs + the indexer",
    "Pagefind index per claim",
    "Search ready after page load, `search: pagefind`",
    "Search, last key → first result, `search: pagefind`",
    "Edit → served, `make serve`, `search: pagefind` (the page)",
    "Build with an empty card cache (draws every preview card)",
    "Build with cached cards / without cards",
    "Preview card per claim",
    "Archive filter data per claim (gzip)",
    "Archive filter ready after page load",
    "Archive filter, choice → results (slowest)",
)


@dataclass
class SizeResult:
    n: int
    ours: list[Run] = field(default_factory=list)
    plain: list[Run] = field(default_factory=list)
    ours_sizes: Sizes | None = None
    plain_sizes: Sizes | None = None
    validation: Validation | None = None
    serve: Serve | None = None  # as `make serve` runs it
    serve_full: Serve | None = None  # plain `mkdocs serve`: a full rebuild per change
    search: SearchTimes | None = None
    # The same site with `search: pagefind`, built once at the search sizes.
    pagefind_build: Run | None = None
    pagefind_index: int = 0  # bytes of the index and result fragments it wrote
    pagefind_indexes: int = 0  # how many indexes (one per group of pages)
    pagefind_seconds: float = 0.0  # the indexer runs, as the build log says
    pagefind_indexer_rss: int = 0  # bytes: the largest indexer process
    pagefind_search: SearchTimes | None = None
    pagefind_serve: Serve | None = None  # `make serve` of that site
    filter: FilterTimes | None = None  # the home page's archive filter
    cards_cold: Run | None = None  # a build that draws every preview card
    cards_drawn: int = 0
    no_cards: list[Run] = field(default_factory=list)  # builds with `cards: false`

    @property
    def no_cards_median(self) -> float:
        return statistics.median(r.seconds for r in self.no_cards)

    words_mean: float = 0.0
    tags_used: int = 0
    top_tag_share: float = 0.0

    @property
    def ours_median(self) -> float:
        return statistics.median(r.seconds for r in self.ours)

    @property
    def plain_median(self) -> float:
        return statistics.median(r.seconds for r in self.plain)

    @property
    def ratio(self) -> float:
        return self.ours_median / self.plain_median

    @property
    def cpu_ratio(self) -> float | None:
        plain = statistics.median(r.cpu_seconds for r in self.plain)
        return statistics.median(r.cpu_seconds for r in self.ours) / plain if plain else None

    @property
    def ours_rss(self) -> int:
        return max(r.max_rss for r in self.ours)

    @property
    def plain_rss(self) -> int:
        return max(r.max_rss for r in self.plain)


@dataclass
class Results:
    sizes: list[SizeResult]
    machine: dict[str, str]
    command: str
    rss_method: str
    profile_size: int | None = None
    profile_ours: Profile | None = None
    profile_plain: Profile | None = None
    notes: list[str] = field(default_factory=list)
    adversarial: dict[str, float] = field(default_factory=dict)  # file -> seconds to validate

    def size(self, n: int) -> SizeResult | None:
        return next((s for s in self.sizes if s.n == n), None)


# --- the machine -------------------------------------------------------------------


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _ram() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024**2:.1f} GiB"
    except OSError:
        pass
    return "unknown"


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


def machine(browser: str = "") -> dict[str, str]:
    cores = os.cpu_count() or 0
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else cores
    info = {
        "CPU": _cpu_model(),
        "Cores": f"{cores} ({usable} usable by this process)",
        "RAM": _ram(),
        "OS": f"{platform.system()} {platform.release()}",
        "Python": platform.python_version(),
        "MkDocs": _version("mkdocs"),
        "Material for MkDocs": _version("mkdocs-material"),
        "Date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }
    if browser:
        info["Browser"] = browser
    return info


# --- formatting ------------------------------------------------------------------------


def secs(value: float) -> str:
    if value < 0.1:
        return f"{value * 1000:.0f} ms"
    return f"{value:.2f} s" if value < 10 else f"{value:.1f} s"


def size_text(value: float) -> str:
    if value >= 1e6:
        return f"{value / 1e6:.1f} MB"
    return f"{value / 1e3:.1f} kB"


def count(n: int) -> str:
    return f"{n:,}"


MET, NOT_MET, UNMEASURED = "met", "**not met**", "not measured"


def verdict(ok: bool | None) -> str:
    return UNMEASURED if ok is None else (MET if ok else NOT_MET)


def _cells(results: Results, value: Callable[[SizeResult], str | None]) -> list[str]:
    return [(value(s) or "—") for s in results.sizes]


def not_growing(values: list[float]) -> bool:
    """Per-claim figures by increasing N: none above FLAT_MAX times the first.

    Falling is fine: the pages every site has (about, methodology, ...) are
    shared by more claims as N grows.
    """
    return all(v <= FLAT_MAX * values[0] for v in values[1:]) if values else True


def _all(checks: list[bool]) -> bool | None:
    return all(checks) if checks else None


def rows(results: Results) -> list[list[str]]:
    """The table: measure, one cell per size, target, met / not met."""
    sizes = results.sizes
    out: list[list[str]] = []

    def row(name: str, value: Callable[[SizeResult], str | None], target: str, ok: Any) -> None:
        assert name in ROWS, name
        out.append([name, *_cells(results, value), target, ok])

    def runs(rs: list[Run]) -> str:
        return f" ({len(rs)} runs)" if rs else ""

    row(
        "Build, ours (median)",
        lambda s: secs(s.ours_median) + runs(s.ours) if s.ours else None,
        "",
        "",
    )
    row(
        "Build, plain Markdown (median)",
        lambda s: secs(s.plain_median) + runs(s.plain) if s.plain else None,
        "",
        "",
    )
    in_ratio = [s for s in sizes if s.n in RATIO_SIZES and s.ours and s.plain]
    row(
        "Build ratio ours / plain",
        lambda s: f"{s.ratio:.2f}" if s.ours and s.plain else None,
        f"≤ {RATIO_MAX:.2f} at 1,000 and 10,000",
        verdict(_all([s.ratio <= RATIO_MAX for s in in_ratio])),
    )
    row(
        "Build CPU time (user + system), ours / plain",
        lambda s: (
            f"{statistics.median(r.cpu_seconds for r in s.ours):.1f} s / "
            f"{statistics.median(r.cpu_seconds for r in s.plain):.1f} s = {s.cpu_ratio:.2f}"
            if s.ours and s.plain and s.cpu_ratio
            else None
        ),
        "",
        "",
    )
    growth: dict[int, tuple[float, float]] = {}  # n -> (time growth, claim growth)
    built = [s for s in sizes if s.ours]
    for prev, cur in itertools.pairwise(built):
        growth[cur.n] = (cur.ours_median / prev.ours_median, cur.n / prev.n)
    big = growth.get(10000) if results.size(1000) else None
    row(
        "Build growth (ours)",
        lambda s: (
            f"{growth[s.n][0]:.1f} × for {growth[s.n][1]:g} × the claims" if s.n in growth else None
        ),
        "10,000 ≤ 11 × the 1,000-claim build",
        verdict(None if big is None else big[0] <= GROWTH_SLACK * big[1]),
    )
    at_rss = results.size(RSS_SIZE)
    row(
        "Peak RSS of the build, ours",
        lambda s: size_text(s.ours_rss) if s.ours else None,
        "≤ 1 GB at 10,000",
        verdict(None if not (at_rss and at_rss.ours) else at_rss.ours_rss <= RSS_MAX),
    )
    row(
        "Peak RSS of the build, plain",
        lambda s: size_text(s.plain_rss) if s.plain else None,
        "",
        "",
    )
    html = [
        s.ours_sizes.claim_html_mean for s in sizes if s.ours_sizes and s.ours_sizes.claim_pages
    ]
    row(
        "HTML per claim page, ours",
        lambda s: size_text(s.ours_sizes.claim_html_mean) if s.ours_sizes else None,
        f"flat: does not grow with N (≤ {FLAT_MAX:.2f} × its value at the smallest N)",
        verdict(None if len(html) < 2 else not_growing(html)),
    )
    row(
        "HTML per claim page, plain",
        lambda s: size_text(s.plain_sizes.claim_html_mean) if s.plain_sizes else None,
        "",
        "",
    )

    def index_per_claim(sz: Sizes | None, n: int) -> str | None:
        if not sz or not sz.search_index:
            return None
        return f"{size_text(sz.search_index / n)} (gzip {size_text(sz.search_index_gzip / n)})"

    ours_idx = [
        (s.ours_sizes.search_index / s.n, s.plain_sizes.search_index / s.n)
        for s in sizes
        if s.ours_sizes and s.plain_sizes and s.ours_sizes.search_index
    ]
    flat = not_growing([o for o, _ in ours_idx])
    small = [o <= FLAT_MAX * p for o, p in ours_idx]
    row(
        "Search index per claim, ours",
        lambda s: index_per_claim(s.ours_sizes, s.n),
        f"small: ≤ {FLAT_MAX:.2f} × plain's, and does not grow with N",
        verdict((_all(small) and flat) if small else None),
    )
    row(
        "Search index per claim, plain",
        lambda s: index_per_claim(s.plain_sizes, s.n),
        "",
        "",
    )
    row(
        "Largest HTML page, ours",
        lambda s: (
            f"{size_text(s.ours_sizes.largest_page[0])} ({s.ours_sizes.largest_page[1]})"
            if s.ours_sizes
            else None
        ),
        "",
        "",
    )
    rates = [s.validation.rate for s in sizes if s.validation]
    row(
        "Validation, loader on one core",
        lambda s: f"{s.validation.rate:,.0f} claims/s" if s.validation else None,
        f"≥ {VALIDATION_MIN:,} claims/s",
        verdict(_all([r >= VALIDATION_MIN for r in rates])),
    )
    row(
        "Validation, `factcheck validate` wall time",
        lambda s: secs(s.validation.cli_median) if s.validation else None,
        "",
        "",
    )
    served = results.size(SERVE_SIZE)

    def serve_cell(timed: Serve | None) -> str | None:
        if not timed:
            return None
        flags = f"`{' '.join(timed.flags)}` " if timed.flags else ""
        return f"{flags}{secs(timed.median)} (median of {len(timed.edits)})"

    row(
        "Edit → served, `make serve`",
        lambda s: serve_cell(s.serve),
        "≤ 2 s at 1,000",
        verdict(None if not (served and served.serve) else served.serve.median <= SERVE_MAX),
    )
    row(
        "Edit → served, `mkdocs serve` (full rebuild)",
        lambda s: serve_cell(s.serve_full),
        "",
        "",
    )
    searched = results.size(SEARCH_SIZE)
    found = searched.search if searched else None
    row(
        "Search ready after page load",
        lambda s: (
            f"{secs(s.search.ready_median)} (median of {len(s.search.ready)})" if s.search else None
        ),
        "first result ≤ 1.5 s at 10,000",
        verdict(None if not found else found.ready_median <= SEARCH_MAX),
    )
    row(
        "Search, last key → first result",
        lambda s: (
            f"{secs(s.search.query_median)} (median of {len(s.search.query)}; the worker's own "
            f"time for the last query {secs(statistics.median(s.search.worker))})"
            if s.search
            else None
        ),
        "≤ 1.5 s at 10,000",
        verdict(None if not found else found.query_median <= SEARCH_MAX),
    )
    row(
        "Home page load (browser)",
        lambda s: secs(statistics.median(s.search.page_load)) if s.search else None,
        "",
        "",
    )
    pagefind_rows(results, row)
    card_rows(results, row)
    filter_rows(results, row)
    return out


def pagefind_peak(s: SizeResult) -> int:
    """MkDocs' peak plus the largest indexer's: the indexer runs at the end of the
    build, while MkDocs still holds every page, so the two add up."""
    return (s.pagefind_build.max_rss if s.pagefind_build else 0) + s.pagefind_indexer_rss


def pagefind_rows(results: Results, row: Callable[..., None]) -> None:
    """The same site with `search: pagefind`: its build and its search."""
    at_rss, searched = results.size(RSS_SIZE), results.size(SEARCH_SIZE)
    found = searched.pagefind_search if searched else None
    row(
        "Build with `search: pagefind` (Pagefind indexer included)",
        lambda s: (
            f"{secs(s.pagefind_build.seconds)} (1 run; the indexer: {s.pagefind_indexes} "
            f"indexes, {secs(s.pagefind_seconds)})"
            if s.pagefind_build
            else None
        ),
        "",
        "",
    )
    row(
        "Peak RSS, `search: pagefind`: MkDocs + the indexer",
        lambda s: (
            f"{size_text(s.pagefind_build.max_rss)} + {size_text(s.pagefind_indexer_rss)} = "
            f"{size_text(pagefind_peak(s))}"
            if s.pagefind_build
            else None
        ),
        "≤ 1 GB at 10,000",
        verdict(
            None if not (at_rss and at_rss.pagefind_build) else pagefind_peak(at_rss) <= RSS_MAX
        ),
    )
    row(
        "Pagefind index per claim",
        lambda s: size_text(s.pagefind_index / s.n) if s.pagefind_index else None,
        "",
        "",
    )
    row(
        "Search ready after page load, `search: pagefind`",
        lambda s: (
            f"{secs(t.ready_median)} (median of {len(t.ready)})"
            if (t := s.pagefind_search)
            else None
        ),
        "first result ≤ 1.5 s at 10,000",
        verdict(None if not found else found.ready_median <= SEARCH_MAX),
    )
    row(
        "Search, last key → first result, `search: pagefind`",
        lambda s: (
            f"{secs(t.query_median)} (median of {len(t.query)})"
            if (t := s.pagefind_search)
            else None
        ),
        "≤ 1.5 s at 10,000",
        verdict(None if not found else found.query_median <= SEARCH_MAX),
    )
    served = results.size(SERVE_SIZE)
    timed = served.pagefind_serve if served else None
    row(
        "Edit → served, `make serve`, `search: pagefind` (the page)",
        lambda s: (
            f"{secs(t.median)} (median of {len(t.edits)})" if (t := s.pagefind_serve) else None
        ),
        "≤ 2 s at 1,000",
        verdict(None if not timed else timed.median <= SERVE_MAX),
    )


def card_rows(results: Results, row: Callable[..., None]) -> None:
    """Preview cards: the cold build that draws them all, and the warm builds after it."""
    row(
        "Build with an empty card cache (draws every preview card)",
        lambda s: (
            f"{secs(r.seconds)} ({count(s.cards_drawn)} drawn, "
            f"{secs((r.seconds - s.ours_median) / max(s.cards_drawn, 1) * 1000)} per 1,000)"
            if (r := s.cards_cold) and s.ours
            else None
        ),
        "reported",
        "",
    )
    checked = [s for s in results.sizes if s.n in RATIO_SIZES and s.no_cards and s.ours]
    row(
        "Build with cached cards / without cards",
        lambda s: (
            f"{s.ours_median / s.no_cards_median:.2f} "
            f"({secs(s.ours_median)} / {secs(s.no_cards_median)})"
            if s.no_cards and s.ours
            else None
        ),
        "≤ 1.05 at 1,000 and 10,000",
        verdict(_all([s.ours_median / s.no_cards_median <= CARDS_WARM_MAX for s in checked])),
    )
    row(
        "Preview card per claim",
        lambda s: (
            size_text(s.ours_sizes.card_mean) if s.ours_sizes and s.ours_sizes.card_mean else None
        ),
        "",
        "",
    )


def filter_rows(results: Results, row: Callable[..., None]) -> None:
    """The home page's archive filter: its data, and how fast it answers."""
    at = results.size(FILTER_SIZE)
    timed = at.filter if at else None
    row(
        "Archive filter data per claim (gzip)",
        lambda s: (
            f"{size_text(t.data_bytes / s.n)} ({size_text(t.data_gzip / s.n)})"
            if (t := s.filter)
            else None
        ),
        "small: reported",
        "",
    )
    row(
        "Archive filter ready after page load",
        lambda s: f"{secs(t.ready_median)} (median of {len(t.ready)})" if (t := s.filter) else None,
        "",
        "",
    )
    row(
        "Archive filter, choice → results (slowest)",
        lambda s: (
            f"{secs(t.filter_median)} ({secs(t.filter_max)}; {len(t.filter)} choices)"
            if (t := s.filter) and t.filter
            else None
        ),
        "≤ 0.3 s at 10,000",
        verdict(None if not (timed and timed.filter) else timed.filter_max <= FILTER_MAX),
    )


def table(results: Results) -> str:
    header = ["Measure", *(f"{count(s.n)} claims" for s in results.sizes), "Target", "Result"]
    lines = [
        "| " + " | ".join(header) + " |",
        "| " + " | ".join(["---"] * len(header)) + " |",
    ]
    lines += ["| " + " | ".join(cells) + " |" for cells in rows(results)]
    return "\n".join(lines)


def profile_table(results: Results) -> str:
    ours, plain = results.profile_ours, results.profile_plain
    if ours is None:
        return ""
    plain_steps = dict(plain.steps) if plain else {}
    ours_steps = dict(ours.steps)
    names = [n for n, _ in ours.steps] + [n for n in plain_steps if n not in ours_steps]
    # Steps under a millisecond in both builds say nothing.
    names = [n for n in names if max(ours_steps.get(n, 0), plain_steps.get(n, 0)) >= 0.001]
    lines = [
        f"Where one {count(results.profile_size or 0)}-claim build spends its time, "
        "under cProfile (which slows Python code down, so read the shares, not the seconds). "
        "Inclusive time of each step; the plugin's hooks include the Jinja rendering they do.",
        "",
        "| Step | ours | share | plain Markdown | share |",
        "| --- | --- | --- | --- | --- |",
    ]
    for name in names:
        o = ours_steps.get(name)
        p = plain_steps.get(name)
        lines.append(
            f"| {name} | {secs(o) if o is not None else '—'} | "
            f"{f'{o / ours.build:.0%}' if o is not None else '—'} | "
            f"{secs(p) if p is not None else '—'} | "
            f"{f'{p / plain.build:.0%}' if (p is not None and plain) else '—'} |"
        )
    lines.append(
        f"| **factcheck plugin, all hooks** | **{secs(ours.plugin_total)}** | "
        f"**{ours.plugin_total / ours.build:.0%}** | — | — |"
    )
    lines.append(
        f"| **whole build** (`mkdocs.commands.build.build`) | **{secs(ours.build)}** | 100% | "
        f"{f'**{secs(plain.build)}**' if plain else '—'} | {'100%' if plain else '—'} |"
    )
    lines += [
        "",
        "Self time by where the code lives (adds up to the whole profiled process):",
        "",
        "| Code | ours | share | plain Markdown | share |",
        "| --- | --- | --- | --- | --- |",
    ]
    plain_pk = dict(plain.packages) if plain else {}
    for name, t in ours.packages:
        p = plain_pk.get(name)
        lines.append(
            f"| {name} | {secs(t)} | {t / ours.total:.0%} | "
            f"{secs(p) if p is not None else '—'} | "
            f"{f'{p / plain.total:.0%}' if (p is not None and plain) else '—'} |"
        )
    return "\n".join(lines)


def _run(r: Run) -> str:
    return f"{secs(r.seconds)} (CPU {secs(r.cpu_seconds)}, load {r.load_before:.1f})"


def details(results: Results) -> str:
    lines = []
    for s in results.sizes:
        parts = [f"- **{count(s.n)} claims**: {s.words_mean:.0f} words per claim on average"]
        parts.append(
            f"{s.tags_used} tags in use, the most common on {s.top_tag_share:.0%} of claims"
        )
        if s.ours:
            parts.append("builds, ours: " + ", ".join(_run(r) for r in s.ours))
        if s.plain:
            parts.append("plain: " + ", ".join(_run(r) for r in s.plain))
        if s.ours_sizes and s.plain_sizes:
            parts.append(
                f"HTML pages {count(s.ours_sizes.html_pages)} (plain "
                f"{count(s.plain_sizes.html_pages)}), site {size_text(s.ours_sizes.site_bytes)} "
                f"(plain {size_text(s.plain_sizes.site_bytes)})"
            )
        if s.validation:
            parts.append(
                "loader: " + ", ".join(secs(t) for t in s.validation.in_process) + " for all files"
            )
        for name, timed in (("make serve", s.serve), ("mkdocs serve", s.serve_full)):
            if timed and (name == "make serve" or timed is not s.serve):
                parts.append(
                    f"{name}: first page after {secs(timed.first_served)}, edits "
                    + ", ".join(secs(t) for t in timed.edits)
                )
        if s.search:
            parts.append(
                "search ready: "
                + ", ".join(secs(t) for t in s.search.ready)
                + "; queries: "
                + ", ".join(secs(t) for t in s.search.query)
            )
            if s.search.index_fetched:
                parts.append(
                    "search_index.json downloaded at "
                    + ", ".join(f"{t:+.2f} s" for t in s.search.index_fetched)
                    + " from the load event"
                )
            if s.search.index_ready:
                parts.append(
                    "the search worker ready at "
                    + ", ".join(f"{t:+.2f} s" for t in s.search.index_ready)
                    + " from the load event"
                )
        if s.pagefind_build:
            parts.append("build with `search: pagefind`: " + _run(s.pagefind_build))
        if s.pagefind_search:
            t = s.pagefind_search
            parts.append(
                "with Pagefind, search ready: "
                + ", ".join(secs(x) for x in t.ready)
                + "; queries: "
                + ", ".join(secs(x) for x in t.query)
                + "; the worker ready at "
                + ", ".join(f"{x:+.2f} s" for x in t.index_ready)
                + " from the load event"
            )
        lines.append("; ".join(parts) + ".")
    return "\n".join(lines)


def adversarial_table(results: Results) -> str:
    """The adversarial files: each one's validation time, and the slowest against the target."""
    times = results.adversarial
    if not times:
        return ""
    worst = max(times, key=lambda n: times[n])
    ok = times[worst] < adversarial.MAX_SECONDS
    lines = [
        f"Adversarial claim files of up to {adversarial.MAX_BYTES // 1024} KiB "
        "(`benchmarks/adversarial.py`), each validated (or refused) by the loader on one core. "
        f"Slowest: `{worst}`, {secs(times[worst])}; target under "
        f"{secs(adversarial.MAX_SECONDS)}: {verdict(ok)}.",
        "",
        "| Adversarial file | Validation |",
        "| --- | --- |",
    ]
    for name in sorted(times, key=lambda n: -times[n]):
        shown = "did not finish" if times[name] == float("inf") else secs(times[name])
        lines.append(f"| `{name}` | {shown} |")
    return "\n".join(lines)


def render(results: Results) -> str:
    machine_lines = [f"- {k}: {v}" for k, v in results.machine.items()]
    machine_lines.append(f"- Peak RSS measured with: {results.rss_method}")
    parts = [
        table(results),
        "",
        "kB and MB are 1,000 and 1,000,000 bytes. Times are medians of the runs listed below; "
        "builds of our site and of the plain-Markdown site alternate. Each build below shows "
        "its wall time, its CPU time (user + system) and the 1-minute load average when it "
        "started: a load well above 1 means other work was running on the machine, which "
        "slows wall times more than CPU times.",
        "",
        "Measured on:",
        "",
        *machine_lines,
        "",
        "Reproduce with:",
        "",
        "```sh",
        results.command,
        "```",
        "",
        "Every run:",
        "",
        details(results),
    ]
    if results.notes:
        parts += ["", *[f"- {n}" for n in results.notes]]
    hostile = adversarial_table(results)
    if hostile:
        parts += ["", hostile]
    prof = profile_table(results)
    if prof:
        parts += ["", prof]
    return "\n".join(parts) + "\n"


def update_page(page: Path, markdown: str) -> None:
    """Replace what is between the bench markers in page with markdown."""
    text = page.read_text(encoding="utf-8")
    if START not in text or END not in text or text.index(START) > text.index(END):
        raise SystemExit(f"{page}: no {START} ... {END} markers to write the results between")
    before, rest = text.split(START, 1)
    _, after = rest.split(END, 1)
    # Blank lines around the results keep the markers out of Markdown's blocks.
    page.write_text(f"{before}{START}\n\n{markdown.strip()}\n\n{END}{after}", encoding="utf-8")


def as_json(results: Results) -> str:
    def default(obj: Any) -> Any:
        if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
            return dataclasses.asdict(obj)
        if isinstance(obj, Path):
            return str(obj)
        raise TypeError(type(obj))

    data = dataclasses.asdict(results)
    for s, raw in zip(results.sizes, data["sizes"], strict=True):
        for run in raw["ours"] + raw["plain"]:
            run.pop("output", None)
        if s.ours and s.plain:
            raw["ours_median"], raw["plain_median"], raw["ratio"] = (
                s.ours_median,
                s.plain_median,
                s.ratio,
            )
        if s.validation:
            raw["validation_rate"] = s.validation.rate
    data["rows"] = rows(results)
    return json.dumps(data, indent=1, default=default)
