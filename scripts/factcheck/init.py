"""`factcheck init DIR`: write a new, complete fact-check site from the site kit.

The kit is the folder `sitekit/` of this package. Each of its files is written
to the same path in the new site, except:

- `*.jinja` files are Jinja templates, rendered with the answers and written
  without the suffix (values go into YAML as JSON strings and into Markdown
  HTML-escaped);
- a name that starts with `dot-` starts with `.` in the site: `dot-github/`,
  `dot-gitignore`, `claims/dot-gitkeep` (package-data globs skip hidden files,
  so the kit stores them without the dot);
- the claim and rating-scale schemas are copied from the package into
  `scripts/factcheck/`, where the claim files' `yaml-language-server` lines
  point (as in the generator's own repository), for editors.

Nothing is ever overwritten: if any file the site needs already exists, init
says which and writes nothing.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path, PurePosixPath

import jinja2

from . import __version__
from .new import Question
from .text import value_problem

KIT = "sitekit"
TEMPLATE = ".jinja"
DOT = "dot-"
# The schemas, for editors, where the yaml-language-server line of every claim file
# (and of `factcheck new`'s template) looks for them: the same place as in the
# generator's own repository. The build itself uses the installed package's copy.
SCHEMAS = {
    "claim.schema.json": "scripts/factcheck/claim.schema.json",
    "ratings.schema.json": "scripts/factcheck/ratings.schema.json",
}
MAX_NAME = 100
EXAMPLE_AGE = dt.timedelta(days=7)  # the example claim was "made" a week before init


QUESTIONS = (
    Question("name", "Site name (shown on every page)"),
    Question("language", "Language of the site (a code: en, fr, de, es, ...)", "en"),
    Question("publisher", "Publisher (the newsroom or organisation; default: the site name)"),
)


@dataclass(frozen=True)
class Answers:
    name: str
    language: str
    publisher: str


class InitError(Exception):
    """The site cannot be written; the message says why and what to do."""


def ask_missing(
    given: dict[str, str | None], ask: Callable[[str], str] | None
) -> dict[str, str | None]:
    """Fill each missing answer from ask(prompt), where there is someone to ask."""
    answers = dict(given)
    for q in QUESTIONS:
        if answers.get(q.name) is None and ask is not None:
            shown = f"{q.prompt} [{q.default}]: " if q.default else f"{q.prompt}: "
            answers[q.name] = ask(shown).strip() or q.default or None
    return answers


def check_answers(given: dict[str, str | None], languages: frozenset[str]) -> Answers:
    """The answers, checked: a name on one line, a language the theme speaks."""
    name = (given.get("name") or "").strip()
    if not name:
        raise InitError("give the site's name: --name 'Your Fact Check'")
    _check_line("--name", name)
    publisher = (given.get("publisher") or "").strip() or name
    _check_line("--publisher", publisher)
    language = (given.get("language") or "en").strip()
    if language not in languages:
        raise InitError(
            f"--language {language!r} is not a language of the theme (Material for MkDocs); "
            f"use one of: {', '.join(sorted(languages))}"
        )
    return Answers(name=name, language=language, publisher=publisher)


def _check_line(option: str, value: str) -> None:
    if "\n" in value or "\t" in value:
        raise InitError(f"{option}: give one line of text")
    if len(value) > MAX_NAME:
        raise InitError(f"{option}: at most {MAX_NAME} characters ({len(value)} given)")
    problem = value_problem(value)
    if problem:
        raise InitError(f"{option}: {problem}")


def theme_languages() -> frozenset[str]:
    """The languages Material for MkDocs has translations for (theme.language)."""
    try:
        folder = resources.files("material") / "templates" / "partials" / "languages"
        names = [f.name for f in folder.iterdir()]
    except (ModuleNotFoundError, FileNotFoundError):  # pragma: no cover - a dependency
        return frozenset({"en"})
    return frozenset(n.removesuffix(".html") for n in names if n.endswith(".html"))


def plan_site(answers: Answers, today: dt.date, version: str = __version__) -> dict[str, str]:
    """Every file of the new site: its path (relative, with /) and its text."""
    values = {
        "name": answers.name,
        "language": answers.language,
        "publisher": answers.publisher,
        "version": version,
        "reviewed": today.isoformat(),
        "made": (today - EXAMPLE_AGE).isoformat(),
        "answered": (today - EXAMPLE_AGE + dt.timedelta(days=1)).isoformat(),
    }
    plan: dict[str, str] = {}
    for path, item in _kit_files(resources.files("factcheck") / KIT, PurePosixPath()):
        text = item.read_text(encoding="utf-8")
        if path.suffix == TEMPLATE:
            path = path.with_suffix("")
            text = _render(text, path, values)
        plan[_target(path)] = text
    package = resources.files("factcheck")
    for name, target in SCHEMAS.items():
        plan[target] = package.joinpath(name).read_text(encoding="utf-8")
    return dict(sorted(plan.items()))


def _kit_files(
    folder: Traversable, prefix: PurePosixPath
) -> Iterator[tuple[PurePosixPath, Traversable]]:
    for item in sorted(folder.iterdir(), key=lambda i: i.name):
        if item.name == "__pycache__":
            continue
        if item.is_dir():
            yield from _kit_files(item, prefix / item.name)
        else:
            yield prefix / item.name, item


def _target(path: PurePosixPath) -> str:
    parts = ("." + p.removeprefix(DOT) if p.startswith(DOT) else p for p in path.parts)
    return str(PurePosixPath(*parts))


def _render(template: str, path: PurePosixPath, values: dict[str, str]) -> str:
    env = jinja2.Environment(
        autoescape=path.suffix == ".md",  # Markdown passes HTML through: escape the answers
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters["yaml"] = _yaml_scalar
    return env.from_string(template).render(values)


def _yaml_scalar(value: str) -> str:
    """A YAML double-quoted scalar: JSON strings are valid YAML and escape everything."""
    return json.dumps(str(value), ensure_ascii=False)


def existing(target: Path, plan: dict[str, str]) -> list[str]:
    """The planned files that already exist in target (init never overwrites one)."""
    return [path for path in plan if (target / path).exists() or (target / path).is_symlink()]


def write_site(target: Path, plan: dict[str, str]) -> None:
    """Write every planned file; InitError, and nothing written, if one exists already."""
    if target.exists() and not target.is_dir():
        raise InitError(f"{target} exists and is not a folder")
    taken = existing(target, plan)
    if taken:
        raise InitError(
            f"{target} already has {', '.join(taken)}: init never overwrites a file; "
            "choose an empty or new folder"
        )
    for path, text in plan.items():
        out = target / path
        out.parent.mkdir(parents=True, exist_ok=True)
        with out.open("x", encoding="utf-8", newline="\n") as f:  # "x": never overwrite
            f.write(text)


def next_steps(target: Path, answers: Answers) -> str:
    """What init prints when it is done: where the site is, the two commands, what is left."""
    lines = [
        f"Created {answers.name!r} in {target}/.",
        "",
        "Next:",
        f"  cd {target}",
        "  python3 -m venv .venv && .venv/bin/pip install -r requirements.txt",
        "  .venv/bin/mkdocs serve            # live preview at http://127.0.0.1:8000",
        "  .venv/bin/mkdocs build --strict   # check every claim and build site/",
        "",
        "Before you publish: set site_url and repo_url in mkdocs.yml, fill in every",
        "[[FILL IN: ...]] in docs/, and delete claims/example-claim.yaml. Every build",
        "lists what is left.",
    ]
    if answers.language != "en":
        lines.append("The pages in docs/ are written in English: translate them.")
    return "\n".join(lines)
