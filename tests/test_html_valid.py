"""The W3C Nu HTML Checker (npm vnu-jar, run with the machine's Java) on the built site.

No error may come from our templates. Two kinds come from Material's base
template, which no partial can override; they are listed in the README
(Valid HTML) and allowed here by their exact message, nothing else.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from conftest import REPO

VNU = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
MATERIAL = (
    # <input type="checkbox" autocomplete="off"> for the drawer, search and tab toggles
    "Attribute “autocomplete” is only allowed when the input type is",
    # <label for="__drawer"> etc.: labels of those toggles, which are hidden inputs
    "The value of the “for” attribute of the “label” element must be the ID of a non-hidden "
    "form control.",
)


def test_the_built_site_is_valid_html_but_for_material_s_base_template(repo_site: Path) -> None:
    java = shutil.which("java")
    assert java, "Java is needed for the Nu HTML Checker (Debian: default-jre-headless)"
    assert VNU.is_file(), f"{VNU} is missing: `make test` installs it (npm ci)"
    done = subprocess.run(
        [
            java,
            "-jar",
            str(VNU),
            "--errors-only",
            "--format",
            "json",
            "--skip-non-html",
            str(repo_site),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    messages = json.loads(done.stderr)["messages"]
    assert messages, "the checker read the site (Material's known errors are expected)"
    ours = [
        f"{m.get('url', '')}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if not m["message"].startswith(MATERIAL)
    ]
    assert ours == []
