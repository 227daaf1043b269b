"""The record of each library page, made from the library when Sphinx reads the page."""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx

from sphinx_quicktakes.articles import Library, Subject
from sphinx_quicktakes.articles.rules import is_library_page
from sphinx_quicktakes.domain import get_domain
from sphinx_quicktakes.pages import LIBRARY_DOCNAME, PageSettings, article_date
from sphinx_quicktakes.paging import page_docnames, page_slice
from sphinx_quicktakes.records import (
    ArticleRecord,
    LibraryRecord,
    ListingRecord,
    PageRecord,
    SubjectRecord,
    article_fingerprint,
)
from sphinx_quicktakes.seo.text import AnswerText, answer_text, text_blocks
from sphinx_quicktakes.state import get_state


def page_record(
    docname: str, library: Library, settings: PageSettings, text: AnswerText | None = None
) -> PageRecord | None:
    """The record of one generated page, or None if it is not one.

    :param text: an article's answer text, if known (else its answer is parsed for it).
    """
    if docname == LIBRARY_DOCNAME:
        return LibraryRecord(
            title=settings.library_title,
            description=settings.library_description,
            subjects=tuple(library.subjects),
            count=len(library.articles),
        )
    if docname in library.articles:
        return article_record(docname, library, settings, text)
    for subject in library.subjects.values():
        if docname.startswith(subject.docname[: -len("index")]):
            record = listing_record(docname, subject, settings)
            if record is not None:
                return record
    return None


def article_record(
    docname: str, library: Library, settings: PageSettings, text: AnswerText | None = None
) -> ArticleRecord:
    """The record of an article page."""
    article = library.articles[docname]
    text = text or answer_text(text_blocks(article.answer))
    subject = library.subject_of(docname)
    return ArticleRecord(
        id=article.id,
        question=article.question,
        title=article.title,
        subject=subject.name,
        subject_slug=subject.slug,
        url="/" + docname,
        date=article.date.isoformat() if article.date else None,
        date_text=article_date(article, settings),
        author=article.author,
        seo_title=article.seo_title,
        description=article.seo_description,
        keywords=tuple(article.seo_keywords),
        excerpt=text.excerpt,
        no_index=article.no_index,
        source=article.source,
        fingerprint=article_fingerprint(article),
    )


def listing_record(
    docname: str, subject: Subject, settings: PageSettings
) -> SubjectRecord | ListingRecord | None:
    """The record of a page of a subject's listing: its subject page (page 1) or a later one."""
    size = settings.subject_page_size
    total = len(subject.docnames)
    pages = tuple(page_docnames(subject.docname, total, size))
    if docname not in pages:
        return None
    number = pages.index(docname) + 1
    listed = tuple(subject.docnames[page_slice(number, total, size)])
    if number == 1:
        return SubjectRecord(
            subject.slug, subject.name, total, number, pages, listed, tuple(subject.docnames)
        )
    return ListingRecord(subject.slug, subject.name, total, number, pages, listed)


#: Doctree attribute of an article page: its answer as plain text.
ANSWER_TEXT = "quicktakes_answer_text"


def note_page_record(app: Sphinx, doctree: nodes.document) -> None:
    """Store the record of the library page just read."""
    state = get_state(app)
    docname = app.env.docname
    if state.library is None or not is_library_page(docname):
        return
    # an answer parsed when its page was written this build is not parsed again
    text = state.answer_texts.pop(docname, None)
    if text is None and docname in state.library.articles:
        text = answer_text(text_blocks(state.library.articles[docname].answer))
    record = page_record(docname, state.library, state.settings, text)
    if record is not None:
        get_domain(app.env).note_page(docname, record)
    if isinstance(record, ArticleRecord) and text is not None:
        # The answer's plain text rides with the page's doctree to the writer (JSON-LD).
        doctree[ANSWER_TEXT] = text.plain


def forget_answer_texts(app: Sphinx, env: object) -> None:
    """Drop the answer texts of pages a parallel read used in its own processes."""
    get_state(app).answer_texts.clear()
