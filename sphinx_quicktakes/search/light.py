"""The light pages of the library-wide bundle: question, summary and keywords of each page.

A query on the whole library searches these, not the answers: a bundle of every answer
downloads a posting list of about 1 MB for a word found on nearly every page, while one of
questions, SEO summaries and keywords keeps every word's list small. The fields come from the
front matter, not from the answer, so editing an answer leaves this bundle alone; answers are
searched in their subject's bundle. The pages are written to a scratch folder at the URL path
of the real page, so results link to the real page.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple


class LightPage(NamedTuple):
    """One result of the library-wide search: where it links and what is searched."""

    uri: str
    title: str
    subject: str = ""
    date_text: str = ""
    summary: str = ""
    keywords: tuple[str, ...] = ()


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def light_html(page: LightPage, language: str) -> str:
    """The HTML Pagefind indexes for ``page``: title as ``h1``, summary, keywords."""
    hidden = [f'<span data-pagefind-meta="title">{_e(page.title)}</span>']
    if page.subject:
        hidden.append(f'<span data-pagefind-meta="subject">{_e(page.subject)}</span>')
    if page.date_text:
        hidden.append(f'<span data-pagefind-meta="date">{_e(page.date_text)}</span>')
    parts = [f"<h1>{_e(page.title)}</h1>"]
    if page.summary:
        parts.append(f"<p>{_e(page.summary)}</p>")
    if page.keywords:
        parts.append(f"<p>{_e(', '.join(page.keywords))}</p>")
    return (
        f'<!DOCTYPE html><html lang="{_e(language)}"><head><meta charset="utf-8"></head>'
        f"<body><main data-pagefind-body><div hidden data-pagefind-ignore>{''.join(hidden)}"
        f"</div>{''.join(parts)}</main></body></html>\n"
    )


def page_path(uri: str) -> str:
    """The file path that Pagefind turns back into ``uri`` (``a/b/`` is ``a/b/index.html``)."""
    path = uri.lstrip("/")
    return path + "index.html" if path.endswith("/") or not path else path


def write_light_pages(pages: Iterable[LightPage], folder: Path, language: str) -> int:
    """Write ``pages`` under ``folder``, a new folder that only this writes to; the number
    written.

    Paths are checked as text (nothing in the folder can be a link), and each folder is made
    once: tens of thousands of pages are written on every library change.
    """
    root = os.path.realpath(folder)
    made: set[str] = set()
    count = 0
    for page in pages:
        target = os.path.normpath(os.path.join(root, page_path(page.uri)))  # noqa: PTH118
        parent = os.path.dirname(target)  # noqa: PTH120
        if not parent.startswith(root) or parent[len(root) : len(root) + 1] not in ("", os.sep):
            continue  # a URI that leaves the folder is not a library page
        if parent not in made:
            os.makedirs(parent, exist_ok=True)  # noqa: PTH103
            made.add(parent)
        with open(target, "w", encoding="utf-8") as handle:  # noqa: PTH123
            handle.write(light_html(page, language))
        count += 1
    return count


def light_key(pages: list[LightPage], context: str) -> str:
    """Digest of the light pages and of what shapes them (one JSON text: fast at 36,000)."""
    text = json.dumps([context, pages], ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
