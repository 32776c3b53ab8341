"""Every checkable statement of the source article is a claim, or is listed as not rated.

The home, About and Methodology pages promise that the site accounts for every
checkable statement of the IT Home item of 1 February 2026. STATEMENTS below is
that promise written down: each statement of the article, as a short passage
copied from it, mapped to the claim that rates it or to an entry of the
"Statements not rated" list on the Methodology page. The tests fail when a
statement maps to nothing, when a claim it names does not exist, when a
not-rated entry is missing from the Methodology page, or when a sentence of the
article is left out of the list.
"""

from __future__ import annotations

import re

import pytest
import yaml

from conftest import REPO

SEED = REPO.parent / "shared" / "seed" / "000_05512c9b9ee7e686.txt"
CLAIMS = REPO / "claims"
METHODOLOGY = REPO / "docs" / "methodology.md"
NOT_RATED_HEADING = "## Statements not rated"

# Entries of the not-rated list on the Methodology page: key -> the words that
# open the entry there.
NOT_RATED = {
    "ford-denial": '**Ford\'s reply, "This report is completely false and unfounded."**',
    "unnamed-experts": (
        '**"Some experts believe Trump hopes to attract Chinese investment in the US,'
    ),
}

# (passage of the article, word for word; what accounts for it: a claim id, or
# "not-rated:<key>" for an entry of NOT_RATED). In the article's order.
STATEMENTS: list[tuple[str, str]] = [
    (
        "Reports say Ford is exploring the formation of a joint venture with Xiaomi to "
        "manufacture electric vehicles in the United States, but the former denies it.",
        "ford-xiaomi-joint-venture",
    ),
    (
        "The Financial Times reported that, according to four informed sources, Ford Motor "
        "has been in negotiations with Xiaomi regarding collaboration",
        "ford-xiaomi-joint-venture",
    ),
    (
        "which could pave the way for Chinese automakers to enter the US market.",
        "ford-xiaomi-joint-venture",
    ),
    (
        "Sources said that although the discussions are still in the preliminary stage, Ford "
        "has explored establishing a joint venture with Xiaomi to produce electric vehicles "
        "in the United States.",
        "ford-xiaomi-joint-venture",
    ),
    (
        "The report also states that Ford has communicated with BYD (002594) and other "
        "Chinese automakers about potential cooperation in the US market.",
        "ford-talks-byd-chinese-carmakers",
    ),
    (
        "stated that Ford’s move would “betray the United States and its allies, and further "
        "make the US dependent on China.”",
        "moolenaar-ford-would-betray-us",
    ),
    ("Ford responded: “This report is completely false and unfounded.”", "not-rated:ford-denial"),
    (
        "Ford CEO Jim Farley has publicly praised Chinese electric vehicles multiple times",
        "farley-imported-xiaomi-su7",
    ),
    ("he personally imported a Xiaomi SU7 model for use.", "farley-imported-xiaomi-su7"),
    (
        "Xiaomi, which started in consumer electronics, shocked the global automotive industry "
        "in 2024 with its stunning debut of electric vehicles.",
        "xiaomi-ev-debut-2024",
    ),
    (
        "Farley warned last year that Chinese competitors pose a “survival threat” to Western "
        "automakers, with China’s domestic capacity alone enough to “bankrupt all of us.”",
        "farley-survival-threat",
    ),
    (
        "He also previously stated that Chinese companies “will definitely enter” the US market.",
        "farley-chinese-carmakers-will-enter-us",
    ),
    (
        "Last month, Farley hosted US President Donald Trump at the Ford truck plant in "
        "Dearborn, a suburb of Detroit.",
        "farley-hosted-trump-dearborn",
    ),
    (
        "During the visit, Trump told business leaders that if Chinese companies “want to come "
        "build factories, hire you, your friends, and neighbors, that would be great. I welcome "
        "it.”",
        "trump-welcomes-chinese-factories",
    ),
    (
        "Ford has reached an licensing agreement with CATL (300750) to use this battery giant’s "
        "technology to produce battery cells in the US.",
        "ford-catl-battery-licence",
    ),
    (
        "The US Department of Defense has listed CATL as a so-called entity related to the "
        "Chinese military, which CATL denies.",
        "catl-pentagon-chinese-military-list",
    ),
    (
        "The House Select Committee on China has also expressed concern about this agreement "
        "multiple times.",
        "house-china-committee-ford-catl-concern",
    ),
    (
        "In 2024, the Biden administration imposed a 100% tariff on imported Chinese cars, "
        "banning Chinese vehicles from entering the US market.",
        "us-100-percent-tariff-chinese-cars-2024",
    ),
    ("In addition to maintaining these tariffs", "trump-kept-chinese-ev-tariffs"),
    (
        "Trump extended restrictions on Chinese software and hardware used in connected "
        "vehicles during Biden’s term.",
        "trump-connected-vehicle-restrictions",
    ),
    ("Trump is preparing to visit China in April", "trump-china-visit-april"),
    ("a trip that may include trade agreement discussions.", "trump-china-visit-april"),
    (
        "Some experts believe Trump hopes to attract Chinese investment in the US, but officials "
        "with a more hardline stance under his leadership are unlikely to welcome Chinese "
        "automakers entering the US market.",
        "not-rated:unnamed-experts",
    ),
    (
        "In 2021, during Trump’s first term, he listed Xiaomi among the companies related to "
        "the Chinese military",
        "xiaomi-pentagon-list-2021",
    ),
    (
        "Xiaomi subsequently filed a lawsuit, and the Biden administration removed it from the "
        "list later that year.",
        "xiaomi-pentagon-list-2021",
    ),
    (
        "BYD and other Chinese automakers have quickly penetrated markets in Europe, Southeast "
        "Asia, and Latin America with affordable electric and hybrid vehicles, and these "
        "products are increasingly being localized.",
        "byd-chinese-carmakers-expand-abroad",
    ),
    (
        "However, Trump’s recent statements in Detroit, along with another Chinese company, "
        "Geely, hinting at entering the US market within the next three years, have raised the "
        "possibility of Chinese manufacturers landing in the US.",
        "geely-hints-us-entry",
    ),
    (
        "Ash Sakhil, Global Communications Director of Geely Auto, recently told Autoline "
        "Network, “The key question we face is when and how to enter the US market.”",
        "geely-sutcliffe-autoline-us-question",
    ),
    ("Geely also owns Volvo Cars and the Polestar brand.", "geely-owns-volvo-polestar"),
    (
        "Sakhil declined to comment further to the Financial Times but said the group is still "
        "“closely watching” potential opportunities in North America.",
        "geely-sutcliffe-ft-closely-watching",
    ),
    (
        "Ede Jin, President of consulting firm AutoPacific, pointed out that Ford is "
        "particularly vulnerable to the impact of low-cost Chinese electric vehicles entering "
        "the US market",
        "autopacific-ford-vulnerable-chinese-evs",
    ),
    (
        "The models cut include the compact crossover Ford Escape and the mid-size Ford Edge "
        "SUV, which have been discontinued.",
        "ford-escape-edge-discontinued",
    ),
    (
        "Ford plans to launch a new low-cost electric vehicle platform no earlier than 2027, "
        "with no replacement models available before then.",
        "ford-low-cost-ev-platform-2027",
    ),
]

