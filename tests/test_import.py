"""`factcheck import`: published ClaimReview markup in, claim files out, nothing invented.

Real markup (tests/corpus/import/real, sources in its README) must give the
fields it holds; every file written must validate, or fail only on the fields
its header lists as left to fill in; nothing is overwritten; and hostile input
(the values of tests/corpus/invalid, and JSON and HTML built to be slow or
deep) is refused with a clear message, never a traceback or a hang.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from conftest import BIN, REPO, VALID_CLAIM
from factcheck import jsonld
from factcheck.importer import Result, choose_slug, import_sources, scalar, slugify
from factcheck.importfind import find_reviews
from factcheck.importmap import draft_claim
from factcheck.importread import (
    MAX_JSON_DEPTH,
    MAX_SOURCE_BYTES,
    is_url_argument,
    json_depth,
    ld_json_blocks,
)
from factcheck.load import load_claims
from factcheck.model import Scale
from factcheck.ratingmap import (
    RatingMap,
    SourceRating,
    default_text,
    load_default,
    load_mapping,
    merged,
    normalize,
    rate,
)
from factcheck.schema import load_schema
from factcheck.text import char_problem, value_problem
from factcheck.yamlfile import YamlError, decode, parse

CORPUS = Path(__file__).parent / "corpus" / "import"
REAL, SHAPES, HOSTILE = CORPUS / "real", CORPUS / "shapes", CORPUS / "hostile"
INVALID = Path(__file__).parent / "corpus" / "invalid"


# --- helpers ------------------------------------------------------------------


@pytest.fixture
def site(tmp_path: Path) -> Path:
    shutil.copy(REPO / "ratings.yaml", tmp_path / "ratings.yaml")
    (tmp_path / "claims").mkdir()
    return tmp_path


@pytest.fixture
def mapping(scale: Scale) -> RatingMap:
    return load_default(scale)


def run(cwd: Path, *args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [BIN / "factcheck", "import", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        env={"PATH": "/usr/bin:/bin"},
    )


def do_import(site: Path, scale: Scale, *sources: Path, **options: Any) -> Result:
    mapping = options.pop("mapping", None) or load_default(scale)
    return import_sources(list(sources), site / "claims", scale, mapping, root=site, **options)


def data_of(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = parse(decode(path.read_bytes())).data
    return data


def written(result: Result) -> list[dict[str, Any]]:
    return [data_of(w.path) for w in result.written]


def header_fields(path: Path, section: str) -> set[str]:
    """The fields a file's header lists under a section ("To fill in", "Not imported")."""
    fields, inside = set(), False
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        if line.startswith("#   "):
            if inside:
                fields.add(line[4:].split(":", 1)[0])
        else:
            inside = line.startswith(f"# {section}")
    return fields


def assert_only_left_to_fill(result: Result, scale: Scale, root: Path) -> None:
    """Each file written fails validation only on the fields its header lists to fill in."""
    for item in result.written:
        loaded = load_claims([item.path], scale, root=root)
        problems = {p.field for p in loaded.problems}
        assert problems == header_fields(item.path, "To fill in"), item.path
        assert problems == {name for name, _ in item.todo}


# --- real and odd markup --------------------------------------------------------


def test_afp_factuel_page_french_graph_string_numbers_date_time(site: Path, scale: Scale) -> None:
    result = do_import(site, scale, REAL / "afp-factuel-mali.html")
    assert result.problems == []
    [claim] = written(result)
    assert claim == {
        "title": "Le Mali a rompu ses relations diplomatiques avec la France",
        "claim": "Le Mali a rompu ses relations diplomatiques avec la France",
        "claimant": {"name": "Sources multiples", "type": "organization"},
        "date": "2022-01-24",
        "source": {"publisher": ""},
        "appearances": [
            {
                "publisher": "",
                "url": "https://www.facebook.com/101888178896970/photos/a.101895338896254/143921044693683/",
            }
        ],
        "counter_statements": [],
        "status": "false",
        "verdict": "",
        "evidence": [],
        "tags": [],
        "reviewed": "2022-01-28",
    }
    path = result.written[0].path
    assert path.name == "le-mali-a-rompu-ses-relations-diplomatiques-avec-la-france.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith(
        "# yaml-language-server: $schema=../scripts/factcheck/claim.schema.json\n"
    )
    assert "# Imported from: https://factuel.afp.com/doc.afp.com.9XC9W4\n" in text
    assert '# Rated "Faux" (1 on a scale of 1 to 5): status false\n' in text
    assert "# Published: 2022-01-28 18:35\n" in text  # as given
    assert header_fields(path, "To fill in") == {
        "source.publisher",
        "appearances[0].publisher",
        "verdict",
        "evidence",
    }
    assert_only_left_to_fill(result, scale, site)


