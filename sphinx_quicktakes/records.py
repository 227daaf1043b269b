"""The record stored per library page: what sitemap, feeds, SEO and guides need."""

from __future__ import annotations

import hashlib
from typing import Any

from sphinx_quicktakes.articles import Article, Library
from sphinx_quicktakes.pages import LIBRARY_DOCNAME, PageSettings, article_date
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
    for subject in library.subjects.values():
        if docname == subject.docname:
            return {
                "kind": "subject",
                "slug": subject.slug,
                "name": subject.name,
                "docnames": list(subject.docnames),
                "count": len(subject.docnames),
            }
    article = library.articles.get(docname)
    if article is None:
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
