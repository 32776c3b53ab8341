"""The form editor's configuration and its claim writer, without a browser.

factcheck.cms turns claim.schema.json and ratings.yaml into Decap's config;
assets/cms-admin.js writes claim files. The writer and the form's patterns
run here in Node, as the admin page runs them in the browser.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

pytest.register_assert_rewrite("browser")

from browser import (  # noqa: E402
    REPO,
    build_site,
    copy_site_inputs,
    load_content,
    mkdocs_command,
    mkdocs_env,
)
from conftest import set_plugin_options  # noqa: E402
from factcheck import cms  # noqa: E402
from factcheck.schema import load_schema  # noqa: E402

pytest_plugins = ["browser"]

ASSET = REPO / "scripts" / "factcheck" / "assets" / cms.SCRIPT_ASSET
BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def config() -> dict[str, Any]:
    scale = load_content().scale
    backend = cms.backend_of("https://github.com/owner/site", "edit/main/docs/")
    assert backend is not None
    return cms.cms_config(load_schema(), scale, backend, site_url="https://example.org/")


def fields_of(config: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return cms.form_paths(config["collections"][0]["fields"])


def node(script: str, *args: str) -> Any:
    if shutil.which("node") is None:
        pytest.fail("node is missing: `make test` needs Node.js (npm ci)")
    done = subprocess.run(
        ["node", "-e", script, *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
        env={"NODE_PATH": str(REPO / "node_modules"), "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


# --- the form: every field of the format, with its constraints ---------------------


def test_every_schema_property_has_a_form_field_with_its_constraints(
    config: dict[str, Any],
) -> None:
    schema = load_schema()
    form = fields_of(config)
    missing = cms.schema_paths(schema) - set(form)
    assert not missing, f"schema fields without a form field: {sorted(missing)}"
    assert set(form) - cms.schema_paths(schema) == {cms.ID_FIELD}
    for path, field in form.items():
        assert field.get("hint"), f"{path}: no description"
    for name in schema["required"]:  # required, or a list that may be empty
        field = form[name]
        assert field["required"] or field["widget"] == "list", name
    assert form["title"]["pattern"][1] == schema["$defs"]["line"]["x-message"]
    assert form["source.url"]["pattern"][1] == schema["$defs"]["url"]["x-message"]
    assert form["claim"]["widget"] == "text" and form["verdict"]["widget"] == "text"
    assert form["title"]["widget"] == "string"
    assert (form["evidence"]["min"], form["evidence"]["max"]) == (1, 100)
    assert form["tags"]["max"] == 20 and form["tags"]["field"]["pattern"]
    assert [o["value"] for o in form["claimant.type"]["options"]] == ["person", "organization"]
    assert (
        "url" in form["counter_statements"]["hint"]
        and "source" in form["counter_statements"]["hint"]
    )
    # An optional object's fields are needed only once it is given.
    assert form["source.author"]["required"] is False
    assert form["source.author.name"]["required"] is False
    assert "name, type" in form["source.author"]["hint"]


def test_the_rating_is_a_choice_from_the_scale(config: dict[str, Any]) -> None:
    scale = load_content().scale
    form = fields_of(config)
    expected = [{"label": r.label, "value": r.id} for r in scale.ratings]
    assert form["status"]["widget"] == "select" and form["status"]["options"] == expected
    assert form["history[].status"]["options"] == expected


def test_saving_is_an_editorial_workflow_with_open_authoring(config: dict[str, Any]) -> None:
    assert config["publish_mode"] == "editorial_workflow"
    assert config["backend"] == {
        "name": "github",
        "repo": "owner/site",
        "branch": "main",
        "open_authoring": True,
    }
    assert config["local_backend"] == {"url": cms.LOCAL_BACKEND}
    collection = config["collections"][0]
    assert (collection["folder"], collection["format"]) == ("claims", cms.FORMAT)
    assert cms.backend_of("https://gitlab.com/a/b", "-/edit/trunk/docs/") == {
        "name": "gitlab",
        "repo": "a/b",
        "branch": "trunk",
    }
    assert cms.backend_of("https://example.org/repo", None) is None


def test_logins_are_the_site_owners_oauth_client_or_gitlab_pkce() -> None:
    github = cms.backend_of("https://github.com/owner/site", "edit/main/docs/")
    gitlab = cms.backend_of("https://gitlab.com/owner/site", "-/edit/main/docs/")
    assert github is not None and gitlab is not None
    assert cms.with_login(github) == github  # nothing given: Decap's defaults
    assert cms.with_login(
        github, base_url="https://auth.example.org/", auth_endpoint="/oauth/authorize"
    ) == {**github, "base_url": "https://auth.example.org", "auth_endpoint": "oauth/authorize"}
    assert cms.with_login(gitlab, app_id="0123abcd") == {
        **gitlab,
        "auth_type": "pkce",
        "app_id": "0123abcd",
    }
    with pytest.raises(ValueError, match="GitLab's PKCE login"):
        cms.with_login(github, app_id="0123abcd")
    for bad in ("auth.example.org", "javascript:alert(1)", "https://auth.example.org/?x=1"):
        with pytest.raises(ValueError, match="is not an address"):
            cms.with_login(github, base_url=bad)


def test_the_plugin_passes_the_login_options_to_the_form(tmp_path: Path) -> None:
    root = copy_site_inputs(REPO, tmp_path / "src")
    set_plugin_options(
        root, admin_base_url="https://auth.example.org", admin_auth_endpoint="oauth/authorize"
    )
    site = build_site(root, tmp_path / "site")
    config = yaml.safe_load((site / "admin" / "config.yml").read_text(encoding="utf-8"))
    assert config["backend"] == {
        "name": "github",
        "repo": "factcheck-site/factcheck",
        "branch": "main",
        "open_authoring": True,
        "base_url": "https://auth.example.org",
        "auth_endpoint": "oauth/authorize",
    }
    set_plugin_options(root, admin_app_id="0123abcd")
    done = subprocess.run(
        mkdocs_command("build", "-q", "-f", str(root / "mkdocs.yml"), "-d", str(tmp_path / "x")),
        cwd=root,
        env=mkdocs_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert "factcheck: admin_app_id is the application id of GitLab's PKCE login" in done.stderr


def test_the_form_patterns_compile_in_javascript_and_agree_with_the_validator(
    config: dict[str, Any],
) -> None:
    samples = [
        "acme-moon",
        "Acme--moon",
        "2026-02-01",
        "2026-02",
        "2026-01-31/2026-02-01",
        "2026-2-1",
        "https://example.org/a?b#c",
        "https://user@evil.example/",
        "http://example",
        "one line",
        "two\nlines",
        " ",
        "",
        "x" * 301,
        "text\n\nwith paragraphs",
    ]
    patterns = {
        path: f["pattern"][0]
        for path, f in fields_of(config).items()
        if "pattern" in f and path != cms.ID_FIELD
    }
    js = (
        "const [p, s] = process.argv.slice(1).map(JSON.parse);"
        "const out = {};"
        "for (const [k, re] of Object.entries(p)) out[k] = s.map(v => RegExp(re).test(v));"
        "console.log(JSON.stringify(out));"
    )
    verdicts = node(js, json.dumps(patterns), json.dumps(samples))
    schema = load_schema()
    for path, results in verdicts.items():
        node_schema = _schema_node(schema, path)
        for sample, ok in zip(samples, results, strict=True):
            if sample == "":
                continue  # an empty field is "required"'s business, not the pattern's
            assert ok == _schema_accepts(node_schema, sample), (path, sample)


def _schema_node(schema: dict[str, Any], path: str) -> dict[str, Any]:
    node: dict[str, Any] = schema
    for part in path.replace("[]", "").split("."):
        node = cms._resolve(node["properties"][part], schema)[0]
        if node.get("type") == "array":
            node = cms._resolve(node["items"], schema)[0]
    return node


def _schema_accepts(node: dict[str, Any], value: str) -> bool:
    import jsonschema_rs

    return bool(
        jsonschema_rs.validator_for(node, pattern_options=jsonschema_rs.RegexOptions()).is_valid(
            value
        )
    )


# --- the pinned scripts ----------------------------------------------------------


@pytest.mark.parametrize("script", cms.SCRIPTS, ids=lambda s: s.package)
def test_pinned_scripts_are_the_npm_installed_files(script: cms.Script) -> None:
    lock = json.loads((REPO / "package-lock.json").read_text())
    assert lock["packages"][f"node_modules/{script.package}"]["version"] == script.version
    package = json.loads((REPO / "node_modules" / script.package / "package.json").read_text())
    assert package["version"] == script.version, "run npm ci"
    data = (REPO / "node_modules" / script.package / script.path).read_bytes()
    digest = base64.b64encode(hashlib.sha384(data).digest()).decode()
    assert script.integrity == f"sha384-{digest}"


# --- the writer --------------------------------------------------------------------

WRITE = """
const fs = require('fs');
const api = require(process.argv[1]);
const layout = JSON.parse(process.argv[2]);
const out = {};
for (const file of JSON.parse(process.argv[3])) {
  const text = fs.readFileSync(file, 'utf8');
  const data = api.parse(text);
  const other = data.status === 'misleading' ? 'unproven' : 'misleading';
  const edited = Object.assign({}, data, {status: other});
  const fresh = api.format(data, null, layout);
  out[file] = {
    kept: api.format(data, text, layout),
    fresh: fresh,
    again: api.parse(fresh),
    other: other,
    edited: api.format(edited, text, layout),
    data: data,
  };
}
console.log(JSON.stringify(out));
"""
# Written the same way in every claim of this repository (longer text is wrapped by
# hand, at no one width, so only the writer's own layout of it is checked).
SAME_AS_BY_HAND = ("title", "claimant", "date", "status", "verdict", "summary", "tags", "reviewed")


def test_the_writer_keeps_every_claim_file_and_writes_new_ones_valid(tmp_path: Path) -> None:
    content = load_content()
    layout = json.dumps(cms.layout(load_schema()))
    files = [str(p) for p in content.files]
    written = node(WRITE, str(ASSET), layout, json.dumps(files))
    fresh_dir = tmp_path / "claims"
    fresh_dir.mkdir()
    for file, out in written.items():
        text = Path(file).read_text(encoding="utf-8")
        assert out["kept"] == text, f"{file}: not written back byte for byte"
        changed = [
            (a, b)
            for a, b in zip(text.splitlines(), out["edited"].splitlines(), strict=True)
            if a != b
        ]
        assert len(changed) == 1 and changed[0][0].startswith("status: "), file
        assert changed[0][1] == f"status: {out['other']}", file
        fresh = out["fresh"]
        assert fresh.startswith(cms.MODELINE + "\n")
        assert out["again"] == out["data"], file  # the same values, every one as text
        by_hand = _top_level(text)
        ours = _top_level(fresh)
        for key in SAME_AS_BY_HAND:
            assert ours.get(key) == by_hand.get(key), (file, key)
        (fresh_dir / Path(file).name).write_text(fresh, encoding="utf-8")
    shutil.copy(REPO / "ratings.yaml", tmp_path / "ratings.yaml")
    done = subprocess.run(
        [str(BIN / "factcheck"), "validate", "claims"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def _top_level(text: str) -> dict[str, str]:
    """Each top-level field's own lines."""
    fields: dict[str, list[str]] = {}
    current = None
    for line in text.splitlines():
        key = re.match(r"([a-z_]+):", line)
        if key:
            current = key[1]
            fields[current] = [line]
        elif current and line[:1] in (" ", "-", ""):
            fields[current].append(line)
    return {k: "\n".join(v).rstrip("\n") for k, v in fields.items()}


# --- the built site ----------------------------------------------------------------


def test_the_admin_page_is_built_pinned_and_out_of_search(built_site: Path) -> None:
    page = (built_site / "admin" / "index.html").read_text(encoding="utf-8")
    assert '<meta name="robots" content="noindex">' in page
    for script in cms.SCRIPTS:
        tag = f'<script src="{script.url}" integrity="{script.integrity}" crossorigin="anonymous">'
        assert tag in page
    config = yaml.safe_load((built_site / "admin" / "config.yml").read_text(encoding="utf-8"))
    assert config["backend"]["repo"] == "factcheck-site/factcheck"
    assert "admin" not in (built_site / "sitemap.xml").read_text(encoding="utf-8")
    index = json.loads((built_site / "search" / "search_index.json").read_text("utf-8"))
    assert not [d["location"] for d in index["docs"] if "admin" in d["location"]]
    for other in built_site.rglob("*.html"):
        if other.parent.name != "admin":
            text = other.read_text(encoding="utf-8")
            assert "unpkg.com" not in text and "decap" not in text.lower(), other
