"""SEO and discoverability: titles, meta tags, canonical URLs, JSON-LD, sitemap, feeds.

Pure builders (``text``, ``titles``, ``tags``, ``jsonld``, ``sitemap``, ``feeds``,
``robots``) turn page data into markup; ``site`` reads that data from the environment,
``context`` puts it in each page's ``<head>`` and ``files`` writes the site files.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup_seo(app: Sphinx) -> None:
    """Register the SEO events (after the extension's own handlers)."""
    # Imported here: ``records`` imports ``seo.text`` while ``extension`` is still loading.
    from sphinx_quicktakes.seo.events import connect_events

    connect_events(app)
