"""Sphinx wiring of library search: Sphinx's index, page markup, the bundle after a build."""

from __future__ import annotations

import time
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

from sphinx_quicktakes.articles.rules import HTML_BUILDERS, LIBRARY_ROOT, is_library_page
from sphinx_quicktakes.domain import get_domain
from sphinx_quicktakes.pages import LIBRARY_DOCNAME
from sphinx_quicktakes.records import (
    ArticleRecord,
    LibraryRecord,
    ListingRecord,
    PageRecord,
    SubjectRecord,
)
from sphinx_quicktakes.search import bundle, update
from sphinx_quicktakes.search.layout import subject_folder
from sphinx_quicktakes.search.markup import (
    BUNDLE_DIR,
    IndexedPage,
    indexed_region,
    insert_after_title,
    search_box,
)
from sphinx_quicktakes.shards.spec import owned_by, shard_of
from sphinx_quicktakes.state import get_state
from sphinx_quicktakes.version import __version__
from sphinx_quicktakes.warnings_ import QuickTakesWarning, warn

SCRIPT = "quicktakes-search.js"
STYLESHEET = "quicktakes-search.css"
LOGGER = logging.getLogger(__name__)


def _uses_pagefind(app: Sphinx) -> bool:
    return get_state(app).config.search == "pagefind"


def leave_sphinx_index(app: Sphinx, doctree: nodes.document) -> None:
    """Mark library pages ``nosearch``: Sphinx's index gives them no words."""
    docname = app.env.docname
    if _uses_pagefind(app) and is_library_page(docname):
        app.env.metadata[docname]["nosearch"] = True


def prune_sphinx_index(app: Sphinx) -> list[Any]:
    """Drop library pages from the index Sphinx writes to ``searchindex.js``."""
    indexer = getattr(app.builder, "indexer", None)
    if indexer is not None and _uses_pagefind(app):
        indexer.prune([name for name in indexer._titles if not is_library_page(name)])
    return []


def _subject_names(pages: dict[str, PageRecord]) -> list[tuple[str, str]]:
    """(name, bundle folder) of the library's subjects, from the library's record."""
    library = pages.get(LIBRARY_DOCNAME)
    slugs = library.subjects if isinstance(library, LibraryRecord) else ()
    records = [pages.get(f"{LIBRARY_ROOT}/{slug}/index") for slug in slugs]
    found = {
        (record.name, subject_folder(record.slug))
        for record in records
        if isinstance(record, SubjectRecord)
    }
    return sorted(found, key=lambda pair: (pair[0].casefold(), pair[1]))


def _indexed_page(record: PageRecord) -> IndexedPage | None:
    if isinstance(record, ArticleRecord):
        if record.no_index:
            return None
        return IndexedPage(record.question, record.subject, record.date or "", record.date_text)
    if isinstance(record, SubjectRecord):
        return IndexedPage(record.name, record.name)
    if isinstance(record, ListingRecord):
        return None  # its questions are found on their own pages and on page 1
    return IndexedPage(record.title)


def mark_page(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    """Wrap a library page's body for Pagefind; give index pages the search box."""
    if app.builder.name not in HTML_BUILDERS or not _uses_pagefind(app):
        return
    pages = get_domain(app.env).pages
    record = pages.get(pagename)
    if record is None or "body" not in context:
        return
    body = str(context["body"])
    if isinstance(record, SubjectRecord | LibraryRecord):
        pathto = context["pathto"]
        box = search_box(
            pathto(f"{BUNDLE_DIR}/pagefind.js", 1)[: -len("pagefind.js")],
            pathto(f"_static/{SCRIPT}", 1),
            pathto(f"_static/{STYLESHEET}", 1),
            _subject_names(pages),
            record.name if isinstance(record, SubjectRecord) else "",
        )
        body = insert_after_title(body, box)
    page = _indexed_page(record)
    context["body"] = body if page is None else indexed_region(body, page)


def _context(app: Sphinx) -> str:
    """What shapes every indexed page besides its own record."""
    try:
        pagefind = version("pagefind")
    except PackageNotFoundError:  # reported when indexing fails
        pagefind = ""
    parts = [__version__, pagefind, app.builder.name, str(app.config.html_theme)]
    return "|".join([*parts, str(app.config.language), repr(get_state(app).settings)])


def _report(done: update.Update, start: float) -> None:
    for name, stats in done.written.items():
        LOGGER.info(
            "library search: %s: %d pages indexed in %.1f s (%d files, %.1f MB)",
            name,
            stats.pages,
            stats.seconds,
            stats.files,
            stats.bytes / 1e6,
        )
    if not done.written and not done.deleted:
        LOGGER.info(
            "library search: bundle up to date (checked in %.3f s)", time.perf_counter() - start
        )


def _refresh(app: Sphinx, outdir: Path) -> update.Update:
    """Rewrite the stale bundles: each subject's, then the library's."""
    pages = get_domain(app.env).pages
    language = str(app.config.language or "en")
    shard = shard_of(app)
    if shard is not None and not shard.is_site:
        pages = {name: record for name, record in pages.items() if owned_by(shard, name)}
    return update.refresh(
        outdir,
        pages,
        _context(app),
        app.builder.get_target_uri,
        language,
        subjects=shard is None or not shard.is_site,
        library=shard is None or shard.is_site,
        most=get_state(app).config.search_part_pages,
    )


def update_bundle(app: Sphinx, exception: Exception | None) -> None:
    """After a successful html/dirhtml build, re-index the bundles whose pages changed."""
    if exception is not None or app.builder.name not in HTML_BUILDERS:
        return
    outdir = Path(app.outdir)
    if not _uses_pagefind(app):
        bundle.remove_bundles(outdir)
        return
    start = time.perf_counter()
    try:
        done = _refresh(app, outdir)
    except Exception as error:  # the pagefind binary failed or is missing
        warn(
            f"library search index not written: {error}. Install 'pagefind[bin]' or set "
            "quicktakes_search = 'sphinx'",
            QuickTakesWarning.SEARCH,
            location=str(Path(app.confdir) / "conf.py"),
        )
        return
    _report(done, start)


def setup_search(app: Sphinx) -> None:
    """Register the search events."""
    app.connect("doctree-read", leave_sphinx_index, priority=600)
    app.connect("html-collect-pages", prune_sphinx_index)
    app.connect("html-page-context", mark_page, priority=600)
    app.connect("build-finished", update_bundle, priority=800)
