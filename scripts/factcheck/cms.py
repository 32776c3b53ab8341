"""The form editor at /admin/: Decap CMS configured from the claim schema and the scale.

Everything here is plain data in, text out, so it is tested without a build:

form_fields(schema, scale)    one Decap form field per property of claim.schema.json,
                              recursively, with its description as the hint and its
                              constraints (required, pattern + x-message, lengths,
                              list sizes, choices; the rating from ratings.yaml)
layout(schema)                what the admin page's YAML writer needs to write a claim
                              the way hand-written ones are: field order and styles
with_login(backend, ...)      how Decap logs in: an OAuth client (base_url,
                              auth_endpoint) or GitLab's PKCE flow (app_id)
cms_config(...)               the whole admin/config.yml (editorial workflow, open
                              authoring, the local backend for `make admin`)
admin_files(...)              the files the build adds under admin/

The CMS script is loaded from a pinned address with its integrity hash
(DECAP_SCRIPT); tests check the hash against the npm-installed file that
package-lock.json pins. Only the admin page loads it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

import yaml

from .model import Scale

ADMIN_DIR = "admin"
PAGE_URI = f"{ADMIN_DIR}/index.html"
CONFIG_URI = f"{ADMIN_DIR}/config.yml"
SCRIPT_URI = f"{ADMIN_DIR}/factcheck-admin.js"
SCRIPT_ASSET = "cms-admin.js"  # in factcheck/assets
FORMAT = "factcheck-yaml"  # the custom format the admin script registers
COLLECTION = "claims"
ID_FIELD = "id"  # form only: the file name (claims/<id>.yaml); never written into the file
LOCAL_BACKEND = "http://127.0.0.1:8081/api/v1"  # decap-server, as `make admin` runs it
MODELINE = "# yaml-language-server: $schema=../scripts/factcheck/claim.schema.json"


@dataclass(frozen=True)
class Script:
    """A third-party script at a pinned address, checked by the browser (SRI)."""

    package: str
    version: str
    path: str  # inside the npm package
    integrity: str  # sha384 of the file, base64, as `integrity` takes it

    @property
    def url(self) -> str:
        return f"https://unpkg.com/{self.package}@{self.version}/{self.path}"


DECAP_SCRIPT = Script(
    "decap-cms",
    "3.16.3",
    "dist/decap-cms.js",
    "sha384-A/Gdn928CNLufmnGWGs9RM4Q9o8bSNLeJERqBFrBjwzL7FRpoLT3MPF8Tl0+Wd2p",
)
# The YAML reader of the admin page's format (js-yaml's failsafe schema: every value
# is text, as the validator reads it).
YAML_SCRIPT = Script(
    "js-yaml",
    "5.5.0",
    "dist/browser/js-yaml.umd.min.js",
    "sha384-Q/tEKvm6A6ApUDMhhBKif9TeE92KrNq3Iiu8Etmi2RzhK0l5qurzMtaCuJb4xZVM",
)
SCRIPTS = (DECAP_SCRIPT, YAML_SCRIPT)

# How a value of each of the schema's $defs is written, as hand-written claims do:
# long text may be a block scalar, dates are quoted, a person or organisation fits
# on one line ({name: ..., type: ...}) where it can.
STYLES = {"text": "block", "day": "quoted", "fuzzy_date": "quoted", "party": "flow"}
RATING_FIELD = "status"  # a field whose value is an id from ratings.yaml
TEXT_DEF = "text"  # the $def edited in a text area (several lines)


# --- reading the schema -------------------------------------------------------


def _resolve(node: dict[str, Any], schema: dict[str, Any]) -> tuple[dict[str, Any], str | None]:
    """A property's definition with its $ref followed (the property's own keywords win),
    and the name of the last $def it came from."""
    merged, name = dict(node), None
    while "$ref" in merged:
        ref = merged.pop("$ref")
        name = ref.rsplit("/", 1)[-1]
        target = schema["$defs"][name]
        merged = {**target, **merged}
    return merged, name


def _label(name: str) -> str:
    return name.replace("_", " ").capitalize()


def _pattern(node: dict[str, Any]) -> list[str] | None:
    """Decap's [regex, message]: the schema's pattern, with its length limits as a
    lookahead (Decap has no length check). JavaScript counts UTF-16 units where the
    validator counts characters: a text of emoji may pass here and fail there."""
    pattern = node.get("pattern")
    low, high = node.get("minLength"), node.get("maxLength")
    if pattern is None and low is None and high is None:
        return None
    parts = []
    if low is not None or high is not None:
        parts.append(f"^(?=[\\s\\S]{{{low or 0},{high if high is not None else ''}}}$)")
    if pattern is not None:  # an unanchored pattern may match anywhere after the lookahead
        parts.append(
            ("" if pattern.startswith("^") or not parts else "[\\s\\S]*?") + f"(?:{pattern})"
        )
    message = node.get("x-message") or _length_message(low, high)
    return ["".join(parts), message]


def _length_message(low: int | None, high: int | None) -> str:
    return f"must be {low or 0} to {high} characters" if high else f"at least {low} characters"


def _hint(node: dict[str, Any], extra: str | None = None) -> str | None:
    parts = [node.get("description", "")]
    examples = node.get("examples")
    if examples and isinstance(examples[0], str):
        parts.append("For example: " + " · ".join(examples))
    if extra:
        parts.append(extra)
    text = " ".join(p for p in parts if p)
    return text or None


def form_fields(schema: dict[str, Any], scale: Scale) -> list[dict[str, Any]]:
    """The claim form: the id (the file name), then a field per schema property."""
    slug = schema["$defs"]["slug"]
    id_field = {
        "name": ID_FIELD,
        "label": "Id",
        "widget": "string",
        "required": False,
        "hint": (
            "New claims only: the claim's permanent address and file name "
            "(claims/<id>.yaml), a lowercase slug like 'acme-moon-factory'. "
            "Not written into the file; leave it as it is when editing."
        ),
        "pattern": _pattern(slug),
    }
    return [id_field, *_object_fields(schema, schema, scale)]


def _object_fields(
    node: dict[str, Any], schema: dict[str, Any], scale: Scale
) -> list[dict[str, Any]]:
    required = set(node.get("required", []))
    return [
        _field(name, prop, name in required, schema, scale)
        for name, prop in node.get("properties", {}).items()
    ]


def _field(
    name: str, prop: dict[str, Any], required: bool, schema: dict[str, Any], scale: Scale
) -> dict[str, Any]:
    node, kind = _resolve(prop, schema)
    field: dict[str, Any] = {"name": name, "label": _label(name), "required": required}
    extra = node.get("x-message") if node.get("anyOf") else None  # e.g. url or source
    hint = _hint(node, extra)
    if hint:
        field["hint"] = hint
    if node.get("type") == "object":
        field["widget"] = "object"
        field["fields"] = _object_fields(node, schema, scale)
        field["collapsed"] = False
        if not required:  # Decap checks an optional object's fields even when it is left empty
            _optional_object(field)
    elif node.get("type") == "array":
        _list_field(field, node, schema, scale)
    elif name == RATING_FIELD:
        field["widget"] = "select"
        field["options"] = [{"label": r.label, "value": r.id} for r in scale.ratings]
    elif "enum" in node:
        field["widget"] = "select"
        field["options"] = [{"label": str(v), "value": str(v)} for v in node["enum"]]
    else:
        field["widget"] = "text" if kind == TEXT_DEF else "string"
        pattern = _pattern(node)
        if pattern:
            field["pattern"] = pattern
    return field


def _optional_object(field: dict[str, Any]) -> None:
    """An optional object's fields are required only once it is given: Decap cannot say
    so, so the form leaves them optional, says which, and the validator checks them."""
    needed = [f["label"].lower() for f in field["fields"] if f["required"]]
    for inner in field["fields"]:
        inner["required"] = False
    if needed:
        field["hint"] = (
            f"{field.get('hint', '')} When given, it needs: {', '.join(needed)}.".strip()
        )


def _list_field(
    field: dict[str, Any], node: dict[str, Any], schema: dict[str, Any], scale: Scale
) -> None:
    field["widget"] = "list"
    items, _ = _resolve(node["items"], schema)
    if items.get("type") == "object":
        field["label_singular"] = _label(field["name"]).rstrip("s") or field["label"]
        field["fields"] = _object_fields(items, schema, scale)
        first = field["fields"][0]["name"]
        field["summary"] = f"{{{{fields.{first}}}}}"
        field["collapsed"] = False
        if items.get("anyOf"):
            field["hint"] = " ".join(filter(None, [field.get("hint"), items.get("x-message")]))
    else:
        inner = _field(
            field["name"].rstrip("s") or field["name"], node["items"], True, schema, scale
        )
        inner["label"] = field["label"].rstrip("s")
        inner.pop("hint", None)
        field["field"] = inner
    if "minItems" in node:
        field["min"] = node["minItems"]
    elif field["required"]:
        # May be empty ([]): Decap's `required` refuses an empty list; the writer
        # keeps a required list in the file even when it is empty.
        field["required"] = False
    if "maxItems" in node:
        field["max"] = node["maxItems"]
    if node.get("uniqueItems"):
        field["hint"] = (field.get("hint", "") + " Each at most once.").strip()


def schema_paths(schema: dict[str, Any]) -> set[str]:
    """Every property of the schema, recursively, as a dotted path (lists as name[])."""
    paths: set[str] = set()

    def walk(node: dict[str, Any], prefix: str) -> None:
        for name, prop in node.get("properties", {}).items():
            resolved, _ = _resolve(prop, schema)
            path = prefix + name
            paths.add(path)
            if resolved.get("type") == "array":
                items, _ = _resolve(resolved["items"], schema)
                walk(items, path + "[].")
            elif resolved.get("type") == "object":
                walk(resolved, path + ".")

    walk(schema, "")
    return paths


def form_paths(fields: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Every form field, recursively, by the same dotted path as schema_paths."""
    found: dict[str, dict[str, Any]] = {}

    def walk(fields: list[dict[str, Any]], prefix: str) -> None:
        for field in fields:
            path = prefix + field["name"]
            found[path] = field
            if field.get("widget") == "list" and "fields" in field:
                walk(field["fields"], path + "[].")
            elif field.get("widget") == "object":
                walk(field["fields"], path + ".")

    walk(fields, "")
    return found


