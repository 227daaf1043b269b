"""The SEO view of a build: URLs as the builder writes them, titles, page data.

Everything comes from the records stored in the environment (all pages, not only those
written in this run), so site-wide outputs stay complete after incremental and ``-j`` builds.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from babel import Locale, UnknownLocaleError
from babel.core import get_global

from sphinx_quicktakes.articles.rules import HTML_BUILDERS, LIBRARY_ROOT, count_phrase
from sphinx_quicktakes.config import QuickTakesConfig
from sphinx_quicktakes.domain import get_domain
from sphinx_quicktakes.pages import LIBRARY_DOCNAME
from sphinx_quicktakes.paging import neighbours
from sphinx_quicktakes.seo import feeds, jsonld
from sphinx_quicktakes.seo.article_schema import article_data
from sphinx_quicktakes.seo.feeds import FeedEntry
from sphinx_quicktakes.seo.tags import Feed, PageMeta, SiteInfo
from sphinx_quicktakes.seo.text import clean, plain_text, truncate
from sphinx_quicktakes.seo.titles import article_titles
from sphinx_quicktakes.state import get_state

if TYPE_CHECKING:
    from sphinx.application import Sphinx


#: Kinds of the pages listing a subject's questions: page 1, and the pages after it.
LISTINGS = ("subject", "listing")
_CACHE = "_quicktakes_seo_site"


def og_locale(language: str | None) -> str:
    """OpenGraph ``language_TERRITORY`` of a Sphinx language (``en`` -> ``en_US``)."""
    if not language:
        return ""
    try:
        locale = Locale.parse(language.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return ""
    territory = locale.territory
    if not territory:
        likely = get_global("likely_subtags").get(locale.language, "")
        territory = next((part for part in likely.split("_")[1:] if part.isupper()), "")
    return f"{locale.language}_{territory}" if territory else locale.language


def absolute(base_url: str, path: str) -> str:
    """``path`` (relative to the site root) under ``base_url``."""
    return base_url.rstrip("/") + "/" + path.lstrip("/")


@dataclass
class SeoSite:
    """Page data, URLs and titles of the library for one builder."""

    options: QuickTakesConfig
    info: SiteInfo
    records: dict[str, dict[str, Any]]
    target_uri: Callable[[str], str]
    answers: Callable[[str], str | None] = lambda docname: None
    _titles: dict[str, str] | None = field(default=None, repr=False)
    _by_kind: dict[str, list[tuple[str, dict[str, Any]]]] | None = field(default=None, repr=False)

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
    def of_kind(self, kind: str) -> list[tuple[str, dict[str, Any]]]:
        """(docname, record) of every page of a kind, in docname order."""
        if self._by_kind is None:
            self._by_kind = {}
            for name in sorted(self.records):
                record = self.records[name]
                self._by_kind.setdefault(record["kind"], []).append((name, record))
        return list(self._by_kind.get(kind, ()))

    @property
    def library_title(self) -> str:
        record = self.records.get(LIBRARY_DOCNAME)
        return str(record["title"]) if record else self.options.library_title

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
                "question": record["question"],
                "seo_title": record.get("seo_title") or "",
                "subject": record["subject"],
            }
            for docname, record in self.of_kind("article")
        }
        taken = [self.library_title] + [rec["name"] for _, rec in self.of_kind("subject")]
        return article_titles(fields, self.options.title_template, self.info.name, taken)

    # --- page data ------------------------------------------------------------
    def feeds_of(self, docname: str, record: dict[str, Any]) -> tuple[Feed, ...]:
        """The feeds a page links to: its subject's, then the library's."""
        result = []
        slug = record.get("slug") or record.get("subject_slug")
        if slug and (url := self.feed_url(slug)):
            name = record.get("name") or record.get("subject") or slug
            result.append(Feed(self.feed_title(str(name)), url))
        if url := self.feed_url():
            result.append(Feed(self.feed_title(self.library_title), url))
        return tuple(result)

    def feed_title(self, name: str) -> str:
        site = clean(self.info.name)
        return name if not site or site.casefold() == clean(name).casefold() else f"{name} | {site}"

    def description(self, docname: str) -> str:
        record = self.records[docname]
        kind = record["kind"]
        if kind == "article":
            return clean(record.get("description") or "") or clean(record.get("excerpt") or "")
        if kind in LISTINGS:
            docnames = record.get("listed", record.get("docnames", ()))
            questions = [self.records[d]["question"] for d in docnames if d in self.records]
            count = int(record.get("count", len(docnames)))
            head = f"{count_phrase(count, 'question', 'questions')} about {record['name']}"
            if record.get("page", 1) > 1:
                head += f", page {record['page']} of {len(record['pages'])}"
            return truncate(head + (": " + " ".join(questions) if questions else "."))
        if clean(record.get("description") or ""):
            return truncate(record["description"])
        subjects = [rec["name"] for _, rec in self.of_kind("subject")]
        head = (
            f"{count_phrase(int(record.get('count', 0)), 'question', 'questions')} in "
            f"{count_phrase(len(subjects), 'subject', 'subjects')}"
        )
        return truncate(head + (": " + ", ".join(subjects) if subjects else "."))

    def page_meta(self, docname: str) -> PageMeta:
        """SEO data of a library page from its stored record."""
        record = self.records[docname]
        kind = record["kind"]
        headline = {
            "article": record.get("question"),
            "subject": record.get("name"),
            "listing": f"{record.get('name')} (page {record.get('page')} of "
            f"{len(record.get('pages', ()))})",
            "library": record.get("title"),
        }[kind]
        return PageMeta(
            kind=kind,
            headline=clean(str(headline or "")),
            description=self.description(docname),
            url=self.url(docname),
            keywords=tuple(record.get("keywords") or ()),
            author=record.get("author") or "",
            date=record.get("date"),
            section=record.get("subject") or "",
            no_index=bool(record.get("no_index")),
            feeds=self.feeds_of(docname, record),
        )

    def neighbours(self, docname: str) -> tuple[str | None, str | None]:
        """(previous, next) page of a paged listing; None at either end or elsewhere."""
        return neighbours(list(self.records[docname].get("pages") or ()), docname)

    def indexed_articles(self) -> list[tuple[str, dict[str, Any]]]:
        """Articles that may be listed (not ``no_index``), in docname order."""
        return [(d, rec) for d, rec in self.of_kind("article") if not rec.get("no_index")]

    # --- structured data ------------------------------------------------------
    def structured_data(self, docname: str, page: PageMeta) -> list[dict[str, Any]]:
        """The JSON-LD objects of a page."""
        record = self.records[docname]
        library = (self.library_title, self.url(LIBRARY_DOCNAME))
        if record["kind"] == "article":
            answer = self.answers(docname) or record.get("excerpt") or page.description
            options = self.options
            data = article_data(
                options.article_schema, page, answer, self.info, options.ai_generated_answers
            )
            subject = (record["subject"], self.url(self.subject_docname(record["subject_slug"])))
            trail = [library, subject, (page.headline, page.url)]
        elif record["kind"] in LISTINGS:
            items = [
                (self.records[d]["question"], self.url(d))
                for d in record.get("listed", record.get("docnames", ()))
                if d in self.records and not self.records[d].get("no_index")
            ]
            data = [jsonld.collection_page(page, items, self.info)]
            trail = [library, (page.headline, page.url)]
            if record["kind"] == "listing":
                subject = (record["name"], self.url(self.subject_docname(record["slug"])))
                trail.insert(1, subject)
        else:
            items = [(rec["name"], self.url(d)) for d, rec in self.of_kind("subject")]
            data = [jsonld.collection_page(page, items, self.info)]
            trail = []
        if len(trail) > 1 and all(url for _, url in trail):
            data.append(jsonld.breadcrumbs([(name, str(url)) for name, url in trail]))
        return data

    # --- feeds and sitemap ----------------------------------------------------
    def feed_entry(self, docname: str, record: dict[str, Any]) -> FeedEntry:
        return FeedEntry(
            url=str(self.url(docname)),
            title=record["question"],
            summary=self.description(docname),
            date=record.get("date"),
            author=record.get("author") or "",
            categories=((record["subject_slug"], record["subject"]),),
        )


def seo_site(app: Sphinx) -> SeoSite | None:
    """The build's :class:`SeoSite` (made once per build), None for other builders."""
    if app.builder is None or app.builder.name not in HTML_BUILDERS:
        return None
    site: SeoSite | None = getattr(app, _CACHE, None)
    if site is not None:
        return site
    state = get_state(app)
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
    setattr(app, _CACHE, site)
    return site


def forget_site(app: Sphinx, *args: Any) -> None:
    """Drop the cached view: the environment changed (a new build or a new read)."""
    if getattr(app, _CACHE, None) is not None:
        setattr(app, _CACHE, None)


def output_path(outdir: str | Path, relpath: str) -> Path:
    """A path under the output folder."""
    return Path(outdir, *relpath.split("/"))
