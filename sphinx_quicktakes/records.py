"""Typed records stored per library page: what sitemap, feeds, SEO, search and guides need.

Plain, frozen, picklable data (the build environment stores them), one class per kind of
page. No Sphinx here: :mod:`sphinx_quicktakes.library_records` makes them from the library.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass
from typing import Any, ClassVar

from sphinx_quicktakes.articles import Article


@dataclass(frozen=True)
class LibraryRecord:
    """The library index ``learn/index``."""

    kind: ClassVar[str] = "library"
    title: str
    description: str
    #: Subject slugs, in library order.
    subjects: tuple[str, ...]
    #: Articles in the library.
    count: int


@dataclass(frozen=True)
class ListingRecord:
    """A page after the first of a subject's listing (``learn/<slug>/page-2``...)."""

    kind: ClassVar[str] = "listing"
    slug: str
    name: str
    #: Articles of the subject.
    count: int
    #: Number of this page, from 1.
    page: int
    #: Docnames of every page of the listing, the subject page first.
    pages: tuple[str, ...]
    #: Docnames of the articles this page lists.
    listed: tuple[str, ...]


@dataclass(frozen=True)
class SubjectRecord(ListingRecord):
    """A subject page: page 1 of its listing, which also knows all its articles."""

    kind: ClassVar[str] = "subject"
    #: Docnames of every article of the subject, in listing order.
    docnames: tuple[str, ...] = ()


@dataclass(frozen=True)
class ArticleRecord:
    """An article page."""

    kind: ClassVar[str] = "article"
    id: int
    question: str
    title: str
    subject: str
    subject_slug: str
    #: Its URL from the site root (``/learn/<subject>/<slug>``).
    url: str
    #: ISO date, or None.
    date: str | None
    date_text: str
    author: str
    seo_title: str
    description: str
    keywords: tuple[str, ...]
    excerpt: str
    no_index: bool
    #: Article file, relative to the content folder.
    source: str
    #: Digest of the article as read (see :func:`article_fingerprint`).
    fingerprint: str


PageRecord = LibraryRecord | ListingRecord | SubjectRecord | ArticleRecord


def article_fingerprint(article: Article) -> str:
    """Digest of everything read from an article file; a new digest means a stale record."""
    return hashlib.sha256(repr(article).encode("utf-8", "surrogatepass")).hexdigest()


def record_data(record: PageRecord) -> dict[str, Any]:
    """Plain data of a record, its kind included (for digests and JSON)."""
    return {"kind": record.kind, **asdict(record)}
