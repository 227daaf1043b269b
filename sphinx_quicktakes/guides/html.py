"""Guides of html/dirhtml builds: built once the environment is ready, then download buttons."""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from sphinx_quicktakes.articles.rules import HTML_BUILDERS
from sphinx_quicktakes.domain import get_domain
from sphinx_quicktakes.downloads import downloads
from sphinx_quicktakes.guides.builder import StudyGuideBuilder
from sphinx_quicktakes.guides.built import GuideFile, HtmlGuides
from sphinx_quicktakes.guides.buttons import download_buttons
from sphinx_quicktakes.guides.plan import LIBRARY
from sphinx_quicktakes.non_html_fallbacks import degrade_cards, degrade_math
from sphinx_quicktakes.outputs import read_json, write_json
from sphinx_quicktakes.pages import LIBRARY_DOCNAME
from sphinx_quicktakes.records import ListingRecord, PageRecord
from sphinx_quicktakes.state import get_state
from sphinx_quicktakes.warnings_ import QuickTakesWarning, warn

#: The download buttons of the last build, by page (in the doctree folder).
BUTTONS_FILE = "quicktakes-buttons.json"
#: Where html/dirhtml builds put the guides, relative to the output folder.
HTML_GUIDES_DIR = "_downloads/quicktakes"


def html_guides(app: Sphinx) -> HtmlGuides | None:
    """The guide state of this html build, or None when it builds no guides."""
    return get_state(app).html_guides


def on_builder_inited(app: Sphinx) -> None:
    """Decide whether this build makes guides, and where they go."""
    state = get_state(app)
    enabled = app.builder.name in HTML_BUILDERS and state.config.html_guides
    state.html_guides = HtmlGuides(Path(app.outdir) / HTML_GUIDES_DIR) if enabled else None


def on_env_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Build the guides before pages are written; return pages whose buttons changed."""
    guides = html_guides(app)
    if guides is None:
        return []
    try:
        # Imported on use: html builds without guides never load the EPUB and PDF libraries.
        from sphinx_quicktakes.guides.run import build_guides

        files = build_guides(app, guides.outdir)
    except Exception as error:  # a guide must never break the website
        warn(
            f"study guides not built: {type(error).__name__}: {error}",
            QuickTakesWarning.GUIDE,
            location=f"{Path(app.confdir) / 'conf.py'}:1",
        )
        files = []
    guides.files = {}
    for item in files:
        kind = LIBRARY if item.page == LIBRARY_DOCNAME else "subject"
        guides.files.setdefault((kind, item.guide), []).append(item)
    changed = {item.page for item in files if item.written}
    changed |= _pages_with_other_buttons(Path(app.doctreedir), files)
    return sorted(docname for docname in changed if docname in env.found_docs)


def _pages_with_other_buttons(cache_dir: Path, files: list[GuideFile]) -> set[str]:
    """Pages whose buttons differ from the last build's (a format or a guide added or
    dropped), so they are written again; the buttons of this build are kept for the next."""
    shown: dict[str, list[list[object]]] = {}
    for item in files:
        shown.setdefault(item.page, []).append([item.format, item.name, item.size])
    path = cache_dir / BUTTONS_FILE
    found = read_json(path)
    before = found if isinstance(found, dict) else {}
    shown = {page: sorted(items, key=str) for page, items in shown.items()}
    if before != shown:
        write_json(path, shown)
    return {page for page in set(before) | set(shown) if before.get(page) != shown.get(page)}


def fill_buttons(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Replace download placeholders with buttons linking to the built guides."""
    guides = html_guides(app)
    if guides is None:
        return
    pages = get_domain(app.env).pages
    for node in list(doctree.findall(downloads)):
        key = str(node.get("guide", ""))
        kind = LIBRARY if key == LIBRARY else "subject"
        page = pages.get(docname)
        if kind == LIBRARY and isinstance(page, ListingRecord) and page.slug == key:
            kind = "subject"  # the subject page of a subject slugged "library"
        files = guides.files.get((kind, key))
        if not files:
            continue
        title = _page_title(pages.get(LIBRARY_DOCNAME if kind == LIBRARY else docname))
        items = [(f.format, f"{HTML_GUIDES_DIR}/{f.name}", f.size) for f in files]
        node.replace_self(download_buttons(items, app.builder.get_target_uri(docname), title))


def _page_title(record: PageRecord | None) -> str:
    """The name a download button's page goes by."""
    if isinstance(record, ListingRecord):
        return record.name or "library"
    if record is not None:
        return record.title or "library"
    return "library"


def setup_guides(app: Sphinx) -> None:
    """Register the studyguide builder and the guide hooks of html builds."""
    app.add_builder(StudyGuideBuilder)
    app.connect("builder-inited", on_builder_inited)
    app.connect("env-updated", on_env_updated)
    app.connect("doctree-resolved", fill_buttons, priority=500)
    app.connect("doctree-resolved", degrade_cards, priority=600)
    app.connect("doctree-resolved", degrade_math, priority=600)
