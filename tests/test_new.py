"""`factcheck new`: scaffold a claim from the annotated template."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import BIN, REPO
from factcheck.load import load_claims
from factcheck.model import Scale
from factcheck.new import QUESTIONS, ask_missing, render_claim


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    shutil.copy(REPO / "ratings.yaml", tmp_path / "ratings.yaml")
    return tmp_path


def new(cwd: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [BIN / "factcheck", "new", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
    )


FULL = [
    "--title",
    "Acme denies Moon plant",
    "--claim",
    "Acme will build a plant on the Moon.",
    "--claimant",
    "Daily Example",
    "--claimant-type",
    "organization",
    "--date",
    "2026-02",
    "--publisher",
    "Daily Example",
    "--status",
    "unproven",
    "--tags",
    "acme, moon",
]


def test_options_fill_the_template_and_the_rest_is_listed(workdir: Path, scale: Scale) -> None:
    done = new(workdir, "acme-moon", *FULL)
    assert done.returncode == 0, done.stderr
    path = workdir / "claims" / "acme-moon.yaml"
    assert done.stdout.splitlines() == [
        f"Created {Path('claims/acme-moon.yaml')}.",
        "Still to fill in (then run: factcheck validate):",
        "  claims/acme-moon.yaml:49: verdict: is empty; fill it in",
        "  claims/acme-moon.yaml:59: evidence[0].publisher: is empty; fill it in",
    ]
    text = path.read_text()
    assert text.startswith("# yaml-language-server: $schema=../scripts/factcheck/claim.schema.json")
    filled = text.replace('verdict: ""', "verdict: Denied; unsettled.").replace(
        'publisher: ""', "publisher: Example Wire"
    )
    path.write_text(filled)
    [claim] = load_claims([path], scale).claims
    assert (claim.title, claim.claimant.type, claim.tags) == (
        "Acme denies Moon plant",
        "organization",
        ("acme", "moon"),
    )
    assert claim.reviewed == dt.date.today()


def test_refuses_an_existing_id_and_keeps_the_file(workdir: Path) -> None:
    (workdir / "claims").mkdir()
    (workdir / "claims" / "taken.yaml").write_text("precious\n")
    done = new(workdir, "taken", *FULL)
    assert done.returncode == 2
    assert "claims/taken.yaml already exists: ids are permanent" in done.stderr
    assert (workdir / "claims" / "taken.yaml").read_text() == "precious\n"


@pytest.mark.parametrize("bad", ["Acme", "acme_moon", "acme-", "acme--moon", "../etc/x", "a b"])
def test_refuses_an_id_that_is_not_a_slug(workdir: Path, bad: str) -> None:
    done = new(workdir, bad, *FULL)
    assert done.returncode == 2
    assert f"'{bad}' is not a valid claim id" in done.stderr
    assert not (workdir / "claims").exists()


def test_without_a_terminal_it_never_prompts(workdir: Path) -> None:
    done = new(workdir, "bare", stdin="this must not be read as an answer\n")
    assert done.returncode == 0
    text = (workdir / "claims" / "bare.yaml").read_text()
    assert 'title: ""' in text and "this must not" not in text
    assert "title: is empty; fill it in" in done.stdout


def test_prompts_ask_for_each_missing_essential() -> None:
    asked: list[str] = []
    replies = iter(["A title", "", "", "", "", "", "", ""])

    def ask(prompt: str) -> str:
        asked.append(prompt)
        return next(replies)

    answers = ask_missing({"claim": "Given as an option.", "status": None}, ask)
    assert answers["title"] == "A title" and answers["claim"] == "Given as an option."
    assert answers["claimant_type"] == "person"  # the default, when the answer is blank
    assert len(asked) == len(QUESTIONS) - 1
    assert "person or organization [person]: " in asked


def test_answers_cannot_break_out_of_their_yaml_value(scale: Scale, tmp_path: Path) -> None:
    answers = {q.name: "" for q in QUESTIONS} | {
        "title": 'x"\nstatus: false\n# ',
        "claim": "a: b # c",
        "tags": "",
    }
    path = tmp_path / "x.yaml"
    path.write_text(render_claim(answers, scale, dt.date(2026, 2, 3)))
    problems = [str(p) for p in load_claims([path], scale).problems]
    assert f"{path}:7: title: must be one line of text (1 to 300 characters)" in problems
    assert not any("duplicate key" in p for p in problems)