# --- the writer's layout --------------------------------------------------------


def layout(schema: dict[str, Any]) -> dict[str, Any]:
    """Field order and styles for the admin page's YAML writer (cms-admin.js)."""

    def obj(node: dict[str, Any]) -> list[dict[str, Any]]:
        required = set(node.get("required", []))
        out = []
        for name, prop in node.get("properties", {}).items():
            resolved, kind = _resolve(prop, schema)
            entry: dict[str, Any] = {"name": name, "required": name in required}
            if resolved.get("type") == "array":
                items, item_kind = _resolve(resolved["items"], schema)
                if items.get("type") == "object":
                    entry["kind"] = "list"
                    entry["fields"] = obj(items)
                else:
                    entry["kind"] = "tags"
                    entry["style"] = STYLES.get(item_kind or "", "plain")
            elif resolved.get("type") == "object":
                entry["kind"] = "object"
                entry["fields"] = obj(resolved)
                entry["style"] = STYLES.get(kind or "", "block")
            else:
                entry["kind"] = "scalar"
                entry["style"] = STYLES.get(kind or "", "plain")
            out.append(entry)
        return out

    return {"modeline": MODELINE, "fields": obj(schema), "drop": [ID_FIELD]}


# --- the configuration ------------------------------------------------------------


def backend_of(repo_url: str | None, edit_uri: str | None) -> dict[str, Any] | None:
    """Decap's backend for the site's repository: GitHub (with open authoring) or
    GitLab, on the branch that edit_uri names (edit/<branch>/...); None elsewhere."""
    if not repo_url:
        return None
    parts = urlsplit(repo_url)
    path = parts.path.strip("/").removesuffix(".git")
    if parts.hostname not in ("github.com", "gitlab.com") or path.count("/") < 1:
        return None
    match = re.match(r"(?:edit|blob|-/edit|-/blob)/([^/]+)/", edit_uri or "")
    branch = match[1] if match else "main"
    if parts.hostname == "github.com":
        return {"name": "github", "repo": path, "branch": branch, "open_authoring": True}
    return {"name": "gitlab", "repo": path, "branch": branch}