# Text of the page that is not a statement of the article.
NOT_STATEMENTS = ("View Original",)


def claim_ids() -> set[str]:
    return {p.stem for p in CLAIMS.glob("*.yaml")}


def not_rated_section() -> str:
    text = METHODOLOGY.read_text(encoding="utf-8")
    assert NOT_RATED_HEADING in text, "the Methodology page has no list of statements not rated"
    section = text.split(NOT_RATED_HEADING, 1)[1]
    return re.split(r"^## ", section, maxsplit=1, flags=re.M)[0]


def article() -> str:
    """The article once: the file holds it twice, and a publisher's notice after the first."""
    text = SEED.read_text(encoding="utf-8")
    return text.split("View Original", 1)[0]


def sentences(text: str) -> list[str]:
    parts = re.split(r"(?:(?<=[.!?][”\"])|(?<=[.!?]))\s+(?=[A-Z“])", text)
    return [p.strip() for p in parts if p.strip()]


@pytest.mark.parametrize(("passage", "target"), STATEMENTS, ids=[t for _, t in STATEMENTS])
def test_each_statement_maps_to_a_claim_or_a_not_rated_entry(passage: str, target: str) -> None:
    assert target, f"statement maps to nothing: {passage!r}"
    if target.startswith("not-rated:"):
        key = target.removeprefix("not-rated:")
        assert key in NOT_RATED, f"no not-rated entry {key!r} for {passage!r}"
        assert NOT_RATED[key] in not_rated_section(), (
            f"the Methodology page does not list {key!r} among the statements not rated"
        )
    else:
        assert target in claim_ids(), f"no claim claims/{target}.yaml for {passage!r}"


def test_every_not_rated_entry_is_used() -> None:
    used = {t.removeprefix("not-rated:") for _, t in STATEMENTS if t.startswith("not-rated:")}
    assert used == set(NOT_RATED)


@pytest.mark.skipif(not SEED.exists(), reason="the seed article is not beside the repository")
def test_passages_are_quoted_word_for_word_from_the_article() -> None:
    text = article()
    assert [p for p, _ in STATEMENTS if p not in text] == []


@pytest.mark.skipif(not SEED.exists(), reason="the seed article is not beside the repository")
def test_no_sentence_of_the_article_is_left_out() -> None:
    """Each sentence of the article shares a passage with the list, or is not a statement."""
    passages = [p for p, _ in STATEMENTS]
    missing = [
        s
        for s in sentences(article())
        if s not in NOT_STATEMENTS and not any(p in s or s in p for p in passages)
    ]
    assert missing == []


def test_every_claim_from_the_article_is_in_the_list() -> None:
    """A claim taken from the IT Home item is one of the article's statements."""
    mapped = {t for _, t in STATEMENTS}
    from_item = set()
    for path in CLAIMS.glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        sources = [data["source"], *(data.get("appearances") or [])]
        if any(s.get("publisher") == "IT Home" for s in sources):
            from_item.add(path.stem)
    assert from_item - mapped == set()


def test_a_statement_mapped_to_nothing_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    """The check itself: an unknown claim id or a missing not-rated entry is caught."""
    with pytest.raises(AssertionError):
        test_each_statement_maps_to_a_claim_or_a_not_rated_entry("x", "")
    with pytest.raises(AssertionError):
        test_each_statement_maps_to_a_claim_or_a_not_rated_entry("x", "no-such-claim")
    monkeypatch.setitem(NOT_RATED, "absent", "**An entry that is not on the page**")
    with pytest.raises(AssertionError):
        test_each_statement_maps_to_a_claim_or_a_not_rated_entry("x", "not-rated:absent")
