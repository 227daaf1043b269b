"""``html-page-context``: title, canonical URL, meta tags and JSON-LD of library pages."""

from __future__ import annotations

import html
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from sphinx_quicktakes.library_records import ANSWER_TEXT
from sphinx_quicktakes.seo import jsonld
from sphinx_quicktakes.seo.site import SeoSite, seo_site
from sphinx_quicktakes.seo.tags import render_head


def on_html_page_context(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    """Add the SEO tags of a library page to the theme's context."""
    site = seo_site(app)
    if site is None or not site.options.seo or pagename not in site.records:
        return
    page = site.page_meta(pagename)
    known = doctree.get(ANSWER_TEXT) if doctree is not None else None
    answer = known if isinstance(known, str) else None
    scripts = [jsonld.script(data) for data in site.structured_data(pagename, page, answer)]
    context["metatags"] = str(context.get("metatags") or "") + render_head(page, site.info, scripts)
    previous, following = site.neighbours(pagename)
    if previous or following:
        # A paged listing: the theme's ``rel=prev/next`` links (and its page footer) go
        # through the listing's pages instead of the book order.
        context["prev"] = _relation(site, context, previous)
        context["next"] = _relation(site, context, following)
    # The theme writes <link rel="canonical" href="{{ pageurl }}">: setting it (rather than
    # adding a link) keeps exactly one canonical link, and corrects Sphinx's own URL.
    if page.url:
        context["pageurl"] = page.url
    if page.kind == "article":
        # The theme shows ``title|striptags|e``: give it escaped text so that a title such
        # as "Why is 3 < 5?" comes out exactly as written.
        context["title"] = html.escape(site.title(pagename), quote=False)


def _relation(site: SeoSite, context: dict[str, Any], docname: str | None) -> dict[str, str] | None:
    """A ``prev``/``next`` entry of the theme's context (its title is HTML)."""
    if docname is None or docname not in site.records:
        return None
    title = html.escape(site.page_meta(docname).headline, quote=False)
    return {"link": context["pathto"](docname), "title": title}
