"""What a claim edit makes stale, for `mkdocs serve --dirty`."""

from __future__ import annotations

import dataclasses

from test_dates_pages import make

from factcheck.incremental import stale
from factcheck.model import Party, Scale
from factcheck.pages import SiteIndex


def test_nothing_changed_nothing_stale(scale: Scale) -> None:
    claims = [make("a", ("x",)), make("b", ("x",))]
    assert not stale(SiteIndex.build(claims, scale), SiteIndex.build(claims, scale)).any


def test_an_edit_rebuilds_the_claim_and_the_pages_listing_it(scale: Scale) -> None:
    a, b, c = make("a", ("x",)), make("b", ("x",)), make("c", ("other",))
    before = SiteIndex.build([a, b, c], scale)
    edited = dataclasses.replace(a, title="A new title")  # a new object: the file changed
    result = stale(before, SiteIndex.build([edited, b, c], scale))
    assert result.rebuild == {"a", "b"}  # b lists a as related; c does not
    assert result.removed == set()


def test_a_removal_rebuilds_the_pages_that_listed_it(scale: Scale) -> None:
    a, b, c = make("a", ("x",)), make("b", ("x",)), make("c", ("other",))
    result = stale(SiteIndex.build([a, b, c], scale), SiteIndex.build([b, c], scale))
    assert (result.rebuild, result.removed) == ({"b"}, {"a"})


def test_a_new_claim_rebuilds_the_pages_that_now_list_it(scale: Scale) -> None:
    b, c = make("b", ("x",)), make("c", ("other",))
    result = stale(
        SiteIndex.build([b, c], scale), SiteIndex.build([make("a", ("x",)), b, c], scale)
    )
    assert result.rebuild == {"a", "b"}


def test_a_claimant_page_that_moves_rebuilds_the_claims_linking_it(scale: Scale) -> None:
    a = dataclasses.replace(make("a", ("x",)), claimant=Party("Jim Farley!", "person"))
    c = make("c", ("other",))
    before = SiteIndex.build([a, c], scale)
    assert before.claimant_of(a) == "jim-farley"
    b = dataclasses.replace(make("b", ("y",)), claimant=Party("Jim Farley", "person"))
    after = SiteIndex.build([a, b, c], scale)  # "Jim Farley" sorts first: it takes the slug
    assert after.claimant_of(a) == "jim-farley-2"
    assert stale(before, after).rebuild == {"a", "b"}
