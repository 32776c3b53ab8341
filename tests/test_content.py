"""The site's first content: every claim the seed story calls for is there, rated as it must be."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import REPO
from factcheck.load import load_claims
from factcheck.model import Claim, Scale

SEED = REPO.parent / "shared" / "seed" / "000_05512c9b9ee7e686.txt"

# The statements of the seed article that must each be a claim, and where the
# rating follows from the site's rules, that rating.
REQUIRED = {
    "ford-xiaomi-joint-venture": "unproven",  # a credible report, flatly denied
    "ford-talks-byd-chinese-carmakers": None,
    "catl-pentagon-chinese-military-list": None,
    "xiaomi-pentagon-list-2021": None,
    "ford-catl-battery-licence": None,
    "us-100-percent-tariff-chinese-cars-2024": None,
    "geely-hints-us-entry": None,
    "ford-escape-edge-discontinued": None,
    "ford-low-cost-ev-platform-2027": None,
    "farley-imported-xiaomi-su7": None,
    "farley-survival-threat": None,
    "moolenaar-ford-would-betray-us": "not-checkable",  # an opinion
}


@pytest.fixture(scope="module")
def claims(scale: Scale) -> dict[str, Claim]:
    result = load_claims([REPO / "claims"], scale, root=REPO)
    assert [str(p) for p in result.problems] == []
    return {c.id: c for c in result.claims}


@pytest.mark.parametrize(("claim_id", "status"), REQUIRED.items())
def test_seed_statement_is_a_claim(claims: dict[str, Claim], claim_id: str, status: str | None):
    assert claim_id in claims
    if status:
        assert claims[claim_id].status == status


def test_main_claim_quotes_fords_denial_word_for_word(claims: dict[str, Claim]) -> None:
    denials = [c.text for c in claims["ford-xiaomi-joint-venture"].counter_statements]
    assert "This report is completely false and unfounded." in denials


@pytest.mark.skipif(not SEED.exists(), reason="the seed article is not beside the repository")
def test_quotes_from_the_article_are_verbatim(claims: dict[str, Claim]) -> None:
    """Every “...” quotation in a claim's text stands word for word in the seed article."""
    article = SEED.read_text(encoding="utf-8")
    for claim in claims.values():
        for quote in re.findall(r"“([^”]+)”", claim.claim):
            assert quote in article, (claim.id, quote)


def test_no_source_of_unknown_address_has_a_guessed_one(claims: dict[str, Claim]) -> None:
    """The FT, IT Home and Gate items have no known address: none may carry one."""
    for claim in claims.values():
        sources = [claim.source, *claim.appearances, *claim.evidence]
        sources += [c.source for c in claim.counter_statements if c.source]
        for source in sources:
            if source.publisher in {"Financial Times", "IT Home", "Gate"}:
                assert source.url is None, (claim.id, source.publisher, source.url)


def test_every_claim_file_is_on_the_site_index(claims: dict[str, Claim]) -> None:
    assert set(claims) == {p.stem for p in Path(REPO / "claims").glob("*.yaml")}


def test_titles_fit_claimreviewed(claims: dict[str, Claim]) -> None:
    """Fact-check readers show claimReviewed best at 75 characters or fewer."""
    assert {c.id: len(c.title) for c in claims.values() if len(c.title) > 75} == {}
