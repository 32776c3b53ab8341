"""`factcheck init`: a new site, complete and working at once, with nothing of ours in it.

Also the placeholder check (`factcheck.placeholders`): a pure function tested on plain
values, then in real builds of a fresh site, strict and not.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import BIN, REPO, mkdocs_build
from factcheck import placeholders
from factcheck.init import (
    Answers,
    InitError,
    ask_missing,
    check_answers,
    next_steps,
    plan_site,
    theme_languages,
    write_site,
)
from factcheck.load import load_claims, load_scale
from factcheck.placeholders import Placeholder
from test_repo_files import check_jsonschema, zizmor

TODAY = dt.date.today()
ANSWERS = Answers(name="Civic Check", language="en", publisher="Civic Newsroom")
LANGUAGES = frozenset({"en", "fr", "de"})

# Names from this repository's own site: none may appear in a new site.
OURS = re.compile(
    r"Ford|Xiaomi|IT Home|Financial Times|Farley|BYD|CATL|Geely|Moolenaar|Trump|Dearborn"
    r"|Volvo|Polestar|Pentagon|ford-xiaomi",
    re.IGNORECASE,
)
FILES = [
    ".github/ISSUE_TEMPLATE/config.yml",
    ".github/ISSUE_TEMPLATE/correction.yml",
    ".github/ISSUE_TEMPLATE/suggest-claim.yml",
    ".github/pull_request_template.md",
    ".github/workflows/deploy.yml",
    ".github/workflows/pr.yml",
    ".gitignore",
    "README.md",
    "claims/.gitkeep",
    "claims/example-claim.yaml",
    "docs/about.md",
    "docs/corrections.md",
    "docs/index.md",
    "docs/methodology.md",
    "docs/ratings.md",
    "mkdocs.yml",
    "ratings.yaml",
    "requirements.txt",
    "scripts/factcheck/claim.schema.json",
    "scripts/factcheck/ratings.schema.json",
]


def init(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [BIN / "factcheck", "init", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        stdin=subprocess.DEVNULL,
        env={"PATH": "/usr/bin:/bin"},
    )


@pytest.fixture(scope="module")
def new_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site written by `factcheck init`, as a newsroom would start it."""
    cwd = tmp_path_factory.mktemp("init")
    done = init(cwd, "newsroom", "--name", "Civic Check", "--publisher", "Civic Newsroom")
    assert done.returncode == 0, done.stderr
    return cwd / "newsroom"


@pytest.fixture(scope="module")
def strict_build(new_site: Path) -> subprocess.CompletedProcess[str]:
    done = mkdocs_build(new_site)
    assert done.returncode == 0, done.stderr
    return done


# --- the plan: every file, nothing of ours ------------------------------------------


def test_plan_holds_every_file_a_site_needs() -> None:
    assert list(plan_site(ANSWERS, TODAY)) == FILES


def test_nothing_of_the_repository_site_goes_into_a_new_site() -> None:
    for path, text in plan_site(ANSWERS, TODAY).items():
        found = OURS.search(text)
        assert found is None, f"{path}: {found and found[0]!r}"


def test_answers_go_into_yaml_as_safe_values() -> None:
    tricky = Answers(name='Vérif: "quoted" # not a comment', language="fr", publisher="A & B\\C")
    plan = plan_site(tricky, TODAY)
    config = yaml.safe_load(plan["mkdocs.yml"])
    assert config["site_name"] == tricky.name
    assert config["theme"]["language"] == "fr"
    assert config["copyright"] == "© A & B\\C"
    [_, factcheck] = config["plugins"]
    assert factcheck["factcheck"]["publisher"] == {"name": "A & B\\C"}


def test_answers_are_escaped_in_markdown() -> None:
    hostile = Answers(name="<script>alert(1)</script>", language="en", publisher="<b>x</b>")
    plan = plan_site(hostile, TODAY)
    for path in ("docs/index.md", "docs/about.md", "README.md"):
        assert "<script>" not in plan[path] and "&lt;script&gt;" in plan[path], path
    assert "&lt;b&gt;x&lt;/b&gt;" in plan["docs/about.md"]


