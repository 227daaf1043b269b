"""A subject PDF made of chunks of articles, each rendered and kept on its own.

WeasyPrint lays out a whole document at once, so one subject of thousands of articles
would take minutes and gigabytes. The articles are cut into chunks at points that depend
only on the articles' names, so adding, removing or editing an article changes one chunk.
Each chunk is rendered alone (in parallel with ``-j``) and kept by the digest of its print
HTML; the front matter (cover, contents with page numbers) is rendered last, the parts are
joined one at a time by :mod:`~sphinx_quicktakes.guides.pdfstream`, which stamps the page
numbers of :mod:`~sphinx_quicktakes.guides.pagenumbers` on the way.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from sphinx_quicktakes.guides.chapters import Chapter, MathItem, fill_markers
from sphinx_quicktakes.guides.cover import cover_html, esc, lang_tag
from sphinx_quicktakes.guides.pagenumbers import PageNumbers
from sphinx_quicktakes.guides.pdf import article_pages, cover_src, print_head
from sphinx_quicktakes.guides.pdfstream import PAGE_LINK, StreamJoin
from sphinx_quicktakes.guides.plan import GuidePlan, GuideSettings
from sphinx_quicktakes.outputs import digest, read_json, write_if_changed, write_json

#: Links to an article of the same subject in another chunk, resolved when joining.
ARTICLE_LINK = "qt-article:"


def split_chunks(docnames: list[str], size: int) -> list[list[str]]:
    """Cut a subject's articles into chunks of ``size`` on average, at most twice as many.

    A chunk ends after an article whose name hashes to a cut, so adding or removing an
    article changes only its own chunk (unless a chunk reaches its greatest size).
    """
    chunks: list[list[str]] = []
    current: list[str] = []
    for docname in docnames:
        current.append(docname)
        value = int(hashlib.sha1(docname.encode("utf-8")).hexdigest()[:8], 16)
        if value % size == 0 or len(current) >= 2 * size:
            chunks.append(current)
            current = []
    if current:
        chunks.append(current)
    return chunks


def css_string(text: str) -> str:
    """A CSS string of ``text``: every character but letters, digits and spaces escaped."""
    return '"' + "".join(c if c.isalnum() or c == " " else f"\\{ord(c):06x}" for c in text) + '"'


def _chunk_css(title: str) -> str:
    """Running headers without the cover that sets them; numbers come from the stamp."""
    heading = css_string(title)
    return (
        f"@page {{ @top-left {{ content: {heading}; }} @bottom-center {{ content: none; }} }}\n"
        f"@page :first {{ @top-left {{ content: {heading}; }} "
        "@top-right { content: string(qt-chapter-title); } @bottom-center { content: none; } }\n"
    )


def chunk_document(
    plan: GuidePlan,
    settings: GuideSettings,
    chapters: list[Chapter],
    link: Callable[[str], str | None],
    math: Callable[[MathItem, str], str],
    css: str,
) -> str:
    """Print HTML of a run of chapters, without cover, contents or page numbers."""
    body = [
        f'<!DOCTYPE html>\n<html lang="{lang_tag(settings.language)}">\n<head>\n'
        f'<meta charset="utf-8"/>\n<title>{esc(plan.title)}</title>\n'
        f"<style>\n{css}\n{_chunk_css(plan.title)}</style>\n</head>\n",
        '<body class="qt-guide">',
    ]
    body += [fill_markers(chapter.body, chapter, link, math) for chapter in chapters]
    body.append("</body></html>\n")
    return "\n".join(body)


def front_document(
    plan: GuidePlan, settings: GuideSettings, links: list[tuple[int, int, int]], css: str
) -> str:
    """Cover and contents of a subject PDF.

    :param links: per article, (chunk, 0-based page in the chunk, printed page number).
    """
    when = settings.guide_date(plan)
    body = [print_head(plan, settings, css, when), '<body class="qt-guide qt-front">']
    body.append(cover_html(plan, settings, when, cover_src(settings), epub=False))
    body.append('<nav class="qt-contents"><h1 class="qt-contents-title">Contents</h1>\n<ol>')
    for article, (chunk, page, printed) in zip(plan.articles, links, strict=True):
        body.append(
            f'<li><a href="{PAGE_LINK}{chunk}:{page}" data-page="{printed}">'
            f"{esc(article.question)}</a></li>"
        )
    body.append("</ol></nav></body></html>\n")
    return "\n".join(body)


@dataclass(frozen=True)
class Rendered:
    """A rendered chunk (or front matter): its bytes, page count and anchors' pages."""

    data: bytes
    pages: int
    anchors: list[int]


