"""The performance benchmark (`make bench`) end to end, at a size small enough for `make test`.

One run of `python -m benchmarks.run` with 20 claims, one build of each site,
the serve timing at 20 claims and, where Debian's Chromium is installed, the
browser search timing; its table and JSON are checked for every row and for
plausible figures. The full benchmark is `make bench` (docs/performance.md).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # benchmarks/ is a folder of the repository, not installed
    sys.path.insert(0, str(REPO))

from benchmarks import adversarial, chromium, measure, plain, report, synth  # noqa: E402

N = 20
CHROMIUM_MISSING = (
    "Debian's chromium is not installed at /usr/bin/chromium (apt-get install chromium): "
    "the benchmark's browser search timing cannot run"
)


@pytest.fixture(scope="module")
def small_run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The benchmark at N=20 in a subprocess: its Markdown table and JSON figures."""
    tmp = tmp_path_factory.mktemp("bench")
    out = tmp / "results.md"
    args = [
        "--sizes", str(N),
        "--repeat", "1",
        "--serve-size", str(N),
        "--serve-edits", "2",
        "--search-sizes", str(N),
        "--search-visits", "1",
        "--profile-size", str(N),
        "--workdir", str(tmp / "work"),
        "--out", str(out),
        "--no-page",
    ]  # fmt: skip
    if not chromium.chromium_available():
        args.append("--no-browser")
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.run", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, f"benchmark failed:\n{done.stderr[-4000:]}"
    assert out.exists(), done.stderr
    return {
        "stdout": done.stdout,
        "markdown": out.read_text(encoding="utf-8"),
        "data": json.loads(out.with_suffix(".json").read_text(encoding="utf-8")),
    }


def table_rows(markdown: str) -> dict[str, list[str]]:
    """The results table: measure -> its cells (one per size, target, result)."""
    rows: dict[str, list[str]] = {}
    for line in markdown.splitlines():
        if not line.startswith("| ") or line.startswith("| ---"):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split(" | ")]
        rows.setdefault(cells[0], cells[1:])
    return rows


def test_synthetic_claims_validate_and_are_deterministic(tmp_path: Path) -> None:
    site = synth.make_site(tmp_path / "a", N)
    assert synth.validate(site) == []
    assert len(site.claim_ids()) == N
    again = synth.make_site(tmp_path / "b", N)
    files = sorted(site.claims_dir.iterdir())
    assert [p.name for p in files] == [p.name for p in sorted(again.claims_dir.iterdir())]
    assert all(p.read_bytes() == again.claim_file(p.stem).read_bytes() for p in files)
    assert 150 <= site.words_mean <= 600, "a few hundred words per claim"
    assert (site.root / "mkdocs.yml").exists() and (site.root / "docs").is_dir()


def test_plain_site_has_the_same_pages(tmp_path: Path) -> None:
    site = synth.make_site(tmp_path / "ours", N)
    root = plain.make_plain_site(site, tmp_path / "plain")
    pages = {p.stem for p in (root / "docs" / "claims").glob("*.md")}
    assert pages == set(site.claim_ids())
    config = synth.read_config(root / "mkdocs.yml")
    assert config["nav"] == synth.read_config(site.config_file)["nav"]
    assert "factcheck" not in json.dumps(config.get("plugins"))


def test_plain_site_builds_strictly_with_every_list_in_pages(tmp_path: Path) -> None:
    """The plain floor has the plugin's pages, paged the same way: with 3 a page every
    listing and the claimants index have several, and each links where it should."""
    from benchmarks.mkdocs_site import set_plugin_options
    from conftest import mkdocs_build

    site = synth.make_site(tmp_path / "ours", N)
    set_plugin_options(site.root, page_size=3)
    root = plain.make_plain_site(site, tmp_path / "plain")
    assert (root / "docs" / "claimants" / "page" / "2.md").is_file()
    done = mkdocs_build(root)
    assert done.returncode == 0, done.stderr[-3000:]


def test_table_has_every_row_and_column(small_run: dict[str, Any]) -> None:
    rows = table_rows(small_run["markdown"])
    assert "Measure" in rows and rows["Measure"] == [f"{N} claims", "Target", "Result"]
    for name in report.ROWS:
        assert name in rows, f"row {name!r} missing from the results table"
        assert len(rows[name]) == 3, rows[name]
    assert small_run["markdown"] in small_run["stdout"], "the table is printed to stdout"
    assert "Reproduce with" in small_run["markdown"] and "make bench" in small_run["markdown"]
    assert "AMD" in small_run["markdown"] or "CPU:" in small_run["markdown"]


