"""Meta and link tags of a library page, built by pure functions from its data."""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass, field

from sphinx_quicktakes.seo.text import clean


@dataclass(frozen=True)
class SiteInfo:
    """What every page's tags share."""

    name: str
    #: OpenGraph locale (``en_US``); empty leaves ``og:locale`` out.
    locale: str = ""
    #: BCP 47 language (``en``, ``pt-BR``) for JSON-LD and feeds.
    language: str = ""
    #: Public root of the site, ``""`` when none is configured.
    base_url: str = ""
    image: str = ""
    image_alt: str = ""
    twitter_site: str = ""


@dataclass(frozen=True)
class Feed:
    """An Atom feed a page points to."""

    title: str
    url: str


@dataclass(frozen=True)
class PageMeta:
    """The SEO data of one library page."""

    #: ``article``, ``subject`` or ``library``.
    kind: str
    #: Headline: the question, the subject name or the library title.
    headline: str
    description: str
    #: Canonical absolute URL, None without a base URL.
    url: str | None = None
    keywords: tuple[str, ...] = ()
    author: str = ""
    #: ISO date of publication (articles).
    date: str | None = None
    #: Subject name (articles).
    section: str = ""
    no_index: bool = False
    feeds: tuple[Feed, ...] = field(default=())


def attribute(value: str) -> str:
    """``value`` as the content of a double-quoted HTML attribute (one clean line)."""
    return html.escape(clean(value), quote=True)


def meta_tags(page: PageMeta, site: SiteInfo) -> list[tuple[str, str, str]]:
    """(attribute, key, content) of every ``<meta>`` tag of the page, in order.

    ``attribute`` is ``name`` or ``property`` (OpenGraph uses ``property``).
    """
    tags: list[tuple[str, str, str]] = []

    def add(attr: str, key: str, value: str | None) -> None:
        if value and clean(value):
            tags.append((attr, key, value))

    add("name", "description", page.description)
    if page.keywords:
        add("name", "keywords", ", ".join(page.keywords))
    add("name", "author", page.author)
    if page.no_index:
        add("name", "robots", "noindex")
    is_article = page.kind == "article"
    add("property", "og:type", "article" if is_article else "website")
    add("property", "og:title", page.headline)
    add("property", "og:description", page.description)
    add("property", "og:url", page.url)
    add("property", "og:site_name", site.name)
    add("property", "og:locale", site.locale)
    if site.image:
        add("property", "og:image", site.image)
        add("property", "og:image:alt", site.image_alt)
    if is_article:
        add("property", "article:published_time", page.date)
        add("property", "article:section", page.section)
        for keyword in page.keywords:
            add("property", "article:tag", keyword)
        add("property", "article:author", page.author)
    add("name", "twitter:card", "summary_large_image" if site.image else "summary")
    add("name", "twitter:title", page.headline)
    add("name", "twitter:description", page.description)
    add("name", "twitter:site", site.twitter_site)
    if site.image:
        add("name", "twitter:image", site.image)
        add("name", "twitter:image:alt", site.image_alt)
    return tags


def feed_links(page: PageMeta) -> list[str]:
    """``<link rel="alternate">`` of the feeds the page belongs to."""
    return [
        f'<link rel="alternate" type="application/atom+xml" title="{attribute(feed.title)}" '
        f'href="{attribute(feed.url)}" />'
        for feed in page.feeds
    ]


def render_head(page: PageMeta, site: SiteInfo, scripts: Sequence[str] = ()) -> str:
    """All tags of the page as HTML for the ``metatags`` of the theme's ``<head>``."""
    lines = [
        f'<meta {attr}="{attribute(key)}" content="{attribute(value)}" />'
        for attr, key, value in meta_tags(page, site)
    ]
    lines += feed_links(page)
    lines += list(scripts)
    return "".join("\n    " + line for line in lines)
