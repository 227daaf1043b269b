"""``sitemap.xml`` (sitemaps.org protocol) from a list of entries (no Sphinx)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sphinx_quicktakes.seo.text import clean

NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
FILENAME = "sitemap.xml"
#: The protocol's limit of URLs in one file.
MAX_URLS = 50_000


@dataclass(frozen=True)
class SitemapEntry:
    """One ``<url>``: absolute location and optional ISO date of last change."""

    loc: str
    lastmod: str | None = None


def _document(root: ET.Element) -> bytes:
    ET.indent(root)
    document: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return document + b"\n"


def sitemap_xml(entries: Iterable[SitemapEntry]) -> bytes:
    """The sitemap document, UTF-8 encoded with an XML declaration."""
    urlset = ET.Element("urlset", xmlns=NAMESPACE)
    for entry in entries:
        url = ET.SubElement(urlset, "url")
        ET.SubElement(url, "loc").text = clean(entry.loc)
        if entry.lastmod:
            ET.SubElement(url, "lastmod").text = entry.lastmod
    return _document(urlset)


def sitemap_index_xml(locations: Iterable[str]) -> bytes:
    """A sitemap index naming the sitemap files at ``locations``."""
    index = ET.Element("sitemapindex", xmlns=NAMESPACE)
    for location in locations:
        ET.SubElement(ET.SubElement(index, "sitemap"), "loc").text = clean(location)
    return _document(index)


def sitemap_files(
    entries: Sequence[SitemapEntry], base_url: str, limit: int = MAX_URLS
) -> dict[str, bytes]:
    """File name -> content: one ``sitemap.xml``, or an index of parts over ``limit`` URLs."""
    if len(entries) <= limit:
        return {FILENAME: sitemap_xml(entries)}
    files = {
        f"sitemap-{number}.xml": sitemap_xml(entries[start : start + limit])
        for number, start in enumerate(range(0, len(entries), limit), start=1)
    }
    root = base_url.rstrip("/") + "/"
    return {FILENAME: sitemap_index_xml(root + name for name in files), **files}