def test_afp_creative_work_item_reviewed_and_capital_rating(site: Path, scale: Scale) -> None:
    [claim] = written(do_import(site, scale, REAL / "afp-whipped-cream-graph.json"))
    assert claim["status"] == "false"  # "FALSE"
    assert claim["claimant"] == {"name": "multiple sources", "type": "organization"}
    assert claim["date"] == "2020-12-30"
    assert claim["reviewed"] == "2021-01-05"  # "2021-01-05 05:00"
    # the older form: itemReviewed is the work that carried the claim
    assert claim["appearances"] == [
        {
            "publisher": "",
            "author": {"name": "multiple sources", "type": "organization"},
            "url": "https://blog.naver.com/akwptmxl/222190223317",
            "date": "2020-12-30",
        }
    ]


def test_politifact_type_list_numbers_only_nameless_author(site: Path, scale: Scale) -> None:
    result = do_import(site, scale, REAL / "politifact-schemaorg-1061.html")
    [claim] = written(result)
    assert claim["title"].startswith('More than 3,000 homicides were committed by "illegal aliens"')
    assert claim["status"] == "false"  # 1 on 1..6 (worstRating assumed 1): the worst
    assert result.written[0].rating == "1 on a scale of 1 to 6"
    assert claim["claimant"] == {"name": "Rich Perry", "type": "person"}  # "title" is no jobTitle
    assert claim["appearances"] == [
        {
            "publisher": "",
            "title": "The St. Petersburg Times interview [...]",
            "author": {"name": "Rich Perry", "type": "person"},
            "date": "2014-07-17",
        }
    ]
    assert_only_left_to_fill(result, scale, site)


def test_google_documentation_example(site: Path, scale: Scale) -> None:
    [claim] = written(do_import(site, scale, REAL / "google-docs-flat-earth.json"))
    assert claim["appearances"] == [
        {
            "publisher": "Skeptical News",
            "title": "Square Earth - Flat earthers for the Internet age",
            "author": {"name": "T. Tellar", "type": "person"},
            "url": "http://skeptical.example.net/news/a122121",
            "date": "2016-06-22",
        }
    ]
    assert (claim["status"], claim["date"], claim["reviewed"]) == (
        "false",
        "2016-06-20",
        "2016-06-22",
    )


def test_fact_check_api_search_response(site: Path, scale: Scale) -> None:
    result = do_import(site, scale, REAL / "factcheck-api-claims-search.json")
    assert result.problems == []
    claims = written(result)
    assert len(claims) == 10
    assert [c["status"] for c in claims] == [
        "false",  # False
        "misleading",  # Misleading
        "false",  # false
        "false",
        "false",
        "misleading",
        "false",  # FALSE
        "misleading",  # False Context
        "false",
        "false",
    ]
    fifth = claims[4]
    assert fifth["title"] == "Visuals shows a crocodile in Silchar, Assam."
    assert fifth["claimant"] == {"name": "Facebook", "type": ""}  # the API does not say which
    assert (fifth["date"], fifth["reviewed"]) == ("2022-06-22", "2022-06-22")  # ...T15:45:00Z
    text = result.written[4].path.read_text(encoding="utf-8")
    assert "# Published by: The Quint\n" in text and "# Language: en\n" in text
    assert_only_left_to_fill(result, scale, site)


def test_markup_page_shape_gives_what_the_html_gives(site: Path, scale: Scale) -> None:
    [from_api] = written(do_import(site, scale, SHAPES / "synthetic-markup-page-afp.json"))
    (site / "claims").rename(site / "first")
    (site / "claims").mkdir()
    [from_page] = written(do_import(site, scale, REAL / "afp-factuel-mali.html"))
    assert from_api["claimant"] == {"name": "Sources multiples", "type": ""}  # the API has no type
    assert from_api == {**from_page, "claimant": from_api["claimant"]}


def test_datafeed_graph_ids_and_untyped_lines(site: Path, scale: Scale) -> None:
    feed = do_import(site, scale, SHAPES / "synthetic-datafeed.json")
    assert [w.where for w in feed.written] == ["review 1", "review 2"]
    shutil.rmtree(site / "claims")
    [graph] = written(do_import(site, scale, SHAPES / "synthetic-graph-ids.json"))
    assert graph["claimant"] == {"name": "multiple sources", "type": "organization"}  # by @id
    assert graph["status"] == "false"  # the rating, by @id
    assert graph["appearances"] == [
        {
            "publisher": "",
            "url": "https://blog.naver.com/akwptmxl/222190223317",
            "date": "2020-12-30",
        }
    ]
    shutil.rmtree(site / "claims")
    lines = do_import(site, scale, SHAPES / "synthetic-no-type.jsonl")
    assert [w.where for w in lines.written] == ["line 1, review 1", "line 2, review 2"]
    second = data_of(lines.written[1].path)
    assert second["reviewed"] == "2022-01-28"  # 2022-01-28T18:35:38+01:00: the date as written
    assert second["appearances"][0]["url"].startswith("https://www.facebook.com/")
    assert second["claimant"] == {"name": "Sources multiples", "type": ""}


