"""`make audit`: Lighthouse scores of the built site, as a reader's browser gets it.

Builds the site (mkdocs build --strict) into a temporary folder, serves it on
127.0.0.1 with gzip (as any web host would), and runs Lighthouse 12.2.3 (npm;
newer ones need Node 22) with Debian's Chromium on the home page and the main
claim page, mobile and desktop. Prints the scores against the targets:
accessibility, best practices and SEO 100, performance at least 95 on mobile.
Exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import json
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

from .chromium import CHROMIUM, LOCAL_HOST

REPO = Path(__file__).resolve().parent.parent
LIGHTHOUSE = REPO / ".audit" / "node_modules" / ".bin" / "lighthouse"
PAGES = ("", "claims/ford-xiaomi-joint-venture/")
TARGETS = {"accessibility": 100, "best-practices": 100, "seo": 100, "performance": 95}
COMPRESSED = (".html", ".css", ".js", ".json", ".xml", ".svg", ".atom", ".csv", ".txt")
FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --no-first-run --disable-sync"
)


class _GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files; text ones gzipped when the browser asks for it."""

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def send_head(self) -> Any:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        wants = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (wants and path.suffix in COMPRESSED and path.is_file()):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def serve(root: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(_GzipHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer((LOCAL_HOST, 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://{LOCAL_HOST}:{server.server_address[1]}/"


def lighthouse(url: str, desktop: bool, out: Path) -> dict[str, int]:
    cmd = [str(LIGHTHOUSE), url, "--quiet", f"--chrome-flags={FLAGS}", "--output=json"]
    cmd += [f"--output-path={out}"] + (["--preset=desktop"] if desktop else [])
    env = {**os.environ, "CHROME_PATH": str(CHROMIUM)}
    subprocess.run(cmd, env=env, check=True, capture_output=True, timeout=300)
    report = json.loads(out.read_text(encoding="utf-8"))
    return {k: round(v["score"] * 100) for k, v in report["categories"].items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.audit", description=__doc__)
    parser.add_argument("--site", type=Path, help="a built site to audit (default: build one)")
    args = parser.parse_args(argv)
    if not LIGHTHOUSE.exists():
        raise SystemExit(f"{LIGHTHOUSE} is missing: run `make audit`, which installs it")
    with tempfile.TemporaryDirectory() as tmp:
        site = args.site
        if site is None:
            site = Path(tmp) / "site"
            mkdocs = Path(sys.executable).parent / "mkdocs"
            subprocess.run(
                [str(mkdocs), "build", "--strict", "-q", "-d", str(site)], cwd=REPO, check=True
            )
        server, url = serve(site)
        missed = []
        print("| Page | Device | Performance | Accessibility | Best practices | SEO |")
        print("| --- | --- | --- | --- | --- | --- |")
        try:
            for page in PAGES:
                for desktop in (False, True):
                    scores = lighthouse(url + page, desktop, Path(tmp) / "report.json")
                    device = "desktop" if desktop else "mobile"
                    row = [
                        scores[k] for k in ("performance", "accessibility", "best-practices", "seo")
                    ]
                    print(f"| /{page} | {device} | " + " | ".join(map(str, row)) + " |")
                    for category, target in TARGETS.items():
                        if category == "performance" and desktop:
                            continue
                        if scores[category] < target:
                            missed.append(
                                f"/{page} {device}: {category} {scores[category]} < {target}"
                            )
        finally:
            server.shutdown()
    for line in missed:
        print(f"target missed: {line}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
