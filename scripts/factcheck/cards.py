"""Preview cards: a 1200 x 630 PNG per claim for link previews (og:image, twitter:image).

Drawn offline with Pillow in Source Sans Pro, the font the PyPI package
font-source-sans-pro ships (no font is ever downloaded; it covers Latin,
Greek and Cyrillic, so other scripts show as boxes), with the rating's
Material icon rendered by resvg. A card
shows the site name, the claim's title, the rating's label, colour and icon,
and the claimant.

Cards are cached by content: the file name is a hash of everything drawn, so
an unchanged claim is never redrawn and an edited one gets a new card.
Plain functions; no MkDocs here.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import resvg_py
from PIL import Image, ImageDraw, ImageFont

from .icons import icon_file
from .model import Claim, Rating

WIDTH, HEIGHT = 1200, 630
CARDS_DIR = "assets/cards"
VERSION = "1"  # change when the drawing changes: every card is redrawn
MARGIN = 72
INK, MUTED, PAPER = "#1a1a1a", "#555555", "#ffffff"


@dataclass(frozen=True)
class Card:
    """What one card shows."""

    site: str
    title: str
    label: str
    color: str
    icon_svg: str
    claimant: str

    def key(self) -> str:
        """A hash of everything drawn: equal keys, equal cards."""
        parts = (
            VERSION,
            self.site,
            self.title,
            self.label,
            self.color,
            self.icon_svg,
            self.claimant,
        )
        return hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()[:32]

    def alt(self) -> str:
        """The card's text, for og:image:alt."""
        return f"{self.label}: {self.title} ({self.claimant}). {self.site}"


def card_for(claim: Claim, rating: Rating, site: str, icon: Path) -> Card:
    """The card of a claim; icon is the rating's SVG file (icons.icon_file)."""
    return Card(
        site=site,
        title=claim.title,
        label=rating.label,
        color=rating.color,
        icon_svg=icon_svg(icon),
        claimant=claim.claimant.name,
    )


@cache
def icon_svg(icon: Path) -> str:
    return icon.read_text(encoding="utf-8")


def card_src(claim_id: str) -> str:
    return f"{CARDS_DIR}/{claim_id}.png"


FONTS = resources.files("font_source_sans_pro") / "files"
REGULAR, BOLD = "SourceSansPro-Regular.ttf", "SourceSansPro-Bold.ttf"


@cache
def _font(size: int, face: str = REGULAR) -> ImageFont.FreeTypeFont:
    with resources.as_file(FONTS / face) as path:
        return ImageFont.truetype(str(path), size)


def _wrap(
    draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: int, lines: int
) -> list[str]:
    """text in at most `lines` lines of at most `width` pixels; an ellipsis where it is cut."""
    out: list[str] = []
    words = text.split()
    while words and len(out) < lines:
        line = words.pop(0)
        while words and draw.textlength(f"{line} {words[0]}", font=font) <= width:
            line = f"{line} {words.pop(0)}"
        while draw.textlength(line, font=font) > width and len(line) > 1:  # one long word
            line = line[:-2] + "…"
        out.append(line)
    if words and out:
        last = out[-1]
        while last and draw.textlength(last + " …", font=font) > width:
            last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
        out[-1] = last + " …"
    return out


def draw(card: Card) -> bytes:
    """The card as PNG bytes."""
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    pen = ImageDraw.Draw(image)
    pen.rectangle((0, 0, 24, HEIGHT), fill=card.color)  # the rating's colour, never alone
    text_width = WIDTH - 2 * MARGIN
    site = _wrap(pen, card.site, _font(36), text_width, 1)
    pen.text((MARGIN, 48), site[0] if site else "", font=_font(36), fill=MUTED)
    _badge(image, pen, card, top=112)
    y = 236
    for line in _wrap(pen, card.title, _font(58, BOLD), text_width, 4):
        pen.text((MARGIN, y), line, font=_font(58, BOLD), fill=INK)
        y += 68
    claimant = _wrap(pen, f"Claim by {card.claimant}", _font(36), text_width, 1)
    pen.text((MARGIN, HEIGHT - 78), claimant[0] if claimant else "", font=_font(36), fill=MUTED)
    out = io.BytesIO()
    image.save(out, "PNG", optimize=False, compress_level=6)
    return out.getvalue()