def test_odd_script_blocks(site: Path, scale: Scale) -> None:
    result = do_import(site, scale, HOSTILE / "synthetic-odd-page.html")
    assert [c["title"] for c in written(result)] == [
        "Upper-case tag, single quotes, a charset",
        "Wrapped in CDATA",
    ]
    assert [c["status"] for c in written(result)] == ["misleading", "false"]  # Pants on Fire!
    assert [str(p).split(": ", 2)[1] for p in result.problems] == [
        "script block 3",
        "script block 4",
    ]


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("2019-04-10T00:30:00+05:30", "2019-04-10"),  # the publisher's own calendar day
        ("2022-06-22T15:45:00Z", "2022-06-22"),
        ("2021-01-05 05:00", "2021-01-05"),
        ("2022-01-28T18:35:38.123+0100", "2022-01-28"),
        ("2014-07", "2014-07"),
        ("2014", "2014"),
    ],
)
def test_dates_keep_the_day_as_written(
    given: str, expected: str, scale: Scale, mapping: RatingMap
) -> None:
    review = {
        "@type": "ClaimReview",
        "claimReviewed": "x",
        "itemReviewed": {"datePublished": given},
    }
    [found] = find_reviews(review)
    draft = draft_claim(found, mapping, scale)
    assert draft is not None and draft.data["date"] == expected


def test_a_date_in_another_form_is_refused_not_guessed(scale: Scale, mapping: RatingMap) -> None:
    review = {
        "@type": "ClaimReview",
        "claimReviewed": "x",
        "datePublished": "23/07/2014",
        "itemReviewed": {"datePublished": "July 23, 2014"},
    }
    [found] = find_reviews(review)
    draft = draft_claim(found, mapping, scale)
    assert draft is not None
    assert (draft.data["date"], draft.data["reviewed"]) == ("", "")
    assert dict(draft.refused) == {
        "date": "'July 23, 2014' is not an ISO 8601 date or date-time (YYYY-MM-DD)",
        "reviewed": "'23/07/2014' is not an ISO 8601 date or date-time (YYYY-MM-DD)",
    }


# --- complete reviews validate: this site's own feed, imported back ---------------------


RICH_CLAIM = VALID_CLAIM.replace(
    "claimant:\n  name: Daily Example\n  type: organization\n",
    "claimant:\n  name: Jane Doe\n  type: person\n  role: Chief executive, Acme Corp\n",
).replace(
    "  - by: {name: Acme Corp, type: organization}\n    text: This report is completely false.\n",
    "  - by: {name: Acme Corp, type: organization}\n    text: This report is completely false.\n"
    "    url: https://acme.example.org/statement\n",
)


def own_feed(claims_dir: Path, scale: Scale, out: Path) -> list[Any]:
    claims = load_claims([claims_dir], scale).claims
    publisher = jsonld.Publisher("Example Checks", "https://checks.example.org/")
    reviews = [
        jsonld.claim_review(c, scale, f"https://checks.example.org/claims/{c.id}/", publisher)
        for c in claims
    ]
    feed = jsonld.data_feed(
        reviews, "https://checks.example.org/feed.json", publisher, "2026-11-30"
    )
    out.write_text(json.dumps(feed, ensure_ascii=False), encoding="utf-8")
    return claims


def test_this_sites_feed_imports_back_into_valid_claims(tmp_path: Path, scale: Scale) -> None:
    source = tmp_path / "source"
    source.mkdir()
    (source / "rich.yaml").write_text(RICH_CLAIM)
    for claim in (REPO / "claims").glob("*.yaml"):  # the site's own claims, those that load
        shutil.copy(claim, source / claim.name)
    claims = own_feed(source, scale, tmp_path / "feed.json")
    assert len(claims) > 1
    (tmp_path / "claims").mkdir()
    result = do_import(tmp_path, scale, tmp_path / "feed.json")
    assert result.problems == []
    loaded = load_claims([tmp_path / "claims"], scale, root=tmp_path)
    assert [str(p) for p in loaded.problems] == []
    assert len(loaded.claims) == len(claims)
    back = {c.title: c for c in loaded.claims}
    for original in claims:
        again = back[original.title]
        assert (again.status, again.reviewed, again.claimant) == (
            original.status,
            original.reviewed,
            original.claimant,
        )
        assert again.date.start == original.date.start  # an interval keeps its first day
        assert [s.url for s in again.evidence] == [s.url for s in original.evidence]
        assert [(c.by, c.text, c.url) for c in again.counter_statements] == [
            (c.by, c.text, c.url) for c in original.counter_statements
        ]
    rich = back["Acme will open a factory on the Moon"]
    assert rich.claimant.role == "Chief executive, Acme Corp"


# --- nothing overwritten, nothing imported twice ------------------------------------


def test_a_taken_name_gets_a_number_and_the_file_is_untouched(site: Path, scale: Scale) -> None:
    mine = site / "claims" / "the-world-is-flat.yaml"
    mine.write_text(VALID_CLAIM)
    result = do_import(site, scale, REAL / "google-docs-flat-earth.json")
    assert [w.path.name for w in result.written] == ["the-world-is-flat-2.yaml"]
    assert mine.read_text() == VALID_CLAIM


