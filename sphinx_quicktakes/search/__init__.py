"""Library search with Pagefind: page markup, the search box, the chunked index.

``markup`` (pure) turns page data into the attributes and the search box, ``events`` puts
them on library pages and keeps those pages out of Sphinx's own index, and ``bundle``
writes the Pagefind bundle after a successful build, only when a library page changed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup_search(app: Sphinx) -> None:
    """Register the search events."""
    from sphinx_quicktakes.search.events import connect_events

    connect_events(app)
