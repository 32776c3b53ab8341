"""The benchmark's command line: `make bench`, or `python -m benchmarks.run --help`.

For each size N: generate N synthetic claims into a private copy of the site
(and check them with the project's loader), write the same pages as a plain
Markdown site, time the loader and `factcheck validate`, then build both sites
with `mkdocs build --strict`, alternating ours and plain, each build in a
fresh process. At the serve size it times edit -> served under `mkdocs serve`;
at the search sizes it times Material's search in headless Chromium; at the
profile size it profiles one build of each site. The table goes to stdout,
to --out and between the markers of --page (docs/performance.md).
"""

from __future__ import annotations

import argparse
import re
import shlex
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from . import adversarial, chromium, measure, plain, profiling, report, search, synth
from . import filter as filter_timing
from .mkdocs_site import set_plugin_options
from .report import Results, SizeResult

DEFAULT_SIZES = "100,1000,10000"
DEFAULT_REPEAT = "3,3,2"
DEFAULT_PAGE = synth.REPO / "docs" / "performance.md"


def _ints(text: str) -> list[int]:
    try:
        values = [int(part.replace("_", "")) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a comma-separated list of numbers: {text}") from None
    if any(v < 1 for v in values):
        raise argparse.ArgumentTypeError(f"numbers must be 1 or more: {text}")
    return values


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m benchmarks.run",
        description="Benchmark the fact-check site generator against plain MkDocs.",
    )
    p.add_argument(
        "--sizes",
        type=_ints,
        default=_ints(DEFAULT_SIZES),
        help=f"claims per site (default {DEFAULT_SIZES})",
    )
    p.add_argument(
        "--repeat",
        type=_ints,
        default=_ints(DEFAULT_REPEAT),
        help="builds of each site per size: one number for all sizes, or one per size "
        f"(default {DEFAULT_REPEAT}; the last number also applies to any further sizes)",
    )
    p.add_argument("--serve-size", type=int, default=1000, help="N for edit -> served (0: skip)")
    p.add_argument("--serve-edits", type=int, default=5, help="edits timed under mkdocs serve")
    p.add_argument(
        "--search-sizes",
        type=_ints,
        default=_ints("1000,10000"),
        help="N for the browser search timing",
    )
    p.add_argument("--search-visits", type=int, default=3, help="fresh visitors per search size")
    p.add_argument("--no-browser", action="store_true", help="skip the browser search timing")
    p.add_argument(
        "--profile-size", type=int, default=1000, help="N for the cProfile breakdown (0: skip)"
    )
    p.add_argument(
        "--no-adversarial", action="store_true", help="skip timing the adversarial claim files"
    )
    p.add_argument(
        "--out", type=Path, help="also write the results (Markdown) here, and .json beside it"
    )
    p.add_argument(
        "--page", type=Path, default=DEFAULT_PAGE, help="page whose bench markers get the results"
    )
    p.add_argument("--no-page", action="store_true", help="leave docs/performance.md alone")
    p.add_argument(
        "--workdir", type=Path, help="where the synthetic sites go (default: a temporary folder)"
    )
    p.add_argument("--keep", action="store_true", help="keep the synthetic sites and builds")
    p.add_argument(
        "--seed", type=int, default=synth.SEED, help="random seed of the synthetic claims"
    )
    return p


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def search_queries(site: synth.SyntheticSite, count: int = 4) -> list[str]:
    """Queries a reader might type: the first words of claims' titles, spread over the set."""
    from factcheck.load import load_claims, load_scale

    ids = site.claim_ids()
    picks = [ids[(k * len(ids)) // count + len(ids) // (2 * count)] for k in range(count)]
    scale, _ = load_scale(site.ratings)
    assert scale is not None
    loaded = load_claims([site.claim_file(i) for i in dict.fromkeys(picks)], scale, site.root)
    return [" ".join(c.title.split()[:3]).lower() for c in loaded.claims]


def serve_both(
    site: synth.SyntheticSite, edits: int, base: Path, logs: Path
) -> tuple[measure.Serve, measure.Serve]:
    """Edit -> served as `make serve` runs mkdocs serve, and as plain `mkdocs serve`."""
    flags = measure.make_serve_flags()
    modes = [("make-serve", flags), ("full", [])] if flags else [("full", [])]
    timed: dict[str, measure.Serve] = {}
    for mode, mode_flags in modes:
        log(f"  mkdocs serve {shlex.join(mode_flags)}: {edits} edits".replace("  :", ":"))
        served = base / f"serve-{mode}"
        shutil.copytree(site.root, served, ignore=shutil.ignore_patterns("site"))
        copy = synth.SyntheticSite(
            served,
            site.count,
            served / site.claims_dir.relative_to(site.root),
            served / site.ratings.relative_to(site.root),
        )
        timed[mode] = measure.edit_to_served(copy, edits, logs / f"serve-{mode}.log", mode_flags)
        log(f"  edit -> served median {timed[mode].median:.2f} s")
    return timed.get("make-serve", timed["full"]), timed["full"]


def run_size(
    n: int, repeat: int, args: argparse.Namespace, work: Path, results: Results
) -> SizeResult:
    out = SizeResult(n)
    base = work / f"n{n}"
    log(f"{n:,} claims: generating")
    started = time.perf_counter()
    site = synth.make_site(base / "ours", n, seed=args.seed)
    problems = synth.validate(site)
    if problems:
        raise SystemExit("synthetic claims do not validate:\n" + "\n".join(map(str, problems[:20])))
    out.words_mean, out.tags_used, out.top_tag_share = (
        site.words_mean,
        site.tags_used,
        site.top_tag_share,
    )
    plain_root = plain.make_plain_site(site, base / "plain")
    written = time.perf_counter() - started
    log(f"{n:,} claims: both sites written in {written:.1f} s; timing validation")
    out.validation = measure.validation(site, repeat=max(repeat, 3))
    log(f"  loader {out.validation.rate:,.0f} claims/s, CLI {out.validation.cli_median:.2f} s")

    logs = base / "logs"
    logs.mkdir(exist_ok=True)
    cold_cards(site, logs, out)
    for r in range(repeat):  # alternate: without cards, ours, plain, without cards, ...
        without_cards(site, logs / f"no-cards-{r + 1}.log", out)  # ours is built after it
        for kind, root, runs in (("ours", site.root, out.ours), ("plain", plain_root, out.plain)):
            run = measure.build(root, root / "site", logs / f"{kind}-{r + 1}.log")
            runs.append(run)
            rss = run.max_rss / 1e6
            log(f"  build {r + 1}/{repeat} {kind}: {run.seconds:.2f} s, peak RSS {rss:.0f} MB")
    out.ours_sizes = measure.site_sizes(site.root / "site")
    out.plain_sizes = measure.site_sizes(plain_root / "site")
    if out.ours_sizes.claim_pages != n:
        raise SystemExit(f"expected {n} claim pages, the build wrote {out.ours_sizes.claim_pages}")

    if n in args.search_sizes and not args.no_browser:
        if chromium.chromium_available():
            queries = search_queries(site)
            log(f"  search in Chromium: {args.search_visits} visits, queries {queries}")
            try:
                out.search = search.measure(site.root / "site", queries, visits=args.search_visits)
            except Exception as err:  # keep the builds measured so far; say what failed
                log(f"  search failed: {err!r}")
                results.notes.append(f"{n:,} claims: the search timing failed: {err!r}")
        if out.search:
            ready, query = out.search.ready_median, out.search.query_median
            log(f"  search ready {ready:.2f} s, query {query:.3f} s")
            if out.search.blocked:
                results.notes.append(
                    f"{n:,} claims: the browser tried to reach {sorted(set(out.search.blocked))}"
                )
        if not chromium.chromium_available():
            results.notes.append(f"search not measured: {chromium.CHROMIUM} is not installed")

    if n in args.search_sizes and not args.no_browser and chromium.chromium_available():
        try:
            out.filter = filter_timing.measure(site.root / "site", visits=args.search_visits)
        except Exception as err:  # keep what was measured; say what failed
            log(f"  filter timing failed: {err!r}")
            results.notes.append(f"{n:,} claims: the filter timing failed: {err!r}")
        else:
            t = out.filter
            log(f"  filter ready {t.ready_median:.2f} s, slowest choice {t.filter_max:.3f} s")

    if n in args.search_sizes:
        pagefind_variant(site, base, logs, out, args, results)

    if n == args.profile_size:
        log("  profiling one build of each site (cProfile)")
        prof_dir = base / "profile"
        prof_dir.mkdir(exist_ok=True)
        results.profile_size = n
        results.profile_ours = profiling.profile_build(site.root, prof_dir / "ours")
        results.profile_plain = profiling.profile_build(plain_root, prof_dir / "plain")

    if n == args.serve_size:
        try:
            out.serve, out.serve_full = serve_both(site, args.serve_edits, base, logs)
        except Exception as err:  # keep what was measured; say what failed
            log(f"  serve timing failed: {err!r}")
            results.notes.append(f"{n:,} claims: the serve timing failed: {err!r}")

    if not args.keep:
        shutil.rmtree(base, ignore_errors=True)
    return out


def cold_cards(site: synth.SyntheticSite, logs: Path, out: SizeResult) -> None:
    """One build with an empty card cache: it draws every preview card. The timed
    builds after it find every card cached (warm), as a site's builds do."""
    shutil.rmtree(site.root / ".cache", ignore_errors=True)
    run = measure.build(site.root, site.root / "site", logs / "ours-cold-cards.log")
    out.cards_cold = run
    drawn = CARDS_LOG.search(run.output)
    out.cards_drawn = int(drawn[1]) if drawn else 0
    log(f"  build with an empty card cache: {run.seconds:.2f} s, {out.cards_drawn:,} cards drawn")


def without_cards(site: synth.SyntheticSite, log_file: Path, out: SizeResult) -> None:
    """A build of the same site with `cards: false`, to compare the warm builds with."""
    config = site.root / "mkdocs.yml"
    original = config.read_text(encoding="utf-8")
    set_plugin_options(site.root, cards="false")
    try:
        run = measure.build(site.root, site.root / "site", log_file)
    finally:
        config.write_text(original, encoding="utf-8")
    out.no_cards.append(run)
    log(f"  build without cards: {run.seconds:.2f} s")


CARDS_LOG = re.compile(r"drew (\d+) preview card")


PAGEFIND_LOG = re.compile(
    r"Pagefind wrote (\d+) search index\(es\) in ([\d.]+) s"
    r"(?: \(largest indexer process: (\d+) MB\))?"
)


def with_pagefind(site: synth.SyntheticSite, dest: Path) -> Path:
    """A copy of the synthetic site with `search: pagefind` in the plugin's options."""
    shutil.copytree(site.root, dest, ignore=shutil.ignore_patterns("site"))
    set_plugin_options(dest, search="pagefind")
    return dest


def pagefind_variant(
    site: synth.SyntheticSite,
    base: Path,
    logs: Path,
    out: SizeResult,
    args: argparse.Namespace,
    results: Results,
) -> None:
    """The same claims with `search: pagefind`: one build, its index, its search."""
    root = with_pagefind(site, base / "pagefind")
    run = measure.build(root, root / "site", logs / "pagefind.log")
    out.pagefind_build = run
    out.pagefind_index = measure.pagefind_index_bytes(root / "site")
    indexed = PAGEFIND_LOG.search(run.output)
    if indexed is None:
        raise SystemExit(f"the build log does not say what Pagefind did:\n{run.output[-2000:]}")
    out.pagefind_indexes, out.pagefind_seconds = int(indexed[1]), float(indexed[2])
    out.pagefind_indexer_rss = int(indexed[3] or 0) * 10**6
    log(f"  build with search: pagefind: {run.seconds:.2f} s, peak RSS {run.max_rss / 1e6:.0f} MB")
    if site.count == args.serve_size and (flags := measure.make_serve_flags()):
        copy = synth.SyntheticSite(root, site.count, root / "claims", root / "ratings.yaml")
        try:
            served = measure.edit_to_served(
                copy, args.serve_edits, logs / "serve-pagefind.log", flags
            )
        except Exception as err:  # keep what was measured; say what failed
            log(f"  Pagefind serve timing failed: {err!r}")
            results.notes.append(f"{n_text(site)}: the Pagefind serve timing failed: {err!r}")
        else:
            out.pagefind_serve = served
            log(f"  with Pagefind, edit -> served median {served.median:.2f} s")
    if args.no_browser or not chromium.chromium_available():
        return
    queries = search_queries(site)
    try:
        out.pagefind_search = search.measure(root / "site", queries, visits=args.search_visits)
    except Exception as err:  # keep what was measured; say what failed
        log(f"  Pagefind search failed: {err!r}")
        results.notes.append(f"{n_text(site)}: the Pagefind search timing failed: {err!r}")
        return
    t = out.pagefind_search
    log(f"  Pagefind search ready {t.ready_median:.2f} s, query {t.query_median:.3f} s")


def n_text(site: synth.SyntheticSite) -> str:
    return f"{site.count:,} claims"


# Options that change where things go, not what is measured.
_PLACES = {"--out": 1, "--page": 1, "--workdir": 1, "--no-page": 0, "--keep": 0}


def reproduce(given: list[str]) -> str:
    """The `make bench` command that measures the same things."""
    kept, skip = [], 0
    for word in given:
        if skip:
            skip -= 1
            continue
        name = word.split("=", 1)[0]
        if name in _PLACES:
            skip = _PLACES[name] if "=" not in word else 0
            continue
        kept.append(word)
    return "make bench" + (f" BENCH_ARGS={shlex.quote(shlex.join(kept))}" if kept else "")


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    repeats = [args.repeat[min(i, len(args.repeat) - 1)] for i in range(len(args.sizes))]
    shown = reproduce(list(sys.argv[1:] if argv is None else argv))
    results = Results(
        sizes=[],
        machine=report.machine(),
        command=shown,
        rss_method=measure.rss_method(),
    )
    work = args.workdir or Path(tempfile.mkdtemp(prefix="factcheck-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    for p in (work / f"n{n}" for n in args.sizes):
        if p.exists():
            shutil.rmtree(p)
    try:
        for n, repeat in zip(args.sizes, repeats, strict=True):
            results.sizes.append(run_size(n, repeat, args, work, results))
    finally:
        if not args.keep and args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)
    if not args.no_adversarial:
        log("adversarial claim files: timing validation of each")
        results.adversarial = adversarial.timings(synth.REPO / "ratings.yaml")
        worst, seconds = adversarial.slowest(results.adversarial)
        log(f"  slowest: {worst}, {seconds:.3f} s")
    browsers = {s.search.browser for s in results.sizes if s.search}
    if browsers:
        results.machine["Browser"] = ", ".join(sorted(browsers))

    markdown = report.render(results)
    print(markdown)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(markdown, encoding="utf-8")
        args.out.with_suffix(".json").write_text(report.as_json(results), encoding="utf-8")
        log(f"wrote {args.out} and {args.out.with_suffix('.json')}")
    if not args.no_page:
        report.update_page(args.page, markdown)
        log(f"updated {args.page}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