def test_a_review_imported_before_is_skipped(site: Path, scale: Scale) -> None:
    first = do_import(site, scale, REAL / "afp-factuel-mali.html")
    again = do_import(
        site, scale, REAL / "afp-factuel-mali.html", SHAPES / "synthetic-markup-page-afp.json"
    )
    assert len(first.written) == 1 and again.written == []
    assert len(again.skipped) == 2  # the page again, and the API page of the same review
    assert "already imported as claims/le-mali-a-rompu" in again.skipped[0]
    assert sorted(p.name for p in (site / "claims").iterdir()) == [first.written[0].path.name]


def test_dry_run_writes_nothing(site: Path, scale: Scale) -> None:
    result = do_import(site, scale, REAL, dry_run=True)
    assert len(result.written) == 14
    assert list((site / "claims").iterdir()) == []


def test_slugs() -> None:
    assert (
        slugify("Le Mali a rompu ses relations, ENGAÑOSO!")
        == "le-mali-a-rompu-ses-relations-enganoso"
    )
    assert slugify("x" * 100) == "x" * 60
    assert len(slugify("word " * 40)) <= 60
    assert slugify("واتساب يحذف الحسابات") == ""


def test_slug_falls_back_to_the_address_then_a_plain_name(scale: Scale, mapping: RatingMap) -> None:
    def slug(review: dict[str, Any], taken: frozenset[str] = frozenset()) -> str:
        draft = draft_claim(find_reviews(review)[0], mapping, scale)
        assert draft is not None
        return choose_slug(draft, taken)

    arabic = {"@type": "ClaimReview", "claimReviewed": "واتساب يحذف الحسابات"}
    assert slug({**arabic, "url": "https://fatabyyano.example/%D9%88/whatsapp-accounts.html"}) == (
        "whatsapp-accounts"
    )
    assert slug({**arabic, "reviewRating": {"alternateName": "زائف"}}) == "imported-review"
    assert (
        slug({"@type": "ClaimReview", "claimReviewed": "Index"}, frozenset({"index"})) == "index-2"
    )


# --- the rating mapping ------------------------------------------------------------


def test_the_default_mapping_maps_onto_the_scale(scale: Scale, mapping: RatingMap) -> None:
    doc = parse(decode(default_text().encode()))
    assert len(mapping.text) >= len(doc.data["text"])
    for entry in mapping.text.values():
        assert entry.status is None or entry.status in scale
    assert normalize("Pants on Fire!") == "pants on fire"
    assert normalize(" ENGAÑOSO ") == normalize("Enganoso") == "enganoso"
    assert rate(mapping, SourceRating("Opinion or prediction")).status == "not-checkable"  # label


@pytest.mark.parametrize(
    ("rating", "status", "why"),
    [
        (SourceRating("Falso"), "false", ""),
        (SourceRating("Mostly False", 2, 6), "misleading", ""),  # the text decides
        (SourceRating("Unproven"), "unproven", ""),
        (SourceRating("Satire", 1, 5, 1), None, 'leaves "Satire" (1 on a scale of 1 to 5)'),
        (SourceRating("Half True"), None, "leaves"),
        (SourceRating("Four and a half"), None, 'the rating "Four and a half" is not in'),
        (SourceRating(None, 1.0, 6.0), "false", ""),
        (SourceRating(None, 6.0, 6.0), "true", ""),
        (SourceRating(None, 5.0), "true", ""),  # bestRating assumed 5
        (SourceRating(None, 3.0, 6.0), None, "3 on a scale of 1 to 6 is not in"),
        (SourceRating(None, 9.0, 5.0), None, "not on its own scale"),
        (SourceRating(), None, "the review gives no rating"),
    ],
)
def test_ratings_by_text_then_numbers(
    mapping: RatingMap, rating: SourceRating, status: str | None, why: str
) -> None:
    rated = rate(mapping, rating)
    assert rated.status == status
    assert why in rated.why


def test_numbers_as_strings_and_not_numbers(scale: Scale, mapping: RatingMap) -> None:
    def status(rating: dict[str, Any]) -> str:
        review = {"@type": "ClaimReview", "claimReviewed": "x", "reviewRating": rating}
        draft = draft_claim(find_reviews(review)[0], mapping, scale)
        assert draft is not None
        return str(draft.data["status"])

    assert status({"ratingValue": "1", "bestRating": "5", "worstRating": "1"}) == "false"
    assert status({"ratingValue": " 5 "}) == "true"
    assert status({"ratingValue": "true"}) == ""  # not a number
    assert status({"ratingValue": True, "bestRating": 1}) == ""


def test_unmapped_rating_is_written_without_status_and_reported(site: Path, scale: Scale) -> None:
    review = {
        "@type": "ClaimReview",
        "claimReviewed": "Acme will open a factory on the Moon",
        "url": "https://checks.example.org/acme-moon",
        "reviewRating": {"alternateName": "Half True", "ratingValue": 3, "bestRating": 6},
    }
    (site / "review.json").write_text(json.dumps(review))
    done = run(site, "review.json")
    assert done.returncode == 0, done.stderr
    assert 'Ratings left to an editor: "Half True" (3 on a scale of 1 to 6) ×1.' in done.stdout
    path = site / "claims" / "acme-will-open-a-factory-on-the-moon.yaml"
    assert data_of(path)["status"] == ""
    assert "status" in header_fields(path, "To fill in")
    text = path.read_text()
    assert '#   status: the rating mapping leaves "Half True" (3 on a scale of 1 to 6)' in text


