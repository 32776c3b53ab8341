"""Loading and validating claims: every problem, with file, line and field."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import VALID_CLAIM, claim_text
from factcheck.load import load_claims, load_scale
from factcheck.model import Scale


def check(tmp_path: Path, scale: Scale, files: dict[str, str | bytes]) -> list[str]:
    """Write files into tmp_path/claims and return the problems as printed."""
    folder = tmp_path / "claims"
    folder.mkdir(exist_ok=True)
    for name, content in files.items():
        target = folder / name
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    result = load_claims([folder], scale, root=tmp_path)
    return [str(p) for p in result.problems]


def test_valid_claim_loads_into_the_model(tmp_path: Path, scale: Scale) -> None:
    (tmp_path / "claims").mkdir()
    (tmp_path / "claims" / "acme-moon.yaml").write_text(VALID_CLAIM)
    result = load_claims([tmp_path / "claims"], scale, root=tmp_path)
    assert result.problems == []
    [claim] = result.claims
    assert claim.id == "acme-moon"
    assert claim.path == "claims/acme-moon.yaml"
    assert claim.claimant.name == "Daily Example"
    assert claim.date.human() == "31 January – 1 February 2026"
    assert claim.reviewed == dt.date(2026, 2, 3)
    assert claim.counter_statements[0].text == "This report is completely false."
    assert claim.counter_statements[0].source is not None
    assert claim.appearances[0].url == "https://wire.example.org/acme-moon"
    assert claim.tags == ("acme", "moon")


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (
            {"status": "mostly"},
            "claims/c.yaml:21: status: 'mostly' is not a rating on the scale (allowed: false, "
            "misleading, retracted, unproven, outdated, not-checkable, true)",
        ),
        ({"reviewed": "2026-02-30"}, "claims/c.yaml:31: reviewed: 2026-02-30 is not a real date"),
        (
            {"reviewed": "3 Feb 2026"},
            "claims/c.yaml:31: reviewed: must be a date written YYYY-MM-DD",
        ),
        ({"date": "2026-13"}, "claims/c.yaml:7: date: there is no month 13"),
        (
            {"date": "2026-02-02/2026-02-01"},
            "claims/c.yaml:7: date: the interval ends (2026-02-01) before it starts (2026-02-02)",
        ),
        ({"title": "[a, b]"}, "claims/c.yaml:2: title: must be text, not a list"),
        ({"title": ""}, "claims/c.yaml:2: title: must be text, not empty"),
        (
            {"tags": "[Ford]"},
            "claims/c.yaml:30: tags[0]: must be a lowercase slug: letters a-z, "
            "digits and single hyphens, like 'acme-moon'",
        ),
        ({"tags": "[ford, ford]"}, "claims/c.yaml:30: tags: lists the same item twice"),
    ],
)
def test_one_mistake_one_message(
    tmp_path: Path, scale: Scale, changes: dict[str, str], expected: str
) -> None:
    assert check(tmp_path, scale, {"c.yaml": claim_text(**changes)}) == [expected]


def test_evidence_must_not_be_empty(tmp_path: Path, scale: Scale) -> None:
    head, _, _ = VALID_CLAIM.partition("evidence:")
    text = head + "evidence: []\ntags: [acme]\nreviewed: 2026-02-03\n"
    assert check(tmp_path, scale, {"c.yaml": text}) == [
        "claims/c.yaml:26: evidence: needs at least 1 item(s)"
    ]


def test_unknown_field_suggests_the_right_one(tmp_path: Path, scale: Scale) -> None:
    text = VALID_CLAIM.replace("status: unproven", "stauts: unproven")
    assert check(tmp_path, scale, {"c.yaml": text}) == [
        "claims/c.yaml:2: status: required field is missing",
        "claims/c.yaml:21: stauts: unknown field; did you mean 'status'? (allowed: appearances, "
        "claim, claimant, counter_statements, date, evidence, history, reviewed, source, status, "
        "summary, tags, title, updated, verdict)",
    ]


def test_missing_fields_are_each_reported(tmp_path: Path, scale: Scale) -> None:
    text = "title: Only a title\n"
    problems = check(tmp_path, scale, {"c.yaml": text})
    missing = {p.split(": ")[1] for p in problems}
    assert missing == {
        "claim",
        "claimant",
        "date",
        "source",
        "counter_statements",
        "status",
        "verdict",
        "evidence",
        "tags",
        "reviewed",
    }
    assert all(p.endswith("required field is missing") for p in problems)


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "data:text/html,<script>x</script>",
        "file:///etc/passwd",
        "not a url",
        "https://",
        "ftp://example.org/x",
        "https://example.org/a b",
    ],
)
def test_only_http_urls(tmp_path: Path, scale: Scale, url: str) -> None:
    text = VALID_CLAIM.replace("https://wire.example.org/acme-moon", url, 1)
    assert check(tmp_path, scale, {"c.yaml": text}) == [
        "claims/c.yaml:13: appearances[0].url: must be a full http:// or https:// address "
        "with an ASCII host name (xn-- for other scripts), without user name, spaces or "
        "backslashes (leave url out where the address is not known)"
    ]


def test_counter_statement_needs_url_or_source(tmp_path: Path, scale: Scale) -> None:
    text = VALID_CLAIM.replace("    source:\n      publisher: Example Wire\n", "")
    assert check(tmp_path, scale, {"c.yaml": text}) == [
        "claims/c.yaml:16: counter_statements[0]: needs a url (the statement's own address) "
        "or a source (where it was reported)"
    ]


def test_nested_wrong_type_and_enum(tmp_path: Path, scale: Scale) -> None:
    text = VALID_CLAIM.replace("type: organization", "type: company", 1)
    assert check(tmp_path, scale, {"c.yaml": text}) == [
        "claims/c.yaml:6: claimant.type: 'company' is not allowed (allowed: 'person', "
        "'organization')"
    ]


def test_every_problem_in_every_file_at_once(tmp_path: Path, scale: Scale) -> None:
    bad = claim_text(status="mostly", reviewed="2026-02-30")
    problems = check(tmp_path, scale, {"a.yaml": bad, "b.yaml": "[1, 2]\n", "ok.yaml": VALID_CLAIM})
    assert problems == [
        "claims/a.yaml:21: status: 'mostly' is not a rating on the scale (allowed: false, "
        "misleading, retracted, unproven, outdated, not-checkable, true)",
        "claims/a.yaml:31: reviewed: 2026-02-30 is not a real date",
        "claims/b.yaml:1: the file must be a mapping of fields, not a list",
    ]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "Acme_Moon.yaml",
            "claims/Acme_Moon.yaml:1: the file name 'Acme_Moon' is not a valid "
            "claim id; use up to 80 lowercase letters a-z, digits and single hyphens, like "
            "'acme-moon-factory.yaml'",
        ),
        ("acme.yml", "claims/acme.yml:1: claim files end in .yaml; rename it to acme.yaml"),
        (
            "notes.txt",
            "claims/notes.txt:1: is not a claim file; claims/ holds only claim files "
            "named <id>.yaml",
        ),
    ],
)
def test_file_names(tmp_path: Path, scale: Scale, name: str, expected: str) -> None:
    assert check(tmp_path, scale, {name: VALID_CLAIM}) == [expected]


def test_symlink_is_refused(tmp_path: Path, scale: Scale) -> None:
    outside = tmp_path / "secret.yaml"
    outside.write_text(VALID_CLAIM)
    (tmp_path / "claims").mkdir()
    (tmp_path / "claims" / "leak.yaml").symlink_to(outside)
    assert check(tmp_path, scale, {}) == [
        "claims/leak.yaml:1: is a symbolic link; claim files must be regular files in the "
        "repository"
    ]


def test_duplicate_ids_across_folders(tmp_path: Path, scale: Scale) -> None:
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "same.yaml").write_text(VALID_CLAIM)
    result = load_claims([tmp_path / "a", tmp_path / "b"], scale, root=tmp_path)
    assert [str(p) for p in result.problems] == [
        "b/same.yaml:1: duplicate id 'same' (also a/same.yaml)"
    ]


def test_history_rules(tmp_path: Path, scale: Scale) -> None:
    history = "history:\n  - date: 2026-03-01\n    status: nonsense\n    reason: New evidence.\n"
    problems = check(tmp_path, scale, {"c.yaml": VALID_CLAIM + history})
    assert problems == [
        "claims/c.yaml:32: history: a claim with history needs 'updated': the date of the change",
        "claims/c.yaml:34: history[0].status: 'nonsense' is not a rating on the scale (allowed: "
        "false, misleading, retracted, unproven, outdated, not-checkable, true)",
    ]
    problems = check(
        tmp_path,
        scale,
        {"c.yaml": VALID_CLAIM + "updated: 2026-02-01\n" + history.replace("nonsense", "false")},
    )
    assert problems == [
        "claims/c.yaml:32: updated: 2026-02-01 is before reviewed (2026-02-03)",
        "claims/c.yaml:34: history[0].date: 2026-03-01 is after updated (2026-02-01)",
    ]


def test_scale_file_problems(tmp_path: Path) -> None:
    path = tmp_path / "ratings.yaml"
    path.write_text(
        "ratings:\n"
        "  - {id: a, label: A, meaning: x, color: red, icon: material/alert}\n"
        "  - {id: a, label: B, meaning: y, color: '#000000', icon: nope}\n"
    )
    scale, problems = load_scale(path, "ratings.yaml")
    assert scale is None
    assert [str(p) for p in problems] == [
        "ratings.yaml:2: ratings[0].color: must be a colour written #rrggbb",
        "ratings.yaml:3: ratings[1].icon: must name a Material icon such as "
        "'material/close-octagon'",
        "ratings.yaml:3: ratings[1].id: duplicate id 'a'",
    ]


def test_repo_scale_is_worst_first(scale: Scale) -> None:
    assert scale.ids[0] == "false" and scale.ids[-1] == "true"
    assert [r.rank for r in scale.ratings] == list(range(1, len(scale.ratings) + 1))
