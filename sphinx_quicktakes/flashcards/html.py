"""Sphinx wiring of flashcards pages: head links, Quiz JSON-LD and the study script."""

from __future__ import annotations

import html
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from sphinx_quicktakes.articles.rules import HTML_BUILDERS
from sphinx_quicktakes.domain import get_domain
from sphinx_quicktakes.flashcards.answer_capture import setup_answer_capture
from sphinx_quicktakes.flashcards.answer_fill import setup_answer_fill
from sphinx_quicktakes.flashcards.answers import setup_answers
from sphinx_quicktakes.flashcards.cards import flashcard, setup_cards
from sphinx_quicktakes.flashcards.pages import page_title
from sphinx_quicktakes.flashcards.paging import FLASHCARDS_DOCNAME, FlashcardsPage, find_page
from sphinx_quicktakes.flashcards.quiz import quiz
from sphinx_quicktakes.records import SubjectRecord
from sphinx_quicktakes.seo import jsonld
from sphinx_quicktakes.seo.article_schema import AI_SOURCE
from sphinx_quicktakes.seo.site import seo_site
from sphinx_quicktakes.seo.tags import PageMeta, SiteInfo, render_head
from sphinx_quicktakes.state import get_state

SCRIPT = "quicktakes-flashcards.js"
STYLE = "quicktakes-flashcards.css"


def flashcards_page(app: Sphinx, pagename: str) -> FlashcardsPage | None:
    """The flashcards page ``pagename`` from the stored subject records, if it is one."""
    options = get_state(app).config
    if not options.flashcards or "/flashcards" not in pagename:
        return None
    subjects = [
        (record.slug, record.name, list(record.docnames))
        for record in get_domain(app.env).pages.values()
        if isinstance(record, SubjectRecord)
    ]
    return find_page(pagename, subjects, options.flashcards_per_page)


def _url(app: Sphinx, docname: str) -> str | None:
    base = get_state(app).config.base_url
    if not base:
        return None
    return base.rstrip("/") + "/" + app.builder.get_target_uri(docname).lstrip("/")


def _cards(doctree: nodes.document | None) -> list[tuple[str, str]]:
    """(question, answer) of each card, in page order. The answers are left empty here: the
    article pages are not all written yet, and :mod:`sphinx_quicktakes.flashcards.answer_fill`
    sets each to the visible text of the answer it puts on the card."""
    found = doctree.findall(flashcard) if doctree is not None else ()
    return [(str(card["question"]), "") for card in found]


def head_tags(app: Sphinx, page: FlashcardsPage, doctree: nodes.document | None) -> str:
    """Meta tags, ``rel=prev/next`` links and the Quiz JSON-LD of a flashcards page."""
    count = len(page.docnames)
    description = f"Flashcards to test yourself on {page.subject}: {count} questions"
    description += "." if page.pages == 1 else f" (page {page.number} of {page.pages})."
    site = seo_site(app)
    info = site.info if site is not None else SiteInfo(name=str(app.config.project or ""))
    url = _url(app, page.docname)
    data = quiz(
        page.subject,
        _cards(doctree),
        name=page_title(page),
        url=url,
        language=info.language,
    )
    if get_state(app).config.ai_generated_answers:
        for question in data["hasPart"]:
            question["acceptedAnswer"]["digitalSourceType"] = AI_SOURCE
    meta = PageMeta(kind="flashcards", headline=page_title(page), description=description, url=url)
    links = []
    for rel, target in (("prev", page.previous), ("next", page.next)):
        if target:
            href = app.builder.get_relative_uri(page.docname, target)
            links.append(f'<link rel="{rel}" href="{html.escape(href, quote=True)}" />')
    return render_head(meta, info, [*links, jsonld.script(data)])


def on_html_page_context(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    """Give a flashcards page its head tags, canonical URL and script."""
    if app.builder.name not in HTML_BUILDERS:
        return
    page = flashcards_page(app, pagename)
    if page is None:
        return
    app.add_js_file(SCRIPT, loading_method="defer")  # this page only
    app.add_css_file(STYLE)
    if get_state(app).config.seo:
        context["metatags"] = str(context.get("metatags") or "") + head_tags(app, page, doctree)
        if url := _url(app, pagename):
            context["pageurl"] = url


def leave_out_of_epub(app: Sphinx, env: BuildEnvironment) -> None:
    """Keep flashcards pages out of an EPUB: a web study tool, not part of the book."""
    if not app.builder.name.startswith("epub"):
        return
    pages = get_domain(env).pages
    suffix = getattr(app.builder, "out_suffix", ".xhtml")
    excluded = [
        docname + suffix
        for docname in sorted(env.found_docs)
        if FLASHCARDS_DOCNAME.match(docname) and docname not in pages
    ]
    assets = [f"_static/{SCRIPT}", f"_static/{STYLE}"]
    app.config.epub_exclude_files = [*app.config.epub_exclude_files, *excluded, *assets]


def setup_flashcards(app: Sphinx) -> None:
    """Register the flashcards page hooks (and the cards' nodes)."""
    setup_answers(app)
    setup_answer_capture(app)
    setup_answer_fill(app)
    setup_cards(app)
    app.connect("env-updated", leave_out_of_epub)
    app.connect("html-page-context", on_html_page_context)
