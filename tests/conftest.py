"""Shared fixtures: a valid claim, and tiny real sites built with mkdocs --strict."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from factcheck.load import load_scale
from factcheck.model import Scale

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # benchmarks/ is a folder of the repository, not installed
    sys.path.insert(0, str(REPO))

from benchmarks.mkdocs_site import set_plugin_options  # noqa: E402, F401  (tests import it here)

BIN = Path(sys.executable).parent

VALID_CLAIM = textwrap.dedent(
    """\
    # yaml-language-server: $schema=../scripts/factcheck/claim.schema.json
    title: Acme will open a factory on the Moon
    claim: Acme has agreed to build a factory on the Moon by 2030.
    claimant:
      name: Daily Example
      type: organization
    date: 2026-01-31/2026-02-01
    source:
      publisher: Daily Example
      date: 2026-02-01
    appearances:
      - publisher: Example Wire
        url: https://wire.example.org/acme-moon
        date: 2026-02-02
    counter_statements:
      - by: {name: Acme Corp, type: organization}
        text: This report is completely false.
        date: 2026-02-02
        source:
          publisher: Example Wire
    status: unproven
    verdict: |
      The report cites unnamed people and Acme denies it.

      No public document settles it.
    evidence:
      - publisher: Example Wire
        url: https://wire.example.org/acme-moon
        note: Carries the denial.
    tags: [acme, moon]
    reviewed: 2026-02-03
    """
)


@pytest.fixture(scope="session")
def scale() -> Scale:
    loaded, problems = load_scale(REPO / "ratings.yaml")
    assert loaded is not None, problems
    return loaded


def claim_text(**changes: str) -> str:
    """VALID_CLAIM with top-level 'key: value' lines replaced (value as YAML text)."""
    lines = VALID_CLAIM.splitlines()
    for key, value in changes.items():
        lines = [f"{key}: {value}" if line.startswith(f"{key}:") else line for line in lines]
    return "\n".join(lines) + "\n"


MKDOCS_YML = textwrap.dedent(
    """\
    site_name: Test site
    site_url: https://example.org/test/
    repo_url: https://github.com/example/site
    edit_uri: edit/main/docs/
    theme:
      name: material
      font: false
    plugins:
      - search
      - factcheck
    """
)

SiteFactory = Callable[[dict[str, str | bytes]], Path]


@pytest.fixture
def make_site(tmp_path: Path) -> SiteFactory:
    """A site folder: mkdocs.yml, the repo's ratings.yaml, docs/ and the given claims."""

    def make(claims: dict[str, str | bytes]) -> Path:
        root = tmp_path / "site-src"
        (root / "docs").mkdir(parents=True)
        (root / "claims").mkdir()
        (root / "mkdocs.yml").write_text(MKDOCS_YML)
        shutil.copy(REPO / "ratings.yaml", root / "ratings.yaml")
        (root / "docs" / "index.md").write_text("# Home\n\n<!-- factcheck:claims -->\n")
        (root / "docs" / "ratings.md").write_text("# Ratings\n\n<!-- factcheck:scale -->\n")
        for name, content in claims.items():
            path = root / "claims" / name
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        return root

    return make


def mkdocs_build(root: Path, site_dir: Path | None = None) -> subprocess.CompletedProcess[str]:
    """A real `mkdocs build --strict` of the site at root."""
    site_dir = site_dir or root / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [BIN / "mkdocs", "build", "--strict", "-f", root / "mkdocs.yml", "-d", site_dir],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


@pytest.fixture(scope="session")
def repo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This repository's site, built once per session with `mkdocs build --strict`."""
    site = tmp_path_factory.mktemp("repo") / "site"
    done = mkdocs_build(REPO, site)
    assert done.returncode == 0, done.stderr
    return site
