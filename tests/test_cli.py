"""`factcheck validate`: the installed command, its output and exit codes."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import BIN, REPO, VALID_CLAIM, claim_text
from factcheck.cli import github_annotation, main
from factcheck.yamlfile import Problem


def run(cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [BIN / "factcheck", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": "/usr/bin:/bin", **env},
    )


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    shutil.copy(REPO / "ratings.yaml", tmp_path / "ratings.yaml")
    (tmp_path / "claims").mkdir()
    (tmp_path / "claims" / "good.yaml").write_text(VALID_CLAIM)
    return tmp_path


def test_valid_claims_exit_0(workdir: Path) -> None:
    done = run(workdir, "validate")
    assert (done.returncode, done.stdout, done.stderr) == (0, "1 claim(s) valid.\n", "")


def test_invalid_claim_exit_1_with_file_and_line(workdir: Path) -> None:
    (workdir / "claims" / "bad.yaml").write_text(claim_text(status="mostly", date="2026-02-30"))
    done = run(workdir, "validate")
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        "claims/bad.yaml:7: date: 2026-02-30 is not a real date",
        "claims/bad.yaml:21: status: 'mostly' is not a rating on the scale (allowed: false, "
        "misleading, retracted, unproven, outdated, not-checkable, true)",
        "2 problem(s) in 1 file(s).",
    ]
    assert "Traceback" not in done.stdout + done.stderr


def test_paths_can_name_files(workdir: Path) -> None:
    (workdir / "claims" / "bad.yaml").write_text("title: [\n")
    assert run(workdir, "validate", "claims/good.yaml").returncode == 0
    assert run(workdir, "validate", "claims/bad.yaml").returncode == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["validate", "nowhere"], "no such file or folder: nowhere"),
        (["validate", "--ratings", "missing.yaml"], "rating scale not found: missing.yaml"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
        ([], "the following arguments are required: COMMAND"),
    ],
)
def test_usage_errors_exit_2(workdir: Path, args: list[str], message: str) -> None:
    done = run(workdir, *args)
    assert done.returncode == 2
    assert message in done.stderr


def test_github_actions_annotations(workdir: Path) -> None:
    (workdir / "claims" / "bad.yaml").write_text(claim_text(status="mostly"))
    done = run(workdir, "validate", GITHUB_ACTIONS="true")
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        "::error file=claims/bad.yaml,line=21::status: 'mostly' is not a rating on the scale "
        "(allowed: false, misleading, retracted, unproven, outdated, not-checkable, true)"
    ]


def test_annotation_escapes_workflow_command_syntax() -> None:
    problem = Problem("claims/a,b.yaml", 3, "title", "50% bad\nline")
    assert (
        github_annotation(problem)
        == "::error file=claims/a%2Cb.yaml,line=3::title: 50%25 bad%0Aline"
    )


def test_annotation_escapes_every_unprintable_character() -> None:
    problem = Problem("claims/x\u202e.yaml", 1, "k\x1b[2K", "a\r\n::stop-commands::t")
    line = github_annotation(problem)
    assert line == "::error file=claims/x\\u202e.yaml,line=1::k\\x1b[2K: a%0D%0A::stop-commands::t"
    assert line.isprintable()  # one line; the "::" inside it starts no command


HOSTILE_NAMES = [
    "a\n::error file=good.yaml,line=1::forged.yaml",
    "b\n::stop-commands::pwned.yaml",
    "c\x1b[2K\x1b[32m1 claim(s) valid.\x1b[0m.yaml",
    "d\u202egnp.yaml",
]


def test_file_names_cannot_forge_workflow_commands_or_terminal_output(workdir: Path) -> None:
    for name in HOSTILE_NAMES:
        (workdir / "claims" / name).write_text(VALID_CLAIM)
    (workdir / "claims" / os.fsdecode(b"e\xff.yaml")).write_text(VALID_CLAIM)  # not UTF-8
    done = run(workdir, "validate", GITHUB_ACTIONS="true")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    errors = done.stderr.splitlines()
    assert len(errors) == len(HOSTILE_NAMES) + 2  # one per file, and the summary
    commands = done.stdout.splitlines()
    assert len(commands) == len(HOSTILE_NAMES) + 1
    assert all(c.startswith("::error file=claims/") for c in commands)
    for line in errors + commands:
        assert line.isprintable() and not line.lstrip().startswith("::stop"), line
        assert "\x1b" not in line


def test_repo_claims_are_valid(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(REPO)
    assert main(["validate"]) == 0
    assert capsys.readouterr().out.endswith("claim(s) valid.\n")
