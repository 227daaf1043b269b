"""Flashcards pages filled with their articles' answer HTML once every page is written.

A card's answer is the HTML its article page wrote
(:mod:`sphinx_quicktakes.flashcards.answer_capture`), with its ids prefixed by the card's id
and its relative links pointing from the flashcards page. The ``Quiz`` JSON-LD gets the
visible text of each answer. The markers stay around each answer, so a later build can fill
it again. A page is filled again whenever its file is not the one the last fill wrote (a
build that stopped half-way, say) or one of its answers changed since.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
from collections.abc import Callable
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder

from sphinx_quicktakes.domain import get_domain
from sphinx_quicktakes.flashcards.answer_capture import answer_path, answers_folder
from sphinx_quicktakes.flashcards.answer_text import visible_text
from sphinx_quicktakes.flashcards.answers import (
    MARK_CLOSE,
    MARK_OPEN,
    marked_docname,
    uses_kept_answers,
)
from sphinx_quicktakes.flashcards.pages import card_id
from sphinx_quicktakes.flashcards.paging import FlashcardsPage, stored_pages
from sphinx_quicktakes.outputs import read_json, write_if_changed, write_json
from sphinx_quicktakes.records import SubjectRecord
from sphinx_quicktakes.seo import jsonld
from sphinx_quicktakes.state import get_state
from sphinx_quicktakes.warnings_ import QuickTakesWarning, warn

_MARKED = re.compile(
    re.escape(MARK_OPEN) + r"(?P<doc>[^\s>]+)-->(?P<body>.*?)" + re.escape(MARK_CLOSE), re.S
)
_ID = re.compile(r'(?<=\s)id="([^"]*)"')
_LINK = re.compile(r'(?<=\s)(href|src)="([^"]*)"')
_ABSOLUTE = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|/|\?)")
#: Page docname -> modification time of its file when it was last filled.
FILLED_FILE = "filled.json"
_JSONLD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def rebase(fragment: str, source: str, target: str, prefix: str) -> str:
    """``fragment`` from the page at URI ``source`` as written on the page at ``target``:
    ids prefixed with ``prefix``, in-page anchors with them, relative links re-pointed."""
    source_dir, target_dir = posixpath.dirname(source), posixpath.dirname(target)

    def link(match: re.Match[str]) -> str:
        name, value = match[1], html.unescape(match[2])
        if value.startswith("#"):
            value = f"#{prefix}-{value[1:]}" if name == "href" else value
        elif value and not _ABSOLUTE.match(value):
            path, mark, rest = value.partition("#")
            path, query, tail = path.partition("?")
            joined = posixpath.normpath(posixpath.join(source_dir, path))
            moved = posixpath.relpath(joined, target_dir or ".")
            moved += "/" if path.endswith("/") and not moved.endswith("/") else ""
            value = moved + query + tail + mark + rest
        return f'{name}="{html.escape(value, quote=True)}"'

    fragment = _ID.sub(lambda match: f'id="{prefix}-{match[1]}"', fragment)
    return _LINK.sub(link, fragment)


def _modified(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return -1


def _quiz_texts(page_html: str, texts: list[str]) -> str:
    """The page with its ``Quiz`` answers' text set to ``texts``, in card order."""

    def fill(match: re.Match[str]) -> str:
        try:
            data = json.loads(match[1])
        except ValueError:
            return match[0]
        parts = data.get("hasPart") if isinstance(data, dict) else None
        if data.get("@type") != "Quiz" or not isinstance(parts, list) or len(parts) != len(texts):
            return match[0]
        for question, text in zip(parts, texts, strict=True):
            question["acceptedAnswer"]["text"] = text
        return jsonld.script(data)

    return _JSONLD.sub(fill, page_html)


def fill_page(
    app: Sphinx, page: FlashcardsPage, path: Path, read: Callable[[str], str | None]
) -> str | None:
    """The filled HTML of one flashcards page (None: the page is not there)."""
    try:
        original = path.read_text(encoding="utf-8")
    except OSError:
        return None
    uri = app.builder.get_target_uri
    texts: list[str] = []

    def fill(match: re.Match[str]) -> str:
        docname = marked_docname(match["doc"])
        fragment = read(docname)
        if fragment is None:
            warn(
                f"flashcard answer of {docname} not found; the card links to its page",
                QuickTakesWarning.CARDS,
                location=page.docname,
            )
            href = html.escape(app.builder.get_relative_uri(page.docname, docname), quote=True)
            body, text = f'<p><a class="reference internal" href="{href}">Answer</a></p>', ""
        else:
            body = rebase(fragment, uri(docname), uri(page.docname), card_id(docname))
            text = visible_text(body)
        texts.append(text)
        return f"{MARK_OPEN}{match['doc']}-->{body}{MARK_CLOSE}"

    filled = _MARKED.sub(fill, original)
    return _quiz_texts(filled, texts)


def fill_flashcards(app: Sphinx, exception: BaseException | None) -> None:
    """Fill each flashcards page not filled as it is now, or whose answers changed since."""
    if exception is not None or not uses_kept_answers(app):
        return
    builder = app.builder
    assert isinstance(builder, StandaloneHTMLBuilder)  # html or dirhtml
    folder = answers_folder(app.doctreedir, builder.name)
    found = read_json(folder / FILLED_FILE)
    filled: dict[str, int] = found if isinstance(found, dict) else {}
    cache: dict[str, str | None] = {}

    def read(docname: str) -> str | None:
        if docname not in cache:
            try:
                cache[docname] = answer_path(folder, docname).read_text(encoding="utf-8")
            except OSError:
                cache[docname] = None
        return cache[docname]

    now: dict[str, int] = {}
    for page in _flashcards_pages(app):
        path = Path(builder.get_outfilename(page.docname))
        modified = _modified(path)
        if modified < 0:
            continue
        answers = (answer_path(folder, docname) for docname in page.docnames)
        if filled.get(page.docname) != modified or any(_modified(a) > modified for a in answers):
            html_text = fill_page(app, page, path, read)
            if html_text is not None and write_if_changed(path, html_text.encode("utf-8")):
                modified = _modified(path)
        now[page.docname] = modified
    if now != filled:
        write_json(folder / FILLED_FILE, now)


def _flashcards_pages(app: Sphinx) -> list[FlashcardsPage]:
    """Every flashcards page of the stored subjects."""
    records = get_domain(app.env).pages
    per_page = get_state(app).config.flashcards_per_page
    return [
        page
        for record in list(records.values())
        if isinstance(record, SubjectRecord)
        for page in stored_pages(record.slug, record.name, record.docnames, per_page, records)
    ]


def setup_answer_fill(app: Sphinx) -> None:
    """Register the handler."""
    app.connect("build-finished", fill_flashcards)