def test_a_mapping_file_adds_to_the_default(site: Path, scale: Scale) -> None:
    (site / "map.yaml").write_text(
        "text:\n  Half True: misleading\n  False: ~\n"
        "scores:\n  - {min: 0.3, max: 0.5, status: unproven}\n"
    )
    user, problems = load_mapping(site / "map.yaml", scale)
    assert problems == [] and user is not None
    both = merged(load_default(scale), user)
    assert rate(both, SourceRating("half-true")).status == "misleading"
    assert rate(both, SourceRating("False")).status is None  # the user's ~ wins
    assert rate(both, SourceRating("Falso")).status == "false"  # the default still applies
    assert rate(both, SourceRating(None, 3, 6)).status == "unproven"  # 0.4


def test_a_bad_mapping_file_is_reported_with_lines(site: Path) -> None:
    (site / "map.yaml").write_text(
        "text:\n  Half True: mostly\n  half-true: false\nscores:\n  - {score: 2, status: false}\n"
        "extra: 1\n"
    )
    done = run(site, "--mapping", "map.yaml", REAL / "google-docs-flat-earth.json")
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        "map.yaml:2: text.Half True: 'mostly' is not a rating on the scale (allowed: false, "
        "misleading, retracted, unproven, outdated, not-checkable, true, or ~)",
        "map.yaml:3: text.half-true: is the same text as 'Half True' (case, accents ignored)",
        "map.yaml:5: scores[0]: scores are numbers from 0 (the worst rating) to 1 (the best), "
        "min <= max",
        "map.yaml:6: extra: unknown key (allowed: text, scores)",
    ]
    assert not (site / "claims" / "the-world-is-flat.yaml").exists()


def test_print_mapping_prints_a_file_to_start_from(site: Path, scale: Scale) -> None:
    done = run(site, "--print-mapping")
    assert (done.returncode, done.stdout) == (0, default_text())
    (site / "mine.yaml").write_text(done.stdout, encoding="utf-8")
    assert load_mapping(site / "mine.yaml", scale)[1] == []


# --- hostile input ------------------------------------------------------------------


def corpus_values() -> list[str]:
    """Every string of tests/corpus/invalid/*.yaml that the validator refuses as text or as
    an address, read with the validator's own reader (files it refuses whole, like the
    alias bomb, hold no value to reuse)."""
    url = re.compile(load_schema()["$defs"]["url"]["pattern"])
    found: dict[str, None] = {}
    for path in sorted(INVALID.iterdir()):
        try:
            stack = [parse(decode(path.read_bytes())).data]
        except YamlError:
            continue
        while stack:
            item = stack.pop()
            if isinstance(item, dict):
                stack.extend(item.values())
            elif isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, str) and (value_problem(item) or _bad_address(item, url)):
                found[item] = None
    return list(found)


def _bad_address(value: str, url: re.Pattern[str]) -> bool:
    return value.startswith(("http", "javascript:", "data:", "file:")) and not url.fullmatch(value)


HOSTILE_VALUES = [
    "Acme \u202eopen",  # bidi override
    "Acme\u2066isolate",
    "line\u2028separator",
    "next\x85line",
    "control\x01char",
    "nul\x00byte",
    "escape\x1b[2Kterminal",
    "\u200b\u200b",  # invisible only
    "Z" + "\u0301" * 30,  # stacked marks
    "noncharacter\ufffe",
    "surrogate\ud800",
    "javascript:alert(document.cookie)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "file:///etc/passwd",
    "https://trusted.example@evil.example/",
    "https://wire.ex\u0430mple.org/acme",
    "https://example.org/a b",
    "https://example.org\\evil",
]


def test_the_invalid_corpus_gives_hostile_values() -> None:
    values = corpus_values()
    assert any("\u202e" in v for v in values)
    assert any(v.startswith("javascript:") for v in values)
    assert len(values) >= 8


def hostile_reviews(values: list[str]) -> list[dict[str, Any]]:
    """Each value in each place a review carries text or an address."""
    reviews = []
    for n, value in enumerate(values):
        reviews.append(
            {
                "@type": "ClaimReview",
                "url": f"https://checks.example.org/review-{n}",
                "claimReviewed": value,
                "reviewBody": value,
                "author": {"@type": "Organization", "name": value},
                "itemReviewed": {
                    "@type": "Claim",
                    "author": {"@type": "Person", "name": value, "jobTitle": value},
                    "datePublished": "2026-01-31",
                    "url": value,
                    "appearance": [value, {"url": value, "publisher": {"name": value}}],
                    "firstAppearance": {"url": value, "publisher": value, "headline": value},
                },
                "reviewRating": {"alternateName": value},
                "datePublished": "2026-02-01",
                "citation": [{"url": value, "publisher": {"name": value}}],
            }
        )
    return reviews


