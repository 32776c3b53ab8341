"""The generator as a package: the wheel and sdist, their metadata, and a fresh install.

One wheel is built per session (tests/distribution.py) and installed into a fresh
virtualenv with nothing but its declared dependencies; there `factcheck init`,
`factcheck validate` and `mkdocs build --strict` must work, away from this repository.
"""

from __future__ import annotations

import re
import tarfile
import zipfile
from email.message import Message
from email.parser import Parser
from pathlib import Path

import pytest

import distribution
from distribution import REPO, checked, run
from factcheck import __version__

PACKAGE = REPO / "scripts" / "factcheck"


@pytest.fixture(scope="session")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.getbasetemp() / "distribution"


@pytest.fixture(scope="session")
def wheel(root: Path) -> Path:
    root.mkdir(exist_ok=True)
    return distribution.wheel(root)


@pytest.fixture(scope="session")
def installed(root: Path, wheel: Path) -> Path:
    """The bin/ folder of a fresh virtualenv with the wheel and its dependencies only."""
    return distribution.virtualenv(root, "venv")


def metadata(wheel: Path) -> Message:
    with zipfile.ZipFile(wheel) as z:
        name = next(n for n in z.namelist() if n.endswith(".dist-info/METADATA"))
        return Parser().parsestr(z.read(name).decode("utf-8"))


def entry_points(wheel: Path) -> str:
    with zipfile.ZipFile(wheel) as z:
        name = next(n for n in z.namelist() if n.endswith(".dist-info/entry_points.txt"))
        return z.read(name).decode("utf-8")


# --- metadata ---------------------------------------------------------------------


def test_name_version_licence_and_readme(wheel: Path) -> None:
    meta = metadata(wheel)
    assert meta["Name"] == "factcheck-site"  # "factcheck" on PyPI is a QuickCheck library
    assert meta["Version"] == __version__
    assert meta["License-Expression"] == "MIT"
    assert meta.get_all("License-File") == ["LICENSE"]
    assert meta["Requires-Python"] == ">=3.11"
    assert meta["Description-Content-Type"] == "text/markdown"
    description = meta.get_payload()
    assert isinstance(description, str)
    assert "factcheck init" in description and "properdocs" in description
    assert "](docs/" not in description, "no relative links: PyPI cannot follow them"


def test_classifiers(wheel: Path) -> None:
    classifiers = metadata(wheel).get_all("Classifier") or []
    for needed in (
        "Framework :: MkDocs",
        "Programming Language :: Python :: 3.11",
        "Typing :: Typed",
        "Environment :: Console",
    ):
        assert needed in classifiers
    # With a licence expression (PEP 639), licence classifiers are not allowed.
    assert not [c for c in classifiers if c.startswith("License ::")]


def test_every_dependency_has_a_lower_and_an_upper_bound(wheel: Path) -> None:
    requires = [r for r in metadata(wheel).get_all("Requires-Dist") or [] if "extra ==" not in r]
    assert "mkdocs<2,>=1.6" in requires
    assert len(requires) >= 8
    for requirement in requires:
        assert re.search(r">=\d", requirement) and re.search(r"<\d", requirement), requirement
    extras = metadata(wheel).get_all("Requires-Dist") or []
    assert 'properdocs<2,>=1.6.7; extra == "properdocs"' in extras


def test_entry_points_for_both_engines_and_the_command(wheel: Path) -> None:
    text = entry_points(wheel)
    sections = dict(re.findall(r"\[([\w.]+)\]\n([^\[]*)", text))
    assert sections["console_scripts"].strip() == "factcheck = factcheck.cli:run"
    for group in ("mkdocs.plugins", "properdocs.plugins"):
        assert sections[group].strip() == "factcheck = factcheck.plugin:FactcheckPlugin", group


def test_wheel_ships_every_file_of_the_package(wheel: Path) -> None:
    """Package data included: templates, assets, schemas, the claim template, the site kit."""
    wanted = {
        "factcheck/" + p.relative_to(PACKAGE).as_posix()
        for p in PACKAGE.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    with zipfile.ZipFile(wheel) as z:
        shipped = {n for n in z.namelist() if n.startswith("factcheck/")}
        licence = [n for n in z.namelist() if n.endswith(".dist-info/licenses/LICENSE")]
    assert wanted - shipped == set()
    assert {n for n in shipped if "/sitekit/" in n} >= {
        "factcheck/sitekit/mkdocs.yml.jinja",
        "factcheck/sitekit/dot-github/workflows/pr.yml",
        "factcheck/sitekit/claims/dot-gitkeep",
    }
    assert licence


def test_sdist_holds_the_sources_licence_and_readme(root: Path, wheel: Path) -> None:
    with tarfile.open(distribution.sdist(root)) as tar:
        names = {n.split("/", 1)[1] for n in tar.getnames() if "/" in n}
    for needed in ("LICENSE", "PACKAGE.md", "pyproject.toml", "scripts/factcheck/plugin.py"):
        assert needed in names
    assert "scripts/factcheck/sitekit/docs/about.md.jinja" in names


def test_twine_check_passes(root: Path, wheel: Path) -> None:
    """What the release workflow runs: the metadata and readme as PyPI would render them."""
    twine = distribution.tools(root) / "twine"
    out = checked(twine, "check", "--strict", *sorted(distribution.dist(root).iterdir()), cwd=root)
    assert out.count("PASSED") == 2, out


# --- a fresh install ----------------------------------------------------------------


def test_installed_from_the_wheel_alone(installed: Path, tmp_path: Path) -> None:
    where = checked(
        installed / "python", "-c", "import factcheck; print(factcheck.__file__)", cwd=tmp_path
    )
    assert str(REPO) not in where and "site-packages" in where
    assert "No broken requirements" in distribution.pip(installed, "check", cwd=tmp_path)


def test_init_validate_and_strict_build_in_a_fresh_virtualenv(
    installed: Path, tmp_path: Path
) -> None:
    out = checked(installed / "factcheck", "init", "site", "--name", "Fresh Check", cwd=tmp_path)
    assert "mkdocs build --strict" in out
    site = tmp_path / "site"
    assert checked(installed / "factcheck", "validate", cwd=site) == "1 claim(s) valid.\n"
    done = run(installed / "mkdocs", "build", "--strict", cwd=site)
    assert done.returncode == 0, done.stderr
    assert "NOTICE  -  factcheck: to fill in: site_url" in done.stderr
    page = site / "site" / "claims" / "example-claim" / "index.html"
    assert "Example: a statement as it would be checked on this site" in page.read_text()


def test_new_claim_in_a_fresh_virtualenv(installed: Path, tmp_path: Path) -> None:
    checked(installed / "factcheck", "init", "site", "--name", "Fresh Check", cwd=tmp_path)
    site = tmp_path / "site"
    out = checked(installed / "factcheck", "new", "first", "--title", "A first claim", cwd=site)
    assert "Created claims/first.yaml." in out
