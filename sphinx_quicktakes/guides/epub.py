"""Package a guide as EPUB 3 with ebooklib: store-ready and byte-for-byte reproducible."""

from __future__ import annotations

import datetime as dt
import html
import io
import re
import uuid
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Callable
from typing import Any, BinaryIO

from ebooklib import epub

from sphinx_quicktakes.guides.accessibility import BookFeatures, add_package_language, metadata
from sphinx_quicktakes.guides.chapters import Chapter, MathItem, fill_markers
from sphinx_quicktakes.guides.cover import count_text, cover_html, lang_tag, part_html
from sphinx_quicktakes.guides.plan import LIBRARY, GuidePlan, GuideSettings

CSS_HREF = "style/guide.css"
OPF_NAME = "EPUB/content.opf"
_EPOCH = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)
_TAGS = re.compile(r"<[^>]*>")

#: Reports a problem with a chapter: (message, docname).
ChapterReporter = Callable[[str, str], None]


class _Page(epub.EpubHtml):  # type: ignore[misc]
    """An XHTML document written exactly as given (ebooklib would re-parse it as HTML)."""

    def __init__(
        self, uid: str, file_name: str, title: str, content: bytes, mathml: bool = False
    ) -> None:
        super().__init__(
            uid=uid, file_name=file_name, title=title, media_type="application/xhtml+xml"
        )
        self.content = content
        self.properties = ["mathml"] if mathml else []

    def get_content(self, default: Any = None) -> bytes:
        return bytes(self.content)


def identifier(settings: GuideSettings, plan: GuidePlan) -> str:
    """A stable ``urn:uuid`` per guide: from the site (or project) and the guide's key."""
    base = settings.base_url or f"project:{settings.project}"
    name = f"{base}#quicktakes-guide/{plan.kind}/{plan.key}"
    return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, name))


def xhtml_page(title: str, language: str, body: str) -> bytes:
    """A complete XHTML content document."""
    lang = lang_tag(language)
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" '
        f'lang="{lang}" xml:lang="{lang}">\n<head>\n<meta charset="utf-8"/>\n'
        f"<title>{html.escape(title, quote=False)}</title>\n"
        f'<link rel="stylesheet" type="text/css" href="{CSS_HREF}"/>\n</head>\n'
        f"<body>\n{body}\n</body>\n</html>\n"
    ).encode()


def _well_formed(page: bytes) -> bool:
    try:
        ET.fromstring(page)
    except ET.ParseError:
        return False
    return True


def _plain_body(chapter: Chapter) -> str:
    text = html.unescape(_TAGS.sub(" ", chapter.body))
    return (
        f'<section class="qt-chapter" id="{chapter.anchor}">'
        f'<h1 class="qt-question">{html.escape(chapter.title, quote=False)}</h1>'
        f"<p>{html.escape(' '.join(text.split()), quote=False)}</p></section>"
    )


def build_epub(
    plan: GuidePlan,
    settings: GuideSettings,
    chapters: dict[str, Chapter],
    math: Callable[[MathItem, str], str],
    external: Callable[[str], str | None],
    css: bytes,
    report: ChapterReporter,
    out: BinaryIO,
) -> None:
    """Write the EPUB file of ``plan`` to ``out``.

    :param chapters: docname -> chapter, for every article of the plan.
    :param math: formula -> MathML (or fallback) markup.
    :param external: docname -> public URL, or None, for links that leave the book.
    """
    when = settings.guide_date(plan)
    language = lang_tag(settings.language)
    book, cover_src = _new_book(plan, settings, when, language, css)
    files = _file_names(plan)

    def link(docname: str) -> str | None:
        return files.get(docname) or external(docname)

    def article_page(chapter: Chapter) -> bytes:
        return _article_page(chapter, language, link, math, report)

    title_page = _Page(
        "titlepage",
        "titlepage.xhtml",
        plan.title,
        xhtml_page(plan.title, language, cover_html(plan, settings, when, cover_src, epub=True)),
    )
    nav = epub.EpubNav(title="Contents")
    nav.add_link(href=CSS_HREF, rel="stylesheet", type="text/css")
    book.add_item(title_page)
    book.add_item(nav)
    book.add_item(epub.EpubNcx())
    spine, book.toc, pages = _add_parts(book, plan, files, chapters, language, article_page)
    book.spine = [title_page, nav, *spine]
    book.guide = [
        {"href": "titlepage.xhtml", "title": "Cover", "type": "cover"},
        {"href": "nav.xhtml", "title": "Contents", "type": "toc"},
        {"href": next(iter(files.values())), "title": "Start", "type": "text"},
    ]
    _add_accessibility(book, settings, pages)
    _write_book(book, when or _EPOCH, language, out)


def _new_book(
    plan: GuidePlan, settings: GuideSettings, when: dt.datetime | None, language: str, css: bytes
) -> tuple[epub.EpubBook, str | None]:
    """A book with its metadata, style sheet and cover image; and the cover's path."""
    book = epub.EpubBook()
    book.set_identifier(identifier(settings, plan))
    book.set_title(plan.title)
    book.set_language(language)
    book.add_author(settings.site_name)
    book.add_metadata("DC", "publisher", settings.site_name)
    book.add_metadata("DC", "description", _description(plan))
    for part in plan.parts:
        book.add_metadata("DC", "subject", part.name)
    if when is not None:
        book.add_metadata("DC", "date", when.strftime("%Y-%m-%d"))
    style = epub.EpubItem(uid="style", file_name=CSS_HREF, media_type="text/css", content=css)
    book.add_item(style)
    if settings.cover is None:
        return book, None
    cover_src = "images/" + settings.cover.name
    book.set_cover(cover_src, settings.cover.data, create_page=False)
    return book, cover_src


