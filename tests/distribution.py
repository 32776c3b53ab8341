"""The distribution, built once per test session, and fresh virtualenvs that install it.

Shared by test_package.py and test_engines.py: each step is cached by its arguments,
so a session builds the wheel once and makes each virtualenv once, whichever test
asks first. The sources are copied to a temporary folder and built there with
`python -m build` (isolated, as a release would), so nothing is written into the
working tree. Installing reaches PyPI for the dependencies, as any newsroom would.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SOURCES = ("pyproject.toml", "README.md", "PACKAGE.md", "LICENSE", "scripts/factcheck")
PROPERDOCS = "properdocs==1.6.7"
TWINE = "twine==7.0.0"


def env(**extra: str) -> dict[str, str]:
    """A clean environment: nothing of the project's own virtualenv leaks in."""
    keep = {k: v for k, v in os.environ.items() if k not in {"VIRTUAL_ENV", "PYTHONPATH"}}
    return {
        **keep,
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "NO_MKDOCS_2_WARNING": "1",  # Material's banner about MkDocs 2.0
        "DISABLE_MKDOCS_2_WARNING": "true",  # ProperDocs' one
        **extra,
    }


def run(*args: str | Path, cwd: Path, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        env=env(),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        stdin=subprocess.DEVNULL,
    )


def checked(*args: str | Path, cwd: Path, timeout: float = 600) -> str:
    done = run(*args, cwd=cwd, timeout=timeout)
    assert done.returncode == 0, f"{args}: exit {done.returncode}\n{done.stdout}\n{done.stderr}"
    return done.stdout


@functools.cache
def dist(root: Path) -> Path:
    """A folder with the wheel and the sdist, built from a copy of the sources."""
    src, out = root / "src", root / "dist"
    for name in SOURCES:
        path = REPO / name
        if path.is_dir():
            ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
            shutil.copytree(path, src / name, ignore=ignore)
        else:
            (src / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, src / name)
    checked(sys.executable, "-m", "build", "--outdir", out, src, cwd=root)
    return out


def wheel(root: Path) -> Path:
    (found,) = dist(root).glob("*.whl")
    return found


def sdist(root: Path) -> Path:
    (found,) = dist(root).glob("*.tar.gz")
    return found


def pip(bin_dir: Path, *args: str | Path, cwd: Path) -> str:
    """This project's pip, acting on the virtualenv of bin_dir (which has none of its own:
    creating one with pip costs ten seconds)."""
    return checked(sys.executable, "-m", "pip", "--python", bin_dir / "python", *args, cwd=cwd)


def _create(target: Path, *packages: str) -> Path:
    venv.create(target, with_pip=False)
    bin_dir = target / "bin"
    pip(bin_dir, "install", "--quiet", *packages, cwd=target.parent)
    return bin_dir


@functools.cache
def virtualenv(root: Path, name: str, *requirements: str) -> Path:
    """A fresh virtualenv (its bin/ folder) with the wheel and requirements installed."""
    return _create(root / name, str(wheel(root)), *requirements)


@functools.cache
def tools(root: Path) -> Path:
    """A virtualenv with twine only, to check the distribution as a release does."""
    return _create(root / "tools", TWINE)
