"""The repository host's files: CI workflows, issue forms, the pull request template, pre-commit.

Everything here runs offline: check-jsonschema validates against the schemas vendored in
the package (--builtin-schema), zizmor runs with --offline, and both run with a proxy
that refuses every connection, so a tool that tried to reach the network would fail.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import REPO

BIN = Path(sys.executable).parent
GITHUB = REPO / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.y*ml"))
PR_WORKFLOW = GITHUB / "workflows" / "pr.yml"
DEPLOY_WORKFLOW = GITHUB / "workflows" / "deploy.yml"
ISSUE_TEMPLATES = GITHUB / "ISSUE_TEMPLATE"
ISSUE_CONFIG = ISSUE_TEMPLATES / "config.yml"
ISSUE_FORMS = sorted(p for p in ISSUE_TEMPLATES.glob("*.y*ml") if p != ISSUE_CONFIG)
PR_TEMPLATE = GITHUB / "pull_request_template.md"
PRE_COMMIT = REPO / ".pre-commit-config.yaml"

CORRECTION_FORM_TITLE = "Report an error / ask for a correction"
SUGGESTION_FORM_TITLE = "Suggest a claim to check"

# owner/repo[/path]@<full commit SHA> # v<version>
PINNED_USES = re.compile(r"^[\w.-]+/[\w.-]+(/[\w./-]+)?@[0-9a-f]{40}$")
USES_LINE = re.compile(r"^\s*(?:-\s+)?uses:\s*(?P<ref>\S+)(?P<rest>.*)$")
VERSION_COMMENT = re.compile(r"^\s+#\s*v\d+(\.\d+)*\b")
ZIZMOR_IGNORE = re.compile(r"#\s*zizmor:\s*ignore\[(?P<rules>[^\]]*)\](?P<reason>.*)$")


# --- helpers ------------------------------------------------------------------


def offline_env() -> dict[str, str]:
    """The environment for the tools: no GitHub token, and no way out to the network."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k.upper() not in {"GH_TOKEN", "GITHUB_TOKEN", "ZIZMOR_GITHUB_TOKEN", "NO_PROXY"}
    }
    refused = "http://127.0.0.1:9"  # the discard port: nothing listens, connections fail at once
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        env[name] = env[name.lower()] = refused
    return env


def tool(name: str) -> Path:
    path = BIN / name
    if not path.exists():
        pytest.fail(f"{name} is not installed in {BIN}: `make test` installs requirements-test.txt")
    return path


