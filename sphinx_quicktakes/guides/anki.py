"""Anki decks (``.apkg``) of study guides, written with genanki (no Sphinx).

A note holds the question, the answer as HTML with math in MathJax's ``\\(...\\)`` and
``\\[...\\]`` (what Anki renders), the subject and the article's URL. Identities are stable:
the note GUID comes from the article's URL, the deck id from the subject slug and the model
id is a constant, so importing an updated deck updates its notes instead of adding copies.
Every timestamp is fixed, so the same notes give the same bytes.
"""

from __future__ import annotations

import hashlib
import html
import io
import sqlite3
import tempfile
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import genanki
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from sphinx_quicktakes.safe_markdown import ANSWER_MARKDOWN, external_only, sanitize_math

#: Anki's model (note type) of every deck: one constant id, so decks share the note type.
MODEL_ID = 1_607_392_319
#: Timestamp of notes and cards when a guide has no date (2020-01-01).
DEFAULT_TIMESTAMP = 1_577_836_800
#: Zip entries' date (the zip format cannot store earlier than 1980).
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
CSS = """.card { font-family: sans-serif; font-size: 18px; line-height: 1.5; text-align: left; }
.question { font-weight: bold; }
.source { font-size: 14px; margin-top: 1.5em; opacity: 0.8; }
table { border-collapse: collapse; } td, th { border: 1px solid #999; padding: 0.2em 0.4em; }
pre { white-space: pre-wrap; }
"""
MODEL = genanki.Model(
    MODEL_ID,
    "QuickTakes question",
    fields=[{"name": "Question"}, {"name": "Answer"}, {"name": "Subject"}, {"name": "URL"}],
    templates=[
        {
            "name": "Question and answer",
            "qfmt": '<div class="question">{{Question}}</div>',
            "afmt": '{{FrontSide}}<hr id="answer">{{Answer}}'
            '<p class="source">{{Subject}}{{#URL}} · <a href="{{URL}}">{{URL}}</a>{{/URL}}</p>',
        }
    ],
    css=CSS,
    sort_field_index=0,
)


@dataclass(frozen=True)
class DeckNote:
    """One question of a deck."""

    question: str
    #: Answer HTML (escaped; math as MathJax delimiters).
    answer: str
    subject: str
    #: The article's public URL, or its path without a base URL.
    url: str
    #: Identity of the article (its ``url`` path): the note's GUID.
    identity: str
    tag: str


@dataclass(frozen=True)
class DeckPart:
    """The notes of one subject, in one Anki deck."""

    slug: str
    name: str
    notes: tuple[DeckNote, ...]


def deck_id(slug: str) -> int:
    """A stable deck id from a subject slug (Anki ids are positive 63-bit integers)."""
    digest = hashlib.sha256(f"sphinx-quicktakes deck\0{slug}".encode()).digest()
    return (1 << 30) + int.from_bytes(digest[:6], "big") % (1 << 40)


class _AnkiRenderer(RendererHTML):
    """markdown-it's HTML, with math for MathJax, safe links and images as their text."""

    def __init__(self, link: Callable[[str], str | None]) -> None:
        super().__init__()
        self._link = link

    def math_block(
        self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
    ) -> str:
        tex = html.escape(sanitize_math(tokens[idx].content.strip()), quote=False)
        return "<p>\\[" + tex + "\\]</p>\n"

    math_block_eqno = math_block

    def renderInline(self, tokens: Sequence[Token], options: OptionsDict, env: EnvType) -> str:
        out = []
        links: list[bool] = []
        for index, token in enumerate(tokens):
            kind = token.type
            if kind in ("math_inline", "math_inline_double"):
                tex = html.escape(sanitize_math(token.content), quote=False)
                out.append(f"\\({tex}\\)" if kind == "math_inline" else f"\\[{tex}\\]")
            elif kind == "image":
                out.append(html.escape(token.content, quote=False))
            elif kind == "link_open":
                href = self._link(str(token.attrGet("href") or ""))
                links.append(href is not None)
                if href is not None:
                    out.append(f'<a href="{html.escape(href, quote=True)}">')
            elif kind == "link_close":
                if links.pop():
                    out.append("</a>")
            elif kind in self.rules:
                out.append(self.rules[kind](tokens, index, options, env))
            else:
                out.append(self.renderToken(tokens, index, options, env))
        return "".join(out)


def answer_html(markdown: str, link: Callable[[str], str | None] = external_only) -> str:
    """An answer's Markdown as Anki HTML: raw HTML shown as text, math for MathJax.

    :param link: maps a link target to the URL to write, or None to keep only its text.
    """
    renderer = _AnkiRenderer(link)
    tokens = ANSWER_MARKDOWN.parse(markdown)
    return renderer.render(tokens, ANSWER_MARKDOWN.options, {}).strip()


def _note(note: DeckNote) -> genanki.Note:
    fields = [html.escape(note.question, quote=False), note.answer, html.escape(note.subject)]
    fields.append(html.escape(note.url, quote=True))
    return genanki.Note(
        model=MODEL,
        fields=fields,
        guid=genanki.guid_for(note.identity),
        tags=[note.tag] if note.tag else [],
        sort_field=note.question,
    )


def build_apkg(parts: Sequence[DeckPart], parent: str, timestamp: int | None) -> bytes:
    """The ``.apkg`` of ``parts``: one deck each, named ``<parent>::<subject>``."""
    stamp = timestamp if timestamp and timestamp > 0 else DEFAULT_TIMESTAMP
    decks = []
    for part in parts:
        deck = genanki.Deck(deck_id(part.slug), f"{parent}::{part.name}" if parent else part.name)
        for note in part.notes:
            deck.add_note(_note(note))
        decks.append(deck)
    package = genanki.Package(decks)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "collection.anki2"
        connection = sqlite3.connect(path)
        try:
            cursor = connection.cursor()
            package.write_to_db(cursor, stamp, iter(range(stamp * 1000, stamp * 1000 + 10**9)))
            connection.commit()
        finally:
            connection.close()
        database = path.read_bytes()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in (("collection.anki2", database), ("media", b"{}")):
            info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()
