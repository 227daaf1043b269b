"""Paged listings: which docname holds which page, and each page's neighbours (pure).

Page 1 of a listing is its own docname; page ``n`` lives in the listing's folder as
``page-n``: ``learn/physics/index`` -> ``learn/physics/page-2``; a listing that is not an
``index`` (``learn/physics/flashcards``) gets a folder of its own
(``learn/physics/flashcards/page-2``). Article URLs whose last segment looks like this are refused
(:func:`is_page_name`), so the two never collide.
"""

from __future__ import annotations

import posixpath
import re

PAGE_PREFIX = "page-"
_PAGE_NAME = re.compile(rf"^{PAGE_PREFIX}[0-9]+$", re.IGNORECASE)


def page_count(count: int, size: int) -> int:
    """Pages needed for ``count`` items, ``size`` per page (``size`` 0: one page)."""
    if size <= 0 or count <= size:
        return 1
    return -(-count // size)


def is_page_name(segment: str) -> bool:
    """True for a name listing pages use (``page-2``), in any case."""
    return bool(_PAGE_NAME.match(segment))


def page_docname(base: str, number: int) -> str:
    """The docname of page ``number`` (from 1) of the listing at ``base``."""
    if number == 1:
        return base
    folder = base[: -len("/index")] if base.endswith("/index") else base
    return posixpath.join(folder, f"{PAGE_PREFIX}{number}")


def page_docnames(base: str, count: int, size: int) -> list[str]:
    """Docnames of every page of a listing of ``count`` items, in page order."""
    return [page_docname(base, n) for n in range(1, page_count(count, size) + 1)]


def page_slice(number: int, count: int, size: int) -> slice:
    """The items of page ``number`` (from 1) among ``count`` items."""
    if size <= 0:
        return slice(0, count)
    return slice((number - 1) * size, min(number * size, count))


def neighbours(pages: list[str], docname: str) -> tuple[str | None, str | None]:
    """(previous, next) docname of ``docname`` among ``pages``; None at either end."""
    if docname not in pages:
        return None, None
    index = pages.index(docname)
    previous = pages[index - 1] if index > 0 else None
    following = pages[index + 1] if index + 1 < len(pages) else None
    return previous, following
