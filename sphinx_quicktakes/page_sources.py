"""Library pages are published without a copy of their generated MyST source.

Sphinx copies every page's source to ``_sources/`` and links it from the page ("View this
page"). A library page's source is the article file; the MyST page the extension generates
from it is an intermediate, and a ``.txt`` copy of every answer beside its page is duplicate
content for crawlers and one more file a page for the build to write (about 2% of a shard's
time). The project's own pages keep Sphinx's behaviour (``html_copy_source``).
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from sphinx_quicktakes.articles.rules import is_library_page


def drop_library_source(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    """Neither copy nor link the source of a library page."""
    if context.get("sourcename") and is_library_page(pagename):
        context["sourcename"] = ""


def setup_page_sources(app: Sphinx) -> None:
    """Register the handler."""
    app.connect("html-page-context", drop_library_source)