def test_example_claim_is_valid_and_plainly_an_example(tmp_path: Path) -> None:
    write_site(tmp_path, plan_site(ANSWERS, TODAY))
    scale, problems = load_scale(tmp_path / "ratings.yaml")
    assert scale is not None, problems
    result = load_claims([tmp_path / "claims"], scale, root=tmp_path)
    assert result.problems == []
    [claim] = result.claims
    assert claim.title.startswith("Example:")
    assert claim.reviewed == TODAY and claim.tags == ("example",)
    text = (tmp_path / "claims" / "example-claim.yaml").read_text()
    assert "AN EXAMPLE, NOT A FACT-CHECK" in text
    # Every address is under a domain reserved for examples (RFC 2606).
    urls = re.findall(r"https?://[^\s\"']+", text)
    assert urls and all(placeholders.is_reserved(u) for u in urls), urls


def test_transparency_pages_hold_marked_placeholders() -> None:
    plan = plan_site(ANSWERS, TODAY)
    about = plan["docs/about.md"]
    for heading in (
        "## Independence and fairness",
        "## Funding and organisation",
        "## Team",
        "## Contact",
    ):
        assert heading in about
    for page in ("docs/about.md", "docs/methodology.md", "docs/corrections.md", "docs/index.md"):
        assert placeholders.MARKER in plan[page], page
    assert "<!-- factcheck:claims -->" in plan["docs/index.md"]
    assert "<!-- factcheck:scale -->" in plan["docs/ratings.md"]
    assert "<!-- factcheck:corrections -->\n" in plan["docs/corrections.md"]


def test_readme_gives_the_two_commands_and_a_language_note_only_when_needed() -> None:
    readme = plan_site(ANSWERS, TODAY)["README.md"]
    assert ".venv/bin/mkdocs serve" in readme and ".venv/bin/mkdocs build --strict" in readme
    assert "translate" not in readme
    french = plan_site(Answers("Vérif", "fr", "Rédaction"), TODAY)["README.md"]
    assert "The theme speaks `fr`" in french


def test_requirements_pin_this_version() -> None:
    plan = plan_site(ANSWERS, TODAY, version="9.8.7")
    lines = [x for x in plan["requirements.txt"].splitlines() if x and not x.startswith("#")]
    assert lines == ["factcheck-site==9.8.7"]


# --- answers ----------------------------------------------------------------------------


def test_answers_are_checked() -> None:
    assert check_answers(
        {"name": " Civic Check ", "language": None, "publisher": None}, LANGUAGES
    ) == (Answers("Civic Check", "en", "Civic Check"))
    for given, message in [
        ({"name": ""}, "give the site's name"),
        ({"name": "a\nb"}, "--name: give one line of text"),
        ({"name": "x" * 101}, "--name: at most 100 characters"),
        ({"name": "a\u202eb"}, "--name: "),
        ({"name": "ok", "publisher": "\x07"}, "--publisher: "),
        ({"name": "ok", "language": "xx"}, "--language 'xx' is not a language of the theme"),
    ]:
        with pytest.raises(InitError, match=re.escape(message)):
            check_answers(given, LANGUAGES)


def test_languages_are_the_themes() -> None:
    languages = theme_languages()
    assert {"en", "fr", "de", "es", "ar", "zh"} <= languages


def test_prompts_ask_for_each_missing_answer() -> None:
    asked: list[str] = []

    def ask(prompt: str) -> str:
        asked.append(prompt)
        return {"Site": "Civic Check", "Language": ""}.get(prompt.split()[0], "")

    answers = ask_missing({"name": None, "language": None, "publisher": "Civic Newsroom"}, ask)
    assert answers == {"name": "Civic Check", "language": "en", "publisher": "Civic Newsroom"}
    assert [p.split()[0] for p in asked] == ["Site", "Language"]
    assert asked[1].endswith("[en]: ")