def test_figures_are_plausible(small_run: dict[str, Any]) -> None:
    size = small_run["data"]["sizes"][0]
    assert size["n"] == N
    assert 0 < size["ours_median"] < 120 and 0 < size["plain_median"] < 120
    assert size["ratio"] > 0
    for run in size["ours"] + size["plain"]:
        assert run["returncode"] == 0
        assert 10e6 < run["max_rss"] < 4e9, "peak RSS of a build, in bytes"
    assert size["ours_sizes"]["claim_pages"] == N
    assert size["ours_sizes"]["claim_html_mean"] > 1000
    assert size["ours_sizes"]["search_index"] > 0 and size["plain_sizes"]["search_index"] > 0
    assert size["validation_rate"] > 0
    assert all(t > 0 for t in size["validation"]["cli"])
    for mode in ("serve", "serve_full"):
        edits = size[mode]["edits"]
        assert len(edits) == 2 and all(0 < t < 60 for t in edits), mode
    assert size["serve"]["flags"] == measure.make_serve_flags(), "as `make serve` runs it"
    assert size["serve_full"]["flags"] == []
    assert all(run["cpu_seconds"] > 0 for run in size["ours"] + size["plain"])
    pagefind = size["pagefind_build"]
    assert pagefind["returncode"] == 0 and 0 < pagefind["seconds"] < 120
    assert size["pagefind_index"] > 0, "the Pagefind variant wrote an index"
    assert size["pagefind_indexes"] == 1 and size["pagefind_seconds"] > 0
    assert 1e6 < size["pagefind_indexer_rss"] < 4e9, "the indexer's peak RSS, from the log"
    edits = size["pagefind_serve"]["edits"]
    assert len(edits) == 2 and all(0 < t < 60 for t in edits), "make serve with Pagefind"
    assert size["cards_drawn"] == N, "the first build drew every card"
    assert size["cards_cold"]["returncode"] == 0
    assert [r["returncode"] for r in size["no_cards"]] == [0], "one per round, alternated"
    assert size["ours_sizes"]["card_mean"] > 1000, "the measured site has its cards"
    profile = small_run["data"]["profile_ours"]
    assert profile["build"] > 0 and profile["plugin_total"] > 0
    assert "factcheck plugin, all hooks" in small_run["markdown"]


def test_adversarial_files_are_timed_and_the_slowest_named(small_run: dict[str, Any]) -> None:
    times = small_run["data"]["adversarial"]
    assert set(times) == set(adversarial.GENERATORS)
    assert all(t > 0 for t in times.values())
    worst = max(times, key=lambda n: times[n])
    assert f"Slowest: `{worst}`" in small_run["markdown"]
    rows = table_rows(small_run["markdown"])
    assert all(f"`{name}`" in rows for name in adversarial.GENERATORS)


def test_the_archive_filter_is_sized_and_timed(small_run: dict[str, Any]) -> None:
    if not chromium.chromium_available():
        pytest.skip(CHROMIUM_MISSING)
    timed = small_run["data"]["sizes"][0]["filter"]
    assert timed["data_bytes"] > timed["data_gzip"] > 0
    assert len(timed["ready"]) == 1 and 0 <= timed["ready"][0] < 30
    assert len(timed["filter"]) == 4 and all(0 < t < 10 for t in timed["filter"])
    assert all(m > 0 for m in timed["matches"]), "each choice shows the claims it matches"
    assert timed["blocked"] == []


def test_search_in_the_browser(small_run: dict[str, Any]) -> None:
    if not chromium.chromium_available():
        pytest.skip(CHROMIUM_MISSING)
    found = small_run["data"]["sizes"][0]["search"]
    assert found is not None
    assert found["ready"] and all(0 < t < 60 for t in found["ready"])
    assert found["query"] and all(0 < t < 60 for t in found["query"])
    assert len(found["worker"]) == len(found["query"]) and all(t >= 0 for t in found["worker"])
    assert found["index_ready"] and all(t < 60 for t in found["index_ready"])
    assert found["blocked"] == [], "the page tried to reach the network"
    with_pagefind = small_run["data"]["sizes"][0]["pagefind_search"]
    assert with_pagefind is not None, "the same site with `search: pagefind`, searched"
    assert all(0 < t < 60 for t in with_pagefind["ready"] + with_pagefind["query"])
    assert with_pagefind["blocked"] == []


def test_results_go_between_the_page_markers(tmp_path: Path, small_run: dict[str, Any]) -> None:
    page = tmp_path / "performance.md"
    page.write_text((REPO / "docs" / "performance.md").read_text(encoding="utf-8"))
    report.update_page(page, small_run["markdown"])
    text = page.read_text(encoding="utf-8")
    assert text.count(report.START) == 1 and text.count(report.END) == 1
    inside = text.split(report.START, 1)[1].split(report.END, 1)[0]
    assert inside.strip() == small_run["markdown"].strip()
    assert (
        text.split(report.END, 1)[1]
        == (REPO / "docs" / "performance.md").read_text().split(report.END, 1)[1]
    ), "what follows the markers is kept"