def with_login(
    backend: dict[str, Any],
    *,
    base_url: str | None = None,
    auth_endpoint: str | None = None,
    app_id: str | None = None,
) -> dict[str, Any]:
    """The backend with how Decap logs in, from the plugin's options: on GitHub through
    the site's OAuth client at base_url (its path auth_endpoint); on GitLab, with
    app_id, GitLab's PKCE flow (no server of one's own). Raises ValueError on a value
    Decap could not use."""
    out = dict(backend)
    if base_url is not None:
        parts = urlsplit(base_url)
        if parts.scheme not in ("https", "http") or not parts.hostname or parts.query:
            raise ValueError(
                f"admin_base_url: {base_url!r} is not an address; give the OAuth client's "
                "origin, like https://auth.example.org"
            )
        out["base_url"] = base_url.rstrip("/")
    if auth_endpoint is not None:
        out["auth_endpoint"] = auth_endpoint.strip("/")
    if app_id is not None:
        if backend["name"] != "gitlab":
            raise ValueError(
                "admin_app_id is the application id of GitLab's PKCE login; on GitHub, "
                "Decap logs in through an OAuth client (admin_base_url)"
            )
        out["auth_type"] = "pkce"
        out["app_id"] = app_id
    return out


def cms_config(
    schema: dict[str, Any],
    scale: Scale,
    backend: dict[str, Any],
    *,
    site_url: str | None = None,
    claims_dir: str = "claims",
    local_backend: str = LOCAL_BACKEND,
) -> dict[str, Any]:
    """admin/config.yml as data."""
    config: dict[str, Any] = {
        "backend": backend,
        # Used only when the page is served from 127.0.0.1 or localhost (`make admin`).
        "local_backend": {"url": local_backend},
        "publish_mode": "editorial_workflow",
        "media_folder": "docs/assets/uploads",  # required by Decap; claims have no media
    }
    if site_url:
        config["site_url"] = config["display_url"] = site_url
    config["editor"] = {"preview": False}
    config["collections"] = [
        {
            "name": COLLECTION,
            "label": "Claims",
            "label_singular": "Claim",
            "description": schema.get("description", ""),
            "folder": claims_dir,
            "extension": "yaml",
            "format": FORMAT,
            "create": True,
            "delete": False,
            "identifier_field": "title",
            "slug": f"{{{{fields.{ID_FIELD}}}}}",
            "summary": "{{title}}",
            "fields": form_fields(schema, scale),
        }
    ]
    return config


