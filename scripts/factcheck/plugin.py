"""The MkDocs plugin: thin glue from MkDocs events to the plain functions.

on_config  load the rating scale, watch claims/, add our templates and CSS
on_files   load and validate every claim (all problems, then fail once);
           add a virtual page per claim, status and tag
on_page_*  give generated pages their escaped title; render their body just
           before their template (on_page_context) and drop it once written
on_post_build  with `search: pagefind`, index the built site with Pagefind
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import tempfile
import threading
import time
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_relative_url

from . import (
    a11y,
    cards,
    claimants,
    cms,
    feeds,
    filters,
    incremental,
    jsonld,
    pages,
    placeholders,
    render,
    search,
    share,
)
from .load import ClaimCache, load_claims, load_scale
from .model import Claim, Scale
from .schema import load_schema
from .yamlfile import Problem

log = logging.getLogger("mkdocs.plugins.factcheck")

CSS_URI = "assets/factcheck/factcheck.css"
CLAIMS_MARKER = "<!-- factcheck:claims -->"
SCALE_MARKER = "<!-- factcheck:scale -->"
CORRECTIONS_MARKER = "<!-- factcheck:corrections -->"
MARKERS = (CLAIMS_MARKER, SCALE_MARKER, CORRECTIONS_MARKER)


class PublisherConfig(base.Config):
    name = c.Optional(c.Type(str))
    """The organisation publishing the fact-checks; default: site_name."""
    url = c.Optional(c.Type(str))
    """Its web address; default: site_url."""
    logo = c.Optional(c.Type(str))
    """Optional: the full address of its logo image."""


class FactcheckConfig(base.Config):
    claims_dir = c.Type(str, default="claims")
    """Folder of claim files, relative to mkdocs.yml."""
    ratings = c.Type(str, default="ratings.yaml")
    """The rating scale file, relative to mkdocs.yml."""
    publisher = c.SubConfig(PublisherConfig)
    """The ClaimReview author and feed publisher."""
    page_size = c.Type(int, default=pages.PAGE_SIZE)
    """Claims per page of a listing (home, each rating, each tag)."""
    cards = c.Type(bool, default=True)
    """Draw a preview card per claim (og:image, twitter:image), cached by content."""
    cache_dir = c.Type(str, default=".cache/factcheck")
    """Where drawn cards are kept between builds, relative to mkdocs.yml."""
    search = c.Choice(search.ENGINES, default="material")
    """The search behind Material's search box: its own Lunr index, built in the
    reader's browser, or a Pagefind index built with the site (for large archives)."""
    admin = c.Type(bool, default=True)
    """The form editor for claims at /admin/ (Decap CMS; needs repo_url on GitHub or GitLab)."""
    admin_local_backend = c.Type(str, default=cms.LOCAL_BACKEND)
    """The address of decap-server, which `make admin` runs: the form's backend when the
    site is served from 127.0.0.1 or localhost."""
    admin_base_url = c.Optional(c.Type(str))
    admin_auth_endpoint = c.Optional(c.Type(str))
    admin_app_id = c.Optional(c.Type(str))
    """How the form logs in (Decap's backend base_url, auth_endpoint; app_id for GitLab's
    PKCE flow): see the README, "Set up logins for the published site"."""


