"""``robots.txt`` that allows crawling and names the sitemap (no Sphinx)."""

from __future__ import annotations

from urllib.parse import urlsplit

FILENAME = "robots.txt"


def robots_txt(sitemap_url: str) -> str:
    """Allow every crawler and point at ``sitemap_url``."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {sitemap_url}\n"


def at_site_root(base_url: str) -> bool:
    """Whether the site is served from the root of its host (where robots.txt is read)."""
    return urlsplit(base_url).path.strip("/") == ""
