"""Print HTML for WeasyPrint, tagged PDF/UA-1 rendering, and the library PDF's joining."""

from __future__ import annotations

import datetime as dt
import io
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pikepdf
from pikepdf import NameTree

from sphinx_quicktakes.guides.cover import count_text, cover_html, esc, lang_tag
from sphinx_quicktakes.guides.pdfstream import PAGE_LINK
from sphinx_quicktakes.guides.plan import GuidePlan, GuideSettings

_EPOCH = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)


def _w3c(when: dt.datetime) -> str:
    return when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def print_head(plan: GuidePlan, settings: GuideSettings, css: str, when: dt.datetime | None) -> str:
    stamp = _w3c(when or _EPOCH)
    keywords = ", ".join([part.name for part in plan.parts] + ["study guide"])
    subject = " · ".join(part.name for part in plan.parts)
    return (
        f'<!DOCTYPE html>\n<html lang="{lang_tag(settings.language)}">\n'
        '<head>\n<meta charset="utf-8"/>\n'
        f"<title>{esc(plan.title)}</title>\n"
        f'<meta name="author" content="{esc(settings.site_name)}"/>\n'
        f'<meta name="description" content="{esc(subject)}"/>\n'
        f'<meta name="keywords" content="{esc(keywords)}"/>\n'
        '<meta name="generator" content="sphinx-quicktakes"/>\n'
        f'<meta name="dcterms.created" content="{stamp}"/>\n'
        f'<meta name="dcterms.modified" content="{stamp}"/>\n'
        f"<style>\n{css}\n</style>\n</head>\n"
    )


def print_css(template: str, settings: GuideSettings, extra: str) -> str:
    """The print stylesheet with the project's paper size and font."""
    return (
        template.replace("__PAPER_SIZE__", settings.paper_size).replace(
            "__FONT_FAMILY__", settings.font_family
        )
        + "\n"
        + extra
    )


def cover_src(settings: GuideSettings) -> str | None:
    if settings.cover is None:
        return None
    import base64

    return (
        f"data:{settings.cover.media_type};base64," + base64.b64encode(settings.cover.data).decode()
    )


def library_front_document(plan: GuidePlan, settings: GuideSettings, css: str) -> str:
    """Cover and contents of the library PDF: one entry a part (subject).

    Each part is a subject PDF with its own contents of its questions, so the library's
    contents, rendered as one document, stays the size of the subject list, not the library.
    """
    when = settings.guide_date(plan)
    body = [print_head(plan, settings, css, when), '<body class="qt-guide qt-front">']
    body.append(cover_html(plan, settings, when, cover_src(settings), epub=False))
    body.append(
        '<nav class="qt-contents qt-library-contents"><h1 class="qt-contents-title">Contents</h1>'
    )
    body.append('<ol class="qt-parts">')
    for number, part in enumerate(plan.parts):
        label = f"Part {number + 1} · {part.name} ({count_text(len(part.articles))})"
        body.append(
            f'<li class="qt-part-entry"><a href="{PAGE_LINK}{number}:0">{esc(label)}</a></li>'
        )
    body.append("</ol></nav></body></html>\n")
    return "\n".join(body)


# WeasyPrint's step-by-step progress messages are not ours to show.
logging.getLogger("weasyprint.progress").propagate = False


#: While rendering: the least level shown of each library's messages. WeasyPrint reports
#: what it cannot render as warnings, and the guides check their own output; fontTools,
#: which WeasyPrint uses to subset fonts, reports every font table it drops as information,
#: thousands of lines a guide wherever a package has set the root logger to show them.
_RENDER_LEVELS = {
    "weasyprint": logging.ERROR,
    "weasyprint.progress": logging.ERROR,
    "fontTools": logging.WARNING,
}


@contextmanager
def _quiet_rendering() -> Iterator[None]:
    loggers = {logging.getLogger(name): level for name, level in _RENDER_LEVELS.items()}
    levels = {logger: logger.level for logger in loggers}
    for logger, level in loggers.items():
        logger.setLevel(max(level, logger.level))
    try:
        yield
    finally:
        for logger, level in levels.items():
            logger.setLevel(level)


def _fetcher() -> Any:
    """A URL fetcher that only serves ``data:`` URLs: a guide never loads anything else."""
    try:
        from weasyprint.urls import URLFetcher
    except ImportError:  # WeasyPrint < 66: fetchers are functions
        from weasyprint import default_url_fetcher

        def fetch(url: str, *args: Any, **kwargs: Any) -> Any:
            if not url.startswith("data:"):
                raise ValueError(f"study guides load no external resources: {url[:60]}")
            return default_url_fetcher(url, *args, **kwargs)

        return fetch
    return URLFetcher(allowed_protocols=["data"])


def render_pdf(document: str) -> bytes:
    """PDF bytes of a print HTML document."""
    import weasyprint

    with _quiet_rendering():
        html = weasyprint.HTML(string=document, url_fetcher=_fetcher())
        # PDF/UA-1: tagged, with document language, title and identification.
        return html.write_pdf(pdf_variant="pdf/ua-1")  # type: ignore[no-any-return]


def article_pages(data: bytes, anchors: list[str]) -> tuple[int, list[int]]:
    """The page count of a rendered PDF, and the 0-based page of each chapter anchor in it
    (0 when it is not found)."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        names = pdf.Root.get("/Names")
        found = NameTree(names.Dests) if names is not None and "/Dests" in names else {}
        index: dict[tuple[int, int], int] = {
            page.obj.objgen: number for number, page in enumerate(pdf.pages)
        }
        pages = []
        for anchor in anchors:
            destination = found.get(anchor)
            if isinstance(destination, pikepdf.Dictionary):
                destination = destination.get("/D")
            target = destination[0] if isinstance(destination, pikepdf.Array) else None
            pages.append(index.get(target.objgen, 0) if target is not None else 0)
        return len(pdf.pages), pages
