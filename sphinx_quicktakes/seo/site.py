"""The SEO view of a build: URLs as the builder writes them, titles, page data.

Everything comes from the records stored in the environment (all pages, not only those
written in this run), so site-wide outputs stay complete after incremental and ``-j`` builds.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sphinx_quicktakes.articles.rules import HTML_BUILDERS, LIBRARY_ROOT, count_phrase
from sphinx_quicktakes.config import QuickTakesConfig
from sphinx_quicktakes.domain import get_domain
from sphinx_quicktakes.pages import LIBRARY_DOCNAME
from sphinx_quicktakes.paging import neighbours
from sphinx_quicktakes.records import (
    ArticleRecord,
    LibraryRecord,
    ListingRecord,
    PageRecord,
    SubjectRecord,
)
from sphinx_quicktakes.seo import feeds, jsonld
from sphinx_quicktakes.seo.article_schema import article_data
from sphinx_quicktakes.seo.feeds import FeedEntry
from sphinx_quicktakes.seo.tags import Feed, PageMeta, SiteInfo
from sphinx_quicktakes.seo.text import clean, plain_text, truncate
from sphinx_quicktakes.seo.titles import article_titles
from sphinx_quicktakes.seo.urls import absolute, og_locale
from sphinx_quicktakes.state import get_state

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def _headline(record: PageRecord) -> str:
    """The name a page goes by: its question, subject or title."""
    if isinstance(record, ArticleRecord):
        return record.question
    if isinstance(record, SubjectRecord):
        return record.name
    if isinstance(record, ListingRecord):
        return f"{record.name} (page {record.page} of {len(record.pages)})"
    return record.title


def _subject_of(record: PageRecord) -> tuple[str, str]:
    """(slug, name) of the subject a page belongs to; empty for the library index."""
    if isinstance(record, ArticleRecord):
        return record.subject_slug, record.subject
    if isinstance(record, ListingRecord):
        return record.slug, record.name
    return "", ""


@dataclass
class SeoSite:
    """Page data, URLs and titles of the library for one builder."""

    options: QuickTakesConfig
    info: SiteInfo
    records: dict[str, PageRecord]
    target_uri: Callable[[str], str]
    answers: Callable[[str], str | None] = lambda docname: None
    _titles: dict[str, str] | None = field(default=None, repr=False)
    _by_kind: dict[str, list[tuple[str, PageRecord]]] | None = field(default=None, repr=False)

    # --- URLs -----------------------------------------------------------------
    def url(self, docname: str) -> str | None:
        """Absolute URL of a page as the builder writes it; None without a base URL."""
        if not self.info.base_url:
            return None
        return absolute(self.info.base_url, self.target_uri(docname))

    @staticmethod
    def feed_path(slug: str | None = None) -> str:
        """Path of the library feed (``slug`` None) or a subject feed, from the output root."""
        return posixpath.join(LIBRARY_ROOT, *([slug] if slug else []), feeds.FILENAME)

    def feed_url(self, slug: str | None = None) -> str | None:
        if not self.info.base_url or not self.options.feeds:
            return None
        return absolute(self.info.base_url, self.feed_path(slug))

    # --- records --------------------------------------------------------------
    def _of_kind(self, kind: str) -> list[tuple[str, PageRecord]]:
        if self._by_kind is None:
            self._by_kind = {}
            for name in sorted(self.records):
                record = self.records[name]
                self._by_kind.setdefault(record.kind, []).append((name, record))
        return self._by_kind.get(kind, [])

    def articles(self) -> list[tuple[str, ArticleRecord]]:
        """(docname, record) of every article page, in docname order."""
        return [(d, r) for d, r in self._of_kind("article") if isinstance(r, ArticleRecord)]

    def subjects(self) -> list[tuple[str, SubjectRecord]]:
        """(docname, record) of every subject page, in docname order."""
        return [(d, r) for d, r in self._of_kind("subject") if isinstance(r, SubjectRecord)]

    def listings(self) -> list[tuple[str, ListingRecord]]:
        """(docname, record) of every listing page after a subject's first, in docname order."""
        return [(d, r) for d, r in self._of_kind("listing") if isinstance(r, ListingRecord)]

    def article(self, docname: str) -> ArticleRecord | None:
        """The record of an article page, or None for another page."""
        record = self.records.get(docname)
        return record if isinstance(record, ArticleRecord) else None

    @property
    def library_title(self) -> str:
        record = self.records.get(LIBRARY_DOCNAME)
        return record.title if isinstance(record, LibraryRecord) else self.options.library_title

    def subject_docname(self, slug: str) -> str:
        return f"{LIBRARY_ROOT}/{slug}/index"

    # --- titles ---------------------------------------------------------------
    def title(self, docname: str) -> str:
        """The ``<title>`` of an article page, distinct from every other library page's."""
        if self._titles is None:
            self._titles = self._make_titles()
        return self._titles.get(docname, "")

    def _make_titles(self) -> dict[str, str]:
        fields = {
            docname: {
                "question": record.question,
                "seo_title": record.seo_title or "",
                "subject": record.subject,
            }
            for docname, record in self.articles()
        }
        taken = [self.library_title] + [rec.name for _, rec in self.subjects()]
        return article_titles(fields, self.options.title_template, self.info.name, taken)

    # --- page data ------------------------------------------------------------
    def feeds_of(self, record: PageRecord) -> tuple[Feed, ...]:
        """The feeds a page links to: its subject's, then the library's."""
        result = []
        slug, name = _subject_of(record)
        if slug and (url := self.feed_url(slug)):
            result.append(Feed(self.feed_title(name or slug), url))
        if url := self.feed_url():
            result.append(Feed(self.feed_title(self.library_title), url))
        return tuple(result)

    def feed_title(self, name: str) -> str:
        site = clean(self.info.name)
        return name if not site or site.casefold() == clean(name).casefold() else f"{name} | {site}"

    def description(self, docname: str) -> str:
        record = self.records[docname]
        if isinstance(record, ArticleRecord):
            return clean(record.description or "") or clean(record.excerpt or "")
        if isinstance(record, ListingRecord):
            questions = [a.question for d in record.listed if (a := self.article(d)) is not None]
            head = f"{count_phrase(record.count, 'question', 'questions')} about {record.name}"
            if record.page > 1:
                head += f", page {record.page} of {len(record.pages)}"
            return truncate(head + (": " + " ".join(questions) if questions else "."))
        if clean(record.description or ""):
            return truncate(record.description)
        subjects = [rec.name for _, rec in self.subjects()]
        head = (
            f"{count_phrase(record.count, 'question', 'questions')} in "
            f"{count_phrase(len(subjects), 'subject', 'subjects')}"
        )
        return truncate(head + (": " + ", ".join(subjects) if subjects else "."))

    def page_meta(self, docname: str) -> PageMeta:
        """SEO data of a library page from its stored record."""
        record = self.records[docname]
        article = record if isinstance(record, ArticleRecord) else None
        return PageMeta(
            kind=record.kind,
            headline=clean(_headline(record)),
            description=self.description(docname),
            url=self.url(docname),
            keywords=article.keywords if article else (),
            author=article.author if article else "",
            date=article.date if article else None,
            section=article.subject if article else "",
            no_index=article.no_index if article else False,
            feeds=self.feeds_of(record),
        )

    def neighbours(self, docname: str) -> tuple[str | None, str | None]:
        """(previous, next) page of a paged listing; None at either end or elsewhere."""
        record = self.records[docname]
        pages = list(record.pages) if isinstance(record, ListingRecord) else []
        return neighbours(pages, docname)

    def indexed_articles(self) -> list[tuple[str, ArticleRecord]]:
        """Articles that may be listed (not ``no_index``), in docname order."""
        return [(d, rec) for d, rec in self.articles() if not rec.no_index]

    # --- structured data ------------------------------------------------------
    def structured_data(
        self, docname: str, page: PageMeta, answer_text: str | None = None
    ) -> list[dict[str, Any]]:
        """The JSON-LD objects of a page (``answer_text``: an article's, if known)."""
        record = self.records[docname]
        library = (self.library_title, self.url(LIBRARY_DOCNAME))
        if isinstance(record, ArticleRecord):
            answer = answer_text or self.answers(docname) or record.excerpt or page.description
            options = self.options
            data = article_data(
                options.article_schema, page, answer, self.info, options.ai_generated_answers
            )
            subject = (record.subject, self.url(self.subject_docname(record.subject_slug)))
            trail = [library, subject, (page.headline, page.url)]
        elif isinstance(record, ListingRecord):
            items = [
                (article.question, self.url(d))
                for d in record.listed
                if (article := self.article(d)) is not None and not article.no_index
            ]
            data = [jsonld.collection_page(page, items, self.info)]
            trail = [library, (page.headline, page.url)]
            if not isinstance(record, SubjectRecord):
                subject = (record.name, self.url(self.subject_docname(record.slug)))
                trail.insert(1, subject)
        else:
            items = [(rec.name, self.url(d)) for d, rec in self.subjects()]
            data = [jsonld.collection_page(page, items, self.info)]
            trail = []
        if len(trail) > 1 and all(url for _, url in trail):
            data.append(jsonld.breadcrumbs([(name, str(url)) for name, url in trail]))
        return data

    # --- feeds and sitemap ----------------------------------------------------
    def feed_entry(self, docname: str, record: ArticleRecord) -> FeedEntry:
        return FeedEntry(
            url=str(self.url(docname)),
            title=record.question,
            summary=self.description(docname),
            date=record.date,
            author=record.author or "",
            categories=((record.subject_slug, record.subject),),
        )