def run(*args: str | Path, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        env=offline_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def check_jsonschema(schema: str, *files: Path) -> subprocess.CompletedProcess[str]:
    return run(tool("check-jsonschema"), "--builtin-schema", schema, *files)


def zizmor(*inputs: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    # --persona=pedantic: code smells too, not only likely vulnerabilities.
    # --no-config: a finding can only be accepted by an inline comment next to it.
    options = ["--offline", "--persona=pedantic", "--no-config", "--format", "json"]
    return run(tool("zizmor"), *options, *inputs, cwd=cwd)


def load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), path
    return data


def triggers(workflow: dict[str, Any]) -> dict[str, Any]:
    """The workflow's `on:`, as a mapping (YAML 1.1 reads the key `on` as True)."""
    on = workflow.get("on", workflow.get(True))
    if isinstance(on, str):
        return {on: None}
    if isinstance(on, list):
        return dict.fromkeys(on)
    assert isinstance(on, dict), on
    return on


def steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def uses_of(job: dict[str, Any]) -> list[str]:
    """The actions a job's steps call, or the reusable workflow the job calls."""
    if "uses" in job:
        return [job["uses"]]
    return [step["uses"] for step in job.get("steps", []) if "uses" in step]


def uses(workflow: dict[str, Any]) -> list[str]:
    """Every action or reusable workflow the workflow calls."""
    return [ref for job in workflow["jobs"].values() for ref in uses_of(job)]


def action(ref: str) -> str:
    return ref.split("@", 1)[0]


def commands(workflow: dict[str, Any]) -> list[str]:
    return [line.strip() for step in steps(workflow) for line in step.get("run", "").splitlines()]


def test_the_files_exist() -> None:
    assert [p.name for p in WORKFLOWS] == ["deploy.yml", "pr.yml", "release.yml"]
    assert [p.name for p in ISSUE_FORMS] == ["correction.yml", "suggest-claim.yml"]
    for path in (ISSUE_CONFIG, PR_TEMPLATE, PRE_COMMIT):
        assert path.is_file(), path


# --- (1) schemas, offline -------------------------------------------------------


@pytest.mark.parametrize(
    "schema", ["vendor.github-workflows", "custom.github-workflows-require-timeout"]
)
def test_workflows_match_the_github_workflow_schema(schema: str) -> None:
    result = check_jsonschema(schema, *WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_issue_forms_match_the_github_issue_forms_schema() -> None:
    result = check_jsonschema("vendor.github-issue-forms", *ISSUE_FORMS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_issue_chooser_config_matches_its_schema() -> None:
    result = check_jsonschema("vendor.github-issue-config", ISSUE_CONFIG)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_schema_check_rejects_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text("on: pull_request\njobs:\n  check:\n    steps: []\n")  # no runs-on
    result = check_jsonschema("vendor.github-workflows", broken)
    assert result.returncode == 1, result.stdout + result.stderr


# --- (2) zizmor, offline ------------------------------------------------------------


def test_zizmor_reports_no_finding() -> None:
    result = zizmor(".github/workflows", ".pre-commit-config.yaml")
    assert result.stdout.strip(), result.stderr
    findings = json.loads(result.stdout)
    where = [
        loc["symbolic"]["key"]["Local"]["verbatim_path"] for f in findings for loc in f["locations"]
    ]
    assert [f"{f['ident']}: {f['desc']}" for f in findings] == [], where
    assert result.returncode == 0, result.stderr


def test_every_accepted_zizmor_finding_says_why() -> None:
    for path in [*WORKFLOWS, PRE_COMMIT]:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if match := ZIZMOR_IGNORE.search(line):
                where = f"{path.relative_to(REPO)}:{number}"
                assert match["rules"].strip(), f"{where}: name the rule that is ignored"
                assert len(match["reason"].strip()) >= 10, f"{where}: say why it is accepted"


def test_zizmor_does_find_problems_offline(tmp_path: Path) -> None:
    """The audit is live: the pattern pr.yml must never take is reported."""
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / ".github" / "workflows" / "bad.yml").write_text(
        "on: pull_request_target\n"
        "jobs:\n"
        "  check:\n"
        "    runs-on: ubuntu-latest\n"
        "    steps:\n"
        "      - uses: actions/checkout@v4\n"
        "        with:\n"
        "          ref: ${{ github.event.pull_request.head.sha }}\n"
        '      - run: echo "${{ github.event.pull_request.title }}"\n'
    )
    result = zizmor(".github/workflows", cwd=tmp_path)
    assert result.returncode != 0
    found = {f["ident"] for f in json.loads(result.stdout)}
    assert {"dangerous-triggers", "template-injection", "unpinned-uses"} <= found


# --- (3) the workflows' structure -----------------------------------------------------


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_no_workflow_uses_pull_request_target(path: Path) -> None:
    assert "pull_request_target" not in triggers(load(path))
    assert "workflow_run" not in triggers(load(path))


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_workflow_sets_top_level_permissions(path: Path) -> None:
    permissions = load(path).get("permissions")
    assert isinstance(permissions, dict), "top-level permissions, as a mapping"
    assert permissions == {"contents": "read"}, "the default for every job is read-only"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_job_has_a_timeout(path: Path) -> None:
    for name, job in load(path)["jobs"].items():
        assert isinstance(job.get("timeout-minutes"), int), name


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_action_is_pinned_to_a_full_commit_sha(path: Path) -> None:
    workflow = load(path)
    assert uses(workflow)
    for ref in uses(workflow):
        assert PINNED_USES.match(ref), f"{ref}: pin to a full commit SHA"
    # ... with the version it stands for, for readers and for update tools.
    for line in path.read_text(encoding="utf-8").splitlines():
        if match := USES_LINE.match(line):
            assert VERSION_COMMENT.match(match["rest"]), f"{line.strip()}: add '# vX.Y.Z'"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_checkout_never_keeps_the_token(path: Path) -> None:
    checkouts = [s for s in steps(load(path)) if action(s.get("uses", "")) == "actions/checkout"]
    assert checkouts
    for step in checkouts:
        assert step.get("with", {}).get("persist-credentials") is False


def test_pr_workflow_runs_on_pull_requests_read_only() -> None:
    workflow = load(PR_WORKFLOW)
    assert set(triggers(workflow)) == {"pull_request"}
    assert workflow["permissions"] == {"contents": "read"}
    for name, job in workflow["jobs"].items():
        assert job.get("permissions", {"contents": "read"}) in ({"contents": "read"}, {}), name
    assert workflow["concurrency"]["cancel-in-progress"] is True
    assert "github.event.pull_request.number" in workflow["concurrency"]["group"]


def test_pr_workflow_validates_builds_and_tests_in_order() -> None:
    run_lines = commands(load(PR_WORKFLOW))
    make = [line for line in run_lines if line.startswith("make ")]
    assert make == ["make validate", "make build", "make test"]
    assert any("apt-get install" in line and "chromium" in line for line in run_lines)


def test_pr_workflow_uses_python_311() -> None:
    job = next(iter(load(PR_WORKFLOW)["jobs"].values()))
    container = job.get("container")
    if container:
        image = container["image"] if isinstance(container, dict) else container
        assert re.match(r"^python:3\.11(\.\d+)?-", image), image
    else:
        setup = [s for s in job["steps"] if action(s.get("uses", "")) == "actions/setup-python"]
        assert [str(s["with"]["python-version"]) for s in setup] == ["3.11"]


def test_deploy_workflow_publishes_to_github_pages() -> None:
    workflow = load(DEPLOY_WORKFLOW)
    on = triggers(workflow)
    assert set(on) == {"push", "workflow_dispatch"}
    assert on["push"] == {"branches": ["main"]}
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}

    called = [action(ref) for ref in uses(workflow)]
    for needed in ("actions/configure-pages", "actions/upload-pages-artifact"):
        assert needed in called
    assert "actions/deploy-pages" in called
    assert "make build" in commands(workflow)

    upload = next(
        s for s in steps(workflow) if action(s.get("uses", "")).endswith("pages-artifact")
    )
    assert upload["with"]["path"] == "site"


def test_deploy_workflow_grants_write_only_to_the_deploy_job() -> None:
    jobs = load(DEPLOY_WORKFLOW)["jobs"]
    deploying = [n for n, j in jobs.items() if "actions/deploy-pages" in map(action, uses_of(j))]
    assert deploying == ["deploy"]
    deploy = jobs["deploy"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["environment"]["url"] == "${{ steps.deployment.outputs.page_url }}"
    assert [s.get("id") for s in deploy["steps"] if "deploy-pages" in s["uses"]] == ["deployment"]
    # The deploy job runs only the deploy action: no checkout, no script with a write token.
    assert [action(s["uses"]) for s in deploy["steps"]] == ["actions/deploy-pages"]
    for name, job in jobs.items():
        if name != "deploy":
            assert "write" not in (job.get("permissions") or {}).values(), name


# --- (4) pre-commit -------------------------------------------------------------------


def test_pre_commit_runs_the_claim_validator() -> None:
    config = load(PRE_COMMIT)
    hooks = [hook for repo in config["repos"] if repo["repo"] == "local" for hook in repo["hooks"]]
    validate = [hook for hook in hooks if hook["entry"] == ".venv/bin/factcheck validate"]
    assert len(validate) == 1, hooks
    hook = validate[0]
    assert hook["language"] == "system"
    assert hook["pass_filenames"] is False
    assert re.search(hook["files"], "claims/ford-xiaomi-joint-venture.yaml")
    assert not re.search(hook["files"], "docs/index.md")


def test_pre_commit_checks_workflows_with_the_pinned_check_jsonschema() -> None:
    config = load(PRE_COMMIT)
    remote = {repo["repo"]: repo for repo in config["repos"] if repo["repo"] != "local"}
    repo = remote["https://github.com/python-jsonschema/check-jsonschema"]
    assert repo["rev"] == version("check-jsonschema")
    assert [hook["id"] for hook in repo["hooks"]] == ["check-github-workflows"]


def test_test_requirements_pin_the_tools() -> None:
    pins = dict(
        line.split("==", 1)
        for line in (REPO / "requirements-test.txt").read_text(encoding="utf-8").splitlines()
        if "==" in line and not line.startswith("#")
    )
    for name in ("check-jsonschema", "zizmor"):
        assert pins.get(name) == version(name), name


# --- (5) issue forms, the PR template and the documentation agree -------------------------


def test_the_corrections_page_names_the_correction_form() -> None:
    form = load(ISSUE_TEMPLATES / "correction.yml")
    assert form["name"] == CORRECTION_FORM_TITLE
    assert form["labels"] == ["correction"]
    corrections = (REPO / "docs" / "corrections.md").read_text(encoding="utf-8")
    assert f'"{CORRECTION_FORM_TITLE}"' in corrections


def test_the_suggestion_form_never_asks_for_a_guessed_address() -> None:
    form = load(ISSUE_TEMPLATES / "suggest-claim.yml")
    assert form["name"] == SUGGESTION_FORM_TITLE
    assert form["labels"] == ["claim-suggestion"]
    fields = {item["id"]: item for item in form["body"] if "id" in item}
    assert fields["url"]["validations"]["required"] is False
    assert "never guess" in fields["url"]["attributes"]["description"]


def test_issue_chooser_offers_only_the_forms() -> None:
    assert load(ISSUE_CONFIG)["blank_issues_enabled"] is False


def test_pr_template_links_resolve_to_the_docs() -> None:
    text = PR_TEMPLATE.read_text(encoding="utf-8")
    links = re.findall(r"\]\(\.\./blob/HEAD/([^)#]+)(?:#([^)]+))?\)", text)
    assert {path for path, _ in links} >= {
        "docs/ratings.md",
        "docs/methodology.md",
        "docs/corrections.md",
    }
    for path, anchor in links:
        target = REPO / path
        assert target.is_file(), path
        if anchor:
            headings = re.findall(r"^#+ (.+)$", target.read_text(encoding="utf-8"), re.M)
            slugs = {re.sub(r"[^\w -]", "", h).strip().lower().replace(" ", "-") for h in headings}
            assert anchor in slugs, f"{path}#{anchor}"
    for phrase in (
        "factcheck validate",
        "make test",
        "`updated`",
        "`history`",
        "reported-vs-denied",
    ):
        assert phrase in text, phrase
