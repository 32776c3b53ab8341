"""Text rules for contributor values, and each output's own guard, without a build.

Whatever validation lets through, the Atom feed stays well-formed XML, CSV
cells never run as spreadsheet formulas (OWASP), JSON-LD authors are Person
or Organization, and what is printed to a terminal or CI log stays one inert
line.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import xml.etree.ElementTree as ET
from importlib import resources

import jinja2
import pytest

from conftest import VALID_CLAIM
from factcheck import feeds, jsonld, render
from factcheck.model import Claim, Party, Scale
from factcheck.text import blank_problem, char_problem, for_csv, for_log, for_xml, is_blank
from factcheck.yamlfile import Problem, parse

HOSTILE = "\x01 \x1b[31m \x00 \ufffe \ud800 \u202e \u2028 \x85 \x7f"


@pytest.mark.parametrize(
    ("value", "found"),
    [
        ("a\x01b", "control character U+0001"),
        ("nul\x00", "control character U+0000"),
        ("carriage\rreturn", "control character U+000D"),
        ("esc\x1b[2J", "control character U+001B"),
        ("next\x85line", "control character U+0085"),
        ("delete\x7f", "control character U+007F"),
        ("line\u2028sep", "U+2028 LINE SEPARATOR"),
        ("para\u2029sep", "U+2029 PARAGRAPH SEPARATOR"),
        ("evil\u202eelif", "U+202E RIGHT-TO-LEFT OVERRIDE"),
        ("embed\u202bx", "U+202B RIGHT-TO-LEFT EMBEDDING"),
        ("isolate\u2066x", "U+2066 LEFT-TO-RIGHT ISOLATE"),
        ("non\ufffe", "U+FFFE"),
        ("non\U0010ffff", "U+10FFFF"),
        ("lone\ud800", "U+D800"),
    ],
)
def test_refused_characters_are_named(value: str, found: str) -> None:
    problem = char_problem(value)
    assert problem is not None and found in problem


@pytest.mark.parametrize(
    "value",
    [
        "Plain text, with tabs\tand\nline breaks.",
        "Ford–Xiaomi “joint venture” 福特 小米 — déjà vu",
        "عربي\u200f with a right-to-left mark",  # direction marks are allowed
        "family \U0001f468\u200d\U0001f469\u200d\U0001f467 emoji with joiners",
        "Persian half-space: می\u200cخواهم",
    ],
)
def test_ordinary_text_passes(value: str) -> None:
    assert char_problem(value) is None
    assert blank_problem(value) is None


@pytest.mark.parametrize(
    "value", ["\u200b", "\u2800\u2800", "\u3164", " \u200d\ufeff ", "\u115f\u1160", "\u034f\ufe0f"]
)
def test_invisible_only_values_are_blank(value: str) -> None:
    assert is_blank(value)
    problem = blank_problem(value)
    assert problem is not None and problem.startswith("is blank")


def test_empty_and_space_only_values_are_left_to_the_schema() -> None:
    assert blank_problem("") is None and blank_problem("   ") is None


def test_for_log_makes_one_printable_line() -> None:
    shown = for_log("a\nb\r::error::x\x1b[32m\u202e\u2028\ud800")
    assert shown == "a\\nb\\r::error::x\\x1b[32m\\u202e\\u2028\\ud800"
    assert shown.isprintable()
    shown.encode("utf-8")  # strict: no lone surrogate survives


def test_problem_lines_are_printable_whatever_the_field_or_path() -> None:
    problem = Problem("claims/a\n::stop-commands::t.yaml", 3, "x\x1b[2K", "bad\r\nthing")
    text = str(problem)
    assert "\n" not in text and "\r" not in text and "\x1b" not in text
    assert text == "claims/a\\n::stop-commands::t.yaml:3: x\\x1b[2K: bad\\r\\nthing"


def test_for_xml_keeps_only_what_xml_allows() -> None:
    removed = "\x01\x1b\x00\ufffe\ud800"  # C0 controls, noncharacter, surrogate
    cleaned = for_xml(HOSTILE)
    assert cleaned == "".join(c for c in HOSTILE if c not in removed)
    ET.fromstring(f"<a>{cleaned.replace('&', '&amp;').replace('<', '&lt;')}</a>")


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_for_csv_neutralises_formula_starts(start: str) -> None:
    assert for_csv(f"{start}HYPERLINK(1)") == f"'{start}HYPERLINK(1)"


@pytest.mark.parametrize("value", ["Ford", "2026-02-01", "https://example.org/a=b", "", "a-b"])
def test_for_csv_leaves_other_cells(value: str) -> None:
    assert for_csv(value) == value


def _claim(scale: Scale, **changes: object) -> Claim:
    base = Claim.from_data("acme", "claims/acme.yaml", parse(VALID_CLAIM).data)
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def _env() -> jinja2.Environment:
    loader = jinja2.FileSystemLoader(str(resources.files("factcheck") / "templates"))
    return render.make_env(jinja2.Environment(loader=loader))


def _site() -> feeds.Site:
    return feeds.Site(
        "Site", "https://example.org/", jsonld.Publisher("Pub", "https://example.org/")
    )


def test_atom_stays_well_formed_whatever_a_claim_holds(scale: Scale) -> None:
    claim = _claim(scale, title=f"T{HOSTILE}", verdict=f"V{HOSTILE}.", tags=("a",))
    xml = feeds.atom(_env(), [claim], scale, _site(), lambda c: "https://example.org/c/")
    root = ET.fromstring(xml.encode("utf-8"))  # raises on any character XML forbids
    title = root.find("{http://www.w3.org/2005/Atom}entry/{http://www.w3.org/2005/Atom}title")
    assert title is not None and title.text is not None
    assert title.text.endswith(for_xml(f"T{HOSTILE}"))


def test_csv_cells_never_start_a_formula(scale: Scale) -> None:
    claim = _claim(
        scale,
        title='=HYPERLINK("https://evil.example","x")',
        claim="+1+1",
        verdict="-2+3",
        claimant=Party("@SUM(A1)", "person"),
    )
    text = feeds.claims_csv([claim], scale, lambda c: "https://example.org/c/")
    row = next(csv.DictReader(io.StringIO(text)))
    assert row["title"] == '\'=HYPERLINK("https://evil.example","x")'
    assert row["claim"] == "'+1+1" and row["verdict"] == "'-2+3"
    assert row["claimant"] == "'@SUM(A1)"
    for cell in row.values():
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


def test_every_author_in_claimreview_is_a_person_or_an_organization(scale: Scale) -> None:
    claim = _claim(scale)
    review = jsonld.claim_review(claim, scale, "https://example.org/c/", _site().publisher)
    types: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if "author" in node:
                types.append(node["author"]["@type"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(review)
    assert types and set(types) <= {"Person", "Organization"}
    assert "Thing" not in json.dumps(review)
