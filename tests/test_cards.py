"""Preview cards: drawn offline, cached by content, published with the site, named in the head."""

from __future__ import annotations

import dataclasses
import io
import re
from pathlib import Path

from PIL import Image

from conftest import VALID_CLAIM, SiteFactory, mkdocs_build, set_plugin_options
from factcheck.cards import HEIGHT, WIDTH, Card, CardCache, CardSet, card_for, draw
from factcheck.icons import icon_file
from factcheck.model import Claim, Scale
from factcheck.yamlfile import parse


def claim() -> Claim:
    return Claim.from_data("acme", "claims/acme.yaml", parse(VALID_CLAIM).data)


def card(scale: Scale, **changes: str) -> Card:
    c = dataclasses.replace(claim(), **changes)  # type: ignore[arg-type]
    icon = icon_file(scale[c.status].icon)
    assert icon is not None
    return card_for(c, scale[c.status], "Test site", icon)


def test_a_card_is_a_1200_by_630_png_with_the_rating_colour(scale: Scale) -> None:
    made = card(scale)
    image = Image.open(io.BytesIO(draw(made))).convert("RGB")
    assert image.size == (WIDTH, HEIGHT) == (1200, 630)
    colour = tuple(int(made.color[i : i + 2], 16) for i in (1, 3, 5))
    assert image.getpixel((5, 300)) == colour  # the band on the left
    assert colour in {image.getpixel((x, 150)) for x in range(80, 200)}  # icon and badge edge
    assert made.alt() == f"Unproven: {made.title} (Daily Example). Test site"


def test_the_key_changes_with_what_is_drawn_and_nothing_else(scale: Scale) -> None:
    base = card(scale)
    assert card(scale).key() == base.key()
    assert card(scale, title="Another title").key() != base.key()
    assert card(scale, status="false").key() != base.key()
    assert card(scale, verdict="Another verdict, not on the card.").key() == base.key()


def test_hostile_and_long_text_draws(scale: Scale) -> None:
    for title in ("<script>alert(1)</script>" * 20, "W" * 300, "Zoë “quoted” — 福特 😀 ‮x"):
        png = draw(card(scale, title=title))
        assert Image.open(io.BytesIO(png)).size == (WIDTH, HEIGHT)


def test_the_cache_draws_each_card_once(tmp_path: Path, scale: Scale) -> None:
    cache = CardCache(tmp_path / "cards")
    first = cache.prepare({"a": card(scale), "b": card(scale, title="B")})
    assert cache.drawn == 2
    mtimes = {p.stat().st_mtime_ns for p in first.values()}
    again = cache.prepare({"a": card(scale), "b": card(scale, title="B")})
    assert cache.drawn == 0 and again == first
    assert {p.stat().st_mtime_ns for p in again.values()} == mtimes
    edited = cache.prepare({"a": card(scale, title="A, edited"), "b": card(scale, title="B")})
    assert cache.drawn == 1 and edited["a"] != first["a"] and edited["b"] == first["b"]


def test_publish_writes_only_what_changed_and_removes_what_went(
    tmp_path: Path, scale: Scale
) -> None:
    cards = CardSet(CardCache(tmp_path / "cache"), [])
    other = dataclasses.replace(claim(), id="other")
    cards.prepare([claim(), other], scale.by_id, "Site")
    site = tmp_path / "site"
    cards.publish(site)
    published = site / "assets" / "cards" / "acme.png"
    assert published.read_bytes() == cards.paths["acme"].read_bytes()
    inode = published.stat().st_ino
    cards.prepare([claim()], scale.by_id, "Site")  # "other" was removed
    cards.publish(site)
    assert published.stat().st_ino == inode  # untouched
    assert not (site / "assets" / "cards" / "other.png").exists()


def test_claim_pages_name_their_card_and_other_pages_none(make_site: SiteFactory) -> None:
    root = make_site({"acme-moon.yaml": VALID_CLAIM})
    done = mkdocs_build(root)
    assert done.returncode == 0, done.stderr
    page = (root / "site" / "claims" / "acme-moon" / "index.html").read_text(encoding="utf-8")
    meta = dict(re.findall(r'<meta (?:property|name)="([^"]+)" content="([^"]*)"', page))
    assert meta["og:image"] == "https://example.org/test/assets/cards/acme-moon.png"
    assert (meta["og:image:width"], meta["og:image:height"]) == ("1200", "630")
    assert meta["og:image:alt"].startswith("Unproven: Acme will open a factory on the Moon")
    assert meta["twitter:card"] == "summary_large_image"
    assert meta["twitter:image"] == meta["og:image"]
    png = root / "site" / "assets" / "cards" / "acme-moon.png"
    assert Image.open(png).size == (1200, 630)
    home = (root / "site" / "index.html").read_text(encoding="utf-8")
    assert 'content="summary"' in home and "og:image" not in home
    assert "drew 1 preview card(s)" in done.stderr
    again = mkdocs_build(root)  # warm: nothing drawn, the card still published
    assert "preview card" not in again.stderr and png.is_file()


def test_cards_can_be_turned_off(make_site: SiteFactory) -> None:
    root = make_site({"acme-moon.yaml": VALID_CLAIM})
    set_plugin_options(root, cards=False)
    assert mkdocs_build(root).returncode == 0
    assert not (root / "site" / "assets" / "cards").exists()
    page = (root / "site" / "claims" / "acme-moon" / "index.html").read_text(encoding="utf-8")
    assert "og:image" not in page