def test_hostile_values_are_refused_with_the_source_review_and_field(
    site: Path, scale: Scale
) -> None:
    values = [*corpus_values(), *HOSTILE_VALUES]
    source = site / "hostile.json"
    source.write_text(json.dumps(hostile_reviews(values)), encoding="utf-8")
    done = run(site, "hostile.json")
    assert done.returncode == 1
    assert "Traceback" not in done.stdout + done.stderr
    errors = done.stderr.splitlines()
    assert errors[-1].endswith("problem(s) in 1 source(s): what they name was not imported.")
    for line in errors[:-1]:
        assert line.startswith("hostile.json: review "), line
        assert line.isprintable(), line
        assert line.endswith("; not imported"), line
    for n in range(len(values)):
        assert any(line.startswith(f"hostile.json: review {n + 1} ") for line in errors), n
    assert any(": title: holds U+202E RIGHT-TO-LEFT OVERRIDE" in line for line in errors)
    assert any(": appearances[0].url: must be a full http://" in line for line in errors)
    assert any(": claimant.name: holds the control character U+0001" in line for line in errors)
    result_files = sorted((site / "claims").iterdir())
    assert len(result_files) == len(values)  # each review still written: what remains is safe
    check = load_claims([site / "claims"], scale, root=site)
    url = re.compile(load_schema()["$defs"]["url"]["pattern"])
    for path in result_files:
        text = path.read_text(encoding="utf-8")
        assert char_problem(text) is None, path  # no refused character, even in comments
        assert all(url.fullmatch(u) for u in addresses(data_of(path))), path
        fields = {p.field for p in check.problems if p.path == f"claims/{path.name}"}
        assert fields == header_fields(path, "To fill in"), path


def addresses(data: Any) -> list[str]:
    """Every url value in a claim's data."""
    found, stack = [], [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            found += [v for k, v in item.items() if k == "url"]
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


def test_the_stored_hostile_review(site: Path, scale: Scale) -> None:
    result = do_import(site, scale, HOSTILE / "synthetic-hostile-values.json")
    refused = {p.field for p in result.problems}
    assert refused == {
        "title",
        "claim",
        "claimant.name",
        "date",
        "appearances[0].url",
        "appearances[1].url",
        "appearances[2].url",
        "appearances[3].url",
        "appearances[3].publisher",
        "appearances[4].publisher",
        "verdict",
        "evidence[0].publisher",
        "reviewed",
    }
    [claim] = written(result)
    assert claim["claimant"] == {"name": "", "type": "person", "role": "Chief executive"}
    assert claim["appearances"] == [{"publisher": "", "url": "https://wire.example.org/acme-moon"}]
    assert claim["evidence"] == [{"publisher": "", "url": "https://wire.example.org/acme-moon"}]
    assert_only_left_to_fill(result, scale, site)


def test_too_large_is_refused_by_size_without_parsing(site: Path) -> None:
    big = site / "big.json"
    big.write_text('{"claimReviewed": "' + "x" * (5 * 1000 * 1000) + '"}')
    done = run(site, "big.json")
    assert done.returncode == 1
    assert done.stderr.splitlines()[0] == (
        f"big.json: is 5,000,021 bytes; the limit is {MAX_SOURCE_BYTES:,}: split it into "
        "smaller files (one page, one feed or one API response each)"
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("deep.json", "[" * 100_000 + "]" * 100_000, "nests lists and objects 100,000 deep"),
        ("deep-objects.json", '{"a":' * 50 + "1" + "}" * 50, "nests lists and objects 50 deep"),
        ("quotes.json", '"\\"' * 1_000_000, "is not valid JSON: Extra data"),
        ("open-string.json", '["' + "\\" * 2_000_001, "is not valid JSON: Unterminated string"),
        ("nan.json", '{"ratingValue": NaN}', "is not valid JSON: NaN is not a number JSON allows"),
        ("digits.json", '{"ratingValue": ' + "9" * 5000 + "}", "a number of more than 4,300"),
        ("empty.json", "", "is not valid JSON: Expecting value"),
        ("scripts.html", "<script" * 500_000, "holds no JSON-LD"),
        ("comments.html", "<!--" * 500_000, "holds no JSON-LD"),
        ("tags.html", '<script type="application/ld+json"' * 100_000, "holds no JSON-LD"),
        ("plain.json", '{"name": "not a review"}', "holds no ClaimReview"),
    ],
)
def test_hostile_json_and_html_are_refused_in_linear_time(
    site: Path, name: str, content: str, message: str
) -> None:
    (site / name).write_text(content, encoding="utf-8")
    done = run(site, name)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith(f"{name}: ")
    assert message in done.stderr.splitlines()[0]