def _badge(image: Image.Image, pen: ImageDraw.ImageDraw, card: Card, top: int) -> None:
    """The rating as on the site: icon and label on a tint of its colour, a thick left edge."""
    font = _font(46, BOLD)
    label_width = int(pen.textlength(card.label, font=font))
    width, height = 24 + 56 + 16 + label_width + 28, 84
    tint = _mix(card.color, PAPER, 0.14)
    pen.rounded_rectangle(
        (MARGIN, top, MARGIN + width, top + height), 12, fill=tint, outline=card.color, width=4
    )
    pen.rectangle((MARGIN, top, MARGIN + 14, top + height), fill=card.color)
    icon = _icon(card.icon_svg, card.color, 56)
    image.paste(icon, (MARGIN + 24, top + 14), icon)
    pen.text((MARGIN + 24 + 56 + 16, top + 12), card.label, font=font, fill=INK)


def _icon(svg: str, color: str, size: int) -> Image.Image:
    png = resvg_py.svg_to_bytes(
        svg_string=svg, width=size, height=size, style_sheet=f"path {{ fill: {color}; }}"
    )
    return Image.open(io.BytesIO(bytes(png))).convert("RGBA")


def _mix(color: str, base: str, amount: float) -> tuple[int, int, int]:
    """color at `amount` over base (both #rrggbb)."""
    a = [int(color[i : i + 2], 16) for i in (1, 3, 5)]
    b = [int(base[i : i + 2], 16) for i in (1, 3, 5)]
    r, g, bl = (round(x * amount + y * (1 - amount)) for x, y in zip(a, b, strict=True))
    return (r, g, bl)


class CardCache:
    """Drawn cards by key, in a folder kept between builds (as Material's social plugin does)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.drawn = 0  # cards drawn by the last prepare(); the others were reused

    def path(self, card: Card) -> Path:
        return self.folder / f"{card.key()}.png"

    def prepare(self, cards: dict[str, Card]) -> dict[str, Path]:
        """Every card's cached PNG, drawing those not cached yet (in threads: Pillow
        releases the GIL while it renders and compresses)."""
        paths = {cid: self.path(card) for cid, card in cards.items()}
        missing = {paths[cid]: card for cid, card in cards.items() if not paths[cid].is_file()}
        self.drawn = len(missing)
        if missing:
            self.folder.mkdir(parents=True, exist_ok=True)
            with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
                list(pool.map(_store, missing.keys(), missing.values()))
        return paths


def _store(path: Path, card: Card) -> None:
    """Draw card into path atomically: no reader ever sees half a card."""
    with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".tmp", delete=False) as tmp:
        tmp.write(draw(card))
    os.replace(tmp.name, path)


def _link_or_copy(source: Path, dest: Path) -> None:
    """Put a cached card at dest: a hard link where the file system allows, else a copy."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.unlink(missing_ok=True)
    try:
        os.link(source, dest)
    except OSError:
        shutil.copyfile(source, dest)


class CardSet:
    """The cards of one site: prepared with its claims, published into its built site."""

    def __init__(self, cache: CardCache, theme_icons: list[Path]) -> None:
        self.cache = cache
        self.theme_icons = theme_icons  # a theme's own .icons, looked in before Material's
        self.paths: dict[str, Path] = {}  # claim id -> cached card
        self.alts: dict[str, str] = {}
        self._published: dict[str, Path] = {}  # what the site holds now, across serve rebuilds

    def prepare(self, claims: list[Claim], ratings: dict[str, Rating], site: str) -> None:
        icons = {rid: self._icon(r) for rid, r in ratings.items()}  # once per rating
        specs = {c.id: card_for(c, ratings[c.status], site, icons[c.status]) for c in claims}
        self.paths = self.cache.prepare(specs)
        self.alts = {cid: spec.alt() for cid, spec in specs.items()}

    def _icon(self, rating: Rating) -> Path:
        found = icon_file(rating.icon, self.theme_icons)
        if found is None:  # the rating scale's validation makes sure it exists
            raise ValueError(f"no icon {rating.icon!r} for the rating {rating.id!r}")
        return found

    def publish(self, site_dir: Path) -> None:
        """Each claim's card at assets/cards/<id>.png; only new or changed ones are written."""
        for cid, path in self.paths.items():
            dest = site_dir / card_src(cid)
            if self._published.get(cid) != path or not dest.is_file():
                _link_or_copy(path, dest)
                self._published[cid] = path
        for cid in set(self._published) - set(self.paths):  # claims removed under serve
            (site_dir / card_src(cid)).unlink(missing_ok=True)
            del self._published[cid]