def test_never_overwrites_and_writes_nothing_when_a_file_exists(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()  # an existing clone is fine
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "about.md").write_text("ours\n")
    with pytest.raises(InitError, match=r"already has docs/about\.md: init never overwrites"):
        write_site(tmp_path, plan_site(ANSWERS, TODAY))
    assert sorted(p.name for p in tmp_path.rglob("*")) == [".git", "about.md", "docs"]


# --- the command ------------------------------------------------------------------------


def test_command_writes_the_site_and_says_what_next(tmp_path: Path) -> None:
    done = init(tmp_path, "s", "--name", "Civic Check", "--language", "de")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[:2] == [f"Created 'Civic Check' in {Path('s')}/.", ""]
    assert "  .venv/bin/mkdocs build --strict" in done.stdout
    assert "translate them" in done.stdout
    assert (
        sorted(
            str(p.relative_to(tmp_path / "s")) for p in (tmp_path / "s").rglob("*") if p.is_file()
        )
        == FILES
    )
    assert next_steps(Path("s"), ANSWERS).startswith("Created 'Civic Check' in s/.")


def test_command_without_a_name_and_without_a_terminal_is_a_usage_error(tmp_path: Path) -> None:
    done = init(tmp_path, "s")
    assert done.returncode == 2
    assert "give the site's name: --name" in done.stderr
    assert not (tmp_path / "s").exists()


def test_command_refuses_an_existing_site(tmp_path: Path) -> None:
    assert init(tmp_path, "s", "--name", "A").returncode == 0
    again = init(tmp_path, "s", "--name", "B")
    assert again.returncode == 2
    assert "init never overwrites a file" in again.stderr
    assert 'site_name: "A"' in (tmp_path / "s" / "mkdocs.yml").read_text()


# --- the new site works --------------------------------------------------------------------


def test_new_site_validates(new_site: Path) -> None:
    done = subprocess.run(
        [BIN / "factcheck", "validate"], cwd=new_site, capture_output=True, text=True, check=False
    )
    assert (done.returncode, done.stdout) == (0, "1 claim(s) valid.\n"), done.stderr


def test_strict_build_passes_at_once_and_names_each_placeholder(
    new_site: Path, strict_build: subprocess.CompletedProcess[str]
) -> None:
    notices = [
        line.removeprefix("NOTICE  -  factcheck: to fill in: ")
        for line in strict_build.stderr.splitlines()
        if line.startswith("NOTICE  -  factcheck: to fill in: ")
    ]
    assert "WARNING" not in strict_build.stderr
    expected = ["site_url", "repo_url"]
    for page in ("index", "about", "corrections", "methodology"):
        text = (new_site / "docs" / f"{page}.md").read_text()
        for number, line in enumerate(text.splitlines(), 1):
            expected += [f"docs/{page}.md:{number}"] * line.count(placeholders.MARKER)
    expected.append("claims/example-claim.yaml")
    assert sorted(n.split(": ")[0] for n in notices) == sorted(expected)
    assert len(expected) >= 12
    assert f"NOTICE  -  factcheck: {len(expected)} placeholder(s) to fill in" in strict_build.stderr