def test_json_depth_counts_only_brackets_outside_strings() -> None:
    assert json_depth('{"a": "[[[[", "b": [1, {"c": "]]]]"}]}') == 3
    assert json_depth('"\\"' * 100_000) == 0
    assert json_depth("[" * 1_000) == 1_000
    assert json_depth('["\\\\"]') == 1  # an escaped backslash ends before the quote
    assert json_depth("") == 0
    assert json_depth("[" * 1_000 + '"]]]') == 1_000 > MAX_JSON_DEPTH  # the rest is in a string


def test_script_blocks_are_found_in_one_pass() -> None:
    assert ld_json_blocks("<script" * 100_000) == []
    html = (
        '<!-- <script type="application/ld+json">1</script> --><script type="application/ld+json">2'
    )
    assert ld_json_blocks(html) == ["2"]  # a script runs to the end when it is not closed


def test_not_utf8_and_special_files(site: Path) -> None:
    (site / "latin1.html").write_bytes(b"<p>caf\xe9</p>")
    os.mkfifo(site / "pipe.json")
    done = run(site, "latin1.html", "pipe.json")
    assert done.returncode == 1
    assert done.stderr.splitlines()[:2] == [
        "latin1.html: is not UTF-8 text (byte 0xe9 at offset 6); save it as UTF-8",
        "pipe.json: is not a regular file (a pipe, a device or a socket); save it first",
    ]


def test_a_folder_is_walked_without_following_links(site: Path, scale: Scale) -> None:
    folder = site / "archive"
    (folder / "2022").mkdir(parents=True)
    shutil.copy(REAL / "afp-factuel-mali.html", folder / "2022" / "mali.html")
    (folder / "notes.txt").write_text("not a source")
    (folder / ".hidden.json").write_text("[")
    (folder / "link.json").symlink_to(REAL / "google-docs-flat-earth.json")
    os.mkfifo(folder / "pipe.json")
    result = do_import(site, scale, folder)
    assert [w.path.name for w in result.written] == [
        "le-mali-a-rompu-ses-relations-diplomatiques-avec-la-france.yaml"
    ]
    assert sorted(p.name for p in result.ignored) == ["link.json", "notes.txt", "pipe.json"]
    assert result.problems == []


@pytest.mark.parametrize(
    "argument",
    ["https://factuel.afp.com/doc.afp.com.9XC9W4", "http://example.org/x", "ftp://example.org/a"],
)
def test_a_web_address_is_refused_never_fetched(site: Path, argument: str) -> None:
    assert is_url_argument(argument)
    done = run(site, argument)
    assert done.returncode == 2
    assert "is a web address; factcheck import never fetches: save the page" in done.stderr
    assert list((site / "claims").iterdir()) == []


def test_usage_errors(site: Path) -> None:
    assert run(site).returncode == 2
    missing = run(site, "nowhere.json")
    assert (missing.returncode, "no such file or folder: nowhere.json" in missing.stderr) == (
        2,
        True,
    )
    no_scale = run(site, "--ratings", "none.yaml", REAL / "google-docs-flat-earth.json")
    assert no_scale.returncode == 2 and "rating scale not found" in no_scale.stderr


# --- the command, end to end ---------------------------------------------------------


def test_cli_imports_a_folder_then_validate_lists_what_remains(site: Path) -> None:
    shutil.copytree(CORPUS, site / "import")
    done = run(site, "import/real", "import/shapes")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert sum(line.startswith("Created claims/") for line in lines) == 14
    assert sum(line.startswith("Skipped import/shapes/") for line in lines) == 6
    assert lines[-1] == (
        "14 claim file(s) written, 14 with fields to fill in (then run: factcheck validate); "
        "6 review(s) already imported."
    )
    assert lines[0] == (
        "Created claims/le-mali-a-rompu-ses-relations-diplomatiques-avec-la-france.yaml "
        "(import/real/afp-factuel-mali.html, script block 1, review 1); to fill in: "
        "source.publisher, appearances[0].publisher, verdict, evidence"
    )
    validate = subprocess.run(
        [BIN / "factcheck", "validate"], cwd=site, capture_output=True, text=True, check=False
    )
    assert validate.returncode == 1
    assert "Traceback" not in validate.stderr
    fields = {line.split(": ")[1] for line in validate.stderr.splitlines()[:-1]}
    assert fields <= {
        "claimant.type",
        "source.publisher",
        "appearances[0].publisher",
        "verdict",
        "evidence",
    }
    again = run(site, "import/real")
    assert again.returncode == 0
    assert again.stdout.splitlines()[-1].startswith("0 claim file(s) written; 14 review(s) already")


