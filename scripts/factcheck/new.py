"""`factcheck new <id>`: scaffold claims/<id>.yaml from the annotated template."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import jinja2

from .load import SLUG
from .model import Scale


@dataclass(frozen=True)
class Question:
    """One essential field: its option name, its prompt, and its default."""

    name: str
    prompt: str
    default: str = ""


QUESTIONS = (
    Question("title", "Headline (one line)"),
    Question("claim", "The claim, word for word where it was a quote"),
    Question("claimant", "Who made it"),
    Question("claimant_type", "person or organization", "person"),
    Question("date", "When it was first made (YYYY-MM-DD, YYYY-MM or YYYY)"),
    Question("publisher", "Where it first appeared (publisher)"),
    Question("status", "Rating id (see ratings.yaml)"),
    Question("tags", "Tags, comma-separated slugs"),
)


class NewClaimError(Exception):
    """The claim cannot be created; the message says why."""


def check_id(claim_id: str, claims_dir: Path) -> Path:
    """The path for a new claim, or NewClaimError if the id is taken or not a slug."""
    if not SLUG.fullmatch(claim_id):
        raise NewClaimError(
            f"'{claim_id}' is not a valid claim id: use lowercase letters a-z, digits and "
            "single hyphens, like 'acme-moon-factory'"
        )
    path = claims_dir / f"{claim_id}.yaml"
    if path.exists() or path.is_symlink():
        raise NewClaimError(f"{path} already exists: ids are permanent; edit it or pick another id")
    return path


def ask_missing(given: dict[str, str | None], ask: Callable[[str], str] | None) -> dict[str, str]:
    """Fill each missing answer from ask(prompt); left empty, the validator will flag it."""
    answers: dict[str, str] = {}
    for q in QUESTIONS:
        value = given.get(q.name)
        if value is None and ask is not None:
            shown = f"{q.prompt} [{q.default}]: " if q.default else f"{q.prompt}: "
            value = ask(shown).strip() or q.default
        answers[q.name] = value or q.default
    return answers


def render_claim(answers: dict[str, str], scale: Scale, today: dt.date) -> str:
    """The annotated template with the answers filled in, each as a safe YAML scalar."""
    tags = [t.strip() for t in answers["tags"].split(",") if t.strip()]
    template = jinja2.Template(
        resources.files("factcheck").joinpath("scaffold/claim.yaml").read_text("utf-8"),
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    return template.render(
        **{k: _scalar(v) for k, v in answers.items() if k != "tags"},
        tags=", ".join(_scalar(t) for t in tags),
        verdict=_scalar(""),
        statuses=", ".join(scale.ids),
        reviewed=_scalar(today.isoformat()),
    )


def _scalar(value: str) -> str:
    """A YAML double-quoted scalar: JSON strings are valid YAML and escape everything."""
    return json.dumps(value, ensure_ascii=False)
