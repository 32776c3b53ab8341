"""Measurements: a build's wall time and peak memory, output sizes, validation, serve.

Every build runs in a fresh process: `mkdocs build --strict` under GNU time
(`/usr/bin/time -v`, the Debian `time` package) when it is installed, else
under a small Python parent that reads the child's peak RSS from
`resource.getrusage(RUSAGE_CHILDREN)` once it has exited. Either way the
figure is the peak resident set size of the mkdocs process alone.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from .mkdocs_site import DevServer, mkdocs_command, mkdocs_env
from .synth import REPO, SyntheticSite

BIN = Path(sys.executable).parent
GNU_TIME = "/usr/bin/time"


# --- peak memory -------------------------------------------------------------------


def gnu_time() -> str | None:
    """/usr/bin/time if it is GNU time with -v (Debian's `time` package), else None."""
    path = shutil.which("time") or (GNU_TIME if Path(GNU_TIME).exists() else None)
    if not path or not Path(path).is_file():
        return None
    try:
        done = subprocess.run(
            [path, "-v", "true"], capture_output=True, text=True, timeout=10, check=False
        )
    except OSError:
        return None
    return path if "Maximum resident set size" in done.stderr else None


# The fallback parent: runs the command, then prints its children's peak RSS (KiB).
_RUSAGE_PARENT = (
    "import resource, subprocess, sys\n"
    "code = subprocess.call(sys.argv[2:])\n"
    "ru = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "open(sys.argv[1], 'w').write(f'{ru.ru_maxrss} {ru.ru_utime + ru.ru_stime}')\n"
    "sys.exit(code)\n"
)

_MAX_RSS = re.compile(r"Maximum resident set size \(kbytes\): (\d+)")
_CPU = re.compile(r"(?:User|System) time \(seconds\): ([\d.]+)")


@dataclass
class Run:
    """One measured process: wall time, peak RSS, exit code, its output."""

    seconds: float
    max_rss: int  # bytes
    returncode: int
    output: str
    cpu_seconds: float = 0.0  # user + system time of the process
    load_before: float = 0.0  # 1-minute load average when it started (other work running)


def run_measured(cmd: list[str], cwd: Path, log: Path, timeout: float = 3600) -> Run:
    """Run cmd in a fresh process; wall time around it, peak RSS of the process."""
    with tempfile.NamedTemporaryFile("r", suffix=".rss", delete=False) as f:
        rss_file = Path(f.name)
    timer = gnu_time()
    if timer:
        wrapped = [timer, "-v", "-o", str(rss_file), *cmd]
    else:
        wrapped = [sys.executable, "-c", _RUSAGE_PARENT, str(rss_file), *cmd]
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    try:
        with log.open("wb") as out:
            start = time.perf_counter()
            code = subprocess.call(
                wrapped,
                cwd=cwd,
                env=mkdocs_env(),
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                timeout=timeout,
            )
            seconds = time.perf_counter() - start
        text = rss_file.read_text(encoding="utf-8", errors="replace")
    finally:
        rss_file.unlink(missing_ok=True)
    if timer:
        found = _MAX_RSS.search(text)
        kib = int(found.group(1)) if found else 0
        cpu = sum(float(t) for t in _CPU.findall(text))
    else:
        parts = text.split() or ["0", "0"]
        kib, cpu = int(parts[0]), float(parts[1])
    output = log.read_text(encoding="utf-8", errors="replace")
    return Run(seconds, kib * 1024, code, output, cpu, load)


def rss_method() -> str:
    return "GNU time -v" if gnu_time() else "getrusage(RUSAGE_CHILDREN) in a parent process"


# --- builds ------------------------------------------------------------------------


class BuildFailed(RuntimeError):
    pass


def build(root: Path, site_dir: Path, log: Path) -> Run:
    """`mkdocs build --strict` of the site at root into a fresh site_dir."""
    if site_dir.exists():
        shutil.rmtree(site_dir)  # outside the timing: both sites start from nothing
    cmd = mkdocs_command("build", "--strict", "-f", str(root / "mkdocs.yml"), "-d", str(site_dir))
    run = run_measured(cmd, root, log)
    if run.returncode != 0:
        tail = "\n".join(run.output.splitlines()[-30:])
        raise BuildFailed(f"mkdocs build --strict of {root} failed ({run.returncode}):\n{tail}")
    return run


@dataclass
class Sizes:
    """What a build wrote."""

    claim_pages: int = 0
    claim_html_mean: float = 0.0  # bytes per claim page (site/claims/*/index.html)
    search_index: int = 0  # bytes of search/search_index.json
    search_index_gzip: int = 0
    home_html: int = 0
    largest_page: tuple[int, str] = (0, "")
    html_pages: int = 0
    site_bytes: int = 0
    card_mean: float = 0.0  # bytes per preview card (site/assets/cards/*.png)


def site_sizes(site_dir: Path) -> Sizes:
    sizes = Sizes()
    claim_pages = list((site_dir / "claims").glob("*/index.html"))
    sizes.claim_pages = len(claim_pages)
    cards = list((site_dir / "assets" / "cards").glob("*.png"))
    if cards:
        sizes.card_mean = statistics.fmean(p.stat().st_size for p in cards)
    if claim_pages:
        sizes.claim_html_mean = statistics.fmean(p.stat().st_size for p in claim_pages)
    index = site_dir / "search" / "search_index.json"
    if index.exists():
        data = index.read_bytes()
        sizes.search_index = len(data)
        sizes.search_index_gzip = len(gzip.compress(data, compresslevel=6))
    home = site_dir / "index.html"
    sizes.home_html = home.stat().st_size if home.exists() else 0
    for path in site_dir.rglob("*"):
        if not path.is_file():
            continue
        size = path.stat().st_size
        sizes.site_bytes += size
        if path.suffix == ".html":
            sizes.html_pages += 1
            if size > sizes.largest_page[0]:
                sizes.largest_page = (size, path.relative_to(site_dir).as_posix())
    return sizes


def pagefind_index_bytes(site_dir: Path) -> int:
    """Bytes of the Pagefind index and result fragments (not its scripts and UI)."""
    bundle = site_dir / "pagefind"
    return sum(
        path.stat().st_size
        for folder in ("index", "fragment", "filter")
        for path in bundle.glob(f"*/{folder}/*")
        if path.is_file()
    )


# --- validation ----------------------------------------------------------------------

# Times the project's loader in a fresh interpreter pinned to one core; start-up
# and imports are outside the timing. Prints JSON.
_VALIDATION_CHILD = """
import json, os, sys, time
from pathlib import Path
if hasattr(os, "sched_setaffinity"):
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
from factcheck import dates
from factcheck.load import load_claims, load_scale
root, claims_dir, ratings = (Path(a) for a in sys.argv[1:4])
repeat = int(sys.argv[4])
scale, problems = load_scale(ratings)
assert scale is not None, problems
times = []
for _ in range(repeat):
    for cached in (dates.parse_fuzzy, dates.parse_day):  # each run as a fresh process would
        cached.cache_clear()
    start = time.perf_counter()
    result = load_claims([claims_dir], scale, root)
    times.append(time.perf_counter() - start)
cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
found = {"claims": len(result.claims), "problems": len(result.problems)}
print(json.dumps({"times": times, "cores": cores, **found}))
"""


@dataclass
class Validation:
    count: int
    in_process: list[float]  # seconds per load_claims over all files
    cli: list[float]  # wall seconds of `factcheck validate`, interpreter start-up included
    cores: int | None = None

    @property
    def rate(self) -> float:
        return self.count / statistics.median(self.in_process)

    @property
    def cli_median(self) -> float:
        return statistics.median(self.cli)


def validation(site: SyntheticSite, repeat: int) -> Validation:
    cmd = [
        sys.executable,
        "-c",
        _VALIDATION_CHILD,
        str(site.root),
        str(site.claims_dir),
        str(site.ratings),
        str(max(repeat, 1)),
    ]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False, cwd=REPO)
    if done.returncode != 0:
        raise RuntimeError(f"timing the loader failed:\n{done.stderr}")
    data = json.loads(done.stdout.strip().splitlines()[-1])
    if data["problems"] or data["claims"] != site.count:
        raise RuntimeError(f"synthetic claims did not validate: {data}")
    cli = []
    factcheck = str(BIN / "factcheck") if (BIN / "factcheck").exists() else "factcheck"
    for _ in range(max(repeat, 1)):
        start = time.perf_counter()
        done = subprocess.run(
            [factcheck, "validate", str(site.claims_dir), "--ratings", str(site.ratings)],
            cwd=site.root,
            capture_output=True,
            text=True,
            check=False,
        )
        cli.append(time.perf_counter() - start)
        if done.returncode != 0:
            raise RuntimeError(f"factcheck validate failed ({done.returncode}):\n{done.stderr}")
    return Validation(site.count, data["times"], cli, data.get("cores"))