class ChunkStore:
    """Rendered chunks, kept in ``folder`` by the digest of their print HTML."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.used: set[str] = set()

    @staticmethod
    def key(document: str) -> str:
        """The name a print document is kept under."""
        return digest(document.encode("utf-8", "surrogatepass"))[:32]

    def get(self, key: str) -> Rendered | None:
        """A kept chunk, or None."""
        info = read_json(self.folder / f"{key}.json")
        try:
            data = (self.folder / f"{key}.pdf").read_bytes()
        except OSError:
            return None
        if not isinstance(info, dict) or info.get("size") != len(data):
            return None
        self.used.add(key)
        return Rendered(data, int(info["pages"]), [int(p) for p in info["anchors"]])

    def put(self, key: str, data: bytes, anchors: list[str]) -> Rendered:
        """Keep a rendered chunk; ``anchors``: the chapter anchors to find pages of."""
        count, pages = article_pages(data, anchors)
        rendered = Rendered(data, count, pages)
        write_if_changed(self.folder / f"{key}.pdf", data)
        info = {"size": len(data), "pages": count, "anchors": rendered.anchors}
        write_json(self.folder / f"{key}.json", info)
        self.used.add(key)
        return rendered

    def sweep(self, keep: set[str]) -> None:
        """Remove kept chunks that are neither in ``keep`` nor used in this run."""
        if not self.folder.is_dir():
            return
        for path in self.folder.iterdir():
            kept = path.stem in keep or path.stem in self.used or path.stem.startswith("numbers-")
            if path.suffix in {".pdf", ".json"} and not kept:
                path.unlink(missing_ok=True)


@dataclass(frozen=True)
class SubjectLayout:
    """Where every article of a subject lands once its chunks are rendered."""

    #: Per article: (chunk, 0-based page in the chunk, printed page number).
    links: list[tuple[int, int, int]]

    @classmethod
    def of(cls, chunks: list[list[str]], rendered: list[Rendered]) -> SubjectLayout:
        """The layout from each chunk's page count and its articles' pages."""
        links, first = [], 1
        for number, (docnames, chunk) in enumerate(zip(chunks, rendered, strict=True)):
            for page in chunk.anchors[: len(docnames)]:
                links.append((number, page, first + page))
            first += chunk.pages
        return cls(links)

    def article_pages(self, front_pages: int) -> list[int]:
        """The 0-based page of each article in the joined PDF, after ``front_pages``."""
        return [front_pages + printed - 1 for _chunk, _page, printed in self.links]


def join_subject(
    plan: GuidePlan,
    front: Rendered,
    chunks: list[Rendered],
    layout: SubjectLayout,
    anchors: list[str],
    numbers: PageNumbers,
    out: BinaryIO,
) -> None:
    """Write the subject PDF to ``out``."""
    inside: dict[str, tuple[int, int]] = {}
    titles: dict[str, str] = {}
    for article, anchor, (chunk, page, _printed) in zip(
        plan.articles, anchors, layout.links, strict=True
    ):
        for uri in (ARTICLE_LINK + anchor, f"{PAGE_LINK}{chunk}:{page}"):
            inside[uri] = (chunk, page)
            titles[uri] = article.question
    counts = [front.pages, *(rendered.pages for rendered in chunks)]
    joined = StreamJoin(out, counts, inside, titles, numbers)
    joined.add(front.data)
    for rendered in chunks:
        joined.add(rendered.data)
    joined.finish()
