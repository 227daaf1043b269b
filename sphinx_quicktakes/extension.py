"""Sphinx wiring: every feature's ``setup_*`` and the extension's own events, in order."""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx

from sphinx_quicktakes.asset_checksums import setup_asset_checksums
from sphinx_quicktakes.byline import setup_byline
from sphinx_quicktakes.cards import setup_cards
from sphinx_quicktakes.configure import setup_options
from sphinx_quicktakes.docutils_settings import reuse_settings_parsers
from sphinx_quicktakes.domain import QuickTakesDomain
from sphinx_quicktakes.downloads import setup_downloads
from sphinx_quicktakes.flashcards.html import setup_flashcards
from sphinx_quicktakes.guides.html import setup_guides
from sphinx_quicktakes.highlight_defaults import setup_highlight_defaults
from sphinx_quicktakes.html_math import setup_html_math
from sphinx_quicktakes.incremental import setup_incremental
from sphinx_quicktakes.library_pages import count_pages_read, prepare_pages
from sphinx_quicktakes.library_records import forget_answer_texts, note_page_record
from sphinx_quicktakes.myst_reuse import setup_myst_reuse
from sphinx_quicktakes.page_sources import setup_page_sources
from sphinx_quicktakes.pager import setup_pager
from sphinx_quicktakes.partial_titles import setup_partial_titles
from sphinx_quicktakes.search.events import setup_search
from sphinx_quicktakes.seo.events import setup_seo
from sphinx_quicktakes.shards.events import setup_shards
from sphinx_quicktakes.smart_quotes import setup_smart_quotes
from sphinx_quicktakes.stylesheet_lookups import setup_stylesheet_lookups
from sphinx_quicktakes.toctree_scaling import setup_toctree_scaling
from sphinx_quicktakes.tree_search import setup_tree_search

STATIC_DIR = Path(__file__).parent / "static"


def setup_extension(app: Sphinx) -> None:
    """Register options, events, the domain and directives of the extension."""
    app.setup_extension("myst_parser")
    app.setup_extension("sphinx_design")
    reuse_settings_parsers()
    setup_options(app)
    app.add_domain(QuickTakesDomain)
    setup_cards(app)
    setup_byline(app)
    setup_downloads(app)
    setup_pager(app)
    setup_guides(app)
    setup_seo(app)
    setup_incremental(app)
    setup_search(app)
    setup_html_math(app)
    setup_flashcards(app)
    setup_shards(app)
    setup_partial_titles(app)
    setup_smart_quotes(app)
    setup_toctree_scaling(app)
    setup_asset_checksums()
    setup_myst_reuse()
    setup_tree_search()
    setup_stylesheet_lookups()
    setup_highlight_defaults(app)
    setup_page_sources(app)
    app.connect("builder-inited", on_builder_inited, priority=400)
    app.connect("env-before-read-docs", count_pages_read)
    app.connect("doctree-read", note_page_record)
    app.connect("env-updated", forget_answer_texts)


def on_builder_inited(app: Sphinx) -> None:
    """Write the library's pages, and add the stylesheet to HTML builds."""
    prepare_pages(app)
    if app.builder.format == "html":
        static = str(STATIC_DIR)
        if static not in app.config.html_static_path:
            app.config.html_static_path.append(static)
        app.add_css_file("quicktakes.css")
