"""Sphinx wiring of the SEO features: the one base-URL warning, and the events."""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx

from sphinx_quicktakes.articles.rules import HTML_BUILDERS
from sphinx_quicktakes.config import PREFIX
from sphinx_quicktakes.seo.context import on_html_page_context
from sphinx_quicktakes.seo.files import on_build_finished
from sphinx_quicktakes.seo.outdated import note_checked, outdated_pages
from sphinx_quicktakes.seo.site import forget_site
from sphinx_quicktakes.state import get_state
from sphinx_quicktakes.warnings_ import QuickTakesWarning, warn


def on_builder_inited(app: Sphinx) -> None:
    """Warn once when absolute URLs are wanted but no base URL is known."""
    forget_site(app)
    if app.builder.name not in HTML_BUILDERS:
        return
    options = get_state(app).config
    if options.base_url or not (options.seo or options.sitemap or options.feeds):
        return
    warn(
        f"no base URL: canonical links, og:url, sitemap.xml and Atom feeds are left out. Set "
        f"{PREFIX}base_url (or html_baseurl) to the site's public root, e.g. 'https://example.org/'",
        QuickTakesWarning.SEO,
        location=f"{Path(app.confdir) / 'conf.py'}:1",
    )


def setup_seo(app: Sphinx) -> None:
    """Register the SEO events (after the extension's own handlers)."""
    app.connect("builder-inited", on_builder_inited, priority=450)
    app.connect("env-get-outdated", outdated_pages)
    app.connect("env-updated", forget_site)
    app.connect("html-page-context", on_html_page_context)
    app.connect("build-finished", on_build_finished)
    app.connect("build-finished", note_checked, priority=900)