def config_yml(config: dict[str, Any]) -> str:
    header = "# Generated by the factcheck plugin from claim.schema.json and ratings.yaml.\n"
    return header + yaml.safe_dump(config, sort_keys=False, allow_unicode=True, width=100)


def backend_or_note(
    repo_url: str | None, edit_uri: str | None
) -> tuple[dict[str, Any] | None, str]:
    """The backend, or why there is no admin page (for the build's log)."""
    backend = backend_of(repo_url, edit_uri)
    if backend is None:
        return None, (
            "factcheck: no form editor at /admin/: it saves to the repository, so set "
            "repo_url in mkdocs.yml to the site's GitHub or GitLab repository"
        )
    return backend, ""


def admin_files(
    env: Any,
    schema: dict[str, Any],
    scale: Scale,
    backend: dict[str, Any],
    *,
    site_name: str,
    site_url: str | None = None,
    claims_dir: str = "claims",
    local_backend: str = LOCAL_BACKEND,
) -> dict[str, str]:
    """The files under admin/: the page, its configuration and its script."""
    config = cms_config(
        schema,
        scale,
        backend,
        site_url=site_url,
        claims_dir=claims_dir,
        local_backend=local_backend,
    )
    page = env.get_template("factcheck/admin.html").render(
        site_name=site_name,
        scripts=SCRIPTS,
        layout=layout(schema),
        admin_script=SCRIPT_URI.rsplit("/", 1)[-1],
    )
    script = resources.files("factcheck").joinpath("assets", SCRIPT_ASSET).read_text("utf-8")
    return {PAGE_URI: page, CONFIG_URI: config_yml(config), SCRIPT_URI: script}