def seo_site(app: Sphinx) -> SeoSite | None:
    """The build's :class:`SeoSite` (made once per build), None for other builders."""
    if app.builder is None or app.builder.name not in HTML_BUILDERS:
        return None
    state = get_state(app)
    if state.seo_site is not None:
        return state.seo_site
    options = state.config
    base_url = options.base_url
    image = options.image
    if image and "://" not in image:
        image = absolute(base_url, image) if base_url else ""
    info = SiteInfo(
        name=clean(options.site_name or str(app.config.project or "")),
        locale=og_locale(app.config.language),
        language=(app.config.language or "").replace("_", "-"),
        base_url=base_url,
        image=image,
        image_alt=options.image_alt if image else "",
        twitter_site=options.twitter_site,
    )

    def answers(docname: str) -> str | None:
        library = state.library
        article = library.articles.get(docname) if library is not None else None
        return plain_text(article.answer) if article is not None else None

    site = SeoSite(
        options=options,
        info=info,
        records=get_domain(app.env).pages,
        target_uri=app.builder.get_target_uri,
        answers=answers,
    )
    state.seo_site = site
    return site


def forget_site(app: Sphinx, *args: Any) -> None:
    """Drop the cached view: the environment changed (a new build or a new read)."""
    get_state(app).seo_site = None
