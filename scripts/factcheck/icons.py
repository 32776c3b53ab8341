"""Material icon names (`material/alert`) to their SVG files, as the theme finds them."""

from __future__ import annotations

from collections.abc import Iterable
from importlib import resources
from pathlib import Path


def material_icons() -> Path:
    """The folder of the icons Material for MkDocs ships (material/..., octicons/...)."""
    return Path(str(resources.files("material") / "templates" / ".icons"))


def icon_file(icon: str, theme_dirs: Iterable[Path] = ()) -> Path | None:
    """The SVG of an icon: a theme's own `.icons` first, as Material looks, then Material's."""
    for folder in (*theme_dirs, material_icons()):
        path = folder / f"{icon}.svg"
        if path.is_file():
            return path
    return None
