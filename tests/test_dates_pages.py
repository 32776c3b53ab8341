"""Dates as a fact-checker knows them, and the page data built from claims."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from factcheck.dates import parse_fuzzy, parse_point
from factcheck.model import Claim, Party, Scale, Source
from factcheck.pages import RELATED_CANDIDATES_PER_TAG, SiteIndex, newest_first


@pytest.mark.parametrize(
    ("text", "human"),
    [
        ("2026-02-01", "1 February 2026"),
        ("2026-02", "February 2026"),
        ("2025", "2025"),
        ("2026-01-31/2026-02-01", "31 January – 1 February 2026"),
        ("2026-02-01/2026-02-03", "1–3 February 2026"),
        ("2025/2026-02", "2025 – February 2026"),
    ],
)
def test_fuzzy_dates_read_and_print(text: str, human: str) -> None:
    date = parse_fuzzy(text)
    assert date.human() == human
    assert date.iso() == text


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2026-02-30", "2026-02-30 is not a real date"),
        ("2025-02-29", "2025-02-29 is not a real date"),
        ("2026-00", "there is no month 00"),
        ("0000", "year 0 is out of range"),
    ],
)
def test_impossible_dates(text: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        parse_point(text)


def test_leap_day_is_real() -> None:
    assert parse_point("2024-02-29").day == 29


def test_partial_dates_sort_by_their_latest_day() -> None:
    assert parse_fuzzy("2026-02").sort_key() > parse_fuzzy("2026-02-27").sort_key()
    assert parse_fuzzy("2026-01-31/2026-02-01").sort_key() == parse_fuzzy("2026-02-01").sort_key()


def make(
    claim_id: str,
    tags: tuple[str, ...],
    reviewed: str = "2026-02-03",
    date: str = "2026-02-01",
    status: str = "unproven",
) -> Claim:
    return Claim(
        id=claim_id,
        path=f"claims/{claim_id}.yaml",
        title=claim_id,
        claim="c",
        claimant=Party("X", "person"),
        date=parse_fuzzy(date),
        source=Source("P"),
        status=status,
        verdict="v",
        reviewed=dt.date.fromisoformat(reviewed),
        tags=tags,
    )


def test_newest_first_by_review_then_claim_date_then_id(scale: Scale) -> None:
    claims = [
        make("old-review", (), reviewed="2026-01-01"),
        make("b", (), date="2026-01-01"),
        make("a", (), date="2026-01-01"),
        make("new-claim", (), date="2026-02-10"),
    ]
    assert [c.id for c in newest_first(claims)] == ["new-claim", "a", "b", "old-review"]
    updated = dataclasses.replace(claims[0], updated=dt.date(2026, 3, 1))
    assert newest_first([*claims[1:], updated])[0].id == "old-review"


def test_index_groups_and_counts(scale: Scale) -> None:
    index = SiteIndex.build(
        [make("a", ("ford",)), make("b", ("ford", "xiaomi"), status="false")], scale
    )
    assert dict(index.status_counts()) == {
        "false": 1,
        "misleading": 0,
        "retracted": 0,
        "unproven": 1,
        "outdated": 0,
        "not-checkable": 0,
        "true": 0,
    }
    assert [r for r, _ in index.status_counts()] == scale.ids
    assert list(index.by_tag) == ["ford", "xiaomi"]
    assert [c.id for c in index.by_tag["ford"]] == ["a", "b"]


def test_related_ranks_by_shared_tags_and_excludes_self(scale: Scale) -> None:
    claims = [
        make("me", ("ford", "xiaomi", "ev")),
        make("two-shared", ("ford", "xiaomi")),
        make("one-shared", ("ev",), date="2026-02-05"),
        make("none-shared", ("geely",)),
    ]
    index = SiteIndex.build(claims, scale)
    assert [c.id for c in index.related(index.by_id["me"])] == ["two-shared", "one-shared"]
    assert index.related(index.by_id["none-shared"]) == []


def test_related_work_is_bounded_per_tag(scale: Scale) -> None:
    claims = [make(f"c{i:04d}", ("common",)) for i in range(RELATED_CANDIDATES_PER_TAG * 3)]
    index = SiteIndex.build(claims, scale)
    related = index.related(index.by_id["c0100"], limit=1000)
    assert len(related) == RELATED_CANDIDATES_PER_TAG  # only the tag's newest are candidates