def _file_names(plan: GuidePlan) -> dict[str, str]:
    """docname -> file in the book, of every part page (library only) and article."""
    files: dict[str, str] = {}
    for number, part in enumerate(plan.parts, 1):
        if plan.kind == LIBRARY:
            files[part.docname] = f"part-{number:03d}.xhtml"
        for index, article in enumerate(part.articles, 1):
            files[article.docname] = f"q-{number:03d}-{index:04d}.xhtml"
    return files


def _article_page(
    chapter: Chapter,
    language: str,
    link: Callable[[str], str | None],
    math: Callable[[MathItem, str], str],
    report: ChapterReporter,
) -> bytes:
    """The XHTML page of an article; its plain text when its markup is not well-formed."""
    page = xhtml_page(chapter.title, language, fill_markers(chapter.body, chapter, link, math))
    if _well_formed(page):
        return page
    report("the chapter is not well-formed XHTML; it is included as plain text", chapter.docname)
    return xhtml_page(chapter.title, language, _plain_body(chapter))


def _add_parts(
    book: epub.EpubBook,
    plan: GuidePlan,
    files: dict[str, str],
    chapters: dict[str, Chapter],
    language: str,
    article_page: Callable[[Chapter], bytes],
) -> tuple[list[Any], list[Any], list[bytes]]:
    """Add the part and article pages to ``book``: (spine, table of contents, article pages)."""
    library = plan.kind == LIBRARY
    spine: list[Any] = []
    toc: list[Any] = []
    pages: list[bytes] = []
    for number, part in enumerate(plan.parts, 1):
        if library:
            name = files[part.docname]
            body = xhtml_page(part.name, language, part_html(part, number))
            item = _Page(name[:-6], name, part.name, body)
            book.add_item(item)
            spine.append(item)
        links = []
        for article in part.articles:
            chapter = chapters[article.docname]
            name = files[article.docname]
            page = article_page(chapter)
            pages.append(page)
            item = _Page(name[:-6], name, chapter.title, page, mathml=b"<math" in page)
            book.add_item(item)
            spine.append(item)
            links.append(epub.Link(name, chapter.title, "nav-" + name[:-6]))
        toc.append((epub.Section(part.name, files[part.docname]), links) if library else links)
    if not library:
        toc = [link for links in toc for link in links]
    return spine, toc, pages


def _write_book(book: epub.EpubBook, modified: dt.datetime, language: str, out: BinaryIO) -> None:
    """Write the book to ``out``, with fixed dates and the package language set."""
    buffer = io.BytesIO()
    options = {
        "mtime": modified.astimezone(dt.UTC),
        "epub3_pages": False,
        "epub2_guide": False,
        "landmark_title": "Landmarks",
        "raise_exceptions": True,
    }
    epub.write_epub(buffer, book, options)
    patches = {OPF_NAME: lambda opf: add_package_language(opf, language)}
    write_normalised_zip(buffer, out, modified, patches)


def _add_accessibility(book: epub.EpubBook, settings: GuideSettings, pages: list[bytes]) -> None:
    """The EPUB Accessibility 1.1 metadata, from what the chapters hold."""
    found = BookFeatures(
        math=any(b"<math" in page for page in pages),
        tables=any(b"<table" in page for page in pages),
        cover_image=settings.cover is not None,
    )
    for prop, value in metadata(found, settings.accessibility_summary, settings.certified_by):
        book.add_metadata(None, "meta", value, {"property": prop})


def _description(plan: GuidePlan) -> str:
    count = count_text(len(plan.articles))
    if plan.kind == LIBRARY:
        names = ", ".join(part.name for part in plan.parts)
        return f"{count} with answers, in {len(plan.parts)} subjects: {names}."
    return f"{count} with answers on {plan.parts[0].name}."


def write_normalised_zip(
    source: BinaryIO,
    out: BinaryIO,
    when: dt.datetime,
    patches: dict[str, Callable[[bytes], bytes]] | None = None,
) -> None:
    """Write the zip ``source`` to ``out`` with fixed timestamps and attributes, ``mimetype``
    first and stored.

    :param patches: entry name -> function that rewrites that entry's bytes.
    """
    patches = patches or {}
    when = max(when, _EPOCH)
    date_time = (when.year, when.month, when.day, when.hour, when.minute, when.second)
    with zipfile.ZipFile(source) as zipped, zipfile.ZipFile(out, "w") as target:
        names = [info.filename for info in zipped.infolist()]
        if "mimetype" in names:
            names.remove("mimetype")
            names.insert(0, "mimetype")
        for name in names:
            info = zipfile.ZipInfo(name, date_time)
            info.create_system = 3
            info.external_attr = 0o100644 << 16
            if name == "mimetype":
                info.compress_type = zipfile.ZIP_STORED
                target.writestr(info, zipped.read(name))
            else:
                info.compress_type = zipfile.ZIP_DEFLATED
                content = zipped.read(name)
                if name in patches:
                    content = patches[name](content)
                target.writestr(info, content, compresslevel=9)
