"""The site survives its engine: MkDocs 1.6 and ProperDocs build it unchanged, alike.

ProperDocs (a maintained continuation of MkDocs 1.x) runs in its own virtualenv with
the wheel installed, next to the MkDocs that the package requires. Both build this
repository's site from the same mkdocs.yml; the claim pages' content and their
ClaimReview must be the same, and so must every other file but the generator tag.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import distribution
from distribution import PROPERDOCS, REPO, checked, run

GENERATOR = re.compile(r'<meta name="generator" content="[^"]*">')
ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">.*?</article>', re.S)
JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


@pytest.fixture(scope="session")
def engines(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bin/ folder of a virtualenv with the wheel (so MkDocs) and ProperDocs."""
    root = tmp_path_factory.getbasetemp() / "distribution"
    root.mkdir(exist_ok=True)
    return distribution.virtualenv(root, "engines", PROPERDOCS)


@pytest.fixture(scope="session")
def builds(engines: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """This repository's site, built by each engine with --strict."""
    out = tmp_path_factory.mktemp("engines")
    sites = {}
    for engine in ("mkdocs", "properdocs"):
        site = out / engine
        done = run(
            engines / engine, "build", "--strict", "-f", REPO / "mkdocs.yml", "-d", site, cwd=REPO
        )
        assert done.returncode == 0, f"{engine}:\n{done.stderr}"
        sites[engine] = site
    return sites


def claim_ids() -> list[str]:
    return sorted(p.stem for p in (REPO / "claims").glob("*.yaml"))


def test_properdocs_finds_the_plugin_by_its_own_entry_point(engines: Path, tmp_path: Path) -> None:
    code = (
        "from importlib.metadata import entry_points as e;"
        "print([p.value for p in e(group='properdocs.plugins') if p.name == 'factcheck'])"
    )
    assert checked(engines / "python", "-c", code, cwd=tmp_path).strip() == (
        "['factcheck.plugin:FactcheckPlugin']"
    )
    assert checked(engines / "properdocs", "--version", cwd=tmp_path).startswith(
        "properdocs, version 1.6.7"
    )


def test_claim_pages_are_the_same_with_both_engines(builds: dict[str, Path]) -> None:
    ids = claim_ids()
    assert ids
    for claim_id in ids:
        pages = {
            engine: (site / "claims" / claim_id / "index.html").read_text(encoding="utf-8")
            for engine, site in builds.items()
        }
        articles = {engine: ARTICLE.findall(page) for engine, page in pages.items()}
        assert len(articles["mkdocs"]) == 1, claim_id
        assert articles["mkdocs"] == articles["properdocs"], claim_id
        reviews = {
            engine: [json.loads(s) for s in JSON_LD.findall(p)] for engine, p in pages.items()
        }
        assert [r["@type"] for r in reviews["mkdocs"]] == ["ClaimReview"], claim_id
        assert reviews["mkdocs"] == reviews["properdocs"], claim_id


def test_the_whole_site_is_the_same_but_the_generator_tag(builds: dict[str, Path]) -> None:
    mk, pd = builds["mkdocs"], builds["properdocs"]
    files = sorted(p.relative_to(mk) for p in mk.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(pd) for p in pd.rglob("*") if p.is_file())
    differ = []
    for path in files:
        a, b = (mk / path).read_bytes(), (pd / path).read_bytes()
        if path.suffix == ".html":
            a, b = (GENERATOR.sub("", x.decode("utf-8")).encode() for x in (a, b))
        if a != b:
            differ.append(str(path))
    assert differ == []
    home = (pd / "index.html").read_text(encoding="utf-8")
    assert '<meta name="generator" content="mkdocs-ProperDocs 1.6.7' in home


def test_a_new_site_builds_with_properdocs_unchanged(engines: Path, tmp_path: Path) -> None:
    """`properdocs build` finds mkdocs.yml by itself; our notices still show, strict passes."""
    checked(engines / "factcheck", "init", "site", "--name", "Engine Check", cwd=tmp_path)
    site = tmp_path / "site"
    done = run(engines / "properdocs", "build", "--strict", cwd=site)
    assert done.returncode == 0, done.stderr
    assert "NOTICE  -  factcheck: to fill in: site_url" in done.stderr
    assert "factcheck: to fill in: claims/example-claim.yaml" in done.stderr
    assert (site / "site" / "claims" / "example-claim" / "index.html").is_file()


def test_a_broken_claim_fails_a_properdocs_build_with_the_same_report(
    engines: Path, tmp_path: Path
) -> None:
    checked(engines / "factcheck", "init", "site", "--name", "Engine Check", cwd=tmp_path)
    site = tmp_path / "site"
    claim = site / "claims" / "example-claim.yaml"
    claim.write_text(claim.read_text().replace("status: unproven", "status: mostly"))
    validated = run(engines / "factcheck", "validate", cwd=site)
    built = run(engines / "properdocs", "build", "--strict", cwd=site)
    assert validated.returncode == 1 and built.returncode == 1
    problem = validated.stderr.splitlines()[0]
    assert problem.startswith("claims/example-claim.yaml:") and "status: 'mostly'" in problem
    assert problem in built.stderr
    assert "Traceback" not in built.stderr