def test_without_strict_the_notices_are_warnings(new_site: Path, tmp_path: Path) -> None:
    done = subprocess.run(
        [BIN / "mkdocs", "build", "-f", new_site / "mkdocs.yml", "-d", tmp_path / "site"],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert done.returncode == 0, done.stderr
    warnings = [
        x for x in done.stderr.splitlines() if x.startswith("WARNING -  factcheck: to fill in")
    ]
    assert any(
        "site_url: https://example.org/ is a reserved example address" in w for w in warnings
    )
    assert any("docs/about.md:" in w and "[[FILL IN: " in w for w in warnings)
    assert "NOTICE" not in done.stderr


def test_a_finished_site_builds_without_a_notice(tmp_path: Path) -> None:
    write_site(tmp_path, plan_site(ANSWERS, TODAY))
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        config.read_text()
        .replace("https://example.org/", "https://check.civic.news/")
        .replace("https://example.com/your-newsroom/your-site", "https://github.com/civic/check")
    )
    for page in (tmp_path / "docs").glob("*.md"):
        page.write_text(re.sub(r"\[\[FILL IN:[^\]]*\]\]", "Filled in.", page.read_text()))
    (tmp_path / "claims" / "example-claim.yaml").unlink()
    done = mkdocs_build(tmp_path)
    assert done.returncode == 0, done.stderr
    assert "to fill in" not in done.stderr and "NOTICE" not in done.stderr
    assert "factcheck: 0 claims" in done.stderr


def test_built_site_has_the_example_and_nothing_of_ours(
    new_site: Path, strict_build: subprocess.CompletedProcess[str]
) -> None:
    site = new_site / "site"
    page = (site / "claims" / "example-claim" / "index.html").read_text()
    assert (
        '<h1 id="claim-title">Example: a statement as it would be checked on this site</h1>' in page
    )
    assert "<title>Civic Check</title>" in (site / "index.html").read_text()
    ours = [*site.rglob("*.html"), *site.glob("*.json"), *site.glob("*.csv"), *site.glob("*.atom")]
    ours += [*(site / "assets" / "factcheck").rglob("*"), *(site / "search").rglob("*.json")]
    for path in ours:
        if path.is_file():
            found = OURS.search(path.read_text(encoding="utf-8"))
            assert found is None, f"{path.relative_to(site)}: {found and found[0]!r}"


