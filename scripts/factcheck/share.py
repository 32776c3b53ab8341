"""Sharing a claim page without trackers: plain links, copy-link, the Web Share API.

Every share link is an ordinary address opened by the reader's click: no
third-party script, widget, pixel or iframe is loaded by the page. The
endpoints are the services' documented share addresses (Bluesky's "action
intent links", X's web intent, Facebook's sharer, LinkedIn's share-offsite,
WhatsApp's click-to-chat).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlencode

SCRIPT_URI = "assets/factcheck/share.js"
BLUESKY_LIMIT = 300  # characters of a post, the URL included


@dataclass(frozen=True)
class ShareLink:
    service: str  # the name readers see
    href: str


def share_links(title: str, url: str) -> list[ShareLink]:
    """Share addresses for a page: title and URL, each encoded for its query string."""
    text = f"{title} {url}"
    if len(text) > BLUESKY_LIMIT:  # the URL must survive; the title is cut
        room = BLUESKY_LIMIT - len(url) - 2
        text = f"{title[: max(room, 0)]}… {url}"
    return [
        ShareLink("Email", "mailto:?" + _query(subject=title, body=url)),
        ShareLink("X", "https://twitter.com/intent/tweet?" + _query(text=title, url=url)),
        ShareLink("Bluesky", "https://bsky.app/intent/compose?" + _query(text=text)),
        ShareLink("Facebook", "https://www.facebook.com/sharer/sharer.php?" + _query(u=url)),
        ShareLink("LinkedIn", "https://www.linkedin.com/sharing/share-offsite/?" + _query(url=url)),
        ShareLink("WhatsApp", "https://wa.me/?" + _query(text=f"{title} {url}")),
    ]


def _query(**params: str) -> str:
    """A query string with every reserved character percent-encoded (spaces as %20)."""
    return urlencode(params, quote_via=quote, safe="")