# --- mkdocs serve: edit -> served -------------------------------------------------------


def fetch(url: str, timeout: float = 120) -> tuple[int | None, str]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8", errors="replace")
    except urllib.error.HTTPError as err:
        return err.code, ""
    except OSError:
        return None, ""


def set_title(text: str, title: str) -> str:
    """Replace the top-level `title:` (and any continuation lines) with one line."""
    lines = text.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if re.match(r"title\s*:", line))
    end = start + 1
    while end < len(lines) and lines[end][:1] in (" ", "\t"):
        end += 1
    lines[start:end] = [f"title: {json.dumps(title)}\n"]
    return "".join(lines)


@dataclass
class Serve:
    first_served: float  # seconds from start to the first page answering
    edits: list[float] = field(default_factory=list)  # save -> new title served
    flags: list[str] = field(default_factory=list)  # given to mkdocs serve

    @property
    def median(self) -> float:
        return statistics.median(self.edits)


def make_serve_flags(makefile: Path = REPO / "Makefile") -> list[str]:
    """The options `make serve` gives `mkdocs serve` (other than --dev-addr)."""
    try:
        lines = makefile.read_text(encoding="utf-8").splitlines()
    except OSError:
        return []
    in_serve = False
    for line in lines:
        if re.match(r"^serve\s*:", line):
            in_serve = True
        elif in_serve and line.startswith("\t") and "mkdocs serve" in line:
            words = shlex.split(line.split("mkdocs serve", 1)[1])
            flags = []
            skip = False
            for word in words:
                if skip:
                    skip = False
                elif word == "--dev-addr" or word == "-a":
                    skip = True
                elif not word.startswith("--dev-addr="):
                    flags.append(word)
            return flags
        elif in_serve and not line.startswith("\t"):
            in_serve = False
    return []


