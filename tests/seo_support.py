"""Helpers of the SEO tests: build a copied root, read what a crawler reads."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from bs4 import BeautifulSoup
from helpers import sphinx_build

ROOTS = Path(__file__).parent / "roots"
SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
ATOM_NS = {"a": "http://www.w3.org/2005/Atom"}


@dataclass
class Build:
    """The result of one build."""

    srcdir: Path
    outdir: Path
    builder: str
    warnings: str
    status: str
    read: list[str]

    def page_path(self, docname: str) -> Path:
        """Output file of a page, as the builder writes it."""
        if self.builder == "dirhtml":
            parts = docname.split("/")
            if parts[-1] == "index":
                parts.pop()
            return self.outdir.joinpath(*parts, "index.html")
        return self.outdir / f"{docname}.html"

    def page(self, docname: str) -> BeautifulSoup:
        return BeautifulSoup(self.html(docname), "lxml")

    def html(self, docname: str) -> str:
        return self.page_path(docname).read_text(encoding="utf-8")

    def url(self, base: str, docname: str) -> str:
        """Expected canonical URL of a page under ``base``."""
        if self.builder == "dirhtml":
            path = docname[: -len("index")] if docname.endswith("index") else docname + "/"
        else:
            path = docname + ".html"
        return base.rstrip("/") + "/" + path


def copy_root(name: str, destination: Path) -> Path:
    """Copy ``tests/roots/test-<name>`` to ``destination`` and return it."""
    shutil.copytree(ROOTS / f"test-{name}", destination)
    return destination


def build(
    srcdir: Path,
    builder: str = "html",
    *,
    parallel: int = 0,
    confoverrides: dict[str, Any] | None = None,
    freshenv: bool = False,
) -> Build:
    """Build ``srcdir`` with a new application (the build folder is ``srcdir/_build``)."""
    read: list[str] = []
    app = sphinx_build(
        builder,
        srcdir,
        before=lambda app: app.connect(
            "env-before-read-docs", lambda _app, _env, docnames: read.extend(docnames)
        ),
        confoverrides=confoverrides,
        parallel=parallel,
        freshenv=freshenv,
    )
    return Build(
        srcdir,
        Path(app.outdir),
        builder,
        app.warning.getvalue(),
        app.status.getvalue(),
        sorted(read),
    )


def front_matter(path: Path) -> dict[str, Any]:
    """The YAML front matter of an article file, read independently of the extension."""
    text = path.read_text(encoding="utf-8")
    _, block, _ = text.split("---\n", 2)
    data: dict[str, Any] = yaml.safe_load(block)
    return data


def keywords(meta: dict[str, Any]) -> list[str]:
    raw = (meta.get("seo") or {}).get("page_keywords") or ""
    return [word.strip() for word in str(raw).split(",") if word.strip()]


def docname_of(meta: dict[str, Any]) -> str:
    return str(meta["url"]).strip("/")


def articles(srcdir: Path) -> Iterator[tuple[Path, dict[str, Any]]]:
    for path in sorted((srcdir / "content").rglob("*.md")):
        if path.name != "README.md":
            yield path, front_matter(path)


def meta(page: BeautifulSoup, key: str) -> list[str]:
    """Contents of every ``<meta name|property=key>`` in the head."""
    found = page.head.find_all("meta", attrs={"name": key}) + page.head.find_all(
        "meta", attrs={"property": key}
    )
    return [tag["content"] for tag in found]


def one_meta(page: BeautifulSoup, key: str) -> str:
    values = meta(page, key)
    assert len(values) == 1, f"{key}: {values}"
    return values[0]


def canonicals(page: BeautifulSoup) -> list[str]:
    return [link["href"] for link in page.find_all("link", rel="canonical")]


def json_ld(page: BeautifulSoup) -> list[dict[str, Any]]:
    """Every JSON-LD block of the page, parsed."""
    return [
        json.loads(script.string)
        for script in page.find_all("script", attrs={"type": "application/ld+json"})
    ]


def of_type(blocks: list[dict[str, Any]], kind: str) -> dict[str, Any]:
    matching = [block for block in blocks if block.get("@type") == kind]
    assert len(matching) == 1, f"{kind}: {blocks}"
    return matching[0]


def sitemap(outdir: Path) -> list[tuple[str, str | None]]:
    """(loc, lastmod) of every URL of ``sitemap.xml``."""
    root = ET.parse(outdir / "sitemap.xml").getroot()
    assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset"
    return [
        (str(url.findtext("sm:loc", "", SITEMAP_NS)), url.findtext("sm:lastmod", None, SITEMAP_NS))
        for url in root.findall("sm:url", SITEMAP_NS)
    ]


def feed(path: Path) -> ET.Element:
    """A parsed Atom feed, checked against the elements RFC 4287 requires."""
    root = ET.parse(path).getroot()
    assert root.tag == "{http://www.w3.org/2005/Atom}feed"
    for required in ("a:id", "a:title", "a:updated"):
        assert len(root.findall(required, ATOM_NS)) == 1, required
    assert root.find("a:link[@rel='self']", ATOM_NS) is not None
    feed_author = root.find("a:author/a:name", ATOM_NS) is not None
    for entry in root.findall("a:entry", ATOM_NS):
        for required in ("a:id", "a:title", "a:updated"):
            assert len(entry.findall(required, ATOM_NS)) == 1, required
        assert entry.find("a:link[@rel='alternate']", ATOM_NS) is not None
        assert feed_author or entry.find("a:author/a:name", ATOM_NS) is not None
        for stamp in entry.findall("a:updated", ATOM_NS) + entry.findall("a:published", ATOM_NS):
            assert stamp.text and stamp.text.endswith("Z") and "T" in stamp.text
    return root


def feed_links(root: ET.Element) -> list[str]:
    """Article URLs of a feed, in order."""
    return [
        str(entry.find("a:link[@rel='alternate']", ATOM_NS).get("href"))  # type: ignore[union-attr]
        for entry in root.findall("a:entry", ATOM_NS)
    ]
