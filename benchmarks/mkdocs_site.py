"""A site's mkdocs.yml, MkDocs run from the project's .venv, and `mkdocs serve` in a process.

Shared by the benchmark and the browser tests (tests/browser.py).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from .chromium import LOCAL_HOST


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without running its tags (!ENV, !!python/name: ...)."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def read_config(path: Path) -> dict[str, Any]:
    """An mkdocs.yml as plain data."""
    with path.open(encoding="utf-8") as f:
        return yaml.load(f, Loader=_TolerantLoader)  # a SafeLoader subclass


def factcheck_options(config: dict[str, Any]) -> dict[str, Any]:
    """The factcheck plugin's options in a parsed mkdocs.yml, with its defaults."""
    options: dict[str, Any] = {"claims_dir": "claims", "ratings": "ratings.yaml"}
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and "factcheck" in plugin:
            options.update(plugin["factcheck"] or {})
    return options


def set_plugin_options(root: Path, **options: object) -> None:
    """Add options to the factcheck plugin's entry in root/mkdocs.yml, with or
    without options of its own (`  - factcheck:` or `  - factcheck`)."""
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    lines = "".join(f"      {key}: {value}\n" for key, value in options.items())
    for entry in ("  - factcheck:\n", "  - factcheck\n"):
        if entry in text:
            config.write_text(text.replace(entry, "  - factcheck:\n" + lines), encoding="utf-8")
            return
    raise ValueError(f"{config}: no '  - factcheck' entry in its plugins to add options to")


def mkdocs_command(*args: str) -> list[str]:
    """mkdocs of this interpreter (the project's .venv)."""
    return [sys.executable, "-m", "mkdocs", *args]


def mkdocs_env() -> dict[str, str]:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONUNBUFFERED": "1"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind((LOCAL_HOST, 0))
        return s.getsockname()[1]


class DevServer:
    """`mkdocs serve` of the site at root, in its own process group, output in a log file."""

    def __init__(self, root: Path, log: Path, flags: list[str] | None = None) -> None:
        self.root = root
        self.log = log
        self.flags = list(flags or [])
        self.port = free_port()
        self.proc: subprocess.Popen[bytes] | None = None
        # mkdocs serve mounts the site at site_url's path.
        mount = urlsplit(read_config(root / "mkdocs.yml").get("site_url") or "/").path or "/"
        self.url = f"http://{LOCAL_HOST}:{self.port}{mount.rstrip('/')}/"

    def start(self) -> None:
        address = f"{LOCAL_HOST}:{self.port}"
        config = str(self.root / "mkdocs.yml")
        with self.log.open("wb") as out:
            self.proc = subprocess.Popen(
                mkdocs_command("serve", *self.flags, "--dev-addr", address, "-f", config),
                cwd=self.root,
                env=mkdocs_env(),
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        """End the whole process group (mkdocs and anything it started)."""
        if self.proc is None or self.proc.poll() is not None:
            return
        for sig, grace in ((signal.SIGTERM, 10), (signal.SIGKILL, 10)):
            try:
                os.killpg(self.proc.pid, sig)
            except ProcessLookupError:
                return
            try:
                self.proc.wait(timeout=grace)
                return
            except subprocess.TimeoutExpired:
                continue