def _wait_served(server: DevServer, url: str, token: str | None, timeout: float) -> None:
    """Poll url until it answers 200 (and holds token, if given)."""
    deadline = time.perf_counter() + timeout
    while True:
        if not server.alive():
            raise RuntimeError(f"mkdocs serve exited:\n{server.output()}")
        status, body = fetch(url, timeout=max(1.0, deadline - time.perf_counter()))
        if status == 200 and (token is None or token in body):
            return
        if time.perf_counter() > deadline:
            raise RuntimeError(f"timed out after {timeout:g} s waiting for {url} ({token})")
        time.sleep(0.02)


def edit_to_served(
    site: SyntheticSite,
    edits: int,
    log: Path,
    flags: list[str] | None = None,
    timeout: float = 600,
) -> Serve:
    """Serve the site, edit claims' titles one at a time, time each save -> served page."""
    ids = site.claim_ids()
    server = DevServer(site.root, log, flags)
    try:
        start = time.perf_counter()
        server.start()
        _wait_served(server, server.url + f"claims/{ids[0]}/", None, timeout)
        result = Serve(time.perf_counter() - start, flags=list(flags or []))
        for k in range(edits):
            claim_id = ids[(k * 7919 + len(ids) // 2) % len(ids)]
            path = site.claim_file(claim_id)
            token = f"Benchmark edit {uuid.uuid4().hex[:12]}"
            text = set_title(path.read_text(encoding="utf-8"), token)
            time.sleep(1.0)  # let the server settle after the previous rebuild
            path.write_bytes(text.encode("utf-8"))
            saved = time.perf_counter()
            _wait_served(server, server.url + f"claims/{claim_id}/", token, timeout)
            result.edits.append(time.perf_counter() - saved)
        return result
    finally:
        server.stop()
