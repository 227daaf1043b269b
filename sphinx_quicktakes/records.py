"""The record stored per library page: what sitemap, feeds, SEO and guides need."""

from __future__ import annotations

import hashlib
from typing import Any

from sphinx_quicktakes.articles import Article, Library, Subject
from sphinx_quicktakes.pages import LIBRARY_DOCNAME, PageSettings, article_date
from sphinx_quicktakes.paging import page_docnames, page_slice
from sphinx_quicktakes.seo.text import excerpt


def article_fingerprint(article: Article) -> str:
    """Digest of everything read from an article file; a new digest means a stale record."""
    return hashlib.sha256(repr(article).encode("utf-8", "surrogatepass")).hexdigest()


def page_record(docname: str, library: Library, settings: PageSettings) -> dict[str, Any] | None:
    """Plain, picklable data about one generated page, or None if it is not one."""
    if docname == LIBRARY_DOCNAME:
        return {
            "kind": "library",
            "title": settings.library_title,
            "description": settings.library_description,
            "subjects": list(library.subjects),
            "count": len(library.articles),
        }
    article = library.articles.get(docname)
    if article is None:
        for subject in library.subjects.values():
            if docname.startswith(subject.docname[: -len("index")]):
                record = listing_record(docname, subject, settings)
                if record is not None:
                    return record
        return None
    subject = library.subject_of(docname)
    return {
        "kind": "article",
        "id": article.id,
        "question": article.question,
        "title": article.title,
        "subject": subject.name,
        "subject_slug": subject.slug,
        "url": "/" + docname,
        "date": article.date.isoformat() if article.date else None,
        "date_text": article_date(article, settings),
        "author": article.author,
        "seo_title": article.seo_title,
        "description": article.seo_description,
        "keywords": list(article.seo_keywords),
        "excerpt": excerpt(article.answer),
        "no_index": article.no_index,
        "source": article.source,
        "fingerprint": article_fingerprint(article),
    }


def listing_record(docname: str, subject: Subject, settings: PageSettings) -> dict[str, Any] | None:
    """The record of a page of a subject's listing: ``subject`` (page 1) or ``listing``."""
    size = settings.subject_page_size
    total = len(subject.docnames)
    pages = page_docnames(subject.docname, total, size)
    if docname not in pages:
        return None
    number = pages.index(docname) + 1
    record: dict[str, Any] = {
        "kind": "subject" if number == 1 else "listing",
        "slug": subject.slug,
        "name": subject.name,
        "count": total,
        "page": number,
        "pages": pages,
        "listed": list(subject.docnames[page_slice(number, total, size)]),
    }
    if number == 1:
        record["docnames"] = list(subject.docnames)
    return record