def test_factcheck_new_in_a_new_site_points_editors_at_the_schema(tmp_path: Path) -> None:
    write_site(tmp_path, plan_site(ANSWERS, TODAY))
    done = subprocess.run(
        [BIN / "factcheck", "new", "first", "--no-input"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    for claim in ("first.yaml", "example-claim.yaml"):
        modeline = (tmp_path / "claims" / claim).read_text().splitlines()[0]
        schema = modeline.split("$schema=", 1)[1]
        assert (tmp_path / "claims" / schema).resolve().is_file(), modeline
    modeline = (tmp_path / "ratings.yaml").read_text().splitlines()[0]
    assert (tmp_path / modeline.split("$schema=", 1)[1]).is_file()


def test_host_files_pass_the_schemas_and_zizmor(new_site: Path) -> None:
    github = new_site / ".github"
    workflows = sorted((github / "workflows").glob("*.yml"))
    forms = [github / "ISSUE_TEMPLATE" / n for n in ("correction.yml", "suggest-claim.yml")]
    for schema, files in [
        ("vendor.github-workflows", workflows),
        ("custom.github-workflows-require-timeout", workflows),
        ("vendor.github-issue-forms", forms),
        ("vendor.github-issue-config", [github / "ISSUE_TEMPLATE" / "config.yml"]),
    ]:
        done = check_jsonschema(schema, *files)
        assert done.returncode == 0, done.stdout + done.stderr
    audit = zizmor(".github/workflows", cwd=new_site)
    assert audit.returncode == 0 and audit.stdout.strip() == "[]", audit.stdout + audit.stderr


def test_host_files_run_the_two_checks_and_link_existing_pages(new_site: Path) -> None:
    for workflow in ("pr.yml", "deploy.yml"):
        text = (new_site / ".github" / "workflows" / workflow).read_text()
        assert "run: python -m pip install -r requirements.txt" in text
        assert "run: factcheck validate" in text and "run: mkdocs build --strict" in text
    template = (new_site / ".github" / "pull_request_template.md").read_text()
    for target in re.findall(r"\]\(\.\./blob/HEAD/([^)#]+)", template):
        assert (new_site / target).is_file(), target
    form = yaml.safe_load((new_site / ".github" / "ISSUE_TEMPLATE" / "correction.yml").read_text())
    assert f'"{form["name"]}"' in (new_site / "docs" / "corrections.md").read_text()


# --- the placeholder check, as a pure function --------------------------------------------


@pytest.mark.parametrize(
    ("url", "reserved"),
    [
        ("https://example.org/", True),
        ("https://www.example.com/site/", True),
        ("https://example.net", True),
        ("https://news.example/", True),
        ("http://localhost:8000/", True),
        ("https://site.test/", True),
        ("", True),
        ("https://factcheck.example.co.uk/", False),
        ("https://counterexample.org/", False),
        ("https://github.com/example/site", False),
    ],
)
def test_reserved_addresses(url: str, reserved: bool) -> None:
    assert placeholders.is_reserved(url) is reserved


def test_find_names_settings_markers_and_examples() -> None:
    found = placeholders.find(
        site_url="https://example.org/",
        repo_url=None,
        pages=[
            ("docs/a.md", "# A\n\nText [[FILL IN: who funds us]] and [[FILL IN]].\n"),
            ("docs/b.md", "no marker\n[[FILL IN: " + "long " * 40 + "\n"),
            ("docs/c.md", "[[FILL in: lower case is text]]\n"),
        ],
        claims=[("claims/x.yaml", "Example: x"), ("claims/y.yaml", "An example: y")],
    )
    assert [str(p).split(": ")[0] for p in found] == [
        "site_url",
        "repo_url",
        "docs/a.md:3",
        "docs/a.md:3",
        "docs/b.md:2",
        "claims/x.yaml",
    ]
    assert found[2] == Placeholder("docs/a.md:3", "[[FILL IN: who funds us]]")
    assert found[3].what == "[[FILL IN: ...]]"
    assert len(found[4].what) < 90 and found[4].what.endswith(" ...]]")
    assert "repo_url: not set" in str(found[1])


def test_find_is_empty_for_a_finished_site() -> None:
    assert (
        placeholders.find(
            site_url="https://check.civic.news/",
            repo_url="https://github.com/civic/check",
            pages=[("docs/index.md", "# Civic Check\n")],
            claims=[("claims/a.yaml", "The mayor doubled the budget")],
        )
        == []
    )


def test_this_repository_has_only_its_placeholder_address() -> None:
    """Our own site_url is still example.org: a notice, never a failure (make build)."""
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    pages = [(str(p), p.read_text(encoding="utf-8")) for p in (REPO / "docs").rglob("*.md")]
    found = placeholders.find(site_url=config["site_url"], repo_url=config["repo_url"], pages=pages)
    assert {p.where for p in found} <= {"site_url"}


@pytest.mark.parametrize(
    ("strict", "level"), [(True, placeholders.NOTICE), (False, logging.WARNING)]
)
def test_report_level(strict: bool, level: int, caplog: pytest.LogCaptureFixture) -> None:
    log = logging.getLogger("mkdocs.plugins.factcheck.test")
    found = [Placeholder("site_url", "x"), Placeholder("docs/a.md:1", "[[FILL IN: y]]")]
    with caplog.at_level(logging.DEBUG, logger=log.name):
        placeholders.report(found, log, strict=strict)
        placeholders.report([], log, strict=strict)
    assert [(r.levelno, r.getMessage()) for r in caplog.records] == [
        (level, "factcheck: to fill in: site_url: x"),
        (level, "factcheck: to fill in: docs/a.md:1: [[FILL IN: y]]"),
        (
            level,
            "factcheck: 2 placeholder(s) to fill in before the site is published"
            + (" (notices: strict mode does not fail on them)" if strict else ""),
        ),
    ]
    assert logging.getLevelName(placeholders.NOTICE) == "NOTICE"
    assert logging.INFO < placeholders.NOTICE < logging.WARNING
