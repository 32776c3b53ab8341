"""Where a build spends its time: one `mkdocs build --strict` under cProfile.

Two views of the same profile:

steps    inclusive time of the build's steps and of each plugin hook, so our
         plugin's share can be read against MkDocs' and Material's
packages self time grouped by the file a function lives in (our package,
         MkDocs, Material, Python-Markdown, Jinja2, ...); it adds up to the total
"""

from __future__ import annotations

import pstats
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .mkdocs_site import mkdocs_env


@dataclass
class Profile:
    total: float  # seconds, the whole profiled process
    build: float  # seconds, mkdocs.commands.build.build
    steps: list[tuple[str, float]] = field(default_factory=list)
    packages: list[tuple[str, float]] = field(default_factory=list)
    top: list[tuple[str, float, float]] = field(default_factory=list)  # name, self, cumulative
    plugin_total: float = 0.0


def run_profiled(root: Path, site_dir: Path, out: Path, log: Path) -> None:
    cmd = [
        sys.executable,
        "-m",
        "cProfile",
        "-o",
        str(out),
        "-m",
        "mkdocs",
        "build",
        "--strict",
        "-f",
        str(root / "mkdocs.yml"),
        "-d",
        str(site_dir),
    ]
    with log.open("wb") as f:
        code = subprocess.call(cmd, cwd=root, env=mkdocs_env(), stdout=f, stderr=subprocess.STDOUT)
    if code != 0:
        raise RuntimeError(f"profiled build failed ({code}); see {log}")


Key = tuple[str, int, str]


def _norm(path: str) -> str:
    return path.replace("\\", "/")


# (label, test on the normalised file name); first match wins.
PACKAGES: list[tuple[str, tuple[str, ...]]] = [
    ("factcheck: templates (Jinja code)", ("/factcheck/templates/",)),
    ("factcheck: Python", ("/scripts/factcheck/", "/site-packages/factcheck/")),
    ("Material: search plugin", ("/material/plugins/search/",)),
    ("Material: theme templates (Jinja code)", ("/material/templates/",)),
    ("Material: other", ("/material/",)),
    ("MkDocs", ("/mkdocs/",)),
    ("Python-Markdown and extensions", ("/markdown/", "/pymdownx/")),
    ("Jinja2 and MarkupSafe", ("/jinja2/", "/markupsafe/")),
    ("YAML", ("/yaml/", "_yaml")),
    ("JSON Schema", ("/jsonschema", "/referencing/", "/rpds", "jsonschema_rs")),
    ("stdlib html.parser", ("/html/parser.py", "/_markupbase.py")),
]


def package_of(filename: str) -> str:
    name = _norm(filename)
    if name == "~" or name.startswith("<"):
        return "built-ins and C code (regex, I/O, json, ...)"
    for label, needles in PACKAGES:
        if any(n in name for n in needles):
            return label
    if "/site-packages/" in name:
        return "other libraries"
    return "Python standard library"


def _find(stats: dict[Key, tuple], file_end: str, func: str) -> list[Key]:
    return [k for k in stats if _norm(k[0]).endswith(file_end) and k[2] == func]


def _ct(stats: dict[Key, tuple], file_end: str, func: str) -> float:
    return sum(stats[k][3] for k in _find(stats, file_end, func))


def _ct_from(stats: dict[Key, tuple], callee: tuple[str, str], caller: tuple[str, str]) -> float:
    """Cumulative time of callee when called from caller."""
    total = 0.0
    for key in _find(stats, *callee):
        for ckey, (_cc, _nc, _tt, ct) in stats[key][4].items():
            if _norm(ckey[0]).endswith(caller[0]) and ckey[2] == caller[1]:
                total += ct
    return total


def analyse(prof: Path, plugin_file: str = "factcheck/plugin.py") -> Profile:
    ps = pstats.Stats(str(prof))
    stats: dict[Key, tuple] = ps.stats  # type: ignore[attr-defined]
    total = sum(v[2] for v in stats.values())
    build = _ct(stats, "mkdocs/commands/build.py", "build")
    profile = Profile(total=total, build=build)

    hooks = sorted(
        (k for k in stats if _norm(k[0]).endswith(plugin_file) and k[2].startswith("on_")),
        key=lambda k: -stats[k][3],
    )
    plugin_steps = [(f"factcheck plugin: {k[2]}", stats[k][3]) for k in hooks]
    profile.plugin_total = sum(t for _, t in plugin_steps)
    build_py = "mkdocs/commands/build.py"
    steps = [
        (
            "MkDocs: load mkdocs.yml (before the build)",
            _ct(stats, "mkdocs/config/base.py", "load_config"),
        ),
        ("MkDocs: find docs/ and theme files", _ct(stats, build_py, "get_files")),
        ("MkDocs: build the nav", _ct(stats, "mkdocs/structure/nav.py", "get_navigation")),
        *plugin_steps,
        (
            "Python-Markdown: Markdown to HTML (every page)",
            _ct(stats, "mkdocs/structure/pages.py", "render"),
        ),
        (
            "Material: theme template per page (main.html)",
            _ct_from(stats, ("jinja2/environment.py", "render"), (build_py, "_build_page")),
        ),
        ("MkDocs: page context (nav, links)", _ct(stats, build_py, "get_context")),
        (
            "Material search: index each page (on_page_context)",
            _ct(stats, "material/plugins/search/plugin.py", "on_page_context"),
        ),
        (
            "Material search: write search_index.json (on_post_build)",
            _ct(stats, "material/plugins/search/plugin.py", "on_post_build"),
        ),
        (
            "MkDocs: write HTML files",
            _ct_from(stats, ("mkdocs/utils/__init__.py", "write_file"), (build_py, "_build_page")),
        ),
        (
            "MkDocs: validate anchor links",
            _ct(stats, "mkdocs/structure/pages.py", "validate_anchor_links"),
        ),
        ("MkDocs: copy static files", _ct(stats, "mkdocs/structure/files.py", "copy_static_files")),
        (
            "MkDocs: clean the site directory",
            _ct(stats, "mkdocs/utils/__init__.py", "clean_directory"),
        ),
    ]
    profile.steps = [(name, t) for name, t in steps if t > 0]

    by_package: dict[str, float] = {}
    for key, value in stats.items():
        label = package_of(key[0])
        by_package[label] = by_package.get(label, 0.0) + value[2]
    profile.packages = sorted(by_package.items(), key=lambda kv: -kv[1])

    ranked = sorted(stats.items(), key=lambda kv: -kv[1][2])[:12]
    profile.top = [(_label(k), v[2], v[3]) for k, v in ranked]
    return profile


_PREFIX = re.compile(r"^.*/(site-packages|scripts|lib/python3\.\d+)/")


def _label(key: Key) -> str:
    filename, line, func = key
    name = _norm(filename)
    if name == "~":
        return func
    name = _PREFIX.sub("", name)
    return f"{name}:{line} {func}"


def profile_build(root: Path, work: Path) -> Profile:
    work.mkdir(parents=True, exist_ok=True)
    prof = work / "build.prof"
    run_profiled(root, work / "profiled-site", prof, work / "profiled-build.log")
    return analyse(prof)