def test_rendered_yaml_style(site: Path, scale: Scale) -> None:
    review = {
        "@type": "ClaimReview",
        "claimReviewed": 'Acme: it\'s "true"',
        "reviewBody": "First paragraph.\n\nSecond paragraph, with  two spaces.",
        "reviewRating": {"alternateName": "True"},
        "itemReviewed": {"author": {"@type": "Person", "name": "yes"}},
        "datePublished": "2026-02-01",
    }
    (site / "r.json").write_text(json.dumps(review))
    [item] = do_import(site, scale, site / "r.json").written
    body = [line for line in item.path.read_text().splitlines() if not line.startswith("#")]
    assert body[:6] == [
        'title: "Acme: it\'s \\"true\\""',
        'claim: "Acme: it\'s \\"true\\""',
        "claimant:",
        '  name: "yes"',  # a YAML 1.1 boolean, quoted
        "  type: person",
        'date: ""',
    ]
    assert 'status: "true"' in body
    assert body[body.index("verdict: |-") + 1 : body.index("verdict: |-") + 4] == [
        "  First paragraph.",
        "",
        "  Second paragraph, with  two spaces.",
    ]
    assert scalar("Example Wire") == "Example Wire"
    assert scalar("https://example.org/a?b=c#d") == "https://example.org/a?b=c#d"
    assert scalar("2026-02-01") == '"2026-02-01"'
    assert scalar("no") == '"no"'
    assert scalar("a: b") == '"a: b"'


def test_future_review_date_is_refused(site: Path, scale: Scale) -> None:
    tomorrow = dt.date.today() + dt.timedelta(days=3)
    review = {"@type": "ClaimReview", "claimReviewed": "x", "datePublished": tomorrow.isoformat()}
    (site / "r.json").write_text(json.dumps(review))
    result = do_import(site, scale, site / "r.json")
    assert [(p.field, p.message.split(";")[0]) for p in result.problems] == [
        ("reviewed", f"{tomorrow.isoformat()} is in the future")
    ]


def test_a_review_with_nothing_to_import_is_reported(site: Path, scale: Scale) -> None:
    (site / "r.json").write_text('[{"@type": "ClaimReview", "author": {"name": "x"}}]')
    result = do_import(site, scale, site / "r.json")
    assert [str(p) for p in result.problems] == [
        "r.json: review 1: has no claimReviewed, url or rating: nothing to import"
    ]
    assert result.written == []


def test_non_latin_text_is_kept_as_given(site: Path, scale: Scale) -> None:
    claim = "واتساب سيحذف الحسابات غير النشطة"
    review = {
        "@type": "ClaimReview",
        "claimReviewed": claim,
        "url": "https://fatabyyano.example/whatsapp",
        "reviewRating": {"alternateName": "زائف"},
    }
    (site / "r.json").write_text(json.dumps(review, ensure_ascii=False), encoding="utf-8")
    [item] = do_import(site, scale, site / "r.json").written
    data = data_of(item.path)
    assert (data["title"], data["claim"], data["status"]) == (claim, claim, "")
    assert item.path.name == "whatsapp.yaml"
    assert f"# Claim reviewed: {claim}\n" in item.path.read_text(encoding="utf-8")


def test_limits_on_reviews_and_files(
    site: Path, scale: Scale, monkeypatch: pytest.MonkeyPatch
) -> None:
    from factcheck import importer, importfind

    monkeypatch.setattr(importfind, "MAX_REVIEWS", 2)
    monkeypatch.setattr(importer, "MAX_REVIEWS", 2)
    result = do_import(site, scale, REAL / "factcheck-api-claims-search.json")
    assert len(result.written) == 2
    assert [str(p) for p in result.problems] == [
        f"{REAL / 'factcheck-api-claims-search.json'}: holds more than 2 reviews; split it"
    ]
    monkeypatch.setattr(importer, "MAX_SOURCE_FILES", 1)
    shutil.rmtree(site / "claims")
    result = do_import(site, scale, REAL)
    assert result.written == []
    assert result.problems[0].message == "5 files; import at most 1 at a time"


def test_a_long_claim_reviewed_fills_the_claim_not_the_title(site: Path, scale: Scale) -> None:
    long_claim = "Acme will build " + "a very large factory " * 20 + "on the Moon."
    review = {"@type": "ClaimReview", "claimReviewed": long_claim, "datePublished": "2026-02-01"}
    (site / "r.json").write_text(json.dumps(review))
    result = do_import(site, scale, site / "r.json")
    assert result.problems == []  # nothing refused: the value is kept, in the claim field
    [item] = result.written
    assert (data_of(item.path)["title"], data_of(item.path)["claim"]) == ("", long_claim)
    assert dict(item.todo)["title"].startswith(
        f"claimReviewed is {len(long_claim)} characters, too long"
    )
    assert item.path.name.startswith("acme-will-build-a-very-large-factory")


def test_dates_in_the_wrong_order_are_kept_as_given_and_listed(site: Path, scale: Scale) -> None:
    review = {
        "@type": "ClaimReview",
        "claimReviewed": "Order test",
        "datePublished": "2022-01-01",
        "itemReviewed": {"datePublished": "2022-02-01"},
    }
    (site / "r.json").write_text(json.dumps(review))
    result = do_import(site, scale, site / "r.json")
    assert result.problems == []
    [item] = result.written
    assert (data_of(item.path)["date"], data_of(item.path)["reviewed"]) == (
        "2022-02-01",
        "2022-01-01",
    )
    assert dict(item.todo)["date"] == (
        "the claim is dated after its review (2022-01-01), as the review gives them: "
        "check which is right"
    )
    assert_only_left_to_fill(result, scale, site)
