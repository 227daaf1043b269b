"""``sitemap.xml`` (sitemaps.org protocol) from a list of entries (no Sphinx)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sphinx_quicktakes.seo.text import clean

NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
FILENAME = "sitemap.xml"
#: The protocol's limits of one file: URLs, and bytes uncompressed (50 MiB).
MAX_URLS = 50_000
MAX_BYTES = 52_428_800


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
    entries: Sequence[SitemapEntry],
    base_url: str,
    limit: int = MAX_URLS,
    max_bytes: int = MAX_BYTES,
) -> dict[str, bytes]:
    """File name -> content: one ``sitemap.xml``, or an index of parts when the URLs are
    over ``limit`` or the file over ``max_bytes``."""
    parts = [
        part
        for start in range(0, len(entries), limit)
        for part in _fitted(entries[start : start + limit], max_bytes)
    ] or [sitemap_xml([])]
    if len(parts) == 1:
        return {FILENAME: parts[0]}
    files = {f"sitemap-{number}.xml": part for number, part in enumerate(parts, start=1)}
    root = base_url.rstrip("/") + "/"
    return {FILENAME: sitemap_index_xml(root + name for name in files), **files}


def _fitted(entries: Sequence[SitemapEntry], max_bytes: int) -> list[bytes]:
    """Sitemap files of ``entries``, halved until each is at most ``max_bytes``."""
    document = sitemap_xml(entries)
    if len(document) <= max_bytes or len(entries) <= 1:
        return [document]
    half = len(entries) // 2
    return _fitted(entries[:half], max_bytes) + _fitted(entries[half:], max_bytes)
