"""Atom feeds (RFC 4287) of the newest articles (no Sphinx)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sphinx_quicktakes.seo.text import clean
from sphinx_quicktakes.version import __version__

NAMESPACE = "http://www.w3.org/2005/Atom"
FILENAME = "atom.xml"
#: ``updated`` of a feed none of whose articles has a date (Atom requires one).
EPOCH = "1970-01-01T00:00:00Z"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass(frozen=True)
class FeedEntry:
    """One article in a feed."""

    url: str
    title: str
    summary: str
    #: ISO date (``2025-01-10``) or None.
    date: str | None = None
    author: str = ""
    #: (term, label) categories: the subject slug and name.
    categories: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class FeedInfo:
    """The feed itself."""

    url: str
    #: The page the feed mirrors (library or subject index).
    page_url: str
    title: str
    author: str
    subtitle: str = ""
    language: str = ""
    entries: Sequence[FeedEntry] = field(default=())


def timestamp(date: str | None) -> str | None:
    """An RFC 3339 timestamp of an ISO date, at midnight UTC."""
    return f"{date[:10]}T00:00:00Z" if date else None


def newest(entries: Iterable[FeedEntry], count: int) -> list[FeedEntry]:
    """The ``count`` newest entries: by date, newest first, undated last, then by URL."""
    ordered = sorted(entries, key=lambda entry: entry.url)
    ordered.sort(key=lambda entry: entry.date or "", reverse=True)
    return ordered[:count]


def _text(parent: ET.Element, tag: str, value: str) -> ET.Element:
    element = ET.SubElement(parent, tag)
    element.text = clean(value)
    return element


def _author(parent: ET.Element, name: str) -> None:
    _text(ET.SubElement(parent, "author"), "name", name)


def atom_feed(feed: FeedInfo) -> bytes:
    """The Atom document of ``feed``, UTF-8 encoded with an XML declaration."""
    root = ET.Element("feed", xmlns=NAMESPACE)
    if feed.language:
        root.set(XML_LANG, feed.language)
    stamps = [stamp for entry in feed.entries if (stamp := timestamp(entry.date))]
    updated = max(stamps, default=EPOCH)
    _text(root, "id", feed.url)
    _text(root, "title", feed.title)
    if clean(feed.subtitle):
        _text(root, "subtitle", feed.subtitle)
    _text(root, "updated", updated)
    ET.SubElement(root, "link", rel="self", type="application/atom+xml", href=clean(feed.url))
    ET.SubElement(root, "link", rel="alternate", type="text/html", href=clean(feed.page_url))
    _author(root, feed.author)
    generator = _text(root, "generator", "sphinx-quicktakes")
    generator.set("version", __version__)
    for entry in feed.entries:
        item = ET.SubElement(root, "entry")
        _text(item, "id", entry.url)
        _text(item, "title", entry.title)
        ET.SubElement(item, "link", rel="alternate", type="text/html", href=clean(entry.url))
        published = timestamp(entry.date)
        if published:
            _text(item, "published", published)
        _text(item, "updated", published or updated)
        if clean(entry.author):
            _author(item, entry.author)
        for term, label in entry.categories:
            ET.SubElement(item, "category", term=clean(term), label=clean(label))
        if clean(entry.summary):
            _text(item, "summary", entry.summary)
    ET.indent(root)
    document: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return document + b"\n"