class FactcheckPlugin(BasePlugin[FactcheckConfig]):
    """Render claims/<id>.yaml into claim pages, listings and the ratings table."""

    def __init__(self) -> None:
        self.root = Path()
        self.scale: Scale | None = None
        self.index: pages.SiteIndex | None = None
        self.env: jinja2.Environment | None = None
        self.generated: dict[str, tuple[str, Any]] = {}
        self.site: feeds.Site | None = None
        self.home: pages.Listing | None = None
        self.corrections: pages.ChangesPage | None = None  # page 1 of the log
        # Kept across the rebuilds of one `mkdocs serve` (on_startup makes the
        # instance persistent): parsed claims, the last good index, marker pages.
        self.dirty = False
        self.serving = False
        self.indexing: threading.Thread | None = None  # `search: pagefind` under serve
        self.cache = ClaimCache()
        self.previous: pages.SiteIndex | None = None
        self.marker_pages: set[str] = set()
        self.stamps: Path | None = None
        self.outputs: dict[str, str] = {}  # claim id -> its page's output file
        self.urls: dict[str, str] = {}  # claim id -> its page's URL, as MkDocs made it
        self.reviews: dict[str, dict[str, Any]] = {}  # claim id -> ClaimReview
        self.cards: cards.CardSet | None = None
        self.files: Files | None = None  # this build's, for links in late-rendered bodies

    # --- configuration ------------------------------------------------------

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.dirty = dirty
        self.serving = command == "serve"

    def on_shutdown(self) -> None:
        if self.indexing is not None:
            self.indexing.join()
        if self.stamps is not None:
            shutil.rmtree(self.stamps, ignore_errors=True)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.generated = {}
        self.root = Path(config.config_file_path or ".").resolve().parent
        self.site = site_of(config, self.config.publisher)
        ratings_path = self.root / self.config.ratings
        icons = [Path(config.theme.custom_dir) / ".icons"] if config.theme.custom_dir else []
        self.scale, problems = load_scale(ratings_path, self.config.ratings, icons)
        fail_on(problems, "in the rating scale")
        if self.config.cards and self.cards is None:
            cache = cards.CardCache(self.root / self.config.cache_dir / "cards")
            self.cards = cards.CardSet(cache, icons)
        for watched in (self.root / self.config.claims_dir, ratings_path):
            if str(watched) not in config.watch:
                config.watch.append(str(watched))
        # After the site's custom_dir (which may override ours), before the theme's.
        position = 1 if config.theme.custom_dir else 0
        config.theme.dirs.insert(position, str(resources.files("factcheck") / "templates"))
        config.extra_css.append(CSS_URI)
        config.extra_javascript += [share.SCRIPT_URI, filters.SCRIPT_URI]
        if self.pagefind:
            config.extra_javascript.append(search.COUNT_URI)
        return config

    @property
    def pagefind(self) -> bool:
        return self.config.search == "pagefind"

    def on_env(
        self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files
    ) -> jinja2.Environment:
        worker = search.worker_uri(self.config.search)
        env.filters["factcheck_search_config"] = lambda html: Markup(
            search.use_our_worker(html, worker)
        )
        return env

    # --- files --------------------------------------------------------------

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.scale is not None
        claims_dir = self.root / self.config.claims_dir
        if not claims_dir.is_dir() or claims_dir.is_symlink():
            raise PluginError(
                f"factcheck: the claims folder {self.config.claims_dir!r} is missing next to "
                "mkdocs.yml; create it, or set claims_dir in the plugin's options"
            )
        result = load_claims([claims_dir], self.scale, self.root, self.cache)
        fail_on(result.problems, "in claim files")
        self.index = pages.SiteIndex.build(result.claims, self.scale)
        self.env = render.make_env(config.theme.get_env())
        previous_outputs = self.outputs
        corrections_src = _page_with(files, CORRECTIONS_MARKER)
        self._add_claim_pages(files, config)
        if self.dirty and self.previous is not None:
            self._expire(incremental.stale(self.previous, self.index), files, previous_outputs)
        self.previous = self.index
        self._add_listing_pages(files, config)
        self._add_corrections_pages(files, config, corrections_src)
        self._add_data_files(files, config)
        if self.cards is not None:
            self.cards.prepare(self.index.claims, self.scale.by_id, config.site_name)
            if self.cards.cache.drawn:
                log.info("factcheck: drew %d preview card(s)", self.cards.cache.drawn)
        for claim in self.index.claims:
            note = jsonld.long_title_note(claim)
            if note:
                log.info("factcheck: %s", note)
        css = resources.files("factcheck").joinpath("factcheck.css").read_text(encoding="utf-8")
        files.append(File.generated(config, CSS_URI, content=css))
        scripts = {
            uri: search.asset(Path(uri).name) for uri in (share.SCRIPT_URI, filters.SCRIPT_URI)
        }
        scripts |= search.worker_files(self.config.search, config.theme.dirs)
        for uri, content in scripts.items():
            files.append(File.generated(config, uri, content=content))
        self._add_admin_files(files, config)
        log.info("factcheck: %d claims, %d tags", len(result.claims), len(self.index.by_tag))
        self.files = files
        placeholders.check_site(config, files, self.index.claims, log)  # what is still to fill in
        return files

    def _add_admin_files(self, files: Files, config: MkDocsConfig) -> None:
        """/admin/: the form editor, configured from the claim schema and the scale."""
        assert self.scale is not None
        backend, note = cms.backend_or_note(config.repo_url, config.edit_uri)
        if not self.config.admin or backend is None:
            if self.config.admin:
                log.info("%s", note)
            return
        assert self.env is not None
        try:
            backend = cms.with_login(
                backend,
                base_url=self.config.admin_base_url,
                auth_endpoint=self.config.admin_auth_endpoint,
                app_id=self.config.admin_app_id,
            )
        except ValueError as err:
            raise PluginError(f"factcheck: {err}") from None
        made = cms.admin_files(
            self.env,
            load_schema(),
            self.scale,
            backend,
            site_name=config.site_name,
            site_url=config.site_url,
            claims_dir=self.config.claims_dir,
            local_backend=self.config.admin_local_backend,
        )
        for uri, content in made.items():
            files.append(File.generated(config, uri, content=content))

    def _add_claim_pages(self, files: Files, config: MkDocsConfig) -> None:
        assert self.index is not None
        self.urls, self.outputs = {}, {}
        for claim in self.index.claims:
            source = str(self.root / claim.path)  # so a dirty rebuild sees which claims changed
            what = ("claim", claim)
            file = self._generate(files, config, pages.claim_src(claim.id), what, source)
            file.edit_uri = os.path.relpath(self.root / claim.path, config.docs_dir).replace(
                os.sep, "/"
            )
            self.urls[claim.id] = file.url
            self.outputs[claim.id] = file.abs_dest_path

    def _add_listing_pages(self, files: Files, config: MkDocsConfig) -> None:
        assert self.index is not None
        self.home = None
        for listing in self.index.listings(self.config.page_size):
            if listing.src is None:
                self.home = listing  # page 1 of all claims: on the home page
            else:
                fingerprint = listing.fingerprint() + repr(self._claimant_of(listing))
                stamp = self._stamp(listing.src, fingerprint)
                self._generate(files, config, listing.src, ("listing", listing), stamp)
        tags = repr([(tag, len(claims)) for tag, claims in self.index.by_tag.items()])
        stamp = self._stamp(pages.TAGS_INDEX_SRC, tags)
        self._generate(files, config, pages.TAGS_INDEX_SRC, ("tags", None), stamp)
        everyone = self.index.claimants()
        for page in pages.paginate_claimants(everyone, self.config.page_size):
            stamp = self._stamp(page.src, page.fingerprint())
            self._generate(files, config, page.src, ("claimants", page), stamp)

    def _add_corrections_pages(self, files: Files, config: MkDocsConfig, first: str | None) -> None:
        """The log of rating changes: page 1 where the marker is, then pages of its own."""
        assert self.index is not None
        self.corrections = None
        if first is None:
            return
        log_pages = pages.paginate_changes(self.index.changes(), first, self.config.page_size)
        self.corrections = log_pages[0]
        for page in log_pages[1:]:
            stamp = self._stamp(page.src, page.fingerprint())
            self._generate(files, config, page.src, ("corrections", page), stamp)

    def _claimant_of(self, listing: pages.Listing) -> claimants.ClaimantSummary | None:
        """A claimant listing's claimant: their counts and roles, shown on each of its pages."""
        if listing.kind != "claimant" or self.index is None:
            return None
        return self.index.claimant(listing.key)

    def _stamp(self, src: str, fingerprint: str) -> str | None:
        """Dirty rebuilds: a stand-in source file, rewritten only when the page's content
        changes, so MkDocs rebuilds just the listings an edit touched."""
        if not self.dirty:
            return None
        if self.stamps is None:
            self.stamps = Path(tempfile.mkdtemp(prefix="factcheck-stamps-"))
        path = self.stamps / (src + ".stamp")
        if not path.is_file() or path.read_text(encoding="utf-8") != fingerprint:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(fingerprint, encoding="utf-8")
        return str(path)

    def _add_data_files(self, files: Files, config: MkDocsConfig) -> None:
        assert self.index is not None and self.site is not None and self.env is not None
        claims, scale, site = self.index.claims, self.index.scale, self.site
        url_of = self.canonical_url
        self.reviews = {  # once per claim: for its page and for claims.json
            c.id: jsonld.claim_review(c, scale, url_of(c), site.publisher) for c in claims
        }
        contents = {
            feeds.ATOM_FILE: feeds.atom(self.env, claims, scale, site, url_of),
            feeds.JSON_FILE: feeds.claims_json(list(self.reviews.values()), claims, site),
            feeds.CSV_FILE: feeds.claims_csv(claims, scale, url_of),
            filters.FILTER_FILE: filters.archive_json(
                self.index, lambda c: self.urls[c.id], render.badges(self.env, scale)
            ),
        }
        for name, content in contents.items():
            files.append(File.generated(config, name, content=content))

    def canonical_url(self, claim: Claim) -> str:
        assert self.site is not None
        return self.site.url + self.urls[claim.id]

    def _expire(
        self, stale: incremental.Stale, files: Files, previous_outputs: dict[str, str]
    ) -> None:
        """Dirty rebuilds: delete the output of pages a claim edit changed, so they rebuild."""
        if not stale.any:
            return
        outputs = [files.get_file_from_path(pages.claim_src(cid)) for cid in stale.rebuild]
        outputs += [files.get_file_from_path(src) for src in self.marker_pages]
        for file in outputs:
            if file is not None:
                Path(file.abs_dest_path).unlink(missing_ok=True)
        for cid in stale.removed:  # where the last build wrote it
            output = Path(previous_outputs[cid])
            output.unlink(missing_ok=True)
            with contextlib.suppress(OSError):
                output.parent.rmdir()  # its folder, with directory URLs, if now empty
        log.info(
            "factcheck: rebuilding %d claim page(s), removing %d",
            len(stale.rebuild),
            len(stale.removed),
        )

    def _generate(
        self,
        files: Files,
        config: MkDocsConfig,
        src: str,
        what: tuple[str, Any],
        source: str | None = None,
    ) -> File:
        if files.get_file_from_path(src) is not None:
            raise PluginError(f"factcheck: docs/{src} would be overwritten by a generated page")
        # Out of the nav: a sidebar listing every claim makes the build quadratic.
        nav = InclusionLevel.NOT_IN_NAV
        if source is not None:  # backed by a file (claim or stamp): rendered, never read
            file = File.generated(config, src, abs_src_path=source, inclusion=nav)
        else:
            file = File.generated(config, src, content="", inclusion=nav)
        files.append(file)
        self.generated[src] = what
        return file

    # --- rendering ----------------------------------------------------------

    def on_page_read_source(self, *, page: Page, config: MkDocsConfig) -> str | None:
        """A claim page's source is its YAML file: never read it as Markdown."""
        return "" if page.file.src_uri in self.generated else None

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> None:
        what = self.generated.get(page.file.src_uri)
        if what is not None:
            page.meta["title"] = render.title_for_theme(_title(*what))
        if what is not None and what[0] == "claim":
            claim: Claim = what[1]
            assert self.scale is not None
            page.meta["description"] = render.title_for_theme(render.description(claim, self.scale))
            page.update_date = claim.last_changed.isoformat()  # the sitemap's lastmod
        page.meta["factcheck_og"] = self._social(page, config)
        if self.pagefind:  # Pagefind indexes the built pages: Material's index stays empty
            page.meta["search"] = {"exclude": True}
        elif what is not None and what[0] == "claim":  # above pages that only mention it
            page.meta["search"] = {"boost": search.CLAIM_BOOST}

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        if page.file.src_uri in self.generated:  # written: no page needs the body again
            page.content, page.toc = "", get_toc([])
        return a11y.name_search_dialog(output)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.cards is not None:
            self.cards.publish(Path(config.site_dir))
        if not self.pagefind:
            return
        site_dir, language = Path(config.site_dir), config.theme.get("language") or "en"
        if not self.serving:
            try:
                _index(site_dir, language)
            except search.SearchIndexError as err:
                raise PluginError(str(err)) from None
            return
        # Under `mkdocs serve` the edited page is served at once; the search index
        # follows a few seconds later, one indexing at a time.
        if self.indexing is not None:
            self.indexing.join()
        self.indexing = threading.Thread(
            target=_index_in_background, args=(site_dir, language), daemon=True
        )
        self.indexing.start()

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        assert self.env is not None and self.index is not None
        if page.file.src_uri in self.generated:
            return ""  # rendered in on_page_context, just before its template
        link = _linker(page, files)
        if any(marker in html for marker in MARKERS):  # shows claims: rebuilt when they change
            self.marker_pages.add(page.file.src_uri)
        if CLAIMS_MARKER in html:
            html = html.replace(CLAIMS_MARKER, self._home(link))
        if SCALE_MARKER in html:
            html = html.replace(SCALE_MARKER, self._scale(link))
        if CORRECTIONS_MARKER in html:
            html = html.replace(CORRECTIONS_MARKER, self._corrections(link))
        return html

    @event_priority(50)  # before the search plugin's, which indexes page.content
    def on_page_context(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        """A generated page's body, rendered only now and dropped once the page is
        written (on_post_page): MkDocs keeps every page's content until the build
        ends, so bodies rendered in on_page_content would all be held at once
        (hundreds of MB at 10,000 claims)."""
        what = self.generated.get(page.file.src_uri)
        if what is not None:
            assert self.files is not None
            body = self._body(what, page, _linker(page, self.files))
            page.content = body
            page.toc = get_toc(render.toc_tokens(body))  # type: ignore[arg-type]
        return context

    def _social(self, page: Page, config: MkDocsConfig) -> dict[str, str]:
        """Open Graph and Twitter values for the page head, each escaped once."""
        esc = render.title_for_theme
        title = page.meta.get("title") or esc(page.title or config.site_name)
        description = page.meta.get("description") or esc(config.site_description or "")
        what = self.generated.get(page.file.src_uri, ("", None))
        is_claim = what[0] == "claim"
        image: dict[str, str] = {}
        if is_claim and self.cards is not None and self.site is not None:
            image = {
                "image": esc(self.site.url + cards.card_src(what[1].id)),
                "image_alt": esc(self.cards.alts.get(what[1].id, "")),
                "image_width": str(cards.WIDTH),
                "image_height": str(cards.HEIGHT),
            }
        return image | {
            "title": title,
            "description": description,
            "url": esc(page.canonical_url or ""),
            "site_name": esc(config.site_name),
            "type": "article" if is_claim else "website",
            "feed": get_relative_url(feeds.ATOM_FILE, page.url),
        }

    def _corrections(self, link: render.Linker) -> str:
        assert self.env is not None and self.index is not None
        page = self.corrections or pages.paginate_changes(self.index.changes(), "", 10**9)[0]
        return render.render(
            self.env, "corrections.html", page=page, heading=None, scale=self.index.scale, link=link
        )

    def _home(self, link: render.Linker) -> str:
        assert self.env is not None and self.index is not None
        return render.render(
            self.env,
            "home.html",
            archive=filters.FILTER_FILE,
            listing=self.home,
            scale=self.index.scale,
            counts=self.index.status_counts(),
            link=link,
        )

    def _scale(self, link: render.Linker) -> str:
        assert self.env is not None and self.index is not None
        counts = dict(self.index.status_counts())
        return render.render(
            self.env, "scale.html", scale=self.index.scale, counts=counts, link=link
        )

    def _body(self, what: tuple[str, Any], page: Page, link: render.Linker) -> str:
        assert self.env is not None and self.index is not None
        kind, obj = what
        index, env = self.index, self.env
        if kind == "claim":
            assert self.site is not None
            return render.claim_body(
                env, obj, index, link, page.edit_url, self.reviews[obj.id], self.site.publisher.name
            )
        if kind == "tags":
            return render.render(env, "tags.html", by_tag=index.by_tag, link=link)
        if kind == "claimants":
            return render.render(env, "claimants.html", page=obj, scale=index.scale, link=link)
        if kind == "corrections":
            return render.render(
                env,
                "corrections.html",
                page=obj,
                heading=_title(kind, obj),
                scale=index.scale,
                link=link,
            )
        listing: pages.Listing = obj
        rating = index.scale[listing.key] if listing.kind == "status" else None
        return render.render(
            env,
            "listing.html",
            heading=_title(kind, obj),
            rating=rating,
            claimant=self._claimant_of(listing),
            listing=listing,
            scale=index.scale,
            link=link,
            archive=filters.FILTER_FILE,
            fixed=filters.fixed_filter(listing.kind, listing.key),
        )


def _index(site_dir: Path, language: str) -> None:
    started = time.perf_counter()
    done = search.build_index(site_dir, language)
    seconds = time.perf_counter() - started
    memory = f" (largest indexer process: {done.peak_rss // 10**6} MB)" if done.peak_rss else ""
    log.info(
        "factcheck: Pagefind wrote %d search index(es) in %.1f s%s", done.indexes, seconds, memory
    )


def _index_in_background(site_dir: Path, language: str) -> None:
    try:
        _index(site_dir, language)
    except search.SearchIndexError as err:  # the server keeps running; say why search is stale
        log.error("%s", err)


def _title(kind: str, obj: Any) -> str:
    if kind == "claim":
        claim: Claim = obj
        return claim.title
    if kind == "listing":
        listing: pages.Listing = obj
        if listing.number == 1:
            return listing.heading
        return f"{listing.heading} (page {listing.number} of {listing.pages})"
    if kind == "corrections":
        page: pages.ChangesPage = obj
        return f"Corrections (page {page.number} of {page.pages})"
    if kind == "claimants":
        index: pages.ClaimantsPage = obj
        return (
            "Claimants"
            if index.number == 1
            else f"Claimants (page {index.number} of {index.pages})"
        )
    return "Tags"


def _page_with(files: Files, marker: str) -> str | None:
    """The hand-written page whose Markdown holds marker, if any (read before ours are added)."""
    for file in files.documentation_pages():
        if file.abs_src_path and marker in file.content_string.splitlines():
            return file.src_uri
    return None


def _linker(page: Page, files: Files) -> render.Linker:
    """src_uri -> URL relative to this page."""

    def link(src: str) -> str:
        target = files.get_file_from_path(src)
        if target is None:
            raise PluginError(f"factcheck: no page {src} to link to from {page.file.src_uri}")
        return get_relative_url(target.url, page.url)

    return link


def site_of(config: MkDocsConfig, publisher: PublisherConfig) -> feeds.Site:
    """Canonical addresses need site_url: fail with advice where it is missing."""
    if not config.site_url:
        raise PluginError(
            "factcheck: set site_url in mkdocs.yml (the address the site is published at): "
            "claim pages, ClaimReview data and feeds need canonical addresses"
        )
    url = config.site_url if config.site_url.endswith("/") else config.site_url + "/"
    org = jsonld.Publisher(
        name=publisher.name or config.site_name, url=publisher.url or url, logo=publisher.logo
    )
    return feeds.Site(name=config.site_name, url=url, publisher=org)


def fail_on(problems: list[Problem], where: str) -> None:
    """Log every problem, then stop the build once."""
    if not problems:
        return
    for problem in problems:
        log.error("%s", problem)
    files = len({p.path for p in problems})
    raise PluginError(
        f"factcheck: {len(problems)} problem(s) {where} ({files} file(s)); "
        "each is listed above as file:line: field: message"
    )
